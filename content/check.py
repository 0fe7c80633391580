"""``kiosk content check``: every problem of a content folder, in plain French.

Errors stop a custom pack from being used (the kiosk falls back to the built-in
one): among them, a menu item or group member pointing at nothing (the choice
would silently vanish). Warnings do not: old or missing contact dates (one line
per date, listing its contacts), missing translations (French is shown instead).
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .loader import BUILTIN_PACKS, FALLBACK_LANG, LANGS, RawPack, merge_fallback, read_source, validate_raw
from .messages import Problem
from .models import ContentPack, target_exists

__all__ = ["PackReport", "REQUIRED_MENUS", "check_dir", "check_pack", "format_report", "summary"]

#: The menus the home screen opens, one per role (``kiosk.screens.home.ROLES``).
REQUIRED_MENUS = ("eleve", "parent", "equipe")
#: A contact checked longer ago than this gets a warning.
MAX_AGE_DAYS = 365


@dataclass
class PackReport:
    """The result of checking one language folder."""

    folder: Path
    raw: RawPack
    pack: ContentPack | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the pack unusable."""
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        """The problems worth a look that do not stop the pack."""
        return [p for p in self.problems if p.warning]


def _warn(raw: RawPack, loc: tuple[Any, ...], message: str, field_name: str = "") -> Problem:
    name, line = raw.locate(loc)
    return Problem(name, line, message, field_name, warning=True)


def _error(raw: RawPack, loc: tuple[Any, ...], message: str, field_name: str = "") -> Problem:
    name, line = raw.locate(loc)
    return Problem(name, line, message, field_name)


def _check_targets(raw: RawPack, pack: ContentPack) -> list[Problem]:
    """Menu items and group members naming an id nothing defines (errors: the choice would vanish)."""
    found = []
    for menu_id in raw.data.get("menus") or {}:
        for index, item in enumerate(pack.menus[menu_id].items):
            if not target_exists(pack, item):
                found.append(
                    _error(
                        raw,
                        ("menus", menu_id, "items", index, "target"),
                        f"« {item.target} » ne correspond à rien de défini : ce choix disparaîtrait du menu. "
                        "Vérifiez l'id (pages/*.md, menus.yaml, contacts.yaml).",
                        f"items[{index}].target",
                    )
                )
    for group_id in raw.data.get("groups") or {}:
        for index, ident in enumerate(pack.groups[group_id].contacts):
            if ident not in pack.contacts:
                found.append(
                    _error(
                        raw,
                        ("groups", group_id, "contacts", index),
                        f"le contact « {ident} » n'existe pas dans contacts.yaml : il disparaîtrait de la liste.",
                        f"contacts[{index}]",
                    )
                )
    return found


def _check_required(raw: RawPack, pack: ContentPack) -> list[Problem]:
    """What the kiosk cannot do without: the role menus and the emergency strip (errors)."""
    found = []
    name = raw.label + "menus.yaml"
    for menu_id in REQUIRED_MENUS:
        if menu_id not in pack.menus:
            found.append(
                Problem(name, None, f"le menu « {menu_id} » manque : l'accueil l'ouvre. Ajoutez-le sous « menus: ».")
            )
    if not pack.emergency:
        found.append(Problem(raw.label + "emergency.yaml", None, "la bande d'urgence est vide : ajoutez au moins 112."))
    return found


def _check_dates(raw: RawPack, pack: ContentPack, today: dt.date) -> list[Problem]:
    """One warning per verification date older than 12 months, listing its contacts, and one for undated contacts."""
    stale: dict[dt.date, list[str]] = {}
    undated: list[str] = []
    for ident in raw.data.get("contacts") or {}:
        updated = pack.contacts[ident].updated
        if updated is None:
            undated.append(ident)
        elif (today - updated).days > MAX_AGE_DAYS:
            stale.setdefault(updated, []).append(ident)
    found = []
    for updated in sorted(stale):
        idents = stale[updated]
        name, line = raw.locate(("contacts", idents[0], "updated"))
        found.append(
            Problem(
                name,
                line,
                f"vérifié le {updated:%d/%m/%Y}, il y a plus de 12 mois : "
                f"{_plural(len(idents), 'contact')} ({', '.join(idents)}). Vérifiez les numéros et les "
                "horaires, puis mettez la date du jour (updated).",
                warning=True,
            )
        )
    if undated:
        found.append(
            Problem(
                raw.label + "contacts.yaml",
                None,
                f"sans date de vérification (updated) : "
                f"{_plural(len(undated), 'contact')} ({', '.join(undated)}). Les fiches et les affiches "
                "diront « date de vérification inconnue ».",
                warning=True,
            )
        )
    return found


