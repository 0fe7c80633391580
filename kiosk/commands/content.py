"""``kiosk content check [DIR]``: validate a content pack folder (issue 3)."""

from __future__ import annotations

import argparse

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``content check``."""
    content = sub.add_parser("content", help="contenu : vérifier un dossier de contenu")
    actions = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="vérifier un dossier de contenu (défaut : le contenu intégré)")
    check.add_argument("dir", nargs="?", help="dossier d'un pack (fr/…) ou dossier de contenu (fr/, nl/, en/)")
    check.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    raise SystemExit("kiosk content check : pas encore disponible")
