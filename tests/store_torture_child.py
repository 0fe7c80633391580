"""Child process of the store tortures: add notes and print each note id once it is durable.

Usage: ``python tests/store_torture_child.py DATA_DIR COUNT TAG``; it prints ``ready``, then waits
for a line on stdin before writing. A line is printed only after ``add_note`` returned, so every
printed id is an acknowledged note.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.store import NoteStore

__all__ = ["main"]


def main(argv: list[str]) -> int:
    """Add COUNT notes to DATA_DIR (cheap test KDFs), printing each receipt id."""
    data_dir, count, tag = Path(argv[0]), int(argv[1]), argv[2]
    store = NoteStore(data_dir, flood_limit=100_000, kdf="minimal", code_kdf=(1, 8192))
    import nacl.public  # noqa: E401,F401 - warm: loaded lazily otherwise

    sys.stdout.write("ready\n")  # start-up done: the parent's kills land in the writes, not in imports
    sys.stdout.flush()
    sys.stdin.readline()  # the parent's go (it starts the next children while these write)
    for index in range(count):
        receipt = store.add_note(f"torture {tag} {index} " + "é" * (index % 50), urgent=index % 7 == 0)
        sys.stdout.write(receipt.note_id + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
