"""Small modal dialogs of the PMS console: write a text, confirm an action, choose.

One box, :class:`ConsoleDialog` (a framed title, an optional line, then the dialog's own
widgets), and one numbered-choice dialog, :class:`ChoiceDialog`, of which
:class:`ConfirmDialog` is the yes/no case. Each returns its answer through ``dismiss``:
:class:`TextDialog` the text (or ``None``), :class:`ConfirmDialog` ``True``/``False``,
:class:`ChoiceDialog` the chosen value. Escape is left to the app (quick exit wipes
everything, drafts included); cancelling is a button or a digit.

Showing a dialog is one layout and one paint of the dialog alone (:class:`ConsoleDialog`):
Textual's push restyled the nodes just styled at mount, and the Resize that the first layout
sends to a new screen laid the dialog out a second time and the screen below (a note: some
40 widgets) once more, though neither had changed size. Private Textual calls, each where
Textual makes it for a screen that resizes: ``Screen._screen_resized``, ``Screen._compositor``
(the size a screen was last laid out at), ``App._background_screens``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from ..widgets.menu import on_top_only
from ..widgets.steady import SteadyTextArea
from .choices import ChoiceLines

__all__ = ["ChoiceDialog", "ConfirmDialog", "ConsoleDialog", "TextDialog"]

_Answer = TypeVar("_Answer")


class ConsoleDialog(ModalScreen[_Answer], Generic[_Answer]):
    """The console's modal box: a framed title, an optional line (``body``), then :meth:`compose_content`."""

    CSS_PATH = "dialogs.tcss"
    #: The id of the body line (tests and screens read it).
    BODY_ID = "dialog-body"

    def __init__(self, title: str, body: str = "") -> None:
        super().__init__()
        self._title, self._body = title, body

    def compose(self) -> ComposeResult:
        with Vertical(classes="console-dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            if self._body:
                yield Static(self._body, id=self.BODY_ID, markup=False)
            yield from self.compose_content()

    def compose_content(self) -> ComposeResult:
        """The dialog's own widgets, under the title."""
        yield from ()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """No restyling on show: a dialog is new, its nodes were styled when mounted (a dialog shown
        again, once one above it closed, is resumed without restyling by Textual too)."""
        event.refresh_styles = False  # Screen's own handler (called next) then lays out and paints

    async def _on_resize(self, event: events.Resize) -> None:
        """Lay out again only the screens not laid out at this size (replaces Screen's handler,
        which re-laid out the dialog and the screens below on the Resize of its first layout)."""
        event.stop()
        event.prevent_default()
        for screen in (self, *self.app._background_screens):
            if screen._compositor.size != event.size:
                screen._screen_resized(event.size)


class TextDialog(ConsoleDialog[str | None]):
    """A title, a text area, *Enregistrer* (Ctrl+S) and *Annuler*; dismisses the text or None.

    A blank text is refused with a message. ``save`` (optional) stores the text before
    the dialog closes and returns ``""``, or a reason to show while the draft stays.
    """

    BINDINGS = [Binding("ctrl+s", "save", "Enregistrer", show=False, priority=True)]

    def __init__(
        self,
        title: str,
        *,
        save_label: str,
        cancel_label: str,
        hints: str,
        empty_error: str,
        save: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(title)
        self._save, self._cancel = save_label, cancel_label
        self._hints, self._empty_error = hints, empty_error
        self._save_text = save

    def compose_content(self) -> ComposeResult:
        yield SteadyTextArea(id="dialog-text", soft_wrap=True, show_line_numbers=False)
        yield Static("", id="dialog-error", classes="dialog-error", markup=False)
        with Horizontal(classes="dialog-buttons"):
            yield Button(self._save, id="dialog-save", variant="primary", compact=True)
            yield Button(self._cancel, id="dialog-cancel", compact=True)
        yield Static(self._hints, classes="dialog-hints", markup=False)

    def on_mount(self) -> None:
        """Type straight away."""
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        """Ctrl+S or *Enregistrer*: dismiss with the text, unless it is blank."""
        text = self.query_one(TextArea).text
        error = self._empty_error if not text.strip() else ""
        if not error and self._save_text is not None:
            error = self._save_text(text)
        if error:  # the draft stays in the field: nothing typed is lost
            self.query_one("#dialog-error", Static).update(error)
            return
        self.dismiss(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        event.stop()
        if event.button.id == "dialog-save":
            self.action_save()
        else:
            self.dismiss(None)


class ChoiceDialog(ConsoleDialog[_Answer]):
    """A title, an optional line and numbered choices (digits, arrows + Enter, mouse); dismisses
    the chosen value.

    A choice whose value is ``None`` is the way out (it dismisses ``None``).
    """

    BINDINGS = [Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)]
    BODY_ID = "choice-body"
    MENU_ID = "choice-menu"

    def __init__(self, title: str, body: str, choices: list[tuple[str, _Answer]]) -> None:
        super().__init__(title, body)
        self._choices = choices

    def compose_content(self) -> ComposeResult:
        yield ChoiceLines(list(self._choices), id=self.MENU_ID)

    def on_mount(self) -> None:
        """Arrows and Enter work at once."""
        self.query_one(ChoiceLines).focus()

    def action_choose(self, number: int) -> None:
        """A digit key."""
        self.query_one(ChoiceLines).choose(number)

    @on_top_only
    def on_choice_lines_chosen(self, event: ChoiceLines.Chosen) -> None:
        """Answer."""
        event.stop()
        self.dismiss(event.value)


class ConfirmDialog(ChoiceDialog[bool]):
    """A question with ``1 yes`` / ``2 no``; dismisses a bool.

    With ``yes=""`` it is a plain message with a single *OK* choice (dismisses False).
    """

    BODY_ID = "confirm-body"
    MENU_ID = "confirm-menu"

    def __init__(self, title: str, body: str, *, yes: str, no: str) -> None:
        super().__init__(title, body, [(yes, True), (no, False)] if yes else [(no, False)])
