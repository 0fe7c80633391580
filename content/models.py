"""Pydantic models of one content pack (one language).

Every value arrives from YAML as a string (see :mod:`kiosk.content.loader`); pydantic
converts it, so a phone number keeps its leading zero and ``no`` stays text.
No Textual import here: the screens render these models, they do not live in them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from .phones import looks_like_phone, parse_phone

__all__ = [
    "Audience",
    "Contact",
    "ContactGroup",
    "ContentPack",
    "EmergencyNumber",
    "Menu",
    "MenuItem",
    "Page",
    "Procedure",
    "ProcedurePart",
    "TARGET_KINDS",
    "target_exists",
    "ID_PATTERN",
    "MAX_MENU_ITEMS",
]

Audience = Literal["eleve", "parent", "equipe", "tous"]
Level = Literal["primaire", "secondaire", "tous"]

#: What a menu item may open. ``kind:id`` for the first four, the bare word for the rest.
TARGET_KINDS = ("menu", "page", "contact", "contacts", "procedure", "note", "danger", "followup")
_TARGET_RE = re.compile(r"^(menu|page|contact|contacts):[a-z0-9_\-]+$|^(procedure|note|danger|followup)$")

MAX_MENU_ITEMS = 9

#: What an id may contain, so that ``page:ID`` targets can name it.
ID_PATTERN = re.compile(r"^[a-z0-9_\-]+$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL_RE = re.compile(r"^(https?://|www\.)[^\s/]+\.[A-Za-z]{2,}\S*$")


def _strict(info: ValidationInfo) -> bool:
    """True when the caller asked for the slow checks (``context={"strict": True}``)."""
    return bool(info.context and info.context.get("strict"))


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(
            f"identifiant « {value} » : utilisez seulement des minuscules sans accent, "
            "des chiffres, - et _ (par exemple cpms-libre-1)"
        )
    return value


def _check_phone(value: str, info: ValidationInfo) -> str:
    # The shape check is free; the real one imports phonenumbers (~50 ms), so only on request.
    if _strict(info):
        parse_phone(value)  # PhoneError is a ValueError: pydantic reports its French message
    elif not looks_like_phone(value):
        raise ValueError(f"« {value} » n'est pas un numéro de téléphone. Écrivez-le comme 056/39 16 20 ou 112.")
    return value


def _check_email(value: str) -> str:
    if value and not _EMAIL_RE.match(value):
        raise ValueError(f"« {value} » n'est pas une adresse e-mail. Écrivez-la comme nom@exemple.be, sans espace.")
    return value


def _check_url(value: str) -> str:
    if value and not _URL_RE.match(value):
        raise ValueError(
            f"« {value} » n'est pas une adresse web. Écrivez-la comme https://www.exemple.be, sans espace."
        )
    return value


def _one_or_many(value: Any) -> Any:
    # ``phones: 056/39 16 20`` (one value, no brackets) is read as a list of one.
    return [value] if isinstance(value, str) and value else value


def _empty_is_none(value: Any) -> Any:
    # BaseLoader reads ``updated:`` with nothing after it as "".
    return None if value == "" else value


Id = Annotated[str, AfterValidator(_check_id)]
PhoneText = Annotated[str, AfterValidator(_check_phone)]


def _everyone() -> list[Audience]:
    """The default audience: everyone."""
    return ["tous"]


class _Model(BaseModel):
    """Base: unknown keys are errors (a typo in a key must not pass silently)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MenuItem(_Model):
    """One choice on a menu: a label and what it opens (``page:id``, ``menu:id``…)."""

    label: str = Field(min_length=1)
    target: str

    @field_validator("target")
    @classmethod
    def _target_form(cls, value: str) -> str:
        if not _TARGET_RE.match(value):
            raise ValueError(
                f"« {value} » n'est pas une cible connue. Écrivez menu:ID, page:ID, contact:ID, "
                "contacts:ID, ou l'un des mots procedure, note, danger, followup."
            )
        return value

    @property
    def kind(self) -> str:
        """The part before the colon (``page`` for ``page:victime``)."""
        return self.target.split(":", 1)[0]

    @property
    def ref(self) -> str:
        """The id after the colon, or ``""`` for bare targets."""
        return self.target.split(":", 1)[1] if ":" in self.target else ""


