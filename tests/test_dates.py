"""One date formatter for every screen (kiosk.screens.dates): students, contacts and the console."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.content import load_pack
from kiosk.screens.console.text import when as console_when
from kiosk.screens.dates import format_date, when


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-11-21", "21/11/2026"),
        (date(2016, 3, 4), "04/03/2016"),
        ("", ""),
        ("21/11/2026", "21/11/2026"),  # not ISO: shown as it is, never guessed
        ("2026-11-21T09:14", "2026-11-21T09:14"),  # a finer time is never cut into a date
        ("\x1b[31m", "\x1b[31m"),
    ],
)
def test_format_date(value, shown) -> None:
    assert format_date(value) == shown


@pytest.mark.parametrize(("lang", "words"), [("fr", "matin"), ("nl", "voormiddag"), ("en", "morning")])
def test_the_student_and_the_console_read_the_same_half_day(lang, words) -> None:
    t = load_pack(lang).pack.t
    assert when(t, "2026-11-21", "am") == console_when(t, "2026-11-21", "am") == f"21/11/2026, {words}"
    assert when(t, "2026-11-21", "soir") == "21/11/2026, soir"  # unknown: as stored
