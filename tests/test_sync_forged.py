"""Forged spool files, as an attacker with only ``public.key`` would write them: nothing of them is stored."""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

import pytest
from store_helpers import PASS, fast_store, time_like_values

from kiosk.store import NoteStore, crypto, signing
from kiosk.store.storage import half_day_stamp
from kiosk.store.sync import kiosk_id, kiosk_round, pms_round
from kiosk.store.sync_check import MAX_NOTES_PER_FILE


@pytest.fixture
def world(tmp_path: Path):
    pms = fast_store(tmp_path / "pms")
    pms.initialize(PASS)
    kiosk = fast_store(tmp_path / "kiosk")
    kiosk.initialize_public_only(pms.public_key_path)
    spool = tmp_path / "spool"
    spool.mkdir()
    return pms, kiosk, spool


def sealed(pms: NoteStore, text: str = "vrai message") -> str:
    content = {"text": text, "answers": {"lang": "fr"}, "key": crypto.b64e(secrets.token_bytes(32))}
    return crypto.seal(pms.public_key(), json.dumps(content).encode())


def note(pms: NoteStore, **fields) -> dict:
    return {
        "id": secrets.token_hex(4),
        "date": "2026-11-30",
        "part_of_day": "am",
        "urgent": False,
        "sealed": sealed(pms),
        "messages": [],
        **fields,
    }


def message(pms: NoteStore, **fields) -> dict:
    return {
        "mid": secrets.token_hex(6),
        "author": "eleve",
        "date": "2026-11-30",
        "part_of_day": "pm",
        "sealed": crypto.seal(pms.public_key(), b"suite"),
        **fields,
    }


def drop(spool: Path, kid: str, notes: list, **envelope) -> Path:
    """A kiosk file written by hand into kiosk ``kid``'s folder."""
    name = f"n-{secrets.token_hex(8)}"
    body = {
        "format": "pms-kiosk-sync",
        "version": 1,
        "kind": "notes",
        "kiosk": kid,
        "file": name,
        "acks": [],
        "notes": notes,
        **envelope,
    }
    folder = spool / f"kiosque-{kid}"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(body))
    return path


def stored(pms: NoteStore) -> str:
    return (pms.data_dir / "notes.json").read_text() if (pms.data_dir / "notes.json").exists() else ""


def run_pms(pms: NoteStore, spool: Path):
    session = pms.unlock(PASS)
    return session, pms_round(session, spool)


KID = "0123456789abcdef"


def test_the_issue_forgeries_store_nothing(world) -> None:
    pms, _kiosk, spool = world
    clear = base64.b64encode("Léa 3B en clair, 10:31 — pas chiffré du tout".encode() * 2).decode()
    forged = [
        note(pms, sealed="Léa 3B en clair 10:31"),  # clear text in sealed
        note(pms, sealed=clear),  # clear text, base64'd
        note(pms, sealed=crypto.b64e(secrets.token_bytes(200))),  # a bad box
        note(pms, id="2026-11-30T10:31:00 1764498660"),  # exact time as an id
        note(pms, date="2026-11-30T10:31:00"),  # exact time as a date
        note(pms, part_of_day="10:31"),
        note(pms, messages=[message(pms, mid="2026-11-30T10:31:00 1764498660")]),
        note(pms, messages=[message(pms, author="pms")]),  # PMS-authored, from a kiosk
        note(pms, messages=[message(pms, date="1764498660")]),
        note(pms, extra="champ inconnu"),  # unknown field
        note(pms, urgent="oui"),
        {key: value for key, value in note(pms).items() if key != "sealed"},  # missing field
        "pas un objet",
        note(pms, messages=[message(pms, sealed="en clair")]),
    ]
    drop(spool, KID, forged)
    _session, report = run_pms(pms, spool)
    assert report.notes == 0 and report.messages == 0
    assert len(report.refused) == len(forged)
    codes = [code for _where, code in report.refused]
    assert codes.count("sync_illisible") == 2 and "sync_forged_author" in codes and "sync_bad_box" in codes
    assert "Léa" not in stored(pms) and "10:31" not in stored(pms) and "1764498660" not in stored(pms)
    assert time_like_values(json.loads(stored(pms) or "{}")) == []
    aside = [pms.data_dir / path for path in report.aside]
    assert len(aside) == 1 and len(json.loads(aside[0].read_text())["items"]) == len(forged)
    # The set-aside file and its folder say only the half-day, like every file of the store.
    stamp = half_day_stamp(pms.clock())
    assert aside[0].stat().st_mtime == stamp and aside[0].parent.stat().st_mtime == stamp


