"""French typography that survives line wrapping.

French puts a space before ``:``, ``;``, ``!``, ``?`` and ``»`` and after ``«``.
Textual and Rich wrap lines at any space, so a narrow column could start a line
with ":" or end one with "«" (issue 12: "a line starts with ':'"). Both libraries
find words with one module-level pattern; :func:`install` swaps it for one that
keeps such a space with its word. Nothing else changes: a line still breaks at
every other space, and text without these marks wraps exactly as before.
"""

from __future__ import annotations

import re

import rich._wrap
import textual._wrap

__all__ = ["WORD", "install"]

#: A word, with an opening « before it and any spaced closing marks after it.
WORD = r"(?:« )?\S+(?: [:;!?»]+(?=\s|$))*"

_TEXTUAL_CHUNK = re.compile(rf"{WORD}\s*|\s+")
_RICH_WORD = re.compile(rf"\s*{WORD}\s*")


def install() -> None:
    """Use the patterns in Textual's and Rich's wrapping (idempotent)."""
    textual._wrap.re_chunk = _TEXTUAL_CHUNK
    rich._wrap.re_word = _RICH_WORD
