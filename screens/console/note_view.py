"""NoteViewScreen: one note, shown literally, with its conversation, memos and actions.

Everything the student (or a colleague) typed goes through :func:`literal`: markup and
terminal escape sequences appear as the characters they are, never interpreted.
"""

from __future__ import annotations

from kiosk.content.errors import translate_error

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Static

from ..base import KioskScreen
from .dialogs import TextDialog
from .literal import literal, visible
from .text import answer_lines, status_label, when

__all__ = ["NOTE_ACTIONS", "NoteViewScreen"]

#: Digit → action on the note.
NOTE_ACTIONS = ("nouveau", "en_cours", "traite", "memo", "reply")

_CSS = """
NoteViewScreen #body { padding: 0 1; }
#note-actions { height: 1; }
#note-actions Button {
    height: 1; min-width: 0; border: none; padding: 0 1; margin-right: 1;
    background: #000080; color: #ffffff; text-style: none;
}
#note-actions Button.-current { background: #ffff00; color: #000000; text-style: bold; }
#note-status { text-style: bold; height: 1; }
#note-scroll { height: 1fr; }
#note-scroll:focus { background: #000000; }
.note-heading { text-style: bold underline; margin-top: 1; }
.note-meta { color: #ffffff; }
.note-urgent { background: #ffffff; color: #000000; text-style: bold; width: auto; }
.note-text { padding: 0 0 0 2; }
"""


class NoteViewScreen(KioskScreen):
    """``1-3`` set the status, ``4`` memo, ``5`` reply; ↑↓ scroll the note."""

    CSS = _CSS
    TITLE_KEY = "console.note.title"
    HINTS_KEY = "console.note.hints"

    def __init__(self, session: Any, note_id: str, *, on_change: Callable[[], None] | None = None) -> None:
        super().__init__(id="console-note")
        self._session = session
        self._note_id = note_id
        self._on_change = on_change
        self._view: Any = None
        self._error = ""

    # -- layout ------------------------------------------------------------------

    def _load(self) -> None:
        from kiosk.store import StoreError

        try:
            self._view = self._session.read(self._note_id)
            self._error = ""
        except StoreError as exc:  # a corrupt or vanished note: say so, keep the console alive
            self._view = None
            self._error = self.app.t("console.note.unreadable", reason=translate_error(self.app.t, exc))

    def compose_body(self) -> ComposeResult:
        t = self.app.t
        if self._view is None and not self._error and self._session is not None:
            self._load()
        with Horizontal(id="note-actions"):
            current = self._view.status if self._view is not None else ""
            for number, action in enumerate(NOTE_ACTIONS, start=1):
                label = t(f"console.note.action.{action}")
                mark = " ✓" if action == current else ""
                button = Button(f"{number} {label}{mark}", id=f"note-{action}", compact=True,
                                action=f"screen.choose({number})")
                button.set_class(action == current, "-current")
                yield button
        yield Static("", id="note-status", markup=False)
        with VerticalScroll(id="note-scroll"):
            if self._view is None:
                yield Static(self._error, markup=False)
            else:
                yield from self._parts(self._view)

    def _parts(self, view: Any) -> ComposeResult:
        t = self.app.t
        meta = f"{when(t, view.date, view.part_of_day)} · {t('console.column.status')} : {status_label(t, view.status)}"
        if view.urgent:
            yield Label(f" {t('console.urgent')} ", classes="note-urgent", markup=False)
        yield Static(meta, classes="note-meta", markup=False)
        for line in answer_lines(t, view.answers):
            yield Static(literal(line), classes="note-meta")
        yield Static(t("console.note.student"), classes="note-heading", markup=False)
        yield Static(literal(view.text), classes="note-text", id="note-text")
        if view.messages:
            yield Static(t("console.note.conversation"), classes="note-heading", markup=False)
            for message in view.messages:
                yield from self._message(message)
        if view.memos:
            yield Static(t("console.note.memos"), classes="note-heading", markup=False)
            for memo in view.memos:
                yield from self._message(memo, memo=True)

    def _message(self, message: Any, *, memo: bool = False) -> ComposeResult:
        t = self.app.t
        who = "memo" if memo else ("pms" if message.author == "pms" else "eleve")
        heading = t(f"console.note.from.{who}", when=when(t, message.date, message.part_of_day))
        yield Static(heading, classes="note-meta", markup=False)
        yield Static(literal(message.text), classes="note-text")

    def on_mount(self) -> None:
        """Arrows scroll the note."""
        self.query_one("#note-scroll", VerticalScroll).focus()

    def on_unmount(self) -> None:
        """Drop the decrypted note and the session reference."""
        self._view = None
        self._session = None

    # -- actions ---------------------------------------------------------------------

    async def action_choose(self, number: int) -> None:
        """A digit: status, memo or reply."""
        if self._session is None or self._view is None or not 1 <= number <= len(NOTE_ACTIONS):
            return
        action = NOTE_ACTIONS[number - 1]
        if action in ("memo", "reply"):
            self._ask(action)
        else:
            error = self._attempt(self._session.set_status, action)
            if error:
                self.query_one("#note-status", Static).update(error)
                return
            # Only the status changed: no need to decrypt (and log a reading) again.
            self._view = replace(self._view, status=action)
            await self._changed(self.app.t("console.note.status_set", status=status_label(self.app.t, action)),
                                reread=False)

    def _ask(self, action: str) -> None:
        t = self.app.t
        session = self._session
        write = session.add_memo if action == "memo" else session.reply

        def save(text: str) -> str:
            return self._attempt(write, text)

        dialog = TextDialog(
            t(f"console.{action}.title"),
            save_label=t(f"console.{action}.save"),
            cancel_label=t("console.cancel"),
            hints=t(f"console.{action}.hints"),
            empty_error=t("console.dialog.empty"),
            save=save,
        )

        async def done(text: str | None) -> None:
            if text is not None:
                await self._changed(t(f"console.{action}.saved"))

        self.app.push_screen(dialog, callback=done)

    def _attempt(self, write: Callable[[str, str], None], value: str) -> str:
        """Run a store write on this note: ``""``, or why it failed (a short French sentence)."""
        from kiosk.store import StoreError

        try:
            write(self._note_id, value)
        except (StoreError, ValueError) as exc:  # disk full, note purged meanwhile, text too long
            return self.app.t("console.note.failed", reason=translate_error(self.app.t, exc))
        return ""

    async def _changed(self, message: str, *, reread: bool = True) -> None:
        if self._on_change is not None:
            self._on_change()
        if reread:
            self._load()
        await self.recompose()
        self.query_one("#note-status", Static).update(visible(message))
        self.query_one("#note-scroll", VerticalScroll).focus()
