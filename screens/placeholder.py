"""PlaceholderScreen: a short "coming soon" page for entries not built yet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label

from .base import KioskScreen

__all__ = ["PlaceholderScreen"]


class PlaceholderScreen(KioskScreen):
    """Shows the title and ``placeholder.soon``; the navigation around it is real."""

    def compose_body(self) -> ComposeResult:
        yield Label(self.app.t("placeholder.soon"), id="placeholder", markup=False)
