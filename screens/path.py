"""The visitor's path: which role and level were chosen on the way to a screen.

Read from the open menus (the screen stack is the path). A module of its own, importing no screen,
so that screens reading the path (contacts, the note form) do not import :mod:`.navigation`, which
opens them.
"""

from __future__ import annotations

__all__ = ["LEVEL_MENUS", "ROLE_MENUS", "chosen_level", "chosen_role"]

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
