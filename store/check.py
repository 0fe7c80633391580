"""``kiosk store check``: walk a data dir like an integrity check; ``--repair`` sets damage aside.

:func:`check_store` reads only (it changes nothing on disk) and returns every problem as a
:class:`StoreError` (code and params; the CLI says each in French with what to do).
:func:`repair_store` never deletes: a whole damaged notes file goes to ``quarantine/``;
damaged records and messages move to the ``quarantine`` table of the notes file, in one
transaction; a missing ``public.key`` is written back from the wrapped private key.
Files already set aside are listed apart (``kept``): they are not problems any more.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import ErrorCode, StoreError
from .records import message_problem, meta_problems, record_problem
from .storage import atomic_write, read_file

if TYPE_CHECKING:
    from .notes import NoteStore

__all__ = ["CheckReport", "check_store", "repair_store"]

QUARANTINE_TABLE = "quarantine"


@dataclass
class CheckReport:
    """What a check found: ``problems`` (exit 1 if any), ``kept`` (set aside before), ``notes`` read."""

    problems: list[StoreError] = field(default_factory=list)
    kept: list[StoreError] = field(default_factory=list)
    notes: int = 0


def _check_keys(store: NoteStore, report: CheckReport) -> None:
    private_public = None
    if store.can_unlock or store.private_key_path.is_symlink():
        try:
            private_public = bytes.fromhex(str(store._wrapped().get("public", "")))
        except StoreError as exc:
            report.problems.append(exc)
        except ValueError:
            report.problems.append(StoreError(ErrorCode.PRIVATE_KEY_DAMAGED, file=store.private_key_path.name))
    try:
        data = read_file(store.public_key_path)
    except StoreError as exc:
        report.problems.append(exc)
        return
    if data is None:
        if store.can_unlock:
            report.problems.append(StoreError(ErrorCode.PUBLIC_KEY_MISSING, file=store.public_key_path.name))
        elif not store.existing_files():
            report.problems.append(StoreError(ErrorCode.NOT_INITIALIZED))
        return
    try:
        public = bytes.fromhex(data[:1024].decode("ascii").strip())
        if len(public) != 32:
            raise ValueError("size")
    except (ValueError, UnicodeDecodeError):
        report.problems.append(StoreError(ErrorCode.PUBLIC_KEY_DAMAGED, file=store.public_key_path.name))
        return
    if private_public is not None and len(private_public) == 32 and public != private_public:
        # Notes written with this public.key could never be opened by this private key.
        report.problems.append(StoreError(ErrorCode.KEYS_MISMATCH))


def _check_notes(store: NoteStore, report: CheckReport) -> None:
    try:
        tables = store.db.read()
    except StoreError as exc:
        report.problems.append(exc)
        return
    report.problems.extend(meta_problems(tables))
    notes = tables.get("notes", {})
    for key, doc in notes.items():
        problem = record_problem(key, doc)
        if problem is not None:
            report.problems.append(problem)
            continue
        report.notes += 1
        bad = sum(message_problem(m) is not None for m in doc.get("messages", []))
        bad += sum(message_problem(m, memo=True) is not None for m in doc.get("memos", []))
        if bad:
            report.problems.append(StoreError(ErrorCode.MESSAGES_DAMAGED, note=doc["id"], count=bad))
    for key in tables.get(QUARANTINE_TABLE, {}):
        report.kept.append(StoreError(ErrorCode.SET_ASIDE_RECORD, note=f"{QUARANTINE_TABLE}#{key}"))


def _check_counter(store: NoteStore, report: CheckReport) -> None:
    path = store.data_dir / "unlock.json"
    try:
        data = read_file(path)
        if data is not None:
            state = json.loads(data.decode("utf-8"))
            int(state["failures"]), float(state["not_before"])
    except StoreError as exc:
        report.problems.append(exc)
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        report.problems.append(StoreError(ErrorCode.COUNTER_DAMAGED, file=path.name))
    if store.throttle_damaged():  # the kiosk's code and flood counters
        report.problems.append(StoreError(ErrorCode.COUNTER_DAMAGED, file="throttle.json"))


def check_store(store: NoteStore) -> CheckReport:
    """Every problem of the data dir, each named; reads only."""
    report = CheckReport()
    _check_keys(store, report)
    _check_notes(store, report)
    _check_counter(store, report)
    report.kept.extend(p for p in store.problems if p.code == ErrorCode.QUARANTINED)
    low = store.low_space()
    if low is not None:
        report.problems.append(low)
    return report


def _set_aside_records(store: NoteStore, done: list[StoreError]) -> None:
    """Move damaged records and messages to the quarantine table (one transaction, nothing deleted)."""
    with store.db.transaction() as tables:
        notes = tables.get("notes", {})
        kept = tables.setdefault(QUARANTINE_TABLE, {})
        day, pod = store.half_day()
        for key in list(notes):
            problem = record_problem(key, notes[key])
            if problem is not None:
                kept[f"{key}-{secrets.token_hex(3)}"] = {
                    "date": day,
                    "part_of_day": pod,
                    "key": key,
                    "field": problem.params.get("field"),
                    "record": notes.pop(key),
                }
                done.append(StoreError(ErrorCode.SET_ASIDE_RECORD, note=problem.params.get("note", key)))
                continue
            _set_aside_messages(notes[key], kept, day, pod, done)


def _set_aside_messages(doc: dict[str, Any], kept: dict[str, Any], day: str, pod: str, done: list[StoreError]) -> None:
    moved = 0
    for name, memo in (("messages", False), ("memos", True)):
        items = doc.get(name, [])
        good = [item for item in items if message_problem(item, memo=memo) is None]
        for item in items:
            if message_problem(item, memo=memo) is not None:
                kept[f"{doc['id']}-{name}-{secrets.token_hex(3)}"] = {
                    "date": day,
                    "part_of_day": pod,
                    "note_id": doc["id"],
                    "table": name,
                    "record": item,
                }
                moved += 1
        if len(good) != len(items):
            doc[name] = good
    if moved:
        done.append(StoreError(ErrorCode.SET_ASIDE_MESSAGES, note=doc["id"], count=moved))


def repair_store(store: NoteStore) -> list[StoreError]:
    """Set aside what is damaged (never deleted); returns what was done."""
    done: list[StoreError] = []
    with store.db.locked():
        try:
            store.db.read_raw()
        except StoreError as exc:
            if exc.code not in (ErrorCode.FILE_DAMAGED, ErrorCode.FILE_EMPTY):
                raise
            try:
                name = store.db.quarantine()
            except OSError as os_exc:
                from .storage import write_error

                raise write_error(os_exc, store.db.path) from os_exc
            done.append(StoreError(ErrorCode.SET_ASIDE_FILE, file=f"quarantine/{name}"))
    if store.db.path.exists():
        _set_aside_records(store, done)
    if store.can_unlock and not store.public_key_path.exists() and not store.public_key_path.is_symlink():
        public = store.public_key()
        with store.db.locked():
            atomic_write(store.public_key_path, (public.hex() + "\n").encode("ascii"))
        done.append(StoreError(ErrorCode.PUBLIC_KEY_RESTORED, file=store.public_key_path.name))
    return done
