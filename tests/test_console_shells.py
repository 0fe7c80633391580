"""Console screens composed ahead (screens/console/shells.py): empty until shown, used once,
the same cells as a screen built on the key, and nothing of a note left after it closes.

No timing here: ``benchmarks/console_keys.py`` measures speed.
"""

from __future__ import annotations

import asyncio

from test_console_support import MARKUP_NOTE, screen_text, settle
from textual.widgets import Static

from kiosk.screens.console.audit import AuditScreen
from kiosk.screens.console.inbox import InboxScreen
from kiosk.screens.console.note_list import NoteList
from kiosk.screens.console.note_view import NoteViewScreen

#: Words of the seeded notes (test_console_support.seed) that must never sit in an empty shell.
NOTE_WORDS = ("Ancienne histoire", "bold red", "Léa, 3B", "J'ai peur ce soir", "On se moque de moi")


async def shells_ready(app, pilot) -> InboxScreen:
    """Wait (no key meanwhile) until the inbox holds an empty note view and journal."""
    inbox = next(screen for screen in app.screen_stack if isinstance(screen, InboxScreen))
    for _ in range(200):
        if "note" in inbox.shells and "audit" in inbox.shells:
            return inbox
        await asyncio.sleep(0.05)
    raise AssertionError("no console screen composed ahead")


def shown_words(screen) -> str:
    """Everything the screen's text widgets hold (shown or not)."""
    return "\n".join(str(widget.render()) for widget in screen.query(Static))


def assert_empty(screen) -> None:
    words = shown_words(screen)
    for word in NOTE_WORDS:
        assert word not in words
    assert screen._session is None


async def open_markup_note(app, pilot) -> None:
    app.screen.query_one("#inbox", NoteList).cursor = 2  # the note with markup (see test_console.open_row)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, NoteViewScreen)


async def test_shells_are_empty_used_once_and_keep_nothing_after_closing(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        inbox = await shells_ready(app, pilot)
        note_shell, journal_shell = inbox.shells._ready["note"], inbox.shells._ready["audit"]
        assert_empty(note_shell)
        assert_empty(journal_shell)
        await open_markup_note(app, pilot)
        assert app.screen is note_shell  # Enter took the screen composed ahead
        assert "Léa, 3B" in screen_text(app)
        await pilot.press("9")
        await settle(app, pilot)
        assert app.screen is journal_shell
        await pilot.press("backspace")
        await settle(app, pilot)
        await pilot.press("backspace")
        await settle(app, pilot)
        assert app.screen is inbox
        # Closed: the note went with its screen, and the next shells are empty again.
        assert note_shell._view is None and note_shell._session is None
        assert "Léa, 3B" not in shown_words(note_shell)
        assert journal_shell._session is None
        inbox = await shells_ready(app, pilot)
        assert inbox.shells._ready["note"] is not note_shell
        assert_empty(inbox.shells._ready["note"])
        assert_empty(inbox.shells._ready["audit"])


async def test_a_shell_shows_the_same_cells_as_a_screen_built_on_the_key(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        inbox = await shells_ready(app, pilot)
        shell = inbox.shells._ready["note"]
        await open_markup_note(app, pilot)
        assert app.screen is shell
        composed_ahead = screen_text(app)
        await pilot.press("backspace")
        await settle(app, pilot)
        inbox.shells.drop()  # none ready: the next Enter builds the screen on the key
        await open_markup_note(app, pilot)
        assert app.screen is not shell
        assert screen_text(app) == composed_ahead
        assert MARKUP_NOTE.replace("\x1b", "\\x1b")[:20] in composed_ahead


async def test_locking_the_console_removes_the_shells(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        inbox = await shells_ready(app, pilot)
        shells = list(inbox.shells._ready.values())
        inbox.lock_console()
        await pilot.pause()
        assert "note" not in inbox.shells and "audit" not in inbox.shells
        assert all(not shell.is_attached for shell in shells)
        assert not any(isinstance(screen, (NoteViewScreen, AuditScreen)) for screen in app.screen_stack)


async def test_composing_waits_a_moment_after_a_busy_spell(monkeypatch):
    """The answer a worker just brought is painted before a shell is laid out (no screen
    composed ahead in the same instant); with nothing busy, composing goes on at once."""
    from kiosk.screens.console import shells

    monkeypatch.setattr(shells, "QUIET", 0.02)
    busy = [True]  # busy once (a worker running), then quiet
    waiting = shells.ConsoleShells(owner=None, builders={}, busy=lambda: bool(busy and busy.pop()))  # type: ignore[arg-type]
    loop = asyncio.get_running_loop()
    started = loop.time()
    await waiting._quiet()
    assert loop.time() - started >= 2 * 0.02  # one wait while busy, then one more once quiet
    started = loop.time()
    await waiting._quiet()
    assert loop.time() - started < 0.02  # nothing busy: no wait


async def test_a_key_during_the_layout_takes_the_composed_shell(unlocked_console, monkeypatch):
    """Enter while the note view is composed but still being laid out: the key takes that screen
    (no second compose on the key), it shows the note like any other, and it is not removed
    when the interrupted layout stops. The next shell is composed afresh."""
    from kiosk.screens.console import shells

    never = asyncio.Event()

    async def stuck(self, screen) -> None:  # a layout that a key always interrupts
        await never.wait()

    monkeypatch.setattr(shells.ConsoleShells, "_lay_out", stuck)
    async with unlocked_console() as (app, pilot, _):
        inbox = next(screen for screen in app.screen_stack if isinstance(screen, InboxScreen))
        for _ in range(200):
            if inbox.shells._composed is not None:
                break
            await asyncio.sleep(0.05)
        kind, composed = inbox.shells._composed
        assert kind == "note" and composed.is_attached and not composed.laid_out_ahead
        assert_empty(composed)
        await open_markup_note(app, pilot)
        assert app.screen is composed
        await settle(app, pilot)
        assert composed.is_attached and app.screen is composed
        assert MARKUP_NOTE.replace("\x1b", "\\x1b")[:20] in screen_text(app)
        assert inbox.shells._adopted is None  # the stopped layout let go of it
        await pilot.press("backspace")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        for _ in range(200):  # a new empty one is composed for next time
            if inbox.shells._composed is not None and inbox.shells._composed[1] is not composed:
                break
            await asyncio.sleep(0.05)
        assert inbox.shells._composed[1] is not composed
        assert_empty(inbox.shells._composed[1])
