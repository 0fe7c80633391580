"""kiosk.store API: round trips, codes, limits, unlock delay, purge, audit, migration, anonymity."""

from __future__ import annotations

import errno
import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import PASS, fast_store, load_json, time_like_values

from kiosk.content.errors import french
from kiosk.store import (
    STATUSES,
    AlreadyInitialized,
    FloodLimited,
    NoteStore,
    NotInitialized,
    StoreError,
    TooManyAttempts,
    UnknownCode,
    UnlockDelayed,
    WriteFailed,
    WrongPassphrase,
    crypto,
    storage,
)
from kiosk.store.codes import LANGS, canonical, generate_code, wordlist


@pytest.fixture
def store(tmp_data_dir: Path) -> NoteStore:
    s = fast_store(tmp_data_dir, flood_limit=1000)
    s.recovery = s.initialize(PASS)
    return s


def test_init_is_cheap_and_creates_nothing(tmp_path: Path) -> None:
    s = NoteStore(tmp_path / "nothing-yet")
    assert not s.is_initialized and not s.can_unlock and s.problems == []
    assert not (tmp_path / "nothing-yet").exists()
    with pytest.raises(NotInitialized):
        s.add_note("bonjour")


def test_production_defaults_unchanged() -> None:
    s = NoteStore(Path("/nonexistent"))
    assert s.kdf == "moderate" and crypto.KDF_PROFILES["moderate"] == (3, 268_435_456)
    assert s.code_kdf == crypto.CODE_KDF


def test_initialize_twice_refused(store: NoteStore) -> None:
    assert store.is_initialized and store.can_unlock
    with pytest.raises(AlreadyInitialized):
        store.initialize("autre")


def test_note_round_trip_and_followup(store: NoteStore) -> None:
    receipt = store.add_note(
        "On m'embête [bold red]X[/]", for_whom="moi", level="primaire", contact="Lucie, 5A", urgent=True, lang="fr"
    )
    assert len(receipt.note_id) == 8 and int(receipt.note_id, 16) >= 0
    assert receipt.part_of_day in ("am", "pm") and len(receipt.date) == 10
    words = receipt.code.split("-")
    assert len(words) == 4 and all(word in wordlist("fr") for word in words[:3]) and len(words[3]) == 2
    assert len(set(words[:3])) == 3
    assert store.counts() == {"nouveau": 1, "en_cours": 0, "traite": 0, "urgent": 1, "illisible": 0, "unread_answer": 0}

    typed = "  " + receipt.code.upper().replace("-", " ") + " "
    view = store.open_followup(typed)
    assert view.note_id == receipt.note_id
    assert [m.text for m in view.messages] == ["On m'embête [bold red]X[/]"]

    session = store.unlock(PASS)
    note = session.read(receipt.note_id)
    assert note.text == "On m'embête [bold red]X[/]" and note.urgent and note.status == "nouveau"
    assert note.answers == {"for_whom": "moi", "level": "primaire", "contact": "Lucie, 5A", "lang": "fr"}

    session.reply(receipt.note_id, "Viens au PMS lundi.")
    store.answer_followup(receipt.code, "D'accord merci")
    session.add_memo(receipt.note_id, "mémo interne")
    view = store.open_followup(receipt.code)
    assert [(m.author, m.text) for m in view.messages] == [
        ("eleve", "On m'embête [bold red]X[/]"),
        ("pms", "Viens au PMS lundi."),
        ("eleve", "D'accord merci"),
    ]
    note = session.read(receipt.note_id)
    assert [m.text for m in note.messages] == ["Viens au PMS lundi.", "D'accord merci"]
    assert [(m.author, m.text) for m in note.memos] == [("pms", "mémo interne")]
    assert "mémo interne" not in [m.text for m in view.messages]


