"""Crash-safe, multi-process TinyDB storage for the notes file.

- Every write goes to a temporary file in the same folder, then flush, fsync, ``os.replace``
  and an fsync of the folder: after a crash the file is the old one or the new one, never half.
- No ``CachingMiddleware`` (a kill would lose buffered writes) and no query cache: another
  process (kiosk, console, CLI) may have written since.
- A ``filelock.FileLock`` wraps every read-modify-write, and the file is re-read inside it; the
  table's cached next id is reset there too (TinyDB caches it per process).
- Reading takes no lock and writes nothing. A file that cannot be parsed (0 bytes included) is
  a :class:`StoreError` for readers; a writer moves it to ``quarantine/`` (never deleted) and
  starts a fresh one, so a child's note is never refused. A symlink is refused.
- The file carries a schema version (``meta`` table); :data:`MIGRATIONS` upgrades older files
  under the lock.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ErrorCode, StoreError, WriteFailed, os_error_code

__all__ = [
    "MIGRATIONS",
    "QUARANTINE",
    "SCHEMA",
    "SPACE_MARGIN",
    "Database",
    "atomic_write",
    "fsync_dir",
    "read_file",
    "write_new_file",
]

SCHEMA = 1
LOCK_TIMEOUT = 60.0
QUARANTINE = "quarantine"
#: Free space kept beyond a whole copy of the file (a rewrite needs the old and the new copy at once).
SPACE_MARGIN = 1_048_576

Tables = dict[str, dict[str, Any]]


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (fsync of the folder itself)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (never an existing file or link: O_EXCL), mode 0600, write ``data``, fsync."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def write_error(exc: OSError, path: Path) -> WriteFailed:
    """A :class:`WriteFailed` naming the real cause and the file."""
    code, params = os_error_code(exc, writing=True)
    return WriteFailed(code, file=path.name, **params)


def atomic_write(path: Path, data: bytes, _what: object = None) -> None:
    """Write ``data`` to ``path`` atomically and durably; raises :class:`WriteFailed`.

    A symlink at ``path`` is refused (it would be silently replaced by a plain file).
    """
    if path.is_symlink():
        raise WriteFailed(ErrorCode.FILE_SYMLINK, file=path.name)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        write_new_file(tmp, data)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # the folder refuses even that: the reason below says why
        raise write_error(exc, path) from exc


def read_file(path: Path) -> bytes | None:
    """The bytes of ``path`` (None if absent); a symlink or an unreadable file is a StoreError."""
    if path.is_symlink():
        raise StoreError(ErrorCode.FILE_SYMLINK, file=path.name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        code, params = os_error_code(exc, writing=False)
        raise StoreError(code, file=path.name, **params) from exc


def parse_tables(data: bytes, name: str) -> Tables:
    """The tables of a notes file's bytes; FILE_EMPTY / FILE_DAMAGED if it is not one."""
    if not data.strip():
        raise StoreError(ErrorCode.FILE_EMPTY, file=name)  # 0 bytes is damage, never a new store
    try:
        tables = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise StoreError(ErrorCode.FILE_DAMAGED, file=name) from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise StoreError(ErrorCode.FILE_DAMAGED, file=name)
    return tables


def _migrate_v0(tables: Tables) -> None:
    """v0 (prototype): no meta table, statuses new/open/closed, no conversation lists."""
    renamed = {"new": "nouveau", "open": "en_cours", "closed": "traite"}
    rekeyed = {}
    for doc in tables.get("notes", {}).values():
        doc["status"] = renamed.get(doc.get("status"), doc.get("status", "nouveau"))
        doc.setdefault("messages", [])
        doc.setdefault("memos", [])
        # v0 keyed notes 1, 2, 3… (arrival order): key them by their random id instead.
        if not re.fullmatch(r"[0-9a-f]{8}", str(doc.get("id", ""))):
            doc["id"] = secrets.token_hex(4)
        rekeyed[str(int(doc["id"], 16))] = doc
    if "notes" in tables:
        tables["notes"] = rekeyed


#: ``{from_version: function}``: each upgrades the tables in place by one version.
MIGRATIONS: dict[int, Callable[[Tables], None]] = {0: _migrate_v0}


def schema_of(tables: Tables) -> int | None:
    """The schema version of the tables (None if ``meta.schema`` is not a whole number)."""
    meta = tables.get("meta", {}).get("1")
    if meta is None:
        return 0 if tables.get("notes") else SCHEMA
    schema = meta.get("schema", 0) if isinstance(meta, dict) else None
    return schema if isinstance(schema, int) and not isinstance(schema, bool) and schema >= 0 else None


def _migrate(tables: Tables, *, writing: bool) -> bool:
    """Bring ``tables`` to :data:`SCHEMA`; True if something changed.

    A malformed version is named by :func:`kiosk.store.records.meta_problems`; reading goes on
    as if current, and a write sets it right (the notes themselves are never touched).
    """
    version = schema_of(tables)
    if version is None:
        version = SCHEMA
    if version > SCHEMA:
        raise StoreError(ErrorCode.FILE_TOO_NEW, file="notes.json", version=version)
    changed = False
    while version < SCHEMA:
        MIGRATIONS[version](tables)
        version += 1
        changed = True
    if writing:
        meta = tables.setdefault("meta", {})
        if not isinstance(meta.get("1"), dict):
            meta["1"] = {}
        changed = changed or meta["1"].get("schema") != SCHEMA
        meta["1"]["schema"] = SCHEMA
    return changed


