"""What the welcome screen needs before the heavy imports, so the kiosk paints at once.

Importing pydantic and building the content models costs about a third of a bare
Textual start. The welcome screen only needs the school name, a few UI strings and
the emergency strip: :func:`read_boot` reads those raw (TOML, environment, the pack's
``strings/shell.yaml`` and ``emergency.yaml``), and :meth:`KioskApp.finish_start
<kiosk.app.KioskApp.finish_start>` validates the configuration with pydantic and loads
the whole pack right after the first paint. A configuration that fails validation
then still exits with status 2 and its message, as before.

Stdlib only at import time (PyYAML is imported inside :func:`read_boot`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from .sources import CONFIG_KEYS, DEFAULT_LANG, DEFAULT_SCHOOL_NAME, check_lang, gather

__all__ = ["Boot", "BootPack", "read_boot"]


@dataclass
class BootPack:
    """Stands in for the content pack until it is loaded: UI strings and the strip."""

    lang: str
    strings: dict[str, str]
    emergency: list[SimpleNamespace] = field(default_factory=list)

    def t(self, key: str, /, **values: object) -> str:
        """Like :meth:`ContentPack.t <kiosk.content.ContentPack.t>`."""
        text = self.strings.get(key, key)
        try:
            return text.format(**values) if values else text
        except (KeyError, IndexError, ValueError):
            return text


@dataclass
class Boot:
    """The raw configuration and what the first paint shows from it."""

    raw: dict
    origin: dict
    config: SimpleNamespace  # school_name and lang, unvalidated
    pack: BootPack | None  # None: load everything before painting


def _packs_folder() -> Path:
    """The built-in packs, found without running ``kiosk.content``'s heavy ``__init__``."""
    spec = importlib.util.find_spec("kiosk.content")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "packs"


def _pack_folder(raw: Mapping, lang: str) -> Path:
    custom = raw.get("content_dir")
    if custom and (Path(str(custom)) / lang / "strings" / "shell.yaml").is_file():
        return Path(str(custom)) / lang
    return _packs_folder() / lang


def _read_boot_pack(folder: Path, lang: str) -> BootPack | None:
    """The shell strings and the strip, read raw; None if they cannot be read so."""
    import yaml

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # strings only, like the loader
    try:
        with (folder / "strings" / "shell.yaml").open(encoding="utf-8") as handle:
            strings = dict(yaml.load(handle, Loader=loader) or {})  # noqa: S506 - BaseLoader builds no object
        with (folder / "emergency.yaml").open(encoding="utf-8") as handle:
            items = (yaml.load(handle, Loader=loader) or {}).get("emergency", [])  # noqa: S506
        emergency = [SimpleNamespace(number=str(i["number"]), label=str(i["label"])) for i in items]
    except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError):
        # Not an error to report here: the full loader then runs before the first
        # paint, and it explains any real problem (or falls back to the built-in pack).
        return None
    return BootPack(lang, strings, emergency)


def read_boot(config_file: Path | None, flags: Mapping[str, object]) -> Boot:
    """Gather the raw configuration and read what welcome shows.

    Raises :class:`~kiosk.sources.ConfigError` for an unreadable TOML file or an unknown language.
    """
    raw, origin = gather(config_file, flags, None, CONFIG_KEYS)
    check_lang(raw, origin)  # before anything is painted: exit 2 on a blank terminal
    lang = raw.get("lang") or DEFAULT_LANG
    school = str(raw.get("school_name") or DEFAULT_SCHOOL_NAME)
    pack = _read_boot_pack(_pack_folder(raw, lang), lang)
    return Boot(raw, origin, SimpleNamespace(school_name=school, lang=lang), pack)
