"""ReceiptScreen: "Envoyé ✓" and the follow-up code, shown once after a note is sent.

Its own module: the note form (:mod:`.note_form`) opens it, and :mod:`.notes` opens the
form, so it cannot live in :mod:`.notes` without an import cycle.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from .base import KioskScreen
from .widgets import DigitMenu
from .widgets.not_ready import reading_schedule

__all__ = ["AFTER", "ReceiptScreen", "open_after"]

#: The page "Et après ?": what happens once a note is sent.
AFTER = "et-apres"


def open_after(screen: KioskScreen) -> None:
    """Push the page "Et après ?" over ``screen`` (the receipt or the follow-up stays underneath)."""
    from .page import PageScreen

    if screen.is_active and AFTER in screen.host.content.pages:
        screen.app.push_screen(PageScreen(AFTER))


class ReceiptScreen(KioskScreen):
    """ "Envoyé ✓" and the follow-up code, shown this once (the store never shows it again)."""

    TITLE_KEY = "notes.sent_title"
    CSS_PATH = "receipt.tcss"

    def __init__(self, receipt: Any) -> None:
        super().__init__(id="receipt-screen")
        self._receipt = receipt

    def compose_body(self) -> ComposeResult:
        t = self.host.t
        yield Static(t("notes.sent"), id="sent", markup=False)
        yield Static(t("notes.code_intro"), markup=False)
        yield Static(Text(self._receipt.code), id="code")
        yield Static(t("notes.code_once"), id="code-once", markup=False)
        yield Static(t("notes.code_keep"), id="code-keep", markup=False)
        yield Static(t("notes.schedule", schedule=reading_schedule(self.host)), id="receipt-schedule", markup=False)
        yield Static(t("notes.come_back"), markup=False)
        yield DigitMenu([(t("notes.done"), "done"), (t("notes.after"), AFTER)], id="receipt-menu")

    def on_mount(self) -> None:
        """The menu has the focus: Enter or 1 closes."""
        self.query_one(DigitMenu).focus()

    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """Done: wipe the visit (the code leaves the screen for good); or read "Et après ?"."""
        event.stop()
        if event.value == AFTER:
            open_after(self)
            return
        self.host.quick_exit()
