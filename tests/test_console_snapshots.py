"""Snapshots at 80×24: the unlock dialog (demo mode), the inbox and a note shown literally."""

from __future__ import annotations

from test_console_support import SIZE, console_store, open_unlock, seed, unlock

from kiosk.screens.console.note_list import NoteList


def demo_app(make_app, data_dir):
    seed(data_dir)
    app = make_app(demo=True, store=console_store(data_dir))
    app.demo_passphrase = "demo demo demo"
    return app


def test_unlock_snapshot(snap_compare, make_app, tmp_data_dir):
    app = demo_app(make_app, tmp_data_dir)

    async def run_before(pilot):
        await open_unlock(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_inbox_snapshot(snap_compare, make_app, tmp_data_dir):
    app = demo_app(make_app, tmp_data_dir)

    async def run_before(pilot):
        await unlock(app, pilot, "cartable vert soleil")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_note_view_snapshot(snap_compare, make_app, tmp_data_dir):
    app = demo_app(make_app, tmp_data_dir)

    async def run_before(pilot):
        await unlock(app, pilot, "cartable vert soleil")
        app.screen.query_one("#inbox", NoteList).cursor = 2
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
