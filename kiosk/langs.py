"""The kiosk's languages, declared once for every layer.

A module of its own, importing nothing of the project: the app shell, the screens,
:mod:`kiosk.content` and :mod:`kiosk.store` all read it (content and store may not import
each other, tests/test_layering.py), and importing it costs nothing at start-up.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["DEFAULT_LANG", "LANGS", "Lang"]

#: A language of the kiosk: French first, then Dutch and English.
Lang = Literal["fr", "nl", "en"]
#: Every language, in the order the kiosk offers them.
LANGS: tuple[Lang, ...] = get_args(Lang)
#: The language of a kiosk whose configuration names none.
DEFAULT_LANG: Lang = "fr"
