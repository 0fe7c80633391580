"""Plain values returned by the store (frozen dataclasses, no crypto inside)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["STATUSES", "FollowupView", "Message", "NoteSummary", "NoteView", "Receipt"]

STATUSES = ("nouveau", "en_cours", "traite")


@dataclass(frozen=True)
class Receipt:
    """What the student gets once the note is durable: its id and follow-up code."""

    note_id: str
    code: str
    date: str
    part_of_day: str


@dataclass(frozen=True)
class Message:
    """One message of a conversation; ``author`` is ``"eleve"`` or ``"pms"``."""

    author: str
    text: str
    date: str
    part_of_day: str


@dataclass(frozen=True)
class FollowupView:
    """What a student sees with the code: the note first, then replies and answers in order."""

    note_id: str
    messages: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class NoteSummary:
    """One line of the PMS inbox."""

    note_id: str
    date: str
    part_of_day: str
    status: str
    urgent: bool
    preview: str


@dataclass(frozen=True)
class NoteView:
    """A whole note, decrypted, for the PMS console."""

    note_id: str
    date: str
    part_of_day: str
    status: str
    urgent: bool
    text: str
    answers: dict[str, str] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    memos: list[Message] = field(default_factory=list)
