"""``kiosk poster --role ROLE --out FILE.pdf``: the A4 poster of a role, one page per language.

``.pdf`` gets a real PDF (fpdf2: vector QR codes, Helvetica); ``.svg`` the same page as
SVG; any other extension is refused (exit 2). Nothing here ends in a traceback: a path
that cannot be written is told with its real cause (exit 1).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import unicodedata
from pathlib import Path

__all__ = ["register"]

EXIT_FAILED, EXIT_USAGE = 1, 2
ROLES = ("eleve", "parent", "equipe")
FORMATS = (".pdf", ".svg")
MAX_WHERE = 120


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``poster``."""
    poster = sub.add_parser(
        "poster",
        help="affiche A4 à imprimer (PDF ou SVG) des lignes d'aide d'un rôle",
        description="Affiche A4 d'une page pour un public et une langue : titre, lieu du kiosque, "
        "numéros d'urgence, lignes d'aide et centres PMS avec leurs codes QR, "
        "date de vérification la plus ancienne des numéros.",
    )
    poster.add_argument("--role", required=True, help="public : eleve, parent ou equipe")
    poster.add_argument("--out", required=True, type=Path, metavar="FICHIER", help="fichier à écrire : .pdf ou .svg")
    poster.add_argument(
        "--lang",
        dest="poster_lang",
        metavar="LANGUE",
        help="langue de l'affiche : fr, nl ou en (défaut : celle du kiosque)",
    )
    poster.add_argument(
        "--where",
        default="",
        metavar="LIEU",
        help='où se trouve le kiosque, par ex. "Infirmerie, 1er étage" (sinon une ligne à remplir à la main)',
    )
    poster.set_defaults(handler=_poster)


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"kiosk poster : {message}", file=sys.stderr)
    return code


def _where_problem(where: str) -> str | None:
    if len(where) > MAX_WHERE:
        return f"--where est trop long ({len(where)} caractères, au plus {MAX_WHERE})."
    if any(unicodedata.category(ch).startswith("C") for ch in where):
        return "--where contient un caractère de contrôle : écrivez seulement le lieu, sur une ligne."
    return None


def _usage_problem(args: argparse.Namespace) -> str | None:
    if args.role not in ROLES:
        return f"rôle inconnu « {args.role} » : choisissez eleve, parent ou equipe."
    suffix = args.out.suffix.lower()
    if suffix not in FORMATS:
        shown = f"« {suffix} »" if suffix else "aucune extension"
        return f"{shown} pour --out : l'affiche s'écrit en .pdf (à imprimer) ou en .svg."
    return _where_problem(args.where)


def _poster(args: argparse.Namespace) -> int:
    problem = _usage_problem(args)
    if problem:
        return _fail(problem)
    from kiosk.content import LANGS, load_pack
    from kiosk.content.poster import poster_layout, poster_pdf, poster_svg

    config = args.load_config(args)
    lang = args.poster_lang or config.lang
    if lang not in LANGS:
        return _fail(f"langue inconnue « {lang} » : choisissez fr, nl ou en.")
    result = load_pack(lang, config.content_dir)
    for problem in result.problems:
        print(f"kiosk poster : {problem}", file=sys.stderr)
    poster = poster_layout(result.pack, args.role, args.where)
    if not poster.entries:
        return _fail(f"aucun contact avec un numéro pour le rôle « {args.role} » : rien à imprimer.", EXIT_FAILED)
    data = poster_pdf(poster) if args.out.suffix.lower() == ".pdf" else poster_svg(poster).encode("utf-8")
    error = _write(args.out, data)
    if error:
        return _fail(error, EXIT_FAILED)
    print(
        f"Affiche « {args.role} » ({lang}) : {len(poster.lines)} lignes d'aide, {len(poster.pms)} centres PMS, "
        f"1 page A4 : {args.out}"
    )
    if poster.verified is None:
        print("Aucun des contacts de l'affiche n'a de date de vérification (updated) : voir « kiosk content check ».")
    else:
        print(
            f"Date imprimée : {poster.verified:%d/%m/%Y}, la vérification la plus ancienne des contacts montrés"
            + (f" ({len(poster.undated)} sans date)." if poster.undated else ".")
        )
    print("Imprimez à 100 % (taille réelle), sans « ajuster à la page ».")
    return 0


def _write(out: Path, data: bytes) -> str | None:
    """Write ``data`` whole (temporary file, then rename): a half-written poster never stays."""
    from .files import describe_write_error

    if out.is_dir():
        return f"{out} est un dossier : donnez un nom de fichier, par ex. {out / 'affiche.pdf'}."
    temp = None
    try:
        fd, temp = tempfile.mkstemp(prefix=".affiche-", suffix=".tmp", dir=out.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, out)
        temp = None
    except OSError as exc:
        return describe_write_error(exc, out)
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
    return None
