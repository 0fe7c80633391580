"""Widgets shared by the kiosk's screens."""

from pathlib import Path

from .chrome import EmergencyStrip, KeyHints, TopBar, format_emergency
from .menu import MAX_CHOICES, DigitMenu

#: The shared widgets' styles (widgets cannot have a CSS_PATH): loaded by the app's CSS_PATH.
#: Resolved, as Textual resolves a relative CSS_PATH: the same file is then read once.
WIDGETS_TCSS = Path(__file__).resolve().with_name("widgets.tcss")

__all__ = ["WIDGETS_TCSS", "MAX_CHOICES", "DigitMenu", "EmergencyStrip", "KeyHints", "TopBar", "format_emergency"]
