"""What happens when the kiosk fails: nothing of the failure on the screen, a clean record.

An exception's traceback can hold a child's draft, a passphrase or the PMS private
key (in its message or in the local variables Textual prints). In kiosk mode every
way Python or Textual would show one is closed here or in
:meth:`KioskApp._handle_exception <kiosk.app.KioskApp._handle_exception>`:

- the app's own handler records the crash and exits with :data:`EXIT_CRASH`;
- :func:`install_hooks` covers the rest of the process: ``sys.excepthook`` (anything
  that escapes), ``threading.excepthook`` (a plain thread), ``sys.unraisablehook``
  (errors in ``__del__`` or at exit, printed with the object's repr) and the logging
  module's last-resort handler (asyncio prints "Task exception was never retrieved");
- :func:`show_neutral_screen` clears the terminal and its scrollback and leaves one
  neutral sentence; the service then starts the kiosk again (see ``deploy/``).

:func:`harden_process` sets the core-file limit to 0 and makes the process
non-dumpable, so that a crash of the interpreter writes no memory to disk.

The record itself is :mod:`kiosk.store.crashlog` (half-day, type, code locations).
"""

from __future__ import annotations

import errno
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "EXIT_CRASH",
    "NEUTRAL_SENTENCE",
    "harden_process",
    "install_hooks",
    "record_quietly",
    "show_neutral_screen",
]

#: Exit status after a crash (EX_SOFTWARE): distinct from 0, 1 (command error) and 2 (usage).
EXIT_CRASH = 70
#: All the screen says after a crash, in whichever language was on it.
NEUTRAL_SENTENCE = "Infirmerie — redémarrage…"

#: Clear the screen and the scrollback, cursor home, cursor shown.
_CLEAR = "\x1b[0m\x1b[H\x1b[2J\x1b[3J\x1b[?25h"
_PR_SET_DUMPABLE = 4
#: Textual's thread that writes each frame to the terminal (``textual.drivers._writer_thread``).
_OUTPUT_THREAD = "textual-output"
#: What writing to a terminal that has gone away raises (the window closed, the line hung up).
_TERMINAL_GONE = frozenset({errno.EIO, errno.EPIPE, errno.EBADF, errno.ENXIO})


def harden_process() -> None:
    """No core dump of this process, whatever the shell allowed (Linux, macOS; no-op elsewhere)."""
    try:
        import resource
    except ImportError:  # Windows
        return
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass  # never stop the kiosk for this: the service file also sets LimitCORE=0
    if sys.platform.startswith("linux"):
        _not_dumpable()


def _not_dumpable() -> None:
    # Also keeps other processes of the same user from reading its memory (ptrace, /proc/PID/mem).
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def record_quietly(data_dir: Path | None, error: BaseException) -> None:
    """Add ``error`` to the crash record; never raises (the kiosk is already on its way out)."""
    if data_dir is None:
        return
    from kiosk.store.crashlog import record_crash

    try:
        record_crash(data_dir, error)
    except Exception:  # noqa: BLE001 - an unwritable folder must not bring a traceback back
        pass


def _terminal_gone(args: threading.ExceptHookArgs) -> bool:
    """True when the output thread failed because the terminal went away.

    The kiosk then exits on SIGHUP; recording it would make ``kiosk status`` and the
    console say "restarted after an error" each time a window or session is closed.
    """
    return (
        args.thread is not None
        and args.thread.name == _OUTPUT_THREAD
        and isinstance(args.exc_value, OSError)
        and args.exc_value.errno in _TERMINAL_GONE
    )


def show_neutral_screen(stream=None) -> None:
    """Clear the terminal and leave only :data:`NEUTRAL_SENTENCE`."""
    stream = stream or sys.__stdout__
    try:
        if stream is not None and stream.isatty():
            stream.write(_CLEAR)
        if stream is not None:
            stream.write(NEUTRAL_SENTENCE + "\n")
            stream.flush()
    except (OSError, ValueError):
        pass


def install_hooks(data_dir: Callable[[], Path | None]) -> None:
    """Kiosk mode: every last-chance output of Python records the crash instead of printing it.

    ``data_dir`` is called when a crash happens (the folder may be known only later).
    """

    def on_exception(kind, error, tb) -> None:  # noqa: ANN001 - sys.excepthook's signature
        record_quietly(data_dir(), error)
        show_neutral_screen()

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not _terminal_gone(args):
            record_quietly(data_dir(), args.exc_value)

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception
    sys.unraisablehook = lambda _unraisable: None
    logging.getLogger().addHandler(logging.NullHandler())
