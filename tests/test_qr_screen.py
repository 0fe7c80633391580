"""The codes as the screen shows them: decoded from Textual's SVG screenshot, 4-module margin required.

The cell grid is rebuilt from the SVG (see ``qrdecode``), so this proves what the
terminal would show, in the kiosk's dark theme and in a light theme.
"""

from __future__ import annotations

import pytest
from qrdecode import decode_modules, decode_screen_svg, grid_from_svg, modules_from_cells
from textual.app import App, ComposeResult

from kiosk.content.qr import contact_codes
from kiosk.screens.contacts import CODE_KINDS, ContactCardScreen
from kiosk.screens.widgets import WIDGETS_TCSS
from kiosk.screens.widgets.qr import QRCode

KINDS = [kind for kind, _ in CODE_KINDS]


def kinds_of(codes) -> list[str]:
    return [kind for kind in KINDS if getattr(codes, kind)]


async def show_card(app, pilot, contact_id: str, key: str | None = None) -> tuple[ContactCardScreen, list[str]]:
    """Open a card (pressing ``key`` if given), return it and the codes decoded from the screenshot."""
    screen = ContactCardScreen(contact_id)
    await app.push_screen(screen)
    await pilot.pause()
    if key:
        await pilot.press(key)
        await pilot.pause()
    return screen, decode_screen_svg(app.export_screenshot())


@pytest.mark.parametrize("theme", [None, "textual-light"], ids=["kiosk-dark", "textual-light"])
async def test_every_contact_first_code_decodes_at_80x24(make_app, theme):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        if theme:
            app.theme = theme
        checked = 0
        contacts = list(app.content.contacts.values())
        if theme:  # the light theme changes nothing in the widget (dark on light): a sample is enough
            contacts = contacts[:8]
        for contact in contacts:
            codes = contact_codes(contact)
            screen, found = await show_card(app, pilot, contact.id)
            kinds = kinds_of(codes)
            if not kinds:
                assert found == [] and not screen.query(QRCode), contact.id
            else:
                assert found == [getattr(codes, kinds[0])], contact.id
                checked += 1
            app.pop_screen()
            await pilot.pause()
        assert checked >= (5 if theme else 20)


@pytest.mark.parametrize("theme", [None, "textual-light"], ids=["kiosk-dark", "textual-light"])
async def test_every_kind_decodes_at_120x40(make_app, theme):
    app = make_app()
    sample = ["cpms-libre-1", "mediation-scolaire", "child-focus-116000", "take-it-down", "urgences-112"]
    if theme:
        sample = sample[:2]  # the light theme changes nothing in the widget: a sample is enough
    async with app.run_test(size=(120, 40)) as pilot:
        if theme:
            app.theme = theme
        for contact_id in sample:
            codes = contact_codes(app.content.contacts[contact_id])
            for number, kind in enumerate(kinds_of(codes), start=1):
                screen, found = await show_card(app, pilot, contact_id, str(number))
                assert screen.kind == kind
                assert found == [getattr(codes, kind)], (contact_id, kind)
                app.pop_screen()
                await pilot.pause()


async def test_mecard_too_big_at_80x24_falls_back_to_tel_and_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        codes = contact_codes(app.content.contacts["cpms-libre-1"])
        screen, found = await show_card(app, pilot, "cpms-libre-1", "3")
        assert screen.kind == "save"
        assert found == [codes.call]
        caption = str(screen.query_one("#qr-caption").render())
        assert "trop grand" in caption and "affiche" in caption


class QRHost(App):
    """A bare dark app holding one QR widget."""

    CSS_PATH = WIDGETS_TCSS  # a widget has no CSS_PATH: its host loads its styles
    CSS = "Screen { background: #000000; } QRCode { height: 1fr; }"

    def __init__(self, qr: QRCode, css: str = "") -> None:
        super().__init__()
        self.qr = qr
        if css:
            self.CSS = self.CSS + css

    def compose(self) -> ComposeResult:
        yield self.qr


async def test_too_small_says_so_in_words_and_never_draws_a_cut_code():
    qr = QRCode(["TEL:+3256391620"], "Trop grand pour cet écran.")
    app = QRHost(qr)
    async with app.run_test(size=(24, 12)) as pilot:
        await pilot.pause()
        assert qr.shown is None
        svg = app.export_screenshot()
        assert "Trop" in svg
        assert not any(ch in svg for ch in "\u2580\u2584\u2588")


async def test_layout_smaller_than_asked_shows_words_not_a_cut_code():
    # A height forced by CSS below the code's 15 rows: the widget must not cut the code.
    qr = QRCode(["TEL:+3256391620"], "Trop grand.")
    app = QRHost(qr, " QRCode { height: 10; }")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        svg = app.export_screenshot()
        assert "Trop" in svg
        assert not any(ch in svg for ch in "\u2580\u2584\u2588")


async def test_fallback_payload_when_the_first_does_not_fit():
    mecard = "MECARD:N:CPMS Libre Mouscron 1;TEL:+3256391620;EMAIL:cpms.libre.mouscron@skynet.be;;"
    qr = QRCode([mecard, "TEL:+3256391620"], "Trop grand.")
    app = QRHost(qr)
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        assert qr.shown_index == 1
        assert decode_screen_svg(app.export_screenshot()) == ["TEL:+3256391620"]


async def test_a_widget_with_a_2_module_margin_is_rejected():
    qr = QRCode(["TEL:+3256391620"], "", quiet=2)
    app = QRHost(qr)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        modules = modules_from_cells(grid_from_svg(app.export_screenshot()))
        readable = decode_modules(modules, min_quiet=0)
        assert [d.text for d in readable] == ["TEL:+3256391620"]  # zxing alone accepts it…
        assert readable[0].quiet == 2
        assert decode_modules(modules, min_quiet=4) == []  # …the 4-module check does not


async def test_a_new_code_is_drawn_before_the_next_layout_never_words_in_between():
    # show() used to forget the choice until the next layout: a paint in between drew the "too
    # big" words, and when the new code had the old size the compositor kept them (a flaky screen
    # test showed words where the card's code belonged).
    mecard = "MECARD:N:CPMS Libre Mouscron 1;TEL:+3256391620;EMAIL:cpms.libre.mouscron@skynet.be;;"
    qr = QRCode(["TEL:+3256391620"], "Trop grand.")
    app = QRHost(qr)
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        qr.show([mecard, "TEL:+3256391621"], "Trop grand.")
        assert qr.shown == "TEL:+3256391621"  # chosen at once, for the room already given
        assert qr.code_size(qr.shown) == qr.code_size("TEL:+3256391620")  # same size: no new layout size
        first = qr.render_line(qr._quiet // 2 + 2).text
        assert "Trop" not in first and set(first) & set("\u2580\u2584\u2588")
        await pilot.pause()
        assert decode_screen_svg(app.export_screenshot()) == ["TEL:+3256391621"]
