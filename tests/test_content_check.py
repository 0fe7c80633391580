"""``kiosk content check`` and ``kiosk content export``: messages, warnings, exit codes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content import LANGS
from kiosk.content.check import check_dir, format_report, summary
from kiosk.content.loader import BUILTIN_PACKS

FIXTURES = Path(__file__).parent / "fixtures" / "packs"
TODAY = dt.date(2026, 11, 21)


def make_case(tmp_path: Path, case: str | None = None) -> Path:
    """The valid base content dir, with the files of ``fixtures/packs/<case>`` laid over it."""
    target = tmp_path / (case or "base")
    shutil.copytree(FIXTURES / "base", target)
    if case:
        shutil.copytree(FIXTURES / case, target, dirs_exist_ok=True)
    return target


def run(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(["content", *argv])
    return code, capsys.readouterr().out.splitlines()


def test_bundled_packs_pass_the_check(capsys):
    """Every bundled pack (fr, nl, en) has no error: exit 0 (warnings allowed)."""
    code, lines = run(capsys, "check")
    assert code == 0, "\n".join(line for line in lines if line.startswith("ERREUR"))
    assert lines[-1].startswith("0 erreur, ")


@pytest.mark.parametrize("lang", LANGS)
def test_each_bundled_language_folder_passes(capsys, lang):
    code, lines = run(capsys, "check", str(BUILTIN_PACKS / lang))
    assert code == 0, "\n".join(lines)


def test_base_fixture_has_no_error(capsys, tmp_path):
    code, lines = run(capsys, "check", str(make_case(tmp_path)))
    assert code == 0
    assert lines[0].startswith("Vérification de ")
    assert "AVERTISSEMENT : nl/menus.yaml : 2 menu(s) non traduit(s), le français sera affiché : parent, equipe." in lines


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("bad-phone", "ERREUR : fr/contacts.yaml, ligne 6, champ phones[0] : « 056/39 16 2 » n'est pas un numéro belge valide."),
        ("missing-phone", "ERREUR : fr/emergency.yaml, ligne 5, champ number : champ obligatoire absent."),
        ("bad-yaml", "ERREUR : fr/menus.yaml, ligne 6 : erreur d'écriture : un « : » inattendu."),
        ("unknown-key", "ERREUR : fr/contacts.yaml, ligne 4, champ nmae : clé inconnue « nmae »."),
        ("bad-front-matter", "ERREUR : fr/pages/pas-ta-faute.md, ligne 4, champ audience[1] : « profs » n'est pas permis."),
    ],
)
def test_errors_exit_1_with_file_and_line(capsys, tmp_path, case, expected):
    code, lines = run(capsys, "check", str(make_case(tmp_path, case)))
    assert code == 1
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)
    # A broken French pack does not drag the translations into false errors.
    assert not any(line.startswith("ERREUR : nl/") for line in lines)


def test_unknown_menu_id_is_a_warning(capsys, tmp_path):
    code, lines = run(capsys, "check", str(make_case(tmp_path, "unknown-menu-id")))
    assert code == 0
    assert (
        "AVERTISSEMENT : fr/menus.yaml, ligne 7, champ items[0].target : « menu:nulle-part » ne correspond "
        "à rien de défini : ce choix sera caché. Vérifiez l'id (pages/*.md, menus.yaml, contacts.yaml)."
    ) in lines


def test_old_updated_is_a_warning(tmp_path):
    problems = check_dir(make_case(tmp_path, "old-updated"), today=TODAY)
    old = [str(p) for p in problems if "12 mois" in p.message]
    assert old == [
        "fr/contacts.yaml, ligne 6, champ updated : « cpms » a été vérifié le 13/09/2016, il y a plus de 12 mois. "
        "Vérifiez le numéro et les horaires, puis mettez la date du jour."
    ]
    assert all(p.warning for p in problems)


def test_recent_updated_gives_no_warning(tmp_path):
    problems = check_dir(make_case(tmp_path), today=TODAY)
    assert not any("12 mois" in p.message for p in problems)


def test_missing_required_menu_and_lone_pack(capsys, tmp_path):
    folder = make_case(tmp_path) / "fr"
    text = (folder / "menus.yaml").read_text(encoding="utf-8")
    (folder / "menus.yaml").write_text(text.replace("  parent:", "  parents:"), encoding="utf-8")
    code, lines = run(capsys, "check", str(folder))
    assert code == 1
    assert "ERREUR : menus.yaml : le menu « parent » manque : l'accueil l'ouvre. Ajoutez-le sous « menus: »." in lines


def test_translation_placeholders_and_missing_strings(tmp_path):
    content = make_case(tmp_path)
    (content / "nl" / "strings" / "test.yaml").write_text("test.hello: Hallo {naam}\n", encoding="utf-8")
    lines = format_report(check_dir(content, today=TODAY)).splitlines()
    assert any(line.startswith("AVERTISSEMENT : nl/strings/test.yaml, ligne 1, champ test.hello : les {…} diffèrent") for line in lines)
    assert "AVERTISSEMENT : nl/strings/test.yaml : 1 texte(s) non traduit(s), le français sera affiché : test.answer." in lines


def test_not_a_content_dir(capsys, tmp_path):
    code, lines = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert "ni pack.yaml ni sous-dossiers fr/, nl/, en/" in lines[1]
    assert main(["content", "check", str(tmp_path / "absent")]) == 1


def test_summary_wording(tmp_path):
    assert summary([]) == "0 erreur, 0 avertissement"
    problems = check_dir(make_case(tmp_path, "unknown-key"), today=TODAY)
    assert summary(problems).startswith("2 erreurs, ")


def test_export_copies_the_builtin_packs_and_refuses_to_overwrite(capsys, tmp_path):
    target = tmp_path / "mon-contenu"
    code, lines = run(capsys, "export", str(target))
    assert code == 0
    assert any("content_dir" in line for line in lines)
    assert sorted(p.name for p in target.iterdir()) == ["en", "fr", "nl"]
    assert (target / "fr" / "menus.yaml").read_bytes() == (BUILTIN_PACKS / "fr" / "menus.yaml").read_bytes()
    assert main(["content", "check", str(target)]) == 0
    capsys.readouterr()
    assert main(["content", "export", str(target)]) == 1
