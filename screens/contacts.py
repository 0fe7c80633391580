"""Contact screens: a group's list of contacts, and one contact's card with its QR codes.

The card shows the text on the left (with the date its number was last verified, right
under the name) and one code on the right, chosen with
``1 Appeler`` (``TEL:``), ``2 Écrire`` (``mailto:``), ``3 Enregistrer le contact``
(``MECARD:``), and the web site when there is one. At 80x24 the MECARD does not fit: the card says so in words and
shows the code to call instead (see :class:`~kiosk.screens.widgets.qr.QRCode`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static

from kiosk.content import Contact
from kiosk.content.qr import ContactCodes, contact_codes, display_number

from .base import TITLE_MAX, KioskScreen
from .dates import format_date
from .path import chosen_role
from .ready import ScreenKey, take_screen
from .widgets import DigitMenu
from .widgets.menu import on_top_only
from .widgets.qr import QRCode

__all__ = [
    "ContactCardScreen",
    "ContactListScreen",
    "TEXT_MIN_WIDTH",
    "card_key",
    "card_payloads",
    "card_text",
    "codes_of",
    "verified_line",
]

#: The roles spoken to as "vous": a contact's ``what_adult`` is theirs.
ADULT_ROLES = ("parent", "equipe")
#: Columns kept for the card's text beside the code.
TEXT_MIN_WIDTH = 30
#: The codes a card offers, in menu order: (kind, UI string key).
CODE_KINDS = (
    ("call", "contacts.call"),
    ("write", "contacts.write"),
    ("save", "contacts.save"),
    ("web", "contacts.open_web"),
)


#: Codes by what they are made of; a few dozen contacts per language.
_CODES: dict[tuple[str, tuple[str, ...], str, str], ContactCodes] = {}
_CODES_MAX = 1024


def codes_of(contact: Contact) -> ContactCodes:
    """``contact_codes``, cached by what the codes are made of (reading numbers is slow)."""
    key = (contact.name, tuple(contact.phones), contact.email, contact.web)
    codes = _CODES.get(key)
    if codes is None:
        if len(_CODES) >= _CODES_MAX:
            _CODES.clear()
        codes = _CODES[key] = contact_codes(contact)
    return codes


def card_key(app, contact_id: str) -> ScreenKey:
    """The prepared card for ``contact_id`` as the visitor on their path reads it ("tu" or "vous")."""
    return ScreenKey("card", contact_id, chosen_role(app) in ADULT_ROLES)


def card_payloads(codes: ContactCodes) -> list[str]:
    """Every payload a card can draw (what :mod:`kiosk.screens.prepare` encodes ahead)."""
    return [payload for kind, _ in CODE_KINDS if (payload := getattr(codes, kind))]


def verified_line(contact: Contact, codes: ContactCodes, t) -> str:
    """``Numéro vérifié le 13/09/2016``: how old the number is, or that nobody knows."""
    if contact.updated is None:
        return t("contacts.unverified")
    key = "contacts.verified" if codes.phones or codes.unparsed else "contacts.verified_info"
    return t(key, date=format_date(contact.updated))


def card_text(contact: Contact, codes: ContactCodes, t, adult: bool = False) -> Text:
    """The card's words: name, verification date, what, for whom, numbers, e-mail, hours, web (never markup).

    The date comes right under the name so that it shows on the first screen of the card,
    however long the description: a 2016 number must never look checked today.
    ``adult``: the reader came as a parent or staff member ("vous", not "tu").
    """
    text = Text(contact.name, style="bold")
    text.append(f"\n{verified_line(contact, codes, t)}")
    what = contact.describe(adult)
    if what:
        text.append(f"\n{what}")
    fields = [
        ("contacts.for_whom", contact.for_whom),
        ("contacts.phone", " · ".join([display_number(p) for p in codes.phones] + list(codes.unparsed))),
        ("contacts.email", contact.email),
        ("contacts.hours", contact.hours),
        ("contacts.web", contact.web),
    ]
    for key, value in fields:
        if value:
            text.append(f"\n{t(key)} ", style="bold")
            text.append(value)
    return text


class ContactCardScreen(KioskScreen):
    """One contact: its words, and the QR code chosen with the digits."""

    REMOVE_LATER = True
    CSS_PATH = "contacts.tcss"
    AUTO_FOCUS = "#contact-codes"

    def __init__(self, contact_id: str, adult: bool | None = None) -> None:
        """``adult``: speak to a parent or staff member; None: as the role chosen on the visitor's path."""
        self.contact_id = contact_id
        self.adult = adult
        self._kinds: list[str] = []
        self._kind = ""
        super().__init__()

    @property
    def contact(self) -> Contact | None:
        """The contact of the current pack, None when the id is unknown."""
        return self.host.content.contacts.get(self.contact_id)

    @property
    def screen_title(self) -> str:
        # A name too long for the top bar is not cut there: the card's first line gives it whole.
        contact = self.contact
        return contact.name if contact and len(contact.name) <= TITLE_MAX else self.host.t("contacts.title")

    @property
    def kind(self) -> str:
        """The code shown: ``call``, ``write`` or ``save`` ("" when none)."""
        return self._kind

    def compose_body(self) -> ComposeResult:
        contact = self.contact
        if contact is None:
            yield Label(self.host.t("contacts.unknown_contact"), id="placeholder", markup=False)
            return
        codes = codes_of(contact)
        self._codes = codes
        self._kinds = [kind for kind, _ in CODE_KINDS if getattr(codes, kind)]
        self._kind = self._kinds[0] if self._kinds else ""
        with Horizontal(id="contact-card"):
            with Vertical(id="contact-side"):
                with VerticalScroll(id="contact-scroll", can_focus=False):
                    adult = chosen_role(self.app) in ADULT_ROLES if self.adult is None else self.adult
                    yield Static(card_text(contact, codes, self.host.t, adult), id="contact-info")
                if self._kinds:
                    labels = dict(CODE_KINDS)
                    yield DigitMenu([(self.host.t(labels[k]), k) for k in self._kinds], id="contact-codes")
                    yield Static("", id="qr-caption", markup=False)
                else:
                    yield Static(self.host.t("contacts.no_code"), id="qr-caption", markup=False)
            if self._kinds:
                yield QRCode(
                    self._payloads(self._kind), self.host.t("contacts.too_big"), reserve_width=TEXT_MIN_WIDTH, id="qr"
                )

    def _payloads(self, kind: str) -> list[str]:
        """The codes for ``kind``, best first: saving falls back to calling when too big."""
        codes = self._codes
        payloads = [getattr(codes, kind)]
        if kind == "save" and codes.call:
            payloads.append(codes.call)
        return payloads

    def show_code(self, kind: str) -> None:
        """Show the code ``kind`` (``call``, ``write``, ``save``) if the contact has it."""
        if kind not in self._kinds:
            return
        self._kind = kind
        self.query_one("#contact-codes", DigitMenu).highlighted = self._kinds.index(kind)
        self.query_one("#qr", QRCode).show(self._payloads(kind), self.host.t("contacts.too_big"))

    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """A digit, Enter or a click: show that code."""
        event.stop()
        self.show_code(event.value)

    def on_qrcode_shown(self, event: QRCode.Shown) -> None:
        """Say which code is drawn, and why when it is not the one asked for."""
        if event.index is None:
            caption = ""  # the widget itself says the code is too big
        elif event.index > 0:
            caption = self.host.t("contacts.fallback")
        else:
            caption = self.host.t(f"contacts.scan.{self._kind}")
        self.query_one("#qr-caption", Static).update(caption)


