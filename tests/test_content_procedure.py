"""The procedure checklist screen, and the kiosk in Dutch and English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Label

from kiosk.content import BUILTIN_PACKS, read_pack
from kiosk.screens.home import HomeScreen
from kiosk.screens.menu import MenuScreen
from kiosk.screens.procedure import ProcedurePartScreen, ProcedureScreen, StepList
from kiosk.screens.welcome import WelcomeScreen
from kiosk.screens.widgets import DigitMenu

FIXTURES = Path(__file__).parent / "fixtures" / "packs"
BASE = FIXTURES / "base"


def prompt(widget, index: int) -> str:
    """The plain text of option ``index`` of an OptionList (a StepList says it with ``line``)."""
    if isinstance(widget, StepList):
        return widget.line(index)
    return str(widget.get_option_at_index(index).prompt)


async def open_procedure(pilot) -> None:
    """Welcome → home → 3 Équipe → 1 Procédure (fixture content)."""
    await pilot.press("space", "3", "1")
    await pilot.pause()


async def test_tick_steps_back_and_quick_exit_wipes(make_app):
    app = make_app(content_dir=BASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_procedure(pilot)
        assert isinstance(app.screen, ProcedureScreen)
        menu = app.screen.query_one(DigitMenu)
        assert prompt(menu, 0).endswith("Rester prudent  (0/3)")
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, ProcedurePartScreen)
        steps = app.screen.query_one(StepList)
        assert app.focused is steps
        assert prompt(steps, 0) == "[ ] Éviter tout jugement"
        await pilot.press("space")  # Space ticks
        await pilot.press("down", "down", "enter")  # Enter ticks too
        assert steps.ticked == {0, 2}
        assert prompt(steps, 0) == "[✓] Éviter tout jugement"
        assert prompt(steps, 2) == "[✓] Conserver les preuves [sans markup]"  # literal, not markup
        await pilot.press("space")  # untick
        assert steps.ticked == {0}
        await pilot.press("backspace")  # a step list is not a text field: back to the parts
        await pilot.pause()
        assert isinstance(app.screen, ProcedureScreen)
        assert prompt(app.screen.query_one(DigitMenu), 0).endswith("Rester prudent  (1/3)")
        await pilot.press("1")
        await pilot.pause()
        assert prompt(app.screen.query_one(StepList), 0) == "[✓] Éviter tout jugement"  # kept during the visit
        await pilot.press("escape")  # quick exit
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await open_procedure(pilot)
        assert prompt(app.screen.query_one(DigitMenu), 0).endswith("(0/3)")  # wiped
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("space")
        assert prompt(app.screen.query_one(StepList), 0) == "[✓] Contacter le CPMS"
        await pilot.press("backspace")
        await pilot.pause()
        assert prompt(app.screen.query_one(DigitMenu), 1).endswith("Activer les relais  (1/1) ✓")


async def test_click_ticks_a_step(make_app):
    app = make_app(content_dir=BASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_procedure(pilot)
        await pilot.press("1")
        await pilot.pause()
        steps = app.screen.query_one(StepList)
        await pilot.click(StepList, offset=(6, 1))
        await pilot.pause()
        assert steps.ticked == {1}


def _ten_parts(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    parts = "".join(
        f"    - id: p{n}\n      title: Partie {n}\n      steps: [Étape {n}.1, Étape {n}.2]\n" for n in range(1, 11)
    )
    (content / "fr" / "procedure.yaml").write_text(f"procedure:\n  title: Longue\n  parts:\n{parts}", encoding="utf-8")
    return content


async def test_more_than_nine_parts_show_in_one_scroll(make_app, tmp_path):
    app = make_app(content_dir=_ten_parts(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_procedure(pilot)
        assert isinstance(app.screen, ProcedureScreen)
        assert not app.screen.query(DigitMenu)
        assert len(app.screen.query(StepList)) == 10
        headings = [str(label.content) for label in app.screen.query(".part-heading").results(Label)]
        assert headings[0] == "1. Partie 1" and headings[-1] == "10. Partie 10"
        app.screen.query_one("#steps-p1", StepList).focus()
        await pilot.press("1", "space")  # a digit does nothing here; Space ticks
        assert isinstance(app.screen, ProcedureScreen)
        assert app.screen.ticks["p1"] == {0}


def test_procedure_snapshot_80x24(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await open_procedure(pilot)

    assert snap_compare(make_app(content_dir=BASE), terminal_size=(80, 24), run_before=run_before)


def test_procedure_part_snapshot_80x24(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await open_procedure(pilot)
        await pilot.press("1", "down", "space")

    assert snap_compare(make_app(content_dir=BASE), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize(("lang", "student", "back"), [("nl", "Leerling", "← Terug"), ("en", "Student", "← Back")])
async def test_kiosk_in_other_languages(make_app, lang, student, back):
    """``kiosk --lang nl|en``: home and every role menu show in that language (French where untranslated)."""
    own = read_pack(BUILTIN_PACKS / lang)
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        assert isinstance(app.screen, HomeScreen)
        assert app.content.lang == lang
        assert prompt(app.screen.query_one(DigitMenu), 0).endswith(student)
        for digit, role in (("1", "eleve"), ("2", "parent"), ("3", "equipe")):
            await pilot.press(digit)
            await pilot.pause()
            assert isinstance(app.screen, MenuScreen)
            title = str(app.screen.query_one("#screen-title", Label).content)
            assert title == app.content.menus[role].title
            if role in own.menus:
                assert title == own.menus[role].title
            assert str(app.screen.query_one("#back").label) == back
            await pilot.press("backspace")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_broken_custom_content_starts_on_builtin_with_problems(make_app, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    shutil.copytree(FIXTURES / "bad-phone", content, dirs_exist_ok=True)
    app = make_app(content_dir=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "1")
        await pilot.pause()
        assert app.content.menus["eleve"].title == read_pack(BUILTIN_PACKS / "fr").menus["eleve"].title
        assert app.content_problems[0].startswith(f"Contenu personnalisé ignoré ({content})")
        assert any("fr/contacts.yaml, ligne 6, champ phones[0]" in p for p in app.content_problems)