class Menu(_Model):
    """A menu page: a title, an optional line of introduction, at most 9 items."""

    id: Id
    title: str
    intro: str = ""
    items: list[MenuItem] = Field(min_length=1, max_length=MAX_MENU_ITEMS)


class Page(_Model):
    """A Markdown page with its front matter."""

    id: Id
    title: str
    audience: Annotated[list[Audience], BeforeValidator(_one_or_many)] = Field(default_factory=_everyone)
    level: Level = "tous"
    sources: Annotated[list[str], BeforeValidator(_one_or_many)] = Field(default_factory=list)
    body: str = ""


class Contact(_Model):
    """A service or helpline that can be called, written to, or saved."""

    id: Id
    name: str
    #: What the service does, said to a student ("tu"): the seed's words.
    what: str = ""
    #: The same said to parents and staff ("vous"), when ``what`` speaks to a child.
    what_adult: str = ""
    for_whom: str = ""
    phones: Annotated[list[PhoneText], BeforeValidator(_one_or_many)] = Field(default_factory=list)
    email: Annotated[str, AfterValidator(_check_email)] = ""
    web: Annotated[str, AfterValidator(_check_url)] = ""
    hours: str = ""
    audience: Annotated[list[Audience], BeforeValidator(_one_or_many)] = Field(default_factory=_everyone)
    updated: Annotated[dt.date | None, BeforeValidator(_empty_is_none)] = None
    source: str = ""

    def describe(self, adult: bool) -> str:
        """The description for the reader: parents and staff get ``what_adult`` when there is one."""
        return (self.what_adult or self.what) if adult else self.what


class ContactGroup(_Model):
    """A list of contacts shown together (at most 9 a page)."""

    id: Id
    title: str
    intro: str = ""
    contacts: list[str] = Field(min_length=1, max_length=MAX_MENU_ITEMS)


class EmergencyNumber(_Model):
    """A number of the emergency strip shown on every public screen."""

    number: PhoneText
    label: str
    what: str = ""
    source: str = ""


class ProcedurePart(_Model):
    """One part of the staff procedure, with its steps (ticked on screen, never saved)."""

    id: Id
    title: str
    intro: str = ""
    steps: list[str] = Field(min_length=1)


class Procedure(_Model):
    """The procedure for serious cases, for school heads and staff."""

    title: str
    intro: str = ""
    sources: Annotated[list[str], BeforeValidator(_one_or_many)] = Field(default_factory=list)
    parts: list[ProcedurePart] = Field(default_factory=list)


class ContentPack(_Model):
    """Everything the kiosk says in one language."""

    lang: str
    name: str = ""
    strings: dict[str, str] = Field(default_factory=dict)
    menus: dict[str, Menu] = Field(default_factory=dict)
    pages: dict[str, Page] = Field(default_factory=dict)
    contacts: dict[str, Contact] = Field(default_factory=dict)
    groups: dict[str, ContactGroup] = Field(default_factory=dict)
    emergency: list[EmergencyNumber] = Field(default_factory=list)
    procedure: Annotated[Procedure | None, BeforeValidator(_empty_is_none)] = None

    def t(self, key: str, /, **values: object) -> str:
        """The UI string ``key`` with ``{name}`` fields filled; the key itself if missing."""
        text = self.strings.get(key, key)
        if not values:
            return text
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            # A translator's typo in a placeholder must not crash a screen.
            return text


def target_exists(pack: ContentPack, item: MenuItem) -> bool:
    """True when ``item`` opens something the pack defines (bare targets always do)."""
    tables: dict[str, Mapping[str, object]] = {
        "menu": pack.menus,
        "page": pack.pages,
        "contact": pack.contacts,
        "contacts": pack.groups,
    }
    table = tables.get(item.kind)
    return table is None or item.ref in table
