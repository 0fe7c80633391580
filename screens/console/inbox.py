"""InboxScreen: the unlocked PMS console — filters, the note list, purge, audit, lock, leave.

It is the root of the console: it owns the :class:`PmsSession` while it is mounted and
locks it when it goes away (back, quick exit, idle wipe, idle lock, leave), so no key
and no decrypted note outlives the console. The list is a :class:`NoteList` (it renders
only the visible rows), which keeps 10,000 notes usable.

No store call runs on the UI thread: the list, the previews (a batch of the rows on screen at a
time, kept per note id until the console locks) and the purge run in workers that hand back a
typed message; the screen says "…" at once and fills in when the message comes.
Workers start after the next refresh (``call_after_refresh``): the "…" is painted before a
worker competes with the UI thread for the GIL.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from time import monotonic
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from kiosk.content.errors import translate_error
from kiosk.store.pace import give_way

from ..base import KioskScreen
from .dialogs import ConfirmDialog
from .keybar import KeyBar
from .literal import literal
from .memory import quiet_collector, release, retire, settle
from .note_list import NoteList, NoteListHeader
from .purge import PurgeCounted, Purged, ask_purge
from .shells import ConsoleShells
from .text import format_date, part_of_day, status_label

if TYPE_CHECKING:
    from .audit import AuditScreen
    from .note_view import NoteViewScreen

__all__ = ["DIGITS", "FILTERS", "MORE", "InboxScreen", "NotesLoaded", "PreviewsOpened"]

#: Digit → status filter (``None``: every note). The same digits in a note go back to the list.
FILTERS: tuple[str | None, ...] = ("nouveau", "en_cours", "traite", None)
#: The console's one digit map: a digit means the same thing on every console screen that shows
#: it. 5-8 act on an open note (see note_view), 9 and 0 are shown in the inbox.
DIGITS = {9: "audit", 0: "more"}
#: What *0 Plus…* offers (in a small menu): rarer actions, away from the digits used every day.
MORE = ("lock", "purge", "leave", "problems")
#: What a row shows until its preview is decrypted (a worker opens the rows on screen).
PREVIEW_PENDING = "…"
#: Seconds without a key before a console screen is composed ahead (see .shells).
SHELL_QUIET = 0.15
#: The app's own low-priority workers (kiosk/app.py), which composing ahead does not wait for.
NOT_CONSOLE_WORKERS = ("prepare", "demo")


@dataclass
class Listing:
    """The inbox's notes cut by filter and counted, with each note's row in each cut.

    Built in the list's worker: at 10,000 notes, filtering and counting on the UI thread took
    15-75 ms per filter key.
    """

    notes: list[Any] = field(default_factory=list)
    by_filter: dict[str | None, list[Any]] = field(default_factory=dict)
    rows: dict[str | None, dict[str, int]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    unread: int = 0

    @classmethod
    def of(cls, notes: list[Any]) -> Listing:
        """Cut ``notes`` (in inbox order) by every filter (in a worker: each note gives way to a
        busy UI thread, store/pace.py)."""
        by_filter: dict[str | None, list[Any]] = {status: [] for status in FILTERS if status}
        counts: Counter[str] = Counter()
        unread = 0
        for note in notes:
            give_way()
            counts[note.status] += 1
            unread += bool(note.unread_answer)
            for status, cut in by_filter.items():
                if _wanted(note, status):
                    cut.append(note)
        by_filter[None] = notes
        # An unread student answer puts its note with the new ones, whatever its status.
        counts["nouveau"] = len(by_filter["nouveau"])
        rows: dict[str | None, dict[str, int]] = {}
        for status, cut in by_filter.items():
            rows[status] = {}
            for row, note in enumerate(cut):
                give_way()
                rows[status][note.note_id] = row
        return cls(notes, by_filter, rows, counts, unread)

    def retire(self) -> None:
        """No longer shown: emptied in another thread (see memory.retire); this one is left empty."""
        retire(self.notes, self.by_filter, self.rows)
        self.notes, self.by_filter, self.rows = [], {}, {}


class NotesLoaded(Message):
    """The inbox's worker read the list (``error`` set instead if the store refused)."""

    def __init__(
        self, listing: Listing, readiness: str, error: Exception | None = None, *, started: float = 0.0
    ) -> None:
        super().__init__()
        self.listing, self.readiness, self.error = listing, readiness, error
        #: When the read began (``time.monotonic``): only the latest read is shown.
        self.started = started


class PreviewsOpened(Message):
    """A batch of previews decrypted: note id → (preview, problem or None)."""

    def __init__(self, opened: dict[str, tuple[str, Any]]) -> None:
        super().__init__()
        self.opened = opened


