"""Snapshots at 80×24 of the note form, the receipt, the danger screen and the follow-up view.

A fake store with fixed codes and dates keeps them stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.screens.followup import FollowupScreen
from kiosk.screens.note_form import NoteScreen
from kiosk.screens.notes import DangerScreen
from kiosk.store import FollowupView, Message

SIZE = (80, 24)
SCHEDULE = "Le PMS lit les messages le lundi et le jeudi."


@dataclass(frozen=True)
class _Receipt:
    note_id: str
    code: str
    date: str
    part_of_day: str


# The store's own value types: a fake store returns what the real one does.
_Message = Message
_View = FollowupView


class _FixedStore:
    """Always the same receipt and the same conversation."""

    def readiness(self) -> str:
        return "ok"

    def add_note(self, text: str, **answers: Any) -> _Receipt:
        return _Receipt("n1", "soleil-pomme-42", "2026-11-21", "am")

    def open_followup(self, code: str) -> _View:
        return _View(
            "n1",
            [
                _Message("eleve", "On m'appelle [bold]le nul[/bold] dans le groupe.", "2026-11-16", "am"),
                _Message("pms", "Merci de nous l'avoir écrit. Tu peux venir au PMS jeudi.", "2026-11-17", "pm"),
            ],
        )


def _app(make_app: Any) -> Any:
    app = make_app(pms_reading_schedule=SCHEDULE, store=_FixedStore())
    return app


def _typed(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


def test_note_form(snap_compare, make_app):
    async def open_form(pilot: Any) -> None:
        await pilot.app.push_screen(NoteScreen())
        await pilot.press("1", "2", *_typed("Ils rigolent de moi."), "tab", "space")
        await pilot.pause()

    assert snap_compare(_app(make_app), terminal_size=SIZE, run_before=open_form)


def test_receipt(snap_compare, make_app):
    async def send(pilot: Any) -> None:
        await pilot.app.push_screen(NoteScreen(urgent=True))
        await pilot.press(*_typed("aide"), "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(make_app), terminal_size=SIZE, run_before=send)


def test_danger(snap_compare, make_app):
    async def open_danger(pilot: Any) -> None:
        await pilot.app.push_screen(DangerScreen())
        await pilot.pause()

    assert snap_compare(_app(make_app), terminal_size=SIZE, run_before=open_danger)


def test_followup_view(snap_compare, make_app):
    async def open_code(pilot: Any) -> None:
        await pilot.app.push_screen(FollowupScreen())
        await pilot.press(*_typed("soleil-pomme-42"), "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*_typed("Oui je viendrai"))
        await pilot.pause()

    assert snap_compare(_app(make_app), terminal_size=SIZE, run_before=open_code)
