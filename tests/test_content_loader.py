"""The content loader: strings stay strings, problems name file and line, fallbacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content import BUILTIN_PACKS, LANGS, PackError, load_pack, parse_phone, read_pack
from kiosk.content.loader import prune_dangling, read_source
from kiosk.content.phones import PhoneError

FIXTURES = Path(__file__).parent / "fixtures" / "packs"


def make_case(tmp_path: Path, case: str | None = None) -> Path:
    """The valid base content dir, with the files of ``fixtures/packs/<case>`` laid over it."""
    target = tmp_path / (case or "base")
    shutil.copytree(FIXTURES / "base", target)
    if case:
        shutil.copytree(FIXTURES / case, target, dirs_exist_ok=True)
    return target


def test_base_fixture_loads_with_strings_kept_as_written():
    pack = read_pack(FIXTURES / "base" / "fr", strict=True)
    cpms = pack.contacts["cpms"]
    assert cpms.phones == ["056/39 16 20", "0474/81 08 91"]  # leading zeros kept
    assert cpms.hours == "8:30-16:00"  # not 510 minutes
    assert pack.strings["test.answer"] == "no"  # not False
    assert pack.emergency[1].number == "116 000"
    assert str(cpms.updated) == "2026-09-01"


@pytest.mark.parametrize("lang", LANGS)
def test_builtin_packs_load(lang):
    result = load_pack(lang)
    assert result.problems == []
    assert result.pack.lang == lang
    for role in ("eleve", "parent", "equipe"):
        assert role in result.pack.menus


def test_fallback_to_french_for_what_a_translation_lacks(tmp_path):
    content = make_case(tmp_path)
    nl = load_pack("nl", content).pack
    assert nl.lang == "nl"
    assert nl.menus["eleve"].title == "Leerling (test)"  # translated
    assert nl.menus["parent"].title == "Parent (test)"  # French, as fallback
    assert nl.strings["test.hello"] == "Hallo {name}"
    assert nl.strings["test.answer"] == "no"
    assert nl.procedure is not None and nl.procedure.title == "Procédure de test"


def test_valid_custom_content_dir_is_used(tmp_path):
    content = make_case(tmp_path)
    result = load_pack("fr", content)
    assert result.problems == []
    assert result.source == content / "fr"
    assert result.pack.menus["eleve"].title == "Élève (test)"


@pytest.mark.parametrize("case", ["bad-phone", "bad-yaml", "unknown-key", "missing-phone", "bad-front-matter"])
def test_invalid_custom_content_dir_falls_back_to_builtin(tmp_path, case):
    content = make_case(tmp_path, case)
    result = load_pack("fr", content)
    assert result.source == BUILTIN_PACKS / "fr"
    assert result.pack.menus["eleve"].title != "Élève (test)"
    assert "Contenu personnalisé ignoré" in result.problems[0]
    assert "kiosk content check" in result.problems[0]
    assert any("fr/" in problem and "ligne" in problem for problem in result.problems[1:])


def test_missing_custom_dir_falls_back(tmp_path):
    result = load_pack("nl", tmp_path / "absent")
    assert result.source == BUILTIN_PACKS / "nl"
    assert any("pack.yaml" in problem for problem in result.problems)


def _problems(folder: Path) -> list[str]:
    with pytest.raises(PackError) as info:
        read_pack(folder, strict=True)
    return info.value.problems


def test_invalid_phone_names_file_line_field_and_fix(tmp_path):
    problems = _problems(make_case(tmp_path, "bad-phone") / "fr")
    assert problems == [
        "contacts.yaml, ligne 6, champ phones[0] : « 056/39 16 2 » n'est pas un numéro belge valide. "
        "Écrivez-le comme 056/39 16 20 (fixe), 0474/81 08 91 (GSM) ou 112 (numéro court)."
    ]


def test_phone_shape_only_without_strict(tmp_path):
    # Start-up path: the shape passes, phonenumbers is not asked.
    pack = read_pack(make_case(tmp_path, "bad-phone") / "fr")
    assert pack.contacts["cpms"].phones[0] == "056/39 16 2"


def test_missing_phone_number(tmp_path):
    problems = _problems(make_case(tmp_path, "missing-phone") / "fr")
    assert problems == [
        "emergency.yaml, ligne 5, champ number : champ obligatoire absent. Ajoutez une ligne « number: … »."
    ]


def test_bad_yaml_gives_line_and_french_words(tmp_path):
    (problem,) = _problems(make_case(tmp_path, "bad-yaml") / "fr")
    assert problem.startswith("menus.yaml, ligne 6 : erreur d'écriture : un « : » inattendu.")
    assert "guillemets" in problem


def test_unknown_key_is_named_with_allowed_keys(tmp_path):
    problems = _problems(make_case(tmp_path, "unknown-key") / "fr")
    assert "contacts.yaml, ligne 4, champ nmae : clé inconnue « nmae »." in problems[1]
    assert "clés possibles ici : id, name, what" in problems[1]
    assert (
        problems[0] == "contacts.yaml, ligne 3, champ name : champ obligatoire absent. Ajoutez une ligne « name: … »."
    )


def test_front_matter_lines_are_lines_of_the_md_file(tmp_path):
    problems = _problems(make_case(tmp_path, "bad-front-matter") / "fr")
    assert problems == [
        "pages/pas-ta-faute.md, ligne 4, champ audience[1] : « profs » n'est pas permis. "
        "Valeurs possibles : eleve, parent, equipe, tous."
    ]


def test_unknown_top_level_key_and_duplicate_key(tmp_path):
    folder = make_case(tmp_path) / "fr"
    (folder / "emergency.yaml").write_text(
        'emergency:\n  - number: "112"\n    label: A\n    label: B\nurgence: []\n', encoding="utf-8"
    )
    problems = [str(p) for p in read_source(folder).problems]
    assert problems == [
        "emergency.yaml, ligne 4 : la clé « label » apparaît deux fois (aussi ligne 3). Gardez-en une seule.",
        "emergency.yaml, ligne 5 : clé inconnue « urgence ». Vérifiez l'orthographe ; clés possibles ici : emergency.",
    ]


def test_unclosed_quote_points_where_it_opens(tmp_path):
    folder = make_case(tmp_path) / "fr"
    (folder / "pack.yaml").write_text('lang: fr\nname: "Français\n\n', encoding="utf-8")
    (problem,) = _problems(folder)
    assert problem.startswith("pack.yaml, ligne 2 : erreur d'écriture : un guillemet ouvert n'est jamais fermé.")


def test_tab_and_bad_date_and_email(tmp_path):
    folder = make_case(tmp_path) / "fr"
    text = (folder / "contacts.yaml").read_text(encoding="utf-8")
    text = text.replace("updated: 2026-09-01", "updated: 13/09/2016").replace("cpms@exemple.be", "cpms at exemple")
    (folder / "contacts.yaml").write_text(text, encoding="utf-8")
    problems = _problems(folder)
    assert "contacts.yaml, ligne 6, champ email : « cpms at exemple » n'est pas une adresse e-mail." in problems[0]
    assert "ligne 10, champ updated : « 13/09/2016 » n'est pas une date. Écrivez-la année-mois-jour" in problems[1]
    (folder / "pack.yaml").write_text("lang: fr\n\tname: x\n", encoding="utf-8")
    assert any("tabulation" in p and "ligne 2" in p for p in _problems(folder))


def test_dangling_targets_are_hidden_at_run_time(tmp_path):
    content = make_case(tmp_path, "unknown-menu-id")
    pack = read_pack(content / "fr")
    assert [item.target for item in pack.menus["eleve"].items] == ["menu:nulle-part", "note"]
    assert [item.target for item in prune_dangling(pack).menus["eleve"].items] == ["note"]
    # A broken target is an error of the check (issue 12 point 9): the custom pack is set
    # aside, named, and the built-in one shown, rather than a choice silently missing.
    result = load_pack("fr", content)
    assert any("« menu:nulle-part » ne correspond à rien" in problem for problem in result.problems)
    assert "menu:nulle-part" not in [item.target for item in result.pack.menus["eleve"].items]
    assert result.pack.menus["eleve"].items == load_pack("fr").pack.menus["eleve"].items


def test_parse_phone_forms():
    fixed = parse_phone("056/39 16 20")
    assert (fixed.written, fixed.display_national, fixed.e164_or_short, fixed.is_short) == (
        "056/39 16 20",
        "056 39 16 20",
        "+3256391620",
        False,
    )
    assert fixed.tel_uri == "TEL:+3256391620"
    assert parse_phone("0474/81 08 91").e164_or_short == "+32474810891"
    for short in ("112", "101", "103", "106", "107", "116 000"):
        phone = parse_phone(short)
        assert phone.is_short and phone.e164_or_short == short.replace(" ", "")
    assert parse_phone("116 000").tel_uri == "TEL:116000"
    for bad in ("056/39 16 2", "+32112", "abc", "12"):
        with pytest.raises(PhoneError):
            parse_phone(bad)


def test_loading_packs_does_not_import_phonenumbers():
    code = (
        "import sys; from kiosk.content import load_pack; load_pack('fr'); load_pack('nl');"
        "print('phonenumbers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_custom_content_gets_builtin_ui_strings_it_lacks(tmp_path):
    pack = load_pack("fr", make_case(tmp_path)).pack
    assert pack.strings["nav.back"] == load_pack("fr").pack.strings["nav.back"]  # from the built-in pack
    assert pack.strings["test.hello"] == "Bonjour {name}"  # the custom one stays


def test_page_front_matter_is_line_based(tmp_path):
    folder = make_case(tmp_path) / "fr"
    (folder / "pages" / "regle.md").write_text(
        "---\nid: regle\ntitle: Avant---après\n---\nHaut\n\n---\n\nBas\n", encoding="utf-8"
    )
    page = read_pack(folder).pages["regle"]
    assert page.title == "Avant---après"
    assert page.body == "Haut\n\n---\n\nBas"
    (folder / "pages" / "ouverte.md").write_text("---\nid: ouverte\ntitle: Sans fin\n", encoding="utf-8")
    assert _problems(folder) == [
        "pages/ouverte.md, ligne 1 : l'en-tête n'est jamais fermé : ajoutez une ligne « --- » après le dernier champ."
    ]
