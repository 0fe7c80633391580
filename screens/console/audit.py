"""AuditScreen: what was done in the console and when (half-days), never any content.

The log is read in a worker (typed message back); the screen shows at once with a "…" line.
The same worker lays the entries out as plain lines (:func:`~.journal.journal_lines`): the UI
thread only hands the few lines on screen to :class:`~.journal.AuditJournal`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from kiosk.content.errors import translate_error
from kiosk.store.pace import give_way

from ..base import KioskScreen
from .journal import AuditJournal, journal_lines
from .literal import visible
from .memory import quiet_collector, settle
from .text import format_date, part_of_day, status_label

__all__ = ["AUDIT_SHOWN", "AuditRead", "AuditScreen"]

#: The most recent entries shown (the whole log stays in the store). Only the lines on screen
#: are drawn, whatever the count; the bound keeps the worker's layout (about 6 ms per 1,000
#: entries, holding the interpreter lock) short however old the log grows.
AUDIT_SHOWN = 5000
#: The columns, in order (key ``console.audit.column.<name>``).
COLUMNS = ("date", "moment", "action", "note")
#: The entry field shown in each column, in the same order.
ENTRY_FIELDS = ("date", "part_of_day", "action", "note_id")
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
    """The log laid out: its header then one line per entry shown, and how many entries it holds
    (``error`` set instead if the store refused)."""

    def __init__(self, lines: list[str], count: int = 0, error: Exception | None = None) -> None:
        super().__init__()
        self.lines, self.count, self.error = lines, count, error


class AuditScreen(KioskScreen):
    """The session's audit log, newest last, scrolled to the end (↑↓ PgUp PgDn Home End, wheel)."""

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
        titles = [t(f"console.audit.column.{key}") for key in COLUMNS]
        yield AuditJournal(journal_lines(titles, [])[0], id="audit")

    @work(thread=True, exclusive=True, group="audit")
    def _read_log(self, session: Any, t: Callable[..., str]) -> None:
        from kiosk.store import StoreError

        try:
            with quiet_collector():
                entries = session.audit_log()
                read = AuditRead(journal_lines(*self._cells(t, entries[-AUDIT_SHOWN:])), len(entries))
        except StoreError as exc:
            read = AuditRead([], 0, exc)
        if not get_current_worker().is_cancelled:
            self.post_message(read)

    @classmethod
    def _cells(cls, t: Callable[..., str], entries: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
        """The column titles and each entry's cells, as plain visible text (in the worker).

        The same few dates, moments and actions come back on most entries: each distinct stored
        value is made visible once (the layout of 5,000 entries took 108 ms, most of it there).
        """
        titles = [t(f"console.audit.column.{key}") for key in COLUMNS]
        shown: list[dict[str, str]] = [{}, {}, {}, {}]
        words: tuple[Callable[[str], str], ...] = (
            lambda value: visible(format_date(value), single_line=True),
            lambda value: visible(part_of_day(t, value), single_line=True),
            lambda value: cls._action(t, value),
            lambda value: visible(value or "—", single_line=True),
        )

        def cell(column: int, value: object) -> str:
            raw = "" if value is None else str(value)
            text = shown[column].get(raw)
            if text is None:
                text = shown[column][raw] = words[column](raw)
            return text

        rows = []
        for entry in entries:
            give_way()  # in the worker: a busy UI thread goes first (store/pace.py)
            rows.append([cell(n, entry.get(key)) for n, key in enumerate(ENTRY_FIELDS)])
        return titles, rows

    def on_audit_read(self, message: AuditRead) -> None:
        """The log is back: show its lines (the latest :data:`AUDIT_SHOWN` entries)."""
        t = self.host.t
        intro = self.query_one("#audit-intro", Static)
        if message.error is not None:
            intro.update(translate_error(t, message.error))
            return
        text = t("console.audit.intro", count=message.count)
        if message.count > AUDIT_SHOWN:
            text = f"{text} {t('console.audit.latest', count=AUDIT_SHOWN)}"
        intro.update(text)
        self.query_one("#audit", AuditJournal).set_lines(message.lines)
        settle()

    @staticmethod
    def _action(t: Callable[..., str], action: str) -> str:
        """The action in words: ``statut : traite`` → *statut : traité*; unknown ones as stored."""
        if action.startswith(STATUS_PREFIX):
            status = status_label(t, action[len(STATUS_PREFIX) :])
            return visible(t("console.audit.action.status", status=status), single_line=True)
        key = f"console.audit.action.{LEGACY_ACTIONS.get(action, action)}"
        text = t(key)
        return visible(action, single_line=True) if text == key else text

    def first_shown(self) -> None:
        """The log is read in a worker once the screen shows (it may have been composed ahead)."""
        if self._session is not None:
            self.call_after_refresh(self._read_log, self._session, self.host.t)

    def on_unmount(self) -> None:
        """Drop the session reference and the lines shown."""
        self._session = None
        for journal in self.query(AuditJournal):
            journal.forget()
