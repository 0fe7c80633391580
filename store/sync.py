"""Many kiosks, one PMS machine: one idempotent sync round on a spool folder (see :mod:`.sync_files`).

The carrier (Syncthing, a USB stick, a file share) only moves files; this module never talks
to the network. A round on a **kiosk** (public key only):

1. reads the PMS files addressed to it (``pms-<id>/``), checks the signature and every field,
   adds the PMS replies it lacks (by message id) and notes which of its own files were acknowledged;
2. deletes those acknowledged files of its own folder (``kiosque-<id>/``), nothing else;
3. writes one new file: the notes and student answers not yet acknowledged nor already waiting
   in a file, and the names of the PMS files it has read (its acknowledgements). It writes one
   even when there is nothing to send, so a file's appearance says nothing about a note.

A round on the **PMS machine** (unlocked) reads every kiosk folder's new files, checks every
field and opens every sealed box before storing (what does not open is set aside in
``sync-aside/`` and reported, never stored), adds what it lacks in one transaction, deletes its
own files the kiosk acknowledged, and writes per kiosk one signed file: acknowledgements and the
replies not yet delivered.

Ids make everything idempotent: a file read twice, a conflict copy or a lost state file adds
nothing twice. The store keeps its state in ``sync-state.json`` (file names and ids only).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import crypto, signing
from .notes import note_key
from .records import record_problem
from .storage import atomic_write
from .sync_check import (
    FORMAT,
    MAX_MESSAGES_PER_NOTE,
    MAX_NOTES_PER_FILE,
    MAX_REPLIES_PER_FILE,
    VERSION,
    ItemRefused,
    check_note,
    check_notes_file,
    check_replies_file,
    check_reply,
)
from .sync_files import (
    KIOSK_ID,
    KIOSK_PREFIX,
    PMS_PREFIX,
    SpoolFileError,
    half_day_stamp,
    kiosk_folders,
    new_name,
    read_spool_file,
    remove_own,
    spool_files,
    write_spool_file,
)

if TYPE_CHECKING:
    from .notes import NoteStore
    from .session import PmsSession

__all__ = ["KIOSK_ID_FILE", "STATE_FILE", "RoundReport", "SyncError", "kiosk_id", "kiosk_round", "pms_round"]

KIOSK_ID_FILE = "kiosk.id"
STATE_FILE = "sync-state.json"
ASIDE = "sync-aside"
CHUNK_BYTES = 8 << 20  # a file's content before padding stays well under the 16 MiB limit


class SyncError(SpoolFileError):
    """A round that cannot run at all (``code``: ``sync_no_spool``, ``sync_bad_kiosk_id``…)."""


@dataclass
class RoundReport:
    """What a round did: counts, files written/removed, and problems as ``(file, code)``."""

    side: str
    kiosk: str | None = None
    notes: int = 0
    messages: int = 0
    unknown: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    waiting: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    aside: list[str] = field(default_factory=list)


# -- small persistent state -------------------------------------------------------------
def _load_state(store: NoteStore) -> dict[str, Any]:
    """The sync state; a missing or damaged one starts empty (ids make a resend harmless)."""
    try:
        state = json.loads((store.data_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return state if isinstance(state, dict) else {}


def _save_state(store: NoteStore, state: dict[str, Any]) -> None:
    data = json.dumps(state, separators=(",", ":"), sort_keys=True).encode("utf-8")
    atomic_write(store.data_dir / STATE_FILE, data)


def _kiosk_state(state: dict[str, Any], kiosk: str) -> dict[str, Any]:
    """``{"pending": {file: [ids]}, "delivered": [ids], "imported": [files]}`` of one kiosk."""
    entry: dict[str, Any] = state.setdefault("kiosks", {}).setdefault(kiosk, {})
    for key, empty in (("pending", {}), ("delivered", []), ("imported", [])):
        if not isinstance(entry.get(key), type(empty)):
            entry[key] = empty
    return entry


def kiosk_id(store: NoteStore) -> str:
    """This kiosk's stable random id (64 bits, created once; says nothing about the school)."""
    path = store.data_dir / KIOSK_ID_FILE
    with store.db.locked():
        try:
            value = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            value = secrets.token_hex(8)
            atomic_write(path, (value + "\n").encode("ascii"))
        except (OSError, UnicodeDecodeError):
            value = ""
    if not KIOSK_ID.fullmatch(value):
        raise SyncError("sync_bad_kiosk_id", path=str(path))
    return value


