"""The PMS console: unlock, inbox, note view, purge (placeholder until issue 6 lands)."""

from __future__ import annotations

from typing import Any

__all__ = ["open_console"]


def open_console(app: Any) -> None:
    """Open the PMS space: the unlock dialog, then the console."""
    from ..placeholder import PlaceholderScreen

    app.push_screen(PlaceholderScreen(title=app.t("home.pms")))
