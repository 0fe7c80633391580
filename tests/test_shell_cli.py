"""Issue 14: --version, argparse in French, configuration errors that name key, source and values."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from kiosk import __version__
from kiosk.cli import build_parser, main
from kiosk.config import ALLOWED, ConfigError, KioskConfig, load_config

ENGLISH = (
    "usage:",
    "error:",
    "positional arguments",
    "unrecognized arguments",
    "show this help",
    "invalid choice",
    "the following arguments",
    "Input should",
    "Traceback",
)


def _kiosk(*args: str, tmp_path, env: dict | None = None) -> subprocess.CompletedProcess:
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "none"),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"kiosk {__version__}"


def test_version_is_in_the_help():
    assert "--version" in build_parser().format_help()


def _every_parser(parser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _every_parser(child)


def test_every_help_is_french():
    helps = [parser.format_help() for parser in _every_parser(build_parser())]
    assert len(helps) >= 12  # kiosk, init, status, passphrase (change), notes (5), content (2), poster
    for text in helps:
        assert text.startswith("usage : ")
        assert not any(word in text for word in ENGLISH), text


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--bogus"], "arguments inconnus : --bogus"),
        (["--lang", "de"], "argument --lang : choix invalide : 'de'"),
        (["notes"], "arguments obligatoires manquants : ACTION"),
        (["notes", "export", "--format", "xls"], "choix invalide : 'xls'"),
        (["--config"], "argument --config : une valeur attendue"),
        (["paint"], "choix invalide : 'paint'"),
    ],
)
def test_usage_errors_are_french_and_exit_2(capsys, args, needle):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.startswith("usage : ") and "erreur : " in err and needle in err, err
    assert not any(word in err for word in ENGLISH)


def test_lang_refused_before_anything_is_painted(tmp_path):
    for args, env in ((["--lang", "de"], {}), ([], {"KIOSK_LANG": "de"})):
        result = _kiosk(*args, tmp_path=tmp_path, env=env)
        assert result.returncode == 2
        assert result.stdout == ""  # not one escape sequence: the app never started
        assert "\x1b" not in result.stderr and "Traceback" not in result.stderr


def test_lang_in_the_file_says_the_file(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('lang = "de"\n', encoding="utf-8")
    result = _kiosk("--config", str(config), tmp_path=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert f"clé « lang » (fichier {config})" in result.stderr
    assert "Valeurs permises : fr, nl ou en" in result.stderr


@pytest.mark.parametrize(
    "text,env,needles",
    [
        (
            'idle_seconds = "beaucoup"\n',
            {},
            ["clé « idle_seconds » (fichier", "nombre entier attendu", "valeur reçue : 'beaucoup'", "de 5 à 3600"],
        ),
        (
            "",
            {"KIOSK_RETENTION_DAYS": "0"},
            ["clé « retention_days » (variable KIOSK_RETENTION_DAYS)", "trop petit (au moins 1)", "de 1 à 3650"],
        ),
        (
            '[pms_reading_schedule]\nde = "Montag"\n',
            {},
            ["clé « pms_reading_schedule.de » (fichier", "langue inconnue", "fr, nl ou en"],
        ),
        ("pms_reading_schedule = 5\n", {}, ["clé « pms_reading_schedule »", "texte ou table attendu"]),
        ('school_name = ""\n', {}, ["clé « school_name »", "texte vide", "de 1 à 60 caractères"]),
        ("idle_secs = 3\n", {}, ["clé inconnue « idle_secs » (fichier", "Clés permises : data_dir"]),
        ("idle_seconds = \n", {}, ["TOML invalide à la ligne 1, colonne", "guillemets"]),
    ],
)
def test_config_errors_name_key_source_and_allowed_values(tmp_path, text, env, needles):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, {}, environ=env)
    message = str(error.value)
    for needle in needles:
        assert needle in message, message
    assert "Input should" not in message and "dict[" not in message and "constrained" not in message
    assert message.count("\n") <= 1  # one line per problem, not one per pydantic branch


def test_config_file_problems(tmp_path):
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('school_name = "\xc9cole"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(latin1, {}, environ={})
    with pytest.raises(ConfigError, match="c'est un dossier"):
        load_config(tmp_path, {}, environ={})
    with pytest.raises(ConfigError, match="introuvable"):
        load_config(tmp_path / "absent.toml", {}, environ={})


def test_every_key_says_what_it_allows():
    assert set(ALLOWED) == set(KioskConfig.model_fields)
