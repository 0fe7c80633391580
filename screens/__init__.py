"""The kiosk's screens by role, the PMS console (``console/``) and widgets (``widgets/``).

Only the start-up screens are imported here; the others load when first opened.
"""

from pathlib import Path

from .base import KioskScreen
from .welcome import WelcomeScreen
from .widgets import WIDGETS_TCSS

_HERE = Path(__file__).resolve().parent

__all__ = ["STYLESHEETS", "KioskScreen", "WelcomeScreen"]

#: Styles the app loads at start-up (KioskApp.CSS_PATH): the shared widgets', and those of the
#: two visitor screens whose styles were default CSS before (no cost on their first push then;
#: a screen's own CSS_PATH costs a full re-parse on its first push, see styles.py).
STYLESHEETS = (WIDGETS_TCSS, *(_HERE / name for name in ("contacts.tcss", "procedure.tcss")))
