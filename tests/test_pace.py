"""Store work in workers gives way to a busy UI thread (store/pace.py, kiosk/pacing.py)."""

from __future__ import annotations

import asyncio
import selectors
import threading
import time

import pytest

from kiosk.pacing import PacedSelector, pace_loop, unpace_loop
from kiosk.store import pace
from kiosk.store.storage import Database, encode_tables


@pytest.fixture
def priority():
    """This thread has priority for the test; nothing has it afterwards."""
    pace.set_priority_thread(threading.get_ident())
    yield
    pace.set_priority_thread(None)


def run_in_thread(function) -> tuple[threading.Thread, list[float]]:
    """Start ``function`` in a thread; the list gets how long it took."""
    took: list[float] = []

    def timed() -> None:
        start = time.monotonic()
        function()
        took.append(time.monotonic() - start)

    thread = threading.Thread(target=timed)
    thread.start()
    return thread, took


def test_nothing_waits_without_a_priority_thread():
    pace.set_priority_thread(None)
    pace.busy()  # ignored: no one has priority
    start = time.monotonic()
    for _ in range(10_000):
        pace.give_way()
    assert time.monotonic() - start < 0.5


def test_the_priority_thread_never_waits_for_itself(priority):
    pace.busy()
    start = time.monotonic()
    for _ in range(1_000):
        pace.give_way()
    assert time.monotonic() - start < pace.WAIT  # not one wait of WAIT
    pace.idle()


def test_a_worker_waits_while_the_priority_thread_is_busy_and_goes_on_when_idle(priority):
    pace.busy()
    thread, took = run_in_thread(pace.give_way)
    time.sleep(pace.WAIT / 4)
    pace.idle()  # well before WAIT: the worker goes on at once
    thread.join(1)
    assert took and took[0] < pace.WAIT


def test_a_priority_thread_that_stays_busy_slows_a_worker_never_stops_it(priority):
    pace.busy()
    calls = 2_000

    def loop() -> None:
        for _ in range(calls):
            pace.give_way()

    thread, took = run_in_thread(loop)
    thread.join(5)
    pace.idle()
    assert took, "the worker never finished"
    # One WAIT, then RUN seconds free, then another WAIT...: far less than a WAIT per call.
    assert took[0] < calls * pace.WAIT / 10


def test_a_priority_thread_busy_for_too_long_is_no_longer_waited_for(priority, monkeypatch):
    # A loop that ended without saying so (a crashed app) must not slow every later store call.
    monkeypatch.setattr(pace, "STALE", 0.05)
    pace.busy()
    time.sleep(0.06)
    thread, took = run_in_thread(pace.give_way)
    thread.join(1)
    pace.idle()
    assert took and took[0] < pace.WAIT / 2


def test_waiting_for_a_lock_counts_as_idle_so_its_holder_goes_on(priority):
    # A worker holding the store's lock gives way while the UI thread is busy; if the UI thread
    # then waits for that lock, both would wait for each other until WAIT ran out, record by record.
    lock = threading.Lock()
    pace.busy()
    holding = threading.Event()

    def worker() -> None:
        with lock:
            holding.set()
            for _ in range(200):
                pace.give_way()

    thread, took = run_in_thread(worker)
    holding.wait(1)
    start = time.monotonic()
    with pace.waiting():
        lock.acquire()
    lock.release()
    waited = time.monotonic() - start
    thread.join(1)
    pace.idle()
    assert waited < 10 * pace.WAIT, waited  # 200 records x WAIT would be 4 s


def test_the_selector_is_idle_while_it_waits_and_busy_after(priority):
    seen: list[str] = []

    class Recording(selectors.DefaultSelector):
        def select(self, timeout=None):
            seen.append("idle" if pace._idle.is_set() else "busy")
            return []

    paced = PacedSelector(Recording(), pace.idle, pace.busy)
    pace.busy()
    paced.select(0.001)
    assert seen == ["idle"] and not pace._idle.is_set()
    paced.select(0)  # a poll: the loop still has work
    assert seen == ["idle", "busy"]
    paced.close()


async def test_the_app_paces_its_loop_and_puts_it_back(make_app):
    app = make_app()
    loop = asyncio.get_running_loop()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(loop._selector, PacedSelector)
        assert pace.priority_thread() == threading.get_ident()
    assert not isinstance(loop._selector, PacedSelector)
    assert pace.priority_thread() is None


async def test_pace_loop_twice_wraps_once():
    loop = asyncio.get_running_loop()
    assert pace_loop(loop) and pace_loop(loop)
    assert not isinstance(loop._selector.wrapped, PacedSelector)
    unpace_loop(loop)
    assert not isinstance(loop._selector, PacedSelector)


def test_a_write_and_a_read_give_way_once_per_record(tmp_path, priority, monkeypatch):
    calls = []
    monkeypatch.setattr("kiosk.store.storage.give_way", lambda: calls.append(1))
    tables = {"notes": {str(n): {"n": n} for n in range(50)}}
    b"".join(encode_tables(tables))
    assert len(calls) == 50
    db = Database(tmp_path)
    with db.transaction() as written:
        written.update(tables)
    calls.clear()
    db.forget_cache()
    assert len(db.read()["notes"]) == 50
    assert len(calls) >= 50
