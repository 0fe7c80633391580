"""The student's notes: the form (:mod:`.note_form`), the receipt, and *danger now*."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from .base import KioskScreen
from .note_form import NoteScreen
from .receipt import ReceiptScreen
from .widgets import DigitMenu

__all__ = ["NoteScreen", "DangerScreen", "ReceiptScreen"]


class DangerScreen(KioskScreen):
    """*Je suis en danger maintenant*: the numbers first and big, then the honest truth
    about when the PMS reads, then the choice of leaving an urgent note anyway."""

    TITLE_KEY = "danger.title"
    CSS = """
    DangerScreen #body { padding: 0 1; }
    DangerScreen #danger-numbers {
        height: auto; border: heavy #ffffff; padding: 0 1; margin: 1 0;
        border-title-style: bold; border-title-color: #ffffff;
    }
    DangerScreen #danger-schedule { margin-bottom: 1; }
    """

    def compose_body(self) -> ComposeResult:
        t = self.app.t
        # A grid: the number in its own column, so a wrapped explanation never hides it.
        numbers = Table.grid(padding=(0, 1))
        numbers.add_column(no_wrap=True)
        numbers.add_column(ratio=1)
        for item in self.app.content.emergency:
            line = Text(item.label, style="bold")
            if item.what:
                line.append(f" — {item.what}", style="not bold")
            numbers.add_row(Text(f" {item.number} ", style="bold reverse"), line)
        box = Static(numbers, id="danger-numbers")
        # The numbers come first: the "go to an adult or call" line is their frame's title.
        box.border_title = Text(t("danger.call_now"))
        yield box
        yield Static(
            t("danger.not_now", schedule=self.app.config.reading_schedule(self.app.content.lang)), id="danger-schedule", markup=False
        )
        yield DigitMenu([(t("danger.leave_note"), "note"), (t("danger.back"), "back")], id="danger-menu")

    def on_mount(self) -> None:
        """Focus the menu: 1 or Enter leaves an urgent note."""
        self.query_one(DigitMenu).focus()

    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """Open the urgent note, or go back."""
        event.stop()
        if not self.is_active:
            return  # a second key came before this screen was covered: ignore it
        if event.value == "note":
            self.app.push_screen(NoteScreen(urgent=True))
        else:
            self.app.action_back()
