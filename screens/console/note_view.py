"""NoteViewScreen: one note, shown literally, with its conversation, memos and actions.

Everything the student (or a colleague) typed goes through :func:`literal`: markup and
terminal escape sequences appear as the characters they are, never interpreted.

No store call runs on the UI thread: reading the note, a status change, a deletion and saving a
reply or a memo run in workers that hand back a typed message. The screen answers each key at
once ("…" on its status line, or in the dialog) and ignores the same key until the answer comes.
Workers start after the next refresh (``call_after_refresh``): the "…" is painted before a
worker competes with the UI thread for the GIL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from time import monotonic
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Button, Static, TextArea
from textual.worker import get_current_worker

from kiosk.content.errors import translate_error

from ..base import KioskScreen
from .dialogs import TextDialog
from .keybar import KeyBar
from .literal import literal, visible
from .memory import quiet_collector, settle
from .note_body import NoteBody, Part
from .text import answer_lines, status_label, when

__all__ = ["NOTE_ACTIONS", "NoteRead", "NoteViewScreen", "NoteWritten", "SaveDialog"]

#: The inbox screen's id (see :class:`~.inbox.InboxScreen`).
INBOX_ID = "console-inbox"

#: Digit → action on the note (the console's one digit map: 1-4 are the inbox filters and take
#: you back to the list; 9 is the journal everywhere). Status changes sit behind 7, in a menu,
#: never on a digit used to move around, and the last change can be undone there.
NOTE_ACTIONS = {5: "reply", 6: "memo", 7: "status", 8: "delete", 9: "audit"}
STATUS_CHOICES = ("nouveau", "en_cours", "traite")


class NoteRead(Message):
    """The note decrypted (``view``), or why not (``error``); ``message`` is shown after it."""

    def __init__(self, view: Any, error: Exception | None, message: str) -> None:
        super().__init__()
        self.view, self.error, self.message = view, error, message


class NoteWritten(Message):
    """A write on the note is done: ``then`` says which, ``result`` what it returned, or ``error``."""

    def __init__(self, then: str, result: Any, error: Exception | None) -> None:
        super().__init__()
        self.then, self.result, self.error = then, result, error
        #: When the write ended (``time.monotonic``): a list read after it already shows it.
        self.at = monotonic()


class SaveDialog(TextDialog):
    """The reply / memo box, saving in a worker: Ctrl+S answers at once (« Enregistrement… »),
    the draft stays (read-only) until the store answers, and a second Ctrl+S meanwhile does
    nothing (never two replies). On failure the reason shows and the draft can be sent again."""

    class Saved(Message):
        """The store answered: ``error`` is None (saved) or what it raised."""

        def __init__(self, text: str, error: Exception | None) -> None:
            super().__init__()
            self.text, self.error = text, error

    def __init__(
        self,
        title: str,
        *,
        write: Callable[[str], None],
        explain: Callable[[Exception], str],
        saving: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, **kwargs)
        self._write_text, self._explain, self._saving_text = write, explain, saving
        self._saving = False

    def action_save(self) -> None:
        """Ctrl+S or *Enregistrer*: a blank text is refused as before, else saved in a worker."""
        if self._saving:
            return
        area = self.query_one(TextArea)
        if not area.text.strip():
            super().action_save()  # the dialog's own refusal, draft kept
            return
        self._saving = True
        area.read_only = True
        self.query_one("#dialog-error", Static).update(self._saving_text)
        self.call_after_refresh(self._store_text, area.text)

    @work(thread=True, exclusive=True, group="note-save")
    def _store_text(self, text: str) -> None:
        from kiosk.store import StoreError

        try:
            with quiet_collector():
                self._write_text(text)
            saved = self.Saved(text, None)
        except (StoreError, ValueError) as exc:  # disk full, note purged meanwhile, text too long
            saved = self.Saved(text, exc)
        if not get_current_worker().is_cancelled:
            self.post_message(saved)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """While saving, the buttons wait too (*Annuler*: the reply may already be written).

        Otherwise the dialog's own handler runs next (Textual calls each class's handler).
        """
        if self._saving:
            event.stop()
            event.prevent_default()

    def on_save_dialog_saved(self, message: Saved) -> None:
        """Saved: close with the text; refused: say why and give the draft back."""
        self._saving = False
        if message.error is None:
            self.dismiss(message.text)
            return
        self.query_one(TextArea).read_only = False
        self.query_one("#dialog-error", Static).update(self._explain(message.error))


class NoteViewScreen(KioskScreen):
    """``5`` reply, ``6`` memo, ``7`` status (undo), ``8`` delete, ``9`` journal; ↑↓ scroll the note."""

    CSS_PATH = ["note_view.tcss", "keybar.tcss"]
    AUTO_FOCUS = "#note-scroll"  # arrows scroll the note (focused when shown, also when composed ahead)
    TITLE_KEY = "console.note.title"
    HINTS_KEY = "console.note.hints"

    def __init__(self, session: Any = None, note_id: str = "", *, on_change: Callable[[], None] | None = None) -> None:
        super().__init__()  # no id: one composed ahead waits beside the one shown (ids are unique in the app)
        self._session = session
        self._note_id = note_id
        self._on_change = on_change
        self._view: Any = None
        self._error = ""
        #: The status before the last change made here (``None``: nothing to undo).
        self._undo: str | None = None
        #: A write is under way: actions wait for its answer (they would act on a stale note).
        self._writing = False

    # -- layout ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="note-read")
    def _read_note(self, session: Any, message: str = "") -> None:
        """Decrypt the note (and journal the reading) off the UI thread."""
        from kiosk.store import StoreError

        try:
            with quiet_collector():
                view = session.read(self._note_id)
            read = NoteRead(view, None, message)
        except StoreError as exc:  # a corrupt or vanished note: say so, keep the console alive
            read = NoteRead(None, exc, message)
        if not get_current_worker().is_cancelled:
            self.post_message(read)

    @work(thread=True, exclusive=True, group="note-write")
    def _write(self, write: Callable[[], Any], then: str, inbox: Any) -> None:
        """A store write on this note off the UI thread; the inbox below hears of it too (even
        if this screen was left meanwhile: the list must show what was written)."""
        from kiosk.store import StoreError

        try:
            with quiet_collector():
                result = write()
            error = None
        except (StoreError, ValueError) as exc:  # disk full, note deleted meanwhile
            result, error = None, exc
        if inbox is not None:
            inbox.post_message(NoteWritten(then, result, error))
        if not get_current_worker().is_cancelled:
            self.post_message(NoteWritten(then, result, error))

    async def on_note_read(self, message: NoteRead) -> None:
        """The note came back: show it (the worker never touched a widget)."""
        await self._shown(message.view, message.error, message.message)
        settle()

    async def on_note_written(self, message: NoteWritten) -> None:
        """A write came back: say so."""
        message.stop()  # the inbox got its own copy
        self._writing = False
        await self._written(message.then, message.result, message.error)
        settle()

    async def _shown(self, view: Any, error: Any, message: str) -> None:
        if self._session is None:  # locked or left meanwhile: show nothing
            return
        self._view = view
        self._error = self.host.t("console.note.unreadable", reason=self._reason(error)) if error else ""
        self._fill()
        if message:
            self._say(visible(message))

    def compose_body(self) -> ComposeResult:
        """Every part of a note, empty (a shell): :meth:`_fill` puts the note in when it is read.

        So the screen can be composed ahead, before anyone opens a note (see :mod:`.shells`),
        and a status change or a reply gives the one body widget new parts instead of composing again.
        """
        t = self.host.t
        actions = KeyBar([list(NOTE_ACTIONS)], id="note-actions")
        actions.show({number: self._action_label(action) for number, action in NOTE_ACTIONS.items()})
        yield actions
        yield Static("", id="note-status", markup=False)
        yield NoteBody([("line", Text(t("console.note.loading")))], id="note-scroll")

    def _say(self, text: str) -> None:
        """The status line under the actions: one fixed line, so no layout of the screen."""
        self.query_one("#note-status", Static).update(text, layout=False)

    def _action_label(self, action: str) -> str:
        t = self.host.t
        current = self._view.status if self._view is not None else ""
        return t(f"console.note.action.{action}", status=status_label(t, current))

    def _fill(self) -> None:
        """Show the note read (or why not) in the body composed empty (one widget, see :mod:`.note_body`)."""
        view, t = self._view, self.host.t
        body = self.query_one(NoteBody)
        if view is None:
            body.show([("line", Text(self._error or t("console.note.loading")))])
            return
        actions = self.query_one("#note-actions", KeyBar)
        labels = {number: actions.label(number) for number in NOTE_ACTIONS}
        actions.show({**labels, 7: self._action_label("status")})  # repaints the bar only if it changed
        body.show(self._parts(view))

    def _parts(self, view: Any) -> list[Part]:
        """The note as parts: urgent mark, meta, answers, the text, then each thread; what anyone
        typed goes through :func:`literal`."""
        t = self.host.t
        meta = f"{when(t, view.date, view.part_of_day)} · {t('console.column.status')} : {status_label(t, view.status)}"
        parts: list[Part] = [("mark", Text(f" {t('console.urgent')} "))] if view.urgent else []
        parts.append(("line", Text(meta)))
        parts += [("line", literal(line)) for line in answer_lines(t, view.answers)]
        parts += [("heading", Text(t("console.note.student"))), ("text", literal(view.text))]
        parts += self._thread("console.note.conversation", view.messages, memo=False)
        parts += self._thread("console.note.memos", view.memos, memo=True)
        return parts

    def _thread(self, heading: str, messages: Any, *, memo: bool) -> list[Part]:
        """The conversation (or the memos): a heading, then each message's author line and text."""
        t = self.host.t
        parts: list[Part] = [("heading", Text(t(heading)))] if messages else []
        for message in messages:
            who = "memo" if memo else ("pms" if message.author == "pms" else "eleve")
            parts.append(("line", Text(t(f"console.note.from.{who}", when=when(t, message.date, message.part_of_day)))))
            parts.append(("text", literal(message.text)))
        return parts

    def open(self, session: Any, note_id: str, *, on_change: Callable[[], None] | None = None) -> NoteViewScreen:
        """Give a screen composed empty (ahead) the note it shows; it is read once the screen shows."""
        self._session, self._note_id, self._on_change = session, note_id, on_change
        return self

    def first_shown(self) -> None:
        """The note is read in a worker once the screen shows (it may have been composed ahead)."""
        if self._view is None and not self._error and self._session is not None:
            self.call_after_refresh(self._read_note, self._session)

    def on_unmount(self) -> None:
        """Drop the decrypted note and the session reference (the body drops its lines itself)."""
        self._view = None
        self._session = None

    # -- actions ---------------------------------------------------------------------

    async def action_choose(self, number: int) -> None:  # type: ignore[override]  # Textual awaits either
        """A digit: the same meaning as everywhere in the console (see :data:`NOTE_ACTIONS`)."""
        if 1 <= number <= 4:  # the inbox filters: back to the list, filtered
            self._back_to_list(number)
            return
        if self._session is None or number not in NOTE_ACTIONS:
            return
        action = NOTE_ACTIONS[number]
        if action == "audit":
            from .audit import AuditScreen

            inbox = self._inbox_below()  # it holds a journal composed ahead
            self.app.push_screen(inbox.journal() if inbox is not None else AuditScreen(self._session))
        elif self._view is None or self._writing:
            return
        elif action in ("memo", "reply"):
            self._ask(action)
        elif action == "status":
            self._ask_status()
        else:
            self._ask_delete()

    def _inbox_below(self) -> Any:
        """The console's inbox under this note, if it is there (found by its id: the inbox
        imports this module, so importing the inbox here would be an import cycle)."""
        stack = self.app.screen_stack
        return stack[-2] if len(stack) > 1 and stack[-2].id == INBOX_ID else None

    def _back_to_list(self, number: int) -> None:
        inbox = self._inbox_below()
        self.app.pop_screen()
        if inbox is not None:
            inbox.show_filter(number)

    # -- status (with undo) ------------------------------------------------------------

    def _ask_status(self) -> None:
        from .dialogs import ChoiceDialog

        t = self.host.t
        current = self._view.status
        # 1-3 are always the same three statuses (the digits of the inbox filters, same words).
        choices: list[tuple[str, object]] = [
            (
                t("console.status_dialog.set", status=status_label(t, status)) + (" ✓" if status == current else ""),
                status,
            )
            for status in STATUS_CHOICES
        ]
        # 4 is always "undo" and 5 always "close": a digit never changes meaning inside the dialog.
        if self._undo is not None and self._undo != current:
            choices.append((t("console.status_dialog.undo", status=status_label(t, self._undo)), ("undo", self._undo)))
        else:
            choices.append((t("console.status_dialog.no_undo"), None))
        choices.append((t("console.status_dialog.close"), None))
        body = t("console.status_dialog.body", status=status_label(t, current))
        self.app.push_screen(
            ChoiceDialog(t("console.status_dialog.title"), body, choices), callback=self._status_chosen
        )

    def _status_chosen(self, choice: Any) -> None:
        if choice is None or choice == getattr(self._view, "status", None) or self._session is None:
            return
        undoing = isinstance(choice, tuple)
        status = choice[1] if undoing else choice
        session, note_id = self._session, self._note_id
        self._start_write(lambda: session.set_status(note_id, status), f"{'undo' if undoing else 'status'}:{status}")

    def _start_write(self, write: Callable[[], Any], then: str) -> None:
        """Say "…" at once, then write in a worker (one at a time)."""
        if self._writing:
            return
        self._writing = True
        self._say(self.host.t("console.saving"))
        self.call_after_refresh(self._write, write, then, self._inbox_below())

    def _reason(self, error: Any) -> str:
        """An error in words: a store error through its code, anything else as it is."""
        from kiosk.store import StoreError

        return translate_error(self.host.t, error) if isinstance(error, StoreError) else str(error)

    async def _written(self, then: str, result: Any, error: Any) -> None:
        t = self.host.t
        if self._session is None:
            return
        if error:
            self._say(t("console.note.failed", reason=self._reason(error)))
            return
        if then == "delete":
            self._deleted()
            return
        kind, status = then.split(":", 1)
        self._undo = None if kind == "undo" else result
        # Only the status changed: no need to decrypt (and log a reading) again.
        self._view = replace(self._view, status=status)
        key = "console.note.status_undone" if kind == "undo" else "console.note.status_set"
        await self._changed(t(key, status=status_label(t, status)), reread=False)

    # -- deleting one note ---------------------------------------------------------------

    def _ask_delete(self) -> None:
        from .dialogs import ConfirmDialog

        t = self.host.t
        dialog = ConfirmDialog(
            t("console.delete.title"), t("console.delete.body"), yes=t("console.delete.yes"), no=t("console.delete.no")
        )
        self.app.push_screen(dialog, callback=self._delete_answered)

    def _delete_answered(self, confirmed: bool | None) -> None:
        if not confirmed or self._session is None:
            self._say(self.host.t("console.delete.cancelled"))
            return
        session, note_id = self._session, self._note_id
        self._start_write(lambda: session.delete_note(note_id), "delete")

    def _deleted(self) -> None:
        t = self.host.t
        inbox = self._inbox_below()
        self.app.pop_screen()
        if inbox is not None:
            inbox.reload(done=t("console.delete.done"))

    def _ask(self, action: str) -> None:
        t = self.host.t
        session = self._session
        write = session.add_memo if action == "memo" else session.reply

        note_id = self._note_id
        dialog = SaveDialog(
            t(f"console.{action}.title"),
            write=lambda text: write(note_id, text),  # in the dialog's worker thread
            explain=lambda error: t("console.note.failed", reason=self._reason(error)),
            saving=t("console.saving"),
            save_label=t(f"console.{action}.save"),
            cancel_label=t("console.cancel"),
            hints=t(f"console.{action}.hints"),
            empty_error=t("console.dialog.empty"),
        )

        async def done(text: str | None) -> None:
            if text is not None:
                await self._changed(t(f"console.{action}.saved"))

        self.app.push_screen(dialog, callback=done)

    async def _changed(self, message: str, *, reread: bool = True) -> None:
        if self._on_change is not None:
            self._on_change()
        if reread and self._session is not None:
            self.call_after_refresh(self._read_note, self._session, message)  # shows the message once read again
            return
        self._fill()
        self._say(visible(message))