class ContactListScreen(KioskScreen):
    """A group of contacts (at most 9): each digit opens one card."""

    REMOVE_LATER = True

    def __init__(self, group_id: str) -> None:
        self.group_id = group_id
        super().__init__()

    @property
    def screen_title(self) -> str:
        group = self.host.content.groups.get(self.group_id)
        return group.title if group else self.host.t("contacts.title")

    def compose_body(self) -> ComposeResult:
        content = self.host.content
        group = content.groups.get(self.group_id)
        if group is None:
            yield Label(self.host.t("contacts.unknown_group"), id="placeholder", markup=False)
            return
        if group.intro:
            yield Label(group.intro, id="intro", markup=False)
        # An id the content lacks is skipped here; ``kiosk content check`` names it.
        contacts = [content.contacts[ref] for ref in group.contacts if ref in content.contacts]
        if not contacts:
            yield Label(self.host.t("contacts.empty_group"), id="placeholder", markup=False)
            return
        yield DigitMenu([(self._label(contact), contact.id) for contact in contacts], id="menu")

    @staticmethod
    def _label(contact: Contact) -> str:
        codes = codes_of(contact)
        if not codes.phones:
            return contact.name
        number = display_number(codes.phones[0])
        if number.replace(" ", "") in contact.name.replace(" ", ""):
            return contact.name  # "112 – Urgences" already says it
        return f"{contact.name} — {number}"

    @on_top_only
    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """Open the chosen contact's card."""
        event.stop()
        key = card_key(self.app, event.value)
        self.app.push_screen(take_screen(self.app, key, lambda: ContactCardScreen(key.ref, key.adult)))
