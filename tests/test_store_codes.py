"""Follow-up codes and the kiosk's persisted throttles (issue 9.3, issue 10.2–10.3).

Every test runs on an injectable clock: waits are checked by moving the clock, never by sleeping.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from store_helpers import PASS, fast_store, load_json

from kiosk.store import FloodLimited, NoteStore, TooManyAttempts, UnknownCode, crypto
from kiosk.store.codes import canonical, generate_code, schemes_of, word_counts, wordlist
from kiosk.store.throttle import CODE_DELAY, FREE_CODE_FAILURES, MAX_FILE_BYTES

WRONG = "arbre-avion-balle-11"  # real words: a real guess, counted


class Clock:
    """A settable clock for the store (datetime) that tests move by hand."""

    def __init__(self, start: datetime = datetime(2026, 11, 30, 10, 3, 7)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_store(data_dir: Path, clock: Clock, **kwargs: object) -> NoteStore:
    return fast_store(data_dir, clock=clock, **{"flood_limit": 1000, **kwargs})


@pytest.fixture
def store(tmp_data_dir: Path, clock: Clock) -> NoteStore:
    s = make_store(tmp_data_dir, clock)
    s.initialize(PASS)
    return s


def wrong_codes(store: NoteStore, count: int) -> None:
    for _ in range(count):
        with pytest.raises(UnknownCode):
            store.open_followup(WRONG)


# -- the codes -------------------------------------------------------------------------


def test_new_codes_have_three_different_words_and_split_back() -> None:
    for lang in ("fr", "nl", "en"):
        for _ in range(50):
            *words, digits = generate_code(lang).split("-")
            assert len(set(words)) == 3 and all(word in wordlist(lang) for word in words)
            assert 10 <= int(digits) <= 99
            assert 3 in word_counts(canonical("-".join([*words, digits])))


def test_word_counts() -> None:
    assert word_counts("soleilpomme42") == {2}
    assert word_counts("soleilpommearbre42") == {3}
    assert word_counts("soleilpommx42") == set() and word_counts("42") == set()


def test_one_kdf_per_lookup_whatever_the_number_of_notes(store: NoteStore, monkeypatch) -> None:
    receipts = [store.add_note(f"note {i}") for i in range(30)]
    calls = []
    real = crypto.code_secrets
    monkeypatch.setattr(crypto, "code_secrets", lambda *args: calls.append(args) or real(*args))
    assert store.open_followup(receipts[17].code).messages[0].text == "note 17"
    assert len(calls) == 1


def test_a_string_of_no_list_words_costs_no_kdf_and_no_wait(store: NoteStore, monkeypatch) -> None:
    monkeypatch.setattr(crypto, "code_secrets", lambda *args: pytest.fail("no KDF for a non-code"))
    for _ in range(FREE_CODE_FAILURES + 5):
        with pytest.raises(UnknownCode):
            store.open_followup("solei-pome-arbr-42")  # a child's typos
    assert store.code_wait() == 0


def _legacy_note(store: NoteStore, code: str, text: str) -> str:
    """A note as the two-word scheme 1 wrote it (before 2026-11)."""
    from kiosk.store.notes import note_key

    salt = os.urandom(16)
    tag, stretched = crypto.code_secrets(canonical(code), salt, 1, 8192)
    note_salt = os.urandom(16)
    key = crypto.code_key(stretched, note_salt)
    with store.db.transaction() as tables:
        tables["meta"]["1"].update({"code_salt": crypto.b64e(salt), "code_kdf": [1, 8192]})
        tables.setdefault("notes", {})[note_key("0000abcd")] = {
            "id": "0000abcd",
            "date": "2026-11-02",
            "part_of_day": "am",
            "status": "nouveau",
            "urgent": False,
            "sealed": crypto.seal(store.public_key(), json.dumps({"text": text, "answers": {}}).encode()),
            "tag": tag,
            "salt": crypto.b64e(note_salt),
            "box": crypto.secret_box(key, json.dumps({"text": text}).encode()),
            "messages": [],
            "memos": [],
        }
    return "0000abcd"


def test_old_two_word_codes_keep_opening_beside_new_ones(store: NoteStore) -> None:
    new = store.add_note("nouveau")
    _legacy_note(store, "soleil-pomme-42", "ancien")
    assert store.open_followup("Soleil Pomme 42").messages[0].text == "ancien"
    assert store.open_followup(new.code).messages[0].text == "nouveau"
    later = make_store(store.data_dir, store.clock)
    assert later.open_followup("soleil-pomme-42").note_id == "0000abcd"
    assert sorted(schemes_of(store.db.read())) == [1, 2]


@pytest.mark.parametrize("bad_kdf", [[1, 1 << 36], [-1, 8192], ["3", 8192], [True, 8192], "x", None])
def test_a_hostile_code_cost_in_meta_is_set_aside_never_used(store: NoteStore, bad_kdf) -> None:
    with store.db.transaction() as tables:
        tables["meta"]["1"]["code2_kdf"] = bad_kdf
    fresh = make_store(store.data_dir, store.clock)
    receipt = fresh.add_note("toujours stocké", urgent=True)
    meta = load_json(store.data_dir / "notes.json")["meta"]["1"]
    assert meta["damaged_code2_kdf"] == bad_kdf and meta["code2_kdf"] == [1, 8192]
    assert fresh.open_followup(receipt.code).messages[0].text == "toujours stocké"
    assert any(problem.code == "meta_bad" for problem in fresh.problems)


# -- flood: urgent notes are never refused --------------------------------------------


def test_flood_refuses_ordinary_notes_never_urgent_ones(tmp_data_dir: Path, clock: Clock) -> None:
    s = make_store(tmp_data_dir, clock, flood_limit=3)
    s.initialize(PASS)
    for _ in range(3):
        s.add_note("encore")
    with pytest.raises(FloodLimited):
        s.add_note("encore une")
    urgent = s.add_note("je suis en danger", urgent=True)
    urgent_too = s.add_note("moi aussi", urgent=True)
    records = {doc["id"]: doc for doc in load_json(tmp_data_dir / "notes.json")["notes"].values()}
    assert records[urgent.note_id]["flood"] is True and records[urgent.note_id]["urgent"] is True
    assert records[urgent_too.note_id]["flood"] is True
    note = s.unlock(PASS).read(urgent.note_id)
    assert note.text == "je suis en danger" and note.urgent
    with pytest.raises(FloodLimited):
        s.add_note("toujours pas")  # urgent notes did not count, nor free the limit
    clock.advance(601)
    plain = s.add_note("plus tard")
    assert "flood" not in records.get(
        plain.note_id, load_json(tmp_data_dir / "notes.json")["notes"][str(int(plain.note_id, 16))]
    )


def test_an_urgent_note_outside_a_flood_has_no_flood_mark(store: NoteStore) -> None:
    receipt = store.add_note("danger", urgent=True)
    doc = load_json(store.data_dir / "notes.json")["notes"][str(int(receipt.note_id, 16))]
    assert "flood" not in doc


def test_answers_count_as_ordinary_messages(tmp_data_dir: Path, clock: Clock) -> None:
    s = make_store(tmp_data_dir, clock, flood_limit=2)
    s.initialize(PASS)
    receipt = s.add_note("un")
    s.answer_followup(receipt.code, "deux")
    with pytest.raises(FloodLimited):
        s.answer_followup(receipt.code, "trois")


# -- wrong codes: slow for an attacker, at most CODE_DELAY for a child --------------------


def test_five_wrong_codes_then_the_right_code_opens_within_a_minute(store: NoteStore, clock: Clock) -> None:
    receipt = store.add_note("mon message")
    wrong_codes(store, FREE_CODE_FAILURES)
    assert store.code_wait() == 0  # typing mistakes cost nothing
    wrong_codes(store, 1)
    for _ in range(5 - FREE_CODE_FAILURES - 1):
        with pytest.raises(TooManyAttempts):
            store.open_followup(WRONG)
        clock.advance(CODE_DELAY)
        wrong_codes(store, 1)
    with pytest.raises(TooManyAttempts) as info:
        store.open_followup(receipt.code)
    assert 0 < info.value.seconds <= CODE_DELAY and info.value.params == {"seconds": info.value.seconds}
    assert info.value.code == "too_many_attempts"
    clock.advance(info.value.seconds)
    assert store.open_followup(receipt.code).messages[0].text == "mon message"


def test_the_wait_never_grows_past_one_minute(store: NoteStore, clock: Clock) -> None:
    wrong_codes(store, FREE_CODE_FAILURES)
    for _ in range(200):
        wrong_codes(store, 1)
        assert 0 < store.code_wait() <= CODE_DELAY
        clock.advance(store.code_wait())


def test_an_attacker_rate_is_one_guess_per_wait(store: NoteStore, clock: Clock) -> None:
    """Over a day of trying, guesses ≤ free ones + one per 50 s (the wait is 50–60 s)."""
    guesses, elapsed = 0, 0
    while elapsed < 86_400:
        try:
            store.open_followup(WRONG)
        except UnknownCode:
            guesses += 1
        except TooManyAttempts as exc:
            clock.advance(exc.seconds)
            elapsed += exc.seconds
    assert guesses <= FREE_CODE_FAILURES + 86_400 // 50 + 1


def test_ones_own_right_code_does_not_buy_free_guesses(store: NoteStore, clock: Clock) -> None:
    mine = store.add_note("le mien")
    wrong_codes(store, FREE_CODE_FAILURES)
    store.open_followup(mine.code)
    wrong_codes(store, 1)
    assert store.code_wait() > 0


def test_wrong_codes_are_forgotten_after_an_hour_and_the_file_removed(store: NoteStore, clock: Clock) -> None:
    wrong_codes(store, FREE_CODE_FAILURES + 1)
    path = store.data_dir / "throttle.json"
    assert path.exists()
    clock.advance(3600 + 600)
    receipt = store.add_note("plus tard", urgent=True)  # any use of the kiosk tidies the passed counter
    assert not path.exists()
    wrong_codes(store, FREE_CODE_FAILURES)
    assert store.code_wait() == 0
    store.open_followup(receipt.code)


# -- both counters survive a restart ----------------------------------------------------


def test_both_counters_survive_a_restart(tmp_data_dir: Path, clock: Clock) -> None:
    first = make_store(tmp_data_dir, clock, flood_limit=2)
    first.initialize(PASS)
    receipt = first.add_note("un")
    first.add_note("deux")
    wrong_codes(first, FREE_CODE_FAILURES + 1)
    wait = first.code_wait()
    clock.advance(5)
    again = make_store(tmp_data_dir, clock, flood_limit=2)  # the kiosk restarted
    with pytest.raises(FloodLimited):
        again.add_note("trois")
    with pytest.raises(TooManyAttempts) as info:
        again.open_followup(receipt.code)
    assert info.value.seconds == wait - 5
    assert again.add_note("danger", urgent=True)
    clock.advance(info.value.seconds)
    assert again.open_followup(receipt.code).messages[0].text == "un"


def test_the_throttle_file_holds_little_and_its_times_say_only_the_half_day(store: NoteStore, clock: Clock) -> None:
    store.add_note("un")
    wrong_codes(store, FREE_CODE_FAILURES + 1)
    path = store.data_dir / "throttle.json"
    state = load_json(path)
    assert set(state) == {"codes", "flood"}
    assert set(state["codes"]) == {"failures", "wait_until", "forget_at"} and set(state["flood"]) == {
        "count",
        "slot_end",
    }
    assert state["codes"]["wait_until"] % 10 == 0 and state["codes"]["forget_at"] % 600 == 0
    assert state["flood"]["slot_end"] % 600 == 0
    assert datetime.fromtimestamp(path.stat().st_mtime) == datetime(2026, 11, 30, 0, 0)
    assert "mon" not in path.read_text() and len(path.read_bytes()) < 200


# -- hostile throttle files ----------------------------------------------------------------

NOW = int(datetime(2026, 11, 30, 10, 3, 7).timestamp())
HOSTILE = {
    "garbage": b"\x00\xff{{{not json",
    "empty": b"",
    "a list": b"[1, 2, 3]",
    "huge": b'{"codes": {"failures": 0, "wait_until": 0, "forget_at": 0}, "pad": "' + b"x" * MAX_FILE_BYTES + b'"}',
    "far future": json.dumps(
        {
            "codes": {"failures": 99, "wait_until": NOW + 10**9, "forget_at": NOW + 10**9},
            "flood": {"count": 10**5, "slot_end": NOW + 10**9},
        }
    ).encode(),
    "negative": json.dumps(
        {"codes": {"failures": -5, "wait_until": -1, "forget_at": -1}, "flood": {"count": -3, "slot_end": -600}}
    ).encode(),
    "wrong types": json.dumps(
        {"codes": {"failures": "9", "wait_until": True, "forget_at": 1.5e99}, "flood": {"count": None, "slot_end": [1]}}
    ).encode(),
    "infinite": b'{"codes": {"failures": 1e999, "wait_until": 1e999, "forget_at": 1e999}}',
    "duplicated keys": b'{"codes": {"failures": 1, "failures": 99999999999, "wait_until": 0, "forget_at": 0}}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_throttle_file_never_blocks_a_child_nor_frees_an_attacker(
    store: NoteStore, clock: Clock, name: str
) -> None:
    receipt = store.add_note("à lire")
    path = store.data_dir / "throttle.json"
    path.write_bytes(HOSTILE[name])
    again = make_store(store.data_dir, clock, flood_limit=3)
    assert again.code_wait() == 0  # nobody waits because of a damaged file…
    assert again.open_followup(receipt.code).messages[0].text == "à lire"
    wrong_codes(again, 1)
    assert 0 < again.code_wait() <= CODE_DELAY  # …but the next wrong code does
    for _ in range(3):
        again.add_note("ordinaire")
    with pytest.raises(FloodLimited):
        again.add_note("de trop")
    assert again.add_note("urgent", urgent=True)
    state = load_json(path)  # the next write replaced it with a sane file
    assert state["codes"]["wait_until"] <= NOW + CODE_DELAY and state["flood"]["count"] == 3


def test_a_replayed_old_throttle_file_is_simply_passed(store: NoteStore, clock: Clock) -> None:
    wrong_codes(store, FREE_CODE_FAILURES + 1)
    old = (store.data_dir / "throttle.json").read_bytes()
    clock.advance(86_400)
    (store.data_dir / "throttle.json").write_bytes(old)
    again = make_store(store.data_dir, clock)
    assert again.code_wait() == 0
    wrong_codes(again, FREE_CODE_FAILURES)
    assert again.code_wait() == 0


def test_a_symlinked_throttle_file_is_not_followed(store: NoteStore, clock: Clock, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps({"codes": {"failures": 0, "wait_until": 0, "forget_at": NOW + 60}}))
    (store.data_dir / "throttle.json").symlink_to(target)
    again = make_store(store.data_dir, clock)
    wrong_codes(again, 1)  # treated as damaged: this wrong code already waits
    assert again.code_wait() > 0
    assert json.loads(target.read_text())["codes"]["failures"] == 0  # the target is untouched
    assert not (store.data_dir / "throttle.json").is_symlink()


def test_a_folder_that_refuses_the_counter_keeps_it_in_memory(store: NoteStore, clock: Clock, monkeypatch) -> None:
    from kiosk.store import throttle

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(throttle, "replace_file", refuse)
    receipt = store.add_note("stocké quand même")
    wrong_codes(store, FREE_CODE_FAILURES + 1)
    assert store.code_wait() > 0
    assert any(problem.code == "counter_not_saved" for problem in store.problems)
    clock.advance(CODE_DELAY)
    assert store.open_followup(receipt.code).messages[0].text == "stocké quand même"


# -- the code prepared while the child types ---------------------------------------------


def test_a_prepared_code_makes_the_send_pay_no_kdf(store: NoteStore, monkeypatch) -> None:
    store.prepare_code("nl")
    monkeypatch.setattr(crypto, "code_secrets", lambda *args: pytest.fail("the send paid the KDF"))
    receipt = store.add_note("voorbereid", lang="nl")
    monkeypatch.undo()
    assert all(word in wordlist("nl") for word in receipt.code.split("-")[:3])
    assert store.open_followup(receipt.code).messages[0].text == "voorbereid"
    assert store.add_note("sans code préparé").code != receipt.code  # a prepared code is used once


def test_preparing_a_code_creates_nothing_in_an_empty_folder(tmp_path: Path, clock: Clock) -> None:
    make_store(tmp_path / "absent", clock).prepare_code("fr")
    assert not (tmp_path / "absent").exists()


def test_a_temp_file_left_by_a_killed_writer_is_swept(store: NoteStore) -> None:
    stale = store.data_dir / ".throttle.json.dead0001.tmp"
    stale.write_bytes(b'{"codes": {"failu')
    wrong_codes(store, 1)
    assert not stale.exists() and (store.data_dir / "throttle.json").exists()


def test_wrong_codes_on_an_uninitialised_kiosk_create_nothing(tmp_path: Path, clock: Clock) -> None:
    s = make_store(tmp_path / "absent", clock)
    wrong_codes(s, FREE_CODE_FAILURES + 1)
    assert s.code_wait() > 0  # still counted, in memory
    assert not (tmp_path / "absent").exists() and s.problems == []


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_store_check_names_a_damaged_throttle_file(store: NoteStore, name: str) -> None:
    from kiosk.store.check import check_store

    (store.data_dir / "throttle.json").write_bytes(HOSTILE[name])
    report = check_store(store)
    assert any(p.code == "counter_damaged" and p.params.get("file") == "throttle.json" for p in report.problems)


def test_store_check_is_quiet_about_a_sane_throttle_file(store: NoteStore) -> None:
    from kiosk.store.check import check_store

    wrong_codes(store, FREE_CODE_FAILURES + 1)
    assert not any(p.params.get("file") == "throttle.json" for p in check_store(store).problems)


def test_the_export_says_which_urgent_note_came_during_a_flood(tmp_data_dir: Path, clock: Clock) -> None:
    s = make_store(tmp_data_dir, clock, flood_limit=1)
    s.initialize(PASS)
    calm = s.add_note("avant", urgent=True)
    s.add_note("ordinaire")
    during = s.add_note("pendant", urgent=True)
    rows = {row["id"]: row for row in s.unlock(PASS).export()}
    assert rows[during.note_id]["flood"] is True and rows[calm.note_id]["flood"] is False


def _half_days_only(folder: Path) -> list[str]:
    """Names of the folder's entries (and the folder, as '.') whose time is finer than the half-day."""
    finer = []
    for path in [folder, *folder.iterdir()]:
        moment = datetime.fromtimestamp(path.stat().st_mtime)
        if (moment.hour, moment.minute, moment.second, moment.microsecond) not in {(0, 0, 0, 0), (12, 0, 0, 0)}:
            finer.append("." if path == folder else path.name)
    return finer


