"""screens/console/memory.py: the collector is off during a worker's store call and comes back."""

from __future__ import annotations

import gc
import sys

from kiosk.screens.console.memory import SWITCH_SECONDS, quiet_collector, release, settle


def test_the_collector_is_off_inside_and_back_on_after_nested_calls() -> None:
    assert gc.isenabled()
    with quiet_collector():
        assert not gc.isenabled()
        with quiet_collector():  # a second worker meanwhile
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first one is still allocating
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error() -> None:
    try:
        with quiet_collector():
            raise ValueError("disk full")
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_call_freezes_only_while_the_console_is_open() -> None:
    release()
    kept = [object() for _ in range(10)]
    with quiet_collector():
        pass
    assert gc.get_freeze_count() == 0  # locked: nothing frozen outlives the session
    settle()
    try:
        with quiet_collector():
            fresh = [[] for _ in range(100)]
        assert gc.get_freeze_count() > 0
    finally:
        release()
    assert gc.get_freeze_count() == 0
    assert kept and fresh


def test_the_ui_thread_gets_the_gil_back_sooner_during_a_call() -> None:
    before = sys.getswitchinterval()
    with quiet_collector():
        assert sys.getswitchinterval() == SWITCH_SECONDS < before
        with quiet_collector():  # a second worker meanwhile
            pass
        assert sys.getswitchinterval() == SWITCH_SECONDS  # the first one is still running
    assert sys.getswitchinterval() == before
    try:
        with quiet_collector():
            raise ValueError("disk full")
    except ValueError:
        pass
    assert sys.getswitchinterval() == before


def test_retired_lists_are_emptied_in_another_thread_and_their_items_freed_there():
    import threading
    import time
    import weakref

    from kiosk.screens.console.inbox import Listing

    class Note:
        def __init__(self, n: int) -> None:
            self.note_id, self.status, self.unread_answer = f"{n:08x}", "nouveau", n % 3 == 0

    freed_in: set[str] = set()
    notes = [Note(n) for n in range(2_000)]
    listing = Listing.of(notes)
    assert listing.counts["nouveau"] == 2_000 and listing.unread == 667
    for note in notes[:20]:
        weakref.finalize(note, lambda: freed_in.add(threading.current_thread().name))
    lists = (listing.notes, listing.by_filter["nouveau"], listing.rows[None])
    del notes, note
    listing.retire()
    assert listing.notes == [] and listing.by_filter == {} and listing.rows == {}
    for _ in range(200):
        if not any(lists):
            break
        time.sleep(0.01)
    assert not any(lists)
    assert freed_in == {"retired-lists"}
