"""Contacts honest about their age: every card shows when its number was verified (issue 12 point 2).

Read from the screen as drawn at 80x24 (cells rebuilt from the screenshot), in the
three languages: the date must be visible on the card's first screen, not scrolled away.
"""

from __future__ import annotations

import datetime as dt

import pytest
from qrdecode import grid_from_svg

from kiosk.content import LANGS, Contact, load_pack
from kiosk.content.qr import contact_codes
from kiosk.screens.contacts import ContactCardScreen, card_text, verified_line

WORDS = {  # what each language says before the date, written here independently of the packs
    "fr": ("Numéro vérifié le", "Informations vérifiées le", "Date de vérification inconnue"),
    "nl": ("Nummer gecontroleerd op", "Gegevens gecontroleerd op", "Controledatum onbekend"),
    "en": ("Number checked on", "Details checked on", "Check date unknown"),
}


def expected(contact: Contact, lang: str) -> str:
    with_phone, without_phone, unknown = WORDS[lang]
    if contact.updated is None:
        return unknown
    return f"{with_phone if contact.phones else without_phone} {contact.updated:%d/%m/%Y}"


def screen_lines(app) -> list[str]:
    return ["".join(cell[0] for cell in row).replace("\u00a0", " ") for row in grid_from_svg(app.export_screenshot())]


@pytest.mark.parametrize("lang", LANGS)
async def test_every_contact_card_shows_its_date_at_80x24(make_app, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        contacts = list(app.content.contacts.values())
        assert len(contacts) >= 20
        for contact in contacts:
            await app.push_screen(ContactCardScreen(contact.id))
            await pilot.pause()
            lines = screen_lines(app)
            assert any(expected(contact, lang) in line for line in lines), (contact.id, "\n".join(lines))
            app.pop_screen()
            await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
def test_card_text_puts_the_date_right_under_the_name(lang):
    pack = load_pack(lang).pack
    for contact in pack.contacts.values():
        codes = contact_codes(contact)
        lines = card_text(contact, codes, pack.t).plain.splitlines()
        assert lines[1] == expected(contact, lang) == verified_line(contact, codes, pack.t), contact.id


def test_a_2016_number_never_shows_today(make_app):
    pack = load_pack("fr").pack
    contact = pack.contacts["cpms-libre-1"]
    assert contact.updated == dt.date(2016, 9, 13)
    text = card_text(contact, contact_codes(contact), pack.t).plain
    assert "Numéro vérifié le 13/09/2016" in text
    assert dt.date.today().strftime("%d/%m/%Y") not in text
