"""What is prepared after the first paint is exactly what a screen builds on demand.

Pages: the prepared renderable draws the same text, in the same styles, as one built
fresh from the Markdown. QR codes: the prepared rows are the rows of a freshly made
code, and they decode to the contact's payload. And on screen: a page and a contact
card opened after the preparation show the same cells as in an app that prepared nothing.
No timing here: ``benchmarks/public_keys.py`` measures speed.
"""

from __future__ import annotations

import io

import pytest
from qrdecode import decode_modules, decode_screen_svg, modules_from_cells
from rich.console import Console

from kiosk.content import load_pack
from kiosk.content.qr import half_block_rows, qr_matrix
from kiosk.screens import prepare
from kiosk.screens.contacts import card_payloads, codes_of
from kiosk.screens.widgets.page_text import page_renderable
from kiosk.screens.widgets.qr import qr_rows

LANGS = ("fr", "nl", "en")


def drawn(renderable, width: int = 76) -> str:
    """The renderable drawn at ``width`` columns, with its styles as escape codes."""
    console = Console(width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    console.print(renderable)
    return console.file.getvalue()


@pytest.fixture(scope="module")
def prepared():
    """Every language prepared, as the app's worker does it."""
    packs = {lang: load_pack(lang).pack for lang in LANGS}
    for pack in packs.values():
        assert prepare.prepare_pack(pack) > len(pack.pages)
    return packs


@pytest.mark.parametrize("lang", LANGS)
def test_prepared_pages_draw_the_same_as_pages_built_on_demand(prepared, lang):
    pack = prepared[lang]
    for page in pack.pages.values():
        cached = page_renderable(page.body)
        fresh = page_renderable.__wrapped__(page.body)  # built now, bypassing the cache
        assert cached is not fresh
        for width in (76, 40):
            assert drawn(cached, width) == drawn(fresh, width), page.id


@pytest.mark.parametrize("lang", LANGS)
def test_prepared_codes_are_fresh_codes_and_decode_to_their_payload(prepared, lang):
    pack = prepared[lang]
    payloads = [p for contact in pack.contacts.values() for p in card_payloads(codes_of(contact))]
    assert payloads
    for payload in payloads:
        rows = qr_rows(payload)
        assert list(rows) == half_block_rows(qr_matrix.__wrapped__(payload)), payload
        grid = [[(char, "#000000", "#ffffff") for char in row] for row in rows]
        assert [d.text for d in decode_modules(modules_from_cells(grid))] == [payload]


def test_preparation_gives_way_to_keys_and_stops_when_cancelled(monkeypatch):
    pack = load_pack("fr").pack
    monkeypatch.setattr(prepare, "BUSY_WAIT", 0.001)
    calls = {"busy": 0}

    def busy() -> bool:
        calls["busy"] += 1
        return calls["busy"] <= 3  # the visitor presses keys for a moment, then stops

    assert prepare.prepare_pack(pack, busy=busy, cancelled=lambda: calls["busy"] > 5) == 2
    assert prepare.prepare_pack(pack, cancelled=lambda: True) == 0


async def screen_text(app, pilot, keys) -> tuple[str, str]:
    """Press ``keys`` from welcome; the screen's text and its SVG screenshot."""
    await pilot.press(*keys)
    await pilot.pause()
    svg = app.export_screenshot()
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips()), svg


@pytest.mark.parametrize("keys", [("space", "2", "1"), ("space", "1", "2", "3"), ("space", "2", "5", "1")])
async def test_screens_after_preparation_are_the_screens_without_it(make_app, monkeypatch, keys):
    """A page and a contact card: the same cells whether prepared first or built on demand."""
    monkeypatch.setattr("kiosk.app.KioskApp._prepare_soon", lambda self: None)  # the test prepares
    page_renderable.cache_clear()
    qr_rows.cache_clear()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        on_demand, svg_on_demand = await screen_text(app, pilot, keys)
    page_renderable.cache_clear()
    qr_rows.cache_clear()
    assert prepare.prepare_pack(load_pack("fr").pack) > 0
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        prepared_text, svg_prepared = await screen_text(app, pilot, keys)
    assert prepared_text == on_demand
    assert decode_screen_svg(svg_prepared) == decode_screen_svg(svg_on_demand)
