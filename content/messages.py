"""Problems in a content pack, told in plain French for PMS staff.

Each :class:`Problem` names the file, the line, the field, what is wrong and how
to fix it, e.g. ``fr/contacts.yaml, ligne 12, champ phones[0] : « 056/39 16 2 »
n'est pas un numéro belge valide. Écrivez-le comme 056/39 16 20…``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .models import ContentPack

__all__ = ["Problem", "describe_error", "describe_yaml_error", "field_label"]

#: Containers whose second location part is an id or an index, not a field.
_KEYED = ("menus", "pages", "contacts", "groups", "emergency")


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look, when ``warning``) in a content pack."""

    file: str
    line: int | None
    message: str
    field: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", ligne {self.line}"
        if self.field:
            where += f", champ {self.field}"
        return f"{where} : {self.message}"


def field_label(loc: tuple[Any, ...]) -> str:
    """``phones[0]`` for ``("contacts", "cpms", "phones", 0)``: the field inside its item."""
    parts = list(loc)
    if parts and parts[0] in _KEYED:
        parts = parts[2:]
    elif parts and parts[0] in ("procedure", "strings"):
        parts = parts[1:]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that holds the last part of ``loc`` (to list its allowed keys)."""
    annotation: object = ContentPack
    for part in loc:
        while True:
            origin = typing.get_origin(annotation)
            if origin is typing.Annotated:
                annotation = typing.get_args(annotation)[0]
            elif origin in (typing.Union, types.UnionType):
                annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
            else:
                break
        origin = typing.get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if part not in annotation.model_fields:
                return annotation
            annotation = annotation.model_fields[part].annotation
        elif origin in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return None
    return None


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"« {value} »" if value else "(vide)"
    if isinstance(value, dict):
        return "un bloc de lignes « clé: valeur »"
    if isinstance(value, list):
        return "une liste"
    return repr(value)


def _message(error: Mapping[str, Any]) -> str:
    kind, loc, value, ctx = error["type"], tuple(error["loc"]), error.get("input"), error.get("ctx") or {}
    last = loc[-1] if loc else ""
    if kind == "missing":
        return f"champ obligatoire absent. Ajoutez une ligne « {last}: … »."
    if kind == "extra_forbidden":
        model = _model_at(loc)
        allowed = ", ".join(model.model_fields) if model else "?"
        return f"clé inconnue « {last} ». Vérifiez l'orthographe ; clés possibles ici : {allowed}."
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"{_shown(value)} n'est pas permis. Valeurs possibles : {expected.replace(' or ', ', ')}."
    if kind == "string_type":
        return f"un texte est attendu, pas {_shown(value)}. Vérifiez l'indentation (espaces) des lignes suivantes."
    if kind == "list_type":
        return f"une liste est attendue, pas {_shown(value)}. Écrivez [a, b] ou une ligne « - … » par élément."
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"un bloc de lignes « clé: valeur » est attendu, pas {_shown(value)}. Vérifiez l'indentation."
    if kind == "string_too_short":
        return "ne doit pas être vide."
    if kind == "too_short":
        return f"il faut au moins {ctx.get('min_length', 1)} élément(s) ici."
    if kind == "too_long":
        return (
            f"{ctx.get('actual_length', '?')} éléments, au plus {ctx.get('max_length', '?')} sont permis "
            "(un choix par chiffre 1 à 9). Déplacez les autres dans un sous-menu (target: menu:ID)."
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{_shown(value)} n'est pas une date. Écrivez-la année-mois-jour, comme 2024-09-13."
    return f"{error['msg']} (valeur : {_shown(value)})."


def describe_error(error: Mapping[str, Any], file: str, line: int | None) -> Problem:
    """A pydantic error as a :class:`Problem` at ``file``/``line``."""
    return Problem(file, line, _message(error), field_label(tuple(error["loc"])))


#: PyYAML's problems (English) and what they mean for someone editing a file.
_YAML_PROBLEMS = (
    (
        "mapping values are not allowed",
        'un « : » inattendu. Si le texte contient « : », mettez-le entre guillemets : "Horaires : 8h-16h".',
    ),
    (
        "could not find expected ':'",
        "il manque « : » après la clé, ou une ligne de texte continue mal. Mettez les longs textes entre guillemets.",
    ),
    ("found character '\\t'", "une tabulation : indentez seulement avec des espaces."),
    (
        "cannot start any token",
        "un texte ne peut pas commencer par ce caractère (@, `, %, |, >…) : mettez-le entre guillemets.",
    ),
    ("did not find expected key", "indentation incorrecte (alignez les clés du même bloc) ou guillemet non fermé."),
    (
        "did not find expected '-' indicator",
        "liste mal alignée : chaque « - » d'une même liste doit être dans la même colonne.",
    ),
    ("found unexpected end of stream", "un guillemet ouvert n'est jamais fermé."),
    ("while scanning a quoted scalar", "un guillemet ouvert n'est jamais fermé."),
    (
        "expected ',' or ']'",
        "une liste entre crochets [ ] mal fermée : vérifiez les virgules et le « ] », "
        "et mettez entre guillemets un élément qui contient une virgule.",
    ),
    ("expected ',' or '}'", "un bloc entre accolades { } mal fermé : vérifiez les virgules et le « } »."),
    (
        "expected <block end>",
        "indentation incohérente : une ligne est plus ou moins décalée que les autres du même bloc.",
    ),
    ("found undefined alias", "un « * » en début de texte : mettez le texte entre guillemets."),
    ("expected a single document", "un seul document par fichier : retirez la ligne « --- » du milieu."),
)


def describe_yaml_error(exc: Exception, file: str, offset: int = 0) -> Problem:
    """A PyYAML parse error as a :class:`Problem`: line of the problem, French words."""
    context = str(getattr(exc, "context", "") or "")
    # An unclosed quote or bracket is found at the end: point at where it was opened.
    opened = "quoted scalar" in context or "flow" in context
    marks = ("context_mark", "problem_mark") if opened else ("problem_mark", "context_mark")
    mark = getattr(exc, marks[0], None) or getattr(exc, marks[1], None)
    line = mark.line + 1 + offset if mark is not None else None
    english = " ".join(str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part)
    french = next((text for key, text in _YAML_PROBLEMS if key in english), "le fichier n'est pas du YAML valide.")
    return Problem(file, line, f"erreur d'écriture : {french} (détail : {english or exc})")
