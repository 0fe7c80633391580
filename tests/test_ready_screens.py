"""Screens composed ahead (kiosk.screens.ready): the same as built on demand, shown once, never a child's words.

The app composes the visitor's screens before the key that opens them. What the visitor then
sees must be exactly what a screen built on demand shows (same cells, same QR payloads); a
screen is shown once and thrown away, so nothing a visitor did on it (a code chosen, a scroll)
reaches anyone after them, wipe or not; the note form, the follow-up and danger are composed
empty and ask the store only when shown. No timing here: ``benchmarks/public_keys.py`` measures speed.
"""

from __future__ import annotations

import asyncio

import pytest
from qrdecode import decode_screen_svg

from kiosk.ahead import Prepared
from kiosk.content import load_pack
from kiosk.screens import prepare
from kiosk.screens.contacts import ContactCardScreen
from kiosk.screens.ready import URGENT_NOTE, ScreenKey
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
    app.on_prepared(Prepared(app.content.lang))
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


def test_every_screen_a_visitor_opens_from_the_menus_is_composed_ahead():
    for lang in ("fr", "nl", "en"):
        pack = load_pack(lang).pack
        keys = prepare.screen_keys(pack)
        kinds = {"home", "menu", "page", "contacts", "card", "procedure", "note", "danger", "followup"}
        assert {key.kind for key in keys} == kinds
        assert URGENT_NOTE in keys  # the one danger opens
        assert len(keys) == len(set(keys))
        # Every menu, page, group and card the menus lead to is there.
        menus = {key.ref for key in keys if key.kind == "menu"}
        for menu_id in menus:
            for item in pack.menus[menu_id].items:
                if item.kind in ("page", "contacts"):
                    assert ScreenKey(item.kind, item.ref) in keys
    with pytest.raises(ValueError):
        prepare.build_screen(ScreenKey("console"))


class CountingStore:
    """A real store that records when the screens ask it something before a child writes."""

    def __init__(self, store) -> None:
        self._store = store
        self.asked: list[str] = []

    def readiness(self):
        self.asked.append("readiness")
        return self._store.readiness()

    def prepare_code(self, lang: str) -> None:
        self.asked.append("prepare_code")

    def __getattr__(self, name: str):
        return getattr(self._store, name)


#: Home, the pupil's menus, and the forms the primary school's menu opens.
FORM_KEYS = [
    ScreenKey("home"),
    ScreenKey("menu", "eleve"),
    ScreenKey("menu", "eleve_primaire"),
    ScreenKey("note"),
    ScreenKey("danger"),
    URGENT_NOTE,
    ScreenKey("followup"),
]


async def test_a_note_form_composed_ahead_is_empty_and_asks_the_store_when_shown(make_app, tmp_data_dir, monkeypatch):
    """Composed ahead, the form asks nothing; shown, it asks; the next visitor's form is a new, empty one."""
    from test_notes_ui_store import real_store

    from kiosk.screens.note_form import NoteScreen
    from kiosk.screens.notes import DangerScreen, ReceiptScreen
    from kiosk.screens.widgets.note_widgets import CharCounter, LimitedTextArea

    monkeypatch.setattr("kiosk.app.KioskApp._prepare_soon", lambda self: None)
    monkeypatch.setattr(prepare, "screen_keys", lambda pack: list(FORM_KEYS))
    store = CountingStore(real_store(tmp_data_dir))
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await composed_ahead(app, pilot)
        assert ScreenKey("note") in app.ready_screens and store.asked == []
        ready = app.ready_screens._ready[ScreenKey("note")]
        await pilot.press("space", "1", "1", "5")
        await app.workers.wait_for_complete()
        first = app.screen
        assert first is ready and isinstance(first, NoteScreen)
        assert store.asked.count("readiness") == 1 and "prepare_code" in store.asked
        await pilot.press("1", "s", "e", "c", "r", "e", "t")
        assert first.query_one(LimitedTextArea).text == "secret"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReceiptScreen)
        for wipe_first in (False, True):
            if wipe_first:
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, WelcomeScreen)
                await pilot.press("space", "1", "1")
            else:
                await pilot.press("escape", "space", "1", "1")
            store.asked.clear()
            await composed_ahead(app, pilot)
            assert store.asked == []  # composing asked nothing
            await pilot.press("5")
            await app.workers.wait_for_complete()
            await pilot.pause()
            form = app.screen
            assert isinstance(form, NoteScreen) and form is not first
            assert store.asked.count("readiness") == 1
            assert form.query_one(LimitedTextArea).text == ""
            assert str(form.query_one(CharCounter).render()) == f"0 / {CharCounter().limit}"
            assert str(form.query_one("#note-status").render()) == ""
            assert form.for_whom is None and form.readiness == "ok"
            first = form
        # Danger, composed ahead too, asks when shown.
        await pilot.press("escape", "space", "1", "1")
        await composed_ahead(app, pilot)
        store.asked.clear()
        await pilot.press("6")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, DangerScreen) and store.asked == ["readiness"]


def screen_text(app) -> str:
    """What the screen on top shows, cell by cell."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def other_packs_read(app) -> None:
    """What the preparation worker does after the first language: read the others' packs."""
    from kiosk.app import PackLoaded

    for lang in ("nl", "en"):
        app.post_message(PackLoaded(lang, load_pack(lang)))
    await asyncio.sleep(0.05)


