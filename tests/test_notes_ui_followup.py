"""Follow-up screen failures on a fake store: too many tries, an answer that could not be written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.widgets import OptionList, Static

from kiosk.screens.followup import FollowupScreen
from kiosk.screens.widgets.note_widgets import LimitedTextArea
from kiosk.store import FollowupView, Message
from kiosk.store.errors import TooManyAttempts, UnknownCode, WriteFailed

SIZE = (80, 24)


# The store's own value types: a fake store returns what the real one does.
_Message = Message
_View = FollowupView


@dataclass
class FakeFollowups:
    """One known code; ``open_fails`` / ``answer_fails`` are raised when set."""

    open_fails: Exception | None = None
    answer_fails: Exception | None = None
    answers: list[str] = field(default_factory=list)

    def readiness(self) -> str:
        return "ok"

    def timestamp(self) -> float:
        """A clock that stands still: a countdown reads the same however slow the machine."""
        return 1_800_000_000.0

    def open_followup(self, code: str) -> _View:
        if self.open_fails is not None:
            raise self.open_fails
        if code.replace(" ", "-").lower() != "soleil-pomme-42":
            raise UnknownCode()
        extra = [_Message("eleve", text, "2026-11-21", "pm") for text in self.answers]
        return _View("n1", [_Message("eleve", "coucou", "2026-11-20", "am"), *extra])

    def answer_followup(self, code: str, text: str) -> None:
        if self.answer_fails is not None:
            raise self.answer_fails
        self.answers.append(text)


async def open_code(app: Any, pilot: Any, code: str) -> FollowupScreen:
    """Push the follow-up screen, type ``code``, press Enter, wait for the store."""
    await app.push_screen(FollowupScreen())
    await pilot.pause()
    await pilot.press(*["space" if ch == " " else ch for ch in code], "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    return app.screen


def text_of(screen: Any, selector: str) -> str:
    """What a Static shows."""
    return str(screen.query_one(selector, Static).render())


async def test_too_many_attempts_is_said_kindly(make_app):
    app = make_app(store=FakeFollowups(open_fails=TooManyAttempts(300)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_code(app, pilot, "soleil-pomme-42")
        assert "tout seul dans 300 s" in text_of(screen, "#ask-status")


async def test_nothing_lists_codes_or_notes(make_app):
    app = make_app(store=FakeFollowups())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_code(app, pilot, "")
        assert "Écris d'abord ton code" in text_of(screen, "#ask-status")
        assert not screen.query(OptionList)  # no menu, no list: a code must be typed


async def test_answer_write_failure_keeps_the_answer(make_app):
    store = FakeFollowups(answer_fails=WriteFailed("disque plein."))
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_code(app, pilot, "soleil pomme 42")
        await pilot.press("tab", *"merci")  # the conversation has the focus: Tab to the answer
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = text_of(screen, "#answer-status")
        assert "Non envoyé" in status and "disque plein" in status and "toujours là" in status
        area = screen.query_one("#answer-text", LimitedTextArea)
        assert area.text == "merci" and not area.read_only
        store.answer_fails = None
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Envoyé ✓" in text_of(screen, "#answer-status")
    assert store.answers == ["merci"]


async def test_backspace_outside_the_answer_warns_first(make_app):
    app = make_app(store=FakeFollowups())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        screen = await open_code(app, pilot, "soleil-pomme-42")
        await pilot.press("tab", *"brouillon", "tab")
        await pilot.press("backspace")
        assert app.screen is screen and "⌫" in text_of(screen, "#answer-status")
        await pilot.press("backspace")
        assert app.screen is not screen
