"""IdleWarning: "Tu es toujours là ?", shown shortly before the idle wipe."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

__all__ = ["IdleWarning"]


class IdleWarning(ModalScreen[bool]):
    """Any key, click or paste dismisses it (with True: the user is still there)."""

    def __init__(self, title: str, body: str) -> None:
        super().__init__(id="idle-warning")
        self._title, self._body = title, body

    def compose(self) -> ComposeResult:
        with Vertical(id="idle-box"):
            yield Label(self._title, id="idle-title", markup=False)
            yield Label(self._body, id="idle-body", markup=False)

    def set_body(self, body: str) -> None:
        """Update the countdown line (kept for compose when the screen is not composed yet: the
        next second's tick can come first on a loaded machine, and a query then raised)."""
        self._body = body
        for label in self.query("#idle-body").results(Label):
            label.update(body)

    def on_key(self, event: events.Key) -> None:
        """Any key: still here."""
        event.stop()
        self.dismiss(True)

    def on_click(self, event: events.Click) -> None:
        """A click: still here."""
        event.stop()
        self.dismiss(True)
