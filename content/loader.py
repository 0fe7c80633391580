"""Load a content pack folder (YAML + Markdown) into a :class:`ContentPack`.

Layout of a pack folder (one per language)::

    pack.yaml            lang, name
    strings/*.yaml       UI strings, flat ``key: text`` maps (one file per area)
    menus.yaml           menus of each role
    contacts.yaml        contacts and contact groups
    emergency.yaml       the emergency strip
    procedure.yaml       the staff procedure for serious cases
    pages/*.md           pages, with a YAML front matter between ``---`` lines

YAML is read with ``yaml.BaseLoader`` so every value stays a string (``0474…``
keeps its zero, ``no`` stays text). The nodes' marks give each value's line, so a
pydantic error is told as *file, line, field: what is wrong, how to fix it*
(see :mod:`kiosk.content.messages`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kiosk.langs import DEFAULT_LANG, LANGS

from .messages import Problem, describe_error, describe_yaml_error
from .models import ContentPack, target_exists

__all__ = [
    "BUILTIN_PACKS",
    "FALLBACK_LANG",
    "LANGS",
    "LoadResult",
    "PackError",
    "Problem",
    "RawPack",
    "merge_fallback",
    "prune_dangling",
    "read_pack",
    "read_raw",
    "read_source",
    "validate_raw",
]

BUILTIN_PACKS = Path(__file__).parent / "packs"
FALLBACK_LANG = DEFAULT_LANG

#: The top-level keys each file may hold (a typo there is reported with this list).
FILE_KEYS = {
    "pack.yaml": ("lang", "name"),
    "menus.yaml": ("menus",),
    "contacts.yaml": ("contacts", "groups"),
    "emergency.yaml": ("emergency",),
    "procedure.yaml": ("procedure",),
}

Location = tuple[str | int, ...]


class PackError(Exception):
    """A pack folder that cannot be loaded; ``problems`` lists why, in plain French."""

    def __init__(self, problems: list[str], details: list[Problem] | None = None):
        super().__init__("\n".join(problems))
        self.problems = problems
        self.details = details or []


@dataclass
class LoadResult:
    """The pack to show, and why it may not be the one that was asked for."""

    pack: ContentPack
    source: Path
    problems: list[str] = field(default_factory=list)


@dataclass
class RawPack:
    """A pack folder as plain strings, where each value came from, and what could not be read."""

    folder: Path
    label: str  # how the folder is named in messages ("fr/", or "" for a lone pack)
    data: dict[str, Any] = field(default_factory=dict)
    where: dict[Location, tuple[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def locate(self, loc: Location) -> tuple[str, int | None]:
        """The file and line of ``loc``, or of its closest parent that has one."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.where:
                return self.where[loc[:end]]
        return (self.label or str(self.folder), None)


# -- reading YAML with line numbers --------------------------------------------


def _to_data(node: yaml.Node, loc: Location, raw: RawPack, name: str, offset: int) -> object:
    """Plain data from a composed node, recording the line of every key and item."""
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            raw.where[loc + (index,)] = (name, child.start_mark.line + 1 + offset)
            items.append(_to_data(child, loc + (index,), raw, name, offset))
        return items
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                raw.problems.append(Problem(name, line, "une clé doit être un simple mot suivi de « : ».", ""))
                continue
            key = key_node.value
            if key in out:
                first = raw.where.get(loc + (key,), (name, "?"))[1]
                raw.problems.append(
                    Problem(
                        name, line, f"la clé « {key} » apparaît deux fois (aussi ligne {first}). Gardez-en une seule."
                    )
                )
                continue
            raw.where[loc + (key,)] = (name, line)
            out[key] = _to_data(value_node, loc + (key,), raw, name, offset)
        return out
    return node.value


#: libyaml's parser is ~20× faster (the kiosk reads the packs at start-up).
_FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


#: Limits checked before a YAML text is composed: content comes from outside and must not stop
#: the kiosk (a 5,000-deep nesting overflows the recursive composer; an alias bomb expands
#: exponentially when turned into data). Past them, the file is a reported problem.
MAX_FILE_BYTES = 1_048_576
MAX_DEPTH = 40
MAX_ALIASES = 0  # a content pack never needs ``*name`` references: none is accepted


