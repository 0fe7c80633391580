"""The A4 poster of one role in one language: a layout, drawn as SVG text or PDF bytes.

Most young people do not know these lines exist: the poster goes on notice boards.
One page per role and language: a headline for its audience (adults "vous", students
"tu"), where the kiosk stands (``--where``, or a line to write it by hand), the
emergency numbers, the main lines with their QR codes, the local PMS centres, and the
**oldest** verification date of the numbers shown (never the print date: a 2016 number
must not look checked today).

What goes on it is content, so a school can change it: the group ``poster-ROLE`` (main
lines) and ``poster-pms`` (local PMS) in ``contacts.yaml``; without them, the role's
contacts. The layout is a list of plain items in millimetres (:class:`Text`, :class:`Box`,
:class:`Code`), measured with the PDF's own font metrics (Helvetica), so the SVG and
the PDF place the same words at the same spot and nothing is cut: a text that does not
fit gets a smaller font, never an ellipsis. Codes are vector rectangles with their
4-module quiet zone (``<g class="qr">`` in module units in the SVG, so a test can read
the matrix back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import Any

from .models import Contact, ContentPack
from .qr import QUIET_ZONE, contact_codes, display_number, qr_matrix

__all__ = [
    "ROLES",
    "Box",
    "Code",
    "Poster",
    "PosterEntry",
    "Text",
    "oldest_verified",
    "poster_contacts",
    "poster_entries",
    "poster_layout",
    "poster_pdf",
    "poster_svg",
    "role_contacts",
    "text_width",
]

ROLES = ("eleve", "parent", "equipe")
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
WIDTH = PAGE_W - 2 * MARGIN
#: At most this many main lines (2 columns x 3 rows) and local PMS centres (one row).
MAX_LINES, MAX_PMS = 6, 5
#: Points per millimetre: fonts are sized in mm here, in pt in the PDF.
PT_PER_MM = 72 / 25.4
FONT_SVG = "Helvetica, Arial, 'Liberation Sans', sans-serif"
DATE_FORMAT = "%d/%m/%Y"
BLACK, WHITE = "#000000", "#ffffff"
NBSP = "\u00a0"


# -- what goes on the poster ---------------------------------------------------


@dataclass(frozen=True)
class PosterEntry:
    """One contact as printed: its words, its code and what the code does."""

    id: str
    name: str
    for_whom: str
    numbers: tuple[str, ...]
    email: str
    hours: str
    payload: str
    kind: str  # "call" or "save"
    updated: dt.date | None


def role_contacts(pack: ContentPack, role: str) -> list[Contact]:
    """The contacts a role sees: those reached from its menus, then those for its audience."""
    ids: list[str] = []
    seen_menus: set[str] = set()

    def walk(menu_id: str) -> None:
        menu = pack.menus.get(menu_id)
        if menu is None or menu_id in seen_menus:
            return
        seen_menus.add(menu_id)
        for item in menu.items:
            if item.kind == "menu":
                walk(item.ref)
            elif item.kind == "contacts" and item.ref in pack.groups:
                ids.extend(pack.groups[item.ref].contacts)
            elif item.kind == "contact":
                ids.append(item.ref)

    walk(role)
    ids += [c.id for c in pack.contacts.values() if role in c.audience or "tous" in c.audience]
    unique = dict.fromkeys(ref for ref in ids if ref in pack.contacts)
    return [pack.contacts[ref] for ref in unique]


def _group(pack: ContentPack, group_id: str) -> list[Contact]:
    group = pack.groups.get(group_id)
    if group is None:
        return []
    # A member named twice is printed once.
    return [pack.contacts[ref] for ref in dict.fromkeys(group.contacts) if ref in pack.contacts]


def poster_entries(contacts: list[Contact]) -> list[PosterEntry]:
    """Entries for the contacts that have a code (a MECARD when phone and e-mail, else TEL)."""
    entries = []
    for contact in contacts:
        codes = contact_codes(contact)
        if codes.phones and contact.email and codes.save:
            payload, kind = codes.save, "save"
        elif codes.call:
            payload, kind = codes.call, "call"
        else:
            continue  # nothing to scan: an e-mail-only service is not worth a poster slot
        numbers = tuple(display_number(p) for p in codes.phones)
        entries.append(
            PosterEntry(
                contact.id,
                contact.name,
                contact.for_whom,
                numbers,
                contact.email,
                contact.hours,
                payload,
                kind,
                contact.updated,
            )
        )
    return entries


def poster_contacts(pack: ContentPack, role: str) -> tuple[list[PosterEntry], list[PosterEntry]]:
    """(main lines, local PMS) of a role's poster.

    From the ``poster-ROLE`` / ``poster-pms`` groups, else the role's contacts.
    """
    pms = poster_entries(_group(pack, "poster-pms"))[:MAX_PMS]
    lines = poster_entries(_group(pack, f"poster-{role}"))
    if not lines:
        taken = {entry.id for entry in pms}
        lines = [e for e in poster_entries(role_contacts(pack, role)) if e.id not in taken]
    return lines[:MAX_LINES], pms


def oldest_verified(entries: list[PosterEntry]) -> tuple[dt.date | None, list[str]]:
    """The oldest ``updated`` date among ``entries``, and the names of those without one."""
    dates = [e.updated for e in entries if e.updated is not None]
    return (min(dates) if dates else None), [e.name for e in entries if e.updated is None]


# -- drawing items -------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """One line of text; ``y`` is its baseline."""

    x: float
    y: float
    size: float
    text: str
    bold: bool = False
    anchor: str = "start"  # start, middle or end
    colour: str = BLACK


@dataclass(frozen=True)
class Box:
    """A rectangle, filled (``fill``) or outlined (``stroke`` mm wide)."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: float = 0.0


