"""``kiosk poster --role ROLE --out FILE``: a printable A4 poster of a role's contacts (issue 4)."""

from __future__ import annotations

import argparse

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``poster``."""
    poster = sub.add_parser("poster", help="affiche A4 imprimable des contacts d'un rôle")
    poster.set_defaults(handler=_poster)


def _poster(args: argparse.Namespace) -> int:
    raise SystemExit("kiosk poster : pas encore disponible")
