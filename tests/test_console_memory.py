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
