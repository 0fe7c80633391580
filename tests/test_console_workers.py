"""The console's store calls run in workers: keys typed while one runs never act on stale state.

A store call is held back with an Event so that the keys really come while it runs.
"""

from __future__ import annotations

import threading
from typing import Any

from test_console_support import screen_text, settle
from textual.widgets import TextArea

from kiosk.screens.console.inbox import PREVIEW_PENDING, InboxScreen
from kiosk.screens.console.note_view import NoteViewScreen, SaveDialog


def _held(method: Any, gate: threading.Event, calls: list[Any]) -> Any:
    """``method`` that waits for ``gate`` (in the worker thread) and counts its calls."""

    def held(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        assert gate.wait(10), "the test never let the store call go"
        return method(*args, **kwargs)

    return held


async def test_a_second_ctrl_s_while_saving_saves_one_reply(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        session = app.pms_session
        gate, calls = threading.Event(), []
        session.reply = _held(session.reply, gate, calls)
        await pilot.press("enter")
        await settle(app, pilot)
        note_id = app.screen._note_id
        await pilot.press("5")
        await pilot.pause()
        await pilot.press(*"Passe au bureau")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog) and "Enregistrement…" in screen_text(app)
        assert app.screen.query_one(TextArea).read_only  # the draft stays, untouchable meanwhile
        await pilot.press("ctrl+s")  # impatient: a second save while the first runs
        await pilot.click("#dialog-save")
        await pilot.click("#dialog-cancel")  # cancelling waits too: the reply may be written
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        gate.set()
        await settle(app, pilot)
        assert isinstance(app.screen, NoteViewScreen) and len(calls) == 1
        assert [m.text for m in session.read(note_id).messages] == ["Passe au bureau"]


async def test_backspace_while_the_note_is_read_leaves_cleanly(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        session = app.pms_session
        gate, calls = threading.Event(), []
        session.read = _held(session.read, gate, calls)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, NoteViewScreen) and "Lecture du message…" in screen_text(app)
        await pilot.press("backspace")  # back before the note came
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        gate.set()
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen) and calls  # the late note went nowhere
        assert "Lecture du message" not in screen_text(app) and "Erreur" not in screen_text(app)


async def test_a_preview_shows_a_placeholder_until_opened_and_goes_with_the_key(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        inbox = app.screen
        assert isinstance(inbox, InboxScreen) and inbox._previews  # the rows on screen were opened
        note = inbox._listing.notes[0]
        opened = inbox._previews.pop(note.note_id)
        assert opened[0] and opened[0] not in [cell.plain for cell in inbox._cells(note)]
        assert PREVIEW_PENDING in [cell.plain for cell in inbox._cells(note)]  # never decrypted on the UI thread
        await settle(app, pilot)
        assert inbox._previews[note.note_id] == opened  # a worker opened it again, then the row repaints
        inbox.lock_console()
        await settle(app, pilot)
        assert inbox._previews == {} and not inbox._listing.notes  # nothing decrypted outlives the key
