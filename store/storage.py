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

A read cache (10,000 notes are a 13 MB file: parsing it on every call froze the console):

- :class:`Database` keeps the last parsed tables with the identity of the file they came from
  (device, inode, size, mtime and ctime in ns). Every write is a rename, so a new inode; mtime
  alone would not do (every write sets it to the half-day, :func:`half_day_stamp`). Another process's write
  (the kiosk, ``kiosk sync``) changes the identity, and the next read parses the file again.
- A file seen within a few seconds of its last change could change again in the same clock
  tick with the same identity (coarse ctime, a reused inode, the same size): then the bytes
  are read and compared by digest (cheap next to parsing) until the file has aged.
- **Who may mutate**: nobody but a transaction body, on the private copy it is given. What
  :meth:`Database.read` returns is the shared cached snapshot: read it, never change it
  (``tests/test_store_cache.py`` fails if a read path does). After a successful write the
  transaction's tables become the cache; a body must not keep them past its ``with`` block.
- A transaction that fails while writing drops the cache (the next read parses the file); one
  whose body raises has only changed its own copy, so the cache still equals the file.
- The cache is guarded by a thread lock: the console reads and writes from worker threads.

The GIL: ``json.loads`` / ``json.dumps`` of the whole file are one C call each (≈ 50-100 ms at
10,000 notes) during which no other thread runs, so even a worker froze the UI. The file is
parsed and written one record at a time (each C call is a few µs; the interpreter switches
threads between them), with the very same result and bytes as the one-shot calls.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from stat import S_ISLNK
from typing import Any

from .errors import ErrorCode, StoreError, WriteFailed, os_error_code
from .pace import give_way, waiting

__all__ = [
    "MIGRATIONS",
    "QUARANTINE",
    "SCHEMA",
    "SPACE_MARGIN",
    "Database",
    "atomic_write",
    "copy_tables",
    "encode_tables",
    "fsync_dir",
    "half_day_stamp",
    "parse_tables",
    "read_file",
    "stamp_folder",
    "write_new_file",
]

SCHEMA = 1
LOCK_TIMEOUT = 60.0
QUARANTINE = "quarantine"
#: Free space kept beyond a whole copy of the file (a rewrite needs the old and the new copy at once).
SPACE_MARGIN = 1_048_576

Tables = dict[str, dict[str, Any]]
#: What says a file is still the one parsed: (st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns).
Identity = tuple[int, int, int, int, int]
#: Bytes handed to the OS (or decoded) per call: small enough that no C call holds the GIL long.
CHUNK = 1 << 20
#: A file seen less than this after its last change may still change within the same clock
#: tick (ctime is coarse) without changing its identity: its bytes are compared then.
RACY_NS = 3_000_000_000


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (fsync of the folder itself)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def half_day_stamp(now: datetime) -> float:
    """The file time for ``now``: midnight for the morning, noon for the afternoon (local time).

    Every file the store writes carries it: a file's time says no more than its records
    (a copy or a backup keeps the mtime; only the ctime, which no program can set, is finer).
    """
    start = now.replace(hour=0 if now.hour < 12 else 12, minute=0, second=0, microsecond=0, tzinfo=None)
    return start.timestamp()


def stamp_folder(folder: Path, stamp: float) -> None:
    """Give a folder the half-day time too (creating, renaming or removing a file set it to now)."""
    try:
        os.utime(folder, (stamp, stamp))
    except OSError:
        pass  # a folder we cannot touch keeps its time: the files' own times are what matter


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


def atomic_write(path: Path, data: bytes, stamp: float | None = None) -> None:
    """Write ``data`` to ``path`` atomically and durably; raises :class:`WriteFailed`.

    The file and its folder get ``stamp`` as their time (default: this half-day, see
    :func:`half_day_stamp`). A symlink at ``path`` is refused (it would be silently
    replaced by a plain file).
    """
    stamp = half_day_stamp(datetime.now()) if stamp is None else stamp
    _atomic_write_chunks(path, (data,), _new_digest(), stamp)


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
    """The tables of a notes file's bytes; FILE_EMPTY / FILE_DAMAGED if it is not one.

    Same result as ``json.loads`` (which it falls back to for anything unusual), but parsed one
    record at a time so that other threads (the UI) run meanwhile.
    """
    if not data.strip():
        raise StoreError(ErrorCode.FILE_EMPTY, file=name)  # 0 bytes is damage, never a new store
    try:
        text = _decode(data)
        try:
            tables = _scan_tables(text)
        except (ValueError, StopIteration, IndexError, RecursionError):
            tables = json.loads(text)  # something unusual: the one-shot parser decides
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise StoreError(ErrorCode.FILE_DAMAGED, file=name) from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise StoreError(ErrorCode.FILE_DAMAGED, file=name)
    return tables


