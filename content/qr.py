"""QR payloads for a contact, and their module matrices (pure: no Textual).

Payloads:

- ``TEL:+3256391620``: E.164 made with :mod:`phonenumbers`. ``TEL`` is upper case so the
  whole payload stays in the QR *alphanumeric* mode (digits, A-Z, ``+:``), which keeps the
  code at version 1 (21 modules): small enough for an 80x24 terminal.
- ``TEL:112``: short numbers (112, 103, 116000…) stay as they are, never ``+32112``.
- ``mailto:`` + the address.
- ``MECARD:N:…;TEL:…;EMAIL:…;;`` to save the contact (``\\ ; , :`` escaped).
- the web address (``https://`` added to a bare ``www.``), for services with a site only.

Numbers are read by :func:`kiosk.content.phones.parse_phone`. ``qrcode`` (and, through
it, ``phonenumbers``) are imported inside the functions (start-up speed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from .models import Contact
from .phones import Phone, PhoneError, parse_phone

__all__ = [
    "QUIET_ZONE",
    "ContactCodes",
    "QRMatrix",
    "cell_size",
    "contact_codes",
    "display_number",
    "half_block_rows",
    "mailto_payload",
    "mecard_escape",
    "mecard_payload",
    "qr_matrix",
    "tel_payload",
    "web_payload",
]

#: Light modules around the code, as the QR spec asks (zxing refuses fewer).
QUIET_ZONE = 4
UPPER, LOWER, FULL = "\u2580", "\u2584", "\u2588"


def display_number(phone: Phone) -> str:
    """``056 39 16 20`` (national format); a short number as the content writes it (``116 000``)."""
    return phone.written if phone.is_short else phone.display_national


def tel_payload(phone: Phone) -> str:
    """``TEL:+3256391620`` or ``TEL:112`` (upper case: alphanumeric mode, a smaller code)."""
    return phone.tel_uri


def mailto_payload(email: str) -> str:
    """``mailto:`` + the address (characters outside an address are percent-encoded)."""
    return "mailto:" + quote(email.strip(), safe="@.+-_~")


def web_payload(url: str) -> str:
    """The address as written, ``https://`` added when it starts with ``www.``."""
    url = url.strip()
    return url if "://" in url else f"https://{url}"


def mecard_escape(text: str) -> str:
    """Escape ``\\ ; , :`` with a backslash, as MECARD fields require."""
    return re.sub(r"([\\;,:])", r"\\\1", text.strip())


def mecard_payload(name: str, phones: list[Phone], email: str = "") -> str:
    """``MECARD:N:name;TEL:…;EMAIL:…;;``: a phone's reader offers to save the contact."""
    fields = [f"N:{mecard_escape(name)}"]
    fields += [f"TEL:{mecard_escape(phone.e164_or_short)}" for phone in phones]
    if email.strip():
        fields.append(f"EMAIL:{mecard_escape(email)}")
    return "MECARD:" + ";".join(fields) + ";;"


@dataclass(frozen=True)
class ContactCodes:
    """The payloads of one contact; None when the contact lacks what it needs."""

    call: str | None
    write: str | None
    save: str | None
    web: str | None
    phones: tuple[Phone, ...]
    #: Phones of the content that are not numbers (shown as written, no code).
    unparsed: tuple[str, ...]


def contact_codes(contact: Contact) -> ContactCodes:
    """The call / write / save / web payloads of ``contact`` (call uses its first number)."""
    phones: list[Phone] = []
    unparsed: list[str] = []
    for text in contact.phones:
        try:
            phones.append(parse_phone(text))
        except PhoneError:
            # ``kiosk content check`` reports it; the card still shows it as written.
            unparsed.append(text)
    email = contact.email.strip()
    call = tel_payload(phones[0]) if phones else None
    write = mailto_payload(email) if email else None
    save = mecard_payload(contact.name, phones, email) if (phones or email) else None
    web = web_payload(contact.web) if contact.web.strip() else None
    return ContactCodes(call, write, save, web, tuple(phones), tuple(unparsed))


@dataclass(frozen=True)
class QRMatrix:
    """The modules of a QR code without its quiet zone (True = dark)."""

    payload: str
    version: int
    error_correction: str
    modules: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side (21 for version 1, +4 per version)."""
        return len(self.modules)


def _make(payload: str, level: int) -> tuple[int, list[list[bool]]]:
    import qrcode

    code = qrcode.QRCode(border=0, error_correction=level)
    code.add_data(payload)
    code.make(fit=True)
    return code.version, code.get_matrix()


@lru_cache(maxsize=512)  # every payload of three languages stays prepared
def qr_matrix(payload: str) -> QRMatrix:
    """The smallest code for ``payload``: level M when it costs no size, else L."""
    from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M

    version, modules = _make(payload, ERROR_CORRECT_L)
    level = "L"
    version_m, modules_m = _make(payload, ERROR_CORRECT_M)
    if version_m == version:
        modules, level = modules_m, "M"
    return QRMatrix(payload, version, level, tuple(tuple(bool(m) for m in row) for row in modules))


def cell_size(matrix: QRMatrix, quiet: int = QUIET_ZONE) -> tuple[int, int]:
    """(columns, rows) in terminal cells: one column per module, two modules per row."""
    side = matrix.size + 2 * quiet
    return side, (side + 1) // 2


def half_block_rows(matrix: QRMatrix, quiet: int = QUIET_ZONE) -> list[str]:
    """The code as text rows of ``▀ ▄ █`` and spaces, quiet zone included.

    Meant to be drawn dark (foreground) on light (background); a missing bottom
    half on the last row is light, which only widens the quiet zone.
    """
    side = matrix.size + 2 * quiet
    blank = (False,) * side

    def row(y: int) -> tuple[bool, ...]:
        if quiet <= y < quiet + matrix.size:
            return (False,) * quiet + matrix.modules[y - quiet] + (False,) * quiet
        return blank

    glyphs = {(False, False): " ", (True, False): UPPER, (False, True): LOWER, (True, True): FULL}
    lines = []
    for y in range(0, side, 2):
        top, bottom = row(y), row(y + 1)
        lines.append("".join(glyphs[pair] for pair in zip(top, bottom, strict=True)))
    return lines
