"""Shared fixtures: a throw-away data dir and a kiosk app built on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NamedTuple

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
    one; else the app opens a real one on first use); ``seed_demo=False``: a demo app leaves the
    filling of its store to the test; other keyword arguments override config keys.

    Nothing is prepared ahead unless ``prepare_ahead=True``: composing ~90 screens kept the CPU busy
    for seconds in every Pilot test, and each ``pilot.pause()`` waited up to 1 s for it to go idle.
    Screens composed ahead are proved equal to screens built on demand (test_ready_screens.py,
    test_prepare.py), and benchmarks/public_keys.py measures the real path."""

    def build(
        *,
        kiosk_mode: bool = True,
        demo: bool = False,
        seed_demo: bool = True,
        store: Any = None,
        prepare_ahead: bool = False,
        **overrides: object,
    ) -> KioskApp:
        config = KioskConfig(data_dir=tmp_data_dir, school_name="École du Test", **overrides)
        passphrase = DEMO_PASSPHRASE if demo else ""
        return KioskApp(
            config,
            kiosk_mode=kiosk_mode,
            demo=demo,
            demo_passphrase=passphrase,
            seed_demo=seed_demo,
            store=store,
            prepare_ahead=prepare_ahead,
        )

    return build


class Console(NamedTuple):
    """An unlocked PMS console: the app, its pilot, and the receipts of the notes it holds."""

    app: KioskApp
    pilot: Any
    receipts: Any


@pytest.fixture
def unlocked_console(make_app: Callable[..., KioskApp], tmp_data_dir: Path) -> Callable[..., Any]:
    """``async with unlocked_console(notes=N, **config) as (app, pilot, receipts):`` the console,
    unlocked, at 80×24, on a cheap real store in ``tmp_data_dir``.

    ``notes=None`` (the default) holds the four named notes of ``test_console_support.seed``
    (``receipts`` by name); ``notes=N`` holds N plain notes (``receipts`` a list).
    ``prepare(receipts, store)`` runs before the app starts (statuses, replies…); ``size``
    changes the terminal. Other keyword arguments are config keys (``retention_days=2``…).
    """
    from test_console_support import PASSPHRASE, SIZE, cheap_store, console_store, seed, unlock

    @asynccontextmanager
    async def open_console(
        notes: int | None = None,
        *,
        prepare: Callable[[Any, Any], None] | None = None,
        size: tuple[int, int] = SIZE,
        **overrides: object,
    ) -> AsyncIterator[Console]:
        store = cheap_store(tmp_data_dir)
        if notes is None:
            receipts: Any = seed(tmp_data_dir)
        else:
            store.initialize(PASSPHRASE)
            receipts = [store.add_note(f"Message {number}") for number in range(1, notes + 1)]
        if prepare is not None:
            prepare(receipts, store)
        app = make_app(store=console_store(tmp_data_dir), **overrides)
        async with app.run_test(size=size) as pilot:
            await unlock(app, pilot)
            yield Console(app, pilot, receipts)

    return open_console


@pytest.fixture
def cheap_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The CLI's stores with the test KDFs, and no user config or KIOSK_* variable.

    Both KDFs: the passphrase's (``KDF_PROFILE``) and the follow-up codes' (``kiosk init`` writes
    the code KDF into the notes file, and every later store, ``fast_store`` included, uses it:
    0.55 s a note with the production one).
    """
    from store_helpers import FAST

    import kiosk.store

    class CheapCodes(kiosk.store.NoteStore):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("code_kdf", FAST["code_kdf"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("kiosk.commands.pms.KDF_PROFILE", "minimal")
    monkeypatch.setattr(kiosk.store, "NoteStore", CheapCodes)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    for name in ("KIOSK_DATA_DIR", "KIOSK_RETENTION_DAYS", "KIOSK_FLOOD_LIMIT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _keep_the_test_process_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """``kiosk.cli.main`` lowers its process's core limit for good (hard limit 0) and makes it
    non-dumpable: called in-process by a test, that would be pytest's process, and every later
    child (tests/test_shell_crash.py starts the kiosk from a shell that allows cores)."""
    import kiosk.cli

    monkeypatch.setattr(kiosk.cli, "harden_process", lambda: None)
