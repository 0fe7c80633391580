"""The built-in content stays faithful to the seed documents.

The seeds (French) are copied in ``tests/seeds/`` so the test runs anywhere:
``002_…`` the letter to parents (Mouscron, 13/09/2016) and ``003_…`` the memo to
school heads. This test walks them and finds each piece of advice in the French
pack: every "Comment réagir ?" bullet (with its examples) in the parent pages,
every bullet and line of the memo in the procedure, and each of the ten Mouscron
services with its exact phone number and e-mail. Texts are compared word by word
(accents, case, quotes, punctuation and line breaks ignored), so typography may
differ but not the words. The few texts that were reworded are listed in
``REWORDED`` with the reason; the pack says so too (``source`` field).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from kiosk.content.loader import BUILTIN_PACKS, read_pack
from kiosk.content.models import ContentPack

SEEDS = Path(__file__).parent / "seeds"
SHARED_SEEDS = Path(__file__).parents[2] / "shared" / "seeds"
LETTER = SEEDS / "002_22a54502d16eebae.txt"
MEMO = SEEDS / "003_b7e0c671a536129b.txt"

#: Seed text → the words the pack uses instead, and why.
REWORDED = {
    # The letter's line is garbled ("mobilités concertées ou passives", "joutes
    # linguistiques"): the pack keeps its meaning and quotes the garbled words in
    # the contact's ``source``.
    "peut t'aider à traverser des périodes de mobilités concertées ou passives et "
    "intervenir individuellement si tu te sens isolé, après des joutes linguistiques "
    "ou de ta classe ou de ton école.": "Peut t'aider à traverser des périodes difficiles et intervenir "
    "individuellement si tu te sens isolé dans ta classe ou dans ton école.",
}

#: Typos of the seed's names, corrected in the pack (and said in ``source``).
NAME_TYPOS = {"Le Décllic": "Le Déclic"}

#: The memo's headings, in order, with the id of the procedure part they became.
MEMO_HEADINGS = [
    ("Rester très prudent et éviter toute prise de position", "prudence"),
    ("Activer les relais", "relais"),
    ("Lors du contact avec les parents", "parents"),
    ("Responsabilité et Protection de l'école", "ecole"),
    ("Actions visant à protéger la victime", "victime"),
    ("Collaboration avec les services de police", "police"),
    ("Actions de prévention et de postvention", "prevention"),
]

#: Memo lines kept in a part's introduction rather than as a step (not an action
#: to tick): the 2016 memo announced a programme "being finalised".
MEMO_IN_INTRO = {"Un programme détaillé est en cours de finalisation."}


def words(text: str) -> str:
    """Lower-case words without accents, separated by single spaces (padded)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[^0-9a-z]+", " ", text.lower())
    return f" {text.strip()} "


def contains(haystack: str, needle: str) -> bool:
    """``needle``'s words appear, in order and contiguous, in ``haystack``."""
    return words(needle) in words(haystack)


def expected(seed_text: str) -> str:
    """The text the pack must contain for ``seed_text`` (reworded or not)."""
    return REWORDED.get(seed_text.strip(), seed_text)


@pytest.fixture(scope="module")
def fr() -> ContentPack:
    return read_pack(BUILTIN_PACKS / "fr")


@pytest.fixture(scope="module", params=["nl", "en"])
def other(request: pytest.FixtureRequest) -> ContentPack:
    return read_pack(BUILTIN_PACKS / request.param)


# --- the seeds themselves ----------------------------------------------------


def test_seed_copies_match_the_shared_seeds():
    """The copies in tests/seeds are the seeds (checked when the shared folder exists)."""
    if not SHARED_SEEDS.is_dir():
        pytest.skip("no shared seeds folder here")
    for path in SEEDS.glob("*.txt"):
        assert path.read_bytes() == (SHARED_SEEDS / path.name).read_bytes(), path.name


def letter_bullets() -> list[str]:
    """The bullets of "Comment réagir ?", italics marks removed."""
    text = LETTER.read_text(encoding="utf-8")
    section = text.split("Comment réagir ?", 1)[1].split("Mis à jour", 1)[0]
    return [line[2:].replace("*", "") for line in section.splitlines() if line.startswith("- ")]


def letter_services() -> list[dict[str, str]]:
    """The ten rows of the letter's table: name, description, phone, e-mail."""
    row = re.compile(
        r"^\|\s*<b>(?P<name>[^<]+)</b>(?P<rest>.*?)\|\s*<b>(?P<phone>[^<]+)</b>\s*\|"
        r"\s*<a href=\"mailto:(?P<email>[^\"]+)\""
    )
    rows = []
    for line in LETTER.read_text(encoding="utf-8").splitlines():
        match = row.match(line)
        if match:
            italic = re.search(r"<i>(.*?)</i>", match["rest"])
            rows.append({**match.groupdict(), "what": italic[1].strip() if italic else ""})
    # The first italic text (on the fifth CPMS row) describes the five CPMS.
    cpms_text = next(item["what"] for item in rows if item["name"].startswith("CPMS") and item["what"])
    for item in rows:
        if item["name"].startswith("CPMS"):
            item["what"] = cpms_text
    return rows


