"""Every text field of the kiosk has a steady cursor (screens/widgets/steady.py: WCAG 2.2.2, no repaint 2×/s)."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Input, TextArea

from kiosk.screens.note_form import NoteScreen
from kiosk.screens.widgets.steady import SteadyInput, SteadyTextArea

SCREENS = Path(__file__).resolve().parents[1] / "screens"
#: A text field built from Textual's own class, not the steady one.
BLINKING = re.compile(r"(?<![\w.])(Input|TextArea)\(")


def test_no_screen_builds_a_blinking_text_field():
    found = [
        f"{path.relative_to(SCREENS)}:{number}"
        for path in sorted(SCREENS.rglob("*.py"))
        if path.name != "steady.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BLINKING.search(line)
    ]
    assert not found, f"use SteadyInput / SteadyTextArea: {found}"


def test_the_steady_fields_do_not_blink():
    assert SteadyInput().cursor_blink is False and Input().cursor_blink is True
    assert SteadyTextArea().cursor_blink is False and TextArea().cursor_blink is True


async def test_the_note_form_fields_are_steady(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(NoteScreen())
        await pilot.pause()
        fields = list(app.screen.query(Input)) + list(app.screen.query(TextArea))
        assert len(fields) >= 3 and not any(field.cursor_blink for field in fields)
