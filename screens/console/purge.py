"""Purge from the console: say how many "traité" notes passed the retention, confirm, purge.

The inbox counts and purges in workers (no store call on the UI thread); this module holds
their result messages and the question asked in between.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message

from .dialogs import ConfirmDialog

__all__ = ["PurgeCounted", "Purged", "ask_purge"]


class PurgeCounted(Message):
    """How many notes a purge of ``days`` would delete (``error`` set if the store refused)."""

    def __init__(self, days: int, count: int, error: Exception | None = None) -> None:
        super().__init__()
        self.days, self.count, self.error = days, count, error


class Purged(Message):
    """How many notes the purge deleted (``error`` set if the store refused)."""

    def __init__(self, count: int, error: Exception | None = None) -> None:
        super().__init__()
        self.count, self.error = count, error


def ask_purge(inbox: Any, days: int, count: int, answered: Callable[[int, bool | None], None]) -> None:
    """Say ``count`` and ask before purging; ``answered(days, yes)`` gets the answer.

    ``inbox`` is the :class:`~kiosk.screens.console.inbox.InboxScreen`.
    """
    app = inbox.app
    t = app.t
    title = t("console.purge.title")
    if count == 0:
        app.push_screen(ConfirmDialog(title, t("console.purge.none", days=days), yes="", no=t("console.ok")))
        return
    body = t("console.purge.body", days=days, count=count)
    dialog = ConfirmDialog(title, body, yes=t("console.purge.yes", count=count), no=t("console.purge.no"))
    app.push_screen(dialog, callback=lambda confirmed: answered(days, confirmed))
