"""Moved to :mod:`kiosk.screens.widgets.literal` (one literal-text widget for console and student side)."""

from __future__ import annotations

from ..widgets.literal import CONTROL_STYLE, literal, visible

__all__ = ["CONTROL_STYLE", "literal", "visible"]
