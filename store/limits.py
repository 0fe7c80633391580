"""Limits shared by the store and the screens (one place, so the two can never disagree).

No import here: the screens read these at start-up for free.
"""

from __future__ import annotations

__all__ = ["MAX_CONTACT_CHARS", "MAX_TEXT_CHARS"]

#: Longest note, reply, answer or memo, in characters (the note form's counter shows it).
MAX_TEXT_CHARS = 4000
#: Longest "how to reach me" answer.
MAX_CONTACT_CHARS = 200
