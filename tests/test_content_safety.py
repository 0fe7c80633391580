"""Content that never puts a child at risk (issue 12, points 1, 3 and 4).

- Wherever a page or the staff procedure advises keeping evidence, the kiosk's
  intimate-image warning sits right beside it (same block, or the one before or
  after): never print, copy, forward, download or screenshot; write down where it
  is; report it to the platform and to Child Focus 116 000; Take It Down with its
  limit. The warning starts with ⚠ and names its source.
- The adults' urgent screens (Parent, Équipe) are their own pages: "vous", no
  child wording, no child's note.
- The pages added for the issue exist in FR, NL and EN, each naming its sources.
"""

from __future__ import annotations

import re

import pytest

from kiosk.content.loader import BUILTIN_PACKS, read_pack
from kiosk.content.models import ContentPack

LANGS = ("fr", "nl", "en")

#: Words that advise keeping evidence, per language.
EVIDENCE = {
    "fr": re.compile(r"preuves?\b|captures? d'écran", re.I),
    "nl": re.compile(r"\b(de|het|je|uw) bewij[sz]|schermafbeelding", re.I),
    "en": re.compile(r"evidence|screenshot", re.I),
}

#: What every warning names (the limit of Take It Down is checked by its words).
WARNING_MUST = ("⚠", "Child Focus", "116 000")
TAKE_IT_DOWN_LIMIT = {
    "fr": ("Take It Down", "18 ans", "non chiffrées"),
    "nl": ("Take It Down", "18 jaar", "niet-versleutelde"),
    "en": ("Take It Down", "18", "unencrypted"),
}
NEVER = {
    "fr": ("imprime", "capture d'écran"),
    "nl": ("af", "schermafbeelding"),
    "en": ("print", "screenshot"),
}

#: Where evidence is advised: these must all be found (guards the scan itself).
EVIDENCE_PAGES = {
    "parent-comment-reagir",
    "parent-images",
    "equipe-lettre-parents",
    "equipe-images",
    "primaire-preuves",
    "secondaire-preuves",
}


@pytest.fixture(scope="module", params=LANGS)
def pack(request: pytest.FixtureRequest) -> ContentPack:
    return read_pack(BUILTIN_PACKS / request.param)


def blocks(body: str) -> list[str]:
    """A page's blocks: each list item, paragraph or heading (list items split at their own paragraphs).

    A list is one piece of advice (its items one block), and a paragraph ending
    with ":" introduces what follows: it joins the next block.
    """
    found: list[str] = []
    current: list[str] = []
    for line in body.splitlines():
        in_list = bool(current) and current[0].startswith("- ")
        starts_block = line.startswith("#") or (line.startswith("- ") and not in_list)
        if (not line.strip() or starts_block) and current:
            found.append(" ".join(current))
            current = []
        if line.strip():
            current.append(line.strip())
    if current:
        found.append(" ".join(current))
    merged: list[str] = []
    for text in found:
        if merged and merged[-1].endswith(":") and not merged[-1].startswith("#"):
            merged[-1] = f"{merged[-1]} {text}"
        else:
            merged.append(text)
    return merged


def is_warning(text: str, lang: str, child_primary: bool = False) -> bool:
    """The kiosk's intimate-image warning, complete for its audience."""
    if not all(word in text for word in WARNING_MUST):
        return False
    if not all(word in text for word in NEVER[lang]):
        return False
    return child_primary or all(word in text for word in TAKE_IT_DOWN_LIMIT[lang])


def unwarned(items: list[str], lang: str, child_primary: bool = False) -> list[str]:
    """The evidence blocks with no warning in themselves or right beside them."""
    missing = []
    for index, text in enumerate(items):
        if text.startswith("#") or not EVIDENCE[lang].search(text):
            continue  # a heading names a part, it advises nothing
        beside = items[max(0, index - 1) : index + 2]
        if not any(is_warning(block, lang, child_primary) for block in beside):
            missing.append(text)
    return missing


def test_every_evidence_advice_has_the_warning_beside_it(pack):
    lang = pack.lang
    seen = set()
    for page in pack.pages.values():
        items = blocks(page.body)
        if any(EVIDENCE[lang].search(text) for text in items):
            seen.add(page.id)
        assert unwarned(items, lang, child_primary=page.level == "primaire") == [], page.id
    assert EVIDENCE_PAGES <= seen


def test_the_procedure_step_on_evidence_has_the_warning_next(pack):
    lang = pack.lang
    prudence = next(part for part in pack.procedure.parts if part.id == "prudence")
    assert any(EVIDENCE[lang].search(step) for step in prudence.steps)
    assert unwarned(prudence.steps, lang) == []


