"""Snapshots of the shell's screens at 80×24 (pytest-textual-snapshot).

Update after an intended change with ``uv run pytest tests/test_shell_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/__snapshots__/`` before committing them.
"""

from __future__ import annotations

import pytest

SIZE = (80, 24)

SCREENS = {
    "welcome": [],
    "home": ["space"],
    "eleve": ["space", "1"],
    "eleve_primaire": ["space", "1", "1"],
    "eleve_secondaire": ["space", "1", "2"],
    "parent": ["space", "2"],
    "equipe": ["space", "3"],
    "home_nl": ["space", "6"],
    "home_en": ["space", "7"],
    "page_primaire": ["space", "1", "1", "1"],
    "page_parent_letter": ["space", "2", "1"],
    "contact_group": ["space", "2", "3"],
}


@pytest.mark.parametrize("name", SCREENS)
def test_screen(snap_compare, make_app, name):
    assert snap_compare(make_app(), terminal_size=SIZE, press=SCREENS[name])


def test_idle_warning(snap_compare, make_app, monkeypatch):
    # The idle clock is frozen: on a loaded machine a second could pass before the
    # screenshot and change the countdown (8 s) that the snapshot shows.
    now = [1000.0]
    monkeypatch.setattr("kiosk.app.monotonic", lambda: now[0])
    app = make_app(idle_seconds=60)

    async def run_before(pilot):
        await pilot.press("space")
        now[0] += 52
        app.idle_tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_demo_tag(snap_compare, make_app, monkeypatch):
    # The examples' seeding (a child process, ~2 s to wait for at the end) is not what this shows.
    monkeypatch.setattr("kiosk.app.KioskApp._seed_demo", lambda self: None)
    assert snap_compare(make_app(demo=True), terminal_size=SIZE, press=["space"])
