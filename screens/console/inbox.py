"""InboxScreen: the unlocked PMS console — filters, the note list, purge, audit, lock, leave.

It is the root of the console: it owns the :class:`PmsSession` while it is mounted and
locks it when it goes away (back, quick exit, idle wipe, idle lock, leave), so no key
and no decrypted note outlives the console. The list is a :class:`NoteList` (it renders
only the visible rows), which keeps 10,000 notes usable.
"""

from __future__ import annotations

from collections import Counter
from time import monotonic
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from kiosk.content.errors import translate_error

from ..base import KioskScreen
from .dialogs import ConfirmDialog
from .literal import literal
from .note_list import NoteList, NoteListHeader
from .text import format_date, part_of_day, status_label

__all__ = ["DIGITS", "FILTERS", "MORE", "InboxScreen"]

#: Digit → status filter (``None``: every note). The same digits in a note go back to the list.
FILTERS: tuple[str | None, ...] = ("nouveau", "en_cours", "traite", None)
#: The console's one digit map: a digit means the same thing on every console screen that shows
#: it. 5-8 act on an open note (see note_view), 9 and 0 are shown in the inbox.
DIGITS = {9: "audit", 0: "more"}
#: What *0 Plus…* offers (in a small menu): rarer actions, away from the digits used every day.
MORE = ("lock", "purge", "leave", "problems")


