"""Demo mode: the throw-away store opens with DEMO_PASSPHRASE and holds the sample notes."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.demo import DEMO_PASSPHRASE, prepare_demo, seed_demo
from kiosk.store import NoteStore


def test_prepare_demo_is_cheap_and_seed_fills(tmp_path: Path) -> None:
    config, passphrase = prepare_demo(KioskConfig(data_dir=tmp_path / "unused"))
    assert passphrase == DEMO_PASSPHRASE and config.data_dir.is_dir()
    assert not NoteStore(config.data_dir).is_initialized  # nothing slow before the first paint
    seed_demo(config.data_dir, passphrase)
    seed_demo(config.data_dir, passphrase)  # a second run keeps what is there
    store = NoteStore(config.data_dir)
    assert store.counts() == {"nouveau": 5, "en_cours": 0, "traite": 0, "urgent": 1}
    notes = store.unlock(DEMO_PASSPHRASE).list_notes()
    assert notes[0].urgent
    assert any("[bold red]X[/]" in note.preview for note in notes)
    assert len({(note.date, note.part_of_day) for note in notes}) >= 4  # spread over several half-days
