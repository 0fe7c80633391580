"""The PMS console: unlock, inbox, note view, memos and replies, purge, audit, leave the kiosk.

Only :func:`open_console` is needed from outside; the screens load when first used.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from ..host import host_of
from ..styles import read_ahead, tcss_beside

__all__ = ["open_console"]


def open_console(app: App[Any]) -> None:
    """Open the PMS space: the unlock dialog, then (once unlocked) the console's inbox."""
    from .unlock import UnlockScreen

    def unlocked(session: Any) -> None:
        if session is None:
            return
        from .inbox import InboxScreen

        host_of(app).pms_session = session
        app.push_screen(InboxScreen(session))

    read_ahead(app.stylesheet, tcss_beside(__file__))  # every console screen's styles, in one go
    app.push_screen(UnlockScreen(), callback=unlocked)
