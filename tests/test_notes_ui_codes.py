"""Pilot tests of the limits on a real store: urgent notes pass a flood, a right code waits ≤ 60 s.

The store runs on an injectable clock: waits pass by moving it, never by sleeping.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from kiosk.screens.followup import FollowupScreen
from kiosk.screens.note_form import NoteScreen
from kiosk.screens.notes import DangerScreen, ReceiptScreen
from kiosk.screens.widgets.note_widgets import ConversationView, LimitedTextArea
from kiosk.store import NoteStore, StoreError
from kiosk.store.throttle import CODE_DELAY, FREE_CODE_FAILURES

SIZE = (80, 24)
PASSPHRASE = "une phrase de test assez longue"
WRONG = "arbre-avion-balle-11"


class Clock:
    """A settable clock for the store."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 14, 7, 41)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def store_on(data_dir: Path, clock: Clock, *, initialize: bool = False, **kwargs: Any) -> NoteStore:
    store = NoteStore(data_dir, kdf="minimal", code_kdf=(1, 8192), clock=clock, **kwargs)
    if initialize:
        store.initialize(PASSPHRASE)
    return store


async def settle(app: Any, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def shown(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def send_note(app: Any, pilot: Any, text: str) -> Any:
    """An ordinary note typed from the note form (both questions skipped)."""
    await app.push_screen(NoteScreen())
    await settle(app, pilot)
    await pilot.press("3", "3")
    await type_text(pilot, text)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    return app.screen


async def try_code(app: Any, pilot: Any, code: str) -> str:
    """Type a code in the follow-up screen (field emptied first), Enter; what the status says."""
    field = app.screen.query_one("#code-input", Input)
    field.value = ""
    field.focus()
    await type_text(pilot, code)
    await pilot.press("enter")
    await settle(app, pilot)
    return shown(app.screen, "#ask-status")


async def test_flood_then_an_urgent_note_from_the_danger_path_is_stored(make_app, tmp_data_dir):
    clock = Clock()
    store = store_on(tmp_data_dir, clock, initialize=True, flood_limit=2)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        for text in ("un", "deux"):
            assert isinstance(await send_note(app, pilot, text), ReceiptScreen)
            await app.pop_screen()
        refused = await send_note(app, pilot, "trois")
        assert isinstance(refused, NoteScreen)
        assert "112" in shown(refused, "#note-status") and "toujours là" in shown(refused, "#note-status")
        assert refused.query_one("#note-text", LimitedTextArea).text == "trois"
        await app.pop_screen()
        await app.push_screen(DangerScreen())
        await pilot.pause()
        await pilot.press("1")
        await settle(app, pilot)
        assert isinstance(app.screen, NoteScreen) and app.screen.urgent
        await type_text(pilot, "il me menace")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
    records = json.loads((tmp_data_dir / "notes.json").read_text(encoding="utf-8"))["notes"].values()
    urgent = [doc for doc in records if doc["urgent"]]
    assert len(records) == 3 and len(urgent) == 1 and urgent[0]["flood"] is True
    note = store.unlock(PASSPHRASE).read(urgent[0]["id"])
    assert note.text == "il me menace"


async def test_five_wrong_codes_then_the_right_code_opens_by_itself_within_a_minute(
    make_app, tmp_data_dir, monkeypatch
):
    monkeypatch.setattr(FollowupScreen, "WAIT_TICK", 0.05)
    clock = Clock()
    store = store_on(tmp_data_dir, clock, initialize=True)
    app = make_app(store=store)
    receipt = store.add_note("on m'embête")
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(FollowupScreen())
        await pilot.pause()
        for _ in range(FREE_CODE_FAILURES + 1):
            assert "n'existe pas" in await try_code(app, pilot, WRONG)
        assert "tout seul dans" in await try_code(app, pilot, WRONG)  # the 5th waits its turn
        clock.advance(CODE_DELAY)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert "n'existe pas" in shown(app.screen, "#ask-status")  # tried by itself: still wrong
        # The child with the right code comes now.
        status = await try_code(app, pilot, receipt.code)
        seconds = int(status.split("dans ")[1].split(" s")[0])
        assert 0 < seconds <= CODE_DELAY
        clock.advance(seconds)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert app.screen.query(ConversationView), "the right code opened by itself"
        assert app.screen.query_one(ConversationView)._messages[0].text == "on m'embête"


async def test_both_counters_survive_a_restart_of_the_kiosk(make_app, tmp_data_dir, monkeypatch):
    monkeypatch.setattr(FollowupScreen, "WAIT_TICK", 0.05)
    clock = Clock()
    first = store_on(tmp_data_dir, clock, initialize=True, flood_limit=1)
    receipt = first.add_note("premier")
    for _ in range(FREE_CODE_FAILURES + 1):
        with pytest.raises(StoreError):
            first.open_followup(WRONG)
    app = make_app(store=store_on(tmp_data_dir, clock, flood_limit=1))  # a new kiosk process on the same folder
    async with app.run_test(size=SIZE) as pilot:
        refused = await send_note(app, pilot, "encore")
        assert isinstance(refused, NoteScreen) and "112" in shown(refused, "#note-status")
        await app.pop_screen()
        await app.push_screen(FollowupScreen())
        await pilot.pause()
        assert "tout seul dans" in await try_code(app, pilot, receipt.code)
        clock.advance(CODE_DELAY)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert app.screen.query(ConversationView)
