"""Every screen has a snapshot at 80×24, and the ones no other test pictured are pictured here.

:func:`test_every_screen_class_has_a_snapshot` walks the ``kiosk.screens`` package and
lists every :class:`~textual.screen.Screen` subclass it defines; each must be named in
:data:`SNAPSHOTS` with snapshot files that exist. A new screen without a snapshot, a
renamed class or a deleted snapshot fails it.

Update after an intended change with
``uv run pytest tests/test_every_screen_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
from pathlib import Path
from typing import Any

from test_console_support import SIZE, console_store, open_unlock, seed, settle, unlock
from textual.screen import Screen

import kiosk.screens
from kiosk.screens.base import KioskScreen
from kiosk.screens.console.audit import AuditScreen
from kiosk.screens.console.dialogs import ChoiceDialog, ConfirmDialog, ConsoleDialog, TextDialog
from kiosk.screens.console.inbox import InboxScreen
from kiosk.screens.console.note_list import NoteList
from kiosk.screens.console.recovery import RecoveryScreen
from kiosk.screens.draft import DraftScreen
from kiosk.screens.followup import FollowupScreen

SNAPSHOT_DIR = Path(__file__).parent / "__snapshots__"

#: Screen class → its snapshot files (``test_module/test_name``), at 80×24.
SNAPSHOTS: dict[str, list[str]] = {
    "WelcomeScreen": ["test_shell_snapshots/test_screen[welcome]"],
    "HomeScreen": ["test_shell_snapshots/test_screen[home]", "test_shell_snapshots/test_screen[home_en]"],
    "MenuScreen": ["test_shell_snapshots/test_screen[eleve]"],
    "PageScreen": ["test_shell_snapshots/test_screen[page_primaire]"],
    "ContactListScreen": ["test_shell_snapshots/test_screen[contact_group]"],
    "ContactCardScreen": ["test_qr_navigation/test_contact_card_snapshot"],
    "IdleWarning": ["test_shell_snapshots/test_idle_warning"],
    "ProcedureScreen": ["test_content_procedure/test_procedure_snapshot_80x24"],
    "ProcedurePartScreen": ["test_content_procedure/test_procedure_part_snapshot_80x24"],
    "NoteScreen": ["test_notes_ui_snapshots/test_note_form"],
    "ReceiptScreen": ["test_notes_ui_snapshots/test_receipt"],
    "DangerScreen": ["test_notes_ui_snapshots/test_danger"],
    "FollowupScreen": [
        "test_every_screen_snapshots/test_followup_code_entry",
        "test_notes_ui_snapshots/test_followup_view",
    ],
    "UnlockScreen": ["test_console_snapshots/test_unlock_snapshot"],
    "RecoveryScreen": ["test_every_screen_snapshots/test_recovery"],
    "InboxScreen": ["test_console_snapshots/test_inbox_snapshot"],
    "NoteViewScreen": ["test_console_snapshots/test_note_view_snapshot"],
    "AuditScreen": ["test_every_screen_snapshots/test_audit"],
    "TextDialog": ["test_every_screen_snapshots/test_text_dialog"],
    # The note's reply / memo box: a TextDialog that saves in a worker (the same picture).
    "SaveDialog": ["test_every_screen_snapshots/test_text_dialog"],
    "ConfirmDialog": ["test_every_screen_snapshots/test_confirm_dialog"],
    "ChoiceDialog": ["test_every_screen_snapshots/test_choice_dialog"],
}

#: Bases that are never shown themselves.
ABSTRACT = {KioskScreen, DraftScreen, ConsoleDialog}


def screen_classes() -> dict[str, type]:
    """Every Screen subclass defined in a module of ``kiosk.screens`` (sub-packages too)."""
    found: dict[str, type] = {}
    for module_info in pkgutil.walk_packages(kiosk.screens.__path__, prefix="kiosk.screens."):
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__ and cls not in ABSTRACT:
                found[name] = cls
    return found


def test_the_walk_finds_screens_in_sub_packages():
    """The walk itself works: it sees a console screen and a public one (else the test below is empty)."""
    found = screen_classes()
    assert {"InboxScreen", "RecoveryScreen", "HomeScreen", "IdleWarning"} <= set(found)


def test_every_screen_class_has_a_snapshot():
    found = screen_classes()
    missing = sorted(set(found) - set(SNAPSHOTS))
    assert not missing, f"screens without an 80x24 snapshot (add one, then name it in SNAPSHOTS): {missing}"
    stale = sorted(set(SNAPSHOTS) - set(found))
    assert not stale, f"SNAPSHOTS names classes that no longer exist: {stale}"
    absent = [path for paths in SNAPSHOTS.values() for path in paths if not (SNAPSHOT_DIR / f"{path}.svg").is_file()]
    assert not absent, f"snapshot files missing: {absent}"


# -- the snapshots no other test took -----------------------------------------------


def _console_app(make_app: Any, data_dir: Path) -> Any:
    seed(data_dir)
    app = make_app(store=console_store(data_dir))
    return app


def test_recovery(snap_compare, make_app, tmp_data_dir):
    app = _console_app(make_app, tmp_data_dir)

    async def run_before(pilot):
        await open_unlock(app, pilot)
        await pilot.click("#unlock-recovery")
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_audit(snap_compare, make_app, tmp_data_dir, monkeypatch):
    counter = itertools.count(0xA1)  # note ids are random: fixed here so the audit's "Message" column is stable
    monkeypatch.setattr("kiosk.store.notes.secrets.token_hex", lambda size: f"{next(counter):0{2 * size}x}")
    app = _console_app(make_app, tmp_data_dir)

    async def run_before(pilot):
        await unlock(app, pilot)
        app.screen.query_one("#inbox", NoteList).cursor = 1
        await pilot.press("enter")  # reading a note writes an audit line
        await settle(app, pilot)
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.press("9")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_text_dialog(snap_compare, make_app, tmp_data_dir):
    app = _console_app(make_app, tmp_data_dir)

    async def run_before(pilot):
        await unlock(app, pilot)
        await pilot.press("enter")  # open the first note (read in a worker)
        await settle(app, pilot)
        await pilot.press("6")  # *Mémo*
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Appel", "space", *"parents")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_confirm_dialog(snap_compare, make_app, tmp_data_dir):
    app = _console_app(make_app, tmp_data_dir)

    async def run_before(pilot):
        await unlock(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        await pilot.press("0")  # *Plus*
        await pilot.pause()
        await pilot.press("3")  # *Quitter le kiosque*: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_choice_dialog(snap_compare, make_app, tmp_data_dir):
    app = _console_app(make_app, tmp_data_dir)

    async def run_before(pilot):
        await unlock(app, pilot)
        await pilot.press("0")  # *Plus*: the console's other actions
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_followup_code_entry(snap_compare, make_app):
    app = make_app()

    async def run_before(pilot):
        await app.push_screen(FollowupScreen())
        await pilot.press(*"soleil")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
