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
    assert (
        "AVERTISSEMENT : nl/menus.yaml : 2 menu(s) non traduit(s), le français sera affiché : parent, equipe." in lines
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            "bad-phone",
            "ERREUR : fr/contacts.yaml, ligne 6, champ phones[0] : « 056/39 16 2 » n'est pas un numéro belge valide.",
        ),
        ("missing-phone", "ERREUR : fr/emergency.yaml, ligne 5, champ number : champ obligatoire absent."),
        ("bad-yaml", "ERREUR : fr/menus.yaml, ligne 6 : erreur d'écriture : un « : » inattendu."),
        ("unknown-key", "ERREUR : fr/contacts.yaml, ligne 4, champ nmae : clé inconnue « nmae »."),
        (
            "bad-front-matter",
            "ERREUR : fr/pages/pas-ta-faute.md, ligne 4, champ audience[1] : « profs » n'est pas permis.",
        ),
    ],
)
def test_errors_exit_1_with_file_and_line(capsys, tmp_path, case, expected):
    code, lines = run(capsys, "check", str(make_case(tmp_path, case)))
    assert code == 1
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)
    # A broken French pack does not drag the translations into false errors.
    assert not any(line.startswith("ERREUR : nl/") for line in lines)


def test_unknown_menu_id_is_an_error(capsys, tmp_path):
    """A broken menu target would make the choice vanish silently: exit 1, named with file and line."""
    code, lines = run(capsys, "check", str(make_case(tmp_path, "unknown-menu-id")))
    assert code == 1
    assert (
        "ERREUR : fr/menus.yaml, ligne 7, champ items[0].target : « menu:nulle-part » ne correspond "
        "à rien de défini : ce choix disparaîtrait du menu. Vérifiez l'id (pages/*.md, menus.yaml, contacts.yaml)."
    ) in lines


def test_unknown_group_member_is_an_error(capsys, tmp_path):
    content = make_case(tmp_path)
    contacts = content / "fr" / "contacts.yaml"
    contacts.write_text(
        contacts.read_text(encoding="utf-8").replace("[cpms, ecoute]", "[cpms, ecoute, fantome]"), encoding="utf-8"
    )
    code, lines = run(capsys, "check", str(content))
    assert code == 1
    assert any(line.startswith("ERREUR : fr/contacts.yaml") and "« fantome »" in line for line in lines), "\n".join(
        lines
    )


def test_old_updated_is_a_warning(tmp_path):
    problems = check_dir(make_case(tmp_path, "old-updated"), today=TODAY)
    old = [str(p) for p in problems if "12 mois" in p.message]
    assert old == [
        "fr/contacts.yaml, ligne 6 : vérifié le 13/09/2016, il y a plus de 12 mois : 1 contact (cpms). "
        "Vérifiez les numéros et les horaires, puis mettez la date du jour (updated)."
    ]
    assert all(p.warning for p in problems)


def test_stale_dates_are_grouped_one_line_per_date(capsys, tmp_path):
    """Thirty contacts checked the same day make one line listing them, not thirty identical warnings."""
    problems = check_dir(make_case(tmp_path, "stale-dates"), today=TODAY)
    old = [str(p) for p in problems if "12 mois" in p.message]
    assert old == [
        "fr/contacts.yaml, ligne 7 : vérifié le 13/09/2016, il y a plus de 12 mois : 3 contacts "
        "(cpms, mediation, declic). Vérifiez les numéros et les horaires, puis mettez la date du jour (updated).",
        "fr/contacts.yaml, ligne 19 : vérifié le 10/01/2020, il y a plus de 12 mois : 1 contact "
        "(ecoute). Vérifiez les numéros et les horaires, puis mettez la date du jour (updated).",
    ]
    undated = [str(p) for p in problems if "sans date" in p.message]
    assert undated == [
        "fr/contacts.yaml : sans date de vérification (updated) : 1 contact (sans-date). "
        "Les fiches et les affiches diront « date de vérification inconnue »."
    ]
    assert all(p.warning for p in problems)
    code, lines = run(capsys, "check", str(tmp_path / "stale-dates"))
    assert code == 0
    assert sum("12 mois" in line for line in lines) == 2


def test_bundled_stale_warnings_are_one_per_date_and_language(capsys):
    code, lines = run(capsys, "check")
    assert code == 0
    stale = [line for line in lines if "12 mois" in line]
    assert stale  # the bundled Mouscron numbers date from 13/09/2016
    dates = {(line.split(" : ")[1].split("/")[0], line.split("vérifié le ")[1][:10]) for line in stale}
    assert len(stale) == len(dates)


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
    assert any(
        line.startswith("AVERTISSEMENT : nl/strings/test.yaml, ligne 1, champ test.hello : les {…} diffèrent")
        for line in lines
    )
    assert (
        "AVERTISSEMENT : nl/strings/test.yaml : 1 texte(s) non traduit(s), le français sera affiché : test.answer."
        in lines
    )


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


