"""NoteList: the inbox list, virtualised — only the rows on screen are ever rendered.

``DataTable`` measures every cell of every row when rows are added (about 3 s for
10,000 notes here); this Line API widget keeps the rows as plain data and builds
the few visible lines on demand, with fixed column widths.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["COLUMN_WIDTHS", "NoteList", "NoteListHeader", "RowCells", "RowKey", "layout_cells"]

#: Width of every column but the last (the preview takes what is left).
COLUMN_WIDTHS = (10, 10, 8, 11)
_GAP = 1
#: Lines kept built (a few screens of rows; the cache is emptied when full).
MAX_CACHED_LINES = 256

#: Builds the cells (as Text) of one row from one item.
RowCells = Callable[[Any], Sequence[Text]]
#: A hashable summary of everything a row's cells depend on: a line already built for the same
#: key is shown again without building its cells (a filter or a return from a note paints a
#: screenful of rows, most of them seen before).
RowKey = Callable[[Any], Hashable]


def layout_cells(cells: Sequence[Text], width: int) -> Text:
    """The cells laid out in fixed columns on one line of ``width`` cells."""
    line = Text(no_wrap=True, end="")
    for index, cell in enumerate(cells):
        last = index == len(cells) - 1
        column = max(1, width - line.cell_len) if last or index >= len(COLUMN_WIDTHS) else COLUMN_WIDTHS[index]
        piece = cell.copy()
        piece.truncate(column, overflow="ellipsis", pad=True)
        line.append_text(piece)
        if index < len(cells) - 1:
            line.append(" " * _GAP)
    line.truncate(width, pad=True)
    return line


class NoteListHeader(Widget):
    """The column titles, laid out like the rows below (one line, built once per width and style:
    the inbox is repainted whole on each return from a note)."""

    def __init__(self, titles: Sequence[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._titles = [Text(title) for title in titles]
        self._line: tuple[tuple[int, Style], Strip] | None = None

    def render_line(self, y: int) -> Strip:
        """The titles at the current width (minus the list's scrollbar)."""
        width, style = self.size.width, self.rich_style
        if y > 0:
            return Strip.blank(width, style)
        if self._line is None or self._line[0] != (width, style):
            line = layout_cells(self._titles, max(1, width - 2))
            self._line = ((width, style), _strip(line, width, style, self.app.console))
        return self._line[1]


class NoteList(ScrollView, can_focus=True, inherit_bindings=False):
    """A list of notes: ↑↓ PgUp PgDn Home End move, Enter or a click opens (:class:`Selected`)."""

    COMPONENT_CLASSES = {"note-list--cursor"}
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "move(-1000000000)", show=False),
        Binding("end", "move(1000000000)", show=False),
        Binding("enter", "select", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Selected(Message):
        """A row was chosen; ``item`` is what was given for it."""

        def __init__(self, note_list: NoteList, item: Any) -> None:
            super().__init__()
            self.note_list = note_list
            self.item = item

        @property
        def control(self) -> NoteList:
            """The list that was used."""
            return self.note_list

    def __init__(self, cells: RowCells, *, row_key: RowKey | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cells = cells
        #: What a row shows, cheaply (see :data:`RowKey`); without it the cells are the key.
        self._row_key = row_key
        self.items: list[Any] = []
        #: Lines already built, by what they show: a whole repaint of the inbox (back from a
        #: note, a dialog closed) reuses them instead of laying out each row again.
        self._lines: dict[tuple[Any, ...], Strip] = {}
        #: The line and cursor styles of the paint under way (see :meth:`render_lines`).
        self._paint_styles: tuple[Style, Style] | None = None

    # -- data --------------------------------------------------------------------

    def set_items(self, items: list[Any], *, keep: Callable[[Any], bool] | None = None, row: int | None = None) -> None:
        """Show ``items``; the cursor goes to ``row``, or to the first item matching ``keep``,
        else to the top."""
        self.items = items
        self._set_length(len(items))
        index = row
        if index is None and keep is not None:
            index = next((n for n, item in enumerate(items) if keep(item)), None)
        if index is None:
            self.scroll_to(y=0, animate=False)
        self.cursor = index or 0
        self.refresh()

    def _set_length(self, length: int) -> None:
        """Make the list ``length`` rows long, laying the screen out again only if the scrollbar
        appears or goes: a layout repaints every widget of the screen (a third of a filter key's
        UI time at 80x24), where a new length alone only changes the rows and the scrollbar."""
        size = Size(self.size.width, length)
        if size == self.virtual_size:
            return
        overflow = self.styles.overflow_y
        bar = overflow == "scroll" or (overflow == "auto" and length > self.container_size.height)
        if self.container_size.height and size.width == self.virtual_size.width and bar == self.show_vertical_scrollbar:
            self.set_reactive(NoteList.virtual_size, size)  # no watcher, no layout: the scrollbar is told below
            if bar:
                self.vertical_scrollbar.window_virtual_size = length
            return
        self.virtual_size = size

    def forget(self) -> None:
        """Drop the rows and the lines built from them (the previews go with the key)."""
        self.items = []
        self._lines.clear()

    @property
    def current(self) -> Any:
        """The item under the cursor (``None`` when the list is empty)."""
        return self.items[self.cursor] if self.items else None

    # -- rendering -------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """Keep the virtual width equal to the real one: no sideways scrolling."""
        self.virtual_size = Size(event.size.width, len(self.items))

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``; the styles are worked out once for them all (each costs a walk up
        the widget tree: a third of the list's paint when done per line)."""
        self._paint_styles = self._line_styles()
        return super().render_lines(crop)

    def _line_styles(self) -> tuple[Style, Style]:
        """A line's style and the cursor line's."""
        base = self.rich_style
        return base, base + self.get_component_rich_style("note-list--cursor")

    def render_line(self, y: int) -> Strip:
        """One visible line: built from the item's cells only when it is on screen."""
        width = self.scrollable_content_region.width
        index = round(self.scroll_offset.y) + y
        base, cursor = self._paint_styles or self._line_styles()
        if index >= len(self.items):
            return Strip.blank(width, base)
        item = self.items[index]
        style = cursor if index == self.cursor else base
        if self._row_key is not None:
            key: tuple[Any, ...] = (width, style, self._row_key(item))
            cells: Sequence[Text] | None = None
        else:
            cells = self._cells(item)
            key = (width, style, *((cell.plain, cell.style, *cell.spans) for cell in cells))
        strip = self._lines.get(key)
        if strip is None:
            if len(self._lines) >= MAX_CACHED_LINES:
                self._lines.clear()
            strip = self._lines[key] = self._build_line(self._cells(item) if cells is None else cells, width, style)
        return strip

    def _build_line(self, cells: Sequence[Text], width: int, style: Style) -> Strip:
        """The cells laid out on one line of ``width`` cells, in ``style``."""
        return _strip(layout_cells(cells, width), width, style, self.app.console)

    # -- moving and choosing ----------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        """Keep the cursor on screen."""
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_offset.y)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False)
        self.refresh()

    def validate_cursor(self, value: int) -> int:
        """Stay within the list."""
        return max(0, min(value, len(self.items) - 1)) if self.items else 0

    def action_move(self, delta: int) -> None:
        """Move the cursor by ``delta`` rows."""
        self.cursor = self.cursor + delta

    def action_page(self, direction: int) -> None:
        """One screen up or down: the view scrolls with the cursor."""
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=round(self.scroll_offset.y) + direction * page, animate=False)
        self.cursor = self.cursor + direction * page

    def action_select(self) -> None:
        """Enter: open the row under the cursor."""
        if self.items:
            self.post_message(self.Selected(self, self.items[self.cursor]))

    def on_click(self, event: events.Click) -> None:
        """A click opens the row clicked."""
        index = round(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.items):
            self.cursor = index
            self.post_message(self.Selected(self, self.items[index]))


def _strip(line: Text, width: int, style: Style, console: Console) -> Strip:
    """``line`` as a Strip of ``width`` cells, over ``style`` (the widget's colours and text style)."""
    segments = [Segment(seg.text, style + seg.style if seg.style else style) for seg in line.render(console)]
    return Strip(segments).adjust_cell_length(width, style)
