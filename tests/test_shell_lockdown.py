"""Lockdown: in kiosk mode no key leaves the app; --dev allows ctrl+q; signals exit cleanly."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time

import pytest

from kiosk.screens.home import HomeScreen

ESCAPE_KEYS = ["ctrl+c", "ctrl+q", "ctrl+z", "ctrl+backslash", "ctrl+p", "ctrl+s", "ctrl+d"] + [
    f"f{n}" for n in range(1, 13)
]


async def test_no_key_leaves_kiosk_mode(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        for key in ESCAPE_KEYS:
            await pilot.press(key)
            assert app.is_running, key
            assert isinstance(app.screen, HomeScreen), key  # no palette, no dialog, nothing
        assert app.return_code is None


async def test_command_palette_is_off(make_app):
    app = make_app()
    assert app.ENABLE_COMMAND_PALETTE is False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "ctrl+p")
        assert not any(type(s).__name__ == "CommandPalette" for s in app.screen_stack)


async def test_dev_mode_quits_with_ctrl_q(make_app):
    app = make_app(kiosk_mode=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signals_exit_cleanly_and_restore_the_terminal(tmp_path, signum):
    """In a real pseudo-terminal: the app leaves the alternate screen and exits 0."""
    env = dict(os.environ, KIOSK_DATA_DIR=str(tmp_path), COLUMNS="80", LINES="24", TERM="xterm-256color")
    env.pop("TEXTUAL_DRIVER", None)
    pid, fd = pty.fork()
    if pid == 0:  # child: the kiosk in the pty
        os.execve(sys.executable, [sys.executable, "-m", "kiosk", "--config", os.devnull], env)
    try:
        screen = _read_until(fd, b"Infirmerie", timeout=30)
        assert b"Infirmerie" in screen
        os.kill(pid, signum)
        tail = _read_until(fd, b"\x1b[?1049l", timeout=15)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert b"\x1b[?1049l" in tail  # alternate screen left: the terminal is restored
    assert os.waitstatus_to_exitcode(status) == 0
