"""DraftScreen: what the note form and the follow-up answer share, written once.

A child types a text (a note, or an answer to the PMS): the counter and the limit stay
true, Backspace warns once before a typed draft is lost, Ctrl+S sends it in a thread
worker, and the draft stays on screen, frozen, until the store says it is durable. A
refusal is said with :func:`~.send_failure.failure_text` (the same kinds on both
screens); an unexpected error is recorded for the PMS and said kindly.

Workers follow the app's one convention: the store call runs in a thread worker that
checks ``is_cancelled`` and hands back a :class:`DraftSent` message (the readiness
check: :mod:`.readiness`); the handlers on the UI thread update the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from .base import KioskScreen
from .readiness import ChecksReadiness
from .send_failure import SendFailure, Where, failure_of, failure_text
from .widgets.note_widgets import NOTE_LIMIT, CharCounter, LimitedTextArea

__all__ = ["DraftScreen", "DraftSent", "SendCall"]

#: What the send worker runs with the store; its return value is what the screen receives.
SendCall = Callable[[Any], object]


class DraftSent(Message):
    """The send worker's answer: the store's ``value``, or a refusal, or an unexpected error."""

    def __init__(
        self, value: object = None, failure: SendFailure | None = None, unexpected: BaseException | None = None
    ) -> None:
        super().__init__()
        self.value = value
        self.failure = failure
        self.unexpected = unexpected


class DraftScreen(ChecksReadiness, KioskScreen):
    """A public screen with one text to send. Subclasses name their widgets and strings."""

    BINDINGS = [
        # Priority: it must work while the TextArea has focus.
        Binding("ctrl+s", "send", "Envoyer", show=False, priority=True),
        # Not a priority: a focused field keeps Backspace for its text.
        Binding("backspace", "leave", show=False),
    ]

    #: The text field, its message line and its counter (CSS selectors).
    DRAFT: ClassVar[str] = "#note-text"
    STATUS: ClassVar[str] = "#note-status"
    COUNTER: ClassVar[str] = "#counter"
    #: Where a refusal is said (the wording says "your message" or "your answer").
    WHERE: ClassVar[Where] = Where.NOTE
    #: UI strings: the draft is empty; Backspace would lose it.
    EMPTY_KEY: ClassVar[str] = "notes.empty"
    LEAVE_KEY: ClassVar[str] = "notes.leave_confirm"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._sending = False
        self._leave_armed = False

    # -- hooks ---------------------------------------------------------------

    def ready_to_send(self) -> bool:
        """Whether Ctrl+S means something now (the right step, a code open…)."""
        return True

    def send_call(self, text: str) -> SendCall:
        """What the worker runs with the store to send ``text``."""
        raise NotImplementedError

    async def draft_stored(self, value: Any) -> None:
        """The store took the text: ``value`` is what :meth:`send_call`'s function returned."""

    # -- the text, its counter and limit ------------------------------------

    def draft(self) -> LimitedTextArea:
        """The text field."""
        return self.query_one(self.DRAFT, LimitedTextArea)

    def say(self, text: str) -> None:
        """Show ``text`` on the message line under the draft."""
        status = self.query_one(self.STATUS, Static)
        status.update(text)
        status.set_class(bool(text), "-said")  # a line of its own takes room only once it says something

    def on_text_area_changed(self, event: LimitedTextArea.Changed) -> None:
        """Keep the counter true; a change also cancels a pending "leave?"."""
        self.query_one(self.COUNTER, CharCounter).show_count(len(event.text_area.text))
        self._leave_armed = False

    def on_limited_text_area_limit_reached(self, event: LimitedTextArea.LimitReached) -> None:
        """Say why the text stopped growing."""
        self.say(self.host.t("notes.too_long", limit=NOTE_LIMIT))

    # -- leaving ---------------------------------------------------------------

    def warn_before_leaving(self) -> bool:
        """True, with a warning said, the first time Backspace would lose a typed draft."""
        if self.draft().text.strip() and not self._leave_armed:
            self._leave_armed = True
            self.say(self.host.t(self.LEAVE_KEY))
            return True
        return False

    def action_leave(self) -> None:
        """Backspace outside a text field: warn once if a typed draft would be lost."""
        if not self.warn_before_leaving():
            self.host.action_back()

    # -- sending ---------------------------------------------------------------

    def action_send(self) -> None:
        """Ctrl+S or *Envoyer*: check, then send in a worker; the draft stays until it is safe."""
        if self._sending or not self.ready_to_send():
            return
        area = self.draft()
        text = area.text
        if not text.strip():
            self.say(self.host.t(self.EMPTY_KEY))
            area.focus()
            return
        self._sending = True
        # Frozen while it travels: what is on screen is exactly what is being sent.
        area.read_only = True
        self.say(self.host.t("notes.sending"))
        self._send_draft(self.send_call(text))

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft-send")
    def _send_draft(self, send: SendCall) -> None:
        worker = get_current_worker()
        try:
            answer = DraftSent(value=send(self.host.store))
        except Exception as exc:  # noqa: BLE001 - every failure is said; unknown ones are recorded
            failure = failure_of(exc)
            answer = DraftSent(failure=failure) if failure is not None else DraftSent(unexpected=exc)
        if not worker.is_cancelled:
            self.post_message(answer)

    async def on_draft_sent(self, message: DraftSent) -> None:
        """The store answered: go on, or say why not and keep the draft."""
        message.stop()
        self._sending = False
        self.draft().read_only = False
        if message.unexpected is not None:
            # A kind sentence and the numbers; the reason goes to the crash record for the
            # PMS, never to the child's screen.
            self.say(self.host.unexpected_failure(message.unexpected))
        elif message.failure is not None:
            self.say(failure_text(self.host.t, message.failure, self.WHERE, self.host.content.emergency))
        else:
            await self.draft_stored(message.value)
