"""Load a content pack folder (YAML + Markdown) into a :class:`ContentPack`.

Layout of a pack folder (one per language)::

    pack.yaml            lang, name
    strings/*.yaml       UI strings, flat ``key: text`` maps (one file per area)
    menus.yaml           menus of each role
    contacts.yaml        contacts and contact groups
    emergency.yaml       the emergency strip
    procedure.yaml       the staff procedure for serious cases
    pages/*.md           pages, with a YAML front matter between ``---`` lines

YAML is read with ``yaml.BaseLoader`` so every value stays a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .models import ContentPack

__all__ = ["BUILTIN_PACKS", "LANGS", "LoadResult", "PackError", "load_pack", "read_pack"]

BUILTIN_PACKS = Path(__file__).parent / "packs"
LANGS = ("fr", "nl", "en")
FALLBACK_LANG = "fr"


class PackError(Exception):
    """A pack folder that cannot be loaded; ``problems`` lists why, in plain French."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadResult:
    """The pack to show, and why it may not be the one that was asked for."""

    pack: ContentPack
    source: Path
    problems: list[str] = field(default_factory=list)


def _read_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds no object


def _read_page(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise PackError([f"{path}: la page doit commencer par une ligne '---' (en-tête)"])
    _, front, body = text.split("---", 2)
    data = yaml.load(front, Loader=yaml.BaseLoader) or {}  # noqa: S506
    data["body"] = body.strip("\n")
    return data


def read_raw(folder: Path) -> dict:
    """The pack folder as plain data (strings only), before validation."""
    raw: dict = dict(_read_yaml(folder / "pack.yaml") or {})
    raw["strings"] = {}
    for path in sorted((folder / "strings").glob("*.yaml")):
        raw["strings"].update(_read_yaml(path) or {})
    for name in ("menus", "contacts", "emergency", "procedure"):
        path = folder / f"{name}.yaml"
        if path.exists():
            raw.update(_read_yaml(path) or {})
    raw["pages"] = {}
    for path in sorted((folder / "pages").glob("*.md")):
        page = _read_page(path)
        raw["pages"][page.get("id", path.stem)] = page
    for key in ("menus", "contacts", "groups"):
        for ident, item in (raw.get(key) or {}).items():
            if isinstance(item, dict):
                item.setdefault("id", ident)
    return raw


def read_pack(folder: Path) -> ContentPack:
    """Validate one pack folder; raises :class:`PackError` or pydantic's error."""
    return ContentPack.model_validate(read_raw(folder))


def _merge_fallback(pack: ContentPack, base: ContentPack) -> ContentPack:
    """Fill what a translation lacks from the French pack (reported by the check)."""
    data = pack.model_copy(deep=True)
    for name in ("strings", "menus", "pages", "contacts", "groups"):
        merged = dict(getattr(base, name))
        merged.update(getattr(data, name))
        setattr(data, name, merged)
    if not data.emergency:
        data.emergency = base.emergency
    if data.procedure is None:
        data.procedure = base.procedure
    return data


def load_pack(lang: str, content_dir: Path | None = None) -> LoadResult:
    """The pack for ``lang``: the custom one if valid, else the built-in one.

    ``content_dir`` holds one folder per language (``fr/``, ``nl/``…). When it is
    invalid, the built-in pack is returned with the problems, so the kiosk still starts.
    """
    problems: list[str] = []
    if content_dir is not None:
        try:
            pack = read_pack(Path(content_dir) / lang)
            base = read_pack(Path(content_dir) / FALLBACK_LANG) if lang != FALLBACK_LANG else pack
            return LoadResult(_merge_fallback(pack, base), Path(content_dir) / lang)
        except Exception as exc:  # noqa: BLE001 - any broken custom pack falls back, with the reason kept
            problems.append(f"Contenu personnalisé ignoré ({content_dir}): {exc}")
    folder = BUILTIN_PACKS / lang
    pack = read_pack(folder)
    if lang != FALLBACK_LANG:
        pack = _merge_fallback(pack, read_pack(BUILTIN_PACKS / FALLBACK_LANG))
    return LoadResult(pack, folder, problems)
