"""PmsSession: the PMS console's view of the notes, holding the private key in memory."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from . import crypto
from .errors import StoreError
from .models import STATUSES, Message, NoteSummary, NoteView
from .notes import append_audit, check_text, note_key

if TYPE_CHECKING:
    from .notes import NoteStore

__all__ = ["PmsSession"]

PREVIEW_CHARS = 60
POD_RANK = {"am": 0, "pm": 1}


class PmsSession:
    """An unlocked store: read, answer, sort, purge and export notes. Forget the key with :meth:`lock`."""

    def __init__(self, store: NoteStore, private: bytes) -> None:
        self.store = store
        self._private: bytes | None = private
        self._opener: Callable[[str], bytes] | None = None

    # -- helpers -------------------------------------------------------------------
    def _key(self) -> bytes:
        if self._private is None:
            raise StoreError("La session est verrouillée : entrez à nouveau la phrase de passe.")
        return self._private

    def _open(self, sealed: str) -> bytes:
        key = self._key()  # raises once locked, even with a box already built
        if self._opener is None:
            self._opener = crypto.sealed_opener(key)
        return self._opener(sealed)

    def _content(self, doc: dict) -> dict:
        return json.loads(self._open(doc["sealed"]))

    def _preview(self, doc: dict) -> str:
        return " ".join(self._content(doc)["text"].split())[:PREVIEW_CHARS]

    def _notes(self) -> dict[str, dict]:
        self._key()
        return self.store.db.read().get("notes", {})

    def _doc(self, note_id: str) -> dict:
        doc = self._notes().get(note_key(note_id))
        if doc is None:
            raise StoreError("Ce message n'existe plus (peut-être effacé).")
        return doc

    def _open_messages(self, items: list[dict]) -> list[Message]:
        return [
            Message(item["author"], self._open(item["sealed"]).decode("utf-8"),
                    item["date"], item["part_of_day"])
            for item in items
        ]

    def _audit(self, tables: dict, action: str, note_id: str | None) -> None:
        """One audit line (what, date, half-day, note id: never content); call inside a transaction."""
        append_audit(tables, self.store.half_day(), action, note_id)

    def _log(self, action: str, note_id: str | None = None) -> None:
        with self.store.db.transaction() as tables:
            self._audit(tables, action, note_id)

    # -- reading ---------------------------------------------------------------------
    def list_notes(self, status: str | None = None) -> list[NoteSummary]:
        """The inbox: what needs the PMS first (new notes and unread student answers, urgent
        first), then the rest (urgent first); newest half-day first inside each group.
        Optionally one status only (``nouveau`` includes the notes with an unread answer)."""
        result = []
        for doc in self._notes().values():
            unread = bool(doc.get("unread_answer"))
            if status is not None and doc.get("status") != status and not (status == "nouveau" and unread):
                continue
            result.append(NoteSummary(doc["id"], doc["date"], doc["part_of_day"], doc["status"],
                                      bool(doc.get("urgent")), partial(self._preview, doc), unread))
        result.sort(key=lambda n: (not (n.status == "nouveau" or n.unread_answer), not n.urgent,
                                   _neg(n.date), -POD_RANK.get(n.part_of_day, 0), n.note_id))
        return result

    def counts(self) -> dict[str, int]:
        """Same as :meth:`NoteStore.counts`."""
        return self.store.counts()

    def _view(self, doc: dict) -> NoteView:
        content = self._content(doc)
        messages = self._open_messages(doc.get("messages", []))
        memos = self._open_messages([{"author": "pms", **memo} for memo in doc.get("memos", [])])
        return NoteView(doc["id"], doc["date"], doc["part_of_day"], doc["status"], bool(doc.get("urgent")),
                        content["text"], dict(content.get("answers", {})), messages, memos,
                        bool(doc.get("unread_answer")))

    def read(self, note_id: str) -> NoteView:
        """The whole note, decrypted (logged as a reading, without content).

        Reading clears the *nouvelle réponse* flag in the same transaction as the audit line:
        the flag is gone exactly when the journal says the PMS read the note.
        """
        view = self._view(self._doc(note_id))
        with self.store.db.transaction() as tables:
            doc = tables.get("notes", {}).get(note_key(note_id))
            if doc is not None:
                doc.pop("unread_answer", None)
            self._audit(tables, "lecture", note_id)
        return view

    # -- writing ----------------------------------------------------------------------
    def reply(self, note_id: str, text: str) -> None:
        """A PMS reply: readable by the student with the code, and sealed for the PMS."""
        data = check_text(text)
        content = self._content(self._doc(note_id))
        key = crypto.b64d(content["key"]) if "key" in content else None

        def answered(tables: dict, doc: dict) -> None:
            # A reply means someone is on it: a new note becomes "en cours" (never back from "traité").
            if doc.get("status") == "nouveau":
                doc["status"] = "en_cours"
            self._audit(tables, "réponse", note_id)

        self.store.append_message(note_id, "pms", data, key, then=answered)

    def set_status(self, note_id: str, status: str) -> str:
        """Move a note to ``nouveau``, ``en_cours`` or ``traite``; returns the status it had (for undo)."""
        if status not in STATUSES:
            raise ValueError(f"Statut inconnu : {status}")
        with self.store.db.transaction() as tables:
            doc = tables.get("notes", {}).get(note_key(note_id))
            if doc is None:
                raise StoreError("Ce message n'existe plus (peut-être effacé).")
            previous = str(doc.get("status", "nouveau"))
            doc["status"] = status
            self._audit(tables, f"statut : {status}", note_id)
        return previous

    def delete_note(self, note_id: str) -> None:
        """Delete one note for good (the console asks first); the journal keeps a line, no content."""
        self._key()
        with self.store.db.transaction() as tables:
            if tables.get("notes", {}).pop(note_key(note_id), None) is None:
                raise StoreError("Ce message n'existe plus (peut-être effacé).")
            self._audit(tables, "delete", note_id)

    def add_memo(self, note_id: str, text: str) -> None:
        """An internal PMS memo (sealed; never shown to the student)."""
        data = check_text(text)
        self._key()
        day, pod = self.store.half_day()
        memo = {"date": day, "part_of_day": pod, "sealed": crypto.seal(self.store.public_key(), data)}
        with self.store.db.transaction() as tables:
            doc = tables.get("notes", {}).get(note_key(note_id))
            if doc is None:
                raise StoreError("Ce message n'existe plus (peut-être effacé).")
            doc.setdefault("memos", []).append(memo)
            self._audit(tables, "mémo", note_id)

    def _old_treated(self, notes: dict[str, dict], retention_days: int) -> list[str]:
        today = date.fromisoformat(self.store.half_day()[0])
        cutoff = (today - timedelta(days=retention_days)).isoformat()
        return [key for key, doc in notes.items() if doc.get("status") == "traite" and doc["date"] < cutoff]

    def purge_candidates(self, retention_days: int) -> int:
        """How many ``traite`` notes are older than ``retention_days``."""
        return len(self._old_treated(self._notes(), retention_days))

    def purge(self, retention_days: int) -> int:
        """Delete ``traite`` notes older than ``retention_days``; returns how many."""
        self._key()
        with self.store.db.transaction() as tables:
            notes = tables.get("notes", {})
            doomed = self._old_treated(notes, retention_days)
            for key in doomed:
                self._audit(tables, "effacement", notes.pop(key)["id"])
            self._audit(tables, "purge", None)
        return len(doomed)

    def export(self) -> Iterator[dict]:
        """Every note decrypted, as plain dicts (for ``kiosk notes export``)."""
        views = [self._view(doc) for doc in sorted(self._notes().values(), key=lambda d: (d["date"], d["id"]))]
        self._log("export", None)
        for view in views:
            yield {
                "id": view.note_id, "date": view.date, "part_of_day": view.part_of_day,
                "status": view.status, "urgent": view.urgent, "unread_answer": view.unread_answer,
                "text": view.text, "answers": view.answers,
                "messages": [_message_dict(m) for m in view.messages],
                "memos": [_message_dict(m) for m in view.memos],
            }

    def audit_log(self) -> list[dict]:
        """Staff actions: ``{"date", "part_of_day", "action", "note_id"}``, oldest first."""
        self._key()
        log = self.store.db.read().get("audit", {})
        return [dict(log[key]) for key in sorted(log, key=int)]

    def change_passphrase(self, new: str) -> None:
        """Re-wrap the private key under a new passphrase (notes untouched)."""
        self.store.rewrap_passphrase(self._key(), new)
        self._log("phrase de passe changée", None)

    def lock(self) -> None:
        """Forget the private key."""
        self._private = None
        self._opener = None


def _neg(day: str) -> tuple[int, ...]:
    """Sort key putting later ISO dates first."""
    return tuple(-int(part) for part in day.split("-"))


def _message_dict(message: Message) -> dict:
    return {"author": message.author, "text": message.text, "date": message.date, "part_of_day": message.part_of_day}
