"""Screens composed ahead (kiosk.screens.ready): the same as built on demand, shown once, never a child's words.

The app composes the visitor's screens before the key that opens them. What the visitor then
sees must be exactly what a screen built on demand shows (same cells, same QR payloads); a
screen is shown once and thrown away, so nothing a visitor did on it (a code chosen, a scroll)
reaches anyone after them, wipe or not; the note form, the follow-up and danger are never
composed ahead. No timing here: ``benchmarks/public_keys.py`` measures speed.
"""

from __future__ import annotations

import asyncio

import pytest
from qrdecode import decode_screen_svg

from kiosk.content import load_pack
from kiosk.screens import prepare
from kiosk.screens.contacts import ContactCardScreen
from kiosk.screens.ready import ScreenKey
from kiosk.screens.welcome import WelcomeScreen
from kiosk.screens.widgets.qr import QRCode

#: The screens on the paths the tests walk (home → parent → page 1, a group and its first card…).
PATH_KEYS = [
    ScreenKey("home"),
    ScreenKey("menu", "parent"),
    ScreenKey("menu", "eleve"),
    ScreenKey("menu", "eleve_primaire"),
    ScreenKey("contacts", "ecoute-primaire"),
]


def keys_on_paths(pack) -> list[ScreenKey]:
    """The path keys, plus every screen the parent menu and the primary school's group open."""
    keys = list(PATH_KEYS)
    keys += prepare.next_keys(pack, ScreenKey("menu", "parent"), adult=True)
    keys += prepare.next_keys(pack, ScreenKey("contacts", "ecoute-primaire"), adult=False)
    return list(dict.fromkeys(keys))


async def composed_ahead(app, pilot) -> None:
    """Prepare the pack, compose the screens of the paths ahead, and wait until they are all ready."""
    prepare.prepare_pack(app.content)
    app.compose_ahead()
    for _ in range(400):
        await asyncio.sleep(0.02)
        if not app.ready_screens.wanted and app._composing.done():
            assert app._composing.exception() is None
            return
    raise AssertionError(f"still composing: {list(app.ready_screens.wanted)}")


async def shown(app, pilot, keys) -> tuple[str, str]:
    """Press ``keys``; the screen's text and its SVG screenshot."""
    await pilot.press(*keys)
    await pilot.pause()
    text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    return text, app.export_screenshot()


@pytest.fixture
def few_screens(monkeypatch):
    """Compose only the screens of the tested paths (all ~90 would only make the tests slow)."""
    monkeypatch.setattr("kiosk.app.KioskApp._prepare_soon", lambda self: None)  # the tests start it
    monkeypatch.setattr(prepare, "screen_keys", keys_on_paths)


@pytest.mark.parametrize(
    "keys",
    [
        ("space", "2"),  # a role menu
        ("space", "2", "1"),  # a page
        ("space", "1", "1", "4"),  # a contact group
        ("space", "1", "1", "4", "1"),  # a contact card with its QR code
        ("space", "1", "1", "4", "3"),
    ],
)
async def test_screens_composed_ahead_show_what_screens_built_on_demand_show(make_app, few_screens, keys):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        on_demand, svg_on_demand = await shown(app, pilot, keys)
        assert not app.ready_screens  # nothing was composed ahead
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await composed_ahead(app, pilot)
        ready = {id(screen) for screen in app.ready_screens._ready.values()}
        ahead, svg_ahead = await shown(app, pilot, keys)
        assert id(app.screen) in ready  # the screen shown is one composed ahead
    assert ahead == on_demand
    assert decode_screen_svg(svg_ahead) == decode_screen_svg(svg_on_demand)


async def test_a_screen_composed_ahead_is_shown_once_and_the_next_one_starts_fresh(make_app, few_screens):
    """A code chosen on a card is gone when the card opens again: after Backspace, after a wipe."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await composed_ahead(app, pilot)
        await pilot.press("space", "1", "1", "4", "2")
        first = app.screen
        assert isinstance(first, ContactCardScreen)
        first_code = first.query_one(QRCode).shown
        await pilot.press("2")  # another code
        assert first.query_one(QRCode).shown != first_code
        await pilot.press("backspace")
        await composed_ahead(app, pilot)
        await pilot.press("2")
        again = app.screen
        assert again is not first
        assert again.kind == "call" and again.query_one(QRCode).shown == first_code
        await pilot.press("2", "escape")  # a wipe
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not first.is_attached and not again.is_attached  # closed screens are gone
        await composed_ahead(app, pilot)
        await pilot.press("space", "1", "1", "4", "2")
        assert app.screen not in (first, again)
        assert app.screen.kind == "call"


async def test_a_card_composed_ahead_speaks_to_the_reader_chosen_on_the_path(make_app, few_screens):
    """The card a student opens is the one composed for a student ("tu", not "vous")."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await composed_ahead(app, pilot)
        await pilot.press("space", "1", "1", "4", "2")
        assert isinstance(app.screen, ContactCardScreen)
        assert app.screen.adult is False


def test_no_screen_that_holds_a_childs_words_or_asks_the_store_is_composed_ahead():
    for lang in ("fr", "nl", "en"):
        pack = load_pack(lang).pack
        keys = prepare.screen_keys(pack)
        assert {key.kind for key in keys} == {"home", "menu", "page", "contacts", "card"}
        assert len(keys) == len(set(keys))
        # Every menu, page, group and card the menus lead to is there.
        menus = {key.ref for key in keys if key.kind == "menu"}
        for menu_id in menus:
            for item in pack.menus[menu_id].items:
                if item.kind in ("page", "contacts"):
                    assert ScreenKey(item.kind, item.ref) in keys
    for kind in ("note", "followup", "danger", "procedure"):
        with pytest.raises(ValueError):
            prepare.build_screen(ScreenKey(kind))


async def test_another_language_drops_the_screens_composed_ahead(make_app, few_screens):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await composed_ahead(app, pilot)
        french = list(app.ready_screens._ready.values())
        assert french
        await pilot.press("space", "6")  # Nederlands
        await pilot.pause()
        assert app.content.lang == "nl"
        assert not app.ready_screens
        await pilot.pause(0.2)
        assert not any(screen.is_attached for screen in french if screen not in app.screen_stack)
        await composed_ahead(app, pilot)
        assert app.ready_screens.lang == "nl"
        await pilot.press("2")
        assert app.screen.screen_title == load_pack("nl").pack.menus["parent"].title


async def test_a_language_shown_again_gets_its_screens_composed_again(make_app, monkeypatch):
    """A wipe goes back to French and drops the Dutch screens: French, then Dutch again, are composed anew."""
    monkeypatch.setattr("kiosk.app.PREPARE_DELAY", 0.05)
    monkeypatch.setattr(prepare, "screen_keys", keys_on_paths)
    app = make_app()

    async def ready_in(lang: str) -> None:
        for _ in range(500):
            await asyncio.sleep(0.02)
            ready = app.ready_screens
            if ready.lang == lang and ready and not ready.wanted and app._composing.done():
                return
        raise AssertionError(f"{lang}: not composed again ({app.ready_screens.lang!r}, {len(app.ready_screens)})")

    async with app.run_test(size=(80, 24)) as pilot:
        await ready_in("fr")
        await pilot.press("space", "6")
        await ready_in("nl")
        await pilot.press("escape")  # the wipe goes back to the kiosk's language
        await ready_in("fr")
        await pilot.press("space", "6")
        await ready_in("nl")
