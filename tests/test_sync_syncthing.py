"""Two real Syncthing instances carry the spool: 3 kiosks × 50 notes arrive once, signed replies come back.

Skipped only when Syncthing is missing on a machine where it cannot be installed (not root);
in CI (``CI=true``) or as root a missing Syncthing fails: ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import PASS, fast_store
from syncthing_pair import SyncthingPair, can_isolate, wait_for

from kiosk.store.sync import kiosk_id, kiosk_round, pms_round
from kiosk.store.sync_files import spool_files

pytestmark = pytest.mark.slow

KIOSKS, NOTES, REPLIES = 3, 50, 5
WAIT = 90  # seconds, per wait


def _need_syncthing() -> None:
    if shutil.which("syncthing"):
        return
    if os.environ.get("CI") == "true" or os.geteuid() == 0:
        pytest.fail("syncthing is not installed (apt-get install -y syncthing; .ci/run does it)")
    pytest.skip("syncthing is not installed and cannot be installed here (not root)")


def ours(folder: Path, kind: str) -> dict[str, int]:
    """Our complete-looking files in a folder: name → size."""
    return {path.name: path.stat().st_size for path in spool_files(folder, kind) if path.exists()}


def same(a: Path, b: Path, kind: str) -> Callable:
    return lambda: ours(a, kind) == ours(b, kind)


@pytest.fixture
def pair(tmp_path: Path):
    _need_syncthing()
    pair = SyncthingPair(tmp_path / "st", isolated=can_isolate())
    yield pair
    pair.stop()


def test_two_syncthings_carry_notes_and_signed_replies(pair: SyncthingPair, tmp_path: Path) -> None:
    pms = fast_store(tmp_path / "pms")
    pms.initialize(PASS)
    kiosks = []
    for number in range(KIOSKS):
        kiosk = fast_store(tmp_path / f"kiosk{number}", flood_limit=1000)
        kiosk.initialize_public_only(pms.public_key_path)
        kiosks.append(kiosk)
    ids = [kiosk_id(kiosk) for kiosk in kiosks]
    spool_a, spool_b = tmp_path / "spool-kiosques", tmp_path / "spool-pms"
    folders = []
    for kid in ids:
        folders.append(
            (f"kiosque-{kid}", spool_a / f"kiosque-{kid}", "sendonly", spool_b / f"kiosque-{kid}", "receiveonly")
        )
        folders.append((f"pms-{kid}", spool_a / f"pms-{kid}", "receiveonly", spool_b / f"pms-{kid}", "sendonly"))
    pair.configure(folders)
    pair.start()

    receipts = {
        kid: [kiosk.add_note(f"{kid} note {i}") for i in range(NOTES)] for kid, kiosk in zip(ids, kiosks, strict=True)
    }
    for kiosk in kiosks:
        assert kiosk_round(kiosk, spool_a).notes == NOTES
    # Injected: a conflict copy as Syncthing names it, and a partial file (a copy cut short).
    first = spool_a / f"kiosque-{ids[0]}"
    original = spool_files(first, "n")[0]
    conflict = original.with_name(original.name.replace(".json", ".sync-conflict-20261130-000000-ABCDEF1.json"))
    shutil.copy(original, conflict)
    whole = original.read_bytes()
    partial = first / "n-00000000000000aa.json"
    partial.write_bytes(whole[:700])
    (spool_b / f"kiosque-{ids[1]}" / ".syncthing.n-00000000000000bb.json.tmp").write_bytes(b'{"format"')

    try:
        for kid in ids:
            wait_for(same(spool_a / f"kiosque-{kid}", spool_b / f"kiosque-{kid}", "n"), WAIT, f"kiosque-{kid}")
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{pair.logs()}") from None

    session = pms.unlock(PASS)
    report = pms_round(session, spool_b)
    assert report.notes == KIOSKS * NOTES and report.refused == [] and report.aside == []
    assert report.waiting == [(f"kiosque-{ids[0]}/{partial.name}", "sync_incomplete")]
    assert sorted(n.note_id for n in session.list_notes()) == sorted(r.note_id for rs in receipts.values() for r in rs)
    for kid in ids:
        for receipt in receipts[kid][:REPLIES]:
            session.reply(receipt.note_id, f"Réponse du PMS pour {receipt.note_id}")
    pms_round(session, spool_b)

    for kid, kiosk in zip(ids, kiosks, strict=True):
        wait_for(same(spool_b / f"pms-{kid}", spool_a / f"pms-{kid}", "r"), WAIT, f"pms-{kid}")
        back = kiosk_round(kiosk, spool_a)
        assert back.messages == REPLIES and back.refused == []
        for receipt in receipts[kid][:REPLIES]:
            last = kiosk.open_followup(receipt.code).messages[-1]
            assert (last.author, last.text) == ("pms", f"Réponse du PMS pour {receipt.note_id}")
    assert not original.exists() and not conflict.exists()  # acknowledged, so removed by the kiosk
    assert partial.exists()  # never acknowledged while incomplete

    # The partial file completes (the copy finishes); then a few rounds on both sides.
    partial.write_bytes(whole.replace(original.name[:-5].encode(), partial.name[:-5].encode()))
    wait_for(same(first, spool_b / f"kiosque-{ids[0]}", "n"), WAIT, "the completed file")
    late = pms_round(session, spool_b)
    assert (late.notes, late.messages, late.waiting, late.refused) == (0, 0, [], [])
    for _ in range(2):
        for kid, kiosk in zip(ids, kiosks, strict=True):
            wait_for(same(spool_b / f"pms-{kid}", spool_a / f"pms-{kid}", "r"), WAIT, f"pms-{kid}")
            assert kiosk_round(kiosk, spool_a).messages == 0  # nothing doubled
        for kid in ids:
            wait_for(same(spool_a / f"kiosque-{kid}", spool_b / f"kiosque-{kid}", "n"), WAIT, f"kiosque-{kid}")
        assert pms_round(session, spool_b).notes == 0
    assert not partial.exists()
    assert len(session.list_notes()) == KIOSKS * NOTES
    for kid in ids:  # acknowledged files are gone on both sides: at most the last round's files remain
        assert len(ours(spool_b / f"kiosque-{kid}", "n")) <= 1
        assert len(ours(spool_a / f"pms-{kid}", "r")) <= 2
