"""Keys typed faster than a screen switch reach the screen they were typed for.

A visitor (or a terminal's paste of keys) sends ``1 1 2`` in one burst: each key must act on
the screen the previous keys led to, none lost, none run on a screen already covered.
The keys are posted all at once, before the app handles the first one.
"""

from __future__ import annotations

import pytest
from textual import events

from kiosk.screens.home import HomeScreen
from kiosk.screens.welcome import WelcomeScreen

#: key → the character a terminal sends
CHARS = {"space": " ", "backspace": "\x7f", "escape": "\x1b", "enter": "\r"}


async def burst(app, pilot, *keys: str) -> None:
    """Post every key at once, as a terminal delivers a burst, then let the app settle."""
    for key in keys:
        app.post_message(events.Key(key, CHARS.get(key, key)))
    for _ in range(10):
        await pilot.pause()


def titles(app) -> list[str]:
    """The stack of screens above home, by the title of each."""
    return [getattr(screen, "screen_title", "") for screen in app.screen_stack[2:]]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (("1", "1", "2"), ["Élève", "Élève (primaire)", "Des conseils pour toi"]),
        (("1", "2", "2"), ["Élève", "Élève (secondaire)", "Des conseils"]),
        (("2", "1"), ["Parent", "Votre enfant est victime : comment réagir ?"]),
        (("1", "1", "backspace", "2"), ["Élève", "Élève (secondaire)"]),
        (("3", "3", "1"), ["Équipe éducative", "Les 5 centres PMS de Mouscron", None]),
    ],
)
async def test_a_burst_of_keys_lands_where_it_should(make_app, keys, expected):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        assert isinstance(app.screen, HomeScreen)
        await burst(app, pilot, *keys)
        got = titles(app)
        assert len(got) == len(expected), got
        assert [g for g, e in zip(got, expected, strict=True) if e is not None] == [
            e for e in expected if e is not None
        ]


async def test_escape_in_a_burst_wipes_and_drops_the_keys_before_it(make_app):
    """Keys typed before Escape never run on the welcome screen that Escape shows."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await burst(app, pilot, "1", "1", "escape")
        assert isinstance(app.screen, WelcomeScreen)
        assert len(app.screen_stack) == 1


async def test_a_burst_after_escape_starts_again_from_welcome(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "1")
        await burst(app, pilot, "escape", "space", "2")
        assert titles(app) == ["Parent"]


async def test_a_held_key_goes_through_even_if_the_screen_never_settles(make_app, monkeypatch):
    """A settle round that cannot finish must not swallow the keyboard."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        monkeypatch.setattr(app, "_settle_round", lambda *args: None)  # rounds never end
        monkeypatch.setattr("kiosk.app.SETTLE_TIMEOUT", 0.05)
        await burst(app, pilot, "2", "1")
        await pilot.pause(0.3)
        assert titles(app)[:1] == ["Parent"]
        assert len(titles(app)) == 2


async def test_two_choices_queued_on_one_menu_open_one_screen(make_app):
    """The menu's guard (on_top_only): the second choice reaches a covered screen and is dropped."""
    from kiosk.screens.widgets import DigitMenu

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        menu = app.screen.query_one(DigitMenu)
        assert menu.choose(1) and menu.choose(1)  # both queued before the first is handled
        await pilot.pause()
        await pilot.pause()
        assert len(app.screen_stack) == 3  # welcome, home, one student menu
