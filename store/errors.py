"""Exceptions of the note store: a code and plain parameters, never a sentence.

Every :class:`StoreError` carries ``.code`` (an :class:`ErrorCode`) and ``.params`` (a dict of
plain values). Screens and the CLI show ``t(f"errors.{code}", **params)`` from the content
packs (``strings/errors.yaml``), so every message exists in French, Dutch and English and the
store holds no UI sentence. ``str(exc)`` is only for logs and tests (``code key=value``).
"""

from __future__ import annotations

import errno
import math
from enum import StrEnum
from typing import Any

__all__ = [
    "AlreadyInitialized",
    "ErrorCode",
    "FloodLimited",
    "InvalidInput",
    "NotInitialized",
    "StoreError",
    "TooManyAttempts",
    "UnknownCode",
    "UnlockDelayed",
    "WriteFailed",
    "WrongPassphrase",
    "os_error_code",
]


class ErrorCode(StrEnum):
    """Every reason the store can give; the value is the key under ``errors.`` in the packs."""

    # keys and set-up
    NOT_INITIALIZED = "not_initialized"
    ALREADY_INITIALIZED = "already_initialized"
    KEYS_PRESENT = "keys_present"
    PUBLIC_KEY_DAMAGED = "public_key_damaged"
    PUBLIC_KEY_MISSING = "public_key_missing"
    PUBLIC_KEY_FILE_BAD = "public_key_file_bad"
    PRIVATE_KEY_DAMAGED = "private_key_damaged"
    WRITE_ONLY_KIOSK = "write_only_kiosk"
    WRONG_PASSPHRASE = "wrong_passphrase"
    WRONG_RECOVERY = "wrong_recovery"
    UNLOCK_DELAYED = "unlock_delayed"
    PASSPHRASE_EMPTY = "passphrase_empty"
    SESSION_LOCKED = "session_locked"
    # students
    FLOOD_LIMITED = "flood_limited"
    UNKNOWN_CODE = "unknown_code"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    CODE_NOT_CREATED = "code_not_created"
    # input
    TEXT_EMPTY = "text_empty"
    TEXT_TOO_LONG = "text_too_long"
    TEXT_INVALID = "text_invalid"
    CONTACT_TOO_LONG = "contact_too_long"
    BAD_ANSWER = "bad_answer"
    BAD_STATUS = "bad_status"
    BAD_NOTE_ID = "bad_note_id"
    NOTE_GONE = "note_gone"
    NOTE_UNREADABLE = "note_unreadable"
    # files: writing
    WRITE_DISK_FULL = "write_disk_full"
    WRITE_QUOTA = "write_quota"
    WRITE_READ_ONLY = "write_read_only"
    WRITE_NO_ACCESS = "write_no_access"
    WRITE_BUSY = "write_busy"
    WRITE_OTHER = "write_other"
    # files: reading
    READ_NO_ACCESS = "read_no_access"
    READ_OTHER = "read_other"
    FILE_MISSING = "file_missing"
    IS_A_FOLDER = "is_a_folder"
    FILE_DAMAGED = "file_damaged"
    FILE_EMPTY = "file_empty"
    FILE_SYMLINK = "file_symlink"
    FILE_TOO_NEW = "file_too_new"
    FILE_TOO_BIG = "file_too_big"
    META_BAD = "meta_bad"
    # problems shown by status, check and the console (not raised)
    QUARANTINED = "quarantined"
    LOW_SPACE = "low_space"
    AUDIT_NOT_WRITTEN = "audit_not_written"
    COUNTER_NOT_SAVED = "counter_not_saved"
    KEYS_MISMATCH = "keys_mismatch"
    MESSAGES_DAMAGED = "messages_damaged"
    COUNTER_DAMAGED = "counter_damaged"
    # what ``store check --repair`` did
    SET_ASIDE_FILE = "set_aside_file"
    SET_ASIDE_RECORD = "set_aside_record"
    SET_ASIDE_MESSAGES = "set_aside_messages"
    PUBLIC_KEY_RESTORED = "public_key_restored"
    VERIFY_KEY_FILE_BAD = "verify_key_file_bad"
    # several kiosks (kiosk sync): why a spool file or one of its items was not taken
    SYNC_NO_SPOOL = "sync_no_spool"
    SYNC_BAD_KIOSK_ID = "sync_bad_kiosk_id"
    SYNC_INCOMPLETE = "sync_incomplete"
    SYNC_BAD_FORMAT = "sync_bad_format"
    SYNC_WRONG_KIOSK = "sync_wrong_kiosk"
    SYNC_RENAMED = "sync_renamed"
    SYNC_TOO_MANY_NOTES = "sync_too_many_notes"
    SYNC_FILE_TOO_BIG = "sync_file_too_big"
    SYNC_NOT_A_FILE = "sync_not_a_file"
    SYNC_FILE_UNREADABLE = "sync_file_unreadable"
    SYNC_NO_VERIFY_KEY = "sync_no_verify_key"
    SYNC_BAD_SIGNATURE = "sync_bad_signature"
    SYNC_BAD_ITEM = "sync_bad_item"
    SYNC_BAD_ID = "sync_bad_id"
    SYNC_BAD_DATE = "sync_bad_date"
    SYNC_BAD_BOX = "sync_bad_box"
    SYNC_FORGED_AUTHOR = "sync_forged_author"
    SYNC_TOO_MANY = "sync_too_many"
    SYNC_DUPLICATE = "sync_duplicate"
    SYNC_ILLISIBLE = "sync_illisible"
    SYNC_ID_CONFLICT = "sync_id_conflict"
    SYNC_NAME_TAKEN = "sync_name_taken"


