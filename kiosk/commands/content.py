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
    check.add_argument(
        "dir", nargs="?", type=Path, help="dossier d'une langue (avec pack.yaml) ou dossier de contenu (fr/, nl/, en/)"
    )
    check.set_defaults(handler=_check)
    export = actions.add_parser("export", help="copier le contenu intégré dans un dossier à modifier")
    export.add_argument("dir", type=Path, help="dossier à créer (il ne doit pas exister, ou être vide)")
    export.set_defaults(handler=_export)


def _check(args: argparse.Namespace) -> int:
    from kiosk.content.check import check_dir, format_report
    from kiosk.content.loader import BUILTIN_PACKS

    from .files import describe_read_error, folder_problem

    folder = args.dir if args.dir is not None else BUILTIN_PACKS
    problem = folder_problem(folder)
    if problem:
        print(
            f"kiosk content check : {problem} Donnez le dossier de contenu (avec fr/, nl/, en/) "
            "ou celui d'une langue (avec pack.yaml).",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    print(f"Vérification de {folder}")
    try:
        problems = check_dir(folder)
    except OSError as exc:
        print(f"kiosk content check : {describe_read_error(exc, Path(exc.filename or folder))}", file=sys.stderr)
        return EXIT_ERRORS
    print(format_report(problems))
    return EXIT_ERRORS if any(not p.warning for p in problems) else 0


def _export_problem(target: Path) -> str | None:
    """Why ``target`` cannot receive the copy (None when it can)."""
    try:
        if target.is_dir():
            return (
                f"{target} existe déjà et n'est pas vide ; choisissez un autre dossier."
                if any(target.iterdir())
                else None
            )
        if target.exists() or target.is_symlink():
            return f"{target} est un fichier, pas un dossier ; choisissez un dossier à créer."
    except OSError as exc:
        from .files import describe_read_error

        return describe_read_error(exc, target)
    return None


def _copy_packs(source: Path, target: Path) -> None:
    """Copy the packs file by file; the first failure stops the copy (raised with its path)."""
    for path in sorted(source.rglob("*")):
        if "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        dest = target / path.relative_to(source)
        try:
            if path.is_dir():
                dest.mkdir(exist_ok=True)
            else:
                shutil.copy2(path, dest)
        except OSError as exc:
            if not exc.filename:
                exc.filename = str(dest)
            raise


def _export(args: argparse.Namespace) -> int:
    from kiosk.content.loader import BUILTIN_PACKS

    from .files import describe_write_error

    target: Path = args.dir
    problem = _export_problem(target)
    if problem:
        print(f"kiosk content export : {problem}", file=sys.stderr)
        return EXIT_ERRORS
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"kiosk content export : {describe_write_error(exc, target)}", file=sys.stderr)
        return EXIT_ERRORS
    try:
        _copy_packs(BUILTIN_PACKS, target)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else target
        print(
            f"kiosk content export : copie incomplète : {describe_write_error(exc, where)} "
            f"Supprimez {target} et recommencez ailleurs.",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    print(f"Contenu copié dans {target}.")
    print("Pour que le kiosque l'utilise, ajoutez dans config.toml :")
    print(f'    content_dir = "{target.resolve()}"')
    print(f"Après chaque modification : kiosk content check {target}")
    return 0