def _decode(data: bytes) -> str:
    """UTF-8 bytes → str, a chunk per call (a 13 MB decode in one call holds the GIL ≈ 10 ms)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts = [decoder.decode(data[start : start + CHUNK]) for start in range(0, len(data), CHUNK)]
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


_SPACE = re.compile(r"[ \t\n\r]*")
#: json's own value scanner (C when available): one call parses one whole value.
_SCAN: Callable[[str, int], tuple[Any, int]] = vars(json.JSONDecoder())["scan_once"]


def _skip(text: str, index: int) -> int:
    """The index after the whitespace at ``index``."""
    space = _SPACE.match(text, index)
    return space.end() if space else index


def _scan_tables(text: str) -> Tables:
    """``{"name": {"key": value, ...}, ...}`` parsed one value per C call.

    Raises ValueError (or StopIteration from the scanner) on anything else: the caller then
    lets ``json.loads`` parse the whole text, so results and errors stay exactly its own.
    """
    index = _skip(text, 0)
    if text[index] != "{":
        raise ValueError("not an object")
    tables: Tables = {}
    index = _skip(text, index + 1)
    if text[index] == "}":
        return _end(text, index, tables)
    while True:
        name, index = _key(text, index)
        if text[index] != "{":
            raise ValueError("not a table")
        table: dict[str, Any] = {}
        index = _skip(text, index + 1)
        if text[index] != "}":
            while True:
                give_way()  # one record per step: a busy UI thread goes first (store/pace.py)
                key, index = _key(text, index)
                table[key], index = _SCAN(text, index)
                index = _skip(text, index)
                if text[index] == "}":
                    break
                index = _comma(text, index)
        tables[name] = table
        index = _skip(text, index + 1)
        if text[index] == "}":
            return _end(text, index, tables)
        index = _comma(text, index)


def _key(text: str, index: int) -> tuple[str, int]:
    """A key and its colon; returns the index of the value after them."""
    if text[index] != '"':
        raise ValueError("key")
    key, index = _SCAN(text, index)
    index = _skip(text, index)
    if text[index] != ":":
        raise ValueError("colon")
    return key, _skip(text, index + 1)


def _comma(text: str, index: int) -> int:
    if text[index] != ",":
        raise ValueError("comma")
    return _skip(text, index + 1)


def _end(text: str, index: int, tables: Tables) -> Tables:
    if _skip(text, index + 1) != len(text):
        raise ValueError("extra data")
    return tables


def copy_tables(tables: Tables) -> Tables:
    """A private deep copy of JSON tables, plain dicts and lists (pure Python: other threads run
    meanwhile; ``copy.deepcopy`` is 3× slower here)."""
    return {name: _copy_docs(docs) for name, docs in tables.items()}


def _copy_docs(docs: Any) -> Any:
    if not isinstance(docs, dict):
        return _copy(docs)
    copied = {}
    for key, doc in docs.items():
        give_way()
        copied[key] = _copy(doc)
    return copied


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value  # str, int, float, bool, None: immutable


def encode_tables(tables: Tables) -> Iterator[bytes]:
    """The bytes of ``json.dumps(tables, ensure_ascii=False, separators=(",", ":"))`` in UTF-8,
    one record per C call (the one-shot call holds the GIL for the whole 13 MB)."""
    encode = _value_encoder()
    if not all(isinstance(name, str) for name in tables):
        yield encode(tables).encode("utf-8")  # never written by the store: the one-shot way
        return
    yield b"{"
    for number, (name, docs) in enumerate(tables.items()):
        head = ("," if number else "") + _encode_string(name) + ":"
        if not isinstance(docs, dict) or not all(isinstance(key, str) for key in docs):
            yield (head + encode(docs)).encode("utf-8")
            continue
        yield (head + "{").encode("utf-8")
        for index, (key, value) in enumerate(docs.items()):
            give_way()
            yield (("," if index else "") + _encode_string(key) + ":" + encode(value)).encode("utf-8")
        yield b"}"
    yield b"}"


def _encode_string(text: str) -> str:
    return json.encoder.encode_basestring(text)


def _value_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, the C encoder built once per
    write (its circular-reference markers may keep stale entries after an error: never reused)."""
    base = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return base.encode
    encoder = make(
        {},
        base.default,
        json.encoder.encode_basestring,
        base.indent,
        base.key_separator,
        base.item_separator,
        base.sort_keys,
        base.skipkeys,
        base.allow_nan,
    )

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return _encode_string(value)
        return "".join(encoder(value, 0))

    return encode


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
    read-only disk. Reads come from a cache checked against the file (module docstring).
    """

    def __init__(
        self, data_dir: Path, filename: str = "notes.json", clock: Callable[[], datetime] = datetime.now
    ) -> None:
        self.dir = Path(data_dir)
        self.path = self.dir / filename
        #: Gives each write's file time (the half-day of ``clock()``, see :func:`half_day_stamp`).
        self.clock = clock
        self._lock: Any = None
        self._tinydb: Any = None
        self._swept = False
        #: (identity of the file, its tables migrated for reading): shared, never mutated.
        self._cache: _Cached | None = None
        self._cache_lock = threading.Lock()

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
            with waiting():  # a worker of ours may hold it: it must not wait for us meanwhile
                self.lock().acquire()
        except OSError as exc:
            raise write_error(exc, self.path) from exc
        try:
            if not self._swept:
                self._sweep_temp_files()
                self._stamp_lock_file()
            yield
        finally:
            self.lock().release()

    def _stamp_lock_file(self) -> None:
        """The lock file got the minute it was made: give it the half-day like the rest."""
        stamp = half_day_stamp(self.clock())
        # Best effort: the lock file is empty and its time is only its creation's. OSError: a
        # folder or file we may not touch; NotImplementedError: a system whose utime cannot
        # leave a symlink unfollowed (a link planted there must not have its target touched).
        try:
            os.utime(self.lock().lock_file, (stamp, stamp), follow_symlinks=False)
        except (OSError, NotImplementedError):
            pass
        stamp_folder(self.dir, stamp)

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
        """The file's tables as stored ({} if there is no file), freshly parsed, the caller's own;
        a damaged file is a StoreError."""
        data = read_file(self.path)
        return {} if data is None else parse_tables(data, self.path.name)

    def read(self) -> Tables:
        """A snapshot of every table, migrated in memory; changes nothing on disk.

        Shared with every other reader (the cache): **never mutate it**. A transaction gets a
        copy of its own.
        """
        with _held(self._cache_lock):
            return self._current()

    def _current(self) -> Tables:
        """The cached tables if the file is still the one parsed, else the file parsed again
        (``_cache_lock`` held)."""
        identity = self._identity_now()
        if identity is None:
            self._cache = None
            return {}
        cached = self._cache
        if cached is not None and cached.identity == identity and not cached.racy():
            return cached.tables
        data = read_file(self.path)
        if data is None:
            self._cache = None
            return {}
        digest = _digest(data)
        if cached is not None and cached.identity == identity and cached.digest == digest:
            cached.observed_ns = time.time_ns()  # the same bytes: trusted again
            return cached.tables
        self._cache = None
        tables = parse_tables(data, self.path.name)
        if tables:
            _migrate(tables, writing=False)
        if self._identity_now() == identity:  # else replaced while read: parsed, not cached
            self._cache = _Cached(identity, digest, time.time_ns(), tables)
        return tables

    def _identity_now(self) -> Identity | None:
        """The file's identity (None if absent); a symlink or a refused stat is a StoreError."""
        try:
            stat = os.lstat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            code, params = os_error_code(exc, writing=False)
            raise StoreError(code, file=self.path.name, **params) from exc
        if S_ISLNK(stat.st_mode):
            raise StoreError(ErrorCode.FILE_SYMLINK, file=self.path.name)
        return _identity(stat)

    def forget_cache(self) -> None:
        """Drop the cached tables (the next read parses the file); e.g. on a failed write."""
        with _held(self._cache_lock):
            self._cache = None

    def quarantine(self) -> str:
        """Move the whole file aside into ``quarantine/`` (never deleted); returns its new name."""
        folder = self.dir / QUARANTINE
        folder.mkdir(exist_ok=True, mode=0o700)
        # Date only (no time of day) and a random part: nothing finer than a day leaks.
        target = folder / f"{self.path.stem}-{date.today().isoformat()}-{secrets.token_hex(3)}{self.path.suffix}"
        self.forget_cache()
        os.replace(self.path, target)
        fsync_dir(self.dir)
        return target.name

    def _read_for_write(self) -> Tables:
        """A private copy of the tables to change (lock held). A damaged file is set aside so
        that writing goes on: a child's note must never be refused because an old file broke."""
        try:
            return copy_tables(self.read())
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
        """Lock, re-read, yield a private copy of the tables to modify in place, then write them
        atomically; they become the cache (do not keep them after the ``with`` block).

        If the body raises, nothing is written (and the cache, never touched, still equals the file).
        """
        with self.locked():
            tables = self._read_for_write()
            _migrate(tables, writing=True)
            yield tables
            self._write(tables)

    def _write(self, tables: Tables, *, adopt: bool = True) -> None:
        """Write ``tables`` (lock held); with ``adopt`` they become the cache, else it is dropped."""
        # Every write is current-schema data: say so, even for a first write.
        _migrate(tables, writing=True)
        # Sorted ids: the order of records in the file must not reveal the order of arrival.
        ordered = {name: (docs if name == "audit" else _sorted_by_key(docs)) for name, docs in tables.items()}
        digest = _new_digest()
        try:
            stamp = half_day_stamp(self.clock())
            identity = _atomic_write_chunks(self.path, encode_tables(ordered), digest, stamp)
        except BaseException:
            self.forget_cache()  # old file or new one: the next read finds out
            raise
        with _held(self._cache_lock):
            self._cache = _Cached(identity, digest.digest(), time.time_ns(), ordered) if adopt else None


