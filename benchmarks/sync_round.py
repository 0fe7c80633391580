"""Time of ``kiosk sync`` rounds: a PMS round importing 20 kiosks × 200 notes, and kiosk rounds.

Run: ``uv run python benchmarks/sync_round.py`` (about a minute). Each kiosk's notes are real
sealed notes (~350 characters, one student answer on every tenth), put in its file in bulk;
then it times each kiosk's first round (writing its spool file), the PMS round that checks,
opens and imports all of them and answers every kiosk (signed), a PMS round with nothing new,
and the kiosks' rounds taking the replies back.
Target: the PMS import round ≤ 10 s on the project machine (2 shared cores).
"""

from __future__ import annotations

import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kiosk.store import NoteStore, crypto
from kiosk.store.sync import kiosk_round, pms_round

__all__ = ["main"]

KIOSKS = 20
NOTES = 200
REPLIES = 5  # per kiosk, for the way back (each reply is one store write: setup time)
TEXT = "On se moque de moi dans le groupe de la classe depuis des semaines. " * 5
PASS = "benchmark passphrase"


def _fill(kiosk: NoteStore, count: int) -> None:
    """``count`` real sealed notes (each its own seal and box) in one write."""
    public = kiosk.public_key()
    day, pod = kiosk.half_day()
    with kiosk.db.transaction() as tables:
        notes = tables.setdefault("notes", {})
        for number in range(count):
            key = secrets.token_bytes(32)
            content = {"text": TEXT, "answers": {"lang": "fr"}, "key": crypto.b64e(key)}
            note_id = secrets.token_hex(4)
            messages = (
                []
                if number % 10
                else [
                    {
                        "mid": secrets.token_hex(6),
                        "author": "eleve",
                        "date": day,
                        "part_of_day": pod,
                        "sealed": crypto.seal(public, b"une suite"),
                        "box": crypto.secret_box(key, b"une suite"),
                    }
                ]
            )
            notes[str(int(note_id, 16))] = {
                "id": note_id,
                "date": day,
                "part_of_day": pod,
                "status": "nouveau",
                "urgent": number % 7 == 0,
                "sealed": crypto.seal(public, json.dumps(content).encode()),
                "tag": secrets.token_hex(16),
                "salt": crypto.b64e(secrets.token_bytes(16)),
                "box": crypto.secret_box(key, TEXT.encode()),
                "messages": messages,
                "memos": [],
            }


def _timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def _line(label: str, values: list[float]) -> str:
    return (
        f"{label:<44} median {statistics.median(values) * 1000:7.1f} ms   "
        f"max {max(values) * 1000:7.1f} ms   (n={len(values)})"
    )


def main() -> int:
    """Build the kiosks, run the rounds, print the figures; exit 1 if the PMS round misses 10 s."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pms = NoteStore(root / "pms", kdf="minimal")
        pms.initialize(PASS)
        spool = root / "spool"
        spool.mkdir()
        kiosks = []
        for number in range(KIOSKS):
            kiosk = NoteStore(root / f"kiosk{number}", kdf="minimal")
            kiosk.initialize_public_only(pms.public_key_path)
            _fill(kiosk, NOTES)
            kiosks.append(kiosk)
        first = [_timed(kiosk_round, kiosk, spool)[1] for kiosk in kiosks]
        size = sum(path.stat().st_size for path in spool.rglob("n-*.json"))
        session = pms.unlock(PASS)
        report, import_time = _timed(pms_round, session, spool)
        assert report.notes == KIOSKS * NOTES and not report.refused, report
        idle_time = _timed(pms_round, session, spool)[1]
        for doc in list(pms.db.read()["notes"].values())[: KIOSKS * REPLIES]:
            session.reply(doc["id"], "Passe au bureau du PMS mardi, on en parle.")
        reply_round = _timed(pms_round, session, spool)[1]
        back = [_timed(kiosk_round, kiosk, spool) for kiosk in kiosks]
        assert sum(result.messages for result, _t in back) == KIOSKS * REPLIES
        again = [_timed(kiosk_round, kiosk, spool)[1] for kiosk in kiosks]

    print(f"{KIOSKS} kiosks × {NOTES} notes ({size / 1e6:.1f} MB of padded spool files)")
    print(_line("kiosk round, first (writes its 200 notes)", first))
    print(f"{'PMS round: check, open, import 4000 notes':<44} {import_time:7.2f} s   (target ≤ 10 s)")
    print(f"{'PMS round, nothing new':<44} {idle_time:7.2f} s")
    print(f"{'PMS round writing 100 signed replies':<44} {reply_round:7.2f} s")
    print(_line("kiosk round taking 5 replies back", [t for _r, t in back]))
    print(_line("kiosk round, nothing new", again))
    return 0 if import_time <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
