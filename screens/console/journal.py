"""AuditJournal: the audit log's lines, a header then the rows, virtualised (Line API).

A ``DataTable`` rendered each visible cell through Rich on the first paint of the journal
(28 ms of the 50 ms callback profiled at 500 entries) and measured every cell when rows were
added. Here the rows are laid out once as plain text, in the worker that reads the log
(:func:`journal_lines`: fixed column widths, nothing styled, nothing interpreted), and the
widget only turns the few lines on screen into :class:`~textual.strip.Strip`\\ s.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kiosk.store.pace import give_way

__all__ = ["COLUMN_GAP", "MAX_COLUMN", "AuditJournal", "journal_lines"]

#: Cells between two columns (and before the first).
COLUMN_GAP = 2
#: The widest a column but the last may be (a long unknown action is cut).
MAX_COLUMN = 36
#: Lines kept built (a few screens; emptied when full).
MAX_CACHED_LINES = 128


def journal_lines(titles: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """The header then one line per row, each cell in a column as wide as its widest cell.

    Plain text in, plain text out (cells already made visible by the caller): safe to run in a
    worker. The last column is not padded (the widget cuts or pads the line to its width).
    """
    widths = [min(MAX_COLUMN, cell_len(title)) for title in titles[:-1]]
    for row in rows:
        give_way()  # in a worker: a busy UI thread goes first (store/pace.py)
        for index, width in enumerate(widths):
            size = cell_len(row[index])
            if size > width:
                widths[index] = min(MAX_COLUMN, size)
    gap = " " * COLUMN_GAP
    padded: dict[tuple[str, int], str] = {}  # the same few dates, moments and actions on most rows
    lines = []
    for cells in (titles, *rows):
        give_way()
        pieces = [" " * (COLUMN_GAP // 2)]
        for cell, width in zip(cells, widths, strict=False):
            piece = padded.get((cell, width))
            if piece is None:
                piece = padded[cell, width] = set_cell_size(cell, width)
            pieces.append(piece)
            pieces.append(gap)
        pieces.append(cells[-1])
        lines.append("".join(pieces))
    return lines


class AuditJournal(ScrollView, can_focus=True):
    """The header (line 0, always shown) and the entries under it; ↑↓ PgUp PgDn Home End and the
    mouse wheel scroll. :meth:`set_lines` shows it scrolled to the end (newest last, highlighted)."""

    COMPONENT_CLASSES = {"audit-journal--header", "audit-journal--newest"}

    def __init__(self, header: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._header = header
        self._rows: list[str] = []
        self._strips: dict[tuple[int, int, Style], Strip] = {}
        #: The rows', the header's and the newest row's styles, looked up once per paint.
        self._styles = (Style.null(), Style.null(), Style.null())

    @property
    def row_count(self) -> int:
        """How many entries it holds (the header not counted)."""
        return len(self._rows)

    def set_lines(self, lines: list[str]) -> None:
        """Show ``lines`` (the header first, as from :func:`journal_lines`), scrolled to the end."""
        self._header, self._rows = (lines[0], lines[1:]) if lines else (self._header, [])
        self._strips.clear()
        # No virtual width: the lines are cut to the width shown, never scrolled sideways.
        self.virtual_size = Size(0, len(self._rows) + 1)
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)  # force: the scrollbar is not there yet
        self.refresh()

    def forget(self) -> None:
        """Drop the lines (the screen closes)."""
        self._rows = []
        self._strips.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The styles looked up once per paint (``rich_style`` walks up the DOM on each call)."""
        base = self.rich_style
        header, newest = (self.get_component_rich_style(f"audit-journal--{name}") for name in ("header", "newest"))
        self._styles = (base, base + header, base + newest)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header; below it, the entries from the scroll position."""
        width = self.scrollable_content_region.width
        index = -1 if y == 0 else round(self.scroll_offset.y) + y - 1
        style = self._styles[1 if index < 0 else 2 if index == len(self._rows) - 1 else 0]
        key = (index, width, style)
        strip = self._strips.get(key)
        if strip is None:
            text = self._header if index < 0 else self._rows[index] if index < len(self._rows) else ""
            if len(self._strips) >= MAX_CACHED_LINES:
                self._strips.clear()
            strip = self._strips[key] = Strip([Segment(text, style)]).adjust_cell_length(width, style)
        return strip
