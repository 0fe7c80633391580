"""Text from outside made safe for a terminal or a spreadsheet, visibly (pure functions, no Textual).

A note may hold ESC sequences (``\\x1b]0;`` retitles a terminal, ``\\x1b[2J`` clears it, OSC 52
writes the clipboard), BEL, a bare CR that overwrites a line, C1 controls (U+009B is a one-byte
CSI on some terminals) and bidi overrides that reorder what is read. None of them may reach a
terminal raw: each is shown as plain ASCII (``\\x1b``, ``<U+202E>``) so staff can see it was there.
"""

from __future__ import annotations

import re

__all__ = ["SPECIAL", "json_safe", "spreadsheet_cell", "symbol", "visible"]

#: Bidirectional controls and line separators reorder or break the display: name them.
NAMED = {
    0x2028: "<U+2028>",
    0x2029: "<U+2029>",
    **{code: f"<U+{code:04X}>" for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}

#: Every character that is not shown as itself (controls, newline and tab included).
SPECIAL = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(chr(code) for code in NAMED) + "]")
_UNSAFE_FOR_JSON = re.compile("[\x7f-\x9f" + "".join(chr(code) for code in NAMED) + "]")
#: A cell starting with one of these is a formula in Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@")


def symbol(char: str) -> str:
    """The visible stand-in of one special character (plain ASCII: a Linux console font has no ␛)."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    return NAMED.get(code, char)


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control shown as ``\\xNN`` or ``<U+NNNN>``; newlines kept, tabs as spaces."""

    def swap(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\n" and keep_newlines:
            return "\n"
        if char == "\t":
            return "    "
        return symbol(char)

    return SPECIAL.sub(swap, text)


def spreadsheet_cell(text: str) -> str:
    """A text cell for CSV: controls visible, and never read as a formula (a leading ``'``)."""
    cell = visible(text)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def json_safe(line: str) -> str:
    """A JSON text whose C1 and bidi characters are written as ``\\uNNNN`` escapes.

    ``json.dumps(ensure_ascii=False)`` already escapes C0; the data a machine reads back is
    unchanged, but nothing raw reaches the terminal the export is printed on.
    """
    return _UNSAFE_FOR_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
