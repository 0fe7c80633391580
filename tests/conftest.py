"""Shared fixtures: a throw-away data dir and a kiosk app built on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import KioskApp
from kiosk.config import KioskConfig
from kiosk.demo import DEMO_PASSPHRASE


@pytest.fixture
def tmp_data_dir(tmp_path: Path) -> Path:
    """An empty data dir for one test."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def make_app(tmp_data_dir: Path) -> Callable[..., KioskApp]:
    """Build a :class:`KioskApp` on ``tmp_data_dir``; ``store`` is handed to it (a fake or cheap
    one; else the app opens a real one on first use); other keyword arguments override config keys."""

    def build(*, kiosk_mode: bool = True, demo: bool = False, store: Any = None, **overrides: object) -> KioskApp:
        config = KioskConfig(data_dir=tmp_data_dir, school_name="École du Test", **overrides)
        passphrase = DEMO_PASSPHRASE if demo else ""
        return KioskApp(config, kiosk_mode=kiosk_mode, demo=demo, demo_passphrase=passphrase, store=store)

    return build


@pytest.fixture(autouse=True)
def _keep_the_test_process_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """``kiosk.cli.main`` lowers its process's core limit for good (hard limit 0) and makes it
    non-dumpable: called in-process by a test, that would be pytest's process, and every later
    child (tests/test_shell_crash.py starts the kiosk from a shell that allows cores)."""
    import kiosk.cli

    monkeypatch.setattr(kiosk.cli, "harden_process", lambda: None)
