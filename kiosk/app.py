"""KioskApp: owns the state (config, content, store, idle clock) and the global keys.

Screens are built fresh each time they are opened and keep their drafts in their
own widgets, so popping them is what wipes a visit: :meth:`KioskApp.quick_exit`.

Private Textual names read by the key queue (nothing public says whether a key or message is still
on its way): ``MessagePump._message_queue`` (a widget has messages to handle), ``Message._stop_propagation``
(a widget stopped the key) and ``Screen._callbacks`` (what waits for the next paint). ``App._prune`` is
extended (see :meth:`KioskApp._prune`: a closed screen's removal no longer lays out the screen shown),
with ``AwaitRemove._post_remove`` (what runs once it is gone) and ``App._update_mouse_over`` (as Textual
does then).
"""

from __future__ import annotations

import asyncio
import signal
from collections import deque
from collections.abc import Callable
from functools import partial
from time import monotonic, sleep
from typing import TYPE_CHECKING, Any, cast

from textual import events, work
from textual.await_remove import AwaitRemove
from textual.binding import Binding
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget

from kiosk.screens import STYLESHEETS, KioskScreen, WelcomeScreen
from kiosk.screens.theme import KIOSK_THEME, KIOSK_VARIABLES

from .ahead import Prepared, ScreensAhead

if TYPE_CHECKING:  # pydantic, the content models and the store load after the first paint
    from kiosk.content import ContentPack
    from kiosk.screens.idle import IdleWarning
    from kiosk.store import NoteStore, PmsSession
    from kiosk.store.crashlog import CrashSummary

    from .boot import Boot
    from .config import KioskConfig

__all__ = ["CrashesRead", "DemoNotSeeded", "KioskApp", "KIOSK_THEME", "PackLoaded", "StoreFactory"]

#: Seconds of warning before the idle wipe (at most half the idle time).
IDLE_WARNING_SECONDS = 10
#: Pages and QR codes of a language are prepared this long after it is loaded,
#: and wait while keys come faster than this (see kiosk.screens.prepare).
PREPARE_DELAY = 1.0
PREPARE_QUIET = 0.15
#: Keys kept while a screen switch settles: a burst of digits, or a sentence typed into a form
#: as it opens (none is lost); beyond this, a stuck key is refused with the terminal's bell.
MAX_HELD_KEYS = 1024
#: Rounds through the screen's widgets before a held key is let through anyway.
MAX_SETTLE_ROUNDS = 20
#: Rounds after the key reached the app in which a message still queued on the screen keeps the
#: next key waiting (one round per parent a message climbs).
QUEUE_ROUNDS = 8
#: Seconds after which a held key goes through even if the screen has not settled.
SETTLE_TIMEOUT = 1.0

#: Opens the note store of a configuration (tests hand in cheap or fake stores).
StoreFactory = Callable[["KioskConfig"], "NoteStore"]

_ACTIVITY = (events.Key, events.MouseEvent, events.Paste)


def _widgets(screen: Screen) -> list[Any]:
    return [screen, *screen.walk_children()]


def _queued(screen: Screen) -> bool:
    """True when the screen or one of its widgets still has messages to handle."""
    return any(not widget._message_queue.empty() for widget in _widgets(screen))


class DemoNotSeeded(Message):
    """The demo examples could not be created: ``reason`` is the seeding command's last line."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class PackLoaded(Message):
    """Another language's pack, read by the preparation worker (``result`` is a ``load_pack`` result)."""

    def __init__(self, lang: str, result: Any) -> None:
        super().__init__()
        self.lang = lang
        self.result = result


class CrashesRead(Message):
    """The crash record was read (in a worker): how often the kiosk restarted, and when."""

    def __init__(self, summary: CrashSummary) -> None:
        super().__init__()
        self.summary = summary


def _open_store(config: KioskConfig) -> NoteStore:
    """The production store of ``config``'s data folder."""
    from kiosk.store import NoteStore

    return NoteStore(config.data_dir, flood_limit=config.flood_limit)


