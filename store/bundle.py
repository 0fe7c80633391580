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

from .errors import StoreError
from .models import STATUSES
from .notes import note_key
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
    notes = store.db.read().get("notes", {}).values()
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
    atomic_write(out, data, "Fichier d'échange non écrit")
    return len(bundle["notes"])


def _load(path: Path) -> dict:
    try:
        bundle = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"Fichier d'échange illisible : {path}") from exc
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT or bundle.get("kind") not in ("notes", "replies"):
        raise StoreError(f"Ce fichier n'est pas un fichier d'échange du kiosque : {path}")
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
    known = {m.get("mid") for m in doc.get("messages", [])}
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
        raise StoreError("Importez les messages d'un kiosque sur l'ordinateur du PMS (celui qui a la clé privée).")
    if kind == "replies" and store.can_unlock:
        raise StoreError("Ce fichier contient des réponses du PMS : importez-le sur le kiosque d'origine.")
    report = {"notes": 0, "messages": 0, "conflicts": 0, "unknown": 0}
    with store.db.transaction() as tables:
        notes = tables.setdefault("notes", {})
        for item in bundle.get("notes", []):
            key = _key_of(item)
            doc = notes.get(key) if key else None
            if key is None or (kind == "notes" and not _valid_note(item)):
                report["conflicts"] += 1
            elif kind == "notes" and doc is None:
                notes[key] = {**{k: item[k] for k in NOTE_FIELDS}, "origin": "import", "messages": [], "memos": []}
                report["notes"] += 1
                report["messages"] += _merge_messages(notes[key], item.get("messages", []))
            elif doc is None:
                report["unknown"] += 1  # a reply to a note no longer here (purged)
            elif kind == "notes" and doc.get("sealed") != item["sealed"]:
                report["conflicts"] += 1  # same id, other note: keep ours, say so
            else:
                report["messages"] += _merge_messages(doc, item.get("messages", []))
    return report