async def test_a_language_not_shown_yet_has_its_home_composed_ahead_in_its_own_words(make_app, few_screens):
    """Composed while French shows, Dutch home and menus read Dutch; the language key shows that home."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "6")
        await pilot.pause()
        on_demand = screen_text(app)  # home composed again in Dutch
        await pilot.press("backspace")
        await pilot.pause()
        welcome_on_demand = screen_text(app)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await composed_ahead(app, pilot)
        await other_packs_read(app)
        await composed_ahead(app, pilot)
        dutch = app.ready_by_lang["nl"]
        assert ScreenKey("home") in dutch and ScreenKey("menu", "parent") in dutch and not dutch.full
        home = dutch._ready[ScreenKey("home")]
        await pilot.press("space", "6")
        await pilot.pause()
        assert app.screen is home and app.content.lang == "nl"
        assert screen_text(app) == on_demand
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.screen_title == load_pack("nl").pack.menus["parent"].title
        await pilot.press("backspace", "backspace")  # welcome, left in French under home, shows Dutch
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert screen_text(app) == welcome_on_demand


async def test_each_language_keeps_its_screens_through_a_wipe_and_nothing_of_a_visit_crosses(make_app, few_screens):
    """French, then Dutch, then a wipe back to French: both keep their screens; a code chosen stays behind."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await composed_ahead(app, pilot)
        french = dict(app.ready_by_lang["fr"]._ready)
        await pilot.press("space", "1", "1", "4", "2")  # a French card: another code chosen
        card = app.screen
        assert isinstance(card, ContactCardScreen)
        await pilot.press("2")
        await pilot.press("escape", "space", "6")  # a wipe, then Dutch
        await pilot.pause()
        assert app.content.lang == "nl"
        await composed_ahead(app, pilot)
        dutch = dict(app.ready_by_lang["nl"]._ready)
        assert dutch
        await pilot.press("1", "1", "4", "2")
        nl_card = app.screen
        assert isinstance(nl_card, ContactCardScreen) and nl_card is not card
        assert nl_card.kind == "call"  # the French visitor's choice did not cross
        await pilot.press("escape")  # a wipe: back to French
        await pilot.pause()
        assert app.content.lang == "fr" and isinstance(app.screen, WelcomeScreen)
        assert not card.is_attached and not nl_card.is_attached  # the visit's screens are gone
        kept_nl = app.ready_by_lang["nl"]._ready
        assert kept_nl and all(screen.is_attached for screen in kept_nl.values())
        kept_fr = app.ready_by_lang["fr"]._ready
        assert set(french) - {ScreenKey("home"), ScreenKey("menu", "eleve")} <= set(kept_fr)
        await composed_ahead(app, pilot)
        nl_home = kept_nl[ScreenKey("home")]
        await pilot.press("space", "6")
        await pilot.pause()
        assert app.screen is nl_home  # the language key shows Dutch home composed ahead
        await pilot.press("1", "1", "4", "2")
        assert app.screen.kind == "call" and app.screen not in (card, nl_card)


async def test_the_app_prepares_by_itself_each_language_it_shows_unless_told_not_to(make_app, monkeypatch):
    """The real path (``prepare_ahead=True``, the default outside tests): nothing starts it but a language shown."""
    monkeypatch.setattr("kiosk.app.PREPARE_DELAY", 0.05)
    monkeypatch.setattr(prepare, "screen_keys", keys_on_paths)

    async def ready_in(app, lang: str) -> None:
        for _ in range(500):
            await asyncio.sleep(0.02)
            ready = app.ready_by_lang.get(lang)
            if ready and ScreenKey("menu", "parent") in ready and not ready.wanted and app._composing.done():
                return
        raise AssertionError(f"{lang}: not composed by itself")

    app = make_app(prepare_ahead=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready_in(app, "fr")
        await pilot.press("space", "6")  # Nederlands
        await ready_in(app, "nl")
        await pilot.press("escape")  # the wipe goes back to French; both keep their screens
        await pilot.pause()
        assert ScreenKey("menu", "parent") in app.ready_by_lang["fr"]
        assert ScreenKey("menu", "parent") in app.ready_by_lang["nl"]

    quiet = make_app()  # the tests' default: prepare_ahead=False
    async with quiet.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert not any(len(ready) for ready in quiet.ready_by_lang.values())


async def test_no_visitor_screen_is_composed_while_the_pms_console_is_open(make_app, few_screens, monkeypatch):
    """The console composes its own screens ahead; visitor screens wait until it is locked."""
    monkeypatch.setattr("kiosk.ahead.CONSOLE_PAUSE", 0.05)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.pms_session = object()  # what the unlock screen sets (only its presence counts here)
        prepare.prepare_pack(app.content)
        app.on_prepared(Prepared(app.content.lang))
        await pilot.pause(0.6)
        assert not len(app.ready_screens) and app.ready_screens.wanted
        app.pms_session = None  # locked
        await composed_ahead(app, pilot)
        assert ScreenKey("menu", "parent") in app.ready_screens