def _check_poster_groups(raw: RawPack, pack: ContentPack) -> list[Problem]:
    """The poster groups: a member without a number has no code and is left off; extra members do not fit (warnings)."""
    from .poster import MAX_LINES, MAX_PMS, ROLES, poster_entries

    found = []
    for group_id, limit in [(f"poster-{role}", MAX_LINES) for role in ROLES] + [("poster-pms", MAX_PMS)]:
        group = pack.groups.get(group_id)
        if group is None or group_id not in (raw.data.get("groups") or {}):
            continue
        members = [pack.contacts[ref] for ref in group.contacts if ref in pack.contacts]
        printable = {entry.id for entry in poster_entries(members)}
        no_code = [c.id for c in members if c.id not in printable]
        if no_code:
            found.append(
                _warn(
                    raw,
                    ("groups", group_id, "contacts"),
                    f"« {group_id} » : sans numéro, donc sans code sur l'affiche : "
                    f"{', '.join(no_code)} (ils n'y seront pas).",
                    "contacts",
                )
            )
        if len(printable) > limit:
            found.append(
                _warn(
                    raw,
                    ("groups", group_id, "contacts"),
                    f"« {group_id} » : {len(printable)} contacts, l'affiche en montre "
                    f"{limit} : les suivants n'y seront pas.",
                    "contacts",
                )
            )
    return found


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return set()


def _check_translation(raw: RawPack, pack: ContentPack, base_raw: RawPack, base: ContentPack) -> list[Problem]:
    """Ids present in French and missing here (warnings: French is shown instead)."""
    found = []
    label = raw.label
    kinds = (
        ("pages", "page(s)", "pages/"),
        ("contacts", "contact(s)", "contacts.yaml"),
        ("menus", "menu(s)", "menus.yaml"),
        ("groups", "groupe(s) de contacts", "contacts.yaml"),
    )
    for kind, noun, name in kinds:
        absent = [ident for ident in getattr(base, kind) if ident not in getattr(pack, kind)]
        if absent:
            found.append(
                Problem(
                    label + name,
                    None,
                    f"{len(absent)} {noun} non traduit(s), le français sera affiché : {_shorten(absent)}.",
                    warning=True,
                )
            )
    missing: dict[str, list[str]] = {}
    for key, text in base.strings.items():
        if key not in pack.strings:
            missing.setdefault(_strip_label(base_raw.locate(("strings", key))[0], base_raw.label), []).append(key)
        elif _fields(text) != _fields(pack.strings[key]):
            found.append(
                _warn(
                    raw, ("strings", key), f"les {{…}} diffèrent du français ({text!r}) : gardez-les tels quels.", key
                )
            )
    for name, keys in missing.items():
        found.append(
            Problem(
                label + name,
                None,
                f"{len(keys)} texte(s) non traduit(s), le français sera affiché : {_shorten(keys)}.",
                warning=True,
            )
        )
    if pack.procedure is None and base.procedure is not None:
        found.append(
            Problem(
                label + "procedure.yaml",
                None,
                "la procédure n'est pas traduite : le français sera affiché.",
                warning=True,
            )
        )
    return found


def _check_ui_strings(report: PackReport) -> list[Problem]:
    """UI strings of the built-in French pack that a custom copy lacks (warning: built-in text used)."""
    builtin = read_source(BUILTIN_PACKS / FALLBACK_LANG)
    strings = report.pack.strings if report.pack is not None else {}
    absent = [key for key in builtin.data.get("strings", {}) if key not in strings]
    if not absent:
        return []
    return [
        Problem(
            report.raw.label + "strings/",
            None,
            f"{len(absent)} texte(s) de l'interface absent(s) : "
            f"le texte intégré au kiosque sera utilisé : {_shorten(absent)}.",
            warning=True,
        )
    ]


def _shorten(ids: list[str], limit: int = 6) -> str:
    return ", ".join(ids[:limit]) + (f", … (+{len(ids) - limit})" if len(ids) > limit else "")


def _strip_label(name: str, label: str) -> str:
    return name[len(label) :] if label and name.startswith(label) else name