@dataclass
class _Cached:
    """Parsed tables and what says they are still the file's (see :meth:`Database.read`)."""

    identity: Identity
    digest: bytes
    #: When the file was last seen with this identity (ns since the epoch).
    observed_ns: int
    tables: Tables

    def racy(self) -> bool:
        """Seen within :data:`RACY_NS` of its ctime: a change in the same clock tick could have
        kept the same identity (size, times, a reused inode), so the bytes are compared."""
        return self.observed_ns - self.identity[4] < RACY_NS


def _sorted_by_key(docs: dict[str, Any]) -> dict[str, Any]:
    """``dict(sorted(docs.items()))``, which is one C call holding the GIL 10 ms at 10,000 notes:
    the keys alone sort in 2.5 ms, and the dict is rebuilt a record per step."""
    ordered = {}
    for key in sorted(docs):
        give_way()
        ordered[key] = docs[key]
    return ordered


@contextmanager
def _held(lock: threading.Lock) -> Iterator[None]:
    """``with lock:``, the UI thread counting as idle while it waits (store/pace.py)."""
    with waiting():
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _new_digest() -> Any:
    return hashlib.blake2b(digest_size=16)


def _digest(data: bytes) -> bytes:
    digest = _new_digest()
    for start in range(0, len(data), CHUNK):  # hashlib lets other threads run on big chunks
        digest.update(data[start : start + CHUNK])
    return bytes(digest.digest())