def _shape_problem(text: str) -> str | None:
    """Why ``text`` is too deep or uses aliases (None if fine). Event-based: no recursion."""
    if (
        "*" not in text
        and text.count("[") + text.count("{") < MAX_DEPTH
        and max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0) < 2 * MAX_DEPTH
    ):
        return None  # the common case, decided without parsing: too shallow to matter, no alias
    depth = aliases = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):  # noqa: S506 - events only, nothing built
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return f"le texte est imbriqué trop profondément (plus de {MAX_DEPTH} niveaux)."
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    return "les références YAML (*nom) ne sont pas acceptées : écrivez chaque texte en entier."
    except yaml.YAMLError:
        return None  # a plain syntax error: the composer below words it precisely
    return None


def _compose(text: str, raw: RawPack, name: str, offset: int = 0) -> yaml.Node | None:
    problem = _shape_problem(text)
    if problem is not None:
        raw.problems.append(Problem(name, None, problem))
        return None
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)  # noqa: S506 - BaseLoader builds no object
    except yaml.YAMLError:
        pass  # parse again below: the pure-Python parser words its problems the way messages.py knows
    try:
        return yaml.compose(text, Loader=yaml.BaseLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        raw.problems.append(describe_yaml_error(exc, name, offset))
        return None


def _read_text(path: Path, raw: RawPack, name: str) -> str | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raw.problems.append(
                Problem(name, None, f"le fichier est trop gros (plus de {MAX_FILE_BYTES // 1024} Kio).")
            )
            return None
        return path.read_text(encoding="utf-8-sig")  # a BOM (Windows Notepad) is still UTF-8
    except UnicodeDecodeError:
        raw.problems.append(
            Problem(name, None, "le fichier n'est pas en UTF-8. Enregistrez-le en « UTF-8 » dans votre éditeur.")
        )
    except OSError as exc:
        raw.problems.append(Problem(name, None, f"le fichier ne peut pas être lu ({exc.strerror})."))
    return None


def _read_mapping(path: Path, raw: RawPack, prefix: Location, allowed: tuple[str, ...] | None) -> dict[str, Any]:
    """One YAML file that must hold ``key: value`` lines; its keys go under ``prefix``."""
    name = raw.label + path.relative_to(raw.folder).as_posix()
    text = _read_text(path, raw, name)
    if text is None:
        return {}
    node = _compose(text, raw, name)
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raw.problems.append(
            Problem(name, node.start_mark.line + 1, "le fichier doit être fait de lignes « clé: valeur ».")
        )
        return {}
    data = _to_data(node, prefix, raw, name, 0)
    if not isinstance(data, dict):  # a mapping node gives a dict; anything else is refused already
        return {}
    if allowed is not None:
        for key in list(data):
            if key not in allowed:
                line = raw.where[prefix + (key,)][1]
                raw.problems.append(
                    Problem(
                        name,
                        line,
                        f"clé inconnue « {key} ». Vérifiez l'orthographe ; clés possibles ici : {', '.join(allowed)}.",
                    )
                )
                del data[key]
    return data


def _read_page(path: Path, raw: RawPack) -> None:
    name = raw.label + path.relative_to(raw.folder).as_posix()
    text = _read_text(path, raw, name)
    if text is None:
        return
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raw.problems.append(
            Problem(name, 1, "la page doit commencer par une ligne « --- », puis l'en-tête (id, title…), puis « --- ».")
        )
        return
    end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), None)
    if end is None:
        raw.problems.append(
            Problem(name, 1, "l'en-tête n'est jamais fermé : ajoutez une ligne « --- » après le dernier champ.")
        )
        return
    node = _compose("\n".join(lines[1:end]), raw, name, offset=1)
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        raw.problems.append(Problem(name, 2, "l'en-tête doit être fait de lignes « clé: valeur » (id, title…)."))
        return
    scratch = RawPack(raw.folder, raw.label)
    front = _to_data(node, (), scratch, name, 1)
    if not isinstance(front, dict):  # a mapping node gives a dict; anything else is refused already
        return
    raw.problems.extend(scratch.problems)
    page_id: str = front["id"] if isinstance(front.get("id"), str) else path.stem
    if page_id in raw.data["pages"]:
        first = raw.where[("pages", page_id)][0]
        raw.problems.append(
            Problem(name, 2, f"l'id « {page_id} » est déjà celui de {first}. Donnez un id différent à chaque page.")
        )
        return
    raw.where[("pages", page_id)] = (name, 2)
    for loc, spot in scratch.where.items():
        raw.where[("pages", page_id) + loc] = spot
    front["body"] = "\n".join(lines[end + 1 :]).strip("\n")
    raw.data["pages"][page_id] = front


