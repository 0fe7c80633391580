"""PageScreen: one Markdown page of the content pack."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from .base import KioskScreen
from .widgets.page_text import page_renderable

__all__ = ["PageScreen"]


class PageScreen(KioskScreen):
    """A page drawn by one widget (see :mod:`.widgets.page_text`), scrollable with the arrows."""

    REMOVE_LATER = True

    HINTS_KEY = "keys.scroll"

    def __init__(self, page_id: str) -> None:
        self.page_id = page_id
        super().__init__()  # no id: a second one may be composed ahead while this one shows

    @property
    def screen_title(self) -> str:
        return self.host.content.pages[self.page_id].title

    def compose_body(self) -> ComposeResult:
        page = self.host.content.pages[self.page_id]
        with VerticalScroll(id="page-scroll"):
            # Usually prepared after the first paint; built here when not (same cached function).
            yield Static(page_renderable(page.body), id="page")
