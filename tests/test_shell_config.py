"""Configuration: TOML < KIOSK_* variables < flags; an invalid config exits 2 without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config


def test_defaults(tmp_path):
    config = load_config(None, {}, environ={"XDG_CONFIG_HOME": str(tmp_path)})
    assert config.lang == "fr" and config.idle_seconds == 120


def test_precedence_file_env_flag(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('idle_seconds = 30\nlang = "nl"\nschool_name = "Athénée"\n', encoding="utf-8")
    config = load_config(path, {"lang": "en"}, environ={"KIOSK_IDLE_SECONDS": "45"})
    assert (config.idle_seconds, config.lang, config.school_name) == (45, "en", "Athénée")


def test_every_key_has_its_variable(tmp_path):
    config = load_config(
        None,
        {},
        environ={
            "XDG_CONFIG_HOME": str(tmp_path),
            "KIOSK_DATA_DIR": str(tmp_path / "d"),
            "KIOSK_PMS_READING_SCHEDULE": "le mardi",
            "KIOSK_RETENTION_DAYS": "30",
        },
    )
    assert config.data_dir == tmp_path / "d" and config.pms_reading_schedule == "le mardi"
    assert config.retention_days == 30


@pytest.mark.parametrize(
    "text,needle",
    [
        ("idle_secs = 3\n", "clé inconnue « idle_secs »"),
        ('lang = "de"\n', "clé « lang »"),
        ("idle_seconds = -1\n", "clé « idle_seconds »"),
        ("idle_seconds = \n", "TOML invalide"),
    ],
)
def test_invalid_values_name_the_key(tmp_path, text, needle):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=needle):
        load_config(path, {}, environ={})


def test_cli_exits_2_without_traceback(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("idle_seconds = 'beaucoup'\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "idle_seconds" in result.stderr and "Traceback" not in result.stderr


def test_cli_env_error_exits_2(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "KIOSK_IDLE_SECONDS": "soon"}
    result = subprocess.run([sys.executable, "-m", "kiosk"], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2 and "KIOSK_IDLE_SECONDS" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_config_file_given_explicitly(tmp_path):
    with pytest.raises(ConfigError, match="introuvable"):
        load_config(Path(tmp_path / "nope.toml"), {}, environ={})


def test_reading_schedule_per_language(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[pms_reading_schedule]\nfr = "Le PMS lit les messages le lundi."\n'
        'nl = "Het CLB leest de berichten op maandag."\n',
        encoding="utf-8",
    )
    config = load_config(path, {}, environ={})
    assert config.reading_schedule("nl") == "Het CLB leest de berichten op maandag."
    assert config.reading_schedule("en") == ""  # none for English: the screens show the pack's English default


def test_reading_schedule_rejects_an_unknown_language(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[pms_reading_schedule]\nde = "Montag"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="pms_reading_schedule"):
        load_config(path, {}, environ={})


def test_the_app_opens_its_store_from_the_factory_once_on_first_use(tmp_path) -> None:
    from kiosk.app import KioskApp
    from kiosk.config import KioskConfig

    config = KioskConfig(data_dir=tmp_path)
    opened: list[KioskConfig] = []
    store = object()
    app = KioskApp(config, store_factory=lambda given: opened.append(given) or store)
    assert opened == []  # nothing opened at start-up
    assert app.store is store and app.store is store and opened == [config]
    handed = object()
    assert KioskApp(config, store=handed).store is handed
