"""The neutral welcome screen: school name, "Infirmerie", "press a key".

Nothing on it speaks of harassment: this is what a passer-by sees. Quick exit and
the idle wipe come back here; any key or click opens home.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from .base import KioskScreen
from .ready import ScreenKey, take_screen

__all__ = ["WelcomeScreen"]


class WelcomeScreen(KioskScreen):
    """First and last screen of every visit."""

    SHOW_BACK = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Label(self.host.config.school_name, id="school", markup=False)
            yield Label(self.host.t("welcome.title"), id="welcome-title", markup=False)
            yield Label(self.host.t("welcome.press_key"), id="press-key", markup=False)

    def _open_home(self) -> None:
        from .home import HomeScreen  # imported when needed: keeps the first paint light

        if self.app.screen is not self:
            return  # keys typed fast: home is already on its way
        self.host.finish_start()  # a key may come before the content is loaded
        if self.host.ready:
            self.app.push_screen(take_screen(self.app, ScreenKey("home"), HomeScreen))

    def on_key(self, event: events.Key) -> None:
        """Any key opens home, but Backspace: it means "back", and there is no back from here."""
        if event.key == "backspace":
            return
        event.stop()
        self._open_home()

    def on_click(self, event: events.Click) -> None:
        """Any click opens home (the quick-exit button handles its own)."""
        event.stop()
        self._open_home()

    def action_choose(self, number: int) -> None:
        """A digit is "any key" here too."""
        self._open_home()
