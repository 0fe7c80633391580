"""Reading screens' ``.tcss`` files ahead, without Textual's full re-parse.

When a screen with a CSS_PATH is first pushed, Textual re-parses every stylesheet of the app
from scratch and restyles every widget: 40-60 ms on the kiosk's machine, on the key that opened
the screen. A file read here beforehand is parsed alone at the next restyle (the other sources
stay cached), and the screen's push then finds it loaded and does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from textual.css.stylesheet import Stylesheet

__all__ = ["read_ahead", "tcss_beside"]


@lru_cache(maxsize=16)
def tcss_beside(module_file: str) -> tuple[Path, ...]:
    """The .tcss files in the folder of ``module_file``, resolved as Textual resolves CSS_PATH.

    Looked up once per folder (the installed package does not change while the kiosk runs): the
    console's shells asked again each time one was composed, a folder scan on the UI thread."""
    return tuple(sorted(Path(module_file).resolve().parent.glob("*.tcss")))


def read_ahead(stylesheet: Stylesheet, paths: Iterable[Path]) -> None:
    """Add the files ``stylesheet`` has not read yet (parsed at its next use, nothing re-parsed)."""
    for path in paths:
        if not stylesheet.has_source(str(path), ""):
            stylesheet.read(path)
