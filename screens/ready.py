"""Visitor screens composed ahead of the key that opens them, each shown once.

Composing a screen (its widgets, their CSS) is most of what a transition costs on the
kiosk's machine; pushing a screen that is already composed costs a layout and a paint.
So the app composes, a moment after a language shows and while no key comes, the screens
a visitor can open from the menus: home, the menus, the pages, the contact groups, the
contact cards, the procedure, and the note form, danger and the follow-up (see
:func:`kiosk.screens.prepare.screen_keys`). Opening one takes it from here; the app composes
a new one for next time.

A prepared screen is shown once, then closed and thrown away like any other screen: nothing
a visitor did on it (scrolling, a highlighted choice, the code shown) can reach the next
visitor, and there is nothing to reset. The note form and the follow-up are composed empty:
a child's words exist only once the screen is shown, and go with it. What asks the store
(the readiness check, the follow-up code prepared) starts when the screen is shown
(:meth:`~kiosk.screens.base.KioskScreen.first_shown`), never when it is composed.

Each language keeps its own prepared screens (one :class:`ReadyScreens` per language): a wipe
back to the kiosk's language, or a visitor choosing another, drops none of them, so a language
once prepared stays prepared. A language not shown yet gets its home and role menus composed
(its language key is then one push); once shown, all of its screens. A screen composed while
another language shows reads its strings from its own pack (``pinned_pack``, see
:mod:`.host`).

This module imports no screen: the screens that open others take from it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, NamedTuple

from textual.screen import Screen

__all__ = ["URGENT_NOTE", "ReadyScreens", "ScreenKey", "take_screen"]


class ScreenKey(NamedTuple):
    """What a prepared screen shows: its kind, the content id, and whether the reader is an adult.

    ``adult`` only changes a contact card ("vous" for a parent or staff member, "tu" for a student).
    """

    kind: str
    ref: str = ""
    adult: bool = False


#: The note form that *danger* opens (``NoteScreen(urgent=True)``).
URGENT_NOTE = ScreenKey("note", "urgent")


class ReadyScreens:
    """One language's composed screens waiting to be shown (one per key), and the keys to compose again."""

    def __init__(self, lang: str = "") -> None:
        self._ready: dict[ScreenKey, Screen] = {}
        #: Keys taken (or never built) that should be composed next, most wanted first.
        self.wanted: deque[ScreenKey] = deque()
        #: The language the screens are composed in.
        self.lang = lang
        #: Every screen of the language is wanted (it was shown), not only its home and role menus.
        self.full = False

    def __len__(self) -> int:
        return len(self._ready)

    def __contains__(self, key: object) -> bool:
        return key in self._ready

    def take(self, key: ScreenKey) -> Screen | None:
        """The prepared screen for ``key`` (removed from here), None when there is none yet."""
        screen = self._ready.pop(key, None)
        self.want_first([key])  # the visitor may come this way again
        return screen

    def want(self, keys: list[ScreenKey]) -> None:
        """Compose ``keys`` (those not ready nor wanted yet) after the others."""
        self.wanted.extend(key for key in dict.fromkeys(keys) if key not in self._ready and key not in self.wanted)

    def want_first(self, keys: list[ScreenKey]) -> None:
        """Compose ``keys`` (those not ready) before the others, in this order."""
        for key in reversed(keys):
            if key in self.wanted:
                self.wanted.remove(key)
            if key not in self._ready:
                self.wanted.appendleft(key)

    def put(self, key: ScreenKey, screen: Screen) -> None:
        """Keep a composed screen for ``key``."""
        self._ready[key] = screen


def take_screen(app: Any, key: ScreenKey, build: Callable[[], Screen]) -> Screen:
    """The screen for ``key``: the prepared one when there is one, else ``build()`` now."""
    ready: ReadyScreens | None = getattr(app, "ready_screens", None)
    if ready is None or ready.lang != getattr(app.content, "lang", None):
        return build()
    screen = ready.take(key)
    wake = getattr(app, "compose_ahead", None)
    if wake is not None:
        wake(key)
    return screen if screen is not None else build()