# -- former tracebacks (issue 14 point 8): each message names the real cause -----


def run_err(capsys, *argv: str) -> tuple[int, str]:
    code = main(["content", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


def test_check_on_a_file_says_it_is_a_file(capsys, tmp_path):
    afile = tmp_path / "passwd"
    afile.write_text("root:x:0:0\n", encoding="utf-8")
    code, err = run_err(capsys, "check", str(afile))
    assert code == 1
    assert f"{afile} est un fichier, pas un dossier" in err
    assert "n'existe pas" not in err


def test_check_on_a_missing_folder_names_the_missing_part(capsys, tmp_path):
    code, err = run_err(capsys, "check", str(tmp_path / "absent" / "fr"))
    assert code == 1
    assert f"le dossier {tmp_path / 'absent'} n'existe pas" in err


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_check_names_a_non_utf8_page_as_an_encoding_problem(capsys, tmp_path, encoding):
    content = make_case(tmp_path)
    page = content / "fr" / "pages" / "latin.md"
    page.write_bytes("---\nid: latin\ntitle: Été\n---\nCorps accentué é\n".encode(encoding))
    code, lines = run(capsys, "check", str(content))
    assert code == 1
    assert (
        "ERREUR : fr/pages/latin.md : le fichier n'est pas en UTF-8. Enregistrez-le en « UTF-8 » dans votre éditeur."
        in lines
    )
    assert not any("latin.md" in line and "« --- »" in line for line in lines)


def test_export_onto_a_file_says_it_is_a_file(capsys, tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("x", encoding="utf-8")
    code, err = run_err(capsys, "export", str(afile))
    assert code == 1
    assert f"{afile} est un fichier, pas un dossier" in err
    assert afile.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_export_into_proc_says_the_folder_refuses_files(capsys):
    code, err = run_err(capsys, "export", "/proc/x")
    assert code == 1
    assert "le système refuse de créer /proc/x : le dossier /proc n'accepte pas de nouveaux fichiers." in err


def test_export_under_a_file_says_part_of_the_path_is_a_file(capsys, tmp_path):
    afile = tmp_path / "plain"
    afile.write_text("x", encoding="utf-8")
    code, err = run_err(capsys, "export", str(afile / "contenu"))
    assert code == 1
    assert "est un fichier, pas un dossier" in err


def test_export_stopped_midway_names_the_cause(capsys, tmp_path, monkeypatch):
    """A full disk halfway through the copy: the message says the copy is incomplete and why."""
    import errno
    import shutil as shutil_module

    def full(src, dst, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", dst)

    monkeypatch.setattr(shutil_module, "copy2", full)
    code, err = run_err(capsys, "export", str(tmp_path / "copie"))
    assert code == 1
    assert "copie incomplète : plus de place sur le disque pour écrire" in err


def test_check_accepts_a_utf8_page_with_a_byte_order_mark(capsys, tmp_path):
    """Windows Notepad writes UTF-8 with a BOM: it is UTF-8, not a page without « --- »."""
    content = make_case(tmp_path)
    page = content / "fr" / "pages" / "bom.md"
    page.write_bytes("---\nid: bom\ntitle: Été\n---\nCorps\n".encode("utf-8-sig"))
    code, lines = run(capsys, "check", str(content))
    assert code == 0, "\n".join(lines)


def test_poster_groups_warn_about_contacts_left_off(tmp_path):
    """A poster group member without a number (no code) or beyond the page's room is named, not silently dropped."""
    content = make_case(tmp_path)
    contacts = content / "fr" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    extra = "".join(f'  ligne-{n}:\n    name: Ligne {n}\n    phones: ["056/39 16 2{n}"]\n' for n in range(4))
    text = text.replace(
        "groups:\n", extra + "  web-seul:\n    name: Site seulement\n    web: https://www.exemple.be\ngroups:\n"
    )
    text += "  poster-eleve:\n    title: Affiche\n    contacts: [cpms, web-seul, ecoute]\n"
    text += "  poster-pms:\n    title: PMS\n    contacts: [cpms, ecoute, cpms, ligne-0, ligne-1, ligne-2, ligne-3]\n"
    contacts.write_text(text, encoding="utf-8")
    lines = format_report(check_dir(content, today=TODAY)).splitlines()
    assert any(
        line.startswith("AVERTISSEMENT : fr/contacts.yaml")
        and "« poster-eleve » : sans numéro" in line
        and "web-seul (ils n'y seront pas)" in line
        for line in lines
    ), "\n".join(lines)
    assert any("« poster-pms » : 6 contacts, l'affiche en montre 5" in line for line in lines), "\n".join(lines)
