"""Plain values returned by the store (frozen dataclasses, no crypto inside)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .errors import StoreError

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
    unreadable: int = 0  # messages that could not be opened (skipped, never fatal)


@dataclass(frozen=True)
class NoteSummary:
    """One line of the PMS inbox.

    ``preview`` is decrypted when first read: the inbox reads it only for the rows on
    screen, so listing 10,000 notes decrypts a screenful, not 10,000. A note that cannot be
    read (damaged record, sealed to another key) has a ``problem`` and the status
    ``illisible``; it is listed, never hidden, and never hides the others.
    """

    note_id: str
    date: str
    part_of_day: str
    status: str
    urgent: bool
    open_preview: Callable[[], str] = field(repr=False, compare=False)
    damage: StoreError | None = field(default=None, repr=False, compare=False)
    unread_answer: bool = False  # the student answered since the PMS last read the note

    @cached_property
    def _opened(self) -> tuple[str, StoreError | None]:
        if self.damage is not None:
            return "", self.damage
        try:
            return self.open_preview(), None
        except StoreError as exc:
            return "", exc

    @property
    def preview(self) -> str:
        """The first characters of the note, on one line ("" if it cannot be read)."""
        return self._opened[0]

    @property
    def problem(self) -> StoreError | None:
        """Why the note cannot be read (found when listing, or when its preview is opened)."""
        return self._opened[1]

    @property
    def shown_status(self) -> str:
        """``illisible`` for a note that cannot be read, else its status."""
        return "illisible" if self.problem is not None else self.status


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
    unreadable: int = 0  # messages or memos that could not be opened (skipped, never fatal)
    unread_answer: bool = False