def test_duplicate_ids_are_stored_once(world) -> None:
    pms, _kiosk, spool = world
    one = note(pms, messages=[message(pms)])
    repeated_mid = message(pms)
    twice = note(pms, messages=[repeated_mid, dict(repeated_mid)])
    drop(spool, KID, [one, one, one])
    drop(spool, KID, [one, twice])
    session, report = run_pms(pms, spool)
    assert report.notes == 1 and report.messages == 1
    assert [code for _where, code in report.refused] == ["sync_duplicate"]
    assert len(session.list_notes()) == 1 and len(session.read(one["id"]).messages) == 1
    other = note(pms, id=one["id"])  # same id, other content: the first one stays
    drop(spool, KID, [other])
    drop(spool, "fedcba9876543210", [one])  # the same note through another kiosk's folder
    report = pms_round(session, spool)
    assert report.notes == 0 and sorted(code for _w, code in report.refused) == ["sync_id_conflict"] * 2
    assert session.read(one["id"]).text == "vrai message"


def test_huge_file_and_too_many_notes_are_refused_whole(world) -> None:
    pms, _kiosk, spool = world
    many = drop(spool, KID, [note(pms) for _ in range(MAX_NOTES_PER_FILE + 1)])
    huge = many.with_name(f"n-{secrets.token_hex(8)}.json")
    with open(huge, "wb") as handle:  # 122 MB, sparse: costs nothing to make
        handle.truncate(122 * 1024 * 1024)
    session, report = run_pms(pms, spool)
    assert report.notes == 0 and session.list_notes() == []
    assert sorted(code for _where, code in report.refused) == ["sync_file_too_big", "sync_too_many_notes"]
    assert many.exists() and huge.exists()  # never deleted: not the PMS's folder


def test_wrong_envelopes_are_refused(world) -> None:
    pms, _kiosk, spool = world
    renamed = drop(spool, KID, [note(pms)])
    renamed.rename(renamed.with_name(f"n-{secrets.token_hex(8)}.json"))
    drop(spool, KID, [note(pms)], kiosk="fedcba9876543210")
    drop(spool, KID, [note(pms)], version=2)
    drop(spool, KID, [note(pms)], signed="x")
    drop(spool, KID, [note(pms)], acks=["../../notes.json"])
    (spool / f"kiosque-{KID}" / f"n-{secrets.token_hex(8)}.json").symlink_to(pms.data_dir / "notes.json")
    session, report = run_pms(pms, spool)
    assert report.notes == 0 and session.list_notes() == []
    assert sorted(code for _w, code in report.refused) == [
        "sync_bad_format",
        "sync_bad_format",
        "sync_bad_format",
        "sync_not_a_file",
        "sync_renamed",
        "sync_wrong_kiosk",
    ]


def _replies_file(kiosk_dir: Path, kid: str, payload: dict, key: bytes | None, *, sig: bytes | None = None) -> Path:
    name = f"r-{secrets.token_hex(8)}"
    payload = {"kind": "replies", "kiosk": kid, "file": name, "acks": [], "replies": [], **payload}
    data = json.dumps(payload).encode()
    signature = sig if sig is not None else (signing.sign(key, data) if key else b"")
    body = {"format": "pms-kiosk-sync", "version": 1, "signed": crypto.b64e(data), "sig": crypto.b64e(signature)}
    kiosk_dir.mkdir(exist_ok=True)
    path = kiosk_dir / f"{name}.json"
    path.write_text(json.dumps(body))
    return path


