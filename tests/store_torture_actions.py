"""Child process of the action torture: PMS actions in a loop, one line per acknowledged action.

Usage: ``python tests/store_torture_actions.py DATA_DIR SEED SPOOL...``; it prints ``ready``, then
waits for a line on stdin before acting. Replies, statuses and
memos go to the notes of today; old notes are marked ``traite`` then purged; the kiosks' spool folders are
imported in turn. A line is printed only after the action returned (it is acknowledged).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from kiosk.store import NoteStore
from kiosk.store.sync import pms_round

__all__ = ["main"]

PASS = "correct horse battery"
RETENTION = 30


def main(argv: list[str]) -> int:
    """Act on DATA_DIR until killed (or 10,000 actions)."""
    data_dir, rng, bundles = Path(argv[0]), random.Random(int(argv[1])), [Path(p) for p in argv[2:]]
    store = NoteStore(data_dir, flood_limit=100_000, kdf="minimal", code_kdf=(1, 8192))
    session = store.unlock(PASS)
    sys.stdout.write("ready\n")  # the parent kills from here on: start-up time is not the test
    sys.stdout.flush()
    sys.stdin.readline()  # the parent's go (it starts the next child while this one acts)
    for _ in range(10_000):
        notes = session.list_notes()
        recent = [n.note_id for n in notes if n.date >= "2026-01-01"]
        old = [n.note_id for n in notes if n.date < "2026-01-01" and n.status != "traite"]
        action = rng.choice(["reply", "reply", "status", "memo", "purge", "import", "old"])
        if action == "reply" and recent:
            session.reply(rng.choice(recent), "réponse " + "é" * rng.randrange(50))
        elif action == "status" and recent:
            session.set_status(rng.choice(recent), rng.choice(["nouveau", "en_cours"]))
        elif action == "memo" and recent:
            session.add_memo(rng.choice(recent), "mémo")
        elif action == "old" and old:
            session.set_status(rng.choice(old), "traite")
            action = "status"
        elif action == "purge":
            action = f"purge {session.purge(RETENTION)}"
        elif action == "import" and bundles:
            report = pms_round(session, bundles[rng.randrange(len(bundles))])  # a kiosk sync round
            action = f"import {report.notes}"
        else:
            continue
        sys.stdout.write(action + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
