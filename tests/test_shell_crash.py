"""A crash never shows a secret (issue 15): the real kiosk in a pseudo-terminal, faults injected.

Each test reads every byte the terminal received. What the kiosk painted while it ran
(the draft being typed, for instance) is on the alternate screen, which the terminal
drops on exit; what it wrote after leaving that screen stays in front of the next
person, so that part must hold nothing of the failure. The passphrase (typed in a
masked field) and the key must appear nowhere at all.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from fcntl import ioctl
from pathlib import Path

import pytest

from kiosk.crash import EXIT_CRASH, NEUTRAL_SENTENCE
from kiosk.store import NoteStore

CHILD = Path(__file__).with_name("crash_child.py")
PASSPHRASE = "cheval agrafe pile correcte"
DRAFT = "Lina me menace depuis lundi"
NOTE = "texte scelle du message numero un"
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
_ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class Terminal:
    """The kiosk on a pty of 80x24; keeps every byte it writes."""

    def __init__(self, args: list[str], env: dict, shell: str | None = None) -> None:
        master, slave = pty.openpty()
        ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        command = [sys.executable, str(CHILD), *args]
        if shell is not None:  # started from a shell that set its own limits first
            command = ["bash", "-c", f'{shell}; exec "$@"', "bash", *command]
        self.proc = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.master = master
        self.received = bytearray()

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.received += os.read(self.master, 65536)
            except OSError:  # EIO: the child closed the terminal
                time.sleep(timeout)

    def text(self) -> str:
        return _ANSI.sub(b"", bytes(self.received)).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while needle not in self.text():
            if time.monotonic() > end or self.proc.poll() is not None:
                raise AssertionError(f"{needle!r} never shown; got:\n{self.text()[-2000:]}")
            self._read(0.1)

    def settle(self, seconds: float = 0.4) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self._read(0.05)

    def send(self, data: str) -> None:
        os.write(self.master, data.encode("utf-8"))
        self.settle()

    def finish(self, timeout: float = 30.0) -> int:
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self._read(0.1)
        if self.proc.poll() is None:
            self.proc.kill()
            raise AssertionError("the kiosk did not exit")
        self.settle(0.3)
        os.close(self.master)
        return self.proc.returncode


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    store = NoteStore(folder, kdf="minimal")
    store.initialize(PASSPHRASE)
    store.add_note(NOTE, urgent=True, lang="fr")
    return folder


def _env(tmp_path: Path) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "no-config"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }


def _private_key(folder: Path) -> bytes:
    session = NoteStore(folder, kdf="minimal").unlock(PASSPHRASE)
    return session._private


def _forbidden(folder: Path) -> list[str]:
    key = _private_key(folder)
    # "draft" as a name holding a value (a dump of locals), not the module screens/draft.py a frame names.
    return [PASSPHRASE, DRAFT, NOTE, key.hex(), repr(key)[2:-1][:24], "injected", "sk=", "'draft'", '"draft"', "draft="]


def _run_draft_fault(term: Terminal) -> None:
    term.wait_for("Appuie sur une touche")
    term.send("\r")
    term.wait_for("Qui es-tu")
    for digit in "126":  # élève, secondaire, laisser un mot
        term.send(digit)
    term.wait_for("pour qui")
    term.send("1")
    term.send("2")
    term.send(DRAFT)
    term.wait_for(DRAFT)
    term.send("\x13")  # ctrl+s: send


def _run_decrypt_fault(term: Terminal) -> None:
    term.wait_for("Appuie sur une touche")
    term.send("\r")
    term.wait_for("Qui es-tu")
    term.send("4")  # Espace PMS
    term.settle(0.5)
    term.send(PASSPHRASE + "\r")


def _after_exit(received: bytes) -> str:
    """What stays on the terminal: everything written after the alternate screen was left."""
    assert LEAVE_ALT_SCREEN in received, "the kiosk never left its alternate screen"
    tail = received[received.rindex(LEAVE_ALT_SCREEN) + len(LEAVE_ALT_SCREEN) :]
    return _ANSI.sub(b"", tail).decode("utf-8", "replace")


@pytest.mark.parametrize("fault,drive", [("draft", _run_draft_fault), ("decrypt", _run_decrypt_fault)])
def test_a_crash_shows_nothing_and_records_no_secret(tmp_path, data_dir, fault, drive):
    term = Terminal([fault, "--data-dir", str(data_dir)], _env(tmp_path))
    drive(term)
    status = term.finish()
    received = bytes(term.received)
    after = _after_exit(received)
    everything = _ANSI.sub(b"", received).decode("utf-8", "replace")

    assert status == EXIT_CRASH, after
    assert after.strip() == NEUTRAL_SENTENCE, after
    for secret in (PASSPHRASE, _private_key(data_dir).hex(), repr(_private_key(data_dir))[2:30], "injected"):
        assert secret not in everything
    for word in ("Traceback", "Error", "File ", "locals", "sk", "draft", "│"):
        assert word not in after

    record = (data_dir / "crashes.json").read_text(encoding="ascii")
    for secret in _forbidden(data_dir):
        assert secret not in record
    entry = json.loads(record)["records"][-1]
    assert entry["type"] == "builtins.RuntimeError"
    assert entry["part_of_day"] in ("am", "pm") and entry["restarted"] is True
    assert set(entry) == {"date", "part_of_day", "type", "frames", "restarted"}
    assert any(frame[0].endswith("crash_child.py") for frame in entry["frames"])
    assert (data_dir / "crashes.json").stat().st_mode & 0o777 == 0o600


def test_a_failure_before_the_app_exists_is_neutral_too(tmp_path, data_dir):
    result = subprocess.run(
        [sys.executable, str(CHILD), "boot", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == EXIT_CRASH
    assert (result.stdout + result.stderr).strip() == NEUTRAL_SENTENCE
    record = (data_dir / "crashes.json").read_text(encoding="ascii")
    assert "en clair" not in record and "builtins.RuntimeError" in record


def test_the_harness_sees_a_traceback_when_there_is_one(tmp_path, data_dir):
    """The control: with --dev the same fault prints its traceback, so the test above can fail."""
    term = Terminal(["draft", "--dev", "--data-dir", str(data_dir)], _env(tmp_path))
    _run_draft_fault(term)
    status = term.finish()
    after = _after_exit(bytes(term.received))
    assert status == EXIT_CRASH
    assert "Traceback" in after and "RuntimeError" in after
    assert "locals" not in after.lower() and "text = " not in after  # --dev: no locals either


def _core_limit(pid: int) -> str:
    lines = Path(f"/proc/{pid}/limits").read_text().splitlines()
    return next(line for line in lines if line.startswith("Max core file size"))


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="needs Linux /proc")
def test_the_running_kiosk_allows_no_core_dump(tmp_path, data_dir):
    term = Terminal(["none", "--data-dir", str(data_dir)], _env(tmp_path), shell="ulimit -S -c unlimited")
    try:
        term.wait_for("Appuie sur une touche")
        soft, hard = _core_limit(term.proc.pid).split()[4:6]
        assert (soft, hard) == ("0", "0")
        shell_soft = subprocess.run(
            ["bash", "-c", "ulimit -S -c unlimited; ulimit -S -c"], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert shell_soft == "unlimited"  # the shell did allow cores: the kiosk lowered its own limit
    finally:
        os.killpg(term.proc.pid, signal.SIGTERM)
        term.finish()
