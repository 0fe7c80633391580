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


#: 100 characters typed in one burst: letters, digits (which a menu would take) and spaces.
TYPED = ("aide moi 0123456789 " * 5)[:100]


def keys_of(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


@pytest.mark.parametrize(
    ("route", "opening"),
    [
        (("1", "3"), ("1",)),  # the danger screen: 1 opens the urgent note, its text field focused
        (("1", "1"), ("5", "1")),  # primary menu: 5 opens the note, 1 answers "for me"
    ],
    ids=["urgent", "note"],
)
async def test_a_long_burst_typed_as_the_note_form_opens_arrives_whole(make_app, route, opening):
    """Every character typed right after the key that opens the form reaches its text, in order."""
    from test_notes_ui import FakeStore

    from kiosk.screens.note_form import NoteScreen

    app = make_app(store=FakeStore())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", *route)
        await pilot.pause()
        for key in [*opening, *keys_of(TYPED)]:
            app.post_message(events.Key(key, CHARS.get(key, key)))
        for _ in range(500):  # short pauses: the screens composed ahead keep the CPU busy
            await pilot.pause(0.01)
            if not app._keys_wait and not app._held_keys:
                break
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one("#note-text").text == TYPED


async def test_keys_beyond_the_held_limit_ring_the_bell(make_app, monkeypatch):
    """A queue that is full refuses keys out loud, never silently."""
    rung: list[bool] = []
    monkeypatch.setattr("kiosk.app.MAX_HELD_KEYS", 3)
    app = make_app()
    monkeypatch.setattr(app, "bell", lambda: rung.append(True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await burst(app, pilot, "1", "1", "2", "3", "4", "5")  # 1 handled, 3 held, 2 refused
        assert len(rung) == 2
