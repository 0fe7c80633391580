"""RecoveryScreen: lost passphrase — open with the recovery code and choose a new passphrase.

Both key derivations (the recovery code's, then the new passphrase's wrap) run in a
thread worker. The recovery code stays valid afterwards (the store keeps its copy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from kiosk.content.errors import translate_error

from ..host import Hosted
from ..widgets.steady import SteadyInput

if TYPE_CHECKING:
    from kiosk.store import PmsSession

__all__ = ["MIN_PASSPHRASE", "Recovered", "RecoveryScreen"]

#: Same minimum as ``kiosk init`` / ``kiosk passphrase change``.
MIN_PASSPHRASE = 8


class Recovered(Message):
    """The recovery worker's answer: the session (new passphrase set), or the store's error."""

    def __init__(self, session: PmsSession | None = None, error: Exception | None = None) -> None:
        super().__init__()
        self.session = session
        self.error = error


class RecoveryScreen(Hosted, ModalScreen[Any]):
    """Recovery code + new passphrase twice; dismisses the unlocked session, or ``None``."""

    CSS_PATH = "recovery.tcss"

    def __init__(self) -> None:
        super().__init__(id="recovery")
        self._busy = False

    def compose(self) -> ComposeResult:
        t = self.host.t
        with Vertical(id="recovery-box"):
            yield Static(t("console.recovery.title"), id="recovery-title", markup=False)
            yield Static(t("console.recovery.intro"), markup=False)
            yield SteadyInput(id="recovery-code", placeholder=t("console.recovery.code"))
            yield SteadyInput(password=True, id="recovery-new", placeholder=t("console.recovery.new"))
            yield SteadyInput(password=True, id="recovery-again", placeholder=t("console.recovery.again"))
            yield Static("", id="recovery-status", markup=False)
            with Horizontal(id="recovery-buttons"):
                yield Button(t("console.recovery.button"), id="recovery-ok", variant="primary", compact=True)
                yield Button(t("console.cancel"), id="recovery-cancel", compact=True)

    def on_mount(self) -> None:
        """Type the code first."""
        self.query_one("#recovery-code", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field, and submits from the last one."""
        event.stop()
        order = ["recovery-code", "recovery-new", "recovery-again"]
        index = order.index(event.input.id or "recovery-again")
        if index < len(order) - 1:
            self.query_one(f"#{order[index + 1]}", Input).focus()
        else:
            self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """*Ouvrir et changer* or *Annuler*."""
        event.stop()
        if event.button.id == "recovery-ok":
            self._submit()
        else:
            self.dismiss(None)

    def _status(self, text: str) -> None:
        self.query_one("#recovery-status", Static).update(text)

    def _submit(self) -> None:
        if self._busy:
            return
        t = self.host.t
        code = self.query_one("#recovery-code", Input).value.strip()
        new = self.query_one("#recovery-new", Input).value
        again = self.query_one("#recovery-again", Input).value
        if not code:
            self._status(t("console.recovery.no_code"))
        elif len(new) < MIN_PASSPHRASE:
            self._status(t("console.recovery.too_short", count=MIN_PASSPHRASE))
        elif new != again:
            self._status(t("console.recovery.mismatch"))
        else:
            self._busy = True
            for field in self.query("#recovery-new, #recovery-again").results(Input):
                field.value = ""  # the code stays, to be corrected if mistyped
            self._status(t("console.unlock.checking"))
            self._recover(code, new)

    @work(thread=True, exclusive=True, exit_on_error=False, group="recovery")
    def _recover(self, code: str, new: str) -> None:
        """Open with the code, then wrap the key under the new passphrase; hand back a :class:`Recovered`."""
        from kiosk.store import StoreError

        worker = get_current_worker()
        try:
            session = self.host.store.unlock_with_recovery(code)
        except StoreError as exc:  # wrong code, delay after repeated failures
            answer = Recovered(error=exc)
        else:
            try:
                session.change_passphrase(new)
                answer = Recovered(session=session)
            except (StoreError, ValueError) as exc:  # disk full…: the old passphrase still works
                session.lock()
                answer = Recovered(error=exc)
        handed = not worker.is_cancelled and self.post_message(answer)
        if not handed and answer.session is not None:
            answer.session.lock()  # the dialog closed meanwhile: forget the key

    def on_recovered(self, answer: Recovered) -> None:
        """Opened (on to the console), or say why not and let the code be corrected."""
        answer.stop()
        self._busy = False
        if answer.session is not None:
            if self.app.screen is not self:  # closed meanwhile: nobody to hand it to
                answer.session.lock()
            else:
                self.dismiss(answer.session)
        elif answer.error is not None:
            self._status(translate_error(self.host.t, answer.error))
            self.query_one("#recovery-code", Input).focus()
