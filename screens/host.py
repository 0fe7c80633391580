"""What the screens expect of the app that hosts them.

Screens never import :mod:`kiosk` (the app imports them); they reach config, content
and store through ``self.app``, which fulfils this protocol. Tests host screens on
any app that provides these names.
"""

from __future__ import annotations

from typing import Any, Protocol

from kiosk.content import ContentPack

__all__ = ["KioskHost"]


class KioskHost(Protocol):
    """The attributes and actions a screen may use on ``self.app``."""

    config: Any  # a kiosk.config.KioskConfig: data_dir, lang, school_name, reading_schedule(lang)…
    content: ContentPack  # the pack of the language in use
    content_problems: list[str]  # why a custom pack was not used (shown in the PMS console)
    demo: bool
    kiosk_mode: bool
    ready: bool  # config validated and content loaded (see finish_start)

    @property
    def store(self) -> Any:
        """The :class:`kiosk.store.NoteStore` of ``config.data_dir`` (opened on first use)."""

    def t(self, key: str, /, **values: object) -> str:
        """A UI string of the current pack."""

    def set_language(self, lang: str) -> None:
        """Switch the pack and redraw home in that language."""

    def finish_start(self) -> None:
        """Load config and content now if not done yet (idempotent)."""

    def quick_exit(self) -> None:
        """Wipe everything and show the welcome screen."""

    def leave_kiosk(self) -> None:
        """Quit the app (only offered by the unlocked PMS console)."""