class InboxScreen(KioskScreen):
    """The console's home: ``1-4`` filters with counts, ``9`` journal, ``0`` more; the list below."""

    # .tcss files are user-level CSS: they win over the app's ``#body`` rule.
    CSS_PATH = ["inbox.tcss", "note_list.tcss"]
    BINDINGS = [Binding("0", "choose(0)", show=False)]
    TITLE_KEY = "console.title"
    HINTS_KEY = "console.inbox.hints"

    def __init__(self, session: Any) -> None:
        super().__init__(id="console-inbox")
        self._session = session
        self._filter: str | None = None
        self._counts: Counter[str] = Counter()
        self._all: list[Any] = []
        self._ready = False
        self._stale = True
        self._readiness = ""

    # -- layout ----------------------------------------------------------------

    def _problems(self) -> list[str]:
        problems = list(self.host.content_problems)
        if self._readiness not in ("", "ok"):  # students cannot leave notes: first thing said
            problems.insert(0, self.host.t(f"console.ready.{self._readiness}"))
        problems.extend(translate_error(self.host.t, problem) for problem in self.host.store.problems)
        problems.extend(self.host.restart_notices())  # issue 15: crashes, without content
        return problems

    def compose_body(self) -> ComposeResult:
        t = self.host.t
        problems = self._problems()
        warning = Static(self._warning_text(problems), id="console-warning", markup=False)
        warning.display = bool(problems)
        yield warning
        with Horizontal(id="console-filters", classes="console-bar"):
            for number in range(1, len(FILTERS) + 1):
                yield Button("", id=f"filter-{number}", compact=True, action=f"screen.choose({number})")
        with Horizontal(id="console-actions", classes="console-bar"):
            for number, action in DIGITS.items():
                label = t(f"console.action.{action}")
                yield Button(
                    f"{number} {label}", id=f"action-{action}", compact=True, action=f"screen.choose({number})"
                )
            yield Static("", id="console-badge", markup=False)
        yield Static("", id="console-status", markup=False)
        yield NoteListHeader([t(f"console.column.{key}") for key in ("date", "moment", "urgent", "status", "preview")])
        yield NoteList(self._cells, id="inbox")

    def _warning_text(self, problems: list[str]) -> str:
        if not problems:
            return ""
        first = problems[0]
        more = self.host.t("console.warning.more", count=len(problems) - 1) if len(problems) > 1 else ""
        return f"⚠ {first}{more}"

    def on_mount(self) -> None:
        """Start the idle lock (the list is read when the screen shows: :meth:`on_screen_resume`)."""
        self._label_filters()
        self.set_interval(1.0, self._idle_lock_tick)
        self.query_one("#inbox", NoteList).focus()

    def on_screen_resume(self) -> None:
        """Coming back from a note: reload if something changed."""
        if self._stale:
            self.reload()

    def on_unmount(self) -> None:
        """Back, quick exit, idle wipe: forget the key."""
        self._forget()

    @property
    def session(self) -> Any:
        """The unlocked session (``None`` once locked)."""
        return self._session

    # -- data --------------------------------------------------------------------

    def mark_stale(self) -> None:
        """A note changed (status, reply…): reload the list when the inbox shows again."""
        self._stale = True

    def reload(self, done: str = "") -> None:
        """Read every note again (in a thread: 10,000 notes take a second or two), then redraw.

        ``done`` is shown on the status line once the list is back.
        """
        if self._session is None:
            return
        self._stale = False
        self.set_status(self.host.t("console.inbox.loading"))
        self._load_notes(self._session, done)

    @work(thread=True, exclusive=True, group="inbox")
    def _load_notes(self, session: Any, done: str) -> None:
        """Decrypt the list off the UI thread (Escape keeps working meanwhile)."""
        from kiosk.store import StoreError

        try:
            notes = session.list_notes()
            readiness = str(session.store.readiness())
        except StoreError as exc:  # locked meanwhile, unreadable file: say why
            self.app.call_from_thread(self.set_status, translate_error(self.host.t, exc))
            return
        try:
            self.app.call_from_thread(self._loaded, notes, done, readiness)
        except RuntimeError:  # the app closed while we read: nobody to show the list to
            notes.clear()

    def _loaded(self, notes: list[Any], done: str, readiness: str = "ok") -> None:
        if self._session is None:  # locked while loading: show nothing
            return
        if readiness != self._readiness:
            self._readiness = readiness
            problems = self._problems()
            warning = self.query_one("#console-warning", Static)
            warning.update(self._warning_text(problems))
            warning.display = bool(problems)
        self._all = notes
        self._ready = True
        self._show()
        if done:
            self.set_status(done)

    def _show(self) -> None:
        """Apply the current filter to the list already read (no new decryption)."""
        self._counts = Counter(note.status for note in self._all)
        unread = sum(1 for note in self._all if note.unread_answer)
        # An unread student answer puts its note with the new ones, whatever its status.
        self._counts["nouveau"] = sum(1 for note in self._all if _wanted(note, "nouveau"))
        self._label_filters()
        self._show_badge(unread)
        notes = [note for note in self._all if _wanted(note, self._filter)]
        note_list = self.query_one("#inbox", NoteList)
        current = note_list.current
        # Back from a note, the cursor stays on it (even if its status moved it in the list).
        keep = (lambda note: note.note_id == current.note_id) if current is not None else None
        note_list.set_items(notes, keep=keep)
        self.set_status("" if notes else self.host.t("console.inbox.empty"))

    def _show_badge(self, unread: int) -> None:
        badge = self.query_one("#console-badge", Static)
        badge.update(self.host.t("console.badge", count=unread) if unread else "")
        badge.set_class(bool(unread), "-shown")

    def _cells(self, note: Any) -> list[Text]:
        """The cells of one note's row; only called for the rows on screen."""
        t = self.host.t
        urgent = Text(t("console.urgent"), style="bold reverse") if note.urgent else Text("")
        preview = literal(note.preview, single_line=True)  # opened first: it may find the note unreadable
        if note.problem is not None:  # listed, never hidden: *illisible* and why
            return [
                Text(format_date(note.date) if note.date else "?"),
                Text(part_of_day(t, note.part_of_day)),
                urgent,
                Text(t("console.status.illisible"), style="bold reverse"),
                literal(translate_error(t, note.problem), single_line=True),
            ]
        if note.unread_answer:  # a word, not a colour: « nouvelle réponse »
            status = Text(t("console.unread_answer"), style="bold reverse")
        else:
            status = Text(status_label(t, note.status))
        return [Text(format_date(note.date)), Text(part_of_day(t, note.part_of_day)), urgent, status, preview]

    def _label_filters(self) -> None:
        t = self.host.t
        # "Tous" counts every listed note, unreadable ones too (none is hidden); not a sum of the
        # filters: a note with an unread answer counts under "Nouveau" and under its own status.
        total = len(self._all)
        for number, status in enumerate(FILTERS, start=1):
            name = t(f"console.filter.{status or 'tous'}")
            count: int | str = (self._counts.get(status, 0) if status else total) if self._ready else "…"
            mark = " ✓" if status == self._filter else ""
            button = self.query_one(f"#filter-{number}", Button)
            button.label = f"{number} {name} ({count}){mark}"
            button.set_class(status == self._filter, "-current")
            button.refresh(layout=True)  # the label's width changed

    def set_status(self, text: str) -> None:
        """The one-line message above the list (what just happened)."""
        self.query_one("#console-status", Static).update(text)

    # -- actions -------------------------------------------------------------------

    def action_choose(self, number: int) -> None:
        """``1-4`` filter the list, ``9`` journal, ``0`` more (5-8 only mean something in a note)."""
        if 1 <= number <= len(FILTERS):
            self.show_filter(number)
        elif number in DIGITS:
            getattr(self, f"_do_{DIGITS[number]}")()

    def show_filter(self, number: int) -> None:
        """Filter ``number`` (1-4); also used by a note's 1-4, which mean the same there."""
        self._filter = FILTERS[number - 1]
        self._show()

    def _do_more(self) -> None:
        from .dialogs import ChoiceDialog

        t = self.host.t
        # Always the same four, then "close": a digit never changes meaning with the situation.
        choices: list[tuple[str, object]] = [(t(f"console.action.{action}"), action) for action in MORE]
        choices.append((t("console.status_dialog.close_menu"), None))
        dialog = ChoiceDialog(t("console.action.more"), "", choices)
        self.app.push_screen(dialog, callback=self._more_chosen)

    def _more_chosen(self, action: object) -> None:
        if action:
            getattr(self, f"_do_{action}")()

    def on_note_list_selected(self, event: NoteList.Selected) -> None:
        """Enter or a click on a row: open the note."""
        event.stop()
        from .note_view import NoteViewScreen

        if self._session is not None:
            if event.item.unread_answer:  # reading it clears the flag: the list must say so after
                self.mark_stale()
            self.app.push_screen(NoteViewScreen(self._session, event.item.note_id, on_change=self.mark_stale))

    def _do_purge(self) -> None:
        from .purge import start_purge

        start_purge(self)

    def _do_audit(self) -> None:
        from .audit import AuditScreen

        self.app.push_screen(AuditScreen(self._session))

    def _do_lock(self) -> None:
        self.lock_console()

    def _do_problems(self) -> None:
        t = self.host.t
        body = "\n".join(f"⚠ {problem}" for problem in self._problems()) or t("console.problems.none")
        self.app.push_screen(ConfirmDialog(t("console.problems.title"), body, yes="", no=t("console.ok")))

    def _do_leave(self) -> None:
        t = self.host.t
        dialog = ConfirmDialog(
            t("console.leave.title"), t("console.leave.body"), yes=t("console.leave.yes"), no=t("console.leave.no")
        )
        self.app.push_screen(dialog, callback=self._leave_answered)

    def _leave_answered(self, leave: bool | None) -> None:
        if leave:
            self._forget()
            self.host.leave_kiosk()

    # -- locking ---------------------------------------------------------------------

    def _forget(self) -> None:
        self._all = []  # the decrypted previews go with the key
        session, self._session = self._session, None
        if session is None:
            return
        session.lock()
        if self.host.pms_session is session:
            self.host.pms_session = None

    def lock_console(self) -> None:
        """Lock the console: forget the key, close every console screen, back to home."""
        self._forget()
        app = self.app
        if self not in app.screen_stack:
            return
        while app.screen is not self:
            app.pop_screen()
        app.pop_screen()

    def _idle_lock_tick(self) -> None:
        if monotonic() - self.host.last_activity >= self.host.config.console_idle_seconds:
            self.lock_console()


def _wanted(note: Any, status: str | None) -> bool:
    """Does ``note`` belong under filter ``status``? *Nouveau* also holds unread student answers."""
    return status is None or note.status == status or (status == "nouveau" and note.unread_answer)