def test_the_warning_names_its_sources_in_the_files(pack):
    """The pages carrying a warning cite Child Focus and Take It Down in their sources."""
    for ident in EVIDENCE_PAGES:
        page = pack.pages[ident]
        sources = " ".join(page.sources).lower()
        assert "childfocus.be" in sources, ident
        if page.level != "primaire":
            assert "takeitdown" in sources, ident
    assert "childfocus.be" in " ".join(pack.procedure.sources)


def test_the_scan_can_fail():
    """Evidence advice with the warning two blocks away, or with a partial warning, is caught."""
    warning = (
        "⚠ Image intime (Child Focus) : ne l'imprimez pas, pas de capture d'écran ; "
        "Child Focus 116 000 ; Take It Down : avant 18 ans, plateformes non chiffrées."
    )
    assert is_warning(warning, "fr")
    far = f"Conservez les preuves.\n\nAutre chose.\n\n{warning}"
    assert unwarned(blocks(far), "fr") == ["Conservez les preuves."]
    partial = "Conservez les preuves.\n\n⚠ Child Focus 116 000"
    assert unwarned(blocks(partial), "fr") != []
    assert unwarned(blocks(f"Conservez les preuves.\n\n{warning}"), "fr") == []


# --- adults' own urgent screens -----------------------------------------------------

#: Child wording that must never reach an adult's urgent screen, per language.
CHILD_WORDS = {
    "fr": re.compile(r"\b(tu|ton|ta|tes|toi|t'|va tout de suite)\b", re.I),
    "nl": re.compile(r"\b(je|jij|jou|jouw|ga meteen)\b", re.I),
    "en": re.compile(r"\b(grown-up|go straight to an adult)\b", re.I),
}
ADULT_WORDS = {
    "fr": re.compile(r"\b(vous|votre|appelez)\b", re.I),
    "nl": re.compile(r"\b(u|uw|bel)\b", re.I),
    "en": re.compile(r"\bcall\b", re.I),
}
URGENT_NUMBERS = ("112", "101", "116 000")


@pytest.mark.parametrize(("role", "page_id"), [("parent", "parent-urgence"), ("equipe", "equipe-urgence")])
def test_adults_urgent_item_opens_their_own_page(pack, role, page_id):
    targets = [item.target for item in pack.menus[role].items]
    assert "danger" not in targets, "the child's danger screen (and its child's note) is not for adults"
    assert f"page:{page_id}" in targets
    page = pack.pages[page_id]
    assert page.audience == [role]


@pytest.mark.parametrize("page_id", ["parent-urgence", "equipe-urgence"])
def test_adults_urgent_pages_speak_to_adults(pack, page_id):
    lang = pack.lang
    page = pack.pages[page_id]
    text = f"{page.title}\n{page.body}"
    assert not CHILD_WORDS[lang].search(text), CHILD_WORDS[lang].search(text)
    assert ADULT_WORDS[lang].search(text)
    for number in (*URGENT_NUMBERS, "PMS"):
        assert number in text, number
    # 0800 32 123 in French and English; the Dutch pack gives 1813 and the French line.
    assert "0800 32 123" in text


def test_child_wording_is_caught():
    assert CHILD_WORDS["fr"].search("Va tout de suite voir un adulte")
    assert CHILD_WORDS["nl"].search("Ga meteen naar een volwassene als je in gevaar bent")


# --- the pages added for issue 12 --------------------------------------------------

NEW_PAGES = {
    "parent-urgence": ("parent",),
    "equipe-urgence": ("equipe",),
    "primaire-chantage": ("eleve",),
    "eleve-harceleur": ("eleve",),
    "parent-enfant-harceleur": ("parent",),
    "secondaire-violences-sexuelles": ("eleve",),
    "qui-lit-mon-mot": ("eleve",),
    "et-apres": ("eleve",),
}


@pytest.mark.parametrize("page_id", sorted(NEW_PAGES))
def test_new_page_exists_with_sources(pack, page_id):
    page = pack.pages[page_id]
    assert page.body.strip() and page.title
    assert page.sources, page_id
    assert tuple(page.audience) == NEW_PAGES[page_id]


@pytest.mark.parametrize("page_id", sorted(NEW_PAGES))
def test_new_page_public_facts_carry_the_date_checked(pack, page_id):
    """A public source (a web site or the law) says when it was checked."""
    for source in pack.pages[page_id].sources:
        if re.search(r"\.be\b|\.org\b|Code|Strafwetboek", source) and "seeds/" not in source:
            assert "2026-11-30" in source, source


