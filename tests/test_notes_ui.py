"""The student's note screen, receipt and danger screen (Pilot at 80×24, a fake store).

The fake store keeps the contract's signatures and raises the store's own
exceptions; ``test_notes_ui_store.py`` runs the same paths on a real NoteStore.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from textual import events
from textual.geometry import Region
from textual.widgets import Input, Static

from kiosk.screens.note_form import NoteScreen
from kiosk.screens.notes import DangerScreen, ReceiptScreen
from kiosk.screens.welcome import WelcomeScreen
from kiosk.screens.widgets.note_widgets import NOTE_LIMIT, LimitedTextArea, WordCheckbox
from kiosk.store.errors import FloodLimited, NotInitialized, WriteFailed

SIZE = (80, 24)


@dataclass(frozen=True)
class FakeReceipt:
    """Same fields as ``kiosk.store.Receipt``."""

    note_id: str
    code: str
    date: str
    part_of_day: str


@dataclass
class FakeStore:
    """Records ``add_note`` calls; ``fail`` (an exception) is raised instead when set."""

    fail: Exception | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)

    def readiness(self) -> str:
        return "ok"

    def add_note(self, text: str, **answers: Any) -> FakeReceipt:
        if self.fail is not None:
            raise self.fail
        self.notes.append({"text": text, **answers})
        return FakeReceipt(f"n{len(self.notes)}", "soleil-pomme-42", "2026-11-21", "pm")


async def open_note(app: Any, pilot: Any, *, urgent: bool = False, answers: tuple[str, ...] = ("3", "3")) -> NoteScreen:
    """Push the note screen and answer (or skip) the two questions."""
    await app.push_screen(NoteScreen(urgent=urgent))
    await pilot.pause()
    if not urgent:
        await pilot.press(*answers)
    await pilot.pause()
    assert isinstance(app.screen, NoteScreen)
    return app.screen


def shown(widget: Any) -> str:
    """The text a widget shows on screen, as plain lines (whatever it renders from)."""
    region = Region(0, 0, widget.outer_size.width, widget.outer_size.height)
    return "\n".join(strip.text for strip in widget.render_lines(region))


def status(screen: Any) -> str:
    """The note screen's message line."""
    return str(screen.query_one("#note-status", Static).render())


async def type_text(pilot: Any, text: str) -> None:
    """Type ``text`` key by key (spaces included)."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def wait_send(app: Any, pilot: Any) -> None:
    """Let the send worker finish and its result reach the screen."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_questions_then_typed_note_is_sent_with_answers(make_app):
    store = FakeStore()
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, answers=("1", "2"))
        assert screen.query_one("#note-text", LimitedTextArea).has_focus
        await type_text(pilot, "on me tape 2 fois")  # the digit is text here, not a menu choice
        assert screen.query_one("#note-text", LimitedTextArea).text == "on me tape 2 fois"
        assert "17 / 4000" in str(screen.query_one("#counter", Static).render())
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
        assert "soleil-pomme-42" in str(app.screen.query_one("#code", Static).render())
    assert store.notes == [
        {
            "text": "on me tape 2 fois",
            "for_whom": "moi",
            "level": "secondaire",
            "contact": None,
            "urgent": False,
            "lang": "fr",
        }
    ]


async def test_backspace_on_the_second_question_goes_back_to_the_first(make_app):
    app = make_app(store=FakeStore())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await app.push_screen(NoteScreen())
        await pilot.press("2", "backspace")
        screen = app.screen
        assert isinstance(screen, NoteScreen) and screen.query_one("#steps").current == "step-who"
        await pilot.press("1", "1")
        assert screen.query_one("#steps").current == "step-form" and screen.for_whom == "moi"


async def test_skipped_questions_and_send_button(make_app):
    store = FakeStore()
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot)
        screen.query_one("#note-text", LimitedTextArea).insert("bonjour")
        await pilot.click("#send")
        await wait_send(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
    assert store.notes[0]["for_whom"] is None and store.notes[0]["level"] is None


async def test_contact_is_optional_and_says_it_lifts_anonymity(make_app):
    store = FakeStore()
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot)
        assert not screen.query_one("#contact-box").display
        screen.query_one("#note-text", LimitedTextArea).insert("aide")
        await pilot.click("#wants-contact")
        await pilot.pause()
        assert screen.query_one(WordCheckbox).value
        assert screen.query_one("#contact-box").display
        assert "n'est plus anonyme" in str(screen.query_one("#contact-warning", Static).render())
        screen.query_one("#first-name", Input).value = "Lucie"
        screen.query_one("#class-name", Input).value = "5B"
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
    assert store.notes[0]["contact"] == "Lucie, 5B"


async def test_empty_text_is_refused_and_nothing_sent(make_app):
    store = FakeStore()
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot)
        await type_text(pilot, "   ")
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
        assert app.screen is screen
        assert "vide" in status(screen)
    assert store.notes == []


async def test_limit_of_4000_characters_is_visible_and_enforced(make_app):
    app = make_app(store=FakeStore())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot)
        area = screen.query_one("#note-text", LimitedTextArea)
        area.post_message(events.Paste("a" * (NOTE_LIMIT + 500)))
        await pilot.pause()
        assert len(area.text) == NOTE_LIMIT
        assert "4000 / 4000" in str(screen.query_one("#counter", Static).render())
        assert "trop long" in status(screen)
        await pilot.press("b")  # one more key: refused too
        assert len(area.text) == NOTE_LIMIT


