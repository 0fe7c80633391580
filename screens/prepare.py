"""Prepare a language's pages and QR codes once, after the first paint, off the UI thread.

Opening a page or a contact card is then a lookup: the page's Rich renderable
(:func:`~kiosk.screens.widgets.page_text.page_renderable`), the contact's payloads
(:func:`~kiosk.screens.contacts.codes_of`) and every code's matrix and rows
(:func:`~kiosk.screens.widgets.qr.qr_rows`) are the same cached pure functions the
screens call, so what is prepared is exactly what would be built on demand, and a
screen opened before its page is prepared simply builds it.

The preparation runs in a thread worker and gives way to the visitor: it does one item at a
time and waits while keys are coming (``busy``), so it never delays an answer by more
than one item. Only content is prepared: nothing a child types is held here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.content import ContentPack

__all__ = ["prepare_pack", "preparation_steps"]

#: Seconds between two items, and while the visitor is pressing keys.
PAUSE = 0.002
BUSY_WAIT = 0.1


def preparation_steps(pack: ContentPack) -> Iterator[Callable[[], object]]:
    """One small job per page, per contact's payloads and per QR code, cheapest first."""
    from .contacts import card_payloads, codes_of
    from .widgets.page_text import page_renderable
    from .widgets.qr import qr_rows

    for page in pack.pages.values():
        yield partial(page_renderable, page.body)
    contacts = list(pack.contacts.values())
    for contact in contacts:
        yield partial(codes_of, contact)
    codes = [codes_of(contact) for contact in contacts]  # cached by the steps above
    # The code shown first on a card (call) before the others.
    payloads = dict.fromkeys(p for c in codes for p in card_payloads(c)[:1])
    payloads.update(dict.fromkeys(p for c in codes for p in card_payloads(c)))
    for payload in payloads:
        yield partial(qr_rows, payload)


def prepare_pack(
    pack: ContentPack,
    busy: Callable[[], bool] = lambda: False,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Run every step for ``pack``; wait while ``busy()``; stop when ``cancelled()``. Steps done."""
    done = 0
    for step in preparation_steps(pack):
        while busy() and not cancelled():
            time.sleep(BUSY_WAIT)
        if cancelled():
            break
        step()
        done += 1
        time.sleep(PAUSE)  # let the UI thread take the GIL between items
    return done
