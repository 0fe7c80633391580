"""Gather the raw configuration (TOML file, ``KIOSK_*`` variables, flags), stdlib only.

Kept free of pydantic so that the CLI can parse its arguments and read the file
before the heavier imports; :mod:`kiosk.config` validates what this returns.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

__all__ = ["APP_NAME", "CONFIG_KEYS", "ConfigError", "DEFAULT_LANG", "DEFAULT_SCHOOL_NAME", "ENV_PREFIX", "default_config_path", "gather"]

ENV_PREFIX = "KIOSK_"
#: The folder name of the configuration and the data (platformdirs' "appname").
APP_NAME = "pms-kiosk"
#: Every key of :class:`kiosk.config.KioskConfig` (a test keeps the two in step).
CONFIG_KEYS = (
    "data_dir",
    "content_dir",
    "lang",
    "idle_seconds",
    "school_name",
    "pms_reading_schedule",
    "retention_days",
    "flood_limit",
    "console_idle_seconds",
)
#: Defaults the welcome screen needs before the config is validated (shared with KioskConfig).
DEFAULT_LANG = "fr"
DEFAULT_SCHOOL_NAME = "École"
#: Flags that override a key of the same name (``--data-dir`` → ``data_dir``).
FLAG_KEYS = ("data_dir", "content_dir", "lang")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the key and why."""


def default_config_path() -> Path:
    """The user's ``pms-kiosk/config.toml`` (platformdirs: ``$XDG_CONFIG_HOME`` or ``~/.config`` on Linux)."""
    from platformdirs import user_config_path  # small; imported when needed like the rest

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def _read_toml(path: Path, required: bool) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        if required:
            raise ConfigError(f"{path}: fichier de configuration introuvable") from None
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML invalide ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: illisible ({exc.strerror})") from None


def gather(
    config_file: Path | None,
    flags: Mapping[str, object],
    environ: Mapping[str, str] | None = None,
    known_keys: tuple[str, ...] = (),
) -> tuple[dict, dict]:
    """The merged raw values and, for each key, where it came from (for error messages).

    Precedence: defaults < TOML file < ``KIOSK_<KEY>`` variables < flags.
    Only variables whose name matches a known key are read (``KIOSK_IDLE_SECONDS``).
    """
    environ = os.environ if environ is None else environ
    path = config_file or default_config_path()
    raw = _read_toml(path, required=config_file is not None)
    origin = {key: str(path) for key in raw}
    for key in known_keys:
        name = ENV_PREFIX + key.upper()
        if name in environ:
            raw[key] = environ[name]
            origin[key] = f"variable {name}"
    for key, value in flags.items():
        if value is not None:
            raw[key] = value
            origin[key] = "--" + key.replace("_", "-")
    return raw, origin
