"""Export the README's screenshots (SVG, 80×24) with Textual, headless.

Usage: ``uv run python docs/make_screenshots.py`` (writes ``docs/screenshots/*.svg``).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from kiosk.app import KioskApp
from kiosk.config import KioskConfig

OUT = Path(__file__).resolve().parent / "screenshots"
SHOTS = {
    "welcome": [],
    "home": ["space"],
    "eleve": ["space", "1"],
    "eleve_primaire": ["space", "1", "1"],
    "parent": ["space", "2"],
    "equipe": ["space", "3"],
    "page": ["space", "1", "1", "1"],
    "contact": ["space", "2", "3", "1"],
    "danger": ["space", "1", "3"],
    "procedure": ["space", "3", "1"],
}


async def shoot(name: str, keys: list[str], data_dir: Path) -> None:
    """One screenshot after pressing ``keys``."""
    config = KioskConfig(data_dir=data_dir, school_name="École Saint-Exemple")
    app = KioskApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))


async def main() -> int:
    """Every screenshot of :data:`SHOTS`."""
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir:
        for name, keys in SHOTS.items():
            await shoot(name, keys, Path(data_dir))
            print(OUT / f"{name}.svg")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
