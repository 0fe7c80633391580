"""PmsSession: the PMS console's view of the notes, holding the private key in memory."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from . import crypto
from .errors import ErrorCode, InvalidInput, StoreError
from .models import STATUSES, Message, NoteSummary, NoteView
from .records import message_problem, note_key, record_problem
from .texts import check_text

if TYPE_CHECKING:
    from .notes import NoteStore

__all__ = ["ExportResult", "PmsSession", "opening_errors"]

PREVIEW_CHARS = 60
POD_RANK = {"am": 0, "pm": 1}


def opening_errors() -> tuple[type[BaseException], ...]:
    """What opening a damaged or foreign box raises (nacl's CryptoError, bad base64, bad JSON…)."""
    from nacl.exceptions import CryptoError

    return (CryptoError, ValueError, TypeError, KeyError, AttributeError, RecursionError)


@dataclass
class ExportResult:
    """Every readable note as a plain dict, and each unreadable one named (never hidden)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[StoreError] = field(default_factory=list)


class PmsSession:
    """An unlocked store: read, answer, sort, purge and export notes. Forget the key with :meth:`lock`."""

    def __init__(self, store: NoteStore, private: bytes) -> None:
        self.store = store
        self._private: bytes | None = private
        self._opener: Callable[[str], bytes] | None = None
        #: Audit lines that could not be written yet (full or read-only disk): retried later.
        self.pending_audit: list[tuple[str, str | None]] = []
        self._flushed_into: dict[str, Any] | None = None

    # -- helpers -------------------------------------------------------------------
    def _key(self) -> bytes:
        if self._private is None:
            raise StoreError(ErrorCode.SESSION_LOCKED)
        return self._private

    def _open(self, sealed: str) -> bytes:
        key = self._key()  # raises once locked, even with a box already built
        if self._opener is None:
            self._opener = crypto.sealed_opener(key)
        return self._opener(sealed)

    def _content(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The sealed content of a note record; NOTE_UNREADABLE if it does not open or is malformed."""
        try:
            content = json.loads(self._open(doc["sealed"]))
            if not isinstance(content, dict) or not isinstance(content.get("text"), str):
                raise ValueError("content")
            if not isinstance(content.get("answers", {}), dict):
                raise ValueError("answers")
        except opening_errors():
            # Sealed to another key (a kiosk that kept an old public.key), or altered.
            raise StoreError(ErrorCode.NOTE_UNREADABLE, note=doc.get("id", "?"), field="sealed") from None
        return content

    def _preview(self, doc: dict[str, Any]) -> str:
        return " ".join(self._content(doc)["text"].split())[:PREVIEW_CHARS]

    def _notes(self) -> dict[str, dict[str, Any]]:
        self._key()
        notes = self.store.db.read().get("notes", {})
        return notes if isinstance(notes, dict) else {}

    def _doc(self, note_id: str) -> dict[str, Any]:
        return _checked_doc(self._notes(), note_id)

    def _open_messages(self, items: list[Any], *, memo: bool = False) -> tuple[list[Message], int]:
        """The messages that open, and how many did not (skipped: one bad item hides nothing)."""
        opened, skipped = [], 0
        for item in items:
            try:
                if message_problem(item, memo=memo) is not None:
                    raise ValueError("shape")
                text = self._open(item["sealed"]).decode("utf-8")
            except opening_errors():
                skipped += 1
                continue
            opened.append(Message("pms" if memo else item["author"], text, item["date"], item["part_of_day"]))
        return opened, skipped

    def _audit(self, tables: dict[str, Any], action: str, note_id: str | None) -> None:
        """One audit line (what, date, half-day, note id: never content); call inside a transaction."""
        log = tables.setdefault("audit", {})
        day, pod = self.store.half_day()
        if self._flushed_into is not tables:  # lines that waited for a writable disk go first, once
            for pending_action, pending_note in self.pending_audit:
                _append_audit(log, day, pod, pending_action, pending_note)
            self._flushed_into = tables
        _append_audit(log, day, pod, action, note_id)

    @contextmanager
    def _transaction(self) -> Iterator[dict[str, Any]]:
        """A store transaction; once it is written, the waiting audit lines are too."""
        with self.store.db.transaction() as tables:
            yield tables
        self._written()

    def _written(self) -> None:
        if self._flushed_into is not None and self.pending_audit:
            self.pending_audit.clear()
            self.store.forget_problem(ErrorCode.AUDIT_NOT_WRITTEN)
        self._flushed_into = None

    def _log(self, action: str, note_id: str | None = None, *, clear_unread: bool = False) -> None:
        """An audit line for a reading: on a full or read-only disk it waits (reading goes on)."""
        try:
            with self._transaction() as tables:
                if clear_unread and note_id is not None:
                    doc = tables.get("notes", {}).get(note_key(note_id))
                    if isinstance(doc, dict):
                        doc.pop("unread_answer", None)
                self._audit(tables, action, note_id)
        except StoreError as exc:
            self._flushed_into = None
            self.pending_audit.append((action, note_id))
            self.store.note_problem(StoreError(ErrorCode.AUDIT_NOT_WRITTEN, cause=str(exc.code)))

    # -- reading ---------------------------------------------------------------------
    def list_notes(self, status: str | None = None) -> list[NoteSummary]:
        """The inbox: what needs the PMS first (new notes and unread student answers, urgent
        first), then the rest (urgent first); newest half-day first inside each group.
        Optionally one status only (``nouveau`` includes the notes with an unread answer).

        Unreadable records are listed too (status ``illisible``, with their problem), last.
        """
        result = []
        for key, doc in self._notes().items():
            problem = record_problem(key, doc)
            if problem is not None:
                if status is None or status == "illisible":
                    result.append(_damaged_summary(key, doc, problem))
                continue
            unread = doc.get("unread_answer") is True
            # Filter "nouveau" also holds the notes with an unread student answer.
            if status is not None and doc.get("status") != status and not (status == "nouveau" and unread):
                continue
            result.append(
                NoteSummary(
                    doc["id"],
                    doc["date"],
                    doc["part_of_day"],
                    doc["status"],
                    bool(doc.get("urgent")),
                    partial(self._preview, doc),
                    unread_answer=unread,
                )
            )
        result.sort(key=_inbox_order)
        return result

    def counts(self) -> dict[str, int]:
        """Same as :meth:`NoteStore.counts`."""
        return self.store.counts()

    def _view(self, doc: dict[str, Any]) -> NoteView:
        content = self._content(doc)
        messages, bad_messages = self._open_messages(doc.get("messages", []))
        memos, bad_memos = self._open_messages(doc.get("memos", []), memo=True)
        return NoteView(
            doc["id"],
            doc["date"],
            doc["part_of_day"],
            doc["status"],
            bool(doc.get("urgent")),
            content["text"],
            dict(content.get("answers", {})),
            messages,
            memos,
            bad_messages + bad_memos,
            doc.get("unread_answer") is True,
        )

    def read(self, note_id: str) -> NoteView:
        """The whole note, decrypted (logged as a reading, without content).

        Reading clears the *nouvelle réponse* flag in the same transaction as the audit line:
        the flag is gone exactly when the journal says the PMS read the note (if the disk
        refuses the line, the flag stays: the answer is still shown as unread).
        """
        view = self._view(self._doc(note_id))
        self._log("lecture", note_id, clear_unread=view.unread_answer)
        return view

    # -- writing ----------------------------------------------------------------------
    def reply(self, note_id: str, text: str) -> None:
        """A PMS reply: readable by the student with the code, and sealed for the PMS.

        The reply and its audit line are written in one transaction (both or neither).
        """
        data = check_text(text)
        content = self._content(self._doc(note_id))
        try:
            key = crypto.b64d(content["key"]) if "key" in content else None
        except opening_errors():
            key = None  # a damaged code key: the reply still reaches the PMS side
        try:
            self.store.append_message(note_id, "pms", data, key, also=lambda tables: self._answered(tables, note_id))
        except BaseException:
            self._flushed_into = None
            raise
        self._written()

    def _answered(self, tables: dict[str, Any], note_id: str) -> None:
        """In the reply's transaction: a new note becomes "en cours" (never back from "traité")."""
        doc = tables["notes"][note_key(note_id)]
        if doc.get("status") == "nouveau":
            doc["status"] = "en_cours"
        self._audit(tables, "réponse", note_id)

    def _writable_doc(self, tables: dict[str, Any], note_id: str) -> dict[str, Any]:
        return _checked_doc(tables.get("notes", {}), note_id)

    def set_status(self, note_id: str, status: str) -> str:
        """Move a note to ``nouveau``, ``en_cours`` or ``traite``; returns the status it had (for undo)."""
        if status not in STATUSES:
            raise InvalidInput(ErrorCode.BAD_STATUS, status=str(status)[:20])
        with self._transaction() as tables:
            doc = self._writable_doc(tables, note_id)
            previous = str(doc["status"])
            doc["status"] = status
            self._audit(tables, f"statut : {status}", note_id)
        return previous

    def delete_note(self, note_id: str) -> None:
        """Delete one note for good (the console asks first); the journal keeps a line, no content."""
        self._key()
        with self._transaction() as tables:
            if tables.get("notes", {}).pop(note_key(note_id), None) is None:
                raise StoreError(ErrorCode.NOTE_GONE)
            self._audit(tables, "delete", note_id)

    def add_memo(self, note_id: str, text: str) -> None:
        """An internal PMS memo (sealed; never shown to the student)."""
        data = check_text(text)
        self._key()
        day, pod = self.store.half_day()
        memo = {"date": day, "part_of_day": pod, "sealed": crypto.seal(self.store.public_key(), data)}
        with self._transaction() as tables:
            self._writable_doc(tables, note_id).setdefault("memos", []).append(memo)
            self._audit(tables, "mémo", note_id)

    def _old_treated(self, notes: dict[str, dict[str, Any]], retention_days: int) -> list[str]:
        """Keys of readable ``traite`` notes older than the retention (damaged records are never purged)."""
        today = date.fromisoformat(self.store.half_day()[0])
        cutoff = (today - timedelta(days=retention_days)).isoformat()
        return [
            key
            for key, doc in notes.items()
            if record_problem(key, doc) is None and doc["status"] == "traite" and doc["date"] < cutoff
        ]

    def purge_candidates(self, retention_days: int) -> int:
        """How many ``traite`` notes are older than ``retention_days``."""
        return len(self._old_treated(self._notes(), retention_days))

    def purge(self, retention_days: int) -> int:
        """Delete ``traite`` notes older than ``retention_days``; returns how many."""
        self._key()
        with self._transaction() as tables:
            notes = tables.get("notes", {})
            doomed = self._old_treated(notes, retention_days)
            for key in doomed:
                self._audit(tables, "effacement", notes.pop(key)["id"])
            self._audit(tables, "purge", None)
        return len(doomed)

    def export_report(self) -> ExportResult:
        """Every readable note decrypted, and each unreadable one named (for ``kiosk notes export``)."""
        result = ExportResult()
        notes = self._notes()
        for key in sorted(notes, key=lambda k: _export_order(k, notes[k])):
            doc = notes[key]
            try:
                problem = record_problem(key, doc)
                if problem is not None:
                    raise problem
                view = self._view(doc)
            except StoreError as exc:
                result.unreadable.append(exc)
                continue
            result.rows.append(
                {
                    "id": view.note_id,
                    "date": view.date,
                    "part_of_day": view.part_of_day,
                    "status": view.status,
                    "urgent": view.urgent,
                    "unread_answer": view.unread_answer,
                    # An urgent note that came while the flood limit was reached (see NoteStore.add_note).
                    "flood": doc.get("flood") is True,
                    "text": view.text,
                    "answers": view.answers,
                    "messages": [_message_dict(m) for m in view.messages],
                    "memos": [_message_dict(m) for m in view.memos],
                    "unreadable_messages": view.unreadable,
                }
            )
        self._log("export", None)
        return result

    def export(self) -> Iterator[dict[str, Any]]:
        """Every readable note decrypted, as plain dicts (see :meth:`export_report`)."""
        yield from self.export_report().rows

    def audit_log(self) -> list[dict[str, Any]]:
        """Staff actions: ``{"date", "part_of_day", "action", "note_id"}``, oldest first."""
        self._key()
        log = self.store.db.read().get("audit", {})
        keys = [key for key in log if key.isdigit() and isinstance(log[key], dict)]
        return [dict(log[key]) for key in sorted(keys, key=int)]

    def change_passphrase(self, new: str) -> None:
        """Re-wrap the private key under a new passphrase (notes untouched)."""
        self.store.rewrap_passphrase(self._key(), new)
        self._log("phrase de passe changée", None)

    def lock(self) -> None:
        """Forget the private key."""
        self._private = None
        self._opener = None


def _append_audit(log: dict[str, Any], day: str, pod: str, action: str, note_id: str | None) -> None:
    next_id = max((int(key) for key in log if key.isdigit()), default=0) + 1
    log[str(next_id)] = {"date": day, "part_of_day": pod, "action": action, "note_id": note_id}


def _damaged_summary(key: str, doc: object, problem: StoreError) -> NoteSummary:
    """The inbox line of an unreadable record: what can be shown of it, and why."""
    fields = doc if isinstance(doc, dict) else {}
    day = fields["date"] if isinstance(fields.get("date"), str) else ""
    pod = fields["part_of_day"] if fields.get("part_of_day") in POD_RANK else ""
    return NoteSummary(
        str(problem.params.get("note", key)), day[:10], pod, "illisible", False, lambda: "", damage=problem
    )


def _inbox_order(note: NoteSummary) -> str:
    """Sort key of the inbox, as one fixed-width string: what waits (new or unread answer) first,
    urgent first, later half-days first, then the id; damaged records last, by id.

    A string, not a tuple: sorting 10,000 tuples is one C call of 30-80 ms holding the GIL (the
    console's UI thread froze while a worker listed); strings compare with memcmp.
    """
    if note.damage is not None:
        return f"22{note.note_id}"
    waiting = 0 if note.status == "nouveau" or note.unread_answer else 1
    later_first = note.date.replace("-", "").translate(_COMPLEMENT)  # YYYY-MM-DD checked by record_problem
    return f"{waiting}{0 if note.urgent else 1}{later_first}{1 - POD_RANK.get(note.part_of_day, 0)}{note.note_id}"


_COMPLEMENT = str.maketrans("0123456789", "9876543210")


def _export_order(key: str, doc: object) -> tuple[str, str]:
    fields = doc if isinstance(doc, dict) else {}
    return (str(fields.get("date", "")), str(fields.get("id", key)))


def _message_dict(message: Message) -> dict[str, Any]:
    return {"author": message.author, "text": message.text, "date": message.date, "part_of_day": message.part_of_day}


def _checked_doc(notes: dict[str, Any], note_id: str) -> dict[str, Any]:
    """The record of ``note_id`` in ``notes``; NOTE_GONE if absent, its problem if damaged."""
    key = note_key(note_id)
    doc: dict[str, Any] | None = notes.get(key)
    if doc is None:
        raise StoreError(ErrorCode.NOTE_GONE)
    problem = record_problem(key, doc)
    if problem is not None:
        raise problem
    return doc