def test_accents_tolerated_in_codes() -> None:
    assert canonical("Étoile-LUNE-07") == canonical("etoile lune 07") == "etoilelune07"
    assert canonical("pas un code") == "" and canonical("") == ""
    for lang in LANGS:
        words = wordlist(lang)
        assert 200 <= len(words) <= 300
        assert len({canonical(w + "00") for w in words}) == len(words)
        assert canonical(generate_code(lang))


def test_codes_in_each_language(store: NoteStore) -> None:
    for lang in LANGS:
        receipt = store.add_note("hello", lang=lang)
        *words, digits = receipt.code.split("-")
        assert len(words) == 3 and all(word in wordlist(lang) for word in words) and 10 <= int(digits) <= 99


def test_unknown_code_and_rate_limit(store: NoteStore) -> None:
    store.add_note("texte")
    for _ in range(4):  # three free typing mistakes, then everyone waits (tests/test_store_codes.py)
        with pytest.raises(UnknownCode):
            store.open_followup("soleil-pomme-arbre-00")
    with pytest.raises(TooManyAttempts) as info:
        store.open_followup("soleil-pomme-arbre-01")
    assert 0 < info.value.seconds <= 60 and info.value.params == {"seconds": info.value.seconds}
    assert "essayé dans" in french(info.value)


def test_flood_limit(tmp_data_dir: Path) -> None:
    s = fast_store(tmp_data_dir, flood_limit=3)
    s.initialize(PASS)
    for _ in range(3):
        s.add_note("encore")
    with pytest.raises(FloodLimited):
        s.add_note("encore")
    assert s.counts()["nouveau"] == 3


@pytest.mark.parametrize("bad", ["", "   \n", "x" * 100_001])
def test_add_note_rejects(store: NoteStore, bad: str) -> None:
    with pytest.raises(ValueError):
        store.add_note(bad)


def test_add_note_rejects_odd_answers(store: NoteStore) -> None:
    with pytest.raises(ValueError):
        store.add_note("x", for_whom="quelqu'un")


def test_wrong_passphrase_then_growing_persistent_delay(store: NoteStore, monkeypatch) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr("kiosk.store.throttle.time.time", lambda: clock[0])
    for _ in range(4):
        with pytest.raises(WrongPassphrase):
            store.unlock("faux")
        assert store.unlock_delay() == 0
    with pytest.raises(WrongPassphrase):
        store.unlock("faux")  # 5th failure: next try costs 1 s
    assert store.unlock_delay() == pytest.approx(1, abs=1)
    other = fast_store(store.data_dir)  # persisted across instances
    with pytest.raises(UnlockDelayed) as info:
        other.unlock(PASS)
    assert info.value.seconds > 0
    delays = []
    for _ in range(12):
        clock[0] += 400  # wait out the delay, then fail again
        with pytest.raises(WrongPassphrase):
            other.unlock("faux")
        delays.append(other.unlock_delay())
    assert delays == sorted(delays) and max(delays) == 300  # grows, capped, never permanent
    clock[0] += 301
    assert other.unlock(PASS) is not None
    assert other.unlock_delay() == 0 and not (store.data_dir / "unlock.json").exists()


def test_recovery_code_and_passphrase_change(store: NoteStore) -> None:
    receipt = store.add_note("garde-moi")
    session = store.unlock_with_recovery(store.recovery.lower().replace("-", " "))
    session.change_passphrase("nouvelle phrase")
    with pytest.raises(WrongPassphrase):
        store.unlock(PASS)
    assert store.unlock("nouvelle phrase").read(receipt.note_id).text == "garde-moi"
    assert store.unlock_with_recovery(store.recovery).read(receipt.note_id).text == "garde-moi"
    with pytest.raises(WrongPassphrase):
        store.unlock_with_recovery("AAAA-BBBB")


def test_passphrase_is_nfc_normalised(tmp_data_dir: Path) -> None:
    s = fast_store(tmp_data_dir)
    s.initialize("caf\u00e9 cr\u00e8me")
    assert s.unlock("cafe\u0301 cre\u0300me") is not None


