"""PageScreen: one Markdown page of the content pack."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from .base import KioskScreen

__all__ = ["PageScreen"]


class PageScreen(KioskScreen):
    """A page rendered with Textual's Markdown widget, scrollable with the arrows."""

    HINTS_KEY = "keys.scroll"

    def __init__(self, page_id: str) -> None:
        self.page_id = page_id
        super().__init__(id=f"page-{page_id}")

    @property
    def screen_title(self) -> str:
        return self.app.content.pages[self.page_id].title

    def compose_body(self) -> ComposeResult:
        from textual.widgets import Markdown  # markdown-it is heavy: load it with the first page

        page = self.app.content.pages[self.page_id]
        with VerticalScroll(id="page-scroll"):
            yield Markdown(page.body, id="page", open_links=False)
