"""Navigation and the keyboard contract: digits, Backspace, Escape, buttons, mouse."""

from __future__ import annotations

import pytest
from textual.screen import Screen
from textual.widgets import Input

from kiosk.screens.console.unlock import UnlockScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.menu import MenuScreen
from kiosk.screens.welcome import WelcomeScreen
from kiosk.screens.widgets import DigitMenu

ROLE_KEYS = {"1": "eleve", "2": "parent", "3": "equipe"}


async def test_any_key_and_click_open_home(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.click("#welcome")
        assert isinstance(app.screen, HomeScreen)


async def test_home_shows_roles_with_digits_before_labels(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        menu = app.screen.query_one(DigitMenu)
        prompts = [str(menu.get_option_at_index(i).prompt).strip() for i in range(menu.option_count)]
        assert prompts[:4] == ["1   Élève", "2   Parent", "3   Équipe éducative", "4   Espace PMS"]
        assert len(prompts) <= 9


@pytest.mark.parametrize("key,role", ROLE_KEYS.items())
async def test_each_digit_opens_its_role_and_backspace_returns(make_app, key, role):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", key)
        assert isinstance(app.screen, MenuScreen) and app.screen.menu_id == role
        await pilot.press("backspace")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("backspace")
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("backspace")  # never past welcome
        assert isinstance(app.screen, WelcomeScreen)


async def test_arrows_and_enter_choose(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "down", "enter")
        assert isinstance(app.screen, MenuScreen) and app.screen.menu_id == "parent"


async def test_back_and_quick_exit_buttons(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "1", "1")
        depth = len(app.screen_stack)
        await pilot.click("#back")
        assert len(app.screen_stack) == depth - 1
        await pilot.click("#quick-exit")
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1


async def test_top_bar_keys_take_no_focus_and_quick_exit_on_welcome_stays_there(make_app):
    """The bar's keys are clicked, never tabbed to; on the welcome screen a click on
    *Sortie rapide* is not the "any click" that opens home."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#quick-exit")
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("space", "1")
        for _ in range(6):
            await pilot.press("tab")
            assert app.focused is None or app.focused.id not in ("back", "quick-exit")


async def test_escape_from_any_depth_wipes_typed_text(make_app):
    """Escape is a priority binding: it works while a field has focus, and the text is gone."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "1", "1")
        field = Input(id="probe")
        await app.screen.query_one("#body").mount(field)
        field.focus()
        await pilot.press("s", "e", "c", "r", "e", "t")
        assert field.value == "secret"
        await pilot.press("backspace")  # in a field, Backspace edits: no navigation
        assert field.value == "secre" and isinstance(app.screen, MenuScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1
        # The field and its text went with its screen: nothing kept it (a cached screen would).
        assert not field.is_attached
        assert all(widget.value != "secre" for screen in app.screen_stack for widget in screen.query(Input))


async def test_language_choice_switches_every_label_and_quick_exit_resets_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "6")  # Nederlands
        assert app.content.lang == "nl"
        menu = app.screen.query_one(DigitMenu)
        assert "Leerling" in str(menu.get_option_at_index(0).prompt)
        await pilot.press("7")
        assert app.content.lang == "en"
        await pilot.press("escape")
        assert app.content.lang == "fr"


async def test_pms_space_opens_from_home(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "4")
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)  # the passphrase dialog, not merely "some other screen"
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1


async def test_keys_faster_than_the_screen_switch_open_one_screen(make_app):
    """Two digits before the first choice is handled: one menu opens, no DuplicateIds crash."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        menu = app.screen.query_one(DigitMenu)
        menu.choose(1)
        menu.choose(1)
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["WelcomeScreen", "HomeScreen", "MenuScreen"]
        menu = app.screen.query_one(DigitMenu)
        menu.choose(1)
        menu.choose(1)
        await pilot.pause()
        assert len(app.screen_stack) == 4 and app.is_running


async def test_closing_a_screen_repaints_the_one_below_without_laying_it_out(make_app):
    """A closed screen is removed without a layout of the screen shown (KioskApp._prune): nothing
    on it moved, and it is repainted in full when it resumes. The screen is still removed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        home = app.screen
        closed = Screen()
        await app.push_screen(closed)
        await pilot.pause()
        layouts: list[bool] = []
        refresh = home.refresh

        def spy(*regions, repaint=True, layout=False, recompose=False):
            layouts.append(layout)
            return refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

        home.refresh = spy  # type: ignore[method-assign]
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is home
        assert not closed.is_attached  # removed, with what it showed
        assert layouts and not any(layouts)  # repainted, never laid out again
