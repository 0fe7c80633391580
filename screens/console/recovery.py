"""RecoveryScreen: lost passphrase — open with the recovery code and choose a new passphrase.

Both key derivations (the recovery code's, then the new passphrase's wrap) run in a
thread worker. The recovery code stays valid afterwards (the store keeps its copy).
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from kiosk.content.errors import translate_error

__all__ = ["MIN_PASSPHRASE", "RecoveryScreen"]

#: Same minimum as ``kiosk init`` / ``kiosk passphrase change``.
MIN_PASSPHRASE = 8


class RecoveryScreen(ModalScreen[Any]):
    """Recovery code + new passphrase twice; dismisses the unlocked session, or ``None``."""

    CSS_PATH = "recovery.tcss"

    def __init__(self) -> None:
        super().__init__(id="recovery")
        self._busy = False
        self._closed = False

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(id="recovery-box"):
            yield Static(t("console.recovery.title"), id="recovery-title", markup=False)
            yield Static(t("console.recovery.intro"), markup=False)
            yield Input(id="recovery-code", placeholder=t("console.recovery.code"))
            yield Input(password=True, id="recovery-new", placeholder=t("console.recovery.new"))
            yield Input(password=True, id="recovery-again", placeholder=t("console.recovery.again"))
            yield Static("", id="recovery-status", markup=False)
            with Horizontal(id="recovery-buttons"):
                yield Button(t("console.recovery.button"), id="recovery-ok", variant="primary", compact=True)
                yield Button(t("console.cancel"), id="recovery-cancel", compact=True)

    def on_mount(self) -> None:
        """Type the code first."""
        self.query_one("#recovery-code", Input).focus()

    def on_unmount(self) -> None:
        """A worker still running must lock what it gets."""
        self._closed = True

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
        t = self.app.t
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

    @work(thread=True, exclusive=True, group="recovery")
    def _recover(self, code: str, new: str) -> None:
        """Open with the code, then wrap the key under the new passphrase."""
        from kiosk.store import StoreError

        outcome: tuple[str, Any]
        try:
            session = self.app.store.unlock_with_recovery(code)
        except StoreError as exc:  # wrong code, delay after repeated failures
            outcome = ("error", translate_error(self.app.t, exc))
        else:
            try:
                session.change_passphrase(new)
                outcome = ("ok", session)
            except (StoreError, ValueError) as exc:  # disk full…: the old passphrase still works
                session.lock()
                outcome = ("error", translate_error(self.app.t, exc))
        try:
            self.app.call_from_thread(self._finish, *outcome)
        except RuntimeError:  # the app closed meanwhile: forget the key
            if outcome[0] == "ok":
                outcome[1].lock()

    def _finish(self, kind: str, value: Any) -> None:
        self._busy = False
        if kind == "ok":
            if self._closed:
                value.lock()
                return
            self.dismiss(value)
        elif not self._closed:
            self._status(value)
            self.query_one("#recovery-code", Input).focus()
