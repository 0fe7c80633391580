"""Start-up in two steps: welcome painted from raw values, then config and content loaded."""

from __future__ import annotations

import subprocess
import sys

from kiosk.app import KioskApp
from kiosk.boot import read_boot
from kiosk.config import KioskConfig
from kiosk.screens.home import HomeScreen
from kiosk.screens.welcome import WelcomeScreen
from kiosk.sources import CONFIG_KEYS


def test_config_keys_match_the_model():
    assert set(CONFIG_KEYS) == set(KioskConfig.model_fields)


def test_first_paint_imports_neither_pydantic_nor_the_content_models():
    code = (
        "import sys, kiosk.cli, kiosk.app, kiosk.boot, kiosk.screens;"
        "heavy = [m for m in ('pydantic', 'kiosk.content', 'kiosk.config', 'nacl', 'tinydb') if m in sys.modules];"
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def _boot(tmp_path, **values):
    toml = tmp_path / "config.toml"
    toml.write_text("".join(f"{k} = {v!r}\n" for k, v in values.items()).replace("'", '"'), encoding="utf-8")
    return read_boot(toml, {"data_dir": str(tmp_path / "data")})


async def test_welcome_shows_before_and_after_loading(tmp_path):
    app = KioskApp(boot=_boot(tmp_path, school_name="Athénée Royal"))
    assert not app.ready
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.ready and app.config.school_name == "Athénée Royal"
        assert isinstance(app.screen, WelcomeScreen)
        assert "Athénée Royal" in str(app.screen.query_one("#school").render())
        await pilot.press("space")
        assert isinstance(app.screen, HomeScreen)


async def test_a_key_before_loading_still_opens_home(tmp_path):
    app = KioskApp(boot=_boot(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#school")  # welcome is there
        await pilot.press("space")
        assert app.ready and isinstance(app.screen, HomeScreen)


async def test_invalid_config_found_after_paint_exits_2(tmp_path):
    app = KioskApp(boot=_boot(tmp_path, idle_seconds="jamais"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert "idle_seconds" in app.startup_error


def test_boot_language_follows_the_config(tmp_path):
    boot = _boot(tmp_path, lang="nl")
    assert boot.pack.t("welcome.title") == "Verpleeglokaal"
    assert boot.pack.emergency[0].number == "112"


def test_unreadable_shell_strings_load_everything_before_painting(tmp_path):
    """A custom pack whose shell strings are broken YAML: no raw welcome, the full loader explains."""
    from argparse import Namespace

    from kiosk.cli import _build_app

    strings = tmp_path / "content" / "fr" / "strings"
    strings.mkdir(parents=True)
    (strings / "shell.yaml").write_text("welcome.title: [oops\n", encoding="utf-8")
    boot = read_boot(None, {"data_dir": str(tmp_path / "data"), "content_dir": str(tmp_path / "content")})
    assert boot.pack is None
    app = _build_app(boot, Namespace(dev=False, demo=False), "")
    assert app.ready and app.content.t("welcome.title") == "Infirmerie"  # the built-in pack
    assert app.content_problems  # and why the custom one was set aside
