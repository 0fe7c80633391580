"""Helpers of the console tests (no tests here): a real NoteStore with a cheap KDF, unlocking, screen text.

The store is real (``kiosk.store.NoteStore``); only its costs are lowered
(``kdf="minimal"``, a tiny follow-up code KDF, no flood limit) so tests stay fast.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.store import NoteStore

PASSPHRASE = "cartable vert soleil"
SIZE = (80, 24)
MARKUP_NOTE = "[bold red]X[/] puis [link=http://example.org]y[/link] et \x1b[31mrouge"

_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def cheap_store(data_dir: Path, *, day: str = "2026-11-20", hour: int = 9) -> NoteStore:
    """A real store on ``data_dir`` with test-only costs; its clock says ``day`` at ``hour``."""
    moment = datetime.fromisoformat(f"{day}T{hour:02d}:00:00")
    return NoteStore(data_dir, kdf="minimal", code_kdf=(1, 8192), flood_limit=1000, clock=lambda: moment)


def seed(data_dir: Path) -> dict[str, Any]:
    """Initialise the store and add four notes over three days; returns their receipts by name."""
    cheap_store(data_dir).initialize(PASSPHRASE)
    receipts = {
        "old": cheap_store(data_dir, day="2026-11-18").add_note("Ancienne histoire"),
        "markup": cheap_store(data_dir, day="2026-11-19", hour=15).add_note(
            MARKUP_NOTE, for_whom="moi", level="secondaire", contact="Léa, 3B"
        ),
        "urgent": cheap_store(data_dir, day="2026-11-18", hour=8).add_note("J'ai peur ce soir", urgent=True),
        "new": cheap_store(data_dir, day="2026-11-20", hour=10).add_note("On se moque de moi en ligne"),
    }
    return receipts


def console_store(data_dir: Path) -> NoteStore:
    """A cheap store on ``data_dir`` to hand to the app (it would open a production-cost one)."""
    return cheap_store(data_dir, day="2026-11-21", hour=14)


async def open_unlock(app: Any, pilot: Any) -> None:
    """Welcome → home → ``4 Espace PMS``."""
    await pilot.press("space")
    await pilot.pause()
    await pilot.press("4")
    await pilot.pause()


async def settle(app: Any, pilot: Any) -> None:
    """Wait for the console's workers (key derivation, reading the list) and the redraw.

    A console worker starts after the next refresh (its "…" is painted first) and its result
    may start another (a deletion, then the list): a few rounds of wait and pause.
    """
    for _ in range(6):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def submit(app: Any, pilot: Any, passphrase: str) -> None:
    """Type a passphrase in the unlock screen, press Enter and wait for the key derivation."""
    app.screen.query_one("#passphrase").value = passphrase
    await pilot.press("enter")
    await settle(app, pilot)


async def unlock(app: Any, pilot: Any, passphrase: str = PASSPHRASE) -> None:
    """Open the console and unlock it."""
    await open_unlock(app, pilot)
    await submit(app, pilot, passphrase)


def screen_text(app: Any) -> str:
    """The screen as plain text, rebuilt from the SVG screenshot (what a person would read)."""
    rows: dict[int, dict[int, str]] = {}
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        rows.setdefault(int(line), {})[round(float(x) / 12.2)] = html.unescape(text).replace("\xa0", " ").rstrip("\n")
    lines = []
    for number in sorted(rows):
        line = ""
        for column in sorted(rows[number]):
            line = line.ljust(column) + rows[number][column]
        lines.append(line)
    return "\n".join(lines)
