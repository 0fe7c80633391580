"""Why a text a child wrote did not go out: one list of kinds for every student screen that sends.

The note form, the follow-up answer and the follow-up code entry all turn a store error into a
:class:`FailureKind` with :func:`failure_of`, and into words with :func:`failure_text`, which
reads the sentence of each kind from :data:`SAID` (one key per place, in every pack). A test
walks the Enum: a kind without a sentence in a language, or without a place, fails it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.content.errors import translate_error

from .widgets import format_emergency

__all__ = ["SAID", "FailureKind", "SendFailure", "Where", "failure_of", "failure_text"]


class FailureKind(StrEnum):
    """Why the store did not take a note, an answer or a code."""

    WRITE = "write"  # not written durably: disk full, read-only folder, no permission
    FLOOD = "flood"  # too many notes from this kiosk just now (FloodLimited)
    NOT_READY = "not_ready"  # no key yet: the kiosk was never set up (NotInitialized)
    INVALID = "invalid"  # the text or a field was refused (InvalidInput, ValueError)
    UNKNOWN_CODE = "unknown_code"  # no note has this follow-up code
    TOO_MANY = "too_many"  # wrong codes typed here lately (TooManyAttempts)


class Where(StrEnum):
    """The place the failure is said: each has its own wording (your message / your answer)."""

    NOTE = "note"
    ANSWER = "answer"
    CODE = "code"


#: The UI string said for each kind, in each place ({reason} and {numbers} are filled in).
SAID: dict[FailureKind, dict[Where, str]] = {
    FailureKind.WRITE: {Where.NOTE: "notes.not_sent", Where.ANSWER: "followup.not_sent", Where.CODE: "notes.not_sent"},
    FailureKind.FLOOD: {Where.NOTE: "notes.flood", Where.ANSWER: "followup.flood", Where.CODE: "notes.not_sent"},
    FailureKind.NOT_READY: {
        Where.NOTE: "notes.not_ready",
        Where.ANSWER: "followup.not_ready_sent",
        Where.CODE: "notes.not_sent",
    },
    FailureKind.INVALID: {
        Where.NOTE: "notes.not_sent",
        Where.ANSWER: "followup.not_sent",
        Where.CODE: "notes.not_sent",
    },
    FailureKind.UNKNOWN_CODE: {
        Where.NOTE: "notes.not_sent",
        Where.ANSWER: "followup.not_sent",
        Where.CODE: "followup.unknown",
    },
    FailureKind.TOO_MANY: {
        Where.NOTE: "notes.not_sent",
        Where.ANSWER: "followup.not_sent",
        Where.CODE: "followup.too_many",
    },
}


@dataclass(frozen=True)
class SendFailure:
    """A refusal by the store: its kind, and the store's error (its code gives the reason)."""

    kind: FailureKind
    error: BaseException | None = None


def failure_of(error: BaseException) -> SendFailure | None:
    """The kind of a store refusal, or None for an unexpected error (a bug, not a refusal)."""
    from kiosk.store import FloodLimited, NotInitialized, TooManyAttempts, UnknownCode, WriteFailed

    kinds: list[tuple[type[BaseException], FailureKind]] = [
        (WriteFailed, FailureKind.WRITE),
        (FloodLimited, FailureKind.FLOOD),
        (NotInitialized, FailureKind.NOT_READY),
        (UnknownCode, FailureKind.UNKNOWN_CODE),
        (TooManyAttempts, FailureKind.TOO_MANY),
        (ValueError, FailureKind.INVALID),  # InvalidInput is a ValueError too
    ]
    for error_type, kind in kinds:
        if isinstance(error, error_type):
            return SendFailure(kind, error)
    return None


def failure_text(t: Callable[..., str], failure: SendFailure, where: Where, numbers: Sequence[Any]) -> str:
    """The sentence for ``failure`` at ``where``, in ``t``'s language, the draft said to be kept."""
    reason = translate_error(t, failure.error) if failure.error is not None else "?"
    return t(SAID[failure.kind][where], reason=reason or "?", numbers=format_emergency(numbers))
