"""The kiosk configuration, validated by pydantic.

Every key can come from the TOML file, a ``KIOSK_<KEY>`` variable or (for the main
ones) a flag: see :func:`kiosk.sources.gather`. An invalid value is reported with
its key, where it came from and why (the CLI exits 2, without a traceback).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .langs import Lang
from .sources import APP_NAME, DEFAULT_LANG, DEFAULT_SCHOOL_NAME, ConfigError, describe_origin, gather

__all__ = ["ALLOWED", "ConfigError", "KioskConfig", "default_data_dir", "load_config", "validate_config"]


def default_data_dir() -> Path:
    """The user's data folder for the kiosk (platformdirs: XDG on Linux, AppData, Application Support)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


#: One reading-schedule text (the students read it before they leave a note).
Schedule = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class KioskConfig(BaseModel):
    """All settings of a kiosk (see the README's configuration reference)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir, description="Where notes and keys live.")
    content_dir: Path | None = Field(None, description="A copy of the content packs edited by the PMS.")
    lang: Lang = Field(DEFAULT_LANG, description="Language shown after a wipe.")
    idle_seconds: int = Field(120, ge=5, le=3600, description="Seconds without input before the wipe.")
    school_name: str = Field(
        DEFAULT_SCHOOL_NAME, min_length=1, max_length=60, description="Shown on the welcome screen."
    )
    pms_reading_schedule: Schedule | dict[Lang, Schedule] | None = Field(
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
        return next((text for key, text in (value or {}).items() if key == lang), "")


#: What each key accepts, said in French in every error about it.
ALLOWED = {
    "data_dir": "un chemin de dossier",
    "content_dir": "un chemin de dossier (avec fr/, nl/ et en/ dedans)",
    "lang": "fr, nl ou en",
    "idle_seconds": "un nombre entier de 5 à 3600 (secondes)",
    "school_name": "un texte de 1 à 60 caractères",
    "pms_reading_schedule": "un texte de 1 à 200 caractères, ou une table fr / nl / en de tels textes",
    "retention_days": "un nombre entier de 1 à 3650 (jours)",
    "flood_limit": "un nombre entier de 1 à 1000",
    "console_idle_seconds": "un nombre entier de 10 à 3600 (secondes)",
}

#: pydantic's error types in French; ``{…}`` are filled from the error's context.
_PROBLEMS = {
    "literal_error": "valeur non permise",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "int_from_float": "nombre entier attendu (sans virgule)",
    "greater_than_equal": "trop petit (au moins {ge})",
    "less_than_equal": "trop grand (au plus {le})",
    "string_too_short": "texte vide",
    "string_too_long": "texte trop long (au plus {max_length} caractères)",
    "string_type": "texte attendu",
    "path_type": "chemin attendu",
    "dict_type": "table attendue",
    "too_short": "table vide",
    "bool_parsing": "oui ou non attendu",
    "union_type": "texte ou table attendu",
}
#: A union (text or table) reports both branches: the one not matching the value is noise.
_BRANCH_MISMATCH = {"string_type", "dict_type"}


def _key_path(loc: tuple) -> str:
    """``pms_reading_schedule.de``: field names and table keys, without pydantic's type tags."""
    parts = [str(part) for part in loc if not (str(part).endswith("]") or str(part) == "constrained-str")]
    return ".".join(parts) or "?"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _describe(error: Mapping[str, Any], origin: dict) -> str:
    """One French line: the key, where it came from, what is wrong, what is allowed."""
    field = str(error["loc"][0]) if error["loc"] else "?"
    where = describe_origin(field, origin)
    if error["type"] == "extra_forbidden":
        return (
            f"clé inconnue « {field} » ({where}) : vérifiez l'orthographe. "
            f"Clés permises : {', '.join(KioskConfig.model_fields)}."
        )
    problem = _PROBLEMS.get(error["type"], "valeur invalide").format(**error.get("ctx", {}))
    allowed = ALLOWED.get(field, "voir le README")
    if error["loc"][-1:] == ("[key]",):  # a table key (pms_reading_schedule.de)
        problem, allowed = "langue inconnue", "fr, nl ou en"
    return (
        f"clé « {_key_path(error['loc'])} » ({where}) : {problem} ; valeur reçue : "
        f"{_shown(error.get('input'))}. Valeurs permises : {allowed}."
    )


def _relevant(errors: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One line per real problem: a union (text or table) reports each branch that did not match."""
    real = {e["loc"][0] for e in errors if e["loc"] and e["type"] not in _BRANCH_MISMATCH}
    kept, merged = [], set()
    for error in errors:
        union_branch = error["type"] in _BRANCH_MISMATCH and len(error["loc"]) > 1
        field = error["loc"][0] if error["loc"] else None
        if union_branch and (field in real or field in merged):
            continue
        if union_branch:  # neither a text nor a table: one line says so
            merged.add(field)
            error = {**error, "type": "union_type", "loc": (field,)}
        kept.append(error)
    return kept


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
        lines = [_describe(error, origin) for error in _relevant(exc.errors())]
        raise ConfigError("configuration invalide :\n  " + "\n  ".join(lines)) from None