@dataclass(frozen=True)
class Code:
    """A QR code ``size`` mm wide, its quiet zone included."""

    payload: str
    x: float
    y: float
    size: float


@dataclass
class Poster:
    """One A4 page: its items, and what it shows (for the CLI's summary and the tests)."""

    role: str
    lang: str
    title: str
    lines: list[PosterEntry]
    pms: list[PosterEntry]
    verified: dt.date | None
    undated: list[str]
    items: list[Text | Box | Code] = field(default_factory=list)

    @property
    def entries(self) -> list[PosterEntry]:
        """Every contact printed with a code, in page order."""
        return self.lines + self.pms


# -- text measurement (Helvetica, as the PDF prints it) -------------------------

#: Typographic characters outside Latin-1 that Helvetica in a PDF can still print (cp1252),
#: and spaces it lacks.
_SPACES = str.maketrans({"\u202f": " ", "\u2009": " ", "\u00a0": " "})


def printable(text: str) -> str:
    """``text`` in the PDF core fonts' encoding (windows-1252); other characters become ``?``."""
    return text.translate(_SPACES).encode("cp1252", "replace").decode("cp1252")


@lru_cache(maxsize=1)
def _measurer() -> Any:
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    return pdf


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in mm of ``text`` at ``size`` mm in Helvetica."""
    pdf = _measurer()
    pdf.set_font("helvetica", "B" if bold else "", size * PT_PER_MM)
    return float(pdf.get_string_width(printable(text)))


def _split_long(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word wider than the line (a pasted address, a hostile name) in pieces that fit."""
    pieces, current = [], ""
    for char in word:
        if current and text_width(current + char, size, bold) > width:
            pieces.append(current)
            current = ""
        current += char
    return pieces + [current] if current else pieces


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap by measured width; a word wider than a whole line is split."""
    lines: list[str] = []
    current = ""
    words = []
    for word in text.split(" "):  # not str.split(): a no-break space keeps "116 000" whole
        if word:
            words += _split_long(word, width, size, bold) if text_width(word, size, bold) > width else [word]
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def fit(
    text: str, width: float, size: float, min_size: float, max_lines: int, bold: bool = False
) -> tuple[float, list[str]]:
    """The largest size (down to ``min_size``) at which ``text`` fits ``max_lines`` lines of ``width``.

    Never cuts: at ``min_size`` the lines are returned even when there are more.
    """
    while True:
        lines = wrap(text, width, size, bold)
        fits = len(lines) <= max_lines and all(text_width(line, size, bold) <= width for line in lines)
        if fits or size <= min_size:
            return size, lines
        size = max(min_size, round(size - 0.2, 2))


class _Pen:
    """Collects items and moves down the page."""

    def __init__(self) -> None:
        self.items: list[Text | Box | Code] = []

    def lines(
        self,
        x: float,
        top: float,
        size: float,
        lines: list[str],
        bold: bool = False,
        anchor: str = "start",
        colour: str = BLACK,
        leading: float = 1.2,
    ) -> float:
        """Draw ``lines`` from ``top``; returns the y under the last one."""
        y = top
        for line in lines:
            self.items.append(Text(x, y + size * 0.8, size, line, bold, anchor, colour))
            y += size * leading
        return y


# -- layout ---------------------------------------------------------------------


def _header(pen: _Pen, pack: ContentPack, role: str, where: str) -> float:
    t = pack.t
    size, lines = fit(t(f"poster.title.{role}"), WIDTH, 11.0, 6.0, 2, bold=True)
    y = pen.lines(MARGIN, MARGIN, size, lines, bold=True, leading=1.1)
    size, lines = fit(t(f"poster.intro.{role}"), WIDTH, 4.2, 3.0, 3)
    y = pen.lines(MARGIN, y + 2, size, lines)
    return _where(pen, pack, where, y + 3)


def _where(pen: _Pen, pack: ContentPack, where: str, top: float) -> float:
    """The kiosk's place in a framed box; without ``--where``, a line to write it by hand."""
    inner = WIDTH - 8
    if where.strip():
        size, lines = fit(pack.t("poster.where", where=where.strip()), inner, 5.0, 3.4, 2, bold=True)
        height = len(lines) * size * 1.2 + 5
        pen.items.append(Box(MARGIN, top, WIDTH, height, stroke=0.8))
        pen.lines(MARGIN + 4, top + 2.5, size, lines, bold=True)
        return top + height
    label = pack.t("poster.where_blank")
    size, lines = fit(label, inner * 0.6, 5.0, 3.4, 2, bold=True)
    height = len(lines) * size * 1.2 + 8
    pen.items.append(Box(MARGIN, top, WIDTH, height, stroke=0.8))
    bottom = pen.lines(MARGIN + 4, top + 2.5, size, lines, bold=True)
    start = MARGIN + 6 + max(text_width(line, size, True) for line in lines)
    pen.items.append(Box(start, bottom - 1.2, MARGIN + WIDTH - 4 - start, 0.3, fill=BLACK))
    return top + height


