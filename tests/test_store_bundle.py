"""Several kiosks: notes go to the PMS machine in a bundle, replies come back the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import PASS, fast_store, time_like_values

from kiosk.store import NoteStore, StoreError, WriteFailed
from kiosk.store import bundle as bundle_module
from kiosk.store import storage


@pytest.fixture
def pair(tmp_path: Path) -> tuple[NoteStore, NoteStore]:
    pms = fast_store(tmp_path / "pms")
    pms.initialize(PASS)
    kiosk = fast_store(tmp_path / "kiosk")
    kiosk.initialize_public_only(pms.public_key_path)
    return pms, kiosk


def test_round_trip_and_idempotent(pair: tuple[NoteStore, NoteStore], tmp_path: Path) -> None:
    pms, kiosk = pair
    receipts = [kiosk.add_note(f"note {i} du kiosque 2", urgent=i == 1) for i in range(3)]
    kiosk.answer_followup(receipts[0].code, "précision de l'élève")
    out = tmp_path / "usb" / "vers-pms.json"
    out.parent.mkdir()
    assert kiosk.bundle(out) == 3
    raw = out.read_text(encoding="utf-8")
    assert "note 0" not in raw and "précision" not in raw and receipts[0].code not in raw
    assert time_like_values(json.loads(raw)) == []

    assert pms.import_bundle(out) == {"notes": 3, "messages": 1, "conflicts": 0, "unknown": 0}
    assert pms.import_bundle(out) == {"notes": 0, "messages": 0, "conflicts": 0, "unknown": 0}
    session = pms.unlock(PASS)
    assert sorted(n.note_id for n in session.list_notes()) == sorted(r.note_id for r in receipts)
    assert session.list_notes()[0].urgent
    first = session.read(receipts[0].note_id)
    assert first.text == "note 0 du kiosque 2" and [m.text for m in first.messages] == ["précision de l'élève"]

    session.reply(receipts[0].note_id, "Passe au PMS mardi.")
    back = tmp_path / "usb" / "vers-kiosques.json"
    assert pms.bundle(back) == 1
    assert "Passe au PMS" not in back.read_text(encoding="utf-8")
    assert kiosk.import_bundle(back)["messages"] == 1
    assert kiosk.import_bundle(back)["messages"] == 0
    view = kiosk.open_followup(receipts[0].code)
    assert [(m.author, m.text) for m in view.messages] == [
        ("eleve", "note 0 du kiosque 2"), ("eleve", "précision de l'élève"), ("pms", "Passe au PMS mardi.")]

    kiosk.answer_followup(receipts[0].code, "merci")
    kiosk.bundle(out)
    assert pms.import_bundle(out) == {"notes": 0, "messages": 1, "conflicts": 0, "unknown": 0}
    assert [m.text for m in session.read(receipts[0].note_id).messages] == [
        "précision de l'élève", "Passe au PMS mardi.", "merci"]


def test_interrupted_import_loses_nothing_and_makes_no_duplicates(
        pair: tuple[NoteStore, NoteStore], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pms, kiosk = pair
    ids = {kiosk.add_note(f"n{i}").note_id for i in range(5)}
    out = tmp_path / "b.json"
    kiosk.bundle(out)
    calls = {"n": 0}
    real = bundle_module._merge_messages

    def crash_midway(doc: dict, items: list[dict]) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the PMS pulled the plug mid-import
        return real(doc, items)

    monkeypatch.setattr(bundle_module, "_merge_messages", crash_midway)
    with pytest.raises(KeyboardInterrupt):
        pms.import_bundle(out)
    monkeypatch.undo()
    assert pms.counts()["nouveau"] == 0  # all or nothing

    def replace_fails(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "replace", replace_fails)
    with pytest.raises(WriteFailed):
        pms.import_bundle(out)
    monkeypatch.undo()
    assert pms.counts()["nouveau"] == 0

    assert pms.import_bundle(out)["notes"] == 5
    assert pms.import_bundle(out)["notes"] == 0
    assert {n.note_id for n in pms.unlock(PASS).list_notes()} == ids


def test_wrong_direction_and_bad_files(pair: tuple[NoteStore, NoteStore], tmp_path: Path) -> None:
    pms, kiosk = pair
    kiosk.add_note("x")
    notes = tmp_path / "notes.json"
    kiosk.bundle(notes)
    with pytest.raises(StoreError):
        fast_store(tmp_path / "k2").import_bundle(notes)  # not initialised
    other_kiosk = fast_store(tmp_path / "k3")
    other_kiosk.initialize_public_only(pms.public_key_path)
    with pytest.raises(StoreError):
        other_kiosk.import_bundle(notes)  # notes go to the PMS machine only
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{pas du json")
    with pytest.raises(StoreError):
        pms.import_bundle(garbage)
    garbage.write_text('{"format": "autre"}')
    with pytest.raises(StoreError):
        pms.import_bundle(garbage)


def test_same_id_other_note_is_a_conflict(pair: tuple[NoteStore, NoteStore], tmp_path: Path) -> None:
    pms, kiosk = pair
    note_id = kiosk.add_note("kiosque").note_id
    out = tmp_path / "b.json"
    kiosk.bundle(out)
    data = json.loads(out.read_text())
    pms.import_bundle(out)
    data["notes"][0]["sealed"] = data["notes"][0]["sealed"][::-1]
    out.write_text(json.dumps(data))
    assert pms.import_bundle(out)["conflicts"] == 1
    assert pms.unlock(PASS).read(note_id).text == "kiosque"


def test_malformed_items_are_refused_not_stored(pair: tuple[NoteStore, NoteStore], tmp_path: Path) -> None:
    pms, kiosk = pair
    good = kiosk.add_note("bon").note_id
    out = tmp_path / "b.json"
    kiosk.bundle(out)
    data = json.loads(out.read_text())
    model = data["notes"][0]
    data["notes"] += [
        {**model, "id": "zz"},                                   # not an id
        {**model, "id": "0000beef", "date": "2026-11-21T10:42"},  # time finer than a half-day
        {**model, "id": "0000bef0", "status": "archivé"},
        "pas un objet",
    ]
    data["notes"][0]["messages"] = [{"mid": "x1", "author": "eleve", "date": "2026-11-21 10:42",
                                     "part_of_day": "am", "sealed": "AAAA"}]
    out.write_text(json.dumps(data))
    report = pms.import_bundle(out)
    assert report == {"notes": 1, "messages": 0, "conflicts": 4, "unknown": 0}
    assert [n.note_id for n in pms.unlock(PASS).list_notes()] == [good]
    assert time_like_values(json.loads((pms.data_dir / "notes.json").read_text())) == []
