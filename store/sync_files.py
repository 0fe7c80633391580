"""Spool-folder files: names, write-once atomic writes, padding, half-day file times, safe reads.

Layout of a spool folder ``DIR`` (the same on a Syncthing folder, a USB stick or a file share):

- ``DIR/kiosque-<id>/n-<random>.json``: written only by kiosk ``<id>`` (its notes and answers);
- ``DIR/pms-<id>/r-<random>.json``: written only by the PMS machine for that kiosk (signed replies
  and acknowledgements).

Each side deletes only in the folder it owns, and only files the other side acknowledged.
A file is written under ``.syncthing.NAME.tmp`` (a name Syncthing never sends), fsynced, given the
half-day as its time, padded to a size bucket, then renamed: readers never see half a file from us.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from pathlib import Path

from .errors import ErrorCode, StoreError
from .storage import fsync_dir, half_day_stamp, stamp_folder, write_new_file

__all__ = [
    "BUCKETS",
    "KIOSK_PREFIX",
    "MAX_FILE_BYTES",
    "PMS_PREFIX",
    "SpoolFileError",
    "base_name",
    "half_day_stamp",
    "is_engine_temp",
    "kiosk_folders",
    "new_name",
    "padded",
    "read_spool_file",
    "remove_own",
    "spool_files",
    "stamp_folder",
    "write_spool_file",
]

KIOSK_PREFIX = "kiosque-"
PMS_PREFIX = "pms-"
KIOSK_ID = re.compile(r"[0-9a-f]{16}")
#: ``n-``/``r-`` + 64 random bits, optionally a Syncthing conflict copy's suffix.
NAME = re.compile(r"(?P<base>(?P<kind>[nr])-[0-9a-f]{16})(?:\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7})?\.json")
#: Padded sizes: a file's size says only which bucket its content fell into.
BUCKETS = (4 << 10, 32 << 10, 256 << 10, 2 << 20, 16 << 20)
MAX_FILE_BYTES = BUCKETS[-1]


class SpoolFileError(StoreError):
    """A spool file that cannot be taken now; ``code`` says why (no sentence in the store)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(ErrorCode(code), **params)


def new_name(kind: str) -> str:
    """A fresh write-once file name: random, so it says nothing about time or order."""
    return f"{kind}-{secrets.token_hex(8)}.json"


def base_name(name: str) -> str | None:
    """``n-…``/``r-…`` of a file name (conflict copy suffix dropped); None if not one of ours."""
    match = NAME.fullmatch(name)
    return match["base"] if match else None


def is_engine_temp(name: str) -> bool:
    """Syncthing's (and our) temporary files: never read, never deleted by us."""
    return (name.startswith(".syncthing.") and name.endswith(".tmp")) or name.startswith("~syncthing~")


def padded(data: bytes) -> bytes:
    """``data`` followed by spaces up to its size bucket (JSON ignores trailing white space)."""
    for size in BUCKETS:
        if len(data) <= size:
            return data + b" " * (size - len(data))
    raise SpoolFileError("sync_file_too_big", size=len(data), limit=MAX_FILE_BYTES)


def write_spool_file(folder: Path, name: str, data: bytes, stamp: float) -> Path:
    """Write ``data`` (padded) as ``folder/name``: temp name, fsync, half-day time, rename."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = folder / name
    tmp = folder / f".syncthing.{name}.tmp"
    write_new_file(tmp, padded(data))
    os.utime(tmp, (stamp, stamp))
    if final.exists():  # write-once: never replace (a random name makes this all but impossible)
        tmp.unlink()
        raise SpoolFileError("sync_name_taken", name=name)
    os.rename(tmp, final)
    fsync_dir(folder)
    stamp_folder(folder, stamp)
    return final


def kiosk_folders(spool: Path) -> dict[str, Path]:
    """``{kiosk id: folder}`` of every well-named kiosk folder in the spool (no symlinks)."""
    found = {}
    try:
        entries = list(os.scandir(spool))
    except OSError:
        return {}
    for entry in entries:
        kiosk_id = entry.name[len(KIOSK_PREFIX) :]
        if entry.name.startswith(KIOSK_PREFIX) and KIOSK_ID.fullmatch(kiosk_id) and entry.is_dir(follow_symlinks=False):
            found[kiosk_id] = Path(entry.path)
    return dict(sorted(found.items()))


def spool_files(folder: Path, kind: str) -> list[Path]:
    """Our files of ``kind`` in ``folder`` (conflict copies included, temporaries and others not)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    files = []
    for entry in entries:
        match = NAME.fullmatch(entry.name)
        if match and match["kind"] == kind and not is_engine_temp(entry.name):
            files.append(Path(entry.path))
    return sorted(files)


def read_spool_file(path: Path) -> bytes:
    """The bytes of a regular spool file within the size limit; SpoolFileError otherwise."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SpoolFileError("sync_not_a_file", name=path.name)
        if info.st_size > MAX_FILE_BYTES:
            raise SpoolFileError("sync_file_too_big", name=path.name, size=info.st_size, limit=MAX_FILE_BYTES)
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SpoolFileError("sync_file_unreadable", name=path.name) from exc
    if len(data) > MAX_FILE_BYTES:  # grew since lstat
        raise SpoolFileError("sync_file_too_big", name=path.name, size=len(data), limit=MAX_FILE_BYTES)
    return data


def remove_own(folder: Path, names: set[str], stamp: float) -> list[str]:
    """Delete the acknowledged files of a folder we own; returns the names removed."""
    removed = []
    for path in spool_files(folder, "n" if folder.name.startswith(KIOSK_PREFIX) else "r"):
        if path.name in names:
            try:
                path.unlink()
                removed.append(path.name)
            except FileNotFoundError:
                pass
    if removed:
        fsync_dir(folder)
        stamp_folder(folder, stamp)
    return removed