def read_source(folder: Path, label: str = "") -> RawPack:
    """Read every file of a pack folder as strings, keeping lines; nothing is validated yet."""
    folder = Path(folder)
    raw = RawPack(folder, label)
    if not (folder / "pack.yaml").is_file():
        raw.problems.append(
            Problem(label + "pack.yaml", None, "fichier absent : chaque dossier de langue a un pack.yaml (lang, name).")
        )
    else:
        raw.data.update(_read_mapping(folder / "pack.yaml", raw, (), FILE_KEYS["pack.yaml"]))
    raw.data["strings"] = {}
    owner: dict[str, str] = {}
    for path in sorted((folder / "strings").glob("*.yaml")):
        table = _read_mapping(path, raw, ("strings",), None)
        for key in table:
            if key in owner:
                raw.problems.append(
                    Problem(
                        raw.where[("strings", key)][0],
                        raw.where[("strings", key)][1],
                        f"le texte « {key} » est aussi dans {owner[key]} : gardez-en un seul.",
                    )
                )
            owner[key] = raw.where[("strings", key)][0]
        raw.data["strings"].update(table)
    for name in ("menus.yaml", "contacts.yaml", "emergency.yaml", "procedure.yaml"):
        if (folder / name).is_file():
            raw.data.update(_read_mapping(folder / name, raw, (), FILE_KEYS[name]))
    raw.data["pages"] = {}
    for path in sorted((folder / "pages").glob("*.md")):
        _read_page(path, raw)
    for key in ("menus", "contacts", "groups"):
        found = raw.data.get(key)
        if isinstance(found, dict):
            table = found
            for ident, item in table.items():
                if isinstance(item, dict):
                    item.setdefault("id", ident)
    return raw


def read_raw(folder: Path) -> dict[str, Any]:
    """The pack folder as plain data (strings only), before validation."""
    return read_source(folder).data


def validate_raw(raw: RawPack, *, strict: bool = False) -> ContentPack | None:
    """Validate ``raw``; on failure, append one problem per error to ``raw.problems``.

    ``strict`` also checks phone numbers with ``phonenumbers`` (slow to import).
    """
    try:
        return ContentPack.model_validate(raw.data, context={"strict": strict})
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            name, line = raw.locate(loc)
            raw.problems.append(describe_error(error, name, line))
        return None


def read_pack(folder: Path, *, strict: bool = False, label: str = "") -> ContentPack:
    """Validate one pack folder; raises :class:`PackError` (problems in French)."""
    raw = read_source(folder, label)
    pack = validate_raw(raw, strict=strict) if not raw.problems else None
    if pack is None:
        raise PackError([str(problem) for problem in raw.problems], raw.problems)
    return pack


# -- fallback and run-time safety ----------------------------------------------


def merge_fallback(pack: ContentPack, base: ContentPack) -> ContentPack:
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


def prune_dangling(pack: ContentPack) -> ContentPack:
    """Hide menu items and group members that point at nothing (the check warns about them).

    A screen can then open any item it is given without a KeyError.
    """
    data = pack.model_copy(deep=True)
    for menu in data.menus.values():
        menu.items = [item for item in menu.items if target_exists(data, item)]
    for group in data.groups.values():
        group.contacts = [ident for ident in group.contacts if ident in data.contacts]
    return data
