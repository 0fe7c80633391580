"""Rate limits: notes per window (flood), wrong follow-up codes, wrong passphrases.

Flood and code counters live in memory (monotonic clock): they hold no date at all and die
with the kiosk process. The passphrase delay must survive a restart, so it is kept in a
small file of the data dir (``unlock.json``: a failure count and the earliest next try, in
whole seconds); it says nothing about notes.
"""

from __future__ import annotations

import json
import time
from collections import deque
from pathlib import Path

from .errors import FloodLimited, TooManyAttempts
from .storage import Database, atomic_write

__all__ = ["CodeGuard", "FloodGuard", "UnlockThrottle"]

FREE_FAILURES = 5
MAX_DELAY = 300.0


class FloodGuard:
    """At most ``limit`` notes per ``window`` seconds in this process."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._times: deque[float] = deque()

    def _prune(self, now: float) -> None:
        while self._times and now - self._times[0] >= self.window:
            self._times.popleft()

    def check(self) -> None:
        """Raise :class:`FloodLimited` if one more note would pass the limit."""
        self._prune(time.monotonic())
        if len(self._times) >= self.limit:
            raise FloodLimited()

    def record(self) -> None:
        """Count one accepted note."""
        self._times.append(time.monotonic())


class CodeGuard:
    """At most ``limit`` wrong follow-up codes per ``window`` seconds (never reset by a good one)."""

    def __init__(self, limit: int = 5, window: float = 900.0) -> None:
        self.limit, self.window = limit, window
        self._failures: deque[float] = deque()

    def check(self) -> None:
        """Raise :class:`TooManyAttempts` while too many wrong codes are recent."""
        now = time.monotonic()
        while self._failures and now - self._failures[0] >= self.window:
            self._failures.popleft()
        if len(self._failures) >= self.limit:
            raise TooManyAttempts(self.window - (now - self._failures[0]))

    def fail(self) -> None:
        """Count one wrong code."""
        self._failures.append(time.monotonic())


class UnlockThrottle:
    """After 5 wrong passphrases, each try waits 2^(n-5) s (capped at 300 s); persisted."""

    def __init__(self, path: Path, database: Database) -> None:
        self.path, self.database = path, database

    def _state(self) -> dict:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            return {"failures": int(state.get("failures", 0)), "not_before": float(state.get("not_before", 0))}
        except FileNotFoundError:
            return {"failures": 0, "not_before": 0.0}
        except (OSError, ValueError, AttributeError):
            # A damaged counter file must not lock the PMS out: start again with one delay.
            return {"failures": FREE_FAILURES, "not_before": 0.0}

    def remaining(self) -> float:
        """Seconds to wait before the next try (0 if none); never more than the cap."""
        left = self._state()["not_before"] - time.time()
        return min(max(0.0, left), MAX_DELAY)

    def fail(self) -> None:
        """Count a wrong passphrase and set the next delay."""
        with self.database.locked():
            state = self._state()
            state["failures"] += 1
            excess = state["failures"] - FREE_FAILURES
            delay = min(MAX_DELAY, 2.0 ** excess) if excess >= 0 else 0.0
            # Whole seconds only, rounded up; no delay at all for the first free failures.
            state["not_before"] = float(int(time.time() + delay + 0.999)) if delay else 0.0
            atomic_write(self.path, json.dumps(state).encode("utf-8"))

    def reset(self) -> None:
        """A good passphrase: forget the failures."""
        if self.path.exists():
            with self.database.locked():
                self.path.unlink(missing_ok=True)
