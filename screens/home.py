"""Home: the three roles, the PMS space and the language choice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label

from kiosk.langs import LANGS

from .base import KioskScreen
from .ready import ScreenKey, take_screen
from .widgets import DigitMenu
from .widgets.menu import on_top_only

__all__ = ["HomeScreen", "ROLES", "LANGS"]

ROLES = ("eleve", "parent", "equipe")


class HomeScreen(KioskScreen):
    """``1 Élève · 2 Parent · 3 Équipe éducative · 4 Espace PMS · 5-7 languages``."""

    REMOVE_LATER = True

    TITLE_KEY = "home.title"

    def compose_body(self) -> ComposeResult:
        t = self.host.t
        choices = [(t(f"home.role.{role}"), ("role", role)) for role in ROLES]
        choices.append((t("home.pms"), ("pms", "")))
        current = self.host.content.lang
        for lang in LANGS:
            label = t(f"home.lang.{lang}")
            choices.append((f"{label} ✓" if lang == current else label, ("lang", lang)))
        yield Label(t("home.intro"), id="intro", markup=False)
        yield DigitMenu(choices, id="menu")

    @on_top_only
    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """Open a role's menu, the PMS unlock, or switch language."""
        kind, ref = event.value
        if kind == "role":
            from .menu import MenuScreen

            self.app.push_screen(take_screen(self.app, ScreenKey("menu", ref), lambda: MenuScreen(ref)))
        elif kind == "pms":
            from .console import open_console

            open_console(self.app)
        else:
            self.host.set_language(ref)
