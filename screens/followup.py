"""FollowupScreen: *Revenir avec mon code* — read the PMS's replies and answer them.

Nothing here lists codes or notes: the student types a code, and only the note of
that code opens. The code and the open conversation live in this screen only; quick
exit and the idle wipe pop it.

With the code, the first line says whether the PMS has answered (and when, by half-day);
the conversation has the focus and opens at its start, or at the first PMS reply the
child has not seen yet (the replies after the child's last message); ↑ ↓ PgUp PgDn
Home End scroll it, Tab goes to the answer. If the store cannot take an answer now,
the answer field gives way to who to talk to.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Input, Static
from textual.worker import Worker, WorkerState

from kiosk.content.errors import translate_error

from .base import KioskScreen
from .note_form import SendFailure
from .widgets import KeyHints
from .widgets.not_ready import reading_schedule
from .widgets.note_widgets import NOTE_LIMIT, CharCounter, ConversationView, LimitedTextArea, when_words

__all__ = ["CodeWait", "FollowupScreen"]


@dataclass(frozen=True)
class CodeWait:
    """The store asks to wait ``seconds`` before trying ``code`` (wrong codes typed here lately)."""

    code: str
    seconds: int


class FollowupScreen(KioskScreen):
    """Ask the code; show the conversation; send an answer (Ctrl+S)."""

    TITLE_KEY = "followup.title"
    HINTS_KEY = "followup.hints_ask"
    BINDINGS = [
        Binding("ctrl+s", "send", "Envoyer", show=False, priority=True),
        Binding("f1", "after", show=False, priority=True),
        # Not a priority: a focused field keeps Backspace for its text.
        Binding("backspace", "leave", show=False),
    ]
    CSS_PATH = "followup.tcss"

    #: Seconds between two looks at the clock while a code waits its turn.
    WAIT_TICK = 1.0

    def __init__(self) -> None:
        super().__init__(id="followup-screen")
        self._code = ""
        self._busy = False
        self._leave_armed = False
        # (code, store time when it may be tried) while the kiosk makes codes wait.
        self._pending: tuple[str, float] | None = None
        self._wait_timer: Any = None

    def compose_body(self) -> ComposeResult:
        t = self.app.t
        with ContentSwitcher(initial="fu-ask", id="fu-steps"):
            with Vertical(id="fu-ask"):
                yield Static(t("followup.ask"), id="ask-label", markup=False)
                with Horizontal(id="code-row"):
                    yield Input(placeholder=t("followup.code_placeholder"), id="code-input", max_length=60)
                    yield Button(t("followup.open"), id="open", compact=True)
                yield Static("", id="ask-status", classes="fu-status", markup=False)
            with Vertical(id="fu-view"):
                yield Static("", id="fu-first-line", markup=False)
                yield Vertical(id="conversation-box")
                yield Static(t("followup.not_ready"), id="fu-not-ready", markup=False)
                yield Static(t("followup.answer"), id="answer-label", markup=False)
                yield LimitedTextArea(limit=NOTE_LIMIT, id="answer-text")
                with Horizontal(id="answer-row"):
                    yield Static("", id="answer-status", classes="fu-status", markup=False)
                    yield CharCounter(NOTE_LIMIT, id="answer-counter")
                    yield Button(t("followup.after"), id="after", compact=True)
                    yield Button(t("notes.send"), id="send-answer", compact=True)

    def on_mount(self) -> None:
        """The code field has the focus."""
        self.query_one("#code-input", Input).focus()

    def action_choose(self, number: int) -> None:
        """No menu here: digits only ever type into the code or the answer."""

    # -- opening a code ------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the code field opens it."""
        event.stop()
        self._open()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """*Ouvrir* or *Envoyer*."""
        event.stop()
        if event.button.id == "after":
            self.action_after()
        elif event.button.id == "open":
            self._open()
        elif event.button.id == "send-answer":
            self.action_send()

    def _open(self) -> None:
        code = self.query_one("#code-input", Input).value.strip()
        if self._busy:
            return
        if not code:
            self.query_one("#ask-status", Static).update(self.app.t("followup.empty_code"))
            return
        if self._pending is not None:
            # Still waiting: the newly typed code takes the turn of the old one.
            self._pending = (code, self._pending[1])
            self._tick_wait()
            return
        self._busy = True
        self.query_one("#ask-status", Static).update(self.app.t("followup.opening"))
        self._load(code)

    # -- waiting for the kiosk's turn (wrong codes typed here by anyone) -------

    def _now(self) -> float:
        """The store's clock (injectable in tests); the real time for a store without one."""
        return getattr(self.app.store, "timestamp", time.time)()

    def _wait_then_retry(self, wait: CodeWait) -> None:
        """Show the countdown; the code is tried by itself when the wait is over."""
        self._pending = (wait.code, self._now() + wait.seconds)
        if self._wait_timer is None:
            self._wait_timer = self.set_interval(self.WAIT_TICK, self._tick_wait)
        self._tick_wait()

    def _tick_wait(self) -> None:
        if self._pending is None:
            return
        code, ready_at = self._pending
        left = math.ceil(ready_at - self._now())
        status = self.query_one("#ask-status", Static)
        if left > 0:
            status.update(self.app.t("followup.wait", seconds=left))
            return
        self._pending = None
        if self._wait_timer is not None:
            self._wait_timer.stop()
            self._wait_timer = None
        self._busy = True
        status.update(self.app.t("followup.opening"))
        self._load(code)

    @work(thread=True, exclusive=True, exit_on_error=False, group="fu-open")
    def _load(self, code: str) -> Any:
        # Runs in a thread: touches no widget.
        from kiosk.store import TooManyAttempts, UnknownCode

        try:
            view = self.app.store.open_followup(code)
            return code, view, str(self.app.store.readiness())
        except UnknownCode:
            return SendFailure("unknown_code")
        except TooManyAttempts as exc:
            return CodeWait(code, exc.seconds)

    def _first_line(self, messages: list[Any]) -> str:
        """« Le PMS t'a répondu (date, half-day) » or « pas encore » with the reading schedule."""
        replies = [message for message in messages if message.author == "pms"]
        if replies:
            last = replies[-1]
            return self.app.t("followup.answered", when=when_words(self.app.t, last.date, last.part_of_day))
        return self.app.t("followup.no_reply", schedule=reading_schedule(self.app))

    async def _show_view(self, code: str, view: Any, ready: str = "ok", *, at_end: bool = False) -> None:
        self._code = code
        self.query_one("#fu-first-line", Static).update(self._first_line(view.messages))
        box = self.query_one("#conversation-box", Vertical)
        await box.remove_children()
        conversation = ConversationView(view.messages, self.app.t, id="conversation")
        await box.mount(conversation)
        self.query_one("#fu-view").set_class(ready != "ok", "-not-ready")
        self.query_one("#fu-steps", ContentSwitcher).current = "fu-view"
        self.query_one("#code-input", Input).value = ""
        # Its own whole line: digits choose nothing here, and the scroll keys must fit in 80 columns.
        self.query_one(KeyHints).update(self.app.t("followup.hints_view" if ready == "ok" else "followup.hints_read"))
        if at_end:  # just answered: show the answer where it landed, keep writing
            conversation.call_after_refresh(conversation.scroll_end, animate=False)
            self.call_after_refresh(self.query_one("#answer-text", LimitedTextArea).focus)
        else:
            conversation.call_after_refresh(conversation.open_at_first_unread)
            conversation.focus()

    def action_after(self) -> None:
        """F1 or the button: the page "Et après ?"."""
        from .receipt import open_after

        open_after(self)

    # -- answering -----------------------------------------------------------

    def on_text_area_changed(self, event: LimitedTextArea.Changed) -> None:
        """Keep the counter true; a change also cancels a pending "leave?"."""
        self.query_one("#answer-counter", CharCounter).show_count(len(event.text_area.text))
        self._leave_armed = False

    def action_leave(self) -> None:
        """Backspace outside a text field: warn once if a typed answer would be lost."""
        has_draft = bool(self.query_one("#answer-text", LimitedTextArea).text.strip())
        if has_draft and not self._leave_armed:
            self._leave_armed = True
            self.query_one("#answer-status", Static).update(self.app.t("followup.leave_confirm"))
            return
        self.app.action_back()

    def on_limited_text_area_limit_reached(self, event: LimitedTextArea.LimitReached) -> None:
        """Say why the text stopped growing."""
        self.query_one("#answer-status", Static).update(self.app.t("notes.too_long", limit=NOTE_LIMIT))

    def action_send(self) -> None:
        """Ctrl+S or *Envoyer*: send the answer; it stays on screen until it is stored."""
        if not self._code or self._busy:
            return
        text = self.query_one("#answer-text", LimitedTextArea).text
        status = self.query_one("#answer-status", Static)
        if not text.strip():
            status.update(self.app.t("followup.empty"))
            return
        self._busy = True
        self.query_one("#answer-text", LimitedTextArea).read_only = True
        status.update(self.app.t("notes.sending"))
        self._answer(self._code, text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="fu-answer")
    def _answer(self, code: str, text: str) -> Any:
        # Runs in a thread: touches no widget. Re-reads the conversation to show the answer in it.
        from kiosk.store import FloodLimited, NotInitialized, TooManyAttempts, UnknownCode, WriteFailed

        store = self.app.store
        try:
            store.answer_followup(code, text)
        except (WriteFailed, FloodLimited, NotInitialized, UnknownCode, TooManyAttempts, ValueError) as exc:
            return SendFailure("write", translate_error(self.app.t, exc))
        try:
            return code, store.open_followup(code), str(store.readiness())
        except (UnknownCode, TooManyAttempts) as exc:
            return SendFailure("reread", translate_error(self.app.t, exc))

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker finished: show what came back, or say why not."""
        group = event.worker.group
        if group not in ("fu-open", "fu-answer") or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self._busy = False
        if event.state == WorkerState.ERROR:
            # Unexpected: a kind sentence and the numbers, the answer stays; the reason goes
            # to the crash record for the PMS, never to the child's screen.
            self._unexpected(group, self.app.unexpected_failure(event.worker.error))
            return
        result: Any = event.worker.result
        if group == "fu-open":
            await self._opened(result)
        else:
            await self._answered(result)

    def _unexpected(self, group: str, sentence: str) -> None:
        if group == "fu-answer":
            self.query_one("#answer-text", LimitedTextArea).read_only = False
        self.query_one("#ask-status" if group == "fu-open" else "#answer-status", Static).update(sentence)

    async def _opened(self, result: Any) -> None:
        status = self.query_one("#ask-status", Static)
        if isinstance(result, CodeWait):
            self._wait_then_retry(result)
            return
        if isinstance(result, SendFailure):
            if result.kind == "unknown_code":
                status.update(self.app.t("followup.unknown"))
            elif result.kind == "too_many":
                status.update(self.app.t("followup.too_many"))
            else:
                status.update(self.app.t("notes.not_sent", reason=result.reason))
            return
        status.update("")
        await self._show_view(*result)

    async def _answered(self, result: Any) -> None:
        status = self.query_one("#answer-status", Static)
        self.query_one("#answer-text", LimitedTextArea).read_only = False
        if isinstance(result, SendFailure) and result.kind != "reread":
            status.update(self.app.t("followup.not_sent", reason=result.reason or "?"))
            return
        # Stored: the answer leaves the text field for the conversation.
        self.query_one("#answer-text", LimitedTextArea).text = ""
        if isinstance(result, tuple):
            await self._show_view(*result, at_end=True)
        self.query_one("#answer-status", Static).update(self.app.t("followup.sent"))
