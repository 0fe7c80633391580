"""MenuScreen: a role's menu, read from the content pack."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label

from kiosk.content import MenuItem

from .base import KioskScreen
from .navigation import screen_for
from .ready import ScreenKey, take_screen
from .widgets import DigitMenu
from .widgets.menu import on_top_only

__all__ = ["MenuScreen"]


class MenuScreen(KioskScreen):
    """The menu ``menu_id`` of the current pack (at most 9 choices)."""

    REMOVE_LATER = True

    def __init__(self, menu_id: str) -> None:
        self.menu_id = menu_id
        super().__init__()  # no id: a second one may be composed ahead while this one shows

    @property
    def screen_title(self) -> str:
        return self.host.content.menus[self.menu_id].title

    def compose_body(self) -> ComposeResult:
        menu = self.host.content.menus[self.menu_id]
        if menu.intro:
            yield Label(menu.intro, id="intro", markup=False)
        yield DigitMenu([(item.label, item) for item in menu.items], id="menu")

    @on_top_only
    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """Open what the chosen item points to."""
        item: MenuItem = event.value
        if item.kind == "menu":
            self.app.push_screen(take_screen(self.app, ScreenKey("menu", item.ref), lambda: MenuScreen(item.ref)))
        else:
            self.app.push_screen(screen_for(item, self.app))
