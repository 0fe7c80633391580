"""The kiosk's screens by role, the PMS console (``console/``) and widgets (``widgets/``).

Only the start-up screens are imported here; the others load when first opened.
"""

from .base import KioskScreen
from .welcome import WelcomeScreen

__all__ = ["KioskScreen", "WelcomeScreen"]