def _check_spool(spool: Path) -> None:
    if not spool.is_dir():
        raise SyncError("sync_no_spool", path=str(spool))


def _stamp(store: NoteStore) -> float:
    return half_day_stamp(store.clock())


def _write_chunks(
    folder: Path,
    kind: str,
    header: dict[str, Any],
    items: list[Any],
    key: str,
    limit: int,
    encode: Callable[[dict[str, Any]], bytes],
    stamp: float,
) -> list[tuple[str, list[Any]]]:
    """Write ``items`` in as many files as the limits need (at least one); returns (name, items)."""
    chunks: list[list[Any]] = []
    current: list[Any] = []
    size = 0
    for item in items:
        item_size = len(json.dumps(item, separators=(",", ":")))
        if current and (len(current) >= limit or size + item_size > CHUNK_BYTES):
            chunks.append(current)
            current, size = [], 0
        current.append(item)
        size += item_size
    chunks.append(current)
    written = []
    for chunk in chunks:
        name = new_name(kind)
        body = {**header, "file": name[:-5], key: chunk}
        write_spool_file(folder, name, encode(body), stamp)
        written.append((name, chunk))
    return written


# -- the kiosk side ----------------------------------------------------------------------
def _outgoing(tables: dict[str, Any], delivered: set[str], waiting: set[str]) -> list[dict[str, Any]]:
    """Notes and student answers not yet delivered, in conversation order.

    Files of one round may be read in any order, so a note with something still waiting in a
    file sends nothing more until that file is acknowledged, and a long conversation goes one
    readable group per round: the PMS always receives a note's answers in the order written.
    """
    items = []
    for key, doc in tables.get("notes", {}).items():
        if record_problem(key, doc) is not None or doc.get("origin") == "import":
            continue  # a damaged record stays for ``kiosk store check``; it never stops the others
        answers = [
            m
            for m in doc.get("messages", [])
            if isinstance(m, dict)
            and m.get("author") == "eleve"
            and isinstance(m.get("mid"), str)
            and isinstance(m.get("sealed"), str)
        ]
        if f"n:{doc['id']}" in waiting or any(f"m:{m['mid']}" in waiting for m in answers):
            continue
        messages = [
            {
                "mid": m["mid"],
                "author": "eleve",
                "date": m["date"],
                "part_of_day": m["part_of_day"],
                "sealed": m["sealed"],
            }
            for m in answers
            if f"m:{m['mid']}" not in delivered
        ]
        if f"n:{doc['id']}" in delivered and not messages:
            continue
        items.append(
            {
                "id": doc["id"],
                "date": doc["date"],
                "part_of_day": doc["part_of_day"],
                "urgent": bool(doc.get("urgent")),
                "sealed": doc["sealed"],
                "messages": _groups(messages)[0],
            }
        )
    return items


