"""Pydantic models of one content pack (one language).

Every value arrives from YAML as a string (see :mod:`kiosk.content.loader`); pydantic
converts it, so a phone number keeps its leading zero and ``no`` stays text.
No Textual import here: the screens render these models, they do not live in them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
]

Audience = Literal["eleve", "parent", "equipe", "tous"]
Level = Literal["primaire", "secondaire", "tous"]

#: What a menu item may open. ``kind:id`` for the first four, the bare word for the rest.
TARGET_KINDS = ("menu", "page", "contact", "contacts", "procedure", "note", "danger", "followup")
_TARGET_RE = re.compile(r"^(menu|page|contact|contacts):[a-z0-9_\-]+$|^(procedure|note|danger|followup)$")

MAX_MENU_ITEMS = 9


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
                "cible inconnue : écrivez menu:ID, page:ID, contact:ID, contacts:ID, "
                "procedure, note, danger ou followup"
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

    id: str
    title: str
    intro: str = ""
    items: list[MenuItem] = Field(min_length=1, max_length=MAX_MENU_ITEMS)


class Page(_Model):
    """A Markdown page with its front matter."""

    id: str
    title: str
    audience: list[Audience] = Field(default_factory=lambda: ["tous"])
    level: Level = "tous"
    sources: list[str] = Field(default_factory=list)
    body: str = ""


class Contact(_Model):
    """A service or helpline that can be called, written to, or saved."""

    id: str
    name: str
    what: str = ""
    for_whom: str = ""
    phones: list[str] = Field(default_factory=list)
    email: str = ""
    web: str = ""
    hours: str = ""
    audience: list[Audience] = Field(default_factory=lambda: ["tous"])
    updated: dt.date | None = None
    source: str = ""


class ContactGroup(_Model):
    """A list of contacts shown together (at most 9 a page)."""

    id: str
    title: str
    intro: str = ""
    contacts: list[str] = Field(min_length=1, max_length=MAX_MENU_ITEMS)


class EmergencyNumber(_Model):
    """A number of the emergency strip shown on every public screen."""

    number: str
    label: str
    what: str = ""
    source: str = ""


class ProcedurePart(_Model):
    """One part of the staff procedure, with its steps (ticked on screen, never saved)."""

    id: str
    title: str
    intro: str = ""
    steps: list[str] = Field(min_length=1)


class Procedure(_Model):
    """The procedure for serious cases, for school heads and staff."""

    title: str
    intro: str = ""
    sources: list[str] = Field(default_factory=list)
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
    procedure: Procedure | None = None

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
