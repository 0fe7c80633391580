"""Gather the raw configuration (TOML file, ``KIOSK_*`` variables, flags), stdlib only.

Kept free of pydantic so that the CLI can parse its arguments and read the file
before the heavier imports; :mod:`kiosk.config` validates what this returns.
"""

from __future__ import annotations

import errno
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from .langs import DEFAULT_LANG, LANGS

__all__ = [
    "APP_NAME",
    "CONFIG_KEYS",
    "ConfigError",
    "DEFAULT_LANG",
    "DEFAULT_SCHOOL_NAME",
    "ENV_PREFIX",
    "LANGS",
    "check_lang",
    "default_config_path",
    "describe_origin",
    "gather",
]

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
#: Defaults the welcome screen needs before the config is validated (shared with KioskConfig);
#: the languages and the default one come from kiosk.langs.
DEFAULT_SCHOOL_NAME = "École"
#: Flags that override a key of the same name (``--data-dir`` → ``data_dir``).
FLAG_KEYS = ("data_dir", "content_dir", "lang")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the key and why."""


def default_config_path() -> Path:
    """The user's ``pms-kiosk/config.toml`` (platformdirs: ``$XDG_CONFIG_HOME`` or ``~/.config`` on Linux)."""
    from platformdirs import user_config_path  # small; imported when needed like the rest

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def describe_origin(key: str, origin: Mapping[str, str]) -> str:
    """Where ``key``'s value came from, in French: a file, a variable, an option, the default."""
    source = origin.get(key)
    if source is None:
        return "valeur par défaut"
    if source.startswith("variable "):
        return source
    if source.startswith("--"):
        return f"option {source}"
    return f"fichier {source}"


def check_lang(raw: Mapping[str, object], origin: Mapping[str, str]) -> None:
    """The language decides what the first paint shows: checked before it, like pydantic would."""
    value = raw.get("lang")
    if value is not None and value not in LANGS:
        raise ConfigError(
            f"configuration invalide :\n  clé « lang » ({describe_origin('lang', origin)}) : "
            f"valeur non permise ; valeur reçue : {value!r}. Valeurs permises : fr, nl ou en."
        )


def _read_toml(path: Path, required: bool) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        if required:
            raise ConfigError(f"{path} : fichier de configuration introuvable (option --config).") from None
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path} : TOML invalide{_toml_position(exc)} ; vérifiez le signe = après "
            "chaque clé et les guillemets autour des textes."
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} : TOML invalide, le fichier doit être enregistré en UTF-8.") from None
    except IsADirectoryError:
        raise ConfigError(f"{path} : c'est un dossier ; --config attend un fichier .toml.") from None
    except OSError as exc:
        raise ConfigError(f"{path} : fichier de configuration illisible ({_os_reason(exc)}).") from None


def _toml_position(exc: tomllib.TOMLDecodeError) -> str:
    """ " à la ligne 3, colonne 7" from tomllib's English message, if it gives one."""
    found = re.search(r"line (\d+), column (\d+)", str(exc))
    return f" à la ligne {found[1]}, colonne {found[2]}" if found else ""


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.EACCES: "accès refusé",
        errno.EPERM: "accès refusé",
        errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    }
    return reasons.get(exc.errno or 0, exc.strerror or type(exc).__name__)


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
