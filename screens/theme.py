"""The kiosk's theme: the one place where colours are written as hex values.

Every ``.tcss`` file names its colours through this theme: Textual's own variables
(``$primary``, ``$foreground``, ``$background``, ``$panel``, ``$secondary``, ``$warning``)
and the kiosk's variables below (``$kiosk-highlight``, ``$kiosk-light``, ``$kiosk-on-light``,
``$kiosk-muted``, ``$kiosk-urgent``). High contrast, and close to the 16 ANSI colours so a Linux console
keeps it. It lives in ``screens`` (not ``kiosk``) because widgets that draw Rich styles
themselves (QR codes, page text) take their colours from it, and screens may not import
the app (tests/test_layering.py).
"""

from __future__ import annotations

from textual.theme import Theme

__all__ = ["KIOSK_THEME", "KIOSK_VARIABLES"]

#: The kiosk's own theme variables (``$name`` in .tcss files).
KIOSK_VARIABLES = {
    # Light backgrounds that must stand out: the follow-up code, the urgent tag, quick exit.
    "kiosk-light": "#ffffff",
    # Text on light backgrounds (yellow, white, grey, cyan).
    "kiosk-on-light": "#000000",
    # Key-hint bars, secondary text and frames.
    "kiosk-muted": "#c0c0c0",
    # Buttons to press, cursors, warnings, page headings. Not ``$primary``: Textual derives
    # that one through HSL and gets #feff00; the kiosk's yellow is the full ANSI one.
    "kiosk-highlight": "#ffff00",
    # The emergency numbers' strip.
    "kiosk-urgent": "#800000",
}

KIOSK_THEME = Theme(
    name="kiosk-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000080",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
    variables=KIOSK_VARIABLES,
)