class InboxScreen(KioskScreen):
    """The console's home: ``1-4`` filters with counts, ``9`` journal, ``0`` more; the list below."""

    # .tcss files are user-level CSS: they win over the app's ``#body`` rule.
    CSS_PATH = ["inbox.tcss", "note_list.tcss", "keybar.tcss"]
    BINDINGS = [Binding("0", "choose(0)", show=False)]
    TITLE_KEY = "console.title"
    HINTS_KEY = "console.inbox.hints"

    def __init__(self, session: Any) -> None:
        super().__init__(id="console-inbox")
        self._session = session
        self._filter: str | None = None
        self._listing = Listing()
        self._ready = False
        self._stale = True
        self._readiness = ""
        #: What to say once the list being read is back (e.g. "3 notes purged").
        self._done = ""
        #: When the latest list read began (``time.monotonic``).
        self._load_started = 0.0
        #: Decrypted previews by note id (a note's text never changes); dropped with the key.
        self._previews: dict[str, tuple[str, Any]] = {}
        #: Rows on screen whose preview is not open yet, and whether a batch is under way.
        self._wanted: dict[str, Any] = {}
        self._opening = False
        #: What the status line says (it is repainted only when that changes).
        self._status = ""
        #: A purge is running: a second one waits for it (it would count stale notes).
        self._purging = False
        #: An empty note view and journal, composed while no key comes (see .shells).
        self.shells = ConsoleShells(self, _shell_builders(), self._busy)

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
        # 1-4 filters on the first line, 9 and 0 on the second, then the unread answers badge.
        yield KeyBar([range(1, len(FILTERS) + 1), list(DIGITS)], id="console-keys")
        yield Static("", id="console-status", markup=False)
        yield NoteListHeader([t(f"console.column.{key}") for key in ("date", "moment", "urgent", "status", "preview")])
        yield NoteList(self._cells, row_key=self._row_key, id="inbox")

    def _warning_text(self, problems: list[str]) -> str:
        if not problems:
            return ""
        first = problems[0]
        more = self.host.t("console.warning.more", count=len(problems) - 1) if len(problems) > 1 else ""
        return f"⚠ {first}{more}"

    def on_mount(self) -> None:
        """Start the idle lock (the list is read when the screen shows: :meth:`on_screen_resume`)."""
        self._label_bar()
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

    def on_note_written(self, message: Any) -> None:
        """A note screen wrote a note (status, deletion): read the list again, now if it shows
        and no read began after the write (e.g. the PMS went back before the write ended)."""
        message.stop()
        if self._load_started >= message.at:
            return  # that read sees the write
        if self.app.screen is self:
            self.reload()
        else:
            self.mark_stale()

    def reload(self, done: str = "") -> None:
        """Read every note again (in a worker: 10,000 notes take a moment), then redraw.

        ``done`` is shown on the status line once the list is back (a reload started before
        the list comes keeps it).
        """
        if self._session is None:
            return
        self._stale = False
        self._load_started = monotonic()
        self._done = done or self._done
        self.set_status(self.host.t("console.inbox.loading"))
        self.call_after_refresh(self._load_notes, self._session, self._load_started)

    @work(thread=True, exclusive=True, group="inbox")
    def _load_notes(self, session: Any, started: float) -> None:
        """Read the list off the UI thread (Escape keeps working meanwhile)."""
        from kiosk.store import StoreError

        try:
            with quiet_collector():
                listing, readiness = Listing.of(session.list_notes()), str(session.store.readiness())
            result = NotesLoaded(listing, readiness, started=started)
        except StoreError as exc:  # locked meanwhile, unreadable file: say why
            result = NotesLoaded(Listing(), self._readiness, exc, started=started)
        if not get_current_worker().is_cancelled:
            self.post_message(result)

    def on_notes_loaded(self, message: NotesLoaded) -> None:
        """The list is back: show it (unless the console locked meanwhile)."""
        if self._session is None or message.started != self._load_started:
            return  # locked meanwhile, or a later read is on its way
        if message.error is not None:
            self.set_status(translate_error(self.host.t, message.error))
            return
        done, self._done = self._done, ""
        self._loaded(message.listing, done, message.readiness)
        settle()
        self.shells.prepare()  # the next Enter or 9 shows a screen composed meanwhile

    def _busy(self) -> bool:
        """A key came a moment ago, or a console worker's answer is awaited (composing ahead waits:
        it would delay that answer's paint)."""
        if monotonic() - self.host.last_activity < SHELL_QUIET:
            return True
        return any(worker.is_running and worker.group not in NOT_CONSOLE_WORKERS for worker in self.app.workers)

    def _loaded(self, listing: Listing, done: str, readiness: str = "ok") -> None:
        if self._session is None:  # locked while loading: show nothing
            return
        if readiness != self._readiness:
            self._readiness = readiness
            problems = self._problems()
            warning = self.query_one("#console-warning", Static)
            warning.update(self._warning_text(problems))
            warning.display = bool(problems)
        old, self._listing = self._listing, listing
        self._ready = True
        self._show()
        old.retire()  # freeing 10,000 notes here took 8-18 ms of this thread
        if done:
            self.set_status(done)

    def _show(self) -> None:
        """Apply the current filter to the list already read (no new decryption)."""
        listing = self._listing
        self._label_bar()
        notes = listing.by_filter.get(self._filter, [])
        note_list = self.query_one("#inbox", NoteList)
        current = note_list.current
        # Back from a note, the cursor stays on it (even if its status moved it in the list).
        row = listing.rows.get(self._filter, {}).get(current.note_id) if current is not None else None
        note_list.set_items(notes, row=row)
        self.set_status("" if notes else self.host.t("console.inbox.empty"))

    def _opened(self, note: Any) -> tuple[str, Any] | None:
        """A note's preview and problem, ``None`` while its preview is not decrypted (asked for)."""
        opened = self._previews.get(note.note_id) if note.damage is None else ("", note.damage)
        if opened is None:
            self._want_preview(note)
        return opened

    def _row_key(self, note: Any) -> tuple[Any, ...]:
        """Everything :meth:`_cells` shows of ``note``: the list reuses a line built for the same key.

        Called for each row on screen, like :meth:`_cells`: a row whose preview is not open yet
        asks for it here too (its line is pending until the preview comes, then built again).
        """
        fields = (note.note_id, note.date, note.part_of_day, note.status, note.urgent, note.unread_answer)
        return (*fields, self._opened(note), self.host.content.lang)

    def _cells(self, note: Any) -> list[Text]:
        """The cells of one note's row; only called for the rows on screen (never decrypts:
        a row whose preview is not open yet shows :data:`PREVIEW_PENDING` and asks for it)."""
        t = self.host.t
        urgent = Text(t("console.urgent"), style="bold reverse") if note.urgent else Text("")
        opened = self._opened(note)
        if opened is None:
            text, problem = PREVIEW_PENDING, None
        else:
            text, problem = opened
        if problem is not None:  # listed, never hidden: *illisible* and why
            return [
                Text(format_date(note.date) if note.date else "?"),
                Text(part_of_day(t, note.part_of_day)),
                urgent,
                Text(t("console.status.illisible"), style="bold reverse"),
                literal(translate_error(t, problem), single_line=True),
            ]
        if note.unread_answer:  # a word, not a colour: « nouvelle réponse »
            status = Text(t("console.unread_answer"), style="bold reverse")
        else:
            status = Text(status_label(t, note.status))
        preview = literal(text, single_line=True)
        return [Text(format_date(note.date)), Text(part_of_day(t, note.part_of_day)), urgent, status, preview]

    # -- previews, a batch at a time off the UI thread --------------------------------

    def _want_preview(self, note: Any) -> None:
        self._wanted[note.note_id] = note
        if not self._opening:
            self._opening = True
            self.call_later(self._open_wanted)

    def _open_wanted(self) -> None:
        batch, self._wanted = list(self._wanted.values()), {}
        if not batch or self._session is None:
            self._opening = False
            return
        self._open_previews(batch)

    @work(thread=True, exclusive=True, group="previews")
    def _open_previews(self, notes: list[Any]) -> None:
        """Decrypt the previews of ``notes`` (the rows on screen)."""
        worker = get_current_worker()
        opened: dict[str, tuple[str, Any]] = {}
        for note in notes:
            if worker.is_cancelled:
                return
            opened[note.note_id] = (note.preview, note.problem)
        if not worker.is_cancelled:
            self.post_message(PreviewsOpened(opened))

    def on_previews_opened(self, message: PreviewsOpened) -> None:
        """Show the batch; rows that scrolled into view meanwhile get the next one."""
        self._opening = False
        if self._session is None:
            return
        self._previews.update(message.opened)
        settle()
        self.query_one("#inbox", NoteList).refresh()
        if self._wanted:
            self._opening = True
            self._open_wanted()

    def _label_bar(self) -> None:
        """The bar's labels: each filter with its count, the current one marked; 9, 0; the badge."""
        t = self.host.t
        # "Tous" counts every listed note, unreadable ones too (none is hidden); not a sum of the
        # filters: a note with an unread answer counts under "Nouveau" and under its own status.
        total = len(self._listing.notes)
        labels: dict[int, str] = {}
        for number, status in enumerate(FILTERS, start=1):
            name = t(f"console.filter.{status or 'tous'}")
            count: int | str = (self._listing.counts.get(status, 0) if status else total) if self._ready else "…"
            mark = " ✓" if status == self._filter else ""
            labels[number] = f"{name} ({count}){mark}"
        labels.update((number, t(f"console.action.{action}")) for number, action in DIGITS.items())
        unread = self._listing.unread
        badge = t("console.badge", count=unread) if unread else ""
        current = FILTERS.index(self._filter) + 1
        self.query_one("#console-keys", KeyBar).show(labels, current, badge)

    def set_status(self, text: str) -> None:
        """The one-line message above the list (what just happened)."""
        if text != self._status:
            self._status = text
            # One line, always: its size never changes, a layout would repaint the whole screen.
            self.query_one("#console-status", Static).update(text, layout=False)

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

        if self._session is not None:
            if event.item.unread_answer:  # reading it clears the flag: the list must say so after
                self.mark_stale()
            screen = cast("NoteViewScreen", self.shells.take("note"))
            self.app.push_screen(screen.open(self._session, event.item.note_id, on_change=self.mark_stale))

    # -- purge: count, ask, purge (each store call in a worker) -----------------------

    def _do_purge(self) -> None:
        if self._session is None:
            return
        if self._purging:
            self.set_status(self.host.t("console.saving"))
            return
        self.set_status(self.host.t("console.purge.counting"))
        self.call_after_refresh(self._count_purge, self._session, self.host.config.retention_days)

    @work(thread=True, exclusive=True, group="purge-count")
    def _count_purge(self, session: Any, days: int) -> None:
        from kiosk.store import StoreError

        try:
            with quiet_collector():
                count = session.purge_candidates(days)
            counted = PurgeCounted(days, count)
        except StoreError as exc:
            counted = PurgeCounted(days, 0, exc)
        if not get_current_worker().is_cancelled:
            self.post_message(counted)

    def on_purge_counted(self, message: PurgeCounted) -> None:
        """The count is back: say it and ask (or say why it failed)."""
        if self._session is None:
            return
        if message.error is not None:
            self.set_status(self.host.t("console.note.failed", reason=translate_error(self.host.t, message.error)))
            return
        self.set_status("")
        settle()
        ask_purge(self, message.days, message.count, self._purge_answered)

    def _purge_answered(self, days: int, confirmed: bool | None) -> None:
        if not confirmed or self._session is None or self._purging:
            self.set_status(self.host.t("console.purge.cancelled"))
            return
        self._purging = True
        self.set_status(self.host.t("console.saving"))
        self.call_after_refresh(self._run_purge, self._session, days)

    @work(thread=True, exclusive=True, group="purge-run")
    def _run_purge(self, session: Any, days: int) -> None:
        from kiosk.store import StoreError

        try:
            purged = Purged(session.purge(days))
        except StoreError as exc:
            purged = Purged(0, exc)
        self.post_message(purged)  # even if cancelled: the notes are gone, the list must say so

    def on_purged(self, message: Purged) -> None:
        """The purge is done: read the list again."""
        self._purging = False
        if self._session is None:
            return
        t = self.host.t
        if message.error is not None:
            self.set_status(t("console.note.failed", reason=translate_error(t, message.error)))
            return
        self.reload(done=t("console.purge.done", count=message.count))

    def _do_audit(self) -> None:
        self.app.push_screen(self.journal())

    def journal(self) -> KioskScreen:
        """The journal screen for this session (composed ahead if it could be)."""

        return cast("AuditScreen", self.shells.take("audit")).open(self._session)

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
        self.shells.drop()
        self._previews.clear()  # the decrypted previews go with the key
        self._wanted.clear()
        for note_list in self.query(NoteList):
            note_list.forget()
        self._listing.retire()  # after the list let go of its rows
        self._listing = Listing()
        session, self._session = self._session, None
        release()
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


def _shell_builders() -> dict[str, Any]:
    """The console screens composed ahead, empty (their modules import this one: imported here)."""
    from .audit import AuditScreen
    from .note_view import NoteViewScreen

    return {"note": NoteViewScreen, "audit": AuditScreen}


def _wanted(note: Any, status: str | None) -> bool:
    """Does ``note`` belong under filter ``status``? *Nouveau* also holds unread student answers."""
    return status is None or note.status == status or (status == "nouveau" and note.unread_answer)
