"""Console screens composed ahead while the console is idle: an empty note view and journal.

Opening a note (Enter) or the journal (9) composed and styled a whole screen on the UI thread
on the key: the loop was blocked 40-100 ms at 10,000 notes. While the console is open and no key
comes, one empty :class:`~.note_view.NoteViewScreen` and one empty :class:`~.audit.AuditScreen`
are composed, styled and laid out off the stack (what Textual does when it pushes a screen); the
key takes one, gives it the session (and the note's id) and pushes it: one paint. Its worker
then reads the note or the log and fills the widgets in. A key that comes while a shell is
being laid out takes it as it is, composed: Textual lays it out on the push, and the key does
not compose a second screen (10-15 ms of the UI thread at once, measured).

A shell holds nothing until it shows: no session, no decrypted text. It is shown once, closed
and removed with what it showed (like any closed screen), and a new empty one is composed for
next time. When the console closes, the shells waiting are removed.

Private Textual calls, each where Textual does the same for a screen it pushes or removes (as in
``kiosk/ahead.py`` for the visitor screens): ``App._register`` (compose off the stack),
``Screen._refresh_layout`` (lay out off the stack), ``App._prune`` (remove a screen never shown),
``App._notifications`` (whether the notifications' rack shows on a screen that comes on top).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.widget import AwaitMount

from ..base import KioskScreen
from ..styles import read_ahead, tcss_beside

__all__ = ["ConsoleShells"]

#: Seconds without a key before a shell is composed.
QUIET = 0.15
#: Seconds between two steps of composing (the UI thread is free in between).
PAUSE = 0.005


class ConsoleShells:
    """Empty console screens, one per kind, composed while no key comes; each is taken once."""

    def __init__(
        self, owner: Screen[Any], builders: dict[str, Callable[[], KioskScreen]], busy: Callable[[], bool]
    ) -> None:
        self._owner = owner  # the inbox: its app composes them
        self._builders = builders
        self._busy = busy
        self._ready: dict[str, KioskScreen] = {}
        self._composed: tuple[str, KioskScreen] | None = None  # composed, being laid out
        self._adopted: KioskScreen | None = None  # taken by a key while laid out: not to remove
        self._task: asyncio.Task[None] | None = None

    def __contains__(self, kind: object) -> bool:
        return kind in self._ready

    def take(self, kind: str) -> KioskScreen:
        """The empty screen of ``kind``, composed ahead if there is one (laid out or not yet),
        else built now."""
        screen = self._ready.pop(kind, None)
        if screen is None and self._composed is not None and self._composed[0] == kind:
            screen = self._adopted = self._composed[1]
            self._composed = None
            self._stop()  # its layout stops here; the push lays it out
        self.prepare()  # one for next time
        return screen if screen is not None else self._builders[kind]()

    def prepare(self) -> None:
        """Compose the kinds missing, one at a time, while no key comes."""
        if self._task is None or self._task.done():
            # A task, not a worker: tests and screens that wait for their workers must not wait for this.
            self._task = asyncio.create_task(self._compose_guarded())

    def drop(self) -> None:
        """Stop composing and remove the shells waiting (the console closes)."""
        self._stop()
        screens, self._ready = list(self._ready.values()), {}
        if screens:
            self._owner.app._prune(*screens)

    def _stop(self) -> None:
        """Cancel the composing task (it removes the screen it was composing, unless adopted)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _compose_guarded(self) -> None:
        try:
            await self._compose_missing()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - a shell only saves time: without one, the screen is built on the key
            self._owner.app.log.error(f"composing a console screen ahead stopped: {error!r}")

    async def _compose_missing(self) -> None:
        # The console's styles (note view, journal, dialogs): read now, parsed alone with the first
        # shell; read on a screen's first push, every stylesheet of the app was parsed again.
        read_ahead(self._owner.app.stylesheet, tcss_beside(__file__))
        while missing := [kind for kind in self._builders if kind not in self._ready]:  # one may be taken meanwhile
            kind = missing[0]
            await self._quiet()
            screen = self._builders[kind]()
            try:
                await AwaitMount(screen, self._owner.app._register(self._owner.app, screen))
                self._composed = (kind, screen)
                await self._quiet()
                await self._lay_out(screen)
            except asyncio.CancelledError:
                if screen is self._adopted:  # a key took it: it is on the stack now
                    self._adopted = None
                else:
                    self._owner.app._prune(screen)
                raise
            finally:
                if self._composed is not None and self._composed[1] is screen:
                    self._composed = None
            self._ready[kind] = screen
            await asyncio.sleep(PAUSE)

    async def _quiet(self) -> None:
        """Wait until no key came and no worker runs; after a busy spell, a moment more: the answer
        a worker just brought is painted first (a screen laid out meanwhile would delay it)."""
        while self._busy():
            await asyncio.sleep(QUIET)
            if not self._busy():
                await asyncio.sleep(QUIET)

    async def _lay_out(self, screen: KioskScreen) -> None:
        """Lay out ``screen`` at the terminal's size, so showing it is one paint (see kiosk/ahead.py)."""
        for rack in screen.query("ToastRack"):
            rack.display = bool(self._owner.app._notifications)
        for _ in range(2):
            await self._quiet()
            screen._refresh_layout(self._owner.app.size)
            await asyncio.sleep(PAUSE)  # the widgets handle their Resize events
        # Each widget draws its lines once (kept in its cache): the first paint after the key
        # then only assembles them. One widget per turn of the loop: a key never waits long.
        for widget in list(screen.query("*")):
            await self._quiet()
            if widget.is_attached and widget.display and widget.region:
                widget.render_lines(widget.region.reset_offset)
            await asyncio.sleep(0)
        screen.laid_out_ahead = True
