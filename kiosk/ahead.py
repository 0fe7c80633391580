"""The app's side of the visitor screens composed ahead, closed screens removed later, and the GC.

Three things keep a visitor's key answered in one paint, a few tens of ms after it:

- screens composed ahead (:mod:`kiosk.screens.ready`): once a language's pages and codes are
  prepared, home, the menus, the pages, the contact groups and cards are composed, styled and
  laid out off the stack, one at a time while no key comes; what the screen just opened leads
  to first. Each is shown once; a new one is composed for next time. Every language keeps its
  own: the current one's come first, then the home and role menus of the others (their language
  key swaps home for a prepared one), and what was taken from a language shown before.
- closed screens removed when no key comes: Textual removes a closed screen at once and then
  lays out and repaints the screen under it, a second paint 25 ms after the first. A wipe
  still removes them at once.
- Python's full garbage collection walked the ~240,000 objects those screens add in 150-400 ms,
  at any moment: what lives on is frozen out of it (``gc.freeze``) and what a visit leaves is
  collected after the wipe, or after a few seconds without a key.

Private Textual calls, each where Textual does the same for a screen it pushes or removes:
``App._register`` (compose off the stack), ``Screen._refresh_layout`` (lay out off the stack),
``App._prune`` (remove without repainting the screen on top), ``Screen._compositor`` (draw off
the stack, as the screen's own refresh does when it is on top).

A screen composed ahead carries its language's pack (``pinned_pack``, read by
:class:`kiosk.screens.host.Hosted`); it is set to None when the screen is composed again in
the language shown.
"""

from __future__ import annotations

import asyncio
import gc
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import OptionList

from kiosk.screens import KioskScreen
from kiosk.screens.ready import ReadyScreens, ScreenKey

if TYPE_CHECKING:
    from collections import deque

    from textual import events

__all__ = ["Prepared", "ScreensAhead"]

#: Seconds without a key before work for later (composing, removing) goes on.
QUIET = 0.15
#: Seconds between two screens composed ahead (the UI thread is free in between).
COMPOSE_PAUSE = 0.005
#: Seconds between two looks at whether the PMS console was locked (no visitor screen is composed while it is open).
CONSOLE_PAUSE = 1.0
#: Closed screens removed at a time while a visitor may press keys.
DISCARD_BATCH = 4
#: Seconds after a wipe before the garbage of the visit is collected (if nobody came back).
TIDY_DELAY = 2.0
#: Seconds without a key after which a visit's garbage is collected anyway, when it has grown
#: by half since the last collection (a visitor reading a page).
TIDY_QUIET = 4.0


