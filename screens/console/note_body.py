"""NoteBody: the whole body of a note (meta, answers, text, conversation, memos) as one widget.

The note view used to hold a Static per part and two per message (twenty to fifty widgets):
opening a note, a status change or a reply laid all of them out again and rendered each one
through Rich (20 ms of UI thread on a note with a few replies). This Line API widget takes the
parts as plain data, wraps them into lines once per width, and hands the compositor the few
lines on screen: one widget to lay out, a status change re-renders it alone.

The parts are built by the screen from :func:`~.literal.literal` texts: nothing here reads
markup. Styles (the urgent mark, the headings) come from the component classes in
``note_view.tcss``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["INDENT", "NoteBody", "Part", "PartKind"]

#: ``line``: one line as it is (wrapped); ``mark``: a short highlighted mark (the urgent one);
#: ``heading``: a title after a blank line; ``text``: what someone wrote, indented (wrapped
#: lines keep the indent).
PartKind = Literal["line", "mark", "heading", "text"]
#: One part of the body: what kind, and the text (already literal).
Part = tuple[PartKind, Text]
#: Cells before each line of a ``text`` part.
INDENT = 2


class NoteBody(ScrollView, can_focus=True):
    """The note's parts one under the other; ↑↓ PgUp PgDn Home End scroll (the container's keys)."""

    COMPONENT_CLASSES = {"note-body--heading", "note-body--mark"}

    def __init__(self, parts: Sequence[Part] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._parts: list[Part] = list(parts)
        #: The lines built from the parts, and the size they were built for (empty: none yet).
        self._lines: list[Strip] = []
        self._built_for = Size(0, 0)

    @property
    def parts(self) -> list[Part]:
        """What the body shows (the screen's tests read it)."""
        return list(self._parts)

    @property
    def plain(self) -> str:
        """The lines as shown (wrapped), as plain text."""
        return "\n".join(strip.text.rstrip() for strip in self._lines)

    def show(self, parts: Sequence[Part]) -> None:
        """Show ``parts``; nothing happens when they are what is shown already."""
        parts = list(parts)
        if parts == self._parts and self._lines:
            return
        self._parts = parts
        self._built_for = Size(0, 0)
        self._build()

    def clear(self) -> None:
        """Forget the parts and the lines built from them (the note must not outlive the screen)."""
        self._parts, self._lines, self._built_for = [], [], Size(0, 0)

    def on_unmount(self) -> None:
        """Drop the note's lines with the widget."""
        self.clear()

    # -- lines ---------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """A new size wraps the parts again (the scrollbar may come or go)."""
        self._build()

    def _build(self) -> None:
        """Wrap the parts at the width available (less the scrollbar when they overflow)."""
        region = self.content_region
        width = region.width
        if width <= 0 or region.size == self._built_for:
            return
        lines = self._wrap(width)
        if len(lines) > region.height and width > self.styles.scrollbar_size_vertical:
            width -= self.styles.scrollbar_size_vertical
            lines = self._wrap(width)
        self._lines, self._built_for = lines, region.size
        size = Size(width, len(lines))
        if size != self.virtual_size:
            self.virtual_size = size  # lays the screen out again: only when the height changed
        self.refresh()

    def _wrap(self, width: int) -> list[Strip]:
        base = self.rich_style
        heading = base + self.get_component_rich_style("note-body--heading", partial=True)
        mark = base + self.get_component_rich_style("note-body--mark", partial=True)
        console = self.app.console
        lines: list[Strip] = []
        for kind, text in self._parts:
            if kind == "heading":
                lines.append(Strip.blank(width, base))
            style = {"heading": heading, "mark": mark}.get(kind, base)
            indent = INDENT if kind == "text" and width > INDENT * 2 else 0
            for line in text.wrap(console, width - indent):
                segments = [Segment(" " * indent, base)] if indent else []
                segments += [
                    Segment(seg.text, style + seg.style if seg.style else style) for seg in line.render(console, end="")
                ]
                lines.append(
                    Strip(segments).adjust_cell_length(width, base) if kind != "mark" else _fit(segments, width, base)
                )
        return lines

    def render_line(self, y: int) -> Strip:
        """One line on screen, from the lines built."""
        index = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if 0 <= index < len(self._lines):
            return self._lines[index].adjust_cell_length(width, self.rich_style)
        return Strip.blank(width, self.rich_style)


def _fit(segments: list[Segment], width: int, base: Style) -> Strip:
    """A mark keeps its own width: the rest of its line is in the body's style."""
    strip = Strip(segments)
    return (
        strip.crop(0, width)
        if strip.cell_length >= width
        else Strip([*segments, Segment(" " * (width - strip.cell_length), base)])
    )
