"""What a text must be to be stored: not blank (to the eye), not too long, encodable.

Apart from :mod:`kiosk.store.notes` so the session can check a reply without importing
the store module that opens it (no import cycle).
"""

from __future__ import annotations

import unicodedata

from .errors import ErrorCode, InvalidInput
from .limits import MAX_TEXT_CHARS

__all__ = ["check_text", "is_blank"]

#: Blank characters that Unicode does not class as spaces or format characters.
_INVISIBLE = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}


def is_blank(text: str) -> bool:
    """True when nothing in ``text`` would be seen: spaces, controls, zero-width and bidi marks."""
    return all(
        ch.isspace() or ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") for ch in text
    )


def check_text(text: str, limit: int = MAX_TEXT_CHARS) -> bytes:
    """The UTF-8 bytes of a message text; :class:`InvalidInput` if empty, too long or not encodable."""
    if not isinstance(text, str):
        raise InvalidInput(ErrorCode.TEXT_EMPTY)
    if len(text) > limit:
        raise InvalidInput(ErrorCode.TEXT_TOO_LONG, limit=limit)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(ErrorCode.TEXT_INVALID) from None  # a lone surrogate
    if is_blank(text):
        raise InvalidInput(ErrorCode.TEXT_EMPTY)
    return data