class Database:
    """The notes file of a data dir: locked transactions over TinyDB's JSON tables.

    Reading takes no lock and writes nothing: every write replaces the file atomically, so an
    unlocked read sees the old or the new file, and the PMS still reads on a full or
    read-only disk.
    """

    def __init__(self, data_dir: Path, filename: str = "notes.json") -> None:
        self.dir = Path(data_dir)
        self.path = self.dir / filename
        self._lock: Any = None
        self._tinydb: Any = None
        self._swept = False

    # -- locking -----------------------------------------------------------------
    def lock(self) -> Any:
        """The inter-process lock of this file (created on first use; reentrant)."""
        if self._lock is None:
            from filelock import FileLock

            self._lock = FileLock(str(self.dir / f".{self.path.name}.lock"), timeout=LOCK_TIMEOUT)
        return self._lock

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock (creating the folder if needed); raises :class:`WriteFailed`."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.lock().acquire()
        except OSError as exc:
            raise write_error(exc, self.path) from exc
        try:
            if not self._swept:
                self._sweep_temp_files()
            yield
        finally:
            self.lock().release()

    def _sweep_temp_files(self) -> None:
        """Remove temp files left by a killed writer (only lock holders write them)."""
        try:
            for stale in self.dir.glob(f".{self.path.name}.*.tmp"):
                stale.unlink(missing_ok=True)
        except OSError:
            return  # a read-only folder: try again next time
        self._swept = True

    # -- reading -----------------------------------------------------------------
    def read_raw(self) -> Tables:
        """The file's tables as stored ({} if there is no file); a damaged file is a StoreError."""
        data = read_file(self.path)
        return {} if data is None else parse_tables(data, self.path.name)

    def read(self) -> Tables:
        """A snapshot of every table, migrated in memory; changes nothing on disk."""
        tables = self.read_raw()
        if tables:
            _migrate(tables, writing=False)
        return tables

    def quarantine(self) -> str:
        """Move the whole file aside into ``quarantine/`` (never deleted); returns its new name."""
        folder = self.dir / QUARANTINE
        folder.mkdir(exist_ok=True, mode=0o700)
        # Date only (no time of day) and a random part: nothing finer than a day leaks.
        target = folder / f"{self.path.stem}-{date.today().isoformat()}-{secrets.token_hex(3)}{self.path.suffix}"
        os.replace(self.path, target)
        fsync_dir(self.dir)
        return target.name

    def _read_for_write(self) -> Tables:
        """The tables to change (lock held). A damaged file is set aside so that writing goes on:
        a child's note must never be refused because an old file broke."""
        try:
            return self.read_raw()
        except StoreError as exc:
            if exc.code not in (ErrorCode.FILE_DAMAGED, ErrorCode.FILE_EMPTY):
                raise
        try:
            self.quarantine()
        except OSError as exc:
            raise write_error(exc, self.path) from exc
        return {}

    def space_needed(self) -> int:
        """Bytes of free space the next write needs (a whole new copy of the file, and a margin)."""
        try:
            return self.path.stat().st_size + SPACE_MARGIN
        except OSError:
            return SPACE_MARGIN

    def free_space(self) -> int | None:
        """Free bytes on the folder's disk (None if it cannot be measured)."""
        try:
            return shutil.disk_usage(self.dir).free
        except OSError:
            return None

    @property
    def tinydb(self) -> Any:
        """The TinyDB database on this file (atomic locked storage, built on first use)."""
        if self._tinydb is None:
            from tinydb import TinyDB

            self._tinydb = TinyDB(storage=_storage_class(), database=self)
        return self._tinydb

    def table(self, name: str) -> Any:
        """A TinyDB table for queries: no query cache, the file is re-read on each call."""
        table = self.tinydb.table(name, cache_size=0)
        table._next_id = None  # never trust an id cached from an older read
        return table

    # -- writing -----------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Tables]:
        """Lock, re-read, yield the tables to modify in place, then write them atomically.

        If the body raises, nothing is written.
        """
        with self.locked():
            tables = self._read_for_write()
            _migrate(tables, writing=True)
            yield tables
            self._write(tables)

    def _write(self, tables: Tables) -> None:
        # Every write is current-schema data: say so, even for a first write.
        _migrate(tables, writing=True)
        # Sorted ids: the order of records in the file must not reveal the order of arrival.
        ordered = {name: (docs if name == "audit" else dict(sorted(docs.items()))) for name, docs in tables.items()}
        data = json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write(self.path, data)


@lru_cache(maxsize=1)
def _storage_class() -> type:
    """TinyDB's ``Storage`` subclass over a :class:`Database` (built lazily: tinydb loads late)."""
    from tinydb.storages import Storage

    class AtomicLockedStorage(Storage):
        """Reads and writes the whole file under the lock, atomically (see :class:`Database`)."""

        def __init__(self, database: Database) -> None:
            self.database = database

        def read(self) -> Tables | None:
            """Every table (None for an empty file, as TinyDB expects)."""
            return self.database.read() or None

        def write(self, data: Tables) -> None:
            """Write every table atomically, under the lock."""
            with self.database.locked():
                self.database._write(data)

    return AtomicLockedStorage
