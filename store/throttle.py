"""Rate limits: ordinary notes per window (flood), wrong follow-up codes, wrong passphrases.

The kiosk's counters survive a restart: they are kept in ``throttle.json`` in the data dir,
written under the notes file's lock, and hold only what the limits need:

- ``codes``: ``failures`` (wrong codes since the counter was last forgotten), ``wait_until``
  (no code is tried before this time; a multiple of 10 s) and ``forget_at`` (the failures are
  forgotten at this time; a multiple of 10 min, one hour after the last wrong code);
- ``flood``: ``count`` (ordinary notes and answers sent) in the clock-aligned slot of
  ``flood_window`` seconds ending at ``slot_end``.

Times are whole Unix seconds, the file's mtime is set to the start of the half-day, and the
file is removed at the first write after both parts have passed. Anything odd in it (garbage,
too big, wrong types, negative or far-future times, a symlink) is treated as damaged: the code
counter then starts at the last free failure (the next wrong code waits), the flood counter at
zero, and the next write replaces the file. An in-memory copy backs the file, so a folder that
refuses writes never frees the limits during a run.

The passphrase delay (``unlock.json``) is the PMS side: see :class:`UnlockThrottle`.
"""

from __future__ import annotations

import errno
import json
import math
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import ErrorCode, FloodLimited, TooManyAttempts, WriteFailed, os_error_code
from .storage import Database, atomic_write, half_day_stamp, stamp_folder

__all__ = ["CODE_DELAY", "FREE_CODE_FAILURES", "KioskThrottle", "UnlockThrottle", "replace_file"]

FREE_FAILURES = 5
MAX_DELAY = 300.0

#: Wrong codes tried without any wait (typing mistakes of a child).
FREE_CODE_FAILURES = 3
#: The wait after each further wrong code, for everyone at this kiosk: a child with the right
#: code never waits longer than this because of anyone else's wrong codes.
CODE_DELAY = 60
#: Wrong codes are forgotten this long after the last one.
CODE_MEMORY = 3600
_WAIT_STEP, _FORGET_STEP = 10, 600
MAX_FILE_BYTES = 4096
_MAX_COUNT = 1_000_000


def _up(value: float, step: int) -> int:
    return int(math.ceil(value / step) * step)