def _identity(stat: os.stat_result) -> Identity:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def _read_all(fd: int) -> bytes:
    """Every byte of an open file (os.read releases the GIL)."""
    parts = []
    while chunk := os.read(fd, CHUNK):
        parts.append(chunk)
    return b"".join(parts)


def _atomic_write_chunks(path: Path, chunks: Iterable[bytes], digest: Any, stamp: float) -> Identity:
    """Write the chunks joined to ``path``: a temp file written about a MiB per call, fsync,
    ``stamp`` as its time, rename, fsync and ``stamp`` of the folder. Returns the identity of
    the new file (its inode after the rename: the cache's key). Under :func:`atomic_write`
    too: one write path for every file of the store."""
    if path.is_symlink():
        raise WriteFailed(ErrorCode.FILE_SYMLINK, file=path.name)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd: int | None = None
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        _write_chunks(fd, chunks, digest)
        os.utime(fd, (stamp, stamp))
        os.fsync(fd)
        os.replace(tmp, path)
        identity = _identity(os.fstat(fd))  # after the rename (it changes the ctime)
        os.close(fd)
        fd = None
        fsync_dir(path.parent)
        stamp_folder(path.parent, stamp)
        return identity
    except BaseException as exc:
        if fd is not None:
            os.close(fd)
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # the folder refuses even that: the reason below says why
        if isinstance(exc, OSError):
            raise write_error(exc, path) from exc
        raise


def _write_chunks(fd: int, chunks: Iterable[bytes], digest: Any) -> None:
    """Write the chunks about a MiB per call, hashing what is written."""
    pending: list[bytes] = []
    size = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= CHUNK:
            block = b"".join(pending)
            digest.update(block)
            _write_fully(fd, block)
            pending, size = [], 0
    block = b"".join(pending)
    digest.update(block)
    _write_fully(fd, block)


def _write_fully(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@lru_cache(maxsize=1)
def _storage_class() -> type:
    """TinyDB's ``Storage`` subclass over a :class:`Database` (built lazily: tinydb loads late)."""
    from tinydb.storages import Storage

    class AtomicLockedStorage(Storage):
        """Reads and writes the whole file under the lock, atomically (see :class:`Database`)."""

        def __init__(self, database: Database) -> None:
            self.database = database

        def read(self) -> Tables | None:
            """Every table (None for an empty file, as TinyDB expects): a copy, TinyDB changes it."""
            return copy_tables(self.database.read()) or None

        def write(self, data: Tables) -> None:
            """Write every table atomically, under the lock (TinyDB keeps them: not cached)."""
            with self.database.locked():
                self.database._write(data, adopt=False)

    return AtomicLockedStorage
