"""The frame of every public screen: top bar, emergency strip, key hints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Label, Static

if TYPE_CHECKING:  # the welcome screen paints before the content models are imported
    from kiosk.content import EmergencyNumber

__all__ = ["EmergencyStrip", "KeyHints", "TopBar", "format_emergency"]


class TopBar(Horizontal):
    """``← Retour`` · title · ``DÉMO`` · ``Sortie rapide``, one row high.

    The buttons are not focusable: Tab stays in the screen's content, and
    Backspace / Escape do the same from the keyboard.
    """

    def __init__(self, title: str, back: str, quick_exit: str, demo: str = "", show_back: bool = True) -> None:
        super().__init__(id="topbar")
        self._title, self._back, self._quick, self._demo, self._show_back = title, back, quick_exit, demo, show_back

    def compose(self) -> ComposeResult:
        back = Button(self._back, id="back", compact=True, action="app.back")
        back.can_focus = False
        back.display = self._show_back
        yield back
        yield Label(self._title, id="screen-title", markup=False)
        if self._demo:
            yield Label(self._demo, id="demo-tag", markup=False)
        quick = Button(self._quick, id="quick-exit", compact=True, action="app.quick_exit")
        quick.can_focus = False
        yield quick


def format_emergency(numbers: Sequence[EmergencyNumber]) -> str:
    """``112 Urgences · 101 Police · …``: numbers first, so they read even when cut."""
    return " · ".join(f"{item.number} {item.label}" for item in numbers)


class EmergencyStrip(Static):
    """The emergency numbers, on every public screen (wraps on narrow terminals)."""

    def __init__(self, title: str, numbers: Sequence[EmergencyNumber]) -> None:
        super().__init__(f"{title} : {format_emergency(numbers)}", id="emergency", markup=False)


class KeyHints(Static):
    """The keyboard contract, in the pack's language, at the bottom of the screen."""

    def __init__(self, text: str) -> None:
        super().__init__(text, id="keyhints", markup=False)