def test_locked_session_refuses(store: NoteStore) -> None:
    session = store.unlock(PASS)
    session.lock()
    with pytest.raises(StoreError):
        session.list_notes()


def test_status_list_order_purge_and_audit(tmp_data_dir: Path) -> None:
    days = iter(
        [
            datetime(2025, 1, 10, 9),
            datetime(2025, 1, 10, 15),
            datetime(2026, 3, 1, 9),
            datetime(2026, 3, 2, 9),
            datetime(2026, 3, 3, 16),
        ]
    )
    moment = [datetime(2025, 1, 1)]
    s = fast_store(tmp_data_dir, clock=lambda: moment[0])
    s.initialize(PASS)
    ids = []
    for urgent in (False, False, False, True, False):
        moment[0] = next(days)
        ids.append(s.add_note(f"note {len(ids)}", urgent=urgent).note_id)
    session = s.unlock(PASS)
    listed = [n.note_id for n in session.list_notes()]
    assert listed == [ids[3], ids[4], ids[2], ids[1], ids[0]]  # urgent first, then newest half-day
    session.set_status(ids[0], "traite")
    session.set_status(ids[1], "traite")
    session.set_status(ids[2], "en_cours")
    with pytest.raises(ValueError):
        session.set_status(ids[2], "fini")
    assert [n.note_id for n in session.list_notes("traite")] == [ids[1], ids[0]]
    assert s.counts() == {"nouveau": 2, "en_cours": 1, "traite": 2, "urgent": 1, "illisible": 0, "unread_answer": 0}
    moment[0] = datetime(2026, 3, 4, 10)
    assert session.purge_candidates(365) == 2 and session.purge_candidates(500) == 0
    assert session.purge(365) == 2
    assert s.counts() == {"nouveau": 2, "en_cours": 1, "traite": 0, "urgent": 1, "illisible": 0, "unread_answer": 0}
    with pytest.raises(StoreError):
        session.read(ids[0])
    log = session.audit_log()
    assert {entry["action"] for entry in log} >= {"statut : traite", "effacement"}
    for entry in log:
        assert set(entry) == {"date", "part_of_day", "action", "note_id"}
        assert "note" not in entry["action"]  # never content
    assert time_like_values(log) == []


def test_export_rows(store: NoteStore) -> None:
    receipt = store.add_note("exporte-moi", urgent=True)
    rows = list(store.unlock(PASS).export())
    assert rows[0]["id"] == receipt.note_id and rows[0]["text"] == "exporte-moi"
    assert set(rows[0]) >= {"id", "date", "part_of_day", "status", "urgent", "text"}
    assert rows[0]["status"] in STATUSES and time_like_values(rows) == []


def test_text_in_no_file_and_no_time_in_files(store: NoteStore) -> None:
    secret = "Zorglub-unique-7781 le secret de Léa"
    receipt = store.add_note(secret, contact="Léa Zorglubine, 2C")
    store.answer_followup(receipt.code, "réponse Quetzalcoatl-9917")
    session = store.unlock(PASS)
    session.reply(receipt.note_id, "pms Xylophone-5521")
    session.add_memo(receipt.note_id, "memo Brontosaure-3301")
    needles = [secret, "Zorglubine", "Quetzalcoatl-9917", "Xylophone-5521", "Brontosaure-3301", receipt.code]
    for path in store.data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle.encode("utf-8") not in data, (needle, path.name)
                assert canonical(needle).encode() not in data or not canonical(needle)
    notes = load_json(store.data_dir / "notes.json")
    assert time_like_values(notes) == []
    record = next(iter(notes["notes"].values()))
    clear = {k: v for k, v in record.items() if k not in ("sealed", "tag", "salt", "box", "messages", "memos")}
    assert set(clear) - {"unread_answer"} == {"id", "date", "part_of_day", "status", "urgent"}


