"""The UI thread first: the app's event loop tells the store when it is busy (see store/pace.py).

The loop is idle while it waits in its selector for a key, a timer or a worker's message; it is
busy from the moment the selector returns until it waits again. :class:`PacedSelector` wraps the
loop's selector to say so. A poll with a zero timeout (the loop still has callbacks ready) is not
an idle moment, so a burst of callbacks stays one busy stretch.

It reaches ``BaseSelectorEventLoop._selector``, a private name of asyncio (CPython's default loop,
the one Textual runs on). On a loop without it, nothing is wrapped: workers simply do not wait.
"""

from __future__ import annotations

import asyncio
import selectors
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["PacedSelector", "pace_loop", "unpace_loop"]


class PacedSelector:
    """A selector that marks the UI thread idle while it waits, busy once it returns."""

    def __init__(self, selector: selectors.BaseSelector, idle: Callable[[], None], busy: Callable[[], None]) -> None:
        self.wrapped = selector
        self._idle, self._busy = idle, busy

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        """The wrapped ``select``; idle meanwhile unless it only polls."""
        if timeout is not None and timeout <= 0:
            return self.wrapped.select(timeout)
        self._idle()
        try:
            return self.wrapped.select(timeout)
        finally:
            self._busy()

    def __getattr__(self, name: str) -> Any:  # register, unregister, modify, get_key, close…
        return getattr(self.wrapped, name)


def pace_loop(loop: asyncio.AbstractEventLoop) -> bool:
    """Give the running loop's thread priority over store work; False if the loop has no selector."""
    from kiosk.store import pace  # here: the store package loads after the first paint

    selector = getattr(loop, "_selector", None)
    if selector is None:
        return False
    if not isinstance(selector, PacedSelector):
        loop._selector = PacedSelector(selector, pace.idle, pace.busy)  # type: ignore[attr-defined]
    pace.set_priority_thread(threading.get_ident())
    pace.busy()  # we are running now
    return True


def unpace_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Put the loop's own selector back; no thread has priority any more."""
    from kiosk.store import pace

    selector = getattr(loop, "_selector", None)
    if isinstance(selector, PacedSelector):
        loop._selector = selector.wrapped  # type: ignore[attr-defined]
    pace.set_priority_thread(None)