def test_sexual_violence_help_where_the_stories_need_it(pack):
    for ident in ("secondaire-histoire-samy", "histoires", "secondaire-violences-sexuelles"):
        assert "0800 98 100" in pack.pages[ident].body, ident
    assert "page:secondaire-violences-sexuelles" in {i.target for i in pack.menus["secondaire_conseils"].items}


def test_no_porno_divulgation(pack):
    for page in pack.pages.values():
        assert "porno" not in page.body.lower(), page.id


def test_menu_labels_match_what_they_open(pack):
    """A label names the page or list it opens (the age choice answers its question: left out)."""
    for menu in pack.menus.values():
        for item in menu.items:
            if item.kind == "page":
                assert item.label == pack.pages[item.ref].title, (menu.id, item.label)
            elif item.kind == "contacts":
                assert item.label == pack.groups[item.ref].title, (menu.id, item.label)


# --- register: adults "vous" / "u", children "tu" / "je" ---------------------------------

TU = {"fr": re.compile(r"\b(tu|ton|ta|tes|toi|te|t')\b", re.I), "nl": re.compile(r"\b(je|jij|jou|jouw)\b", re.I)}
VOUS = {"fr": re.compile(r"\b(vous|votre|vos)\b", re.I), "nl": re.compile(r"\b(u|uw)\b")}
#: Quoted words a page gives as an example of what to say to a child (the letter's own).
QUOTED = re.compile(r"\*[^*]*\*|«[^»]*»|\"[^\"]*\"|“[^”]*”|\([^)]*«[^)]*\)")


def reachable_contacts(pack: ContentPack, roots: tuple[str, ...]) -> set[str]:
    seen_menus, found, todo = set(), set(), list(roots)
    while todo:
        menu = pack.menus[todo.pop()]
        for item in menu.items:
            if item.kind == "menu" and item.ref not in seen_menus:
                seen_menus.add(item.ref)
                todo.append(item.ref)
            elif item.kind == "contacts":
                found.update(pack.groups[item.ref].contacts)
            elif item.kind == "contact":
                found.add(item.ref)
    return found


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_contacts_speak_to_their_reader(lang):
    pack = read_pack(BUILTIN_PACKS / lang)
    for ident in reachable_contacts(pack, ("parent", "equipe")):
        what = pack.contacts[ident].describe(adult=True)
        assert not TU[lang].search(what), (ident, what)
    for ident in reachable_contacts(pack, ("eleve",)):
        what = pack.contacts[ident].describe(adult=False)
        assert not VOUS[lang].search(what), (ident, what)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_pages_speak_to_their_reader(lang):
    pack = read_pack(BUILTIN_PACKS / lang)
    for page in pack.pages.values():
        text = QUOTED.sub("", f"{page.title}\n{page.body}")
        if set(page.audience) <= {"parent", "equipe"}:
            assert not TU[lang].search(text), (page.id, TU[lang].search(text))
        if page.audience == ["eleve"]:
            assert not VOUS[lang].search(text), (page.id, VOUS[lang].search(text))


# --- Dutch typography and the wording fixed --------------------------------------------


def shown_text(pack: ContentPack) -> str:
    """Everything a visitor can read (sources and comments left out)."""
    parts = [*pack.strings.values()]
    for page in pack.pages.values():
        parts += [page.title, page.body]
    for menu in pack.menus.values():
        parts += [menu.title, menu.intro, *(item.label for item in menu.items)]
    for contact in pack.contacts.values():
        parts += [contact.name, contact.what, contact.what_adult, contact.for_whom, contact.hours]
    for group in pack.groups.values():
        parts += [group.title, group.intro]
    parts += [pack.procedure.title, pack.procedure.intro]
    for part in pack.procedure.parts:
        parts += [part.title, part.intro, *part.steps]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dutch_and_english_typography(lang):
    text = shown_text(read_pack(BUILTIN_PACKS / lang))
    assert "«" not in text and "»" not in text
    assert not re.search(r"\S [:;](\s|$)", text), re.search(r".{20}\S [:;](\s|$)", text)


@pytest.mark.parametrize(
    ("lang", "wrong"),
    [
        ("nl", ("CLB-ruimte", "Ziekenboeg", "klein aangevallen", "gevolgd door een psychologe")),
        ("en", ("attacked in small ways", "Stay very careful")),
        ("fr", ("Ajout du kiosque", "Le mémo ajoutait", "(lettre aux parents)")),
    ],
)
def test_wording_fixed(lang, wrong):
    text = shown_text(read_pack(BUILTIN_PACKS / lang))
    for words in wrong:
        assert words not in text, words


def test_no_shown_line_starts_with_punctuation(pack):
    for line in shown_text(pack).splitlines():
        assert not re.match(r"\s*[:;,.!?»)]", line), line
