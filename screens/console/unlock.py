"""UnlockScreen: the PMS passphrase, checked off the UI thread.

Key derivation (argon2id, about half a second) runs in a thread worker; the worker
never touches a widget, it hands its outcome back as an :class:`UnlockAnswered` message
(a session it cannot hand back, the dialog closed, is locked at once). After
five wrong passphrases the store imposes a growing, capped delay (persisted in the
data dir): the remaining wait is shown and counted down, never a permanent lockout.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from kiosk.content.errors import translate_error

from ..host import Hosted
from ..widgets.steady import SteadyInput

if TYPE_CHECKING:
    from kiosk.store import PmsSession, StoreError

__all__ = ["UnlockAnswered", "UnlockScreen"]


class UnlockAnswered(Message):
    """The derivation's answer: the session, a wrong passphrase's wait, a delay, or a store error."""

    def __init__(
        self,
        session: PmsSession | None = None,
        wrong_wait: float | None = None,
        delayed: float | None = None,
        error: StoreError | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.wrong_wait = wrong_wait
        self.delayed = delayed
        self.error = error


class UnlockScreen(Hosted, ModalScreen[Any]):
    """Asks for the passphrase; dismisses the unlocked ``PmsSession``, or ``None`` (cancelled).

    *Code de secours* opens :class:`~kiosk.screens.console.recovery.RecoveryScreen` (lost passphrase).

    On a kiosk that is not initialised, or that only holds the public key (write-only
    kiosk of a multi-kiosk setup), it says so and offers nothing else.
    """

    CSS_PATH = "unlock.tcss"

    def __init__(self) -> None:
        super().__init__(id="unlock")
        self._busy = False
        self._countdown: Timer | None = None
        self._wait_until = 0.0
        self._wrong = False

    # -- layout ----------------------------------------------------------------

    def _blocker(self) -> str:
        """Why this kiosk cannot be unlocked here ("" when it can)."""
        from kiosk.store import StoreError

        store = self.host.store
        try:
            if not store.is_initialized:
                key = "console.unlock.demo_preparing" if self.host.demo else "console.unlock.not_initialized"
                return self.host.t(key)
            if not store.can_unlock:
                return self.host.t("console.unlock.write_only")
        except (StoreError, OSError) as exc:  # unreadable data dir: say why, do not crash
            return self.host.t("console.unlock.store_error", reason=translate_error(self.host.t, exc))
        return ""

    def compose(self) -> ComposeResult:
        t = self.host.t
        blocker = self._blocker()
        with Vertical(id="unlock-box"):
            yield Static(t("console.unlock.title"), id="unlock-title", markup=False)
            if blocker:
                yield Static(blocker, id="unlock-blocked", markup=False)
                with Horizontal(id="unlock-buttons"):
                    yield Button(t("console.ok"), id="unlock-cancel", compact=True)
                return
            yield Static(t("console.unlock.prompt"), markup=False)
            yield SteadyInput(password=True, id="passphrase", placeholder=t("console.unlock.placeholder"))
            if self.host.demo and self.host.demo_passphrase:
                text = t("console.unlock.demo", passphrase=self.host.demo_passphrase)
                yield Static(text, id="demo-passphrase", markup=False)
            yield Static("", id="unlock-status", markup=False)
            with Horizontal(id="unlock-buttons"):
                yield Button(t("console.unlock.button"), id="unlock-ok", variant="primary", compact=True)
                yield Button(t("console.unlock.recovery"), id="unlock-recovery", compact=True)
                yield Button(t("console.cancel"), id="unlock-cancel", compact=True)
            yield Static(t("console.unlock.hints"), id="unlock-hints", markup=False)

    def on_mount(self) -> None:
        """Focus the field, and show a delay still running from earlier tries."""
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()
            self._show_delay(self.host.store.unlock_delay(), wrong=False)
            return
        self.query_one("#unlock-cancel", Button).focus()
        if self.host.demo and not self.host.store.is_initialized:
            # The demo store is seeded in a worker just after start-up: wait for it.
            self._demo_wait = self.set_interval(0.5, self._demo_ready)

    def _demo_ready(self) -> None:
        if self.host.store.is_initialized and self.host.store.can_unlock:
            self._demo_wait.stop()
            # Now with the passphrase field: the same dialog (and the same callback) composed again.
            self.refresh(recompose=True)
            self.call_after_refresh(self._focus_field)

    def _focus_field(self) -> None:
        for field in self.query("#passphrase"):
            field.focus()

    def on_unmount(self) -> None:
        """Stop the countdown (a derivation still running is cancelled and locks what it gets)."""
        if self._countdown is not None:
            self._countdown.stop()

    # -- actions ---------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """*Déverrouiller* or *Annuler* / *OK*."""
        event.stop()
        if event.button.id == "unlock-ok":
            self._submit()
        elif event.button.id == "unlock-recovery":
            from .recovery import RecoveryScreen

            self.app.push_screen(RecoveryScreen(), callback=self._recovered)
        else:
            self.dismiss(None)

    def _recovered(self, session: Any) -> None:
        """Opened with the recovery code (and a new passphrase chosen): on to the console."""
        if session is not None:
            self.dismiss(session)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the field."""
        event.stop()
        self._submit()

    def _status(self, text: str) -> None:
        self.query_one("#unlock-status", Static).update(text)

    def _submit(self) -> None:
        if self._busy:
            return
        field = self.query_one("#passphrase", Input)
        passphrase = field.value
        if not passphrase:
            self._status(self.host.t("console.unlock.empty"))
            return
        delay = self.host.store.unlock_delay()
        if delay > 0:
            self._show_delay(delay, wrong=False)
            return
        self._busy = True
        field.value = ""  # the passphrase lives in the worker's argument only
        self._status(self.host.t("console.unlock.checking"))
        self._derive(passphrase)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def _derive(self, passphrase: str) -> None:
        """Run the key derivation in a thread; hand back an :class:`UnlockAnswered`."""
        from kiosk.store import StoreError, UnlockDelayed, WrongPassphrase

        worker = get_current_worker()
        store = self.host.store
        try:
            answer = UnlockAnswered(session=store.unlock(passphrase))
        except WrongPassphrase:
            answer = UnlockAnswered(wrong_wait=store.unlock_delay())
        except UnlockDelayed as exc:
            answer = UnlockAnswered(delayed=_seconds(exc, store))
        except StoreError as exc:
            answer = UnlockAnswered(error=exc)
        handed = not worker.is_cancelled and self.post_message(answer)
        if not handed and answer.session is not None:
            answer.session.lock()  # the dialog closed during the derivation: forget the key

    def on_unlock_answered(self, answer: UnlockAnswered) -> None:
        """The derivation finished: on to the console, or say why not."""
        answer.stop()
        self._busy = False
        if answer.session is not None:
            if self.app.screen is not self:  # closed or covered meanwhile: nobody to hand it to
                answer.session.lock()
            else:
                self.dismiss(answer.session)
        elif answer.wrong_wait is not None:
            self._show_delay(answer.wrong_wait, wrong=True)
        elif answer.delayed is not None:
            self._show_delay(answer.delayed, wrong=False)
        elif answer.error is not None:
            reason = translate_error(self.host.t, answer.error)
            self._status(self.host.t("console.unlock.store_error", reason=reason))

    # -- the delay after repeated failures -------------------------------------

    def _show_delay(self, seconds: float, *, wrong: bool) -> None:
        self._wait_until = seconds
        if seconds <= 0:
            self._status(self.host.t("console.unlock.wrong") if wrong else "")
            return
        self._wrong = wrong
        self._render_delay()
        if self._countdown is None:
            self._countdown = self.set_interval(1.0, self._tick)

    def _render_delay(self) -> None:
        wait = self.host.t("console.unlock.delayed", seconds=math.ceil(self._wait_until))
        if self._wrong:
            wait = f"{self.host.t('console.unlock.wrong')} {wait}"
        self._status(wait)

    def _tick(self) -> None:
        # The store is the authority (the delay survives restarts); ask it again.
        self._wait_until = self.host.store.unlock_delay()
        if self._wait_until > 0:
            self._render_delay()
            return
        if self._countdown is not None:
            self._countdown.stop()
            self._countdown = None
        self._status(self.host.t("console.unlock.retry"))


def _seconds(exc: Exception, store: Any) -> float:
    """The wait carried by ``UnlockDelayed`` (attribute or first argument), else the store's."""
    seconds = getattr(exc, "seconds", None)
    if seconds is None and exc.args and isinstance(exc.args[0], (int, float)):
        seconds = exc.args[0]
    return float(seconds) if seconds is not None else store.unlock_delay()