def _down(value: float, step: int) -> int:
    return int(value // step * step)


def _plain_int(value: Any, low: int, high: int) -> int:
    """``value`` if it is an int (not a bool) within [low, high]; ValueError otherwise."""
    if type(value) is not int or not low <= value <= high:
        raise ValueError(value)
    return value


class KioskThrottle:
    """The kiosk's code and flood counters, persisted in ``throttle.json`` (see the module doc)."""

    def __init__(
        self,
        path: Path,
        database: Database,
        *,
        flood_limit: int,
        flood_window: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path, self.database, self.clock = path, database, clock
        self.flood_limit, self.flood_window = flood_limit, max(60, int(flood_window))
        self._memory: dict[str, dict[str, int]] = {}
        self._swept = False

    # -- reading -------------------------------------------------------------------
    def _read_file(self) -> dict[str, Any] | None:
        """The parsed file, {} if absent, None if damaged (never follows a symlink)."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return {}
        except OSError as exc:
            return {} if exc.errno == errno.ENOENT else None
        try:
            with os.fdopen(fd, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            state = json.loads(data.decode("utf-8")) if len(data) <= MAX_FILE_BYTES else None
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        return state if isinstance(state, dict) else None

    def _parse_codes(self, raw: Any, now: int) -> dict[str, int] | None:
        """The code part as stored, or None if any field is odd."""
        try:
            return {
                "failures": _plain_int(raw["failures"], 0, _MAX_COUNT),
                "wait_until": _plain_int(raw["wait_until"], 0, now + CODE_DELAY + _WAIT_STEP),
                "forget_at": _plain_int(raw["forget_at"], 0, now + CODE_MEMORY + _FORGET_STEP),
            }
        except (KeyError, TypeError, ValueError):
            return None

    def _parse_flood(self, raw: Any, now: int) -> dict[str, int] | None:
        """The flood part as stored, or None if any field is odd."""
        try:
            return {
                "count": _plain_int(raw["count"], 0, _MAX_COUNT),
                "slot_end": _plain_int(raw["slot_end"], 0, now + self.flood_window),
            }
        except (KeyError, TypeError, ValueError):
            return None

    def _codes_part(self, raw: Any, now: int) -> dict[str, int]:
        part = self._parse_codes(raw, now)
        if part is None:
            # Damaged: the next wrong code waits, nobody waits now.
            return {"failures": FREE_CODE_FAILURES, "wait_until": 0, "forget_at": _up(now + CODE_MEMORY, _FORGET_STEP)}
        return part if part["forget_at"] > now else {}

    def _flood_part(self, raw: Any, now: int) -> dict[str, int]:
        part = self._parse_flood(raw, now)
        return part if part is not None and part["slot_end"] > now else {}

    def damaged(self) -> bool:
        """True if the file exists and something in it is odd (for ``kiosk store check``). Reads only."""
        if not os.path.lexists(self.path):
            return False
        raw, now = self._read_file(), self._now()
        if raw is None or set(raw) - {"codes", "flood"}:
            return True
        return ("codes" in raw and self._parse_codes(raw["codes"], now) is None) or (
            "flood" in raw and self._parse_flood(raw["flood"], now) is None
        )

    def _state(self, now: int) -> dict[str, dict[str, int]]:
        """Both parts still in force: the file's, made no looser than this run's memory."""
        raw = self._read_file()
        damaged = raw is None
        raw = raw or {}
        state = {
            "codes": self._codes_part(raw["codes"], now) if "codes" in raw else {},
            "flood": self._flood_part(raw.get("flood"), now) if "flood" in raw else {},
        }
        if damaged:
            state["codes"] = self._codes_part(None, now)
        for name, remembered in self._memory.items():
            remembered = (self._codes_part if name == "codes" else self._flood_part)(remembered, now)
            if remembered and (not state[name] or self._stricter(name, remembered, state[name])):
                state[name] = remembered
        return state

    @staticmethod
    def _stricter(name: str, left: dict[str, int], right: dict[str, int]) -> bool:
        if name == "codes":
            return (left["wait_until"], left["failures"]) > (right["wait_until"], right["failures"])
        return (left["slot_end"], left["count"]) > (right["slot_end"], right["count"])

    def _now(self) -> int:
        return int(self.clock())

    # -- the code counter ------------------------------------------------------------
    def code_wait(self) -> int:
        """Whole seconds before the next code may be tried (0: now). Reads only."""
        now = self._now()
        codes = self._state(now)["codes"]
        return max(0, codes.get("wait_until", 0) - now)

    def check_code(self) -> None:
        """Raise :class:`TooManyAttempts` (with ``seconds``) while codes must wait."""
        wait = self.code_wait()
        if wait > 0:
            raise TooManyAttempts(wait)

    def code_failed(self) -> None:
        """Count one wrong code; past the free ones, everyone waits :data:`CODE_DELAY` s.

        A right code never resets the count: otherwise one's own code would buy free guesses.
        """
        with self._locked_state() as (now, state):
            codes = state["codes"] or {"failures": 0, "wait_until": 0}
            codes["failures"] = min(codes["failures"] + 1, _MAX_COUNT)
            if codes["failures"] > FREE_CODE_FAILURES:
                # Rounded down to 10 s: the wait is 50–60 s, never more than CODE_DELAY.
                codes["wait_until"] = _down(now + CODE_DELAY, _WAIT_STEP)
            codes["forget_at"] = _up(now + CODE_MEMORY, _FORGET_STEP)
            state["codes"] = codes

    # -- the flood counter -------------------------------------------------------------
    def flood_reached(self) -> bool:
        """True if the ordinary notes of the current slot reached the limit. Reads only."""
        flood = self._state(self._now())["flood"]
        return flood.get("count", 0) >= self.flood_limit

    def check_flood(self) -> None:
        """Raise :class:`FloodLimited` if one more ordinary note would pass the limit."""
        if self.flood_reached():
            raise FloodLimited()

    def ordinary_sent(self) -> None:
        """Count one ordinary note or answer (urgent notes are never counted)."""
        with self._locked_state() as (now, state):
            flood = state["flood"] or {"count": 0, "slot_end": _up(now + 1, self.flood_window)}
            flood["count"] = min(flood["count"] + 1, _MAX_COUNT)
            state["flood"] = flood

    # -- writing -----------------------------------------------------------------------
    @contextmanager
    def _locked_state(self) -> Iterator[tuple[int, dict[str, dict[str, int]]]]:
        """Lock, yield (now, state) to change in place, then remember and save it.

        The memory is updated even when the folder refuses the lock or the write (then
        :class:`WriteFailed` is raised after the change, for the caller to report).
        """
        with ExitStack() as stack:
            locked: WriteFailed | None = None
            if not self.path.parent.is_dir():
                locked = WriteFailed(ErrorCode.NOT_INITIALIZED)  # never create the data folder
            else:
                try:
                    stack.enter_context(self.database.locked())
                except WriteFailed as exc:
                    locked = exc
            if locked is None and not self._swept:
                # Temp files of a writer killed mid-write (only lock holders write them).
                for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
                    stale.unlink(missing_ok=True)
                self._swept = True
            now = self._now()
            state = self._state(now)
            yield now, state
            self._memory = {name: dict(part) for name, part in state.items() if part}
            if locked is not None:
                if locked.code == ErrorCode.NOT_INITIALIZED:
                    return  # no folder (not initialised): memory only, nothing to report
                raise locked
            self._save(state)
            self._date_file(now)

    def tidy(self) -> None:
        """Remove the file once both parts have passed, or rewrite it if it was odd.

        Best effort (a folder that refuses writes keeps the file); nothing is done when the
        file is absent or still in force and well formed.
        """
        if not os.path.lexists(self.path):
            return
        raw = self._read_file()
        now = self._now()
        state = self._state(now)
        if raw is not None and any(state.values()):
            return
        try:
            with self._locked_state():
                pass
        except WriteFailed:
            pass

    def _save(self, state: dict[str, dict[str, int]]) -> None:
        """Write the parts still in force, or remove the file if none is (raises WriteFailed)."""
        kept = {name: part for name, part in state.items() if part}
        try:
            if kept:
                replace_file(self.path, json.dumps(kept, sort_keys=True).encode("ascii"))
            else:
                self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise WriteFailed(os_error_code(exc)[0]) from exc

    def _date_file(self, now: int) -> None:
        """The file's times say only the half-day (like every record of the store)."""
        try:
            half_day = half_day_stamp(datetime.fromtimestamp(now))
            os.utime(self.path, (half_day, half_day), follow_symlinks=False)
            stamp_folder(self.path.parent, half_day)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise WriteFailed(os_error_code(exc)[0]) from exc


def replace_file(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically (temp file + ``os.replace``), without fsync.

    A counter is not a note: after a power cut the previous value (or none) is fine, and
    skipping the two fsyncs keeps an ordinary note's send ~10 ms faster. A kill -9 still
    leaves the old file or the new one, never half of one.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class UnlockThrottle:
    """After 5 wrong passphrases, each try waits 2^(n-5) s (capped at 300 s); persisted."""

    def __init__(self, path: Path, database: Database) -> None:
        self.path, self.database = path, database

    def _state(self) -> dict[str, Any]:
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
        left = float(self._state()["not_before"]) - time.time()
        return min(max(0.0, left), MAX_DELAY)

    def fail(self) -> None:
        """Count a wrong passphrase and set the next delay."""
        with self.database.locked():
            state = self._state()
            state["failures"] += 1
            excess = state["failures"] - FREE_FAILURES
            delay = min(MAX_DELAY, 2.0**excess) if excess >= 0 else 0.0
            # Whole seconds only, rounded up; no delay at all for the first free failures.
            state["not_before"] = float(int(time.time() + delay + 0.999)) if delay else 0.0
            atomic_write(self.path, json.dumps(state).encode("utf-8"))

    def reset(self) -> None:
        """A good passphrase: forget the failures."""
        if self.path.exists():
            with self.database.locked():
                self.path.unlink(missing_ok=True)
