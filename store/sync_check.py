"""Validation of incoming spool files: every field checked, unknown fields refused.

Nothing here trusts a file. An envelope that is wrong (not JSON, wrong kiosk, bad signature,
unknown fields, too many items) refuses the whole file; a wrong item inside a good envelope is
refused alone (with a code) and the others go on. Dates are a day and ``am``/``pm``, nothing finer.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from . import signing
from .records import is_half_day
from .sync_files import NAME, SpoolFileError

__all__ = [
    "FORMAT",
    "MAX_ACKS",
    "MAX_MESSAGES_PER_NOTE",
    "MAX_NOTES_PER_FILE",
    "MAX_REPLIES_PER_FILE",
    "VERSION",
    "check_notes_file",
    "check_replies_file",
]

FORMAT = "pms-kiosk-sync"
VERSION = 1
MAX_NOTES_PER_FILE = 500
MAX_MESSAGES_PER_NOTE = 200
MAX_REPLIES_PER_FILE = 2000
MAX_ACKS = 1000
#: A sealed note holds at most 100,000 characters (4 bytes each in UTF-8) plus its JSON:
#: base64 of 600,000 characters is ~450 kB of ciphertext, room for the largest real note.
MAX_SEALED_CHARS = 600_000
SEALED_OVERHEAD = 48  # SealedBox: ephemeral public key + MAC
BOX_OVERHEAD = 40  # SecretBox: nonce + MAC
NOTE_ID = re.compile(r"[0-9a-f]{8}")
MESSAGE_ID = re.compile(r"[0-9a-f]{12}")
NOTE_FIELDS = {"id", "date", "part_of_day", "urgent", "sealed", "messages"}
MESSAGE_FIELDS = {"mid", "author", "date", "part_of_day", "sealed"}
REPLY_FIELDS = {"note", "mid", "date", "part_of_day", "sealed", "box"}
NOTES_ENVELOPE = {"format", "version", "kind", "kiosk", "file", "acks", "notes"}
SIGNED_ENVELOPE = {"format", "version", "signed", "sig"}
REPLIES_PAYLOAD = {"kind", "kiosk", "file", "acks", "replies"}


class ItemRefused(ValueError):
    """One item of a file refused; ``code`` says why."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def _refuse_file(code: str, name: str) -> SpoolFileError:
    return SpoolFileError(code, name=name)


