"""Encrypted, crash-safe storage of the students' notes (TinyDB + PyNaCl). No Textual here.

Importing this package is cheap: PyNaCl, TinyDB and filelock load on first use.
"""

from .errors import (
    AlreadyInitialized,
    ErrorCode,
    FloodLimited,
    InvalidInput,
    NotInitialized,
    StoreError,
    TooManyAttempts,
    UnknownCode,
    UnlockDelayed,
    WriteFailed,
    WrongPassphrase,
)
from .limits import MAX_CONTACT_CHARS, MAX_TEXT_CHARS
from .models import STATUSES, FollowupView, Message, NoteSummary, NoteView, Receipt
from .notes import NoteStore
from .readiness import Readiness
from .session import ExportResult, PmsSession

__all__ = [
    "MAX_CONTACT_CHARS",
    "MAX_TEXT_CHARS",
    "STATUSES",
    "AlreadyInitialized",
    "ErrorCode",
    "ExportResult",
    "InvalidInput",
    "FloodLimited",
    "FollowupView",
    "Message",
    "NoteStore",
    "NoteSummary",
    "NoteView",
    "NotInitialized",
    "PmsSession",
    "Readiness",
    "Receipt",
    "StoreError",
    "TooManyAttempts",
    "UnknownCode",
    "UnlockDelayed",
    "WriteFailed",
    "WrongPassphrase",
]
