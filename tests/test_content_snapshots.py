"""Snapshots at 80×24 of the pages and screens added for issue 12 (pytest-textual-snapshot).

Update after an intended change with ``uv run pytest tests/test_content_snapshots.py --snapshot-update``
and read the SVGs before committing them.
"""

from __future__ import annotations

import pytest

from kiosk.screens.notes import ReceiptScreen

SIZE = (80, 24)

#: Screen name → (language, keys from the welcome screen).
SCREENS = {
    "parent_urgence_fr": ("fr", ["space", "2", "9"]),
    "parent_urgence_nl": ("nl", ["space", "2", "9"]),
    "parent_urgence_en": ("en", ["space", "2", "9"]),
    "equipe_urgence_fr": ("fr", ["space", "3", "9"]),
    "parent_enfant_harceleur_fr": ("fr", ["space", "2", "7"]),
    "primaire_chantage_fr": ("fr", ["space", "1", "1", "2", "6"]),
    "eleve_harceleur_fr": ("fr", ["space", "1", "1", "2", "7"]),
    "secondaire_violences_fr": ("fr", ["space", "1", "2", "2", "9"]),
    "qui_lit_mon_mot_fr": ("fr", ["space", "1", "1", "5", "4"]),
    "qui_lit_mon_mot_nl": ("nl", ["space", "1", "1", "5", "4"]),
    "note_form_level_known_fr": ("fr", ["space", "1", "2", "6", "1"]),
    "procedure_part_fr": ("fr", ["space", "3", "1", "3"]),
    "contact_long_name_fr": ("fr", ["space", "2", "5", "7"]),
}


@pytest.mark.parametrize("name", SCREENS)
def test_screen(snap_compare, make_app, name):
    from test_notes_ui import FakeStore

    lang, keys = SCREENS[name]
    app = make_app(lang=lang, store=FakeStore())  # a kiosk ready to take a note (else the form says it is not)
    assert snap_compare(app, terminal_size=SIZE, press=keys)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_receipt_and_what_next(snap_compare, make_app, lang):
    from test_notes_ui import FakeReceipt

    app = make_app(lang=lang)

    async def run_before(pilot):
        await pilot.press("space")
        await app.push_screen(ReceiptScreen(FakeReceipt("n1", "soleil-pomme-42", "2026-11-30", "pm")))
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
