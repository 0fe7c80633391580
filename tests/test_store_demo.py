"""Demo mode: the throw-away store opens with DEMO_PASSPHRASE and holds the sample notes."""

from __future__ import annotations

import shutil
import subprocess
import sys

from kiosk.demo import DEMO_PASSPHRASE, make_demo_dir, seed_demo
from kiosk.store import NoteStore


def test_demo_dir_is_cheap_and_the_child_process_seeds_it() -> None:
    data_dir = make_demo_dir()
    try:
        _check_seeding(data_dir)
    finally:
        shutil.rmtree(data_dir)


def _check_seeding(data_dir) -> None:
    assert data_dir.is_dir()
    assert not NoteStore(data_dir).is_initialized  # nothing slow before the first paint
    # What KioskApp runs after the first paint:
    subprocess.run(
        [sys.executable, "-m", "kiosk.demo", str(data_dir)],
        input=DEMO_PASSPHRASE + "\n",
        text=True,
        check=True,
        timeout=120,
    )
    seed_demo(data_dir, DEMO_PASSPHRASE)  # a second run keeps what is there
    store = NoteStore(data_dir)
    assert store.counts() == {"nouveau": 5, "en_cours": 0, "traite": 0, "urgent": 1, "illisible": 0, "unread_answer": 0}
    notes = store.unlock(DEMO_PASSPHRASE).list_notes()
    assert notes[0].urgent
    assert any("[bold red]X[/]" in note.preview for note in notes)
    assert len({(note.date, note.part_of_day) for note in notes}) >= 4  # spread over several half-days
