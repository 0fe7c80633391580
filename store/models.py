"""Plain values returned by the store (frozen dataclasses, no crypto inside)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

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
    """One line of the PMS inbox.

    ``preview`` is decrypted when first read: the inbox reads it only for the rows on
    screen, so listing 10,000 notes decrypts a screenful, not 10,000.
    """

    note_id: str
    date: str
    part_of_day: str
    status: str
    urgent: bool
    open_preview: Callable[[], str] = field(repr=False, compare=False)
    unread_answer: bool = False  # the student answered since the PMS last read the note

    @cached_property
    def preview(self) -> str:
        """The first characters of the note, on one line."""
        return self.open_preview()


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
    unread_answer: bool = False
