"""Dates as every screen shows them, written once: day/month/year, then the half-day in words.

The store keeps ``YYYY-MM-DD`` and ``am``/``pm`` (never a finer time); contacts carry a
``datetime.date``. Belgians write 21/11/2026 in every language; the half-day's words come
from the pack (``notes.am`` for students, ``console.part.am`` in the PMS console).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

__all__ = ["DATE_FORMAT", "format_date", "part_of_day", "when"]

#: Day/month/year, as Belgians write it in French, Dutch and English.
DATE_FORMAT = "%d/%m/%Y"

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def format_date(value: str | date) -> str:
    """``2026-11-21`` (or a date) → ``21/11/2026``; any other text is shown as it is."""
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    match = _ISO_DATE.match(value)
    if not match:
        return value
    year, month, day = match.groups()
    return f"{day}/{month}/{year}"


def part_of_day(t: Callable[..., str], value: str, *, words: str = "notes") -> str:
    """``am`` / ``pm`` → *matin* / *après-midi* (the keys ``{words}.am`` / ``{words}.pm``)."""
    return t(f"{words}.{value}") if value in ("am", "pm") else value


def when(t: Callable[..., str], value: str, part: str, *, words: str = "notes") -> str:
    """``21/11/2026, matin`` (``notes.when`` orders the two in the pack's language)."""
    return t("notes.when", date=format_date(value), part=part_of_day(t, part, words=words))
