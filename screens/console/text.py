"""Words of the console: half-days, statuses and the student's answers, in the pack's language.

Dates are formatted by :mod:`kiosk.screens.dates` (one formatter for every screen).
"""

from __future__ import annotations

from collections.abc import Callable

from .. import dates
from ..dates import format_date

__all__ = ["answer_lines", "format_date", "part_of_day", "status_label", "when"]

Translate = Callable[..., str]


def part_of_day(t: Translate, value: str) -> str:
    """``am`` / ``pm`` → *matin* / *après-midi*, in the console's words."""
    return dates.part_of_day(t, value, words="console.part")


def when(t: Translate, date: str, part: str) -> str:
    """``21/11/2026, matin`` (:func:`kiosk.screens.dates.when`, in the console's words)."""
    return dates.when(t, date, part, words="console.part")


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
