"""Hostile fixtures for the store (issue 9): each damaged item is named and never hides the rest.

Wrong-shape records, a note sealed to another key, a reply box with a bad nonce, bad meta,
a 0-byte file, a symlink, no permission, a full disk, blank and oversized texts.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from store_helpers import PASS, fast_store, load_json

from kiosk.content.errors import french
from kiosk.store import MAX_TEXT_CHARS, ErrorCode, InvalidInput, NoteStore, StoreError, crypto, storage  # noqa: F401
from kiosk.store.check import check_store, repair_store
from kiosk.store.records import record_problem


@pytest.fixture
def store(tmp_data_dir: Path) -> NoteStore:
    s = fast_store(tmp_data_dir, flood_limit=1000)
    s.initialize(PASS)
    return s


def _notes(path: Path) -> dict:
    return load_json(path / "notes.json")["notes"]


def _damage(data_dir: Path, change) -> None:
    """Edit notes.json by hand, as a broken disk or a hostile person would."""
    tables = load_json(data_dir / "notes.json")
    change(tables["notes"], tables)
    (data_dir / "notes.json").write_text(json.dumps(tables), encoding="utf-8")


def _first_key(notes: dict) -> str:
    return sorted(notes)[0]


WRONG_SHAPES = {
    "no date": lambda doc: doc.pop("date"),
    "bad date": lambda doc: doc.update(date="2026-13-45"),
    "time of day": lambda doc: doc.update(date="2026-11-21T10:42"),
    "bad half-day": lambda doc: doc.update(part_of_day="10h"),
    "bad status": lambda doc: doc.update(status="perdu"),
    "urgent not bool": lambda doc: doc.update(urgent="oui"),
    "no sealed": lambda doc: doc.pop("sealed"),
    "sealed not text": lambda doc: doc.update(sealed=42),
    "sealed bad padding": lambda doc: doc.update(sealed="QUJ"),
    "salt not base64": lambda doc: doc.update(salt="@@"),
    "messages not list": lambda doc: doc.update(messages="x"),
    "id not its key": lambda doc: doc.update(id="ffffffff"),
}


@pytest.mark.parametrize("damage", [*WRONG_SHAPES, "record is a string", "record is a list"])
def test_one_wrong_shape_record_hides_nothing(store: NoteStore, damage: str) -> None:
    ids = {store.add_note(f"note {n}").note_id for n in range(4)}

    def change(notes: dict, _tables: dict) -> None:
        key = _first_key(notes)
        if damage == "record is a string":
            notes[key] = "pas un message"
        elif damage == "record is a list":
            notes[key] = [1, 2]
        else:
            WRONG_SHAPES[damage](notes[key])

    _damage(store.data_dir, change)
    session = store.unlock(PASS)
    listed = session.list_notes()
    readable = [n for n in listed if n.problem is None]
    damaged = [n for n in listed if n.problem is not None]
    assert len(readable) == 3 and len(damaged) == 1 and damaged[0].shown_status == "illisible"
    for note in readable:  # every other note opens
        assert session.read(note.note_id).text.startswith("note ")
    report = session.export_report()
    assert len(report.rows) == 3 and len(report.unreadable) == 1
    assert report.unreadable[0].code == ErrorCode.NOTE_UNREADABLE
    assert "illisible" in french(report.unreadable[0])
    assert store.counts()["illisible"] == 1 and store.counts()["nouveau"] == 3
    assert {row["id"] for row in report.rows} <= ids


def test_note_sealed_to_another_key_is_illisible(store: NoteStore, tmp_path: Path) -> None:
    store.add_note("à moi")
    other = fast_store(tmp_path / "other")
    other.initialize(PASS)
    foreign = crypto.seal(other.public_key(), json.dumps({"text": "ailleurs", "answers": {}}).encode())
    _damage(
        store.data_dir,
        lambda notes, _t: notes.update(
            {
                "1": {
                    "id": "00000001",
                    "date": "2026-01-05",
                    "part_of_day": "am",
                    "status": "nouveau",
                    "urgent": False,
                    "sealed": foreign,
                    "messages": [],
                    "memos": [],
                }
            }
        ),
    )
    session = store.unlock(PASS)
    listed = {n.note_id: n for n in session.list_notes()}
    assert listed["00000001"].preview == "" and listed["00000001"].problem is not None
    assert listed["00000001"].shown_status == "illisible"
    with pytest.raises(StoreError) as info:
        session.read("00000001")
    assert info.value.code == ErrorCode.NOTE_UNREADABLE
    report = session.export_report()
    assert [r["text"] for r in report.rows] == ["à moi"] and len(report.unreadable) == 1


def test_reply_box_with_bad_nonce_is_skipped_not_fatal(store: NoteStore) -> None:
    receipt = store.add_note("aide")
    session = store.unlock(PASS)
    session.reply(receipt.note_id, "première réponse")
    session.reply(receipt.note_id, "deuxième réponse")

    def change(notes: dict, _tables: dict) -> None:
        messages = notes[_first_key(notes)]["messages"]
        messages[0]["box"] = crypto.b64e(b"short")  # "The nonce must be exactly 24 bytes long"
        messages[1]["sealed"] = crypto.b64e(b"x" * 80)

    _damage(store.data_dir, change)
    view = store.open_followup(receipt.code)
    assert [m.text for m in view.messages] == ["aide", "deuxième réponse"] and view.unreadable == 1
    pms_view = session.read(receipt.note_id)
    assert [m.text for m in pms_view.messages] == ["première réponse"] and pms_view.unreadable == 1


def test_bad_meta_is_named_and_reading_goes_on(store: NoteStore) -> None:
    store.add_note("lisible")

    def change(_notes: dict, tables: dict) -> None:
        tables["meta"]["1"]["code2_salt"] = "@@@"  # the salt of three-word codes (scheme 2)
        tables["meta"]["1"]["schema"] = "un"

    _damage(store.data_dir, change)
    assert {p.params["field"] for p in store.meta_problems()} == {"code2_salt", "schema"}
    session = store.unlock(PASS)
    assert [session.read(n.note_id).text for n in session.list_notes()] == ["lisible"]
    with pytest.raises(StoreError):  # the code cannot be checked, but nothing crashes
        store.open_followup("soleil-pomme-42")


def test_zero_byte_file_is_damage_not_a_new_store(store: NoteStore) -> None:
    store.add_note("avant")
    (store.data_dir / "notes.json").write_bytes(b"")
    with pytest.raises(StoreError) as info:
        store.counts()
    assert info.value.code == ErrorCode.FILE_EMPTY and "0 octet" in french(info.value)
    assert (store.data_dir / "notes.json").read_bytes() == b""  # reading changed nothing
    report = check_store(store)
    assert [p.code for p in report.problems] == [ErrorCode.FILE_EMPTY]
    done = repair_store(store)
    assert [d.code for d in done] == [ErrorCode.SET_ASIDE_FILE]
    assert len(list((store.data_dir / "quarantine").iterdir())) == 1
    assert store.counts()["nouveau"] == 0 and check_store(store).problems == []


def test_symlinked_notes_file_is_refused(store: NoteStore, tmp_path: Path) -> None:
    store.add_note("avant")
    real = tmp_path / "ailleurs.json"
    os.replace(store.data_dir / "notes.json", real)
    (store.data_dir / "notes.json").symlink_to(real)
    before = real.read_bytes()
    for action in (store.counts, lambda: store.add_note("après")):
        with pytest.raises(StoreError) as info:
            action()
        assert info.value.code == ErrorCode.FILE_SYMLINK and "lien symbolique" in french(info.value)
    assert (store.data_dir / "notes.json").is_symlink() and real.read_bytes() == before


def test_no_permission_is_not_called_damage(store: NoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_note("avant")

    def denied(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    for action in (store.counts, store.public_key):
        store._public = None
        with pytest.raises(StoreError) as info:
            action()
        assert info.value.code == ErrorCode.READ_NO_ACCESS
        assert "droit" in french(info.value) and "abîmé" not in french(info.value).replace("pas abîmé", "")


def test_full_disk_still_unlocks_reads_and_exports(store: NoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    receipt = store.add_note("à lire")
    session_before = store.unlock(PASS)
    session_before.lock()

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "write", full)
    session = store.unlock(PASS)
    assert session.read(receipt.note_id).text == "à lire"
    assert [r["text"] for r in session.export_report().rows] == ["à lire"]
    assert [p.code for p in store.problems] == [ErrorCode.AUDIT_NOT_WRITTEN]
    assert "disque plein" in french(store.problems[0])
    with pytest.raises(StoreError) as info:
        session.set_status(receipt.note_id, "traite")
    assert info.value.code == ErrorCode.WRITE_DISK_FULL
    monkeypatch.undo()
    session.set_status(receipt.note_id, "en_cours")  # the waiting audit lines are written first
    actions = [line["action"] for line in session.audit_log()]
    # The unlock journaled before the disk filled, then the one that waited with the reading.
    assert actions == ["unlock", "unlock", "lecture", "export", "statut : en_cours"] and store.problems == []


def test_low_free_space_is_warned(store: NoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_note("x" * 3000)
    size = (store.data_dir / "notes.json").stat().st_size
    monkeypatch.setattr(storage.shutil, "disk_usage", lambda _p: type("U", (), {"free": size})())
    problems = [p for p in store.problems if p.code == ErrorCode.LOW_SPACE]
    assert problems and problems[0].params["needed_kb"] > problems[0].params["free_kb"]
    assert "presque plein" in french(problems[0])


def test_init_never_overwrites_any_key_or_notes_file(tmp_data_dir: Path) -> None:
    for name in ("public.key", "private.key.json", "notes.json", "unlock.json"):
        folder = tmp_data_dir / name.replace(".", "_")
        folder.mkdir()
        (folder / name).write_text("précieux")
        with pytest.raises(StoreError) as info:
            fast_store(folder).initialize(PASS)
        assert info.value.code == ErrorCode.KEYS_PRESENT and name in french(info.value)
        assert (folder / name).read_text() == "précieux" and sorted(p.name for p in folder.iterdir()) == [name]


def test_missing_public_key_is_taken_from_the_wrapped_key(store: NoteStore, tmp_path: Path) -> None:
    public = store.public_key()
    os.replace(store.public_key_path, tmp_path / "usb.key")  # carried away on a USB stick
    again = fast_store(store.data_dir)
    assert again.is_initialized and again.public_key() == public
    assert [p.code for p in again.problems] == [ErrorCode.PUBLIC_KEY_MISSING]
    receipt = again.add_note("toujours possible")
    assert again.unlock(PASS).read(receipt.note_id).text == "toujours possible"
    with pytest.raises(StoreError):
        again.initialize(PASS)  # never a new key pair over the old one
    assert [p.code for p in check_store(again).problems] == [ErrorCode.PUBLIC_KEY_MISSING]
    assert [d.code for d in repair_store(again)] == [ErrorCode.PUBLIC_KEY_RESTORED]
    assert bytes.fromhex(store.public_key_path.read_text()) == public


def test_mismatched_public_key_is_found(store: NoteStore, tmp_path: Path) -> None:
    other = fast_store(tmp_path / "o")
    other.initialize(PASS)
    store.public_key_path.write_bytes(other.public_key_path.read_bytes())
    assert ErrorCode.KEYS_MISMATCH in [p.code for p in check_store(store).problems]


def test_check_is_read_only_and_repair_keeps_everything(store: NoteStore) -> None:
    for n in range(3):
        store.add_note(f"note {n}")
    _damage(store.data_dir, lambda notes, _t: notes.update({_first_key(notes): "abîmé"}))
    before = (store.data_dir / "notes.json").read_bytes()
    report = check_store(store)
    assert report.notes == 2 and [p.code for p in report.problems] == [ErrorCode.NOTE_UNREADABLE]
    store.counts()
    assert (store.data_dir / "notes.json").read_bytes() == before  # check and status change nothing
    done = repair_store(store)
    assert [d.code for d in done] == [ErrorCode.SET_ASIDE_RECORD]
    tables = load_json(store.data_dir / "notes.json")
    assert len(tables["notes"]) == 2
    assert [item["record"] for item in tables["quarantine"].values()] == ["abîmé"]  # kept, not deleted
    assert check_store(store).problems == [] and len(check_store(store).kept) == 1


def test_purge_and_sync_skip_damaged_records(store: NoteStore, tmp_path: Path) -> None:
    from kiosk.store.sync import kiosk_round

    store.add_note("a")
    store.add_note("b")
    _damage(store.data_dir, lambda notes, _t: notes[_first_key(notes)].pop("status"))
    session = store.unlock(PASS)
    assert session.purge(0) == 0 and len(_notes(store.data_dir)) == 2  # never purged, never lost
    kiosk = fast_store(tmp_path / "kiosk")
    kiosk.initialize_public_only(store.public_key_path)
    kiosk.add_note("du kiosque")
    _damage(kiosk.data_dir, lambda notes, _t: notes.update({"7": "x"}))
    (tmp_path / "spool").mkdir()
    assert kiosk_round(kiosk, tmp_path / "spool").notes == 1  # the damaged record neither sent nor in the way


# -- the same rules everywhere -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t", "\u200b\u200b", "\x00\x00", "\u202e\u2066\u200f", "\u3164", "\ufeff"])
def test_blank_or_invisible_text_is_empty(store: NoteStore, text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        store.add_note(text)
    assert info.value.code == ErrorCode.TEXT_EMPTY and isinstance(info.value, ValueError)


def test_the_screen_limit_is_the_store_limit(store: NoteStore) -> None:
    from kiosk.screens.widgets.note_widgets import NOTE_LIMIT

    assert NOTE_LIMIT == MAX_TEXT_CHARS == 4000
    store.add_note("x" * MAX_TEXT_CHARS)
    with pytest.raises(InvalidInput) as info:
        store.add_note("x" * (MAX_TEXT_CHARS + 1))
    assert info.value.code == ErrorCode.TEXT_TOO_LONG and "4000" in french(info.value)
    receipt = store.add_note("ok")
    with pytest.raises(InvalidInput):
        store.unlock(PASS).reply(receipt.note_id, "y" * (MAX_TEXT_CHARS + 1))


def test_lone_surrogate_is_a_clean_code(store: NoteStore) -> None:
    for kwargs in ({"text": "bonjour \ud800"}, {"text": "bonjour", "contact": "Lu\udcffcie"}):
        with pytest.raises(InvalidInput) as info:
            store.add_note(**kwargs)
        assert info.value.code == ErrorCode.TEXT_INVALID
        assert "caractères" in french(info.value)


def test_no_sentence_in_the_store_package() -> None:
    """Every message lives in the packs: no accented French sentence in store/*.py strings."""
    import ast

    import kiosk.store

    folder = Path(kiosk.store.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                # audit actions are stored data (kept as they were), not messages to a person
                if node.value in ("réponse", "mémo", "phrase de passe changée"):
                    continue
                assert not any(ch in node.value for ch in "éèàêçù"), (path.name, node.value)


def test_every_error_code_is_said_in_every_language() -> None:
    import yaml

    from kiosk.content.loader import BUILTIN_PACKS

    for lang in ("fr", "nl", "en"):
        texts = yaml.safe_load((BUILTIN_PACKS / lang / "strings" / "errors.yaml").read_text(encoding="utf-8"))
        missing = [code.value for code in ErrorCode if f"errors.{code.value}" not in texts]
        assert missing == [], lang


def test_record_problem_is_a_pure_function() -> None:
    good = {
        "id": "0000000a",
        "date": "2026-01-05",
        "part_of_day": "pm",
        "status": "traite",
        "urgent": True,
        "sealed": "QUJD",
        "messages": [],
        "memos": [],
    }
    assert record_problem("10", good) is None
    assert record_problem("11", good).params["field"] == "id"
    assert record_problem("10", None).params["field"] == "record"


def test_a_damaged_salt_never_breaks_another_code(store: NoteStore) -> None:
    first = store.add_note("premier")
    second = store.add_note("second")

    def change(notes: dict, _tables: dict) -> None:
        for doc in notes.values():
            if doc["id"] == first.note_id:
                doc["salt"] = "QUJ"  # looks like base64, does not decode

    _damage(store.data_dir, change)
    assert store.open_followup(second.code).messages[0].text == "second"
    with pytest.raises(StoreError):
        store.open_followup(first.code)
