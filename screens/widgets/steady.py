"""Text fields whose cursor does not blink.

A blinking cursor repaints its field twice a second for as long as a form stays open: on a
kiosk left on a form that is CPU and terminal writes for nothing, and WCAG 2.2.2 asks that
blinking lasting more than five seconds can be stopped (a kiosk has no setting for that).
The cursor stays shown, steady, in the focused field.
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Input, TextArea

__all__ = ["SteadyInput", "SteadyTextArea"]


class SteadyInput(Input):
    """An :class:`~textual.widgets.Input` with a steady cursor."""

    cursor_blink = reactive(False, init=False)


class SteadyTextArea(TextArea):
    """A :class:`~textual.widgets.TextArea` with a steady cursor."""

    cursor_blink = reactive(False, init=False)
