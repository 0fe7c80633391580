"""The student's notes: the form (:mod:`.note_form`), the receipt, and *danger now*."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from .base import KioskScreen
from .note_form import NoteScreen
from .readiness import ChecksReadiness
from .ready import URGENT_NOTE, take_screen
from .receipt import AFTER, ReceiptScreen, open_after
from .widgets import DigitMenu
from .widgets.menu import on_top_only
from .widgets.not_ready import numbers_table, reading_schedule

__all__ = ["NoteScreen", "DangerScreen", "ReceiptScreen", "AFTER", "open_after", "reading_schedule"]


class DangerScreen(ChecksReadiness, KioskScreen):
    """*Je suis en danger maintenant*: the numbers first and big, then the honest truth
    about when the PMS reads, then the choice of leaving an urgent note anyway."""

    TITLE_KEY = "danger.title"
    CSS_PATH = "notes.tcss"

    def compose_body(self) -> ComposeResult:
        t = self.host.t
        # A grid: the number in its own column, so a wrapped explanation never hides it.
        box = Static(numbers_table(self.host.content.emergency), id="danger-numbers")
        # The numbers come first: the "go to an adult or call" line is their frame's title.
        box.border_title = Text(t("danger.call_now"))
        yield box
        yield Static(t("danger.not_now", schedule=reading_schedule(self.host)), id="danger-schedule", markup=False)
        yield DigitMenu([(t("danger.leave_note"), "note"), (t("danger.back"), "back")], id="danger-menu")
        yield Static(t("danger.not_ready"), id="danger-not-ready", markup=False)

    def on_mount(self) -> None:
        """Focus the menu: 1 or Enter leaves an urgent note."""
        self.query_one(DigitMenu).focus()

    def first_shown(self) -> None:
        """Opened (maybe composed ahead): ask the store now whether it can take a note."""
        self.check_ready()

    def readiness_known(self, ready: str) -> None:
        """The store answered: a kiosk that cannot take the note says so now, under the numbers."""
        self.query_one("#danger-not-ready", Static).set_class(ready != "ok", "-shown")

    @on_top_only
    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """Open the urgent note, or go back."""
        event.stop()
        if event.value == "note":
            # The note screen checks again (and shows who to talk to if it still cannot take it).
            self.app.push_screen(take_screen(self.app, URGENT_NOTE, lambda: NoteScreen(urgent=True)))
        else:
            self.host.action_back()