def test_replies_without_a_good_signature_are_refused(world) -> None:
    pms, kiosk, spool = world
    receipt = kiosk.add_note("aide")
    kid = kiosk_id(kiosk)
    inbox = spool / f"pms-{kid}"
    key = crypto.b64d(json.loads(json.dumps({"k": crypto.b64e(secrets.token_bytes(32))}))["k"])
    box_key = secrets.token_bytes(32)
    reply = {
        "note": receipt.note_id,
        "mid": secrets.token_hex(6),
        "date": "2026-11-30",
        "part_of_day": "pm",
        "sealed": crypto.seal(pms.public_key(), b"x"),
        "box": crypto.secret_box(box_key, b"faux PMS"),
    }
    _replies_file(inbox, kid, {"replies": [reply]}, key)  # signed by another key
    _replies_file(inbox, kid, {"replies": [reply]}, None)  # no signature
    _replies_file(inbox, kid, {"replies": [reply]}, None, sig=b"\0" * 64)  # zero signature
    unsigned = {
        "format": "pms-kiosk-sync",
        "version": 1,
        "kind": "replies",
        "kiosk": kid,
        "file": "r-00000000000000ff",
        "acks": [],
        "replies": [reply],
    }
    (inbox / "r-00000000000000ff.json").write_text(json.dumps(unsigned))  # the old, unsigned shape
    report = kiosk_round(kiosk, spool)
    assert report.messages == 0
    assert sorted(code for _w, code in report.refused) == ["sync_bad_format"] + ["sync_bad_signature"] * 3
    assert [m.author for m in kiosk.open_followup(receipt.code).messages] == ["eleve"]


def test_signed_replies_are_bound_to_their_kiosk_and_name(world, tmp_path: Path) -> None:
    pms, kiosk, spool = world
    receipt = kiosk.add_note("aide")
    kiosk_round(kiosk, spool)
    session, _report = run_pms(pms, spool)
    session.reply(receipt.note_id, "vraie réponse")
    pms_round(session, spool)
    kid = kiosk_id(kiosk)
    signed = next((spool / f"pms-{kid}").glob("r-*.json"))
    other = fast_store(tmp_path / "other")
    other.initialize_public_only(pms.public_key_path)
    other_kid = kiosk_id(other)
    replay = spool / f"pms-{other_kid}"
    replay.mkdir()
    (replay / signed.name).write_bytes(signed.read_bytes())  # replayed to another kiosk
    report = kiosk_round(other, spool)
    assert [code for _w, code in report.refused] == ["sync_wrong_kiosk"]
    tampered = json.loads(signed.read_text())
    payload = base64.b64decode(tampered["signed"]).replace(b'"acks":[', b'"acks":["n-0000000000000000.json",')
    tampered["signed"] = crypto.b64e(payload)
    signed.with_name(f"r-{'1' * 16}.json").write_text(json.dumps(tampered))  # altered after signing
    report = kiosk_round(kiosk, spool)
    assert report.messages == 1 and [code for _w, code in report.refused] == ["sync_bad_signature"]
    assert kiosk.open_followup(receipt.code).messages[-1].text == "vraie réponse"


def test_a_bad_box_from_a_kiosk_never_crashes_the_console(world) -> None:
    pms, kiosk, spool = world
    kiosk.add_note("bon")
    kiosk_round(kiosk, spool)
    path = next(spool.glob("kiosque-*/n-*.json"))
    body = json.loads(path.read_text())
    body["notes"][0]["messages"] = [message(pms, sealed=crypto.b64e(os.urandom(120)))]
    path.write_text(json.dumps(body))
    session, report = run_pms(pms, spool)
    assert report.notes == 0 and [code for _w, code in report.refused] == ["sync_illisible"]
    assert session.list_notes() == [] and list(session.export()) == []