async def test_write_failure_keeps_the_draft(make_app):
    store = FakeStore(fail=WriteFailed("le disque est plein."))
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, answers=("2", "1"))
        await type_text(pilot, "au secours")
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
        assert app.screen is screen
        assert "Non envoyé" in status(screen) and "disque est plein" in status(screen)
        assert screen.query_one("#note-text", LimitedTextArea).text == "au secours"
        assert (screen.for_whom, screen.level) == ("autre", "primaire")
        store.fail = None  # the disk is fixed: the same draft goes out
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
    assert store.notes[0]["text"] == "au secours" and store.notes[0]["for_whom"] == "autre"


async def test_flood_limit_keeps_the_draft_and_gives_the_numbers(make_app):
    app = make_app(store=FakeStore(fail=FloodLimited()))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot)
        await type_text(pilot, "aide")
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
        assert app.screen is screen
        assert "112" in status(screen) and "toujours là" in status(screen)
        assert screen.query_one("#note-text", LimitedTextArea).text == "aide"


async def test_not_initialized_says_who_to_ask_and_keeps_the_draft(make_app):
    app = make_app(store=FakeStore(fail=NotInitialized()))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot)
        await type_text(pilot, "aide")
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
        assert "pas encore prêt" in status(screen)
        assert screen.query_one("#note-text", LimitedTextArea).text == "aide"


async def test_unexpected_error_is_a_kind_sentence_and_keeps_the_draft(make_app, tmp_data_dir):
    app = make_app(store=FakeStore(fail=RuntimeError("boom")))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot)
        await type_text(pilot, "aide")
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
        await app.workers.wait_for_complete()  # the crash record is written in a worker too
        said = status(screen)
        assert app.screen is screen and "pas ta faute" in said and "112" in said
        assert "boom" not in said and "RuntimeError" not in said  # issue 15: never an exception
        assert screen.query_one("#note-text", LimitedTextArea).text == "aide"
    assert "RuntimeError" in (tmp_data_dir / "crashes.json").read_text()  # the reason, for the PMS


async def test_escape_while_typing_wipes_the_draft(make_app):
    store = FakeStore()
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await open_note(app, pilot, answers=("1", "1"))
        await type_text(pilot, "secret")
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)
        assert not any(isinstance(s, NoteScreen) for s in app.screen_stack)
        again = await open_note(app, pilot)
        assert again.query_one("#note-text", LimitedTextArea).text == ""
        assert (again.for_whom, again.level) == (None, None)
    assert store.notes == []


class SlowStore(FakeStore):
    """``add_note`` waits until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.go = threading.Event()

    def readiness(self) -> str:
        return "ok"

    def add_note(self, text: str, **answers: Any) -> FakeReceipt:
        self.go.wait(5)
        return super().add_note(text, **answers)


async def test_escape_while_sending_never_brings_the_receipt_back(make_app):
    store = SlowStore()
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        screen = await open_note(app, pilot)
        await type_text(pilot, "vite")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Envoi" in status(screen)
        assert screen.query_one("#note-text", LimitedTextArea).read_only  # frozen while it travels
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)
        store.go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not any(isinstance(s, ReceiptScreen) for s in app.screen_stack)
    assert [note["text"] for note in store.notes] == ["vite"]  # the note itself still arrived


async def test_idle_wipe_drops_the_draft(make_app):
    store = FakeStore()
    app = make_app(idle_seconds=30, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await open_note(app, pilot)
        await type_text(pilot, "secret")
        app.last_activity -= 1000  # as if the child walked away
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not any(isinstance(s, NoteScreen) for s in app.screen_stack)
    assert store.notes == []


async def test_backspace_outside_the_text_warns_before_losing_the_draft(make_app):
    app = make_app(store=FakeStore())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        screen = await open_note(app, pilot)
        await type_text(pilot, "brouillon")
        await pilot.press("tab")  # focus leaves the text for the check box
        await pilot.press("backspace")
        assert app.screen is screen and "⌫" in status(screen)
        await pilot.press("backspace")
        assert app.screen is not screen


async def test_receipt_shows_schedule_and_closing_wipes(make_app):
    app = make_app(pms_reading_schedule="Le PMS lit les messages le lundi et le jeudi.", store=FakeStore())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        screen = await open_note(app, pilot)
        screen.query_one("#note-text", LimitedTextArea).insert("aide")
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
        texts = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "lundi et le jeudi" in texts and "Revenir avec mon code" in texts
        await pilot.press("1")
        assert isinstance(app.screen, WelcomeScreen)


async def test_danger_shows_112_first_then_schedule_then_urgent_note(make_app):
    store = FakeStore()
    app = make_app(pms_reading_schedule="Le PMS lit les messages le mardi.", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(DangerScreen())
        await pilot.pause()
        title, first, *_ = shown(app.screen.query_one("#danger-numbers", Static)).splitlines()
        assert "appelle" in title
        assert first.strip("┃ ").startswith("112")
        schedule = str(app.screen.query_one("#danger-schedule", Static).render())
        assert "pas les messages tout de suite" in schedule and "le mardi" in schedule
        # The numbers come before the schedule on screen.
        assert app.screen.query_one("#danger-numbers").region.y < app.screen.query_one("#danger-schedule").region.y
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen) and app.screen.urgent
        await type_text(pilot, "vite")
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
    assert store.notes[0]["urgent"] is True


async def test_note_screen_in_english(make_app):
    app = make_app(lang="en", store=FakeStore())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot)
        await pilot.press("ctrl+s")
        assert "empty" in status(screen)
