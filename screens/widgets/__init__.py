"""Widgets shared by the kiosk's screens."""

from pathlib import Path

from .chrome import EmergencyStrip, KeyHints, TopBar, format_emergency
from .menu import MAX_CHOICES, DigitMenu

#: The shared widgets' styles (widgets cannot have a CSS_PATH): loaded by the app's CSS_PATH.
WIDGETS_TCSS = Path(__file__).with_name("widgets.tcss")

__all__ = ["WIDGETS_TCSS", "MAX_CHOICES", "DigitMenu", "EmergencyStrip", "KeyHints", "TopBar", "format_emergency"]
