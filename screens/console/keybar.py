"""KeyBar: a console screen's numbered actions ("1 Nouveau (4)  2 En cours (0) …") in one widget.

It replaces a row of compact Buttons: each Button was a widget of its own that Textual styled,
laid out and rendered line by line on every repaint of the screen (about 1 ms of UI time each
at 80x24). The bar draws its lines itself (Line API: prebuilt :class:`Strip`\\ s, rebuilt only
when a label, the current item, the width or the theme changes), and a click runs the digit's
action (``screen.choose(n)``), as the Buttons did.

The labels are the kiosk's own strings and counts, never something a student typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["KeyBar", "KeyItem"]

#: One item: its digit and what it says (the digit comes first on screen: "1 Nouveau (4)").
KeyItem = tuple[int, str]

#: Cells between two items (the Buttons' right margin).
_GAP = 1


class KeyBar(Widget):
    """Rows of numbered items; the ``current`` one is highlighted, a click on an item chooses it.

    ``rows`` gives, per line, the items' digits in order; :meth:`show` sets what they say.
    ``tail`` (e.g. the unread answers badge) follows the last row's items, highlighted.
    Styles (in ``keybar.tcss``): ``key-bar--item``, ``key-bar--current``, ``key-bar--tail``.
    """

    COMPONENT_CLASSES = {"key-bar--item", "key-bar--current", "key-bar--tail"}

    def __init__(self, rows: Sequence[Sequence[int]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rows = [list(row) for row in rows]
        self._labels: dict[int, str] = {}
        #: The highlighted item's digit (``None``: none). Tests and benchmarks read it.
        self.current: int | None = None
        self._tail = ""
        #: The lines built, and what they were built from (see :meth:`_lines`).
        self._built: tuple[Any, ...] = ()
        self._strips: list[Strip] = []
        #: Per line, each item's (first cell, end cell, digit): where a click lands.
        self._spans: list[list[tuple[int, int, int]]] = []

    def show(self, labels: dict[int, str], current: int | None = None, tail: str | None = None) -> None:
        """Set the items' labels (by digit), the current one and the tail (``None``: kept)."""
        tail = self._tail if tail is None else tail
        if labels == self._labels and current == self.current and tail == self._tail:
            return  # nothing changed: no repaint
        self._labels, self.current, self._tail = dict(labels), current, tail
        self.refresh()  # the bar's height is fixed: its lines change, never the layout

    def label(self, number: int) -> str:
        """What item ``number`` says (``""`` if it has no label)."""
        return self._labels.get(number, "")

    # -- drawing ---------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``, built (if what they show changed) before Textual asks for each."""
        self._lines()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the bar, built once for what it shows."""
        return self._strips[y] if y < len(self._strips) else Strip.blank(self.size.width, self.rich_style)

    def _lines(self) -> list[Strip]:
        """The bar's lines; built again only if their text, the width or a style changed."""
        styles = (self.get_component_rich_style("key-bar--item"), self.get_component_rich_style("key-bar--current"))
        tail_style = self.get_component_rich_style("key-bar--tail")
        built = (self.size.width, self.rich_style, styles, tail_style, self.current, self._tail, *self._labels.items())
        if built != self._built:
            self._built = built
            self._strips, self._spans = [], []
            for index, row in enumerate(self._rows):
                tail = self._tail if index == len(self._rows) - 1 else ""
                strip, spans = self._build_row(row, tail, styles, tail_style)
                self._strips.append(strip)
                self._spans.append(spans)
        return self._strips

    def _build_row(
        self, row: list[int], tail: str, styles: tuple[Style, Style], tail_style: Style
    ) -> tuple[Strip, list[tuple[int, int, int]]]:
        base, width = self.rich_style, self.size.width
        texts = [(number, f" {number} {self._labels.get(number, '')} ") for number in row]
        needed = sum(Segment(text).cell_length for _, text in texts) + _GAP * (len(texts) - 1)
        gap = _GAP if needed <= width else 0  # long labels (Dutch, 5-digit counts): every item still shows
        segments: list[Segment] = []
        spans: list[tuple[int, int, int]] = []
        x = 0
        for number, text in texts:
            item_style = styles[1] if number == self.current else styles[0]
            segments += [Segment(text, base + item_style), Segment(" " * gap, base)]
            end = x + Segment(text).cell_length
            spans.append((x, end, number))
            x = end + gap
        if tail:
            segments.append(Segment(f" {tail} ", base + tail_style))
        return Strip(segments).adjust_cell_length(width, base), spans

    # -- mouse -------------------------------------------------------------------------

    def item_at(self, x: int, y: int) -> int | None:
        """The digit of the item at cell ``x`` of line ``y`` (``None``: between items)."""
        self._lines()
        spans = self._spans[y] if 0 <= y < len(self._spans) else []
        return next((number for start, end, number in spans if start <= x < end), None)

    async def on_click(self, event: events.Click) -> None:
        """A click on an item does what its digit does (``screen.choose(n)``)."""
        number = self.item_at(event.x, event.y)
        if number is not None:
            event.stop()
            await self.run_action(f"screen.choose({number})")
