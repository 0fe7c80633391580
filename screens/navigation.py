"""From a menu item's target (``page:id``, ``note``…) to the screen that shows it.

Each kind's screen module is imported when first needed, so that start-up only
loads the welcome screen.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from kiosk.content import MenuItem

from .path import LEVEL_MENUS, ROLE_MENUS, chosen_level, chosen_role
from .ready import ScreenKey, take_screen

__all__ = ["chosen_level", "chosen_role", "screen_for", "LEVEL_MENUS", "PREPARED_KINDS", "ROLE_MENUS"]


def _page(item: MenuItem) -> Screen:
    from .page import PageScreen

    return PageScreen(item.ref)


def _contact(item: MenuItem) -> Screen:
    from .contacts import ContactCardScreen

    return ContactCardScreen(item.ref)


def _contacts(item: MenuItem) -> Screen:
    from .contacts import ContactListScreen

    return ContactListScreen(item.ref)


#: The kinds composed ahead (see :mod:`.ready`): what a visitor opens without typing anything,
#: and the note form, follow-up and danger, composed empty (what asks the store starts when shown).
PREPARED_KINDS = ("page", "contacts", "procedure", "note", "danger", "followup")


def _procedure(item: MenuItem) -> Screen:
    from .procedure import ProcedureScreen

    return ProcedureScreen()


def _note(item: MenuItem) -> Screen:
    from .notes import NoteScreen

    return NoteScreen()


def _danger(item: MenuItem) -> Screen:
    from .notes import DangerScreen

    return DangerScreen()


def _followup(item: MenuItem) -> Screen:
    from .followup import FollowupScreen

    return FollowupScreen()


_FACTORIES: dict[str, Callable[[MenuItem], Screen]] = {
    "page": _page,
    "contact": _contact,
    "contacts": _contacts,
    "procedure": _procedure,
    "note": _note,
    "danger": _danger,
    "followup": _followup,
}


def screen_for(item: MenuItem, app: object = None) -> Screen:
    """The screen that opens ``item.target`` (the one composed ahead when ``app`` has it).

    A sub-menu (``menu:id``) is opened by :class:`~.menu.MenuScreen` itself: this module
    never imports the menu, which imports it (no import cycle).
    """
    build = _FACTORIES[item.kind]
    if app is None:
        return build(item)
    if item.kind == "contact":
        from .contacts import ContactCardScreen, card_key

        key = card_key(app, item.ref)
        return take_screen(app, key, lambda: ContactCardScreen(key.ref, key.adult))
    if item.kind in PREPARED_KINDS:
        return take_screen(app, ScreenKey(item.kind, item.ref), lambda: build(item))
    return build(item)
