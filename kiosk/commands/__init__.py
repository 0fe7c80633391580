"""Subcommands of ``kiosk``: each module adds its own with ``register(subparsers)``.

A handler takes the parsed arguments and returns the exit code.
"""

from __future__ import annotations

import argparse

from . import content, pms, poster, sync

__all__ = ["register_all"]


def register_all(sub: argparse._SubParsersAction) -> None:
    """Add every subcommand to the ``kiosk`` parser."""
    for module in (content, pms, poster, sync):
        module.register(sub)
