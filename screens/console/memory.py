"""The console's long-lived data and Python's cycle collector.

At 10,000 notes the console holds a few hundred thousand objects (the store's cached tables,
the inbox's list). A full collection walks them all in one go — 30 to 170 ms measured here,
holding the GIL, so the UI froze whichever thread triggered it. While the console is open, each
worker's result handler calls :func:`settle`: what exists then is moved out of the collector's
reach (``gc.freeze``, O(1)); a full collection then walks only what came after. :func:`release`
(when the console locks or closes) gives everything back to the collector, so nothing frozen
outlives the session. The data frozen is acyclic (JSON tables, note lists): reference counting
frees it as soon as it is dropped, frozen or not.

A store call in a worker still allocates tens of thousands of objects (a table parsed again, a
list of 10,000 notes): the collections they trigger ran in the worker — young ones 2 ms, full
ones 20 ms each, measured — and held the GIL, so the UI thread waited for them (the console's
"blocked" figure). :func:`quiet_collector` turns the collector off for such a call and settles
what it left before turning it back on: the call's temporaries are freed by reference counting
anyway, and no collection then walks the call's survivors.

Dropping is work too: the last reference to a list of 10,000 notes frees them all in that one
statement, 8 to 18 ms measured, on whichever thread drops it. :func:`retire` hands such lists to
a thread that empties them a piece at a time (giving way to the UI thread, store/pace.py).

The GIL: a thread that wants it waits ``sys.getswitchinterval()`` (5 ms by default) before it
asks the holder to let go. While a worker runs a store call, each time the UI thread wakes (a
key, a frame) it waited up to those 5 ms for the worker: in a loop-lag probe beside a worker
changing a status at 10,000 notes, the 99th percentile was 11 ms at 5 ms and 5.6 ms at 1 ms.
:func:`quiet_collector` also lowers the interval to :data:`SWITCH_SECONDS` for the call (the
worker loses a little throughput to more hand-offs; the UI answers sooner).
"""

from __future__ import annotations

import gc
import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from kiosk.store.pace import give_way

__all__ = ["SWITCH_SECONDS", "quiet_collector", "release", "retire", "settle"]

#: The GIL switch interval while a worker's store call runs (see the module docstring).
SWITCH_SECONDS = 0.001

_lock = threading.Lock()


@dataclass
class _State:
    """Workers inside :func:`quiet_collector`; what the first one found (the collector on or off,
    the switch interval); whether the console is open (settled since the last :func:`release`)."""

    quiet: int = 0
    was_enabled: bool = True
    interval: float = 0.005
    open: bool = False


_state = _State()


def settle() -> None:
    """Keep what exists now out of full collections (until :func:`release`)."""
    with _lock:
        _state.open = True
        gc.freeze()


def release() -> None:
    """Give every frozen object back to the collector (the console closed)."""
    with _lock:
        _state.open = False
        gc.unfreeze()


@contextmanager
def quiet_collector() -> Iterator[None]:
    """No cycle collection during a worker's store call, and the GIL handed back to the UI thread
    sooner; then what exists is settled (only while the console is open: a call that ends after
    the console locked freezes nothing)."""
    with _lock:
        if _state.quiet == 0:
            _state.was_enabled = gc.isenabled()
            gc.disable()
            _state.interval = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_SECONDS)
        _state.quiet += 1
    try:
        yield
    finally:
        with _lock:
            _state.quiet -= 1
            if _state.open:
                gc.freeze()
            if _state.quiet == 0:
                sys.setswitchinterval(_state.interval)
                if _state.was_enabled:
                    gc.enable()


_retired: queue.SimpleQueue[Any] = queue.SimpleQueue()
_emptier: threading.Thread | None = None


def retire(*containers: Any) -> None:
    """Lists and dicts no longer used (an old inbox listing): emptied in another thread, so the
    objects only they hold are freed there, a few at a time, not all at once on the UI thread.
    Nothing must use them any more (they end up empty)."""
    global _emptier
    with _lock:
        if _emptier is None or not _emptier.is_alive():
            _emptier = threading.Thread(target=_empty_forever, name="retired-lists", daemon=True)
            _emptier.start()
    for container in containers:
        _retired.put(container)


def _empty_forever() -> None:
    while True:
        container = _retired.get()
        with quiet_collector():  # the 1-ms switch interval: the UI thread waits less for this one
            _empty(container)
        del container


def _empty(container: Any) -> None:
    """Empty ``container`` and the lists and dicts it holds, one item per step."""
    while container:
        give_way()
        item = container.popitem()[1] if isinstance(container, dict) else container.pop()
        if isinstance(item, (list, dict)):
            _empty(item)
