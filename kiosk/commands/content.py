"""``kiosk content check [DIR]`` and ``kiosk content export DIR`` (issue 3).

``check`` prints every problem of a content folder in plain French, with file and
line, then ``N erreurs, M avertissements``; exit 1 when there is an error.
``export`` copies the built-in packs to a folder PMS staff can edit (then set
``content_dir`` in the configuration).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

__all__ = ["register"]

EXIT_ERRORS = 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``content check`` and ``content export``."""
    content = sub.add_parser("content", help="contenu : vérifier ou copier les textes du kiosque")
    actions = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="vérifier un dossier de contenu (défaut : le contenu intégré)")
    check.add_argument("dir", nargs="?", type=Path, help="dossier d'une langue (avec pack.yaml) ou dossier de contenu (fr/, nl/, en/)")
    check.set_defaults(handler=_check)
    export = actions.add_parser("export", help="copier le contenu intégré dans un dossier à modifier")
    export.add_argument("dir", type=Path, help="dossier à créer (il ne doit pas exister, ou être vide)")
    export.set_defaults(handler=_export)


def _check(args: argparse.Namespace) -> int:
    from kiosk.content.check import check_dir, format_report
    from kiosk.content.loader import BUILTIN_PACKS

    folder = args.dir if args.dir is not None else BUILTIN_PACKS
    if not folder.is_dir():
        print(f"kiosk content check : le dossier {folder} n'existe pas.", file=sys.stderr)
        return EXIT_ERRORS
    print(f"Vérification de {folder}")
    problems = check_dir(folder)
    print(format_report(problems))
    return EXIT_ERRORS if any(not p.warning for p in problems) else 0


def _export(args: argparse.Namespace) -> int:
    from kiosk.content.loader import BUILTIN_PACKS

    target: Path = args.dir
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"kiosk content export : {target} existe déjà et n'est pas vide ; choisissez un autre dossier.", file=sys.stderr)
        return EXIT_ERRORS
    shutil.copytree(BUILTIN_PACKS, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    print(f"Contenu copié dans {target}.")
    print("Pour que le kiosque l'utilise, ajoutez dans config.toml :")
    print(f'    content_dir = "{target.resolve()}"')
    print(f"Après chaque modification : kiosk content check {target}")
    return 0
