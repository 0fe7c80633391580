"""Store work in a thread gives way to a busy thread with priority (the UI), one record at a time.

Under the GIL, a worker's pure-Python loop over 10,000 records and the UI thread share one core's
worth of Python. Each time the UI thread woke to answer a key it first waited for the worker to
let go of the GIL, then every switch interval had to let it in again: the UI's 7 ms of work took
15 to 25 ms (the console's "blocked" figure, benchmarks/console_keys.py).

The store's long loops call :func:`give_way` once per record. While the priority thread is
:func:`busy`, a worker there waits on an Event (which releases the GIL), so the UI thread runs
alone until it is :func:`idle` again. Never stuck: a worker waits at most :data:`WAIT` seconds at
a time, then runs at least :data:`RUN` seconds before it gives way again (a UI that stays busy
slows store work, never stops it). With no priority thread (the CLI, most tests), or in the
priority thread itself, :func:`give_way` returns at once.

No Textual here: the app marks its event loop's thread busy and idle (kiosk/pacing.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from time import monotonic

__all__ = ["RUN", "STALE", "WAIT", "busy", "give_way", "idle", "priority_thread", "set_priority_thread", "waiting"]

#: Longest single wait of a worker for the priority thread, in seconds.
WAIT = 0.02
#: After a wait that timed out, how long a worker runs before it gives way again, in seconds.
RUN = 0.005
#: Busy for longer than this, the priority thread is not answering keys anyway (or its loop ended
#: without saying so): workers stop giving way to it.
STALE = 1.0

_idle = threading.Event()
_idle.set()
_priority: int | None = None
_busy_since = 0.0
_local = threading.local()


def set_priority_thread(ident: int | None) -> None:
    """The thread whose work comes first (``threading.get_ident()``), or None: no one (idle)."""
    global _priority
    _priority = ident
    _idle.set()


def priority_thread() -> int | None:
    """The thread set by :func:`set_priority_thread`, None when none is."""
    return _priority


def busy() -> None:
    """The priority thread has work: store loops in other threads wait (see :func:`give_way`)."""
    global _busy_since
    if _priority is not None and _idle.is_set():
        _busy_since = monotonic()
        _idle.clear()


def idle() -> None:
    """The priority thread waits for something to do: store loops go on."""
    _idle.set()


@contextmanager
def waiting() -> Iterator[None]:
    """Around a blocking wait (a lock): the priority thread counts as idle meanwhile, so a worker
    holding that lock does not in turn wait for it (no priority inversion)."""
    if threading.get_ident() != _priority:
        yield
        return
    _idle.set()
    try:
        yield
    finally:
        busy()


def give_way() -> None:
    """Wait while the priority thread is busy (at most :data:`WAIT`, then run :data:`RUN`)."""
    if _idle.is_set() or threading.get_ident() == _priority:
        return
    now = monotonic()
    if now < getattr(_local, "free_until", 0.0) or now - _busy_since > STALE:
        return
    if not _idle.wait(WAIT):
        _local.free_until = monotonic() + RUN
