"""Test helper: decode QR codes from what the kiosk really draws, and measure their quiet zone.

Sources: a Textual SVG screenshot (the cell grid is rebuilt from its background
``<rect>``s and ``<text>`` runs, never rasterised: fonts and the 1.22 line height break
codes), a grid of cells, or a poster SVG (``<g class="qr">`` groups in module units).

Each cell becomes one module wide and two tall (half blocks), so one image pixel block
is one module: the quiet zone is counted in whole modules, exactly. zxing-cpp decodes
codes with a 1-module margin, so a decode alone proves nothing about scanners that
need the 4 modules the spec asks for: :func:`decode_modules` rejects those.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Decoded", "decode_modules", "decode_poster_svg", "decode_screen_svg", "grid_from_svg", "modules_from_cells"]

UPPER, LOWER, FULL = "\u2580", "\u2584", "\u2588"
SCALE = 6  # image pixels per module


@dataclass(frozen=True)
class Decoded:
    """One code found: its text and its smallest light margin, in modules."""

    text: str
    quiet: int


def _gray(hex_colour: str) -> int:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return (299 * r + 587 * g + 114 * b) // 1000


def grid_from_svg(svg: str, default_bg: str = "#000000") -> list[list[tuple[str, str, str]]]:
    """The screen's cells ``(char, fg, bg)`` from a Rich/Textual SVG export."""
    font = float(re.search(r"-matrix\s*{[^}]*font-size:\s*([\d.]+)px", svg).group(1))
    cell_w, line_h = font * 0.61, font * 1.22  # Rich's export_svg cell metrics
    fills = dict(re.findall(r"\.([\w-]+)\s*{\s*fill:\s*(#[0-9a-fA-F]{6})", svg))
    cells: dict[tuple[int, int], list[str]] = {}
    rect_re = (
        r'<rect fill="(#[0-9a-fA-F]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
        r'height="[\d.]+" shape-rendering="crispEdges"'
    )
    for fill, x, y, width in re.findall(rect_re, svg):
        row, col0 = round((float(y) - 1.5) / line_h), round(float(x) / cell_w)
        for col in range(col0, col0 + round(float(width) / cell_w)):
            cells.setdefault((row, col), [" ", "", default_bg])[2] = fill
    for cls, x, y, text in re.findall(r'<text class="([\w-]+)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        row, col = int(float(y) // line_h), round(float(x) / cell_w)
        for char in html.unescape(text).replace("\n", ""):
            cell = cells.setdefault((row, col), [" ", "", default_bg])
            cell[0], cell[1] = char, fills.get(cls, "")
            col += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    rows = max(r for r, _ in cells) + 1
    cols = max(c for _, c in cells) + 1
    blank = (" ", "", default_bg)
    return [[tuple(cells.get((r, c), blank)) for c in range(cols)] for r in range(rows)]


def modules_from_cells(grid: list[list[tuple[str, str, str]]]) -> list[list[int]]:
    """Gray levels, one per module: each cell gives its top and bottom half."""
    out: list[list[int]] = []
    for row in grid:
        top, bottom = [], []
        for char, fg, bg in row:
            g_fg, g_bg = _gray(fg or bg), _gray(bg)
            t, b = {" ": (g_bg, g_bg), FULL: (g_fg, g_fg), UPPER: (g_fg, g_bg), LOWER: (g_bg, g_fg)}.get(
                char,
                (g_bg, g_bg),  # any other glyph: text, mostly background
            )
            top.append(t)
            bottom.append(b)
        out += [top, bottom]
    return out


def _quiet(dark: list[list[bool]], left: int, top: int, right: int, bottom: int) -> int:
    """Light modules around the symbol box (inclusive), after snapping it to the symbol's edges."""
    h, w = len(dark), len(dark[0])
    col = lambda x: any(dark[y][x] for y in range(top, bottom + 1))  # noqa: E731
    row = lambda y: any(dark[y][x] for x in range(left, right + 1))  # noqa: E731
    for _ in range(3):  # zxing's corners may sit a module inside or outside the symbol
        left += (not col(left)) - (left > 0 and col(left - 1))
        right += (right < w - 1 and col(right + 1)) - (not col(right))
        top += (not row(top)) - (top > 0 and row(top - 1))
        bottom += (bottom < h - 1 and row(bottom + 1)) - (not row(bottom))
    margins = [0, 0, 0, 0]
    while left - margins[0] - 1 >= 0 and not col(left - margins[0] - 1):
        margins[0] += 1
    while right + margins[1] + 1 < w and not col(right + margins[1] + 1):
        margins[1] += 1
    while top - margins[2] - 1 >= 0 and not row(top - margins[2] - 1):
        margins[2] += 1
    while bottom + margins[3] + 1 < h and not row(bottom + margins[3] + 1):
        margins[3] += 1
    return min(margins)


def decode_modules(gray: list[list[int]], min_quiet: int = 4) -> list[Decoded]:
    """Decode a module image (normal polarity only); codes with a thinner margin are dropped."""
    import zxingcpp

    h, w = len(gray), max(len(r) for r in gray)
    gray = [r + [r[-1]] * (w - len(r)) for r in gray]
    dark = [[v < 128 for v in r] for r in gray]
    pixels = bytearray()
    for r in gray:
        line = bytes(v for v in r for _ in range(SCALE))
        pixels += line * SCALE
    view = memoryview(bytes(pixels)).cast("B", (h * SCALE, w * SCALE))
    found = []
    for code in zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False):
        p = code.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        box = [min(xs) // SCALE, min(ys) // SCALE, max(xs) // SCALE, max(ys) // SCALE]
        box = [max(0, v) for v in box]
        box[2], box[3] = min(box[2], w - 1), min(box[3], h - 1)
        quiet = _quiet(dark, *box)
        if quiet >= min_quiet:
            found.append(Decoded(code.text, quiet))
    return found


def decode_screen_svg(svg: str, min_quiet: int = 4) -> list[str]:
    """The payloads of the codes on a screenshot that have a ``min_quiet`` margin."""
    return [d.text for d in decode_modules(modules_from_cells(grid_from_svg(svg)), min_quiet)]


def decode_poster_svg(svg: str) -> list[tuple[str, str]]:
    """``(data-payload, decoded text)`` for each ``<g class="qr">`` of a poster page.

    The group is drawn in module units (a white square of ``data-side`` modules, then
    black rects); it is rebuilt module by module and decoded with its own margin only.
    """
    out = []
    for attrs, body in re.findall(r'<g class="qr"([^>]*)>(.*?)</g>', svg, flags=re.S):
        side = int(re.search(r'data-side="(\d+)"', attrs).group(1))
        payload = html.unescape(re.search(r'data-payload="([^"]*)"', attrs).group(1))
        grid = [[255] * side for _ in range(side)]
        for x, y, width, height in re.findall(r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"/>', body):
            for yy in range(int(y), int(y) + int(height)):
                for xx in range(int(x), int(x) + int(width)):
                    grid[yy][xx] = 0
        texts = [d.text for d in decode_modules(grid, min_quiet=4)]
        out.append((payload, texts[0] if len(texts) == 1 else repr(texts)))
    return out
