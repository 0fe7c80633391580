"""Show a student's words exactly as typed: never as markup, never as terminal codes.

A note may contain ``[bold red]X[/]``, ``[link=…]``, ``\\x1b[31m`` or a bare carriage
return. Rich markup is avoided by building :class:`rich.text.Text` directly (never
``from_markup``); control characters are mapped to visible symbols, because a raw
ESC or CR written to the terminal would be interpreted by it.
"""

from __future__ import annotations

from rich.text import Text

__all__ = ["literal", "visible"]

#: Bidirectional overrides and line separators reorder or break the display: name them.
_NAMED = {
    0x2028: "<U+2028>",
    0x2029: "<U+2029>",
    **{code: f"<U+{code:04X}>" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def _symbol(char: str) -> str:
    code = ord(char)
    if code == 0x1B:
        return "␛"
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (Unicode "control pictures")
    if code == 0x7F:
        return "␡"
    if 0x80 <= code <= 0x9F:
        return f"\\x{code:02x}"  # C1 controls (0x9b is a one-byte CSI)
    return _NAMED.get(code, char)


def _needs_mapping(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F or code in _NAMED


def visible(text: str, *, single_line: bool = False) -> str:
    """``text`` with every control character replaced by a visible symbol.

    Newlines are kept (or shown as ``⏎`` when ``single_line``); tabs become spaces.
    """
    out: list[str] = []
    for char in text:
        if char == "\n":
            out.append(" ⏎ " if single_line else "\n")
        elif char == "\t":
            out.append("    ")
        elif _needs_mapping(char):
            out.append(_symbol(char))
        else:
            out.append(char)
    return "".join(out)


def literal(text: str, *, single_line: bool = False, style: str = "") -> Text:
    """A :class:`~rich.text.Text` showing ``text`` literally (no markup, no control codes)."""
    return Text(visible(text, single_line=single_line), style=style, no_wrap=single_line)
