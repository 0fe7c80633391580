"""``kiosk sync`` rounds on one spool folder (a USB stick): notes go, signed replies come back."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import PASS, fast_store, time_like_values

from kiosk.store import NoteStore
from kiosk.store.sync import kiosk_round, pms_round
from kiosk.store.sync_files import BUCKETS, half_day_stamp


@pytest.fixture
def setup(tmp_path: Path) -> tuple[NoteStore, list[NoteStore], Path]:
    pms = fast_store(tmp_path / "pms")
    pms.initialize(PASS)
    kiosks = []
    for number in range(2):
        kiosk = fast_store(tmp_path / f"kiosk{number}")
        kiosk.initialize_public_only(pms.public_key_path)
        kiosks.append(kiosk)
    spool = tmp_path / "usb"
    spool.mkdir()
    return pms, kiosks, spool


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_verify_key_travels_with_public_key(setup) -> None:
    pms, kiosks, _spool = setup
    assert (pms.data_dir / "pms.verify").read_text() == (kiosks[0].data_dir / "pms.verify").read_text()


def test_round_trip_exactly_once_with_signed_replies(setup) -> None:
    pms, kiosks, spool = setup
    receipts = {k.data_dir.name: [k.add_note(f"{k.data_dir.name} note {i}") for i in range(3)] for k in kiosks}
    kiosks[0].answer_followup(receipts["kiosk0"][0].code, "précision")
    for kiosk in kiosks:
        report = kiosk_round(kiosk, spool)
        assert report.notes == 3 and len(report.written) == 1
    written = [p for p in spool.rglob("n-*.json")]
    for path in written:
        assert path.stat().st_size in BUCKETS
        assert path.stat().st_mtime == half_day_stamp(datetime.now())
        raw = path.read_text()
        assert "kiosk0 note" not in raw and "kiosk1 note" not in raw and "cision" not in raw
        assert time_like_values(json.loads(raw)) == []

    session = pms.unlock(PASS)
    report = pms_round(session, spool)
    assert (report.notes, report.messages, report.refused, report.waiting) == (6, 1, [], [])
    assert pms_round(session, spool).notes == 0  # idempotent
    assert len(session.list_notes()) == 6
    note0 = receipts["kiosk0"][0]
    session.reply(note0.note_id, "Passe au PMS mardi.")
    session.reply(receipts["kiosk1"][2].note_id, "Bien reçu.")
    pms_round(session, spool)

    back = kiosk_round(kiosks[0], spool)
    assert back.messages == 1 and len(back.removed) == 1  # reply in, acknowledged notes file gone
    view = kiosks[0].open_followup(note0.code)
    assert [(m.author, m.text) for m in view.messages][-1] == ("pms", "Passe au PMS mardi.")
    assert kiosk_round(kiosks[0], spool).messages == 0  # the same reply is stored once
    assert kiosk_round(kiosks[1], spool).messages == 1
    assert kiosks[1].open_followup(receipts["kiosk1"][2].code).messages[-1].text == "Bien reçu."

    kiosks[0].answer_followup(note0.code, "merci")
    kiosk_round(kiosks[0], spool)
    assert pms_round(session, spool).messages == 1
    assert [m.text for m in session.read(note0.note_id).messages] == ["précision", "Passe au PMS mardi.", "merci"]
    for _ in range(2):  # a few more rounds: every acknowledged file goes, nothing piles up
        for kiosk in kiosks:
            kiosk_round(kiosk, spool)
        pms_round(session, spool)
    for folder in spool.iterdir():
        assert len(files(folder)) <= 2, (folder.name, files(folder))
    assert len(session.list_notes()) == 6


def test_conflict_copy_partial_and_temp_files_add_nothing_twice(setup) -> None:
    pms, kiosks, spool = setup
    ids = {kiosks[0].add_note(f"n{i}").note_id for i in range(4)}
    kiosk_round(kiosks[0], spool)
    folder = next(spool.glob("kiosque-*"))
    original = next(folder.glob("n-*.json"))
    conflict = folder / original.name.replace(".json", ".sync-conflict-20261130-000000-ABCDEF1.json")
    shutil.copy(original, conflict)
    partial = folder / "n-0123456789abcdef.json"
    partial.write_bytes(original.read_bytes()[:100])
    (folder / f".syncthing.{original.name}.tmp").write_bytes(b"{")
    (folder / "~syncthing~x.tmp").write_bytes(b"{")

    session = pms.unlock(PASS)
    report = pms_round(session, spool)
    assert report.notes == 4 and report.waiting == [(f"{folder.name}/{partial.name}", "sync_incomplete")]
    assert {n.note_id for n in session.list_notes()} == ids
    partial.write_bytes(conflict.read_bytes().replace(original.name[:-5].encode(), partial.name[:-5].encode()))
    report = pms_round(session, spool)
    assert (report.notes, report.waiting, report.refused) == (0, [], [])
    assert len(session.list_notes()) == 4
    kiosk_round(kiosks[0], spool)
    assert not original.exists() and not conflict.exists() and not partial.exists()
    assert (folder / "~syncthing~x.tmp").exists()  # never ours to delete


def test_lost_state_resends_but_stores_once(setup) -> None:
    pms, kiosks, spool = setup
    kiosks[0].add_note("une")
    kiosk_round(kiosks[0], spool)
    os.remove(kiosks[0].data_dir / "sync-state.json")
    assert kiosk_round(kiosks[0], spool).notes == 1
    session = pms.unlock(PASS)
    assert pms_round(session, spool).notes == 1
    assert len(session.list_notes()) == 1


def test_data_dir_without_verify_key_gets_one_at_unlock(setup) -> None:
    pms, _kiosks, _spool = setup
    verify = pms.data_dir / "pms.verify"
    text = verify.read_text()
    verify.unlink()
    fast_store(pms.data_dir).unlock(PASS)
    assert verify.read_text() == text


def test_answers_reach_the_pms_in_the_order_written(setup, monkeypatch) -> None:
    pms, kiosks, spool = setup
    from kiosk.store import sync as sync_module

    monkeypatch.setattr(sync_module, "CHUNK_BYTES", 600)  # as if each answer were very long
    kiosks[0]._kiosk_throttle.flood_limit = 1000  # twelve answers in a row are no flood here
    receipt = kiosks[0].add_note("début")
    session = pms.unlock(PASS)
    for number in range(12):
        kiosks[0].answer_followup(receipt.code, f"suite {number}")
        if number % 5 == 0:  # answers keep coming while earlier ones are still on the way
            kiosk_round(kiosks[0], spool)
    for _ in range(8):
        kiosk_round(kiosks[0], spool)
        pms_round(session, spool)
    assert len(session.list_notes()) == 1
    assert [m.text for m in session.read(receipt.note_id).messages] == [f"suite {n}" for n in range(12)]
