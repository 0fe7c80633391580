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
from textual.message import Message
from textual.widgets import Button, ContentSwitcher, Input, Static
from textual.worker import get_current_worker

from .dates import when
from .draft import DraftScreen, SendCall
from .readiness import store_readiness
from .send_failure import SendFailure, Where, failure_of, failure_text
from .widgets import KeyHints
from .widgets.not_ready import reading_schedule
from .widgets.note_widgets import NOTE_LIMIT, CharCounter, ConversationView, LimitedTextArea
from .widgets.steady import SteadyInput

__all__ = ["CodeOpened", "CodeWait", "FollowupScreen"]


@dataclass(frozen=True)
class CodeWait:
    """The store asks to wait ``seconds`` before trying ``code`` (wrong codes typed here lately)."""

    code: str
    seconds: int


class CodeOpened(Message):
    """The open worker's answer: ``(code, view, readiness)``, a wait, a refusal or an unexpected error."""

    def __init__(
        self,
        opened: tuple[str, Any, str] | None = None,
        wait: CodeWait | None = None,
        failure: SendFailure | None = None,
        unexpected: BaseException | None = None,
    ) -> None:
        super().__init__()
        self.opened = opened
        self.wait = wait
        self.failure = failure
        self.unexpected = unexpected


class FollowupScreen(DraftScreen):
    """Ask the code; show the conversation; send an answer (Ctrl+S, from :class:`DraftScreen`)."""

    TITLE_KEY = "followup.title"
    HINTS_KEY = "followup.hints_ask"
    DRAFT = "#answer-text"
    STATUS = "#answer-status"
    COUNTER = "#answer-counter"
    WHERE = Where.ANSWER
    EMPTY_KEY = "followup.empty"
    LEAVE_KEY = "followup.leave_confirm"
    BINDINGS = [
        Binding("f1", "after", show=False, priority=True),
    ]
    CSS_PATH = "followup.tcss"
    #: The code field has the focus, given when the screen is pushed, not when it is composed ahead
    #: (a text field focused off the stack would move the terminal's cursor and start its blink then).
    AUTO_FOCUS = "#code-input"

    #: Seconds between two looks at the clock while a code waits its turn.
    WAIT_TICK = 1.0

    def __init__(self) -> None:
        super().__init__()  # no id: a second one may be composed ahead while this one shows
        self._code = ""
        self._busy = False  # a code is being opened
        # (code, store time when it may be tried) while the kiosk makes codes wait.
        self._pending: tuple[str, float] | None = None
        self._wait_timer: Any = None

    def compose_body(self) -> ComposeResult:
        t = self.host.t
        with ContentSwitcher(initial="fu-ask", id="fu-steps"):
            with Vertical(id="fu-ask"):
                yield Static(t("followup.ask"), id="ask-label", markup=False)
                with Horizontal(id="code-row"):
                    yield SteadyInput(placeholder=t("followup.code_placeholder"), id="code-input", max_length=60)
                    yield Button(t("followup.open"), id="open", compact=True)
                yield Static("", id="ask-status", classes="fu-status", markup=False)
            with Vertical(id="fu-view"):
                yield Static("", id="fu-first-line", markup=False)
                yield Vertical(id="conversation-box")
                yield Static(t("followup.not_ready"), id="fu-not-ready", markup=False)
                yield Static(t("followup.answer"), id="answer-label", markup=False)
                yield LimitedTextArea(limit=NOTE_LIMIT, id="answer-text")
                with Horizontal(id="answer-row"):
                    yield CharCounter(NOTE_LIMIT, id="answer-counter")
                    yield Button(t("followup.after"), id="after", compact=True)
                    yield Button(t("notes.send"), id="send-answer", compact=True)
                # Its own lines under the buttons: a refusal with the numbers wraps at full width
                # instead of running into the counter.
                yield Static("", id="answer-status", classes="fu-status", markup=False)

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
        if self._busy or self._sending:
            return
        if not code:
            self.query_one("#ask-status", Static).update(self.host.t("followup.empty_code"))
            return
        if self._pending is not None:
            # Still waiting: the newly typed code takes the turn of the old one.
            self._pending = (code, self._pending[1])
            self._tick_wait()
            return
        self._busy = True
        self.query_one("#ask-status", Static).update(self.host.t("followup.opening"))
        self._load(code)

    # -- waiting for the kiosk's turn (wrong codes typed here by anyone) -------

    def _now(self) -> float:
        """The store's clock (injectable in tests); the real time for a store without one."""
        return getattr(self.host.store, "timestamp", time.time)()

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
            status.update(self.host.t("followup.wait", seconds=left))
            return
        self._pending = None
        if self._wait_timer is not None:
            self._wait_timer.stop()
            self._wait_timer = None
        self._busy = True
        status.update(self.host.t("followup.opening"))
        self._load(code)

    @work(thread=True, exclusive=True, exit_on_error=False, group="fu-open")
    def _load(self, code: str) -> None:
        # Runs in a thread: touches no widget; the answer comes back as a CodeOpened message.
        from kiosk.store import TooManyAttempts

        worker = get_current_worker()
        store = self.host.store
        try:
            answer = CodeOpened(opened=(code, store.open_followup(code), store_readiness(store)))
        except TooManyAttempts as exc:
            answer = CodeOpened(wait=CodeWait(code, exc.seconds))
        except Exception as exc:  # noqa: BLE001 - every failure is said; unknown ones are recorded
            failure = failure_of(exc)
            answer = CodeOpened(failure=failure) if failure is not None else CodeOpened(unexpected=exc)
        if not worker.is_cancelled:
            self.post_message(answer)

    def _first_line(self, messages: list[Any]) -> str:
        """« Le PMS t'a répondu (date, half-day) » or « pas encore » with the reading schedule."""
        replies = [message for message in messages if message.author == "pms"]
        if replies:
            last = replies[-1]
            return self.host.t("followup.answered", when=when(self.host.t, last.date, last.part_of_day))
        return self.host.t("followup.no_reply", schedule=reading_schedule(self.host))

    async def _show_view(self, code: str, view: Any, ready: str = "ok", *, at_end: bool = False) -> None:
        self._code = code
        self.readiness = ready
        self.query_one("#fu-first-line", Static).update(self._first_line(view.messages))
        box = self.query_one("#conversation-box", Vertical)
        await box.remove_children()
        conversation = ConversationView(view.messages, self.host.t, id="conversation")
        await box.mount(conversation)
        self.query_one("#fu-view").set_class(ready != "ok", "-not-ready")
        self.query_one("#fu-steps", ContentSwitcher).current = "fu-view"
        self.query_one("#code-input", Input).value = ""
        # Its own whole line: digits choose nothing here, and the scroll keys must fit in 80 columns.
        self.query_one(KeyHints).update(self.host.t("followup.hints_view" if ready == "ok" else "followup.hints_read"))
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

    # -- answering (the counter, the limit, the leave warning and the send: DraftScreen) --

    def ready_to_send(self) -> bool:
        """An answer goes out only once a code is open, and not while another one opens."""
        return bool(self._code) and not self._busy

    def send_call(self, text: str) -> SendCall:
        """Store the answer, then read the conversation again to show it in place."""
        code = self._code

        def send(store: Any) -> object:
            from kiosk.store import TooManyAttempts, UnknownCode

            store.answer_followup(code, text)
            try:
                return code, store.open_followup(code), store_readiness(store)
            except (UnknownCode, TooManyAttempts):
                return None  # stored; only showing it again failed

        return send

    async def draft_stored(self, value: Any) -> None:
        """Stored: the answer leaves the text field for the conversation."""
        self.draft().text = ""
        if value is not None:
            await self._show_view(*value, at_end=True)
        self.say(self.host.t("followup.sent"))

    async def on_code_opened(self, message: CodeOpened) -> None:
        """The code was looked up: show the conversation, wait, or say why not."""
        message.stop()
        self._busy = False
        status = self.query_one("#ask-status", Static)
        if message.unexpected is not None:
            # A kind sentence and the numbers; the reason goes to the crash record for the PMS.
            status.update(self.host.unexpected_failure(message.unexpected))
        elif message.wait is not None:
            self._wait_then_retry(message.wait)
        elif message.failure is not None:
            status.update(failure_text(self.host.t, message.failure, Where.CODE, self.host.content.emergency))
        elif message.opened is not None:
            status.update("")
            await self._show_view(*message.opened)
