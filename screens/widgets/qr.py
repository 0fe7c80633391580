"""QRCode: a QR code drawn with half blocks, dark on light whatever the theme.

One terminal column per module and two modules per row (``▀`` ``▄`` ``█`` and space),
so modules come out square in 1:2 cells. Both colours are set on every cell: a theme's
default would draw the code inverted on a dark screen, which phones do not read.
The 4-module light quiet zone is part of what this widget draws (a CSS margin or
padding would show the dark screen around the code).

The widget gets a list of payloads, best first. It shows the first one whose code fits
the room it has (minus ``reserve_width`` columns left for text beside it), and says
in words that the code is too big when none fits: it never draws a cut code.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from kiosk.content.qr import QUIET_ZONE, cell_size, half_block_rows, qr_matrix
from kiosk.screens.theme import KIOSK_VARIABLES

__all__ = ["QRCode", "QR_DARK", "QR_LIGHT", "qr_rows"]

#: The theme's ink and paper, fixed: phones read dark modules on light, never the other way.
QR_DARK = KIOSK_VARIABLES["kiosk-on-light"]
QR_LIGHT = KIOSK_VARIABLES["kiosk-light"]
#: Message width when no code fits (the words must stay readable beside the text).
MESSAGE_WIDTH = 30


@lru_cache(maxsize=512)
def qr_rows(payload: str, quiet: int = QUIET_ZONE) -> tuple[str, ...]:
    """The half-block rows of ``payload``'s code (pure, cached: a row is drawn at every repaint)."""
    return tuple(half_block_rows(qr_matrix(payload), quiet))


@lru_cache(maxsize=512)
def _size(payload: str, quiet: int) -> tuple[int, int]:
    return cell_size(qr_matrix(payload), quiet)


class QRCode(Widget):
    """The first of ``payloads`` that fits, or ``too_big`` in words when none does."""

    ALLOW_SELECT = False

    class Shown(Message):
        """The shown code changed: ``index`` in the payloads, None when none fits."""

        def __init__(self, qr: QRCode, index: int | None) -> None:
            super().__init__()
            self.qr = qr
            self.index = index

        @property
        def payload(self) -> str | None:
            """The payload drawn, None when the widget shows words instead."""
            return self.qr.payload_at(self.index)

        @property
        def control(self) -> QRCode:
            """The widget that changed."""
            return self.qr

    def __init__(
        self,
        payloads: Sequence[str] = (),
        too_big: str = "",
        *,
        reserve_width: int = 0,
        quiet: int = QUIET_ZONE,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._payloads: tuple[str, ...] = tuple(payloads)
        self._too_big = too_big
        self._quiet = quiet
        self.reserve_width = reserve_width
        self._index: int | None = None
        self._room: tuple[int, int] | None = None  # (width, height) the last layout offered
        self._posted: object = ()  # nothing posted yet: the first choice is always reported
        self._style = Style(color=QR_DARK, bgcolor=QR_LIGHT)

    # -- what is shown -----------------------------------------------------

    def show(self, payloads: Sequence[str], too_big: str = "") -> None:
        """Draw other payloads (best first); ``too_big`` is said when none fits."""
        self._payloads = tuple(payloads)
        self._too_big = too_big
        # Chosen now for the room the last layout gave: a paint before the next layout draws the
        # new code, not the "too big" words for a frame (the layout chooses again).
        self._index = self._pick(*self._room) if self._room else None
        self._posted = ()
        self.refresh(layout=True)

    @property
    def payloads(self) -> tuple[str, ...]:
        """The payloads offered, best first."""
        return self._payloads

    @property
    def shown_index(self) -> int | None:
        """Index of the payload drawn, None when the widget shows words."""
        return self._index

    @property
    def shown(self) -> str | None:
        """The payload drawn, None when the widget shows words."""
        return self.payload_at(self._index)

    def payload_at(self, index: int | None) -> str | None:
        """``payloads[index]``, or None."""
        return None if index is None or index >= len(self._payloads) else self._payloads[index]

    def code_size(self, payload: str) -> tuple[int, int]:
        """(columns, rows) of ``payload``'s code with its quiet zone."""
        return _size(payload, self._quiet)

    def _pick(self, width: int, height: int) -> int | None:
        for index, payload in enumerate(self._payloads):
            columns, rows = self.code_size(payload)
            if columns <= width and rows <= height:
                return index
        return None

    def _choose(self, index: int | None) -> None:
        if index != self._index:
            # A paint may have come between show() and this layout; when the size is unchanged the
            # compositor keeps those lines, so they must be drawn again (a code was shown as words).
            self._index = index
            self.refresh()
        if self._posted != index:
            self._posted = index
            self.post_message(self.Shown(self, index))

    # -- layout ------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """The chosen code's width, chosen for the room the container gives."""
        self._room = (container.width - self.reserve_width, container.height)
        self._choose(self._pick(*self._room))
        if self.shown is not None:
            return self.code_size(self.shown)[0]
        return max(1, min(MESSAGE_WIDTH, container.width - self.reserve_width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The code's rows, or the lines of the message."""
        if self.shown is not None:
            return self.code_size(self.shown)[1]
        return len(self._message_lines(width))

    def _message_lines(self, width: int) -> list[str]:
        if not self._too_big or width < 1:
            return []
        return textwrap.wrap(self._too_big, width=width) or [""]

    def _fits_now(self) -> bool:
        if self.shown is None:
            return False
        columns, rows = self.code_size(self.shown)
        size = self.content_size
        return columns <= size.width and rows <= size.height

    def code_rows(self) -> list[str]:
        """The text rows of the code drawn (quiet zone included), [] when none."""
        if self.shown is None:
            return []
        return list(qr_rows(self.shown, self._quiet))

    # -- drawing -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """One row of the code, dark on light; the message rows when the code cannot fit."""
        width = self.content_size.width
        if self._fits_now():
            rows = qr_rows(self.shown, self._quiet)
            if y < len(rows):
                return Strip([Segment(rows[y], self._style)], len(rows[y])).extend_cell_length(width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        # Never a cut code: say it in words (the layout may not have given the room asked).
        lines = self._message_lines(width)
        text = lines[y] if y < len(lines) else ""
        return Strip([Segment(text, self.rich_style)]).extend_cell_length(width, self.rich_style)