def test_the_notes_file_and_its_folder_say_only_the_half_day(store: NoteStore, clock: Clock) -> None:
    # A copy or a backup of the data folder keeps the files' mtime: it must not say at what
    # minute the last child wrote.
    store.add_note("un")
    notes = store.data_dir / "notes.json"
    assert datetime.fromtimestamp(notes.stat().st_mtime) == datetime(2026, 11, 30, 0, 0)
    assert _half_days_only(store.data_dir) == []
    clock.advance(4 * 3600 + 1234)  # 14:23:41
    session = store.unlock(PASS)
    session.reply(session.list_notes()[0].note_id, "passe nous voir")
    assert datetime.fromtimestamp(notes.stat().st_mtime) == datetime(2026, 11, 30, 12, 0)
    assert datetime.fromtimestamp(store.data_dir.stat().st_mtime) == datetime(2026, 11, 30, 12, 0)
    assert _half_days_only(store.data_dir) == []


def test_a_write_in_the_same_half_day_is_still_seen_by_another_reader(tmp_data_dir: Path, clock: Clock) -> None:
    # The read cache knows a file by inode, size and ctime too, not by its (now coarse) mtime.
    first = make_store(tmp_data_dir, clock)
    first.initialize(PASS)
    first.add_note("un")
    reader = first.unlock(PASS)
    assert len(reader.list_notes()) == 1
    make_store(tmp_data_dir, clock).add_note("deux")
    assert len(reader.list_notes()) == 2
