"""Belgian phone numbers: check them and give the forms a screen or a QR code needs.

``phonenumbers`` takes about 50 ms to import, so it is imported inside
:func:`parse_phone` only: the kiosk's start-up path checks the shape of a number
with :func:`looks_like_phone`, and ``kiosk content check`` (or a custom content
folder) checks it for real.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Phone", "PhoneError", "looks_like_phone", "parse_phone", "phone_problem", "REGION"]

REGION = "BE"

#: Digits with the usual separators; an optional ``+`` in front.
_SHAPE = re.compile(r"^\+?[0-9][0-9 ./()\-]*$")

_HOW = "Écrivez-le comme 056/39 16 20 (fixe), 0474/81 08 91 (GSM) ou 112 (numéro court)."


class PhoneError(ValueError):
    """A number that is not a valid Belgian (or international) number; the message is in French."""


@dataclass(frozen=True)
class Phone:
    """One number, as written in the content and in the forms other code needs.

    ``written`` is kept for display (``056/39 16 20``); ``display_national`` is
    phonenumbers' national format (``056 39 16 20``); ``e164_or_short`` is what a
    ``tel:`` URI needs: ``+3256391620``, or the bare short number (``112``, never ``+32112``).
    """

    written: str
    display_national: str
    e164_or_short: str
    is_short: bool

    @property
    def tel_uri(self) -> str:
        """``TEL:+3256391620`` / ``TEL:112`` (upper case keeps a QR code in alphanumeric mode)."""
        return f"TEL:{self.e164_or_short}"


def looks_like_phone(text: str) -> bool:
    """A cheap shape check (digits and separators, at least 3 digits), no import."""
    return bool(_SHAPE.match(text)) and sum(ch.isdigit() for ch in text) >= 3


def parse_phone(text: str, region: str = REGION) -> Phone:
    """Validate ``text`` and return its forms; raises :class:`PhoneError` (in French).

    Normal numbers must pass ``is_valid_number``; short numbers (112, 101, 103,
    116 000…) must pass ``is_valid_short_number_for_region`` for Belgium.
    """
    import phonenumbers  # ~50 ms: only when a number is really checked or dialled

    written = text.strip()
    if not looks_like_phone(written):
        raise PhoneError(f"« {written} » n'est pas un numéro de téléphone (chiffres seulement). {_HOW}")
    try:
        number = phonenumbers.parse(written, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"« {written} » n'est pas un numéro de téléphone lisible. {_HOW}") from exc
    digits = "".join(ch for ch in written if ch.isdigit())
    if not written.startswith("+") and phonenumbers.is_valid_short_number_for_region(number, region):
        return Phone(written, digits, digits, True)
    if phonenumbers.is_valid_number(number):
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return Phone(written, national, e164, False)
    raise PhoneError(f"« {written} » n'est pas un numéro belge valide. {_HOW}")


def phone_problem(text: str) -> str | None:
    """The French reason why ``text`` is not a valid number, or None."""
    try:
        parse_phone(text)
    except PhoneError as exc:
        return str(exc)
    return None
