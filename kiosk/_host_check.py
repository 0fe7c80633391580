"""Proof for the type checker that :class:`KioskApp` is what the screens expect.

Screens type ``self.host`` as :class:`kiosk.screens.host.KioskHost` without importing
``kiosk`` (tests/test_layering.py). ``.ci/typecheck`` checks this module: if the app
loses an attribute or method of the protocol, or types it differently, the assignment
below fails CI. Nothing imports this module at run time.
"""

from __future__ import annotations

from kiosk.app import KioskApp
from kiosk.screens.host import KioskHost

__all__: list[str] = []


def _app_is_a_host(app: KioskApp) -> KioskHost:
    return app
