"""From a menu item's target (``page:id``, ``note``…) to the screen that shows it.

Each kind's screen module is imported when first needed, so that start-up only
loads the welcome screen.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from kiosk.content import MenuItem

__all__ = ["chosen_level", "chosen_role", "screen_for", "LEVEL_MENUS", "ROLE_MENUS"]

#: The student menus that answer "primaire or secondaire?".
LEVEL_MENUS = {"eleve_primaire": "primaire", "eleve_secondaire": "secondaire"}
#: The menus opened from the home screen, one per role.
ROLE_MENUS = ("eleve", "parent", "equipe")


def _menu_ids(app) -> list[str]:
    # Every open menu, the oldest first (the screen stack is the visitor's path).
    return [menu_id for screen in app.screen_stack if (menu_id := getattr(screen, "menu_id", ""))]


def chosen_level(app) -> str | None:
    """``primaire`` or ``secondaire`` when the visitor already chose it on the way here."""
    levels = [LEVEL_MENUS[menu_id] for menu_id in _menu_ids(app) if menu_id in LEVEL_MENUS]
    return levels[-1] if levels else None


def chosen_role(app) -> str | None:
    """The role chosen on the home screen (``eleve``, ``parent``, ``equipe``), None if not known."""
    roles = [menu_id for menu_id in _menu_ids(app) if menu_id in ROLE_MENUS]
    return roles[0] if roles else None


def _page(item: MenuItem) -> Screen:
    from .page import PageScreen

    return PageScreen(item.ref)


def _contact(item: MenuItem) -> Screen:
    from .contacts import ContactCardScreen

    return ContactCardScreen(item.ref)


def _contacts(item: MenuItem) -> Screen:
    from .contacts import ContactListScreen

    return ContactListScreen(item.ref)


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


def screen_for(item: MenuItem) -> Screen:
    """The screen that opens ``item.target``.

    A sub-menu (``menu:id``) is opened by :class:`~.menu.MenuScreen` itself: this module
    never imports the menu, which imports it (no import cycle).
    """
    return _FACTORIES[item.kind](item)
