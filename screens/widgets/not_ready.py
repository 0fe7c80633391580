"""What a child sees instead of a note form when the kiosk cannot take notes: who to talk to and
the emergency numbers, said before anything is written (issue 10, point 4)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

if TYPE_CHECKING:
    from ..host import KioskHost

__all__ = ["NotReadyPanel", "numbers_table", "reading_schedule"]


def numbers_table(numbers: Sequence[Any]) -> Table:
    """The emergency numbers, each in its own column so a wrapped explanation never hides it."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for item in numbers:
        line = Text(item.label, style="bold")
        if item.what:
            line.append(f" — {item.what}", style="not bold")
        table.add_row(Text(f" {item.number} ", style="bold reverse"), line)
    return table


class NotReadyPanel(Vertical):
    """« Le kiosque ne peut pas prendre ton message » + who to talk to + the numbers."""

    def __init__(self, t: Callable[..., str], numbers: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._t = t
        self._numbers = list(numbers)

    def compose(self) -> ComposeResult:
        yield Static(self._t("notes.not_ready_before"), id="not-ready-text", markup=False)
        box = Static(numbers_table(self._numbers), id="not-ready-numbers")
        box.border_title = Text(self._t("notes.not_ready_call"))
        yield box


def reading_schedule(app: KioskHost) -> str:
    """When the PMS reads notes, in the child's language.

    The school's text for this language; where it gave none (the default, or a table
    without this language), the pack's own words, so a Dutch or English child never
    reads a French sentence.
    """
    return app.config.reading_schedule(app.content.lang) or app.t("notes.schedule_default")
