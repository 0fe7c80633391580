"""The frame of every public screen: top bar, emergency strip, key hints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from . import typography

typography.install()  # every public screen has this frame: French ":" never starts a line

if TYPE_CHECKING:  # the welcome screen paints before the content models are imported
    from kiosk.content import EmergencyNumber

__all__ = ["BarButton", "EmergencyStrip", "KeyHints", "TopBar", "format_emergency", "wrap_items"]


class BarButton(Label):
    """A key of the top bar (``← Retour``, ``Sortie rapide``): one line of text; a click runs its action.

    Not a Textual Button: each Button was styled against Button's long default stylesheet, then
    again as its ``flat`` and ``variant`` were set on mount. That was about 7 ms of the UI thread
    for every top bar composed, and a key that came meanwhile waited behind it (measured with
    ``benchmarks/console_keys.py``). Never focusable, like the Buttons it replaces: Tab stays in
    the screen's content.
    """

    def __init__(self, label: str, action: str, *, id: str) -> None:
        super().__init__(label, id=id, markup=False)
        self._label, self._action = label, action

    @property
    def label(self) -> str:
        """The text shown."""
        return self._label

    async def _on_click(self, event: events.Click) -> None:
        event.stop()  # the welcome screen opens home on any other click
        await self.app.run_action(self._action, default_namespace=self.parent)


class TopBar(Horizontal):
    """``DÉMO`` · ``← Retour`` · title · ``Sortie rapide``, one row high.

    The keys are not focusable: Tab stays in the screen's content, and
    Backspace / Escape do the same from the keyboard.
    """

    def __init__(self, title: str, back: str, quick_exit: str, demo: str = "", show_back: bool = True) -> None:
        super().__init__(id="topbar")
        self._title, self._back, self._quick, self._demo, self._show_back = title, back, quick_exit, demo, show_back

    def compose(self) -> ComposeResult:
        # DÉMO first: always the same column, whatever the title, the language or the screen.
        if self._demo:
            yield Label(self._demo, id="demo-tag", markup=False)
        back = BarButton(self._back, "app.back", id="back")
        back.display = self._show_back
        yield back
        yield Label(self._title, id="screen-title", markup=False)
        yield BarButton(self._quick, "app.quick_exit", id="quick-exit")


def format_emergency(numbers: Sequence[EmergencyNumber]) -> str:
    """``112 Urgences · 101 Police · …``: numbers first, so they read even when cut."""
    return " · ".join(_items(numbers))


def _items(numbers: Sequence[EmergencyNumber]) -> list[str]:
    return [f"{item.number} {item.label}" for item in numbers]


def wrap_items(lead: str, items: Sequence[str], width: int) -> list[str]:
    """``lead`` then the items joined by " · ", in lines of ``width`` cells at most.

    Lines break between items only, each "·" ends a line (never starts one), so a
    number like "116 000" is never split from its name. An item longer than a line
    gets a line of its own (the widget then wraps it at spaces).
    """
    lines: list[str] = []
    line = lead
    for item in items:
        joined = f"{line} · {item}" if line != lead else f"{line} {item}".strip()
        # + 2: room for the " ·" that ends the line if another item follows.
        if cell_len(joined) + 2 <= width or line in (lead, ""):
            line = joined
        else:
            lines.append(f"{line} ·")
            line = item
    lines.append(line)
    return lines


class EmergencyStrip(Static):
    """The emergency numbers, on every public screen (wrapped between numbers on narrow terminals)."""

    def __init__(self, title: str, numbers: Sequence[EmergencyNumber]) -> None:
        # The title carries its own punctuation ("Urgence :", "Nood:"): typography differs by language.
        self._lead, self._items = title, _items(numbers)
        super().__init__(f"{title} {format_emergency(numbers)}", id="emergency", markup=False)

    def render(self) -> Text:
        width = self.content_region.width or self.app.size.width
        return Text("\n".join(wrap_items(self._lead, self._items, max(width, 20))))


class KeyHints(Static):
    """The keyboard contract, in the pack's language, at the bottom of the screen."""

    def __init__(self, text: str) -> None:
        super().__init__(text, id="keyhints", markup=False)
