"""AuditScreen: what was done in the console and when (half-days), never any content."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ..base import KioskScreen
from .literal import visible
from .text import format_date, part_of_day, status_label

__all__ = ["AUDIT_SHOWN", "AuditScreen"]

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


class AuditScreen(KioskScreen):
    """The session's audit log, newest last, in a table (↑↓ to scroll)."""

    CSS_PATH = "audit.tcss"
    TITLE_KEY = "console.audit.title"

    def __init__(self, session: Any) -> None:
        super().__init__(id="console-audit")
        self._session = session

    def compose_body(self) -> ComposeResult:
        t = self.host.t
        entries = self._session.audit_log() if self._session is not None else []
        intro = t("console.audit.intro", count=len(entries))
        if len(entries) > AUDIT_SHOWN:  # a DataTable measures every cell: keep it short
            entries = entries[-AUDIT_SHOWN:]
            intro = f"{intro} {t('console.audit.latest', count=AUDIT_SHOWN)}"
        yield Static(intro, markup=False)
        table: DataTable = DataTable(id="audit", cursor_type="row")
        for key in ("date", "moment", "action", "note"):
            table.add_column(t(f"console.audit.column.{key}"), key=key)
        for entry in entries:
            table.add_row(
                Text(format_date(str(entry.get("date", "")))),
                Text(part_of_day(t, str(entry.get("part_of_day", "")))),
                Text(self._action(str(entry.get("action", "")))),
                Text(visible(str(entry.get("note_id") or "—"))),
            )
        yield table

    def _action(self, action: str) -> str:
        """The action in words: ``statut : traite`` → *statut : traité*; unknown ones as stored."""
        t = self.host.t
        if action.startswith(STATUS_PREFIX):
            return t("console.audit.action.status", status=status_label(t, action[len(STATUS_PREFIX) :]))
        key = f"console.audit.action.{LEGACY_ACTIONS.get(action, action)}"
        text = t(key)
        return visible(action) if text == key else text

    def on_mount(self) -> None:
        """Arrows scroll the log."""
        table = self.query_one("#audit", DataTable)
        table.focus()
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def on_unmount(self) -> None:
        """Drop the session reference."""
        self._session = None
