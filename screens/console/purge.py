"""Purge from the console: say how many "traité" notes passed the retention, confirm, purge."""

from __future__ import annotations

from typing import Any

from .dialogs import ConfirmDialog

__all__ = ["start_purge"]


def start_purge(inbox: Any) -> None:
    """Count the candidates for ``config.retention_days`` and ask before purging.

    ``inbox`` is the :class:`~kiosk.screens.console.inbox.InboxScreen` (it holds the
    session and shows the outcome on its status line).
    """
    app = inbox.app
    session = inbox.session
    if session is None:
        return
    t = app.t
    days = app.config.retention_days
    count = session.purge_candidates(days)
    title = t("console.purge.title")
    if count == 0:
        app.push_screen(ConfirmDialog(title, t("console.purge.none", days=days), yes="", no=t("console.ok")))
        return
    body = t("console.purge.body", days=days, count=count)
    dialog = ConfirmDialog(title, body, yes=t("console.purge.yes", count=count), no=t("console.purge.no"))

    def answered(confirmed: bool | None) -> None:
        if not confirmed or inbox.session is None:
            inbox.set_status(t("console.purge.cancelled"))
            return
        purged = inbox.session.purge(days)
        inbox.reload(done=t("console.purge.done", count=purged))

    app.push_screen(dialog, callback=answered)