def test_ids_random_and_file_order_not_arrival_order(store: NoteStore) -> None:
    ids = [store.add_note(f"n{i}").note_id for i in range(12)]
    assert ids != sorted(ids) or len(set(ids)) == 12
    stored = [doc["id"] for doc in load_json(store.data_dir / "notes.json")["notes"].values()]
    assert sorted(stored) == sorted(ids) and stored != ids


def test_write_only_kiosk(tmp_path: Path, store: NoteStore) -> None:
    kiosk = fast_store(tmp_path / "kiosk")
    kiosk.initialize_public_only(store.public_key_path)
    assert kiosk.is_initialized and not kiosk.can_unlock
    receipt = kiosk.add_note("depuis le kiosque 2")
    assert kiosk.open_followup(receipt.code).messages[0].text == "depuis le kiosque 2"
    with pytest.raises(StoreError):
        kiosk.unlock(PASS)
    bad = tmp_path / "bad.key"
    bad.write_text("pas une clé")
    with pytest.raises(StoreError):
        fast_store(tmp_path / "k3").initialize_public_only(bad)


def test_corrupt_file_quarantined_and_store_goes_on(store: NoteStore) -> None:
    store.add_note("avant")
    (store.data_dir / "notes.json").write_bytes(b'{"notes": {"1": {"id": "abc"')
    fresh = fast_store(store.data_dir)
    receipt = fresh.add_note("après")
    assert fresh.counts()["nouveau"] == 1
    quarantined = list((store.data_dir / "quarantine").iterdir())
    assert len(quarantined) == 1 and quarantined[0].read_bytes().startswith(b'{"notes"')
    assert len(fresh.problems) == 1 and "quarantine/" in french(fresh.problems[0])
    assert fresh.open_followup(receipt.code).messages[0].text == "après"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_dir_write_failed(store: NoteStore) -> None:
    store.add_note("premier")
    os.chmod(store.data_dir, 0o500)
    try:
        with pytest.raises(WriteFailed) as info:
            store.add_note("second")
        assert "droit" in french(info.value) or "lecture seule" in french(info.value)
        assert store.counts()["nouveau"] == 1  # reading still works
    finally:
        os.chmod(store.data_dir, 0o700)
    assert fast_store(store.data_dir).counts()["nouveau"] == 1


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "disque est plein"), (errno.EROFS, "lecture seule"), (errno.EACCES, "pas le droit d'écrire")],
)
def test_write_errors_write_failed(store: NoteStore, monkeypatch, code: int, words: str) -> None:
    def fail(fd: int, data: bytes) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage.os, "write", fail)
    with pytest.raises(WriteFailed) as info:
        store.add_note("perdu ?")
    assert words in french(info.value)
    monkeypatch.undo()
    assert store.counts()["nouveau"] == 0
    assert not list(store.data_dir.glob(".notes.json.*.tmp"))


def test_migration_from_v0_fixture(tmp_data_dir: Path) -> None:
    s = fast_store(tmp_data_dir)
    s.initialize(PASS)
    sealed = crypto.seal(s.public_key(), json.dumps({"text": "ancien", "answers": {}}).encode())
    (tmp_data_dir / "notes.json").write_text(
        json.dumps(
            {
                "notes": {
                    "1": {
                        "id": "0000abcd",
                        "date": "2025-09-01",
                        "part_of_day": "am",
                        "status": "new",
                        "urgent": False,
                        "sealed": sealed,
                    },
                    "2": {
                        "id": "0000abce",
                        "date": "2025-09-02",
                        "part_of_day": "pm",
                        "status": "closed",
                        "urgent": True,
                        "sealed": sealed,
                    },
                }
            }
        )
    )
    assert set(storage.MIGRATIONS) == set(range(storage.SCHEMA))  # one migration from each older version
    before = (tmp_data_dir / "notes.json").read_bytes()
    assert s.counts() == {"nouveau": 1, "en_cours": 0, "traite": 1, "urgent": 0, "illisible": 0, "unread_answer": 0}
    assert (tmp_data_dir / "notes.json").read_bytes() == before  # reading migrates in memory only
    session = s.unlock(PASS)
    view = session.read("0000abcd")  # its audit line is the first write: the file is upgraded
    assert load_json(tmp_data_dir / "notes.json")["meta"]["1"]["schema"] == 1
    assert view.text == "ancien" and view.messages == [] and view.memos == []
    session.reply("0000abcd", "réponse")  # no code key on old notes: sealed only
    assert [m.text for m in session.read("0000abcd").messages] == ["réponse"]


