"""The kiosk configuration, validated by pydantic.

Every key can come from the TOML file, a ``KIOSK_<KEY>`` variable or (for the main
ones) a flag: see :func:`kiosk.sources.gather`. An invalid value is reported with
its key, where it came from and why (the CLI exits 2, without a traceback).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .sources import DEFAULT_LANG, DEFAULT_SCHOOL_NAME, ConfigError, gather

__all__ = ["ConfigError", "KioskConfig", "load_config", "validate_config"]


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "pms-kiosk"


#: One reading-schedule text (the students read it before they leave a note).
Schedule = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class KioskConfig(BaseModel):
    """All settings of a kiosk (see the README's configuration reference)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Field(default_factory=_default_data_dir, description="Where notes and keys live.")
    content_dir: Path | None = Field(None, description="A copy of the content packs edited by the PMS.")
    lang: Literal["fr", "nl", "en"] = Field(DEFAULT_LANG, description="Language shown after a wipe.")
    idle_seconds: int = Field(120, ge=5, le=3600, description="Seconds without input before the wipe.")
    school_name: str = Field(DEFAULT_SCHOOL_NAME, min_length=1, max_length=60, description="Shown on the welcome screen.")
    pms_reading_schedule: Schedule | dict[Literal["fr", "nl", "en"], Schedule] | None = Field(
        None,
        min_length=1,
        description=(
            "Tells students, honestly, when notes are read: one text, or one per language; "
            "a language without one shows the content pack's default (notes.default_schedule)."
        ),
    )
    retention_days: int = Field(365, ge=1, le=3650, description="Purge 'traité' notes older than this.")
    flood_limit: int = Field(10, ge=1, le=1000, description="Notes accepted per 10 minutes.")
    console_idle_seconds: int = Field(120, ge=10, le=3600, description="The PMS console locks after this.")

    def reading_schedule(self, lang: str) -> str:
        """The school's schedule text in ``lang``; "" when it gave none for that language.

        The screens then show the pack's own default, in the visitor's language
        (a French sentence must not reach a Dutch or English child).
        """
        value = self.pms_reading_schedule
        if isinstance(value, str):
            return value
        return (value or {}).get(lang, "")


def _describe(error: dict, origin: dict) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "?"
    where = origin.get(str(error["loc"][0]), "valeur par défaut") if error["loc"] else ""
    if error["type"] == "extra_forbidden":
        return f"clé inconnue « {key} » ({where}) : vérifiez l'orthographe (clés : {', '.join(KioskConfig.model_fields)})"
    return f"clé « {key} » ({where}) : {error['msg']} (valeur reçue : {error.get('input')!r})"


def load_config(
    config_file: Path | None = None,
    flags: dict | None = None,
    environ: dict | None = None,
) -> KioskConfig:
    """Merge the file, the environment and the flags, and validate; raises :class:`ConfigError`."""
    raw, origin = gather(config_file, flags or {}, environ, tuple(KioskConfig.model_fields))
    return validate_config(raw, origin)


def validate_config(raw: dict, origin: dict) -> KioskConfig:
    """Validate raw values (see :func:`kiosk.sources.gather`); raises :class:`ConfigError`."""
    try:
        return KioskConfig.model_validate(raw)
    except ValidationError as exc:
        lines = [_describe(error, origin) for error in exc.errors()]
        raise ConfigError("configuration invalide :\n  " + "\n  ".join(lines)) from None