class StoreError(Exception):
    """Base class of every store error: ``code`` and ``params`` say what happened."""

    code: ErrorCode = ErrorCode.READ_OTHER

    def __init__(self, code: ErrorCode | None = None, /, **params: Any) -> None:
        if code is not None:
            self.code = code
        self.params = params
        detail = " ".join(f"{key}={value}" for key, value in params.items())
        super().__init__(f"{self.code} {detail}".strip())


class InvalidInput(StoreError, ValueError):
    """Bad input (empty or too long text, unknown choice): also a ValueError for old callers."""

    code = ErrorCode.TEXT_EMPTY


class NotInitialized(StoreError):
    """No key pair in the data dir yet (run ``kiosk init``)."""

    code = ErrorCode.NOT_INITIALIZED


class AlreadyInitialized(StoreError):
    """The data dir already holds keys or notes: nothing is overwritten."""

    code = ErrorCode.ALREADY_INITIALIZED


class WrongPassphrase(StoreError):
    """The passphrase (or recovery code) did not open the private key."""

    code = ErrorCode.WRONG_PASSPHRASE


class UnlockDelayed(StoreError):
    """Too many wrong passphrases: wait ``seconds`` before the next try."""

    code = ErrorCode.UNLOCK_DELAYED

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)
        super().__init__(seconds=max(1, round(self.seconds)))


class FloodLimited(StoreError):
    """Too many ordinary notes in a short time (protects the PMS from a flood; never urgent notes)."""

    code = ErrorCode.FLOOD_LIMITED


class WriteFailed(StoreError):
    """Something could not be written durably (disk full, read-only folder, no permission)."""

    code = ErrorCode.WRITE_OTHER


class UnknownCode(StoreError):
    """No note matches this follow-up code."""

    code = ErrorCode.UNKNOWN_CODE


class TooManyAttempts(StoreError):
    """Wrong follow-up codes typed here lately: no code is tried for ``seconds`` (whole, ≥ 1)."""

    code = ErrorCode.TOO_MANY_ATTEMPTS

    def __init__(self, seconds: float) -> None:
        self.seconds = max(1, math.ceil(seconds))
        super().__init__(seconds=self.seconds)


_WRITE_CODES = {
    errno.ENOSPC: ErrorCode.WRITE_DISK_FULL,
    errno.EDQUOT: ErrorCode.WRITE_QUOTA,
    errno.EROFS: ErrorCode.WRITE_READ_ONLY,
    errno.EACCES: ErrorCode.WRITE_NO_ACCESS,
    errno.EPERM: ErrorCode.WRITE_NO_ACCESS,
}


def os_error_code(exc: OSError, *, writing: bool = True) -> tuple[ErrorCode, dict[str, str]]:
    """The code and params of a failed file operation (the real cause: no access ≠ damaged)."""
    if isinstance(exc, TimeoutError):  # filelock.Timeout: another program kept the lock
        return ErrorCode.WRITE_BUSY, {}
    if writing and exc.errno in _WRITE_CODES:
        return _WRITE_CODES[exc.errno], {}
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ErrorCode.READ_NO_ACCESS, {}
    if exc.errno == errno.ENOENT:
        return ErrorCode.FILE_MISSING, {}
    if exc.errno == errno.EISDIR:
        return ErrorCode.IS_A_FOLDER, {}
    detail = errno.errorcode.get(exc.errno or 0, exc.__class__.__name__)
    return (ErrorCode.WRITE_OTHER if writing else ErrorCode.READ_OTHER), {"detail": detail}
