"""Issue 12 on screen (Pilot at 80×24): the routes to the new pages, the level not asked
twice, the reading schedule in the visitor's language, the emergency strip and the top bar.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_notes_ui import SIZE, FakeReceipt, FakeStore, wait_send
from textual.widgets import Static

from kiosk.screens.followup import FollowupScreen
from kiosk.screens.menu import MenuScreen
from kiosk.screens.note_form import NoteScreen
from kiosk.screens.notes import DangerScreen, ReceiptScreen
from kiosk.screens.page import PageScreen
from kiosk.screens.widgets.chrome import wrap_items


async def to_menu(app: Any, pilot: Any, *keys: str) -> None:
    """Welcome → home → the given digits."""
    await pilot.press("space")
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


@pytest.mark.parametrize(("keys", "page_id"), [(("2", "9"), "parent-urgence"), (("3", "9"), "equipe-urgence")])
async def test_adults_urgent_choice_opens_their_page_not_the_childs(make_app, keys, page_id):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_menu(app, pilot, *keys)
        assert isinstance(app.screen, PageScreen) and app.screen.page_id == page_id
        assert not app.screen.query("#danger-menu")


@pytest.mark.parametrize(("level_key", "level"), [("1", "primaire"), ("2", "secondaire")])
async def test_note_form_does_not_ask_the_level_again(make_app, level_key, level):
    store = FakeStore()
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await to_menu(app, pilot, "1", level_key)
        menu = app.content.menus[f"eleve_{level}"]
        note_digit = str(next(i for i, item in enumerate(menu.items, 1) if item.target == "note"))
        await pilot.press(note_digit, "1")  # open the note, "C'est pour moi"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NoteScreen) and screen._step() == "step-form"
        screen.query_one("#note-text").insert("aide")
        await pilot.press("ctrl+s")
        await wait_send(app, pilot)
    assert store.notes[0]["level"] == level and store.notes[0]["for_whom"] == "moi"


async def test_note_form_still_asks_the_level_when_unknown(make_app):
    app = make_app(store=FakeStore())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await app.push_screen(NoteScreen())
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert app.screen._step() == "step-level"


async def test_who_reads_is_reachable_before_writing_and_keeps_the_draft(make_app):
    app = make_app(store=FakeStore())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        form = NoteScreen()
        await app.push_screen(form)
        await pilot.pause()
        await pilot.press("4")  # the question's last choice
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.page_id == "qui-lit-mon-mot"
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.press("3", "3")
        form.query_one("#note-text").insert("brouillon")
        await pilot.press("f1")  # from the text field too
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.page_id == "qui-lit-mon-mot"
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen is form and form.query_one("#note-text").text == "brouillon"


async def test_receipt_offers_what_happens_next(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await app.push_screen(ReceiptScreen(FakeReceipt("n1", "soleil-pomme-42", "2026-11-30", "pm")))
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.page_id == "et-apres"
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, ReceiptScreen)  # the code is still there


async def test_followup_offers_what_happens_next(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await app.push_screen(FollowupScreen())
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.page_id == "et-apres"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "chaque jour d'école"), ("nl", "elke schooldag"), ("en", "every school day")],
)
async def test_default_schedule_speaks_the_visitors_language(make_app, lang, expected):
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await app.push_screen(DangerScreen())
        await pilot.pause()
        assert expected in str(app.screen.query_one("#danger-schedule", Static).render())


async def test_a_schedule_given_for_french_only_is_not_shown_in_dutch(make_app):
    app = make_app(lang="nl", pms_reading_schedule={"fr": "Le PMS lit les messages le lundi."})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await app.push_screen(DangerScreen())
        await pilot.pause()
        shown = str(app.screen.query_one("#danger-schedule", Static).render())
        assert "lundi" not in shown and "elke schooldag" in shown


def test_the_emergency_strip_breaks_between_numbers_only():
    items = [
        "112 Urgences",
        "101 Police",
        "103 Écoute-Enfants",
        "116 000 Child Focus",
        "0800 32 123 Prévention Suicide",
    ]
    lines = wrap_items("Urgence :", items, 78)
    assert len(lines) == 2
    assert all(not line.startswith(("·", ":", ",", ".")) for line in lines)
    assert all(len(line) <= 78 for line in lines)
    assert lines[0].endswith(" ·") and lines[1].startswith("116 000")


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
async def test_demo_tag_stays_in_the_same_place(make_app, lang, monkeypatch):
    # The examples' seeding (a child process, ~2 s to wait for at the end) is not what this checks.
    monkeypatch.setattr("kiosk.app.KioskApp._seed_demo", lambda self: None)
    app = make_app(demo=True, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await to_menu(app, pilot)
        places = {app.screen.query_one("#demo-tag").region.x}
        for key in ("2", "1"):  # Parent, then its first page
            await pilot.press(key)
            await pilot.pause()
            places.add(app.screen.query_one("#demo-tag").region.x)
        assert places == {0}


async def test_procedure_part_heading_is_whole(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_menu(app, pilot, "3", "1", "3")
        heading = str(app.screen.query_one("#part-heading", Static).render())
        assert heading == "3. Lors du contact avec les parents"


async def test_role_menus_are_reached(make_app):
    """Guard the key paths the tests above rely on."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await to_menu(app, pilot, "2")
        assert isinstance(app.screen, MenuScreen) and app.screen.menu_id == "parent"


@pytest.mark.parametrize("width", range(20, 60))
def test_a_french_colon_never_starts_a_line(width):
    from rich.console import Console
    from rich.text import Text as RichText
    from textual.content import Content

    import kiosk.screens.widgets.chrome  # noqa: F401 - installs the wrapping rule

    text = (
        "Compétent depuis 2020 pour la diffusion non consentie d'images à caractère sexuel : "
        "information et « aide » aux victimes ; oui !"
    )
    rich_lines = RichText(text).wrap(Console(width=width), width)
    textual_lines = Content(text).wrap(width)
    for line in [*map(str, rich_lines), *(line.plain for line in textual_lines)]:
        assert not line.lstrip().startswith((":", ";", "!", "»")), line
        assert not line.rstrip().endswith("«"), line
