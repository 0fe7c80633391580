"""Shared helpers of the store tests (not a test module): fast stores and file scans."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.store import NoteStore

__all__ = ["FAST", "PASS", "fast_store", "json_values", "time_like_values"]

#: Cheap KDFs for tests only (production defaults stay "moderate" and crypto.CODE_KDF).
FAST: dict[str, Any] = {"kdf": "minimal", "code_kdf": (1, 8192)}
PASS = "correct horse battery"

_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}|\d{1,2}h\d{2}")


def fast_store(data_dir: Path, **kwargs: Any) -> NoteStore:
    """A NoteStore with the test KDF profile."""
    return NoteStore(data_dir, **{**FAST, **kwargs})


def json_values(value: Any) -> Iterator[Any]:
    """Every leaf value and every key of a JSON structure."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_values(item)
    else:
        yield value


def time_like_values(data: Any) -> list[Any]:
    """Values that look like a time of day or a timestamp (finer than a half-day)."""
    found = []
    for value in json_values(data):
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)) and value > 1_000_000_000:
            found.append(value)
        elif isinstance(value, str) and not _looks_encoded(value) and _TIME.search(value):
            found.append(value)
    return found


def _looks_encoded(value: str) -> bool:
    """base64 / hex blobs: they cannot hold a colon, but may contain 'T12' by chance."""
    return len(value) >= 16 and re.fullmatch(r"[A-Za-z0-9+/=]+", value) is not None


def load_json(path: Path) -> Any:
    """Parse a JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))
