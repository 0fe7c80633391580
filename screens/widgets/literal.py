"""Show untrusted words exactly as typed: never as markup, never as terminal codes.

The one widget for every text from outside, console and student side alike (notes, replies,
memos, audit lines). The mapping itself is :mod:`kiosk.content.safe_text` (shared with the
CSV and JSONL exports).

A note may contain ``[bold red]X[/]``, ``[link=…]``, ``\\x1b[31m`` or a bare carriage
return. Rich markup is avoided by building :class:`rich.text.Text` directly (never
``from_markup``); control characters are mapped to visible symbols, because a raw
ESC or CR written to the terminal would be interpreted by it.
"""

from __future__ import annotations

from rich.text import Text

from kiosk.content.safe_text import SPECIAL, symbol

__all__ = ["CONTROL_STYLE", "literal", "visible"]

#: How a mapped control character is shown (a word-free but shape-based cue: reverse video).
CONTROL_STYLE = "reverse"

_symbol = symbol  # the names this module had before the mapping moved to content/
_SPECIAL = SPECIAL


def _pieces(text: str, single_line: bool) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_a_mapped_control) pairs; plain runs stay whole (fast)."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _SPECIAL.finditer(text):
        if match.start() > start:
            pieces.append((text[start : match.start()], False))
        char = match.group()
        if char == "\n":
            pieces.append((" ⏎ " if single_line else "\n", single_line))
        elif char == "\t":
            pieces.append(("    ", False))
        else:
            pieces.append((_symbol(char), True))
        start = match.end()
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces


def visible(text: str, *, single_line: bool = False) -> str:
    """``text`` with every control character replaced by a visible ``\\xNN`` (or ``<U+NNNN>``).

    Newlines are kept (or shown as ``⏎`` when ``single_line``); tabs become spaces.
    """
    return "".join(piece for piece, _ in _pieces(text, single_line))


def literal(text: str, *, single_line: bool = False, style: str = "") -> Text:
    """A :class:`~rich.text.Text` showing ``text`` literally (no markup, no control codes).

    Mapped control characters are shown in reverse video, so ``\\x1b`` typed by hand
    and a real ESC character can be told apart.
    """
    result = Text(style=style, no_wrap=single_line)
    for piece, mapped in _pieces(text, single_line):
        result.append(piece, style=CONTROL_STYLE if mapped else None)
    return result
