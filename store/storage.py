"""Crash-safe, multi-process TinyDB storage for the notes file.

- Every write goes to a temporary file in the same folder, then flush, fsync, ``os.replace``
  and an fsync of the folder: after a crash the file is the old one or the new one, never half.
- No ``CachingMiddleware`` (a kill would lose buffered writes) and no query cache: another
  process (kiosk, console, CLI) may have written since.
- A ``filelock.FileLock`` wraps every read-modify-write, and the file is re-read inside it; the
  table's cached next id is reset there too (TinyDB caches it per process).
- A file that cannot be parsed is moved to ``quarantine/`` (never deleted) and a fresh one starts.
- The file carries a schema version (``meta`` table); :data:`MIGRATIONS` upgrades older files
  under the lock.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from datetime import date
from pathlib import Path
from typing import Any

from .errors import StoreError, WriteFailed

__all__ = ["MIGRATIONS", "SCHEMA", "Database", "atomic_write", "french_reason"]

SCHEMA = 1
LOCK_TIMEOUT = 60.0
QUARANTINE = "quarantine"

Tables = dict[str, dict[str, Any]]


def french_reason(exc: OSError) -> str:
    """A short French reason for a failed write."""
    if isinstance(exc, TimeoutError):  # filelock.Timeout: another program kept the lock
        return "fichier des messages occupé trop longtemps par un autre programme"
    reasons = {
        errno.ENOSPC: "disque plein",
        errno.EDQUOT: "quota disque dépassé",
        errno.EROFS: "disque en lecture seule",
        errno.EACCES: "accès refusé au dossier des messages",
        errno.EPERM: "opération non permise sur le dossier des messages",
    }
    return reasons.get(exc.errno or 0, f"erreur d'écriture ({exc.strerror or exc.__class__.__name__})")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, what: str = "Message non enregistré") -> None:
    """Write ``data`` to ``path`` atomically and durably; raises :class:`WriteFailed` ("what : reason.")."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # the folder refuses even that: the reason below says why
        raise WriteFailed(f"{what} : {french_reason(exc)}.") from exc


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


def _schema_of(tables: Tables) -> int:
    meta = tables.get("meta", {}).get("1")
    if meta is None:
        return 0 if tables.get("notes") else SCHEMA
    return int(meta.get("schema", 0))


def _migrate(tables: Tables) -> bool:
    """Bring ``tables`` to :data:`SCHEMA`; True if something changed."""
    version = _schema_of(tables)
    if version > SCHEMA:
        raise StoreError("Le fichier des messages vient d'une version plus récente du kiosque.")
    changed = "1" not in tables.get("meta", {})
    while version < SCHEMA:
        MIGRATIONS[version](tables)
        version += 1
        changed = True
    tables.setdefault("meta", {}).setdefault("1", {})["schema"] = SCHEMA
    return changed


class Database:
    """The notes file of a data dir: locked transactions over TinyDB's JSON tables."""

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
            raise WriteFailed(f"Message non enregistré : {french_reason(exc)}.") from exc
        try:
            if not self._swept:
                self._sweep_temp_files()
            yield
        finally:
            self.lock().release()

    def _sweep_temp_files(self) -> None:
        """Remove temp files left by a killed writer (only lock holders write them)."""
        for stale in self.dir.glob(f".{self.path.name}.*.tmp"):
            stale.unlink(missing_ok=True)
        self._swept = True

    # -- reading -----------------------------------------------------------------
    def _read_raw(self) -> Tables:
        """The file's tables; a corrupt file is quarantined (call with the lock held)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise StoreError(f"Fichier des messages illisible : {exc.strerror}.") from exc
        try:
            tables = json.loads(data.decode("utf-8")) if data.strip() else {}
            if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
                raise ValueError("not a TinyDB file")
        except (ValueError, UnicodeDecodeError):
            try:
                self._quarantine()
            except OSError as exc:
                raise StoreError(f"Fichier des messages abîmé, et impossible de le mettre de côté : "
                                 f"{french_reason(exc)}.") from exc
            return {}
        return tables

    def _quarantine(self) -> None:
        folder = self.dir / QUARANTINE
        folder.mkdir(exist_ok=True, mode=0o700)
        # Date only (no time of day) and a random part: nothing finer than a day leaks.
        target = folder / f"{self.path.stem}-{date.today().isoformat()}-{secrets.token_hex(3)}{self.path.suffix}"
        os.replace(self.path, target)
        _fsync_dir(self.dir)

    def read(self) -> Tables:
        """A consistent snapshot of every table, migrated (read under the lock when possible)."""
        if not self.path.exists() and not self.dir.exists():
            return {}  # reading creates nothing (no folder, no lock file)
        try:
            with self.locked():
                tables = self._read_raw()
                if tables and _schema_of(tables) != SCHEMA:
                    _migrate(tables)
                    self._write(tables)
                return tables
        except WriteFailed:
            # Read-only folder: atomic replaces mean an unlocked read is still consistent.
            return self._read_unlocked()

    def _read_unlocked(self) -> Tables:
        try:
            tables = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise StoreError("Fichier des messages illisible.") from exc
        _migrate(tables)
        return tables

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
            tables = self._read_raw()
            _migrate(tables)
            yield tables
            self._write(tables)

    def _write(self, tables: Tables) -> None:
        # Every write is current-schema data (migrated on read): say so, even for a first write.
        tables.setdefault("meta", {}).setdefault("1", {}).setdefault("schema", SCHEMA)
        # Sorted ids: the order of records in the file must not reveal the order of arrival.
        ordered = {
            name: (docs if name == "audit" else dict(sorted(docs.items())))
            for name, docs in tables.items()
        }
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