class KioskApp(ScreensAhead, inherit_bindings=False):
    """The kiosk. ``kiosk_mode=False`` (``kiosk --dev``) adds ctrl+q to quit."""

    CSS_PATH = ["kiosk.tcss", *STYLESHEETS]
    ENABLE_COMMAND_PALETTE = False
    TITLE = "Infirmerie"
    BINDINGS = [
        # Quick exit wins even inside a text field: a priority binding.
        Binding("escape", "quick_exit", "Sortie rapide", show=False, priority=True),
        # Not a priority: a focused field keeps Backspace for its text.
        Binding("backspace", "back", "Retour", show=False),
        # Only outside kiosk mode (kiosk --dev): see check_action.
        Binding("ctrl+q", "dev_quit", "Quitter", show=False, priority=True),
    ]

    def __init__(
        self,
        config: KioskConfig | None = None,
        *,
        boot: Boot | None = None,
        kiosk_mode: bool = True,
        demo: bool = False,
        demo_passphrase: str = "",
        seed_demo: bool = True,
        store: NoteStore | None = None,
        store_factory: StoreFactory | None = None,
        prepare_ahead: bool = True,
    ) -> None:
        """Give a validated ``config``, or a ``boot`` (raw values) to paint first and validate after.

        The note store is ``store`` if given, else ``store_factory(config)`` on first use
        (default: a :class:`~kiosk.store.NoteStore` on ``config.data_dir``). In ``demo``,
        the store is filled after start-up unless ``seed_demo`` is False (the caller fills it).
        ``prepare_ahead=False`` (tests that are not about speed): no pages, codes or screens are
        prepared after a language shows, every screen is built when opened.
        """
        super().__init__()
        self.prepare_ahead = prepare_ahead
        self.kiosk_mode = kiosk_mode
        self.demo = demo
        self.demo_passphrase = demo_passphrase
        self._seeds_demo = demo and seed_demo
        self.last_activity = monotonic()
        #: The unlocked PMS session (set by the console, dropped by every wipe).
        self.pms_session: PmsSession | None = None
        #: Why the kiosk could not start (an invalid configuration); the CLI prints it.
        self.startup_error: str | None = None
        self.ready = False
        self._boot = boot
        self._store = store
        self._store_factory = store_factory or _open_store
        self._packs: dict[str, ContentPack] = {}
        self.content_problems: list[str] = []
        self._idle_warning: IdleWarning | None = None
        self._prepared: set[str] = set()
        self._init_ahead()
        self._paced = False  # the loop tells store workers when this thread is busy (kiosk/pacing.py)
        self._held_keys: deque[events.Key] = deque()
        self._keys_wait = False
        self._timeout_for = -1  # the settling round whose timeout is armed
        self._in_flight: events.Key | None = None  # the key still bubbling up to the app's bindings
        self._landed_round = 0  # the settle round in which it stopped bubbling
        self._wipe_when_settled = False
        self._settling = 0
        #: How often the kiosk restarted after a crash (read after start; the console says it).
        self.crash_summary: CrashSummary | None = None
        #: The record of an unhandled exception (half-day, type, code locations); the CLI writes it.
        self.crash: dict | None = None
        if config is not None:
            self._install(config)
        elif boot is not None and boot.pack is not None:
            # Stand-ins until finish_start validates and loads: they carry the few names the
            # welcome screen reads before `ready` (school_name, lang, t, emergency).
            self.config: KioskConfig = cast("KioskConfig", boot.config)
            self.content: ContentPack = cast("ContentPack", boot.pack)
        else:
            raise ValueError("KioskApp needs a config, or a boot with its welcome strings")

    # -- state ---------------------------------------------------------------

    def _install(self, config: KioskConfig) -> None:
        self.config = config
        self.content = self._pack(config.lang)
        self.ready = True

    def finish_start(self) -> None:
        """Validate the configuration and load the content (right after the first paint).

        Idempotent; welcome calls it too when a key comes before it ran.
        """
        if self.ready or self._boot is None:
            return
        from .config import ConfigError, validate_config

        try:
            config = validate_config(self._boot.raw, self._boot.origin)
        except ConfigError as exc:
            self.startup_error = str(exc)
            self.exit(return_code=2)
            return
        self._install(config)
        self._redraw()
        self._prepare_soon()
        self._read_crashes()
        if self._seeds_demo:
            self._seed_demo()

    def _pack(self, lang: str) -> ContentPack:
        if lang not in self._packs:  # the preparation worker reads them ahead (_load_other_packs)
            from kiosk.content import load_pack

            self._keep_pack(lang, load_pack(lang, self.config.content_dir))
        return self._packs[lang]

    def _keep_pack(self, lang: str, result: Any) -> None:
        self._packs[lang] = result.pack
        self.content_problems.extend(p for p in result.problems if p not in self.content_problems)

    def on_pack_loaded(self, message: PackLoaded) -> None:
        """Another language's pack is read: choosing that language no longer reads files."""
        if message.lang not in self._packs:
            self._keep_pack(message.lang, message.result)
            self._pack_read()

    @property
    def store(self) -> NoteStore:
        """The note store handed in, or the factory's, opened on first use (keeps start-up light)."""
        if self._store is None:
            self._store = self._store_factory(self.config)
        return self._store

    def t(self, key: str, /, **values: object) -> str:
        """A UI string of the pack in use."""
        return self.content.t(key, **values)

    def set_language(self, lang: str) -> None:
        """Use another pack and redraw every open screen in it."""
        if lang == self.content.lang:
            return
        self.content = self._pack(lang)
        if not self._swap_home():
            self._redraw()
        self._prepare_soon()

    def _redraw(self) -> None:
        """Compose every open screen again from the current config and pack."""
        self._stale = []
        for screen in self.screen_stack:
            if isinstance(screen, KioskScreen):
                screen.pinned_pack = None  # composed ahead in a language: now the one shown
                screen.refresh(recompose=True)

    # -- start-up ------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The kiosk's own variables, for the CSS parsed before ``on_mount`` sets the theme."""
        return dict(KIOSK_VARIABLES)

    def _pace_workers(self) -> None:
        """Store work in workers waits while this thread is busy (kiosk/pacing.py)."""
        from .pacing import pace_loop

        self._paced = pace_loop(asyncio.get_running_loop())

    def on_unmount(self) -> None:
        """The loop's own selector back (a test's loop outlives its app)."""
        if self._paced:
            from .pacing import unpace_loop

            unpace_loop(asyncio.get_running_loop())

    def get_default_screen(self) -> Screen:
        """The welcome screen is the bottom of the stack: quick exit pops down to it."""
        return WelcomeScreen()

    def on_mount(self) -> None:
        """Theme, signals, idle clock."""
        self.register_theme(KIOSK_THEME)
        self.theme = KIOSK_THEME.name
        self._trap_signals()
        self.call_after_refresh(self._pace_workers)
        self.set_interval(1.0, self.idle_tick)
        if not self.ready:
            self.call_after_refresh(self.finish_start)
            return
        self._prepare_soon()
        self.call_after_refresh(self._read_crashes)
        if self._seeds_demo:
            self.call_after_refresh(self._seed_demo)

    # -- pages and QR codes prepared ahead ---------------------------------

    def _prepare_soon(self) -> None:
        """Prepare the current language's pages and codes a moment after it shows."""
        if not self.prepare_ahead:
            return
        if self.content.lang not in self._prepared:
            self.set_timer(PREPARE_DELAY, self._prepare)
        else:  # pages and codes are cached: compose its screens again (a wipe back to French dropped them)
            self.set_timer(PREPARE_DELAY, self._compose_again)

    def _compose_again(self) -> None:
        if self.is_running and self.content.lang in self._prepared:
            self.compose_ahead()

    def _prepare(self) -> None:
        lang = self.content.lang
        if lang in self._prepared or not self.is_running:
            return
        self._prepared.add(lang)
        self._prepare_pack(self.content)

    @work(thread=True, group="prepare", exit_on_error=False)
    def _prepare_pack(self, pack: ContentPack) -> None:
        """Low priority: one item at a time, waiting while the visitor presses keys."""
        from textual.worker import get_current_worker

        from kiosk.screens.prepare import prepare_pack

        worker = get_current_worker()
        prepare_pack(
            pack,
            busy=lambda: monotonic() - self.last_activity < PREPARE_QUIET,
            cancelled=lambda: worker.is_cancelled,
        )
        if not worker.is_cancelled:
            self.post_message(Prepared(pack.lang))
            self._load_other_packs(worker)

    def _load_other_packs(self, worker: Any) -> None:
        """In the preparation worker: read the other languages' packs, so that choosing one on home
        reads no file on the UI thread (it took a visitor's language key 50-100 ms the first time)."""
        from kiosk.content import load_pack
        from kiosk.langs import LANGS

        for lang in LANGS:
            while monotonic() - self.last_activity < PREPARE_QUIET and not worker.is_cancelled:
                sleep(PREPARE_QUIET)
            if worker.is_cancelled:
                return
            if lang not in self._packs:
                self.post_message(PackLoaded(lang, load_pack(lang, self.config.content_dir)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="demo")
    def _seed_demo(self) -> None:
        """Fill the demo store after the first paint, in a child process.

        Key derivation must not delay start-up, and PyNaCl need not sit in the
        kiosk's memory until someone sends a note or opens the console.
        """
        import subprocess
        import sys

        result = subprocess.run(
            [sys.executable, "-m", "kiosk.demo", str(self.config.data_dir)],
            input=self.demo_passphrase + "\n",
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            self.post_message(DemoNotSeeded((result.stderr.strip().splitlines() or ["?"])[-1]))

    def on_demo_not_seeded(self, message: DemoNotSeeded) -> None:
        """Say it in the language on screen (the reason is the seeding command's own line)."""
        # The reason is another process's output: shown as text, never read as markup.
        self.notify(self.t("nav.demo_not_seeded", reason=message.reason), severity="error", markup=False)

    def _trap_signals(self) -> None:
        # SIGTERM / SIGHUP would kill the process with the terminal left raw.
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self.exit)
            except (NotImplementedError, RuntimeError):  # Windows: no loop signal handlers
                pass

    # -- crash path: nothing of an exception on the screen ----------------------

    def _handle_exception(self, error: Exception) -> None:
        """Textual's handler for every unhandled exception (UI thread, workers, timers).

        Textual would print a traceback with the local variables of every frame after
        the app exits: the PMS key, a draft. In kiosk mode nothing is shown; the CLI
        records :attr:`crash` and leaves a neutral screen (:mod:`kiosk.crash`).
        ``kiosk --dev`` keeps a traceback for the developer, without locals.
        """
        if self.crash is None:
            from kiosk.store.crashlog import crash_entry

            try:
                self.crash = crash_entry(error)
            except Exception:  # noqa: BLE001 - the neutral exit matters more than the record
                pass
        if not self.kiosk_mode:
            super()._handle_exception(error)
        else:
            if self._exception is None:  # run_test re-raises it: tests still see the failure
                self._exception = error
                self._exception_event.set()
            self._close_messages_no_wait()
        from .crash import EXIT_CRASH

        self._return_code = EXIT_CRASH

    def _fatal_error(self) -> None:
        """``kiosk --dev`` only: the traceback, but never the locals (Textual shows them)."""
        import sys

        from rich.traceback import Traceback

        error = sys.exc_info()[1] or self._exception
        error = getattr(error, "error", error)  # a worker's failure: show what really failed
        if error is not None:
            trace = Traceback.from_exception(type(error), error, error.__traceback__, show_locals=False)
            self._exit_renderables.append(trace)
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        """In kiosk mode nothing is printed after exit, whatever asked for it (a panic too)."""
        if self.kiosk_mode:
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()

    def unexpected_failure(self, error: BaseException) -> str:
        """A student screen's unknown failure: recorded for the PMS, a kind sentence for the child.

        The sentence, in the child's language, says the text is still there and gives the
        emergency numbers; the exception itself goes only to the crash record.
        """
        from kiosk.screens.widgets import format_emergency
        from kiosk.store.crashlog import crash_entry

        self._record_failure(crash_entry(error, restarted=False))
        return self.t("errors.unexpected_student", numbers=format_emergency(self.content.emergency))

    @work(thread=True, exclusive=True, group="crash-read", exit_on_error=False)
    def _read_crashes(self) -> None:
        from textual.worker import get_current_worker

        from kiosk.store.crashlog import read_crashes

        summary = read_crashes(self.config.data_dir)
        if not get_current_worker().is_cancelled:
            self.post_message(CrashesRead(summary))

    def on_crashes_read(self, message: CrashesRead) -> None:
        self.crash_summary = message.summary

    def restart_notices(self) -> list[str]:
        """For the PMS console: "the kiosk restarted after an error", when, how many times."""
        summary = self.crash_summary
        notices = []
        if summary is not None and summary.count:
            part = self.t(f"console.part.{summary.last_part_of_day}") if summary.last_part_of_day else "?"
            notices.append(
                self.t("errors.kiosk_restarted", count=summary.count, date=summary.last_date or "?", part_of_day=part)
            )
        if summary is not None and summary.caught:
            notices.append(self.t("errors.student_failures", count=summary.caught))
        return notices

    @work(thread=True, group="crash-record", exit_on_error=False)
    def _record_failure(self, entry: dict) -> None:
        from kiosk.store.crashlog import append_entry

        try:
            append_entry(self.config.data_dir, entry)
        except Exception:  # noqa: BLE001 - the child's screen already says what to do
            pass

    # -- discretion: quick exit and idle wipe -------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Any key, mouse or paste event resets the idle clock; keys wait for the screen they follow."""
        if isinstance(event, _ACTIVITY):
            self.last_activity = monotonic()
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._key_arrived(event)
            return
        await super().on_event(event)
        if event is self._in_flight:  # bubbled back up to the app: its bindings have run
            self._in_flight = None

    # -- keys typed faster than a screen switch -----------------------------

    async def _key_arrived(self, event: events.Key) -> None:
        """Handle a key now, or keep it until what the previous key did has settled.

        A digit's choice is a message handled after the key, and the screen it opens is
        composed after that: a key typed in between would act on the old screen, or on a
        new one with no menu yet, and be lost. Escape never waits, and drops the keys
        typed before it (they were meant for the screens it closes).
        """
        if event.key == "escape":
            self._held_keys.clear()
            # A key still in flight may open a screen after this wipe: wipe again once it settled.
            self._wipe_when_settled = self._keys_wait
        elif self._keys_wait or self._held_keys:
            if len(self._held_keys) < MAX_HELD_KEYS:
                self._held_keys.append(event)
            else:
                self.bell()  # refused out loud, never silently
            self._arm_timeout()
            return
        await self._handle_key(event)

    def _arm_timeout(self) -> None:
        """Never stuck: a round that cannot finish (a screen closed under it) gives way."""
        if self._timeout_for != self._settling:
            self._timeout_for = self._settling
            self.set_timer(SETTLE_TIMEOUT, partial(self._settle_timeout, self._settling))

    async def _settle_timeout(self, settling: int) -> None:
        if settling == self._settling and self._keys_wait:
            self._settling += 1
            self._keys_wait = False
            if self._held_keys:
                await self._handle_key(self._held_keys.popleft())

    async def _handle_key(self, event: events.Key) -> None:
        self._keys_wait = True
        self._settling += 1  # an older key's rounds (before an Escape) no longer count
        if self._held_keys:
            self._arm_timeout()
        typed_on = self.screen
        self._in_flight, self._landed_round = event, 0
        await super().on_event(event)
        self._settle_round(self._settling, typed_on, 0)

    def _settle_round(self, settling: int, typed_on: Screen, round_number: int) -> None:
        """Let every widget of the screen on top (and of the one the key was typed on) handle
        what it has queued, then check again."""
        screen = self.screen
        screens = [screen] if typed_on is screen else [screen, typed_on]
        if self._held_keys:
            # Catching up a burst: a widget with nothing queued has nothing to let through, so the
            # screens and the busy widgets are enough (a typed character's rounds: ~4 ms, not ~40).
            widgets = [*screens, *(w for s in screens for w in s.walk_children() if not w._message_queue.empty())]
        else:
            # One key: every widget is visited, which lets each one handle its refresh before the
            # paint (visiting only the busy ones left a second paint ~30 ms later on cards and pages).
            widgets = [w for s in screens for w in _widgets(s)]
        pending = len(widgets) + 1

        def one_done() -> None:
            nonlocal pending
            pending -= 1
            if pending == 0:
                self.call_later(self._after_round, settling, typed_on, screen, round_number)

        for widget in widgets:
            if not widget.call_later(one_done):
                pending -= 1
        one_done()

    async def _after_round(self, settling: int, typed_on: Screen, screen: Screen, round_number: int) -> None:
        if settling != self._settling:
            return
        switching = self.screen is not screen or not screen.is_mounted
        key = self._in_flight
        # A key no widget stopped climbs one parent a round to the screen's bindings (a form's digit).
        if key is not None and key.is_forwarded and not key._stop_propagation:
            self._landed_round = round_number + 1
        # What it caused climbs the same way (a choice to its screen): wait until nothing is queued,
        # for a few rounds only (a blinking cursor would keep a widget busy).
        queued = _queued(screen) or not self._message_queue.empty()  # the app's too: a choice may push from there
        quiet = round_number >= self._landed_round + QUEUE_ROUNDS or not queued
        busy = switching or self._landed_round > round_number or not quiet
        if busy and round_number < MAX_SETTLE_ROUNDS:
            self._settle_round(settling, typed_on, round_number + 1)
            return
        if self._held_keys and screen._callbacks and round_number < MAX_SETTLE_ROUNDS:
            # What the key asked for after the next paint (a step's focus) comes before the next key.
            screen.call_after_refresh(self._settle_round, settling, typed_on, round_number + 1)
            return
        self._keys_wait = False
        if self._wipe_when_settled:
            self._wipe_when_settled = False
            self.quick_exit()
        if self._held_keys:
            await self._handle_key(self._held_keys.popleft())

    def _prune(self, *nodes: Widget, parent: DOMNode | None = None) -> AwaitRemove:
        """Remove ``nodes``; a screen closed is removed without laying out the screen now shown.

        Textual prunes a popped screen with the app as parent and, once it is gone, asks the app for
        a layout, which lays out the screen now on top. Nothing on it moved (a screen is not in its
        layout), and it already gets a full repaint when it resumes: the layout made that frame two
        paints, 14-19 ms of UI thread at 10,000 notes after each dialog or note closed. Here the
        screen is pruned without a parent; once it is gone, the screen shown is only told to check
        whether it is idle (what waits for its next paint then runs, as it did after that layout).
        """
        if parent is not self or not nodes or not all(isinstance(node, Screen) for node in nodes):
            return super()._prune(*nodes, parent=parent)
        removing = super()._prune(*nodes)

        def removed() -> None:  # what Textual does once the screen is gone, without the layout
            if not self.screen_stack:  # the app is closing
                return
            if self.screen.is_running:
                self._update_mouse_over(self.screen)
            self.screen.check_idle()  # what waits for the next paint runs (the key queue: test_key_burst.py)

        removing._post_remove = removed
        return removing

    def copy_to_clipboard(self, text: str) -> None:
        """Keep copies inside the app: never send a child's words to the terminal clipboard."""
        self._clipboard = text

    def quick_exit(self) -> None:
        """Wipe the visit: drop every screen, draft, session and copy; show welcome."""
        self._clipboard = ""
        self.pms_session = None
        self._idle_warning = None
        self._wipe_screens()
        if self.content.lang != self.config.lang:
            self.set_language(self.config.lang)
        self.last_activity = monotonic()

    def action_quick_exit(self) -> None:
        """Escape or the *Sortie rapide* button."""
        self.quick_exit()

    def action_back(self) -> None:  # type: ignore[override]  # Textual's is async; Backspace needs no await
        """Backspace or *← Retour*: one screen back (never past welcome)."""
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In kiosk mode the development quit key does not exist."""
        if action == "dev_quit":
            return not self.kiosk_mode
        return True

    def action_dev_quit(self) -> None:
        """ctrl+q with ``kiosk --dev``."""
        self.exit()

    def leave_kiosk(self) -> None:
        """Quit the app: offered only by the unlocked PMS console."""
        self.exit()

    def idle_tick(self) -> None:
        """Once a second: warn before the idle wipe, then wipe (tests call it after moving the clock)."""
        if not self.ready or len(self.screen_stack) == 1:
            return  # on welcome: nothing to wipe
        limit = self.config.idle_seconds
        idle = monotonic() - self.last_activity
        if self.pms_session is None:  # the console keeps its own memory (screens/console/memory.py):
            self._tidy_if_quiet(idle)  # a full collection there took 300 ms, and undid its gc.freeze
        if idle >= limit:
            self.quick_exit()
            return
        warn_for = min(IDLE_WARNING_SECONDS, limit // 2)
        if idle >= limit - warn_for:
            self._show_idle_warning(int(limit - idle + 0.5))

    def _show_idle_warning(self, seconds: int) -> None:
        from kiosk.screens.idle import IdleWarning

        body = self.t("idle.body", seconds=seconds)
        if self._idle_warning is not None and self._idle_warning is self.screen:
            self._idle_warning.set_body(body)
            return
        self._idle_warning = IdleWarning(self.t("idle.title"), body)
        self.push_screen(self._idle_warning, callback=self._idle_warning_closed)

    def _idle_warning_closed(self, _still_here: bool | None) -> None:
        self._idle_warning = None
