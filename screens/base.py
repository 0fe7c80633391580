"""KioskScreen: the frame and keyboard contract shared by every public screen."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen

from .host import Hosted
from .widgets import DigitMenu, EmergencyStrip, KeyHints, TopBar

__all__ = ["KioskScreen", "TITLE_MAX"]

#: The longest title the top bar shows whole at 80 columns (beside DÉMO, Retour, Sortie rapide).
TITLE_MAX = 44

_DIGITS = [Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)]


class KioskScreen(Hosted, Screen, inherit_bindings=False):
    """A public screen: top bar, body, emergency strip, key hints.

    Subclasses write :meth:`compose_body` and, for a menu, handle
    :class:`DigitMenu.Chosen`. Screen's default ``ctrl+c`` (copy the selection to
    the terminal's clipboard) is left out on purpose: a child's words must not
    leave the kiosk through the clipboard.
    """

    BINDINGS = [
        Binding("tab", "app.focus_next", show=False),
        Binding("shift+tab", "app.focus_previous", show=False),
        *_DIGITS,
    ]

    #: Title key in the UI strings, or a literal title set by the subclass.
    TITLE_KEY = ""
    #: Extra hints shown before the common ones (e.g. ``Ctrl+S Envoyer``), a UI string key.
    HINTS_KEY = ""
    SHOW_BACK = True

    #: When closed, the screen may be removed a moment later, when no key comes (see kiosk.ahead):
    #: only screens that hold nothing of the visitor and whose removal does nothing (no lock, no draft).
    REMOVE_LATER = False
    #: Set while the screen waits, composed and laid out ahead at the terminal's size, to be shown
    #: (see :mod:`.ready`): its styles need not be worked out again when it comes on top.
    laid_out_ahead = False
    #: Set once the screen has come on top (see :meth:`first_shown`).
    was_shown = False
    #: The pack of the language it was composed ahead in, None to follow the app's (see :mod:`.host`).
    pinned_pack: Any = None

    def __init__(self, title: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._title = title

    def _watch__pointer_shape(self, pointer_shape: Any) -> None:
        # Textual writes the mouse pointer's shape to the terminal when it is worked out; a screen
        # composed ahead, off the stack, has no pointer: writing then would only disturb the terminal.
        if self.is_active:
            super()._watch__pointer_shape(pointer_shape)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler of the same event (Textual calls both, subclass first).
        if self.laid_out_ahead:
            self.laid_out_ahead = False
            event.refresh_styles = False  # styled ahead by the same stylesheet and theme
        if not self.was_shown:
            self.was_shown = True
            self.first_shown()

    def first_shown(self) -> None:
        """The screen comes on top for the first time (its widgets are mounted).

        A screen may be composed ahead, long before a visitor opens it (see :mod:`.ready`):
        whatever asks the store, or depends on the path that opened it, starts here, not in
        ``on_mount``.
        """

    @property
    def screen_title(self) -> str:
        """The title shown in the top bar."""
        if self._title is not None:
            return self._title
        return self.host.t(self.TITLE_KEY) if self.TITLE_KEY else ""

    def compose(self) -> ComposeResult:
        app = self.host
        yield TopBar(
            self.screen_title,
            back=app.t("nav.back"),
            quick_exit=app.t("nav.quick_exit"),
            demo=app.t("nav.demo") if app.demo else "",
            show_back=self.SHOW_BACK,
        )
        with Vertical(id="body"):
            yield from self.compose_body()
        yield EmergencyStrip(app.t("emergency.title"), app.content.emergency)
        hints = app.t("keys.hints")
        if self.HINTS_KEY:
            hints = f"{app.t(self.HINTS_KEY)} · {hints}"
        yield KeyHints(hints)

    def compose_body(self) -> ComposeResult:
        """The screen's own content, between the top bar and the emergency strip."""
        yield from ()

    def action_choose(self, number: int) -> None:
        """A digit key: choose on the screen's first menu, if any."""
        menus = self.query(DigitMenu)
        if menus:
            menus.first().choose(number)