def _emergency(pen: _Pen, pack: ContentPack, top: float) -> float:
    """A black band, white letters: the numbers for a danger now."""
    # No-break spaces: a number and its label never part at a line end.
    numbers = " · ".join(f"{e.number} {e.label}".replace(" ", NBSP) for e in pack.emergency)
    size, lines = fit(f"{pack.t('poster.emergency')} {numbers}", WIDTH - 8, 6.0, 3.6, 2, bold=True)
    height = len(lines) * size * 1.2 + 4
    pen.items.append(Box(MARGIN, top, WIDTH, height, fill=BLACK))
    pen.lines(MARGIN + 4, top + 2, size, lines, bold=True, colour=WHITE)
    return top + height


def _line_card(pen: _Pen, entry: PosterEntry, pack: ContentPack, x: float, y: float, w: float, h: float) -> None:
    """A main line: its code on the left, its name, number, hours and public on the right."""
    pen.items.append(Box(x, y, w, h, stroke=0.3))
    qr = min(h - 6.5, 34.0)
    size, lines = fit(pack.t(f"poster.scan.{entry.kind}"), qr, 2.6, 2.2, 2)
    qr = min(qr, h - 2.5 - len(lines) * size * 1.2)
    pen.items.append(Code(entry.payload, x + 1, y + 1, qr))
    pen.lines(x + 1 + qr / 2, y + qr + 1.4, size, lines, anchor="middle")
    tx, tw = x + qr + 3, w - qr - 5
    blocks = [(entry.name, 4.2, 3.0, 3, True), (" · ".join(entry.numbers[:2]), 6.0, 4.0, 1, True)]
    blocks += [(text, 3.2, 2.5, 3, False) for text in (entry.hours, entry.for_whom) if text]
    _text_blocks(pen, blocks, tx, y + 2.5, tw, y + h - 1.5)


def _text_blocks(
    pen: _Pen,
    blocks: list[tuple[str, float, float, int, bool]],
    x: float,
    top: float,
    width: float,
    bottom: float,
    anchor: str = "start",
) -> float:
    """Draw blocks top-down, all a notch smaller while they overflow; a block that still
    does not fit is left out whole (never cut), and the next ones still get their turn."""
    for scale in (1.0, 0.9, 0.8, 0.7):
        laid = [
            (fit(text, width, size * scale, low, max_lines, bold), bold) for text, size, low, max_lines, bold in blocks
        ]
        height = sum(len(lines) * size * 1.2 + 0.8 for (size, lines), _ in laid)
        if top + height <= bottom:
            break
    y = top
    for (size, lines), bold in laid:
        if y + len(lines) * size * 1.2 > bottom:
            continue
        y = pen.lines(x, y, size, lines, bold=bold, anchor=anchor) + 0.8
    return y


