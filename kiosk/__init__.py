"""PMS Kiosk: an offline terminal kiosk against (cyber)harassment for Belgian schools.

Sub-packages (installed under this one namespace): :mod:`kiosk.screens` (Textual
screens and widgets), :mod:`kiosk.content` (content packs, no Textual),
:mod:`kiosk.store` (encrypted notes, no Textual). Nothing is imported here, so that
``import kiosk.store`` does not pull Textual in.
"""

__version__ = "0.1.0"