def test_newer_schema_refused(tmp_data_dir: Path) -> None:
    (tmp_data_dir / "notes.json").write_text(json.dumps({"meta": {"1": {"schema": 99}}, "notes": {}}))
    s = fast_store(tmp_data_dir)
    with pytest.raises(StoreError):
        s.counts()


def test_reading_creates_nothing(tmp_path: Path) -> None:
    s = fast_store(tmp_path / "absent")
    assert s.counts() == {"nouveau": 0, "en_cours": 0, "traite": 0, "urgent": 0, "illisible": 0, "unread_answer": 0}
    assert s.problems == [] and s.unlock_delay() == 0
    assert not (tmp_path / "absent").exists()


def test_a_code_is_never_given_twice(store: NoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    codes = iter(["soleil-pomme-42", "soleil-pomme-42", "Soleil pomme 42", "lune-fraise-17"])
    monkeypatch.setattr("kiosk.store.notes.generate_code", lambda lang: next(codes))
    first = store.add_note("premier")
    second = store.add_note("second")
    assert first.code == "soleil-pomme-42" and second.code == "lune-fraise-17"
    assert store.open_followup("lune fraise 17").messages[0].text == "second"


def test_no_insult_in_word_lists() -> None:
    banned = {
        "chameau",
        "baleine",
        "corbeau",
        "cochon",
        "vache",
        "thon",
        "dinde",
        "singe",
        "gorille",
        "poire",
        "aap",
        "ezel",
        "kwal",
        "varken",
        "koe",
        "walvis",
        "schaap",
        "whale",
        "pig",
        "cow",
        "donkey",
        "rat",
        "badger",
        "sock",
        "slug",
        "weasel",
        "snake",
    }
    for lang in LANGS:
        assert not banned & set(wordlist(lang)), lang


def test_lock_held_too_long_is_write_failed(store: NoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.2)
    holder = FileLock(str(store.data_dir / ".notes.json.lock"))
    other = fast_store(store.data_dir)
    with holder:
        import threading

        result: list[BaseException] = []

        def write() -> None:
            try:
                other.add_note("attend")
            except WriteFailed as exc:
                result.append(exc)

        thread = threading.Thread(target=write)
        thread.start()
        thread.join(10)
    assert result and "occupé" in french(result[0])


def test_codes_survive_a_quarantine_seen_by_a_long_running_kiosk(store: NoteStore) -> None:
    store.add_note("avant")  # this instance caches the code salt
    (store.data_dir / "notes.json").write_bytes(b"\x00garbage")
    with pytest.raises(StoreError):  # reading names the damage and changes nothing
        fast_store(store.data_dir).counts()
    fast_store(store.data_dir).add_note("ailleurs")  # another kiosk's write sets the file aside
    receipt = store.add_note("après")
    restarted = fast_store(store.data_dir)
    assert restarted.open_followup(receipt.code).messages[0].text == "après"
    again = restarted.add_note("encore")
    assert store.open_followup(again.code).messages[0].text == "encore"


def test_tinydb_table_access(tmp_data_dir: Path) -> None:
    from tinydb import Query

    db = storage.Database(tmp_data_dir)
    db.table("audit").insert({"action": "essai"})
    db.table("audit").insert({"action": "encore"})
    assert [doc["action"] for doc in db.table("audit").search(Query().action.exists())] == ["essai", "encore"]
    assert db.read()["meta"]["1"]["schema"] == storage.SCHEMA
