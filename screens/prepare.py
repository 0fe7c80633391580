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

The screens themselves are then composed ahead on the UI thread (:mod:`.ready`):
:func:`screen_keys` lists them, :func:`build_screen` makes one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.content import ContentPack

    from .base import KioskScreen
    from .ready import ScreenKey

__all__ = ["BARE_KINDS", "build_screen", "next_keys", "prepare_pack", "preparation_steps", "screen_keys"]

#: Menu targets without an id whose screens are composed ahead: the procedure, and the note form,
#: danger and the follow-up, composed empty (they hold a child's words only once shown, and are
#: thrown away after; their store checks start when shown: ``KioskScreen.first_shown``).
BARE_KINDS = ("procedure", "note", "danger", "followup")

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


def screen_keys(pack: ContentPack) -> list[ScreenKey]:
    """Every screen a visitor opens without typing anything, nearest to home first.

    Home, then the role menus, then what they open, level by level. A contact card is
    listed as a student reads it ("tu") and as an adult does ("vous") when both reach it.
    """
    from .contacts import ADULT_ROLES
    from .path import ROLE_MENUS
    from .ready import URGENT_NOTE, ScreenKey

    keys: dict[ScreenKey, None] = {ScreenKey("home"): None}
    level = [(role, role in ADULT_ROLES) for role in ROLE_MENUS if role in pack.menus]
    seen = set(level)
    while level:
        below: list[tuple[str, bool]] = []
        for menu_id, adult in level:
            keys[ScreenKey("menu", menu_id)] = None
            for item in pack.menus[menu_id].items:
                if item.kind == "menu" and item.ref in pack.menus and (item.ref, adult) not in seen:
                    seen.add((item.ref, adult))
                    below.append((item.ref, adult))
                elif item.kind == "page" and item.ref in pack.pages:
                    keys[ScreenKey("page", item.ref)] = None
                elif item.kind == "contact" and item.ref in pack.contacts:
                    keys[ScreenKey("card", item.ref, adult)] = None
                elif item.kind in BARE_KINDS:
                    keys[ScreenKey(item.kind)] = None
                    if item.kind == "danger":
                        keys[URGENT_NOTE] = None
                elif item.kind == "contacts" and item.ref in pack.groups:
                    keys[ScreenKey("contacts", item.ref)] = None
                    for ref in pack.groups[item.ref].contacts:
                        if ref in pack.contacts:
                            keys[ScreenKey("card", ref, adult)] = None
        level = below
    return list(keys)


def next_keys(pack: ContentPack, key: ScreenKey, adult: bool) -> list[ScreenKey]:
    """The prepared screens that ``key``'s screen opens (a reader who is an ``adult`` or not)."""
    from .contacts import ADULT_ROLES
    from .path import ROLE_MENUS
    from .ready import URGENT_NOTE, ScreenKey

    if key.kind == "home":
        return [ScreenKey("menu", role) for role in ROLE_MENUS if role in pack.menus]
    if key.kind == "danger":
        return [URGENT_NOTE]
    if key.kind == "contacts" and key.ref in pack.groups:
        return [ScreenKey("card", ref, adult) for ref in pack.groups[key.ref].contacts if ref in pack.contacts]
    if key.kind != "menu" or key.ref not in pack.menus:
        return []
    adult = adult or key.ref in ADULT_ROLES
    kinds = {"menu": "menu", "page": "page", "contacts": "contacts", "contact": "card"}
    kinds.update((kind, kind) for kind in BARE_KINDS)
    return [
        ScreenKey(kinds[item.kind], item.ref, adult and item.kind == "contact")
        for item in pack.menus[key.ref].items
        if item.kind in kinds
    ]


def build_screen(key: ScreenKey) -> KioskScreen:
    """A new screen for ``key`` (what opening it would build)."""
    from .contacts import ContactCardScreen, ContactListScreen
    from .home import HomeScreen
    from .menu import MenuScreen
    from .page import PageScreen

    if key.kind == "home":
        return HomeScreen()
    if key.kind == "menu":
        return MenuScreen(key.ref)
    if key.kind == "page":
        return PageScreen(key.ref)
    if key.kind == "contacts":
        return ContactListScreen(key.ref)
    if key.kind == "card":
        return ContactCardScreen(key.ref, key.adult)
    if key.kind in BARE_KINDS:
        return _build_bare(key)
    raise ValueError(f"no prepared screen of kind {key.kind!r}")


def _build_bare(key: ScreenKey) -> KioskScreen:
    """The procedure, or a form composed empty: what asks the store starts when it is shown."""
    from .followup import FollowupScreen
    from .notes import DangerScreen, NoteScreen
    from .procedure import ProcedureScreen

    if key.kind == "procedure":
        return ProcedureScreen()
    if key.kind == "note":
        return NoteScreen(urgent=key.ref == "urgent")
    if key.kind == "danger":
        return DangerScreen()
    return FollowupScreen()
