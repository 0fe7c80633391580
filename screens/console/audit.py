"""AuditScreen: what was done in the console and when (half-days), never any content.

The log is read in a worker (typed message back); the screen shows at once with a "…" line.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from kiosk.content.errors import translate_error

from ..base import KioskScreen
from .literal import visible
from .memory import quiet_collector, settle
from .text import format_date, part_of_day, status_label

__all__ = ["AUDIT_SHOWN", "AuditRead", "AuditScreen"]

#: The most recent entries shown (the whole log stays in the store).
AUDIT_SHOWN = 500
#: Action names the store wrote before it used codes → their code (key ``console.audit.action.<code>``).
LEGACY_ACTIONS = {
    "lecture": "read",
    "réponse": "reply",
    "mémo": "memo",
    "effacement": "purged_note",
    "phrase de passe changée": "passphrase",
}
STATUS_PREFIX = "statut : "


class AuditRead(Message):
    """The log's entries (``error`` set instead if the store refused)."""

    def __init__(self, entries: list[dict[str, Any]], error: Exception | None = None) -> None:
        super().__init__()
        self.entries, self.error = entries, error


class AuditScreen(KioskScreen):
    """The session's audit log, newest last, in a table (↑↓ to scroll)."""

    CSS_PATH = "audit.tcss"
    AUTO_FOCUS = "#audit"  # arrows scroll the log (focused when shown, also when composed ahead)
    TITLE_KEY = "console.audit.title"

    def __init__(self, session: Any = None) -> None:
        super().__init__()  # no id: one composed ahead waits beside the one shown (ids are unique in the app)
        self._session = session

    def open(self, session: Any) -> AuditScreen:
        """Give a screen composed empty (ahead) the session whose log it shows (read once it shows)."""
        self._session = session
        return self

    def compose_body(self) -> ComposeResult:
        t = self.host.t
        yield Static(t("console.audit.loading"), id="audit-intro", markup=False)
        table: DataTable = DataTable(id="audit", cursor_type="row")
        for key in ("date", "moment", "action", "note"):
            table.add_column(t(f"console.audit.column.{key}"), key=key)
        yield table

    @work(thread=True, exclusive=True, group="audit")
    def _read_log(self, session: Any) -> None:
        from kiosk.store import StoreError

        try:
            with quiet_collector():
                entries = session.audit_log()
            read = AuditRead(entries)
        except StoreError as exc:
            read = AuditRead([], exc)
        if not get_current_worker().is_cancelled:
            self.post_message(read)

    def on_audit_read(self, message: AuditRead) -> None:
        """The log is back: fill the table (the latest :data:`AUDIT_SHOWN` entries)."""
        t = self.host.t
        intro = self.query_one("#audit-intro", Static)
        if message.error is not None:
            intro.update(translate_error(t, message.error))
            return
        entries = message.entries
        text = t("console.audit.intro", count=len(entries))
        if len(entries) > AUDIT_SHOWN:  # a DataTable measures every cell: keep it short
            entries = entries[-AUDIT_SHOWN:]
            text = f"{text} {t('console.audit.latest', count=AUDIT_SHOWN)}"
        intro.update(text)
        table = self.query_one("#audit", DataTable)
        table.add_rows(
            (
                Text(format_date(str(entry.get("date", "")))),
                Text(part_of_day(t, str(entry.get("part_of_day", "")))),
                Text(self._action(str(entry.get("action", "")))),
                Text(visible(str(entry.get("note_id") or "—"))),
            )
            for entry in entries
        )
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)
        settle()

    def _action(self, action: str) -> str:
        """The action in words: ``statut : traite`` → *statut : traité*; unknown ones as stored."""
        t = self.host.t
        if action.startswith(STATUS_PREFIX):
            return t("console.audit.action.status", status=status_label(t, action[len(STATUS_PREFIX) :]))
        key = f"console.audit.action.{LEGACY_ACTIONS.get(action, action)}"
        text = t(key)
        return visible(action) if text == key else text

    def first_shown(self) -> None:
        """The log is read in a worker once the screen shows (it may have been composed ahead)."""
        if self._session is not None:
            self.call_after_refresh(self._read_log, self._session)

    def on_unmount(self) -> None:
        """Drop the session reference."""
        self._session = None