def _json(data: bytes, name: str) -> dict[str, Any]:
    """A JSON object, or ``sync_incomplete`` (a half-copied file looks the same: wait for it)."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse_file("sync_incomplete", name) from None
    if not isinstance(value, dict):
        raise _refuse_file("sync_bad_format", name)
    return value


def _encoded(value: object, minimum: int, maximum: int) -> bool:
    """Strict base64 whose decoded length is within bounds (clear text is refused here)."""
    if not isinstance(value, str) or not (4 <= len(value) <= maximum):
        return False
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return False
    return len(raw) >= minimum


def _acks(value: object, kind: str, name: str) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_ACKS:
        raise _refuse_file("sync_bad_format", name)
    acks = []
    for ack in value:
        match = NAME.fullmatch(ack) if isinstance(ack, str) else None
        if match is None or match["kind"] != kind:
            raise _refuse_file("sync_bad_format", name)
        acks.append(ack)
    return acks


def _envelope(value: dict[str, Any], fields: set[str], kind: str, kiosk_id: str, name: str) -> None:
    if set(value) != fields:
        raise _refuse_file("sync_bad_format", name)
    if value.get("kind") != kind or value.get("kiosk") != kiosk_id:
        raise _refuse_file("sync_wrong_kiosk" if value.get("kind") == kind else "sync_bad_format", name)
    match = NAME.fullmatch(name)
    if match is None or value.get("file") != match["base"]:
        raise _refuse_file("sync_renamed", name)


def _message(item: object) -> dict[str, Any]:
    if not isinstance(item, dict) or set(item) != MESSAGE_FIELDS:
        raise ItemRefused("sync_bad_item")
    if item["author"] != "eleve":
        raise ItemRefused("sync_forged_author")  # a kiosk never speaks for the PMS
    if not isinstance(item["mid"], str) or not MESSAGE_ID.fullmatch(item["mid"]):
        raise ItemRefused("sync_bad_id")
    if not is_half_day(item):
        raise ItemRefused("sync_bad_date")
    if not _encoded(item["sealed"], SEALED_OVERHEAD + 1, MAX_SEALED_CHARS):
        raise ItemRefused("sync_bad_box")
    return dict(item)


def check_note(item: object) -> dict[str, Any]:
    """One note of a kiosk file, checked (its messages too); ItemRefused otherwise."""
    if not isinstance(item, dict) or set(item) != NOTE_FIELDS:
        raise ItemRefused("sync_bad_item")
    if not isinstance(item["id"], str) or not NOTE_ID.fullmatch(item["id"]):
        raise ItemRefused("sync_bad_id")
    if not is_half_day(item):
        raise ItemRefused("sync_bad_date")
    if not isinstance(item["urgent"], bool):
        raise ItemRefused("sync_bad_item")
    if not _encoded(item["sealed"], SEALED_OVERHEAD + 1, MAX_SEALED_CHARS):
        raise ItemRefused("sync_bad_box")
    messages = item["messages"]
    if not isinstance(messages, list) or len(messages) > MAX_MESSAGES_PER_NOTE:
        raise ItemRefused("sync_too_many")
    checked = [_message(message) for message in messages]
    if len({m["mid"] for m in checked}) != len(checked):
        raise ItemRefused("sync_duplicate")
    return {**item, "messages": checked}


def check_notes_file(data: bytes, name: str, kiosk_id: str) -> tuple[list[str], list[Any]]:
    """(acks, raw note items) of a kiosk's file; SpoolFileError if the envelope is wrong."""
    value = _json(data, name)
    if value.get("format") != FORMAT or value.get("version") != VERSION:
        raise _refuse_file("sync_bad_format", name)
    _envelope(value, NOTES_ENVELOPE, "notes", kiosk_id, name)
    notes = value["notes"]
    if not isinstance(notes, list):
        raise _refuse_file("sync_bad_format", name)
    if len(notes) > MAX_NOTES_PER_FILE:
        raise _refuse_file("sync_too_many_notes", name)
    return _acks(value["acks"], "r", name), notes


def check_reply(item: object) -> dict[str, Any]:
    """One PMS reply of a (signed) replies file; ItemRefused otherwise."""
    if not isinstance(item, dict) or set(item) != REPLY_FIELDS:
        raise ItemRefused("sync_bad_item")
    if not isinstance(item["note"], str) or not NOTE_ID.fullmatch(item["note"]):
        raise ItemRefused("sync_bad_id")
    if not isinstance(item["mid"], str) or not MESSAGE_ID.fullmatch(item["mid"]):
        raise ItemRefused("sync_bad_id")
    if not is_half_day(item):
        raise ItemRefused("sync_bad_date")
    if not (
        _encoded(item["sealed"], SEALED_OVERHEAD + 1, MAX_SEALED_CHARS)
        and _encoded(item["box"], BOX_OVERHEAD + 1, MAX_SEALED_CHARS)
    ):
        raise ItemRefused("sync_bad_box")
    return dict(item)


def check_replies_file(data: bytes, name: str, kiosk_id: str, verify_key: bytes | None) -> tuple[list[str], list[Any]]:
    """(acks, raw reply items) of a PMS file, after its signature; SpoolFileError otherwise."""
    value = _json(data, name)
    if set(value) != SIGNED_ENVELOPE or value["format"] != FORMAT or value["version"] != VERSION:
        raise _refuse_file("sync_bad_format", name)
    if verify_key is None:
        raise _refuse_file("sync_no_verify_key", name)
    if not (_encoded(value["signed"], 2, MAX_FILE_CHARS) and _encoded(value["sig"], 64, 88)):
        raise _refuse_file("sync_bad_signature", name)
    payload = base64.b64decode(value["signed"])
    if not signing.verify(verify_key, payload, base64.b64decode(value["sig"])):
        raise _refuse_file("sync_bad_signature", name)
    inner = _json(payload, name)
    _envelope(inner, REPLIES_PAYLOAD, "replies", kiosk_id, name)
    replies = inner["replies"]
    if not isinstance(replies, list) or len(replies) > MAX_REPLIES_PER_FILE:
        raise _refuse_file("sync_too_many_notes", name)
    return _acks(inner["acks"], "n", name), replies


MAX_FILE_CHARS = 24 << 20  # base64 of the largest file
