"""Contact screens in a Pilot: role menu → list → card → another code → back; unknown ids; snapshot."""

from __future__ import annotations

from qrdecode import decode_screen_svg

from kiosk.content import Contact
from kiosk.content.qr import contact_codes
from kiosk.screens.contacts import ContactCardScreen, ContactListScreen
from kiosk.screens.widgets.qr import QRCode

SIZE = (80, 24)

#: A fixed contact for the snapshot, so that content edits do not change it.
SNAP_CONTACT = Contact(
    id="snap-cpms",
    name="CPMS Libre Mouscron 1",
    what="Psychologues, assistants sociaux et infirmiers, dans ton école.",
    for_whom="Élèves, parents",
    phones=["056/39 16 20"],
    email="cpms.libre.mouscron@skynet.be",
    hours="Lundi-vendredi, 8 h 30-16 h 30",
)


def digit_of(menu, target: str) -> str:
    """The digit of the menu item that opens ``target``."""
    return str([item.target for item in menu.items].index(target) + 1)


async def test_list_card_switch_code_and_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        content = app.content
        await pilot.press("space", "2")  # home, then Parent
        await pilot.pause()
        await pilot.press(digit_of(content.menus["parent"], "contacts:mouscron-pms"))
        await pilot.pause()
        assert isinstance(app.screen, ContactListScreen)
        first_id = content.groups["mouscron-pms"].contacts[0]
        await pilot.press("1")
        await pilot.pause()
        card = app.screen
        assert isinstance(card, ContactCardScreen) and card.contact_id == first_id
        codes = contact_codes(content.contacts[first_id])
        assert card.kind == "call"
        assert decode_screen_svg(app.export_screenshot()) == [codes.call]
        await pilot.press("2")
        await pilot.pause()
        assert card.kind == "write"
        assert card.query_one(QRCode).shown == codes.write
        assert decode_screen_svg(app.export_screenshot()) == [codes.write]
        await pilot.press("down", "enter")  # arrows and Enter choose too
        await pilot.pause()
        assert card.kind == "save"
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, ContactListScreen)


async def test_unknown_ids_show_words_not_a_crash(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ContactListScreen("no-such-group"))
        await pilot.pause()
        assert "n'existe pas" in str(app.screen.query_one("#placeholder").render())
        await app.push_screen(ContactCardScreen("no-such-contact"))
        await pilot.pause()
        assert "n'existe pas" in str(app.screen.query_one("#placeholder").render())
        await pilot.press("1", "2", "3")  # digits with no menu: nothing happens
        assert isinstance(app.screen, ContactCardScreen)


async def test_contact_without_any_code_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        bare = Contact(id="bare", name="Le centre PMS de ton école", what="Va les voir.")
        app.content = app.content.model_copy(update={"contacts": {**app.content.contacts, "bare": bare}})
        await app.push_screen(ContactCardScreen("bare"))
        await pilot.pause()
        assert not app.screen.query(QRCode)
        assert "Pas de code" in str(app.screen.query_one("#qr-caption").render())


async def test_list_labels_carry_the_national_number(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ContactListScreen("mouscron-pms"))
        await pilot.pause()
        svg = app.export_screenshot()
        first = app.content.contacts[app.content.groups["mouscron-pms"].contacts[0]]
        number = contact_codes(first).phones[0].display_national
        assert number.replace(" ", "&#160;") in svg or number in svg


def test_contact_card_snapshot(snap_compare, make_app):
    app = make_app()

    async def run_before(pilot):
        app.content = app.content.model_copy(
            update={"contacts": {**app.content.contacts, SNAP_CONTACT.id: SNAP_CONTACT}}
        )
        await app.push_screen(ContactCardScreen(SNAP_CONTACT.id))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
