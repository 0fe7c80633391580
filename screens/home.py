"""Home: the three roles, the PMS space and the language choice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label

from .base import KioskScreen
from .ready import ScreenKey, take_screen
from .widgets import DigitMenu

__all__ = ["HomeScreen", "ROLES", "LANGS"]

ROLES = ("eleve", "parent", "equipe")
LANGS = ("fr", "nl", "en")


class HomeScreen(KioskScreen):
    """``1 Élève · 2 Parent · 3 Équipe éducative · 4 Espace PMS · 5-7 languages``."""

    REMOVE_LATER = True

    TITLE_KEY = "home.title"

    def compose_body(self) -> ComposeResult:
        t = self.app.t
        choices = [(t(f"home.role.{role}"), ("role", role)) for role in ROLES]
        choices.append((t("home.pms"), ("pms", "")))
        current = self.app.content.lang
        for lang in LANGS:
            label = t(f"home.lang.{lang}")
            choices.append((f"{label} ✓" if lang == current else label, ("lang", lang)))
        yield Label(t("home.intro"), id="intro", markup=False)
        yield DigitMenu(choices, id="menu")

    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """Open a role's menu, the PMS unlock, or switch language."""
        if not self.is_active:
            return  # a second key came before this screen was covered: ignore it
        kind, ref = event.value
        if kind == "role":
            from .menu import MenuScreen

            self.app.push_screen(take_screen(self.app, ScreenKey("menu", ref), lambda: MenuScreen(ref)))
        elif kind == "pms":
            from .console import open_console

            open_console(self.app)
        else:
            self.app.set_language(ref)
