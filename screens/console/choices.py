"""ChoiceLines: a console dialog's numbered choices, one line each (Line API).

The dialogs used :class:`~kiosk.screens.widgets.DigitMenu` (an ``OptionList``): its first
paint laid out and rendered each option through Textual's content pipeline, half of the
paint of a dialog (profiled). Here each line is a few segments built from the label: the
digit in reverse video (text, not colour), then the label, the highlighted line in its own
style (``choice-lines--highlighted``). ↑↓ move, Enter or a click chooses; the digits are
bound by the dialog, which calls :meth:`ChoiceLines.choose`.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ..widgets.menu import NumberedChoices
from .literal import visible

__all__ = ["ChoiceLines"]

#: The digit's look: reverse video and bold, whatever the colours.
DIGIT_STYLE = Style(bold=True, reverse=True)


class ChoiceLines(NumberedChoices, Widget, can_focus=True):
    """Choices ``1 label`` … ``9 label``; arrows + Enter, a click or :meth:`choose` answer (:class:`Chosen`)."""

    COMPONENT_CLASSES = {"choice-lines--highlighted"}
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("enter", "select", show=False),
    ]

    highlighted: reactive[int] = reactive(0)

    class Chosen(Message):
        """A choice was made; ``value`` is what was given with its label."""

        def __init__(self, lines: ChoiceLines, value: Any) -> None:
            super().__init__()
            self.lines = lines
            self.value = value

        @property
        def control(self) -> ChoiceLines:
            """The choices used."""
            return self.lines

    def __init__(self, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        self._keep_values(choices)
        super().__init__(**kwargs)
        self._labels = [visible(label, single_line=True) for label, _ in choices]
        self._styles = (Style.null(), Style.null())  # a line's and the highlighted one's, set per paint

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the widest line."""
        return max((cell_len(f"  {n}    {label}") for n, label in enumerate(self._labels, 1)), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line per choice."""
        return len(self._labels)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The styles looked up once per paint (``rich_style`` walks up the DOM on each call)."""
        base = self.rich_style
        self._styles = (base, base + self.get_component_rich_style("choice-lines--highlighted"))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """`` n   label`` (the digit in reverse video), padded to the width."""
        width = self.content_region.width
        style = self._styles[y == self.highlighted]
        if y >= len(self._labels):
            return Strip.blank(width, self._styles[0])
        segments = [
            Segment(" ", style),
            Segment(f" {y + 1} ", style + DIGIT_STYLE),
            Segment(f"  {self._labels[y]}", style),
        ]
        return Strip(segments).adjust_cell_length(width, style)

    def watch_highlighted(self) -> None:
        """Repaint the lines (the highlight moved)."""
        self.refresh()

    def validate_highlighted(self, value: int) -> int:
        """Stay on a choice."""
        return max(0, min(value, len(self._labels) - 1))

    def action_move(self, delta: int) -> None:
        """↑ or ↓."""
        self.highlighted += delta

    def action_select(self) -> None:
        """Enter: the highlighted choice."""
        self.choose(self.highlighted + 1)

    def on_click(self, event: events.Click) -> None:
        """A click on a line chooses it."""
        event.stop()
        self.choose(event.y + 1)
