"""Show a student's words exactly as typed: never as markup, never as terminal codes.

A note may contain ``[bold red]X[/]``, ``[link=…]``, ``\\x1b[31m`` or a bare carriage
return. Rich markup is avoided by building :class:`rich.text.Text` directly (never
``from_markup``); control characters are mapped to visible symbols, because a raw
ESC or CR written to the terminal would be interpreted by it.
"""

from __future__ import annotations

import re

from rich.text import Text

__all__ = ["CONTROL_STYLE", "literal", "visible"]

#: How a mapped control character is shown (a word-free but shape-based cue: reverse video).
CONTROL_STYLE = "reverse"

#: Bidirectional overrides and line separators reorder or break the display: name them.
_NAMED = {
    0x2028: "<U+2028>",
    0x2029: "<U+2029>",
    **{code: f"<U+{code:04X}>" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def _symbol(char: str) -> str:
    # Plain ASCII (``\x1b``), not the Unicode control pictures: a Linux console font has no ␛.
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    return _NAMED.get(code, char)


#: Every character that is not shown as itself (controls, newline and tab included).
_SPECIAL = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(chr(code) for code in _NAMED) + "]")


def _pieces(text: str, single_line: bool) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_a_mapped_control) pairs; plain runs stay whole (fast)."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _SPECIAL.finditer(text):
        if match.start() > start:
            pieces.append((text[start:match.start()], False))
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
