"""The A4 poster of a role's contacts, with their QR codes (pure: builds SVG / HTML text).

Most young people do not know these lines exist: the poster goes on notice boards,
with each service's code (``TEL:``, or a ``MECARD`` when it has a phone and an
e-mail), its number in national format, and where the kiosk stands.

Pages are SVG in millimetres (``viewBox`` 0 0 210 297), black on white. Each code is
a ``<g class="qr">`` drawn in module units (integer rects, quiet zone included), so
it prints sharp and a test can read the matrix back.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from html import escape

from .models import Contact, ContentPack
from .qr import QUIET_ZONE, contact_codes, display_number, qr_matrix

__all__ = ["ROLES", "PosterEntry", "poster_entries", "poster_html", "poster_pages", "qr_svg", "role_contacts"]

ROLES = ("eleve", "parent", "equipe")
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
CARD_COLUMNS, CARD_ROWS, GAP = 2, 4, 6.0
HEADER_H, FOOTER_H = 38.0, 14.0
QR_MM = 38.0
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
# Average glyph width / font size (DejaVu Sans, the widest usual sans), to wrap without a font engine.
CHAR_W, BOLD_W = 0.56, 0.62
MIN_EMAIL_FONT = 2.2


@dataclass(frozen=True)
class PosterEntry:
    """One contact as printed: its words, its code and what the code does."""

    name: str
    what: str
    numbers: tuple[str, ...]
    email: str
    hours: str
    payload: str
    kind: str  # "call" or "save"


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
        entries.append(PosterEntry(contact.name, contact.what, numbers, contact.email, contact.hours, payload, kind))
    return entries


def qr_svg(payload: str, x: float, y: float, size_mm: float, quiet: int = QUIET_ZONE) -> str:
    """The code of ``payload`` as an SVG group ``size_mm`` wide at (x, y), quiet zone included."""
    matrix = qr_matrix(payload)
    side = matrix.size + 2 * quiet
    module = size_mm / side
    rects = [f'<rect width="{side}" height="{side}" fill="#ffffff"/>']
    for row, line in enumerate(matrix.modules):
        col = 0
        while col < matrix.size:
            if not line[col]:
                col += 1
                continue
            start = col
            while col < matrix.size and line[col]:
                col += 1
            rects.append(f'<rect x="{start + quiet}" y="{row + quiet}" width="{col - start}" height="1"/>')
    return (
        f'<g class="qr" data-payload="{escape(payload)}" data-side="{side}" fill="#000000" '
        f'shape-rendering="crispEdges" transform="translate({x:.3f} {y:.3f}) scale({module:.5f})">'
        + "".join(rects)
        + "</g>"
    )


def _text(x: float, y: float, size: float, text: str, bold: bool = False, anchor: str = "start") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size:.2f}"{weight} text-anchor="{anchor}">'
        f"{escape(text)}</text>"
    )


def _wrap(text: str, width_mm: float, size: float, max_lines: int, bold: bool = False) -> list[str]:
    per_char = size * (BOLD_W if bold else CHAR_W)
    lines = textwrap.wrap(text, width=max(8, int(width_mm / per_char)))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;") + "…"
    return lines


def _lines(x: float, y: float, size: float, lines: list[str], bold: bool = False) -> tuple[list[str], float]:
    out = []
    for line in lines:
        out.append(_text(x, y, size, line, bold))
        y += size * 1.25
    return out, y


def _card(entry: PosterEntry, x: float, y: float, w: float, h: float, t) -> list[str]:
    parts = [f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="none" '
             'stroke="#000000" stroke-width="0.3"/>']
    parts.append(qr_svg(entry.payload, x + 2, y + 2, QR_MM))
    cy = y + QR_MM + 5
    for line in _wrap(t(f"poster.scan.{entry.kind}"), QR_MM, 2.8, 2):
        parts.append(_text(x + 2 + QR_MM / 2, cy, 2.8, line, anchor="middle"))
        cy += 2.8 * 1.25
    tx, tw = x + QR_MM + 5, w - QR_MM - 7
    body, ty = _lines(tx, y + 7, 4.0, _wrap(entry.name, tw, 4.0, 3, bold=True), bold=True)
    parts += body
    for number in entry.numbers[:2]:
        body, ty = _lines(tx, ty + 1.5, 5.0, [number], bold=True)
        parts += body
    if entry.email:
        body, ty = _email(tx, ty + 1.5, tw, entry.email)
        parts += body
    for text, lines in ((entry.hours, 2), (entry.what, 4)):
        if text and ty < y + h - 4:
            room = max(1, min(lines, int((y + h - 3 - ty) / (2.9 * 1.25))))
            body, ty = _lines(tx, ty + 1, 2.9, _wrap(text, tw, 2.9, room))
            parts += body
    return parts


def _email(x: float, y: float, width_mm: float, email: str) -> tuple[list[str], float]:
    """An address is never cut: a smaller font, else two lines split at the ``@``."""
    size = min(2.9, width_mm / (len(email) * CHAR_W))
    if size >= MIN_EMAIL_FONT:
        return _lines(x, y, size, [email])
    user, _, domain = email.partition("@")
    size = max(MIN_EMAIL_FONT, min(2.9, width_mm / (max(len(user) + 1, len(domain)) * CHAR_W)))
    return _lines(x, y, size, [user + "@", domain])


def _header(pack: ContentPack, role: str, where: str) -> list[str]:
    t = pack.t
    parts, y = _lines(MARGIN, MARGIN + 8, 8.0, _wrap(t(f"poster.title.{role}"), PAGE_W - 2 * MARGIN, 8.0, 2), True)
    body, y = _lines(MARGIN, y + 1, 3.6, _wrap(t("poster.intro"), PAGE_W - 2 * MARGIN, 3.6, 3))
    parts += body
    if where:
        body, y = _lines(MARGIN, y + 1.5, 4.2, _wrap(t("poster.where", where=where), PAGE_W - 2 * MARGIN, 4.2, 2), True)
        parts += body
    return parts


def _footer(pack: ContentPack, page: int, pages: int, today: dt.date) -> list[str]:
    t = pack.t
    numbers = " · ".join(f"{e.number} {e.label}" for e in pack.emergency)
    y = PAGE_H - MARGIN - FOOTER_H + 6
    parts, y = _lines(MARGIN, y, 3.6, _wrap(f"{t('poster.emergency')} {numbers}", PAGE_W - 2 * MARGIN, 3.6, 2), True)
    stamp = f"{t('poster.updated', date=today.strftime('%d/%m/%Y'))} · {t('poster.page', page=page, pages=pages)}"
    parts.append(_text(PAGE_W - MARGIN, PAGE_H - MARGIN, 2.8, stamp, anchor="end"))
    return parts


def poster_pages(pack: ContentPack, role: str, where: str = "", today: dt.date | None = None) -> list[str]:
    """The poster as A4 SVG pages (8 contacts a page); raises ValueError for an unknown role."""
    if role not in ROLES:
        raise ValueError(f"rôle inconnu « {role} » : choisissez parmi {', '.join(ROLES)}")
    today = today or dt.date.today()
    entries = poster_entries(role_contacts(pack, role))
    per_page = CARD_COLUMNS * CARD_ROWS
    chunks = [entries[i:i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    card_w = (PAGE_W - 2 * MARGIN - GAP * (CARD_COLUMNS - 1)) / CARD_COLUMNS
    top = MARGIN + HEADER_H
    card_h = (PAGE_H - top - MARGIN - FOOTER_H - GAP * (CARD_ROWS - 1)) / CARD_ROWS
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        parts = [f'<rect width="{PAGE_W:g}" height="{PAGE_H:g}" fill="#ffffff"/>']
        parts += _header(pack, role, where)
        for index, entry in enumerate(chunk):
            col, row = index % CARD_COLUMNS, index // CARD_COLUMNS
            x = MARGIN + col * (card_w + GAP)
            y = top + row * (card_h + GAP)
            parts += _card(entry, x, y, card_w, card_h, pack.t)
        parts += _footer(pack, number, len(chunks), today)
        pages.append(
            '<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" '
            f'font-family="{FONT}" fill="#000000">' + "\n".join(parts) + "</svg>"
        )
    return pages


def poster_html(pages: list[str], title: str, lang: str = "fr") -> str:
    """One HTML file holding the SVG pages, one per printed A4 sheet (margins 0: the pages have theirs)."""
    style = (
        "@page { size: A4; margin: 0; } html, body { margin: 0; padding: 0; background: #ffffff; } "
        "svg { display: block; width: 210mm; height: 297mm; break-after: page; page-break-after: always; } "
        "svg:last-child { break-after: auto; page-break-after: auto; }"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        + "\n".join(pages)
        + "\n</body>\n</html>\n"
    )
