"""Python's own last-chance outputs, in kiosk mode: nothing of the exception is printed, it is recorded."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import kiosk

SCRIPT = """
import sys, threading, asyncio
from pathlib import Path
from kiosk.crash import install_hooks
install_hooks(lambda: Path(sys.argv[1]))
secret = "phrase secrete 1234"

def in_thread():
    raise ValueError(secret)

thread = threading.Thread(target=in_thread)
thread.start(); thread.join()

class Leaky:
    def __del__(self):
        raise KeyError(secret)

Leaky()

async def forgotten():
    raise LookupError(secret)

async def main():
    asyncio.get_running_loop().create_task(forgotten())
    await asyncio.sleep(0.05)

asyncio.run(main())
raise RuntimeError(secret)
"""


def run_script(script: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh interpreter with ``data_dir`` as its argument, no stdin."""
    return subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_last_chance_outputs_are_neutral_and_recorded(tmp_path):
    result = run_script(SCRIPT, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "secrete" not in output and "Traceback" not in output and "Error" not in output
    assert output.strip() == "Infirmerie — redémarrage…"
    record = (tmp_path / "crashes.json").read_text(encoding="ascii")
    assert "secrete" not in record
    types = [entry["type"] for entry in json.loads(record)["records"]]
    assert types == ["builtins.ValueError", "builtins.RuntimeError"]  # the thread's, then the last one


def test_version_is_the_packages():
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert kiosk.__version__ == pyproject["project"]["version"]


GONE_SCRIPT = """
import errno, sys, threading
from pathlib import Path
from kiosk.crash import install_hooks
install_hooks(lambda: Path(sys.argv[1]))

def fail(code):
    def run():
        raise OSError(code, "terminal")
    return run

for name, code in (("textual-output", errno.EIO), ("textual-output", errno.ENOSPC), ("worker", errno.EIO)):
    thread = threading.Thread(target=fail(code), name=name)
    thread.start(); thread.join()
"""


def test_a_terminal_that_went_away_is_not_recorded_as_a_crash(tmp_path):
    # Closing the kiosk's window made Textual's output thread fail with EIO, and the PMS
    # then read "restarted after an error". Any other error, or another thread, is kept.
    result = run_script(GONE_SCRIPT, tmp_path)
    assert result.returncode == 0, result.stderr
    records = json.loads((tmp_path / "crashes.json").read_text(encoding="ascii"))["records"]
    assert [entry["type"] for entry in records] == ["builtins.OSError", "builtins.OSError"]