def _groups(messages: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Messages in groups the reader accepts (count and size); at least one, maybe empty, group."""
    groups: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    size = 0
    for message in messages:
        if current and (len(current) >= MAX_MESSAGES_PER_NOTE or size + len(message["sealed"]) > CHUNK_BYTES // 2):
            groups.append(current)
            current, size = [], 0
        current.append(message)
        size += len(message["sealed"])
    return [*groups, current]


def _item_ids(item: dict[str, Any]) -> list[str]:
    return [f"n:{item['id']}"] + [f"m:{m['mid']}" for m in item["messages"]]


def _read_replies(
    store: NoteStore, inbox: Path, kid: str, report: RoundReport
) -> tuple[set[str], list[Any], list[str]]:
    """(acknowledged own files, reply items, PMS files read) of the kiosk's inbox."""
    try:
        verify_key = signing.read_verify_key(store.data_dir / signing.VERIFY_FILE)
    except (OSError, ValueError, UnicodeDecodeError):
        verify_key = None
    acked, replies, read = set(), [], []
    for path in spool_files(inbox, "r"):
        try:
            acks, items = check_replies_file(read_spool_file(path), path.name, kid, verify_key)
        except SpoolFileError as exc:
            (report.waiting if exc.code == "sync_incomplete" else report.refused).append((path.name, exc.code))
            continue
        acked.update(acks)
        replies.extend(items)
        read.append(path.name)
    return acked, replies, read


def _merge_replies(store: NoteStore, replies: list[Any], report: RoundReport) -> None:
    """Add the PMS replies this kiosk lacks (one transaction; same message id stored once)."""
    with store.db.transaction() as tables:
        notes = tables.get("notes", {})
        known = _known_mids(notes)
        for raw in replies:
            try:
                item = check_reply(raw)
            except ItemRefused as exc:
                report.refused.append((str(raw.get("mid", "?")) if isinstance(raw, dict) else "?", exc.code))
                continue
            key = note_key(item["note"])
            doc = notes.get(key)
            if item["mid"] in known:
                continue
            if doc is None or record_problem(key, doc) is not None:
                report.unknown += 1  # a note no longer here (or never was): nothing to attach it to
                continue
            doc.setdefault("messages", []).append(
                {
                    "mid": item["mid"],
                    "author": "pms",
                    "date": item["date"],
                    "part_of_day": item["part_of_day"],
                    "sealed": item["sealed"],
                    "box": item["box"],
                }
            )
            known.add(item["mid"])
            report.messages += 1


def kiosk_round(store: NoteStore, spool: Path) -> RoundReport:
    """One round on a write-only kiosk (see the module docstring)."""
    spool = Path(spool)
    _check_spool(spool)
    kid = kiosk_id(store)
    with store.db.locked():  # one round at a time (a timer and a hand-run command may meet)
        return _kiosk_round(store, spool, kid)


def _kiosk_round(store: NoteStore, spool: Path, kid: str) -> RoundReport:
    report = RoundReport("kiosk", kid)
    own, inbox = spool / f"{KIOSK_PREFIX}{kid}", spool / f"{PMS_PREFIX}{kid}"
    stamp = _stamp(store)
    acked, replies, read = _read_replies(store, inbox, kid, report)
    if replies:
        _merge_replies(store, replies, report)
    state = _load_state(store)
    mine = _kiosk_state(state, kid)
    report.removed = remove_own(own, acked, stamp)
    present = {path.name for path in spool_files(own, "n")}
    delivered = set(mine["delivered"])
    for name in list(mine["pending"]):
        if name in acked or name not in present:  # acknowledged, or lost (then it is sent again)
            ids = mine["pending"].pop(name)
            if name in acked:
                delivered.update(ids)
    mine["delivered"] = sorted(delivered)
    waiting = {item for ids in mine["pending"].values() for item in ids}
    items = _outgoing(store.db.read(), delivered, waiting)
    header = {"format": FORMAT, "version": VERSION, "kind": "notes", "kiosk": kid, "acks": sorted(read)}
    for name, chunk in _write_chunks(own, "n", header, items, "notes", MAX_NOTES_PER_FILE, _encode_json, stamp):
        mine["pending"][name] = [key for item in chunk for key in _item_ids(item)]
        report.written.append(name)
        report.notes += len(chunk)
    _save_state(store, state)
    return report


def _encode_json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- the PMS side ----------------------------------------------------------------------
def _signed_encoder(private: bytes) -> Callable[[dict[str, Any]], bytes]:
    def encode(body: dict[str, Any]) -> bytes:
        payload = json.dumps(
            {key: body[key] for key in ("kind", "kiosk", "file", "acks", "replies")},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        signature = signing.sign(private, payload)
        return _encode_json(
            {"format": FORMAT, "version": VERSION, "signed": crypto.b64e(payload), "sig": crypto.b64e(signature)}
        )

    return encode


@dataclass
class _Incoming:
    """What the PMS read from one kiosk this round."""

    acked: set[str] = field(default_factory=set)
    notes: list[dict[str, Any]] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    aside: list[dict[str, Any]] = field(default_factory=list)


def _opens(opener: Callable[[str], bytes], sealed: str, note: bool) -> bool:
    """True if the PMS key opens ``sealed`` into what a kiosk writes (a note: JSON with its text)."""
    try:
        data = opener(sealed)
        if not note:
            data.decode("utf-8")
            return True
        content = json.loads(data.decode("utf-8"))
    except Exception:  # noqa: BLE001 - any failure to open means "illisible", never a crash
        return False
    return isinstance(content, dict) and isinstance(content.get("text"), str)


def _take_notes(
    opener: Callable[[str], bytes], raw_notes: list[Any], name: str, incoming: _Incoming, report: RoundReport
) -> None:
    """Check and open each note of one file: good ones to ``incoming.notes``, others aside."""
    for raw in raw_notes:
        try:
            note = check_note(raw)
            if not _opens(opener, note["sealed"], True) or not all(
                _opens(opener, m["sealed"], False) for m in note["messages"]
            ):
                raise ItemRefused("sync_illisible")
        except ItemRefused as exc:
            label = raw["id"] if isinstance(raw, dict) and isinstance(raw.get("id"), str) else "?"
            report.refused.append((f"{name}:{label[:8]}", exc.code))
            incoming.aside.append({"file": name, "code": exc.code, "item": raw})
            continue
        incoming.notes.append(note)


def _read_kiosk(
    opener: Callable[[str], bytes], kid: str, folder: Path, mine: dict[str, Any], report: RoundReport
) -> _Incoming:
    incoming = _Incoming()
    done = set(mine["imported"])
    for path in spool_files(folder, "n"):
        if path.name in done:
            continue
        try:
            acks, raw_notes = check_notes_file(read_spool_file(path), path.name, kid)
        except SpoolFileError as exc:
            where = f"{folder.name}/{path.name}"
            (report.waiting if exc.code == "sync_incomplete" else report.refused).append((where, exc.code))
            continue
        incoming.acked.update(acks)
        _take_notes(opener, raw_notes, f"{folder.name}/{path.name}", incoming, report)
        incoming.imported.append(path.name)
    return incoming


def _merge_notes(store: NoteStore, by_kiosk: dict[str, _Incoming], report: RoundReport) -> None:
    """Add the notes and answers the PMS lacks, all kiosks in one transaction."""
    with store.db.transaction() as tables:
        notes = tables.setdefault("notes", {})
        known = _known_mids(notes)
        for kid, incoming in by_kiosk.items():
            for note in incoming.notes:
                key = note_key(note["id"])
                doc = notes.get(key)
                if doc is None:
                    doc = notes[key] = {
                        "id": note["id"],
                        "date": note["date"],
                        "part_of_day": note["part_of_day"],
                        "status": "nouveau",
                        "urgent": note["urgent"],
                        "sealed": note["sealed"],
                        "origin": "import",
                        "kiosk": kid,
                        "messages": [],
                        "memos": [],
                    }
                    report.notes += 1
                elif (
                    record_problem(key, doc) is not None
                    or doc.get("kiosk") != kid
                    or doc.get("sealed") != note["sealed"]
                ):
                    report.refused.append((f"{KIOSK_PREFIX}{kid}:{note['id']}", "sync_id_conflict"))
                    incoming.aside.append({"file": f"{KIOSK_PREFIX}{kid}", "code": "sync_id_conflict", "item": note})
                    continue
                for message in note["messages"]:
                    if message["mid"] not in known:
                        doc.setdefault("messages", []).append(dict(message))
                        doc["unread_answer"] = True  # a student's answer: flagged until the PMS reads it
                        known.add(message["mid"])
                        report.messages += 1
        _audit_import(store, tables, report)  # in the same transaction: both or neither


def _known_mids(notes: dict[str, Any]) -> set[str]:
    """Every message id already stored (damaged records included: an id is never stored twice)."""
    return {
        m["mid"]
        for doc in notes.values()
        if isinstance(doc, dict)
        for m in (doc["messages"] if isinstance(doc.get("messages"), list) else [])
        if isinstance(m, dict) and isinstance(m.get("mid"), str)
    }


def _audit_import(store: NoteStore, tables: dict[str, Any], report: RoundReport) -> None:
    """The round's audit line (counts only, never content), written with the import itself."""
    log = tables.setdefault("audit", {})
    day, pod = store.half_day()
    next_id = max((int(key) for key in log if key.isdigit()), default=0) + 1
    log[str(next_id)] = {
        "date": day,
        "part_of_day": pod,
        "note_id": None,
        "action": f"import : {report.notes} message(s), {report.messages} suite(s)",
    }


def _set_aside(store: NoteStore, kid: str, aside: list[dict[str, Any]], stamp: float, report: RoundReport) -> None:
    """Keep refused items (never stored as notes) in ``sync-aside/`` for a person to look at."""
    if not aside:
        return
    folder = store.data_dir / ASIDE
    folder.mkdir(exist_ok=True, mode=0o700)
    name = f"{KIOSK_PREFIX}{kid}-{secrets.token_hex(4)}.json"
    atomic_write(folder / name, _encode_json({"kiosk": kid, "items": aside}), stamp)
    report.aside.append(f"{ASIDE}/{name}")


def _replies_for(tables: dict[str, Any], kid: str, skip: set[str]) -> list[dict[str, Any]]:
    """The PMS replies to this kiosk's notes not in ``skip`` (damaged records and messages left out)."""
    replies = []
    for key, doc in tables.get("notes", {}).items():
        if record_problem(key, doc) is not None or doc.get("kiosk") != kid:
            continue
        for m in doc.get("messages", []):
            if isinstance(m, dict) and m.get("author") == "pms" and m.get("mid") not in skip:
                reply = {"note": doc["id"], **{k: m.get(k) for k in ("mid", "date", "part_of_day", "sealed", "box")}}
                try:
                    replies.append(check_reply(reply))  # what the kiosk would refuse is not sent
                except ItemRefused:
                    continue
    return replies


def _answer_kiosk(
    store: NoteStore,
    private: bytes,
    spool: Path,
    kid: str,
    mine: dict[str, Any],
    incoming: _Incoming,
    tables: dict[str, Any],
    stamp: float,
    report: RoundReport,
) -> None:
    """Delete our acknowledged files, then write the signed acknowledgements and new replies."""
    outbox = spool / f"{PMS_PREFIX}{kid}"
    report.removed += [f"{outbox.name}/{name}" for name in remove_own(outbox, incoming.acked, stamp)]
    present = {path.name for path in spool_files(outbox, "r")}
    delivered = set(mine["delivered"])
    for name in list(mine["pending"]):
        if name in incoming.acked or name not in present:
            ids = mine["pending"].pop(name)
            if name in incoming.acked:
                delivered.update(ids)
    mine["delivered"] = sorted(delivered)
    waiting = {mid for ids in mine["pending"].values() for mid in ids}
    on_disk = {path.name for path in spool_files(spool / f"{KIOSK_PREFIX}{kid}", "n")}
    mine["imported"] = sorted(on_disk & (set(mine["imported"]) | set(incoming.imported)))
    header = {"kind": "replies", "kiosk": kid, "acks": mine["imported"]}
    replies = _replies_for(tables, kid, delivered | waiting)
    for name, chunk in _write_chunks(
        outbox, "r", header, replies, "replies", MAX_REPLIES_PER_FILE, _signed_encoder(private), stamp
    ):
        mine["pending"][name] = [item["mid"] for item in chunk]
        report.written.append(f"{outbox.name}/{name}")


def pms_round(session: PmsSession, spool: Path) -> RoundReport:
    """One round on the PMS machine (unlocked): import every kiosk, answer every kiosk."""
    spool = Path(spool)
    _check_spool(spool)
    private = session._key()  # the session's own accessor: raises once locked
    with session.store.db.locked():  # one round at a time; the console waits a moment
        return _pms_round(session.store, private, spool)


def _pms_round(store: NoteStore, private: bytes, spool: Path) -> RoundReport:
    opener = crypto.sealed_opener(private)
    report = RoundReport("pms")
    stamp = _stamp(store)
    state = _load_state(store)
    folders = kiosk_folders(spool)
    by_kiosk = {
        kid: _read_kiosk(opener, kid, folder, _kiosk_state(state, kid), report) for kid, folder in folders.items()
    }
    _merge_notes(store, by_kiosk, report)  # even empty: every round leaves its audit line
    tables = store.db.read()
    for kid, incoming in by_kiosk.items():
        _set_aside(store, kid, incoming.aside, stamp, report)
        _answer_kiosk(store, private, spool, kid, _kiosk_state(state, kid), incoming, tables, stamp, report)
    _save_state(store, state)
    return report
