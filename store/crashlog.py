"""The crash record: what maintainers may know about a crash, and nothing more.

``crashes.json`` in the data folder (0600) keeps, for each crash, the half-day
(date and ``am``/``pm``), the exception's type and the code locations of its
traceback (file, line, function). Never the exception's message or arguments,
never a local variable: a draft, a passphrase or a key cannot reach this file.
Its modification time is set back to the half-day, like everything the kiosk keeps.

No Textual and no sentences here: the shell and the console word the summary.
The file comes from disk, so it is read as hostile: each record is checked, a bad
one is counted (``unreadable``) and never hides the others.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from .storage import half_day_stamp, stamp_folder, write_new_file

__all__ = ["CRASH_FILE", "CrashSummary", "append_entry", "crash_entry", "read_crashes", "record_crash"]

CRASH_FILE = "crashes.json"
#: Records kept (the count goes on beyond): enough to see a pattern, bounded on disk.
KEEP = 50
#: Frames kept per record, the innermost ones (where it failed).
MAX_FRAMES = 40
#: A larger file is not ours (or is an attack): it is not parsed.
MAX_BYTES = 1_000_000

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,199}")


@dataclass(frozen=True)
class CrashSummary:
    """What ``kiosk status`` and the console say: how many restarts after an error, the last one's
    half-day, and how many failures a student screen caught (it said so kindly, the kiosk went on)."""

    count: int
    last_date: str | None
    last_part_of_day: str | None
    unreadable: int = 0
    caught: int = 0


def _half_day(now: datetime) -> tuple[str, str]:
    return now.date().isoformat(), ("am" if now.hour < 12 else "pm")


def _innermost(error: BaseException) -> BaseException:
    """The exception that really failed: Textual wraps worker errors (``WorkerFailed.error``)."""
    inner = getattr(error, "error", None)
    return inner if isinstance(inner, BaseException) else error


def _frames(tb: TracebackType | None) -> list[list[object]]:
    # walk_tb gives frame objects; only the code's name, file and line are read from them.
    frames = [[frame.f_code.co_filename, lineno, frame.f_code.co_name] for frame, lineno in traceback.walk_tb(tb)]
    return frames[-MAX_FRAMES:]


def crash_entry(error: BaseException, now: datetime | None = None, *, restarted: bool = True) -> dict[str, Any]:
    """The record of ``error``: half-day, type, code locations. Nothing else is read from it.

    ``restarted`` is False for a failure a screen caught (the kiosk went on).
    """
    error = _innermost(error)
    day, part = _half_day(now or datetime.now())
    kind = type(error)
    return {
        "date": day,
        "part_of_day": part,
        "type": f"{kind.__module__}.{kind.__qualname__}",
        "frames": _frames(error.__traceback__),
        "restarted": bool(restarted),
    }


def _valid(entry: object) -> bool:
    if not isinstance(entry, dict) or set(entry) != {"date", "part_of_day", "type", "frames", "restarted"}:
        return False
    frames = entry["frames"]
    return (
        isinstance(entry["date"], str)
        and bool(_DATE.fullmatch(entry["date"]))
        and entry["part_of_day"] in ("am", "pm")
        and isinstance(entry["type"], str)
        and bool(_NAME.fullmatch(entry["type"]))
        and isinstance(entry["restarted"], bool)
        and isinstance(frames, list)
        and len(frames) <= MAX_FRAMES
        and all(_valid_frame(frame) for frame in frames)
    )


def _valid_frame(frame: object) -> bool:
    return (
        isinstance(frame, list)
        and len(frame) == 3
        and isinstance(frame[0], str)
        and len(frame[0]) <= 500
        and isinstance(frame[1], int)
        and not isinstance(frame[1], bool)
        and frame[1] >= 0
        and isinstance(frame[2], str)
        and len(frame[2]) <= 200
    )


def _total(data: dict[str, Any], key: str, at_least: int) -> tuple[int, int]:
    """(a running total of the file, 1 if it was not believable and so replaced)."""
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < at_least:
        return at_least, 1
    return value, 0


def _load(path: Path) -> tuple[dict[str, int], list[dict[str, Any]], int]:
    """({"restarts", "caught"} totals, valid records, unreadable) of the file; none is empty."""
    empty = {"restarts": 0, "caught": 0}
    try:
        if path.stat().st_size > MAX_BYTES:
            return empty, [], 1
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return empty, [], 0
    except (OSError, ValueError):
        return empty, [], 1
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        return empty, [], 1
    records = [entry for entry in data["records"][-KEEP:] if _valid(entry)]
    bad = len(data["records"][-KEEP:]) - len(records)
    restarts, forged = _total(data, "restarts", sum(entry["restarted"] for entry in records))
    caught, forged_too = _total(data, "caught", sum(not entry["restarted"] for entry in records))
    return {"restarts": restarts, "caught": caught}, records, bad + forged + forged_too


def read_crashes(data_dir: Path) -> CrashSummary:
    """The summary of the data folder's crash record (zero crashes if there is none)."""
    totals, records, bad = _load(Path(data_dir) / CRASH_FILE)
    restarts = [entry for entry in records if entry["restarted"]]
    last = restarts[-1] if restarts else {}
    return CrashSummary(totals["restarts"], last.get("date"), last.get("part_of_day"), bad, totals["caught"])


def record_crash(data_dir: Path, error: BaseException, now: datetime | None = None) -> None:
    """Add ``error``'s record to the data folder: :func:`crash_entry` then :func:`append_entry`."""
    now = now or datetime.now()
    append_entry(data_dir, crash_entry(error, now), now)


def append_entry(data_dir: Path, entry: dict[str, Any], now: datetime | None = None) -> None:
    """Add one record made by :func:`crash_entry` (folder created 0700 if missing; file 0600).

    Raises ``OSError`` if the folder cannot be written, ``ValueError`` for a record of
    another shape: the caller is already on its way out and decides whether that matters.
    """
    if not _valid(entry):
        raise ValueError("crash_entry")
    now = now or datetime.now()
    folder = Path(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / CRASH_FILE
    totals, records, _bad = _load(path)
    totals["restarts" if entry["restarted"] else "caught"] += 1
    records = [*records, entry][-KEEP:]
    data = json.dumps({**totals, "records": records}, ensure_ascii=True).encode("ascii")
    # A fresh name, never an existing file or link someone left there.
    tmp = folder / f".{CRASH_FILE}.{secrets.token_hex(4)}.tmp"
    write_new_file(tmp, data)
    os.chmod(tmp, 0o600)
    stamp = half_day_stamp(now)  # the file's time says no more than its records
    os.utime(tmp, (stamp, stamp))
    os.replace(tmp, path)
    stamp_folder(folder, stamp)
