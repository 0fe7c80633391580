"""Benchmark: the PMS console with 10,000 notes.

    uv run python benchmarks/console_inbox.py [--notes 10000] [--runs 3]

Builds a store of N notes in one bulk write (sealed like real notes, under a
production "moderate" passphrase key; the follow-up code KDF is made cheap since
codes are not measured here), then measures, apart:

1. unlocking: the argon2id key derivation (``NoteStore.unlock``);
2. the rest: ``list_notes`` + ``counts`` alone, then the whole console in a headless
   Pilot at 80×24 (open the console, unlock with a pre-unlocked session so the KDF is
   not counted twice, inbox painted with N rows). Target for the rest: ≤ 1 s.

The bulk write uses the store's own record format through ``add_note`` with its
durable insert swapped for an in-memory list (one transaction for all notes
instead of N whole-file rewrites): a benchmark shortcut, not an API.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

PASSPHRASE = "banc d'essai console"


def build_store(data_dir: Path, count: int) -> float:
    """Create the store with ``count`` notes; returns the seconds it took."""
    from kiosk.store import NoteStore
    from kiosk.store.notes import note_key

    start = time.perf_counter()
    base = datetime(2026, 11, 21, 9)
    clock_state = {"now": base}
    store = NoteStore(data_dir, code_kdf=(1, 8192), flood_limit=count + 10, clock=lambda: clock_state["now"])
    store.initialize(PASSPHRASE)
    pending: list[dict] = []

    real_insert = store._insert

    def collect(record: dict, *rest: object) -> str | None:
        if not pending and not store.db.read().get("notes"):
            return real_insert(record, *rest)  # the first note goes the real way (sets the file's metadata)
        note_id = f"{len(pending) + 1:08x}"  # unique, in the store's 8-hex-digit format
        pending.append({"id": note_id, **record})
        return note_id

    store._insert = collect  # benchmark shortcut: see the module docstring
    for index in range(count):
        clock_state["now"] = base - timedelta(hours=12 * (index % 700))
        text = f"Message {index} : on se moque de moi sur le groupe de la classe depuis lundi. " * 2
        if index % 97 == 0:
            text = "[bold red]X[/] \x1b[31m" + text
        store.add_note(text, urgent=index % 50 == 0, for_whom="moi", level="secondaire")
    with store.db.transaction() as tables:
        notes = tables.setdefault("notes", {})
        for record in pending:
            notes[note_key(record["id"])] = record
    return time.perf_counter() - start


def time_unlock(data_dir: Path) -> tuple[float, object]:
    """Seconds for one unlock (key derivation), and the session."""
    from kiosk.store import NoteStore

    store = NoteStore(data_dir)
    start = time.perf_counter()
    session = store.unlock(PASSPHRASE)
    return time.perf_counter() - start, session


def time_listing(session: object) -> float:
    """Seconds for what the inbox reads: counts + the full list (decrypting every preview)."""
    start = time.perf_counter()
    session.counts()
    notes = session.list_notes()
    elapsed = time.perf_counter() - start
    assert len(notes) > 0
    return elapsed


async def time_console(data_dir: Path, count: int) -> float:
    """Seconds from pressing "4 Espace PMS" (unlock pre-done) to the inbox painted with ``count`` rows."""
    from kiosk.app import KioskApp
    from kiosk.config import KioskConfig
    from kiosk.screens.console.inbox import InboxScreen
    from kiosk.screens.console.note_list import NoteList
    from kiosk.store import NoteStore

    store = NoteStore(data_dir)
    session = store.unlock(PASSPHRASE)  # the KDF is measured apart
    store.unlock = lambda passphrase: session  # the console's worker gets it at once
    app = KioskApp(KioskConfig(data_dir=data_dir), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("4")
        await pilot.pause()
        app.screen.query_one("#passphrase").value = PASSPHRASE
        await pilot.press("enter")
        while not isinstance(app.screen, InboxScreen) or len(app.screen.query_one("#inbox", NoteList).items) < count:
            await pilot.pause(0.005)
        await pilot.pause()  # one more refresh: the rows are painted
        elapsed = time.perf_counter() - start
    return elapsed


class _ReadSession:
    """A session whose list was read beforehand: isolates the UI's own cost."""

    def __init__(self, notes: list) -> None:
        self.notes = notes

    def list_notes(self, status: str | None = None) -> list:
        return self.notes if status is None else [n for n in self.notes if n.status == status]

    def lock(self) -> None:
        self.notes = []


async def time_ui_only(data_dir: Path, notes: list) -> float:
    """Seconds to push the inbox and paint it from a list already decrypted."""
    from kiosk.app import KioskApp
    from kiosk.config import KioskConfig
    from kiosk.screens.console.inbox import InboxScreen
    from kiosk.screens.console.note_list import NoteList

    app = KioskApp(KioskConfig(data_dir=data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        start = time.perf_counter()
        await app.push_screen(InboxScreen(_ReadSession(notes)))
        while len(app.screen.query_one("#inbox", NoteList).items) < len(notes):
            await pilot.pause(0.005)
        await pilot.pause()
        return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="console-bench-") as folder:
        data_dir = Path(folder)
        built = build_store(data_dir, args.notes)
        size = (data_dir / "notes.json").stat().st_size / 1e6
        print(f"store: {args.notes} notes built in {built:.1f} s ({size:.1f} MB notes.json)")
        unlocks, listings, consoles, ui_only = [], [], [], []
        for _ in range(args.runs):
            seconds, session = time_unlock(data_dir)
            unlocks.append(seconds)
            listings.append(time_listing(session))
            ui_only.append(asyncio.run(time_ui_only(data_dir, session.list_notes())))
            consoles.append(asyncio.run(time_console(data_dir, args.notes)))
        print(
            f"unlock (argon2id 'moderate' key derivation): median {statistics.median(unlocks):.2f} s "
            f"(runs: {', '.join(f'{s:.2f}' for s in unlocks)})"
        )
        print(f"listing alone (counts + list_notes): median {statistics.median(listings):.2f} s")
        print(f"inbox painted from a list already read (the UI's own share): median {statistics.median(ui_only):.2f} s")
        print(
            f"the rest — console opened, inbox painted at 80x24 with {args.notes} rows: "
            f"median {statistics.median(consoles):.2f} s (runs: {', '.join(f'{s:.2f}' for s in consoles)}; "
            "target ≤ 1 s)"
        )


if __name__ == "__main__":
    main()
