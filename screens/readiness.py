"""Can the kiosk take a child's text now? Asked of the store in a worker, once per visit.

The note form, the danger screen (and the follow-up, with its conversation) ask before the
child writes anything, so a kiosk that cannot store a note says who to talk to first.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from .host import Hosted

__all__ = ["ChecksReadiness", "ReadyChecked", "store_readiness"]


def store_readiness(store: Any) -> str:
    """The store's readiness code ("ok" or the cause), asked from a worker thread."""
    return str(store.readiness())


class ReadyChecked(Message):
    """The readiness worker's answer: "ok", or why no text can be stored now."""

    def __init__(self, ready: str) -> None:
        super().__init__()
        self.ready = ready


class ChecksReadiness(Hosted):
    """Mixin for a screen: :meth:`check_ready` asks, :meth:`readiness_known` hears the answer."""

    #: The store's answer on this visit ("" while checking, "ok", or the cause's code).
    readiness = ""

    def readiness_known(self, ready: str) -> None:
        """The store answered (on the UI thread)."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="ready")
    def check_ready(self) -> None:
        """Ask the store, in a thread, whether a text can be stored now."""
        worker = get_current_worker()
        try:
            ready = store_readiness(self.host.store)
        except Exception:  # noqa: BLE001 - an unreadable store is a cause like any other
            ready = "unreadable"
        if not worker.is_cancelled:
            self.post_message(ReadyChecked(ready))  # type: ignore[attr-defined]  # a screen's

    def on_ready_checked(self, message: ReadyChecked) -> None:
        message.stop()
        self.readiness = message.ready
        self.readiness_known(message.ready)