def _pms_tile(pen: _Pen, entry: PosterEntry, pack: ContentPack, x: float, y: float, w: float, h: float) -> None:
    """A local PMS centre: its code (to save the contact) above its name and number."""
    pen.items.append(Box(x, y, w, h, stroke=0.3))
    qr = min(w - 2, h - 20)
    pen.items.append(Code(entry.payload, x + (w - qr) / 2, y + 1, qr))
    one_line, _ = fit(entry.name, w - 2, 3.0, 2.4, 1, bold=True)
    blocks = [
        (pack.t(f"poster.scan.{entry.kind}"), 2.4, 1.8, 2, False),
        (entry.name, one_line, 2.2, 2 if len(wrap(entry.name, w - 2, one_line, True)) > 1 else 1, True),
    ]
    if entry.numbers:
        blocks.append((entry.numbers[0], 4.2, 3.0, 1, True))
    _text_blocks(pen, blocks, x + w / 2, y + qr + 1.2, w - 2, y + h - 0.8, anchor="middle")


def _pms_block(pen: _Pen, pack: ContentPack, role: str, pms: list[PosterEntry], bottom: float) -> float:
    """The local PMS row, placed so that it ends at ``bottom``; returns its top."""
    if not pms:
        return bottom
    gap, tile_h = 3.0, 50.0
    group = pack.groups.get("poster-pms")
    heading = group.title if group else pack.t("poster.pms_heading")
    h_size, h_lines = fit(heading, WIDTH, 5.0, 3.6, 1, bold=True)
    i_size, i_lines = fit(pack.t(f"poster.pms.{role}"), WIDTH, 3.6, 2.8, 2)
    top = bottom - tile_h - 2 - len(i_lines) * i_size * 1.2 - len(h_lines) * h_size * 1.2 - 1
    y = pen.lines(MARGIN, top, h_size, h_lines, bold=True) + 1
    y = pen.lines(MARGIN, y, i_size, i_lines) + 2
    tile_w = (WIDTH - gap * (MAX_PMS - 1)) / MAX_PMS
    for index, entry in enumerate(pms):
        _pms_tile(pen, entry, pack, MARGIN + index * (tile_w + gap), y, tile_w, tile_h)
    return top


def _footer(pen: _Pen, pack: ContentPack, verified: dt.date | None, undated: list[str]) -> float:
    """The oldest verification date of the numbers shown, at the foot; returns the footer's top."""
    if verified is None:
        text = pack.t("poster.verified_none")
    elif undated:
        text = pack.t("poster.verified_some", date=verified.strftime(DATE_FORMAT), count=len(undated))
    else:
        text = pack.t("poster.verified", date=verified.strftime(DATE_FORMAT))
    size, lines = fit(text, WIDTH, 3.4, 2.6, 2, bold=True)
    top = PAGE_H - MARGIN - len(lines) * size * 1.2
    pen.lines(MARGIN, top, size, lines, bold=True)
    return top


