"""PMS commands: ``init``, ``notes export|purge|bundle|import``, ``status``, ``passphrase change`` (issues 5, 6)."""

from __future__ import annotations

import argparse

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the PMS commands."""