def memo_items() -> dict[str, list[str]]:
    """The memo's bullets and lines, by part id (wrapped lines joined)."""
    lines = [line.strip() for line in MEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Rester très prudent"))
    items: dict[str, list[str]] = {}
    part = ""
    for line in lines[start:]:
        if line.startswith("Nous vous remercions"):
            break
        heading = next((ident for title, ident in MEMO_HEADINGS if line.startswith(title)), None)
        if heading:
            part = heading
            items[part] = []
        elif line.startswith("•"):
            items[part].append(line.lstrip("• "))
        elif line[0].islower() and items[part]:
            items[part][-1] += " " + line
        else:
            items[part].append(line)
    return items


def test_the_seeds_parse_as_expected():
    """Guard the parsers: 7 bullets, 10 services, 7 memo parts with 23 items."""
    assert len(letter_bullets()) == 7
    assert len(letter_services()) == 10
    items = memo_items()
    assert list(items) == [ident for _, ident in MEMO_HEADINGS]
    assert sum(len(found) for found in items.values()) == 23


# --- parents -------------------------------------------------------------------


def parent_text(pack: ContentPack) -> str:
    return "\n".join(page.body for page in pack.pages.values() if "parent" in page.audience)


@pytest.mark.parametrize("bullet", letter_bullets())
def test_every_letter_bullet_is_in_the_parent_pages(fr, bullet):
    assert contains(parent_text(fr), expected(bullet)), bullet


def test_the_letter_opening_is_in_the_parent_pages(fr):
    text = LETTER.read_text(encoding="utf-8")
    opening = text.split("Madame, Monsieur,", 1)[1].split("Comment réagir ?", 1)[0]
    for sentence in re.split(r"(?<=\.)\s+", opening.strip()):
        assert contains(parent_text(fr), sentence), sentence
    assert contains(parent_text(fr), "Vous n'êtes pas seul")


@pytest.mark.parametrize("service", letter_services(), ids=lambda item: item["name"])
def test_every_mouscron_service_is_a_contact(fr, service):
    matches = [c for c in fr.contacts.values() if service["phone"] in c.phones]
    assert len(matches) == 1, f"phone {service['phone']} written exactly, once"
    contact = matches[0]
    assert contact.email == service["email"]
    assert words(contact.name) == words(NAME_TYPOS.get(service["name"], service["name"]))
    assert contains(contact.what, expected(service["what"])), contact.id
    assert str(contact.updated) == "2016-09-13"
    assert "13/09/2016" in contact.source and "parents" in contact.source.lower()
    assert "parent" in contact.audience


def test_reworded_and_corrected_texts_are_said_in_the_source(fr):
    """A reader of the pack can see where the seed was not copied as is."""
    by_name = {c.name: c for c in fr.contacts.values()}
    for typo, name in NAME_TYPOS.items():
        assert typo in by_name[name].source
    assert "mobilités concertées" in fr.contacts["mediation-scolaire"].source


def test_parents_reach_the_ten_services_and_national_lines(fr):
    groups = {item.ref for item in fr.menus["parent"].items if item.kind == "contacts"}
    reachable = {ident for group in groups for ident in fr.groups[group].contacts}
    for service in letter_services():
        assert any(service["phone"] in fr.contacts[ident].phones for ident in reachable)
    assert {"urgences-112", "child-focus-116000", "prevention-suicide"} <= reachable


# --- staff -------------------------------------------------------------------


def procedure_part(fr: ContentPack, ident: str):
    return next(part for part in fr.procedure.parts if part.id == ident)


@pytest.mark.parametrize(
    ("part", "item"),
    [(part, item) for part, found in memo_items().items() for item in found],
)
def test_every_memo_line_is_a_step(fr, part, item):
    found = procedure_part(fr, part)
    if item in MEMO_IN_INTRO:
        assert contains(found.intro, item)
    else:
        assert any(contains(step, expected(item)) for step in found.steps), item


@pytest.mark.parametrize(("heading", "part"), MEMO_HEADINGS)
def test_memo_headings_are_part_titles(fr, heading, part):
    found = procedure_part(fr, part)
    assert contains(f"{found.title} {found.intro}", heading)


def test_memo_introduction_is_kept(fr):
    text = MEMO.read_text(encoding="utf-8")
    intro = text.split("Lorsque votre élève", 1)[1].split("Rester très prudent", 1)[0]
    assert contains(fr.procedure.intro, "Lorsque votre élève " + intro)


def test_staff_reach_the_procedure_and_the_letter(fr):
    targets = {item.target for item in fr.menus["equipe"].items}
    assert "procedure" in targets
    assert "page:equipe-lettre-parents" in targets
    relays = {c for item in fr.menus["equipe"].items if item.kind == "contacts" for c in fr.groups[item.ref].contacts}
    assert {"mediation-scolaire", "police-psychosocial", "cpms-libre-1"} <= relays


# --- students ------------------------------------------------------------------


@pytest.mark.parametrize("menu", ["eleve_primaire", "eleve_secondaire"])
def test_student_menus_offer_help(fr, menu):
    kinds = {item.kind for item in fr.menus[menu].items}
    assert {"danger", "note", "followup", "contacts"} <= kinds


@pytest.mark.parametrize("level", ["primaire", "secondaire"])
def test_student_pages_of_a_level_stay_in_that_level(fr, level):
    seen: set[str] = set()
    todo = [f"eleve_{level}"]
    while todo:
        menu = fr.menus[todo.pop()]
        for item in menu.items:
            if item.kind == "menu" and item.ref not in seen:
                seen.add(item.ref)
                todo.append(item.ref)
            if item.kind == "page":
                assert fr.pages[item.ref].level in (level, "tous"), item.ref


def test_primary_sarah_is_told_gently(fr):
    body = fr.pages["primaire-histoire-sarah"].body.lower()
    assert "porno" not in body and "sans son accord" in body


def test_never_forward_an_intimate_image(fr):
    for ident in ("primaire-preuves", "secondaire-preuves", "secondaire-images", "primaire-photos"):
        body = words(fr.pages[ident].body)
        assert " envoie " in body or " transfere " in body, ident


# --- the whole pack ------------------------------------------------------------


def test_every_target_exists(fr):
    tables = {"menu": fr.menus, "page": fr.pages, "contact": fr.contacts, "contacts": fr.groups}
    for menu in fr.menus.values():
        for item in menu.items:
            if item.kind in tables:
                assert item.ref in tables[item.kind], f"{menu.id}: {item.target}"
    for group in fr.groups.values():
        for ident in group.contacts:
            assert ident in fr.contacts, f"{group.id}: {ident}"


def test_phone_numbers_are_valid():
    import phonenumbers

    for lang in ("fr", "nl", "en"):
        pack = read_pack(BUILTIN_PACKS / lang)
        numbers = [n.number for n in pack.emergency]
        numbers += [p for c in pack.contacts.values() for p in c.phones]
        for number in numbers:
            parsed = phonenumbers.parse(number, "BE")
            ok = phonenumbers.is_valid_number(parsed) or phonenumbers.is_valid_short_number_for_region(parsed, "BE")
            assert ok, f"{lang}: {number}"


def test_translations_have_the_same_ids(fr, other):
    assert set(other.pages) == set(fr.pages)
    assert set(other.menus) == set(fr.menus)
    assert set(other.contacts) == set(fr.contacts)
    assert set(other.groups) == set(fr.groups)
    assert [p.id for p in other.procedure.parts] == [p.id for p in fr.procedure.parts]
    for ident, menu in fr.menus.items():
        assert [i.target for i in other.menus[ident].items] == [i.target for i in menu.items], ident
    for ident, group in fr.groups.items():
        if ident.startswith("poster-") and ident != "poster-pms":
            # A poster's main lines are chosen per language (Awel 102, Tele-Onthaal 106,
            # Zelfmoordlijn 1813 on the Dutch one): same size, real contacts.
            assert len(other.groups[ident].contacts) == len(group.contacts), ident
            assert set(other.groups[ident].contacts) <= set(fr.contacts), ident
            continue
        # Same contacts; the order may differ (Dutch lines first in the Dutch pack).
        assert sorted(other.groups[ident].contacts) == sorted(group.contacts), ident
    for ident, page in fr.pages.items():
        assert (other.pages[ident].level, other.pages[ident].audience) == (page.level, page.audience), ident


def test_translations_keep_the_mouscron_numbers(fr, other):
    for service in letter_services():
        contact = next(c for c in fr.contacts.values() if service["phone"] in c.phones)
        assert other.contacts[contact.id].phones == contact.phones
        assert other.contacts[contact.id].email == contact.email
        assert str(other.contacts[contact.id].updated) == "2016-09-13"


def test_procedure_steps_are_as_many_in_translations(fr, other):
    for mine, theirs in zip(fr.procedure.parts, other.procedure.parts, strict=True):
        assert len(theirs.steps) == len(mine.steps), mine.id


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_titles_and_labels_fit_80_columns(lang):
    """Page titles fit the top bar (between « ← Retour » and « Sortie rapide »), labels one line."""
    pack = read_pack(BUILTIN_PACKS / lang)
    for page in pack.pages.values():
        assert len(page.title) <= 44, page.title
    for menu in pack.menus.values():
        assert len(menu.title) <= 44, menu.title
        for item in menu.items:
            assert len(item.label) <= 60, item.label
    for group in pack.groups.values():
        assert len(group.title) <= 44 and len(group.intro) <= 76, group.id
    assert len(pack.procedure.title) <= 30
