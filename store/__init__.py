"""Encrypted, crash-safe storage of the students' notes (TinyDB + PyNaCl). No Textual here.

Importing this package is cheap: PyNaCl, TinyDB and filelock load on first use.
"""

from .errors import (
    AlreadyInitialized,
    FloodLimited,
    NotInitialized,
    StoreError,
    TooManyAttempts,
    UnknownCode,
    UnlockDelayed,
    WriteFailed,
    WrongPassphrase,
)
from .models import STATUSES, FollowupView, Message, NoteSummary, NoteView, Receipt
from .notes import NoteStore
from .readiness import Readiness
from .session import PmsSession

__all__ = [
    "STATUSES",
    "AlreadyInitialized",
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