class Prepared(Message):
    """The pages and QR codes of ``lang`` are prepared (posted by the preparation worker)."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang


class ScreensAhead(App[None]):
    """Mixed into :class:`~kiosk.app.KioskApp` (which owns the content and the key queue)."""

    content: Any
    pms_session: Any  # the unlocked PMS session, None while the console is locked
    _packs: dict[str, Any]
    last_activity: float
    _keys_wait: bool
    _held_keys: deque[events.Key]

    def _init_ahead(self) -> None:
        #: Visitor screens composed ahead of the key that opens them, per language (kiosk.screens.ready).
        self.ready_by_lang: dict[str, ReadyScreens] = {}
        #: Languages whose pages and codes are prepared: their screens are composed without parsing.
        self._composable: set[str] = set()
        #: Screens under the top one still in the language before the last switch (redrawn when quiet).
        self._stale: list[Screen[Any]] = []
        self._composing: Any = None
        self._tidied = 0  # objects frozen after the last full collection
        self._quiet_checked = 0.0  # the last key of the quiet spell already checked
        self._leaving: list[Screen[Any]] = []
        self._wiping = False

    @property
    def ready_screens(self) -> ReadyScreens:
        """The screens composed ahead in the language shown."""
        return self._ready_in(self.content.lang)

    def _ready_in(self, lang: str) -> ReadyScreens:
        if lang not in self.ready_by_lang:
            self.ready_by_lang[lang] = ReadyScreens(lang)
        return self.ready_by_lang[lang]

    def on_prepared(self, message: Prepared) -> None:
        """Pages and codes are ready: compose the screens that show them."""
        self._composable.add(message.lang)
        if message.lang == self.content.lang:
            self.compose_ahead()

    def _pack_read(self) -> None:
        """Another language's pack is read: its home and role menus can be composed (after the current one's)."""
        if self.ready_screens.full:
            self.compose_ahead()

    # -- screens composed ahead (kiosk.screens.ready) -------------------------

    def compose_ahead(self, opened: ScreenKey | None = None) -> None:
        """Compose, while no key comes, the visitor screens of the current language not ready yet.

        ``opened``: the screen just opened; what it opens is composed first. Nothing before the
        language's pages and codes are prepared (``Prepared`` starts it then).
        """
        ready = self.ready_screens
        if ready.lang not in self._composable:
            return
        if not ready.full:
            from kiosk.screens.prepare import screen_keys

            ready.full = True
            ready.want(screen_keys(self.content))
        if opened is not None:
            from kiosk.screens.contacts import ADULT_ROLES
            from kiosk.screens.path import chosen_role
            from kiosk.screens.prepare import next_keys

            ready.want_first(next_keys(self.content, opened, chosen_role(self) in ADULT_ROLES))
        if self._composing is None or self._composing.done():
            # A task, not a worker: tests and screens that wait for their workers must not wait for this.
            self._composing = asyncio.create_task(self._compose_guarded())

    async def _compose_guarded(self) -> None:
        try:
            await self._compose_wanted()
        except Exception as error:  # noqa: BLE001 - composing ahead only saves time: opened, a screen is built then
            self.log.error(f"composing ahead stopped: {error!r}")

    def on_unmount(self) -> None:
        """The app stops: so does composing."""
        if self._composing is not None:
            self._composing.cancel()

    def _busy(self) -> bool:
        """A visitor is pressing keys, or a screen switch has not settled."""
        return monotonic() - self.last_activity < QUIET or self._keys_wait or bool(self._held_keys)

    def _next_wanted(self) -> ReadyScreens | None:
        """The language whose screen is composed next (its ``wanted[0]``), or None when all are ready.

        First the home and role menus of the language shown, then those of the others (their
        language key is then one push), then the rest of the language shown, then what was taken
        from the others. A language not shown yet wants only its home and role menus; only the
        languages whose pack the worker has read count (no file is read here, on the UI thread).
        """
        from kiosk.langs import LANGS

        shown = self.ready_screens
        pools = [shown, *(self._ready_in(lang) for lang in LANGS if lang != shown.lang and lang in self._packs)]
        for ready in pools[1:]:
            if not ready.full and not ready.wanted and not ready:
                ready.want(self._front_keys(ready.lang))
        for ready in pools:
            front = [key for key in self._front_keys(ready.lang) if key in ready.wanted]
            if front:
                ready.want_first(front)
                return ready
        return next((ready for ready in pools if ready.wanted), None)

    def _front_keys(self, lang: str) -> list[ScreenKey]:
        """Home and the role menus it opens, in ``lang``."""
        from kiosk.screens.prepare import next_keys

        home = ScreenKey("home")
        return [home, *next_keys(self._packs[lang], home, adult=False)]

    async def _compose_wanted(self) -> None:
        """One screen at a time on the UI thread (Textual composes there), waiting while keys come."""
        import kiosk.screens
        from kiosk.screens.prepare import build_screen
        from kiosk.screens.styles import read_ahead, tcss_beside

        # The forms' styles (note form, danger, follow-up, receipt): read now, parsed with the next
        # screen composed; read on their first push, every stylesheet was parsed again (~100 ms).
        read_ahead(self.stylesheet, tcss_beside(kiosk.screens.__file__))
        while (ready := self._next_wanted()) is not None:
            if self.pms_session is not None:
                # The console composes its own screens ahead (screens/console/shells.py) and freezes
                # its memory; a visitor screen composed meanwhile would hold a PMS key: wait for the lock.
                await asyncio.sleep(CONSOLE_PAUSE)
                continue
            if self._busy():
                await asyncio.sleep(QUIET)
                continue
            key = ready.wanted.popleft()
            if key in ready:
                continue
            screen = build_screen(key)
            # Its strings are its language's, whichever shows meanwhile (kiosk.screens.host).
            screen.pinned_pack = self._packs[ready.lang]
            # Composing is spread over many turns of the event loop: a key typed meanwhile goes first.
            try:
                # What push_screen does for a screen not running yet: register it (compose, CSS), off the stack.
                await AwaitMount(screen, self._register(self, screen))
            except asyncio.CancelledError:
                self._discard(screen)
                raise
            while self._busy():
                await asyncio.sleep(QUIET)
            await self._lay_out_ahead(screen)
            ready.put(key, screen)
            # Python's full collection walks every live object: with ~100 screens composed ahead
            # it took 150-400 ms, at any moment, a key's answer included, and every language keeps
            # its own. What lives on (these screens, the content, Textual) is frozen out of it as
            # it is composed; what a visit leaves of it is collected at a quiet moment (_tidy).
            gc.collect(1)
            gc.freeze()
            await asyncio.sleep(COMPOSE_PAUSE)

    async def _lay_out_ahead(self, screen: Screen[Any]) -> None:
        """Lay out and draw ``screen`` off the stack at the terminal's size, so showing it is one paint.

        A screen laid out for the first time when shown resizes its widgets, and a menu
        measures its lines when first drawn: each asks for another layout, hence a second
        paint tens of ms later. Done here, those happen before the visitor's key.
        """
        # Textual shows the notifications' rack on every screen that comes on top: settle it now.
        for rack in screen.query("ToastRack"):
            rack.display = bool(self._notifications)
        for _ in range(2):
            screen._refresh_layout(self.size)
            for menu in screen.query(OptionList):
                menu.render_lines(menu.region.reset_offset)
            await asyncio.sleep(COMPOSE_PAUSE)  # the widgets handle their Resize events
        # Draw every widget's lines once (Markdown, QR blocks, menus) into the widgets' line caches:
        # the push then renders from them. Drawn on the push, a card or a page was also written
        # twice in one burst (the layout's dirty mark, then the push's own refresh: 9.7 KB, not 4.9).
        # Only clearing that mark gave the single write, but cards and pages then took 15-20 ms
        # more (55-60 ms median): the lines are the cost. The caches hold ~50 MB per language.
        screen._compositor.render_update(full=True)
        if isinstance(screen, KioskScreen):
            screen.laid_out_ahead = True

    # -- another language ----------------------------------------------------

    def _swap_home(self) -> bool:
        """A language key on home: show that language's home composed ahead (False: there is none).

        Composing home again in the new language took the key 90-150 ms. The screens under
        home (welcome) are composed again in the new language when they come back on top: done
        off the stack, it repainted the screen shown a second time, 150-250 ms after the key.
        """
        from kiosk.screens.home import HomeScreen
        from kiosk.screens.ready import take_screen

        key = ScreenKey("home")
        if not isinstance(self.screen, HomeScreen) or key not in self.ready_screens:
            return False
        home = take_screen(self, key, HomeScreen)
        self._leaving.append(self.screen)  # removed when no key comes, like a closed screen
        self.set_timer(QUIET, self._discard_leaving)
        self._stale = self.screen_stack[:-1]
        self.switch_screen(home)
        return True

    def _redraw_stale(self) -> None:
        """Compose again, in the language shown, the screens left under a swapped home."""
        stale, self._stale = self._stale, []
        for screen in stale:
            if screen in self.screen_stack and isinstance(screen, KioskScreen):
                screen.pinned_pack = None
                screen.refresh(recompose=True)

    def _discard(self, *screens: Screen[Any]) -> None:
        """Remove screens that are off the stack.

        ``Screen.remove`` would also lay out and repaint the screen on top, for nothing
        (a second paint of the same screen, tens of ms after a key): prune them alone.
        """
        if screens:
            self._prune(*screens)

    # -- screens closed: removed when no key comes ---------------------------

    def pop_screen(self) -> Any:
        """Close the screen on top; it is removed a moment later, when no key comes.

        Textual removes a closed screen at once, and then lays out and repaints the one
        under it a second time: the answer to Backspace was painted twice, 25 ms apart.
        A wipe removes them at once (nothing of the visit waits, and a key still on its
        way through a closed screen dies with it instead of reaching welcome).
        """
        leaving = self.screen
        later = isinstance(leaving, KioskScreen) and leaving.REMOVE_LATER
        if later and not self._wiping and leaving not in self._leaving:
            self._leaving.append(leaving)
            self.set_timer(QUIET, self._discard_leaving)
        if len(self.screen_stack) > 1 and self.screen_stack[-2] in self._stale:
            self._redraw_stale()  # the screen shown next is still in the language before
        return super().pop_screen()

    def is_screen_installed(self, screen: Screen[Any] | str) -> bool:
        """Textual keeps an installed screen when it is closed: the closed screens wait for _discard_leaving."""
        return screen in self._leaving or super().is_screen_installed(screen)

    def _discard_leaving(self, now: bool = False) -> None:
        """Remove the closed screens (a few at a time while keys may come; all of them for a wipe)."""
        if self._busy() and not now:
            self.set_timer(QUIET, self._discard_leaving)
            return
        closed = [screen for screen in self._leaving if screen not in self.screen_stack]
        if not now:
            closed = closed[:DISCARD_BATCH]
        self._leaving = [screen for screen in self._leaving if screen not in closed]
        self._discard(*closed)
        if not now and any(screen not in self.screen_stack for screen in self._leaving):
            self.set_timer(COMPOSE_PAUSE, self._discard_leaving)

    def _tidy(self) -> None:
        """After a wipe, with nobody at the kiosk: collect what the visit left (see ``gc.freeze`` above)."""
        if len(self.screen_stack) > 1:
            return  # someone is here: the next wipe will do it
        if self._busy():
            self.set_timer(TIDY_DELAY, self._tidy)
            return
        self._collect_garbage()

    def _collect_garbage(self) -> None:
        """A full collection, then what lives on is frozen again (see _compose_wanted)."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._tidied = gc.get_freeze_count()

    def _wipe_screens(self) -> None:
        """Close every screen but welcome and remove them now (a wipe)."""
        self._wiping = True
        try:
            while len(self.screen_stack) > 1:
                self.pop_screen()
        finally:
            self._wiping = False
        self._discard_leaving(now=True)
        self.set_timer(TIDY_DELAY, self._tidy)

    def _tidy_if_quiet(self, idle: float) -> None:
        """Called every second during a visit: collect when nobody typed for a while and garbage grew.

        Checked once per quiet spell: counting the frozen objects walks them all (~20 ms).
        """
        if idle < TIDY_QUIET or self._quiet_checked == self.last_activity:
            return
        self._quiet_checked = self.last_activity
        if gc.get_freeze_count() > 1.5 * self._tidied:
            self._collect_garbage()
