"""Words of the console: dates, half-days, statuses and the student's answers, in the pack's language."""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["answer_lines", "format_date", "part_of_day", "status_label", "when"]

Translate = Callable[..., str]

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def format_date(date: str) -> str:
    """``2026-11-21`` → ``21/11/2026`` (anything else is shown as it is)."""
    match = _ISO_DATE.match(date)
    if not match:
        return date
    year, month, day = match.groups()
    return f"{day}/{month}/{year}"


def part_of_day(t: Translate, value: str) -> str:
    """``am`` / ``pm`` → *matin* / *après-midi*."""
    return t(f"console.part.{value}") if value in ("am", "pm") else value


def when(t: Translate, date: str, part: str) -> str:
    """``21/11/2026, matin``."""
    return f"{format_date(date)}, {part_of_day(t, part)}"


def status_label(t: Translate, status: str) -> str:
    """``en_cours`` → *en cours* (the stored value is never shown raw when it is known)."""
    return t(f"console.status.{status}") if status in ("nouveau", "en_cours", "traite") else status


def answer_lines(t: Translate, answers: dict[str, str]) -> list[str]:
    """The optional answers as sentences (``for_whom``, ``level``, ``contact``, ``lang``).

    ``contact`` lifts the student's anonymity on purpose: it is said plainly.
    """
    lines: list[str] = []
    for_whom = answers.get("for_whom")
    if for_whom:
        lines.append(t("console.answer.for_whom", value=_known(t, "for_whom", for_whom)))
    level = answers.get("level")
    if level:
        lines.append(t("console.answer.level", value=_known(t, "level", level)))
    contact = answers.get("contact")
    if contact:
        lines.append(t("console.answer.contact", value=contact))
    else:
        lines.append(t("console.answer.anonymous"))
    lang = answers.get("lang")
    if lang:
        lines.append(t("console.answer.lang", value=lang))
    return lines


def _known(t: Translate, field: str, value: str) -> str:
    key = f"console.answer.{field}.{value}"
    text = t(key)
    return value if text == key else text
