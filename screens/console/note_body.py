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
from textual.geometry import Region, Size
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
        #: Each part's wrapped lines, by what the part shows and the width (see :meth:`_wrap`).
        self._cache: dict[tuple[object, ...], list[Strip]] = {}
        #: The lines as painted, by line number and width, with the widget's colours (``_style``)
        #: and the width of the paint under way.
        self._painted: dict[tuple[int, int], Strip] = {}
        self._style = Style()
        self._paint_width = 0

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
        self._parts, self._lines, self._built_for, self._cache, self._painted = [], [], Size(0, 0), {}, {}

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
        built: dict[tuple[object, ...], list[Strip]] = {}  # only the parts shown stay cached
        bar = self.styles.scrollbar_size_vertical if width > self.styles.scrollbar_size_vertical else 0
        # More lines than the height before wrapping: the scrollbar is sure, wrap once, beside it.
        lines = [] if self._least_lines() > region.height else self._wrap(width, built)
        if not lines or len(lines) > region.height:
            width -= bar
            lines = self._wrap(width, built)
        self._lines, self._built_for, self._cache = lines, region.size, built
        self._painted = {}
        self._set_virtual_size(Size(width, len(lines)), region.height)
        self.refresh()

    def _set_virtual_size(self, size: Size, height: int) -> None:
        """The lines' size; the screen is laid out again only when the scrollbar comes or goes.

        A new virtual size lays out every widget of the screen and repaints those that moved;
        while the lines stay within the height (or beyond it), nothing but the body changes: its
        scrollbar's thumb, if it has one.
        """
        old = self.virtual_size
        if size == old:
            return
        if size.width != old.width or (size.height > height) != (old.height > height):
            self.virtual_size = size  # the scrollbar comes or goes: lay out
            return
        self.set_reactive(NoteBody.virtual_size, size)
        if size.height > height:
            self.vertical_scrollbar.window_virtual_size = size.height
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False)

    def _least_lines(self) -> int:
        """How many lines the parts take at any width (each line break, each heading's blank)."""
        return sum(text.plain.count("\n") + 1 + (kind == "heading") for kind, text in self._parts)

    def _wrap(self, width: int, built: dict[tuple[object, ...], list[Strip]]) -> list[Strip]:
        """Every part's lines at ``width``; a part already wrapped (same text, width and style)
        is reused: a status change re-wraps one line, a reply one message. The lines carry the
        parts' own styles only: the widget's colours go under them when painted (focus may
        change those)."""
        styles = {
            kind: self.get_component_rich_style(f"note-body--{kind}", partial=True) for kind in ("heading", "mark")
        }
        lines: list[Strip] = []
        for kind, text in self._parts:
            style = styles.get(kind)
            key = (width, style, kind, text.plain, text.style, *text.spans)
            part = built.get(key) or self._cache.get(key) or self._wrap_part(kind, text, width, style)
            built[key] = part
            lines += part
        return lines

    def _wrap_part(self, kind: PartKind, text: Text, width: int, style: Style | None) -> list[Strip]:
        """One part's lines: a blank line before a heading, the indent before each line of a text."""
        console = self.app.console
        indent = INDENT if kind == "text" and width > INDENT * 2 else 0
        lines = [Strip.blank(width)] if kind == "heading" else []
        for line in text.wrap(console, width - indent):
            segments = [Segment(" " * indent)] if indent else []
            for segment in line.render(console, end=""):
                both = style + segment.style if style and segment.style else style or segment.style
                segments.append(Segment(segment.text, both))
            lines.append(Strip(segments).adjust_cell_length(width))  # the padding in the widget's style
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        """Look the widget's colours up once per paint (not per line: it walks the DOM)."""
        style = self.rich_style
        if style != self._style:
            self._style, self._painted = style, {}
        self._paint_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One line on screen, from the lines built, over the widget's colours (kept until the
        lines, the colours or the width change: a repaint of the screen reuses them)."""
        index = round(self.scroll_offset.y) + y
        width = self._paint_width
        key = (index, width)
        painted = self._painted.get(key)
        if painted is None:
            line = self._lines[index] if 0 <= index < len(self._lines) else Strip.blank(width)
            painted = self._painted[key] = line.apply_style(self._style).adjust_cell_length(width, self._style)
        return painted
