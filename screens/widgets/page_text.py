"""A content page's Markdown as one Rich renderable, drawn by one widget.

Textual's ``Markdown`` widget mounts a widget per paragraph, list item and heading, each
styled by CSS: 100–240 ms to open a page on the kiosk's machine. A page is text only, so it
is turned once into Rich objects (paragraphs, headings, lists with a hanging indent) that a
single ``Static`` draws: opening it is then a layout of one widget.

:func:`page_renderable` is pure and cached by the Markdown text, so a page prepared after
the first paint (:mod:`kiosk.screens.prepare`) and one built when it is opened are the same
object. It understands what the content guide allows (paragraphs, ``**bold**``, ``*italic*``,
``- `` lists, ``## headings``) and never loses words of anything else: an unknown block is
shown as its plain text, raw HTML as written.
"""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from kiosk.screens.theme import KIOSK_VARIABLES

__all__ = ["page_renderable", "Hanging", "PAGE_STYLES"]

#: The theme's highlight colour. Pages are built as pure, cached Rich objects (possibly before
#: the app has a theme), so the colour is read from the theme's definition, not from the app.
_HIGHLIGHT = KIOSK_VARIABLES["kiosk-highlight"]
#: Close to what Textual's Markdown drew with the kiosk theme.
PAGE_STYLES = {
    "h1": Style(bold=True, underline=True, color=_HIGHLIGHT),
    "h2": Style(underline=True, color=_HIGHLIGHT),
    "h3": Style(bold=True, color=_HIGHLIGHT),
    "bullet": Style(color=_HIGHLIGHT),
    "quote": Style(color=_HIGHLIGHT),
    "code": Style(reverse=True),
    "link": Style(underline=True),
}
_INLINE = {
    "strong": Style(bold=True),
    "em": Style(italic=True),
    "s": Style(strike=True),
    "link": PAGE_STYLES["link"],
}
#: Cached pages (about 25 per language, three languages, with room for a custom content folder).
CACHE_SIZE = 256


class Hanging:
    """``marker`` then ``body``, whose further lines are indented by the marker's width.

    A list item. Rich's ``Table.grid`` does the same but measures every cell: ten times
    slower on a page of bullets, and this is drawn on the UI thread when a page opens.
    """

    def __init__(self, marker: str, body: list[RenderableType], style: Style) -> None:
        self.marker = marker
        self.body = body
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = len(self.marker)
        inner = options.update_width(max(1, options.max_width - indent))
        lines = console.render_lines(Group(*self.body), inner, pad=False)
        for number, line in enumerate(lines):
            yield Segment(self.marker if number == 0 else " " * indent, self.style if number == 0 else None)
            yield from line
            yield Segment.line()


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt  # heavy: imported after the first paint, by the preparation

    return MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")


@lru_cache(maxsize=CACHE_SIZE)
def page_renderable(markdown: str) -> Group:
    """The page ``markdown`` as Rich renderables, a blank line between blocks."""
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(_parser().parse(markdown))
    return Group(*_blocks(tree, spaced=True))


def _blocks(node, spaced: bool) -> list[RenderableType]:
    """The block children of ``node``; ``spaced`` puts a blank line between them."""
    out: list[RenderableType] = []
    for child in node.children:
        block = _block(child)
        if block is None:
            continue
        if spaced and out:
            out.append(Text(""))
            if child.type == "heading":
                out.append(Text(""))  # a heading stands apart from what comes before
        out.append(block)
    return out


def _block(node) -> RenderableType | None:
    kind = node.type
    if kind == "paragraph":
        return _inline_of(node)
    if kind == "heading":
        level = int(node.tag[1:])
        return _inline_of(node, PAGE_STYLES.get(f"h{level}", PAGE_STYLES["h3"]))
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind == "blockquote":
        return Hanging("▌ ", _blocks(node, spaced=True), PAGE_STYLES["quote"])
    if kind == "hr":
        return Rule(style=PAGE_STYLES["bullet"])
    if kind in ("fence", "code_block", "html_block"):
        return Text(node.content.rstrip("\n"))
    if kind == "table":
        return Text("\n".join(_plain(row) for row in _rows(node)))
    words = _plain(node)
    return Text(words) if words else None


def _list(node) -> Group:
    """A list: each item's marker, and its wrapped lines under its first word."""
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 0
    items = []
    for number, item in enumerate(node.children, start=start):
        marker = f"{number}. " if node.type == "ordered_list" else "• "
        items.append(Hanging(marker, _blocks(item, spaced=False), PAGE_STYLES["bullet"]))
    return Group(*items)


def _rows(node):
    for child in node.children:
        if child.type == "tr":
            yield child
        else:
            yield from _rows(child)


def _inline_of(node, style: Style | None = None) -> Text:
    text = Text(style=style or "")
    for child in node.children:
        _inline(child, text, Style())
    return text


def _inline(node, text: Text, style: Style) -> None:
    """Append the inline ``node`` to ``text`` in ``style`` (bold, italic… nest)."""
    kind = node.type
    if kind in ("text", "html_inline"):
        text.append(node.content, style or None)
    elif kind == "softbreak":
        text.append(" ")
    elif kind == "hardbreak":
        text.append("\n")
    elif kind == "code_inline":
        text.append(node.content, style + PAGE_STYLES["code"])
    elif kind == "image":
        text.append(_plain(node) or node.attrs.get("alt", ""), style or None)
    else:  # strong, em, s, link, and anything unknown: its children, styled when known
        inner = style + _INLINE[kind] if kind in _INLINE else style
        if not node.children and node.content:
            text.append(node.content, inner or None)
        for child in node.children:
            _inline(child, text, inner)


def _plain(node) -> str:
    """Every word under ``node``, without style."""
    if node.type in ("text", "code_inline", "html_inline", "fence", "code_block", "html_block"):
        return node.content
    if node.type == "softbreak":
        return " "
    parts = [_plain(child) for child in node.children]
    sep = " | " if node.type == "tr" else ("\n" if node.type in ("tbody", "thead") else "")
    return sep.join(part for part in parts if part) if node.children else (node.content or "")
