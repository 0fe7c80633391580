"""Several kiosks, one PMS machine: sealed notes travel in a bundle file (USB stick).

- On a write-only kiosk (no private key), ``bundle`` gathers every note still on it, sealed,
  with the student's answers (sealed too). Codes' tags and boxes stay on the kiosk.
- On the PMS machine (which can unlock), ``import`` adds the notes it does not have yet
  (marked ``origin: import``) and the answers it does not have yet (by message id).
- The way back: ``bundle`` on the PMS machine writes the PMS replies to imported notes; the
  kiosk's ``import`` adds those it lacks, so the student reads them with the code.

Everything in a bundle is already sealed or boxed: reading it needs the private key or a code.
Import is one locked transaction written atomically: an interrupted import adds nothing, and a
repeated one adds nothing new (ids), so it is safe to re-run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ErrorCode, StoreError
from .models import STATUSES
from .records import note_key, record_problem
from .storage import atomic_write

if TYPE_CHECKING:
    from .notes import NoteStore

__all__ = ["FORMAT", "import_bundle", "make_bundle", "write_bundle"]

FORMAT = "pms-kiosk-bundle"
NOTE_FIELDS = ("id", "date", "part_of_day", "status", "urgent", "sealed")
MESSAGE_FIELDS = ("mid", "author", "date", "part_of_day", "sealed", "box")


def _message(item: dict) -> dict:
    return {key: item[key] for key in MESSAGE_FIELDS if key in item}


def make_bundle(store: NoteStore) -> dict:
    """The bundle of this data dir: ``notes`` from a write-only kiosk, ``replies`` from the PMS."""
    # A damaged record stays where it is (``kiosk store check`` names it): it never stops the others.
    notes = [doc for key, doc in store.db.read().get("notes", {}).items() if record_problem(key, doc) is None]
    if not store.can_unlock:
        items = [
            {**{key: doc[key] for key in NOTE_FIELDS},
             "messages": [_message(m) for m in doc.get("messages", []) if m.get("author") == "eleve" and "mid" in m]}
            for doc in notes
        ]
        return {"format": FORMAT, "version": 1, "kind": "notes", "notes": items}
    items = [
        {"id": doc["id"], "messages": [_message(m) for m in doc.get("messages", []) if m.get("author") == "pms"]}
        for doc in notes
        if doc.get("origin") == "import"
    ]
    return {"format": FORMAT, "version": 1, "kind": "replies", "notes": [item for item in items if item["messages"]]}


def write_bundle(store: NoteStore, out: Path) -> int:
    """Write :func:`make_bundle` atomically to ``out``; returns how many notes it carries."""
    bundle = make_bundle(store)
    data = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    atomic_write(out, data)
    return len(bundle["notes"])


def _load(path: Path) -> dict:
    try:
        bundle = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        from .errors import os_error_code

        code, params = os_error_code(exc, writing=False)
        raise StoreError(code, file=str(path), **params) from exc
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise StoreError(ErrorCode.BUNDLE_UNREADABLE, file=str(path)) from None
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT or bundle.get("kind") not in ("notes", "replies"):
        raise StoreError(ErrorCode.BUNDLE_NOT_BUNDLE, file=str(path))
    if not isinstance(bundle.get("notes", []), list):
        raise StoreError(ErrorCode.BUNDLE_UNREADABLE, file=str(path))
    return bundle


def _half_day_ok(item: dict) -> bool:
    """Date and half-day only, well formed: nothing finer may come in through a bundle."""
    return (isinstance(item.get("date"), str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["date"]) is not None
            and item.get("part_of_day") in ("am", "pm"))


def _valid_note(item: dict) -> bool:
    return (isinstance(item, dict) and all(key in item for key in NOTE_FIELDS) and _half_day_ok(item)
            and item["status"] in STATUSES and isinstance(item["urgent"], bool)
            and isinstance(item["sealed"], str) and isinstance(item.get("messages", []), list))


def _valid_message(item: object) -> bool:
    return (isinstance(item, dict) and isinstance(item.get("mid"), str) and item.get("author") in ("eleve", "pms")
            and _half_day_ok(item) and isinstance(item.get("sealed"), str)
            and isinstance(item.get("box", ""), str))


def _merge_messages(doc: dict, items: list[dict]) -> int:
    known = {m.get("mid") for m in doc.get("messages", []) if isinstance(m, dict)}
    new = [_message(m) for m in items if _valid_message(m) and m["mid"] not in known]
    doc.setdefault("messages", []).extend(new)
    return len(new)


def _key_of(item: object) -> str | None:
    """The TinyDB key of a bundle item's note id, or None if the id is malformed."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None
    try:
        return note_key(item["id"])
    except StoreError:
        return None


def import_bundle(store: NoteStore, path: Path) -> dict[str, int]:
    """Take in a bundle; returns ``{"notes", "messages", "conflicts", "unknown"}`` counts."""
    bundle = _load(path)
    kind = bundle["kind"]
    if kind == "notes" and not store.can_unlock:
        raise StoreError(ErrorCode.BUNDLE_NOTES_NEED_PMS)
    if kind == "replies" and store.can_unlock:
        raise StoreError(ErrorCode.BUNDLE_REPLIES_FOR_KIOSK)
    report = {"notes": 0, "messages": 0, "conflicts": 0, "unknown": 0}
    with store.db.transaction() as tables:
        notes = tables.setdefault("notes", {})
        for item in bundle.get("notes", []):
            key = _key_of(item)
            doc = notes.get(key) if key else None
            if key is None or (kind == "notes" and not _valid_note(item)):
                report["conflicts"] += 1
            elif doc is not None and record_problem(key, doc) is not None:
                report["conflicts"] += 1  # our own copy is damaged: leave it for ``store check``
            elif kind == "notes" and doc is None:
                notes[key] = {**{k: item[k] for k in NOTE_FIELDS}, "origin": "import", "messages": [], "memos": []}
                report["notes"] += 1
                report["messages"] += _merge_messages(notes[key], item.get("messages", []))
            elif doc is None:
                report["unknown"] += 1  # a reply to a note no longer here (purged)
            elif kind == "notes" and doc.get("sealed") != item["sealed"]:
                report["conflicts"] += 1  # same id, other note: keep ours, say so
            else:
                report["messages"] += _merge_messages(doc, item.get("messages", []) if isinstance(item.get("messages"), list) else [])
        _audit_import(store, tables, report)  # in the same transaction: both or neither
    return report


def _audit_import(store: NoteStore, tables: dict, report: dict[str, int]) -> None:
    """The import's audit line (counts only, never content), written with the import itself."""
    log = tables.setdefault("audit", {})
    day, pod = store.half_day()
    next_id = max((int(key) for key in log if key.isdigit()), default=0) + 1
    log[str(next_id)] = {"date": day, "part_of_day": pod, "note_id": None,
                         "action": f"import : {report['notes']} message(s), {report['messages']} suite(s)"}