def _grid(pen: _Pen, pack: ContentPack, lines: list[PosterEntry], top: float, bottom: float) -> None:
    """The main lines, two columns, in the room between ``top`` and ``bottom``."""
    if not lines:
        return
    size, heading = fit(pack.t("poster.lines_heading"), WIDTH, 5.0, 3.6, 1, bold=True)
    y = pen.lines(MARGIN, top, size, heading, bold=True) + 1
    gap, columns = 4.0, 2
    rows = -(-len(lines) // columns)
    card_w = (WIDTH - gap) / columns
    card_h = min(42.0, (bottom - y - gap * (rows - 1)) / rows)
    for index, entry in enumerate(lines):
        col, row = index % columns, index // columns
        _line_card(pen, entry, pack, MARGIN + col * (card_w + gap), y + row * (card_h + gap), card_w, card_h)


def poster_layout(pack: ContentPack, role: str, where: str = "") -> Poster:
    """The one A4 page of ``role`` in ``pack``'s language; raises ValueError for an unknown role."""
    if role not in ROLES:
        raise ValueError(role)
    lines, pms = poster_contacts(pack, role)
    verified, undated = oldest_verified(lines + pms)
    poster = Poster(role, pack.lang, pack.t(f"poster.title.{role}"), lines, pms, verified, undated)
    pen = _Pen()
    pen.items.append(Box(0, 0, PAGE_W, PAGE_H, fill=WHITE))
    y = _header(pen, pack, role, where)
    y = _emergency(pen, pack, y + 3)
    footer = _footer(pen, pack, verified, undated)
    pms_top = _pms_block(pen, pack, role, pms, footer - 4)
    _grid(pen, pack, lines, y + 4, pms_top - 4)
    poster.items = pen.items
    return poster


# -- SVG ----------------------------------------------------------------------


def _runs(row: tuple[bool, ...]) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    col = 0
    while col < len(row):
        if not row[col]:
            col += 1
            continue
        start = col
        while col < len(row) and row[col]:
            col += 1
        yield start, col - start


def _qr_svg(code: Code) -> str:
    matrix = qr_matrix(code.payload)
    side = matrix.size + 2 * QUIET_ZONE
    module = code.size / side
    rects = [f'<rect width="{side}" height="{side}" fill="{WHITE}"/>']
    for row, line in enumerate(matrix.modules):
        for start, length in _runs(line):
            rects.append(f'<rect x="{start + QUIET_ZONE}" y="{row + QUIET_ZONE}" width="{length}" height="1"/>')
    return (
        f'<g class="qr" data-payload="{escape(code.payload)}" data-side="{side}" fill="{BLACK}" '
        f'shape-rendering="crispEdges" transform="translate({code.x:.3f} {code.y:.3f}) scale({module:.5f})">'
        + "".join(rects)
        + "</g>"
    )


def _item_svg(item: Text | Box | Code) -> str:
    if isinstance(item, Code):
        return _qr_svg(item)
    if isinstance(item, Box):
        paint = f'fill="{item.fill}"' if item.fill else f'fill="none" stroke="{BLACK}" stroke-width="{item.stroke:g}"'
        return f'<rect x="{item.x:.2f}" y="{item.y:.2f}" width="{item.w:.2f}" height="{item.h:.2f}" {paint}/>'
    anchor = {"start": "start", "middle": "middle", "end": "end"}[item.anchor]
    weight = ' font-weight="bold"' if item.bold else ""
    # The viewer may lack Helvetica/Arial (DejaVu Sans is 10 % wider): textLength holds
    # each line to the width it was laid out with, so nothing runs out of its card.
    length = text_width(item.text, item.size, item.bold)
    return (
        f'<text x="{item.x:.2f}" y="{item.y:.2f}" font-size="{item.size:.2f}"{weight} '
        f'text-anchor="{anchor}" fill="{item.colour}" textLength="{length:.2f}" '
        f'lengthAdjust="spacingAndGlyphs">{escape(item.text)}</text>'
    )


def poster_svg(poster: Poster) -> str:
    """The page as an SVG document in millimetres (``viewBox`` 0 0 210 297)."""
    body = "\n".join(_item_svg(item) for item in poster.items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" '
        f'font-family="{FONT_SVG}" lang="{escape(poster.lang)}">\n<title>{escape(poster.title)}</title>\n'
        + body
        + "\n</svg>\n"
    )


# -- PDF ----------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _qr_pdf(pdf: Any, code: Code) -> None:
    matrix = qr_matrix(code.payload)
    module = code.size / (matrix.size + 2 * QUIET_ZONE)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(code.x, code.y, code.size, code.size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix.modules):
        for start, length in _runs(line):
            pdf.rect(
                code.x + (start + QUIET_ZONE) * module,
                code.y + (row + QUIET_ZONE) * module,
                length * module,
                module,
                style="F",
            )


def _item_pdf(pdf: Any, item: Text | Box | Code) -> None:
    if isinstance(item, Code):
        _qr_pdf(pdf, item)
    elif isinstance(item, Box):
        if item.fill:
            pdf.set_fill_color(*_rgb(item.fill))
            pdf.rect(item.x, item.y, item.w, item.h, style="F")
        else:
            pdf.set_draw_color(0, 0, 0)
            pdf.set_line_width(item.stroke)
            pdf.rect(item.x, item.y, item.w, item.h, style="D")
    else:
        pdf.set_font("helvetica", "B" if item.bold else "", item.size * PT_PER_MM)
        pdf.set_text_color(*_rgb(item.colour))
        text = printable(item.text)
        shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[item.anchor] * pdf.get_string_width(text)
        pdf.text(item.x - shift, item.y, text)


def poster_pdf(poster: Poster) -> bytes:
    """The page as a one-page A4 PDF: vector codes, Helvetica, a creation date without its time."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_title(printable(poster.title))
    pdf.set_lang(poster.lang)
    pdf.set_creator("PMS Kiosk")
    # Anonymous by design: no time finer than a half-day anywhere; the day alone here.
    today = dt.date.today()
    pdf.set_creation_date(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC))
    pdf.add_page()
    for item in poster.items:
        _item_pdf(pdf, item)
    return bytes(pdf.output())
