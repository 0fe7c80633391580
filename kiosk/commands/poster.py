"""``kiosk poster --role ROLE --out FILE``: a printable A4 poster of a role's contacts (issue 4).

``FILE.html`` (or any other name) gets one HTML file with one SVG per A4 page;
``FILE.svg`` gets SVG pages (``FILE.svg``, ``FILE-2.svg``… when there are more than 8 contacts).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register"]

EXIT_USAGE = 2
ROLES = ("eleve", "parent", "equipe")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``poster``."""
    poster = sub.add_parser(
        "poster",
        help="affiche A4 imprimable des contacts d'un rôle",
        description="Affiche A4 (HTML ou SVG, noir sur blanc) des contacts d'un rôle, avec leurs codes QR.",
    )
    poster.add_argument("--role", required=True, help="eleve, parent ou equipe")
    poster.add_argument("--out", required=True, type=Path, metavar="FILE", help="fichier à écrire (.html, ou .svg)")
    poster.add_argument("--lang", dest="poster_lang", metavar="LANG", help="langue de l'affiche : fr, nl ou en (défaut : celle du kiosque)")
    poster.add_argument("--where", default="", help='où se trouve le kiosque, par ex. "Infirmerie, 1er étage"')
    poster.set_defaults(handler=_poster)


def _fail(message: str) -> int:
    print(f"kiosk poster : {message}", file=sys.stderr)
    return EXIT_USAGE


def _poster(args: argparse.Namespace) -> int:
    if args.role not in ROLES:
        return _fail(f"rôle inconnu « {args.role} » : choisissez eleve, parent ou equipe.")
    from kiosk.cli import load_config_or_exit
    from kiosk.content import LANGS, load_pack
    from kiosk.content.poster import poster_entries, poster_pages, role_contacts

    config = load_config_or_exit(args)
    lang = args.poster_lang or config.lang
    if lang not in LANGS:
        return _fail(f"langue inconnue « {lang} » : choisissez fr, nl ou en.")
    result = load_pack(lang, config.content_dir)
    for problem in result.problems:
        print(f"kiosk poster : {problem}", file=sys.stderr)
    pack = result.pack
    count = len(poster_entries(role_contacts(pack, args.role)))
    if count == 0:
        return _fail(f"aucun contact avec un numéro pour le rôle « {args.role} » : rien à imprimer.")
    pages = poster_pages(pack, args.role, args.where)
    written = _write(args.out, pages, pack.t(f"poster.title.{args.role}"), lang)
    print(f"{count} contacts, {len(pages)} page(s) A4 : {', '.join(str(p) for p in written)}")
    print("Imprimez à 100 % (taille réelle), sans « ajuster à la page ».")
    return 0


def _write(out: Path, pages: list[str], title: str, lang: str) -> list[Path]:
    from kiosk.content.poster import poster_html

    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() != ".svg":
        out.write_text(poster_html(pages, title, lang), encoding="utf-8")
        return [out]
    paths = [out] + [out.with_name(f"{out.stem}-{n}{out.suffix}") for n in range(2, len(pages) + 1)]
    for path, page in zip(paths, pages):
        path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + page + "\n", encoding="utf-8")
    return paths
