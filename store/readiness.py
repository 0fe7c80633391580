"""Can this kiosk take a note right now? A status code, checked before a child starts writing.

The check writes nothing: a probe file would change the folder's modification time at each
visit, and the folder's times must never say when a child came (half-day rule). It asks the
system instead: is there a public key, may this process create files in the data folder, is
there room left. Screens and the CLI turn the code into words (``notes.unavailable.{code}``,
``console.ready.{code}``).
"""

from __future__ import annotations

import os
import shutil
from enum import StrEnum
from pathlib import Path

__all__ = ["MIN_FREE_BYTES", "Readiness", "check_readiness"]

#: Below this much free space a note (and the rewrite of the notes file) may not fit.
MIN_FREE_BYTES = 5 * 1024 * 1024


class Readiness(StrEnum):
    """Whether a note can be stored now; anything but ``OK`` names the cause."""

    OK = "ok"
    NOT_INITIALIZED = "not_initialized"
    KEY_DAMAGED = "key_damaged"
    READ_ONLY = "read_only"
    DISK_FULL = "disk_full"


def _room_needed(notes_file: Path) -> int:
    """Free bytes a write needs: the notes file is rewritten whole, next to itself."""
    try:
        size = notes_file.stat().st_size
    except OSError:
        size = 0
    return MIN_FREE_BYTES + 2 * size


def _writable(folder: Path) -> bool:
    """May this process create and replace files in ``folder`` (and use its lock file)?"""
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    lock = folder / ".notes.json.lock"
    return not lock.exists() or os.access(lock, os.W_OK)


def check_readiness(data_dir: Path, public_key_ok: bool) -> Readiness:
    """The cause that would stop a note being stored in ``data_dir`` now, or ``OK``.

    ``public_key_ok`` is the store's own answer to "is the public key there and well formed".
    """
    folder = Path(data_dir)
    if not (folder / "public.key").exists():
        return Readiness.NOT_INITIALIZED
    if not public_key_ok:
        return Readiness.KEY_DAMAGED
    if not _writable(folder):
        return Readiness.READ_ONLY
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return Readiness.READ_ONLY
    if free < _room_needed(folder / "notes.json"):
        return Readiness.DISK_FULL
    return Readiness.OK