def check_pack(
    folder: Path,
    *,
    root: Path | None = None,
    base: ContentPack | None = None,
    base_raw: RawPack | None = None,
    today: dt.date | None = None,
    cross_checks: bool = True,
) -> PackReport:
    """Check one language folder; ``base`` is the French pack a translation falls back to.

    ``cross_checks=False`` stops after the files and fields (used when the French
    pack a translation leans on is itself broken: its problems are already told).
    """
    folder = Path(folder)
    label = f"{folder.relative_to(root).as_posix()}/" if root is not None else ""
    raw = read_source(folder, label)
    report = PackReport(folder, raw)
    pack = validate_raw(raw, strict=True)
    report.problems = sorted(raw.problems, key=lambda p: (p.file, p.line or 0))
    if pack is None or report.errors or not cross_checks:
        report.pack = pack if not report.errors else None
        return report
    if folder.name in LANGS and pack.lang != folder.name:
        name, line = raw.locate(("lang",))
        report.problems.append(
            Problem(
                name,
                line,
                f"« {pack.lang} » mais le dossier s'appelle {folder.name}/ : écrivez lang: {folder.name}.",
                "lang",
            )
        )
    merged = merge_fallback(pack, base) if base is not None else pack
    report.problems += _check_required(raw, merged)
    report.problems += _check_targets(raw, merged)
    report.problems += _check_dates(raw, pack, today or dt.date.today())
    report.problems += _check_poster_groups(raw, merged)
    if base is not None and base_raw is not None:
        report.problems += _check_translation(raw, pack, base_raw, base)
    report.pack = pack
    return report


def check_dir(path: Path | None = None, *, today: dt.date | None = None) -> list[Problem]:
    """Every problem of ``path``: a pack folder (with ``pack.yaml``) or a folder of ``fr/``, ``nl/``, ``en/``."""
    path = Path(path) if path is not None else BUILTIN_PACKS
    if (path / "pack.yaml").is_file():
        base = base_raw = None
        if path.name != FALLBACK_LANG:
            sibling = path.parent / FALLBACK_LANG
            # A lone translation leans on the French folder beside it (else the built-in one):
            # name files from the parent folder (fr/…, nl/…) so the reader knows which is which.
            if not (sibling / "pack.yaml").is_file():
                sibling = BUILTIN_PACKS / FALLBACK_LANG
            french = check_pack(sibling, root=sibling.parent, today=today)
            base, base_raw = french.pack, french.raw
            if base is None:
                return [*french.problems, *check_pack(path, root=path.parent, today=today, cross_checks=False).problems]
            return check_pack(path, root=path.parent, base=base, base_raw=base_raw, today=today).problems
        return check_pack(path, today=today).problems
    langs = [lang for lang in LANGS if (path / lang).is_dir()]
    if not langs:
        return [
            Problem(
                str(path),
                None,
                "ce dossier n'a ni pack.yaml ni sous-dossiers fr/, nl/, en/. "
                "Créez-en un avec « kiosk content export DOSSIER ».",
            )
        ]
    if FALLBACK_LANG not in langs:
        return [
            Problem(
                str(path), None, "le dossier fr/ manque : le français est obligatoire (c'est la langue de secours)."
            )
        ]
    french = check_pack(path / FALLBACK_LANG, root=path, today=today)
    problems = list(french.problems)
    if french.pack is not None and path.resolve() != BUILTIN_PACKS.resolve():
        problems += _check_ui_strings(french)
    for lang in langs[1:]:
        problems += check_pack(
            path / lang,
            root=path,
            base=french.pack,
            base_raw=french.raw,
            today=today,
            cross_checks=french.pack is not None,
        ).problems
    return problems


def _plural(count: int, word: str) -> str:
    # French: 0 and 1 take the singular.
    return f"{count} {word}{'s' if count > 1 else ''}"


def summary(problems: list[Problem]) -> str:
    """``3 erreurs, 2 avertissements``."""
    errors = sum(1 for p in problems if not p.warning)
    return f"{_plural(errors, 'erreur')}, {_plural(len(problems) - errors, 'avertissement')}"


def format_report(problems: list[Problem]) -> str:
    """Errors first, then warnings, then the summary line."""
    lines = [f"ERREUR : {p}" for p in problems if not p.warning]
    lines += [f"AVERTISSEMENT : {p}" for p in problems if p.warning]
    lines.append(summary(problems))
    return "\n".join(lines)
