"""Widgets shared by the kiosk's screens."""

from .chrome import EmergencyStrip, KeyHints, TopBar, format_emergency
from .menu import MAX_CHOICES, DigitMenu

__all__ = ["MAX_CHOICES", "DigitMenu", "EmergencyStrip", "KeyHints", "TopBar", "format_emergency"]
