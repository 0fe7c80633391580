"""Shape checks of what the notes file holds: pure functions, record → ``None`` (fine) or a reason.

The notes file comes from outside the running process (another kiosk, a bundle, a hand edit, a
disk that lost a sector), so every reader checks each record before trusting it. One damaged
record is named and set aside by its reader; it never hides the others (the SQLite rule).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .errors import ErrorCode, StoreError
from .models import STATUSES
from .pace import give_way

__all__ = ["RECORD_FIELDS", "is_half_day", "message_problem", "meta_problems", "note_key", "record_problem"]

#: Fields every note record keeps in clear (besides the optional code fields tag/salt/box).
RECORD_FIELDS = ("id", "date", "part_of_day", "status", "urgent", "sealed")

_HEX_ID = re.compile(r"[0-9a-f]{8}")
#: Standard base64, padding included: what passes this decodes (a bad box is then a crypto problem).
_B64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def is_half_day(item: dict[str, Any]) -> bool:
    """A real ISO date and ``am``/``pm``: nothing finer, nothing malformed."""
    day = item.get("date")
    if not isinstance(day, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return False
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return item.get("part_of_day") in ("am", "pm")


def _b64(value: Any) -> bool:
    return isinstance(value, str) and bool(value) and bool(_B64.fullmatch(value))


def _bad_field(doc: dict[str, Any], key: str) -> str | None:
    """The first field of ``doc`` that is missing or malformed, or None."""
    checks = {
        "id": lambda v: isinstance(v, str) and bool(_HEX_ID.fullmatch(v)) and str(int(v, 16)) == key,
        "status": lambda v: v in STATUSES,
        "urgent": lambda v: isinstance(v, bool),
        "sealed": _b64,
    }
    for name, ok in checks.items():
        if name not in doc or not ok(doc[name]):
            return name
    if not is_half_day(doc):
        return "date"
    for name in ("tag", "salt", "box"):
        if name in doc and not _b64(doc[name]):
            return name
    for name in ("messages", "memos"):
        if not isinstance(doc.get(name, []), list):
            return name
    return None


def record_problem(key: str, doc: Any) -> StoreError | None:
    """Why the note record stored under ``key`` cannot be read, or None if its shape is right.

    Every loop over the notes checks each record here first, so this is also where a worker's
    loop gives way to a busy UI thread (store/pace.py).
    """
    give_way()
    if not isinstance(doc, dict):
        return StoreError(ErrorCode.NOTE_UNREADABLE, note=f"#{key}", field="record")
    field = _bad_field(doc, key)
    if field is None:
        return None
    note = doc["id"] if isinstance(doc.get("id"), str) and _HEX_ID.fullmatch(doc["id"]) else f"#{key}"
    return StoreError(ErrorCode.NOTE_UNREADABLE, note=note, field=field)


def message_problem(item: Any, *, memo: bool = False) -> str | None:
    """The bad field of one conversation message (or memo), or None."""
    if not isinstance(item, dict):
        return "record"
    if not memo and item.get("author") not in ("eleve", "pms"):
        return "author"
    if not is_half_day(item):
        return "date"
    if not _b64(item.get("sealed")):
        return "sealed"
    if "box" in item and not _b64(item["box"]):
        return "box"
    return None


def meta_problems(tables: dict[str, Any]) -> list[StoreError]:
    """Malformed ``meta`` fields (schema, code salt and cost), each named."""
    meta = tables.get("meta", {}).get("1", {})
    if not isinstance(meta, dict):
        return [StoreError(ErrorCode.META_BAD, field="meta")]
    problems = []
    schema = meta.get("schema")
    if "schema" in meta and (not isinstance(schema, int) or isinstance(schema, bool) or schema < 0):
        problems.append(StoreError(ErrorCode.META_BAD, field="schema"))
    # Scheme 1 (two-word codes) and scheme 2 (three words): see store/codes.py.
    for salt_key, kdf_key in (("code_salt", "code_kdf"), ("code2_salt", "code2_kdf")):
        if salt_key in meta and not _b64(meta[salt_key]):
            problems.append(StoreError(ErrorCode.META_BAD, field=salt_key))
        kdf = meta.get(kdf_key)
        if (salt_key in meta or kdf_key in meta) and not (
            isinstance(kdf, list) and len(kdf) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in kdf)
        ):
            problems.append(StoreError(ErrorCode.META_BAD, field=kdf_key))
    return problems


def note_key(note_id: str) -> str:
    """TinyDB document id (a decimal string) of a note id (8 hex digits)."""
    if not isinstance(note_id, str) or not _HEX_ID.fullmatch(note_id):
        raise StoreError(ErrorCode.BAD_NOTE_ID)
    return str(int(note_id, 16))
