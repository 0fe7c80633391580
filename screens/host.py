"""What the screens expect of the app that hosts them, typed.

Screens never import :mod:`kiosk` (the app imports them, tests/test_layering.py), so they
do not see ``KioskApp``'s type. They reach config, content and store through
``self.host`` (:class:`Hosted`), typed by the :class:`KioskHost` protocol below.
``kiosk/_host_check.py`` makes the type checker (``.ci/typecheck``) prove that ``KioskApp``
implements it: an attribute removed from the app, or typed differently, fails CI. Tests
may host screens on any app that provides these names (fake stores included).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from kiosk.content import ContentPack
    from kiosk.store import NoteStore, PmsSession

__all__ = ["HostConfig", "Hosted", "KioskHost", "host_of", "pinned_pack"]


class HostConfig(Protocol):
    """The configuration values screens read (``kiosk.config.KioskConfig`` has them)."""

    @property
    def data_dir(self) -> Path: ...
    @property
    def lang(self) -> str: ...
    @property
    def school_name(self) -> str: ...
    @property
    def retention_days(self) -> int: ...
    @property
    def console_idle_seconds(self) -> int: ...
    def reading_schedule(self, lang: str) -> str:
        """The school's text for ``lang``, or "" (the pack's own words are used then)."""
        ...


class KioskHost(Protocol):
    """The attributes and actions a screen may use on its app, beyond Textual's own."""

    #: The unlocked PMS session (set by the console, dropped by every wipe).
    pms_session: PmsSession | None

    @property
    def config(self) -> HostConfig: ...
    @property
    def content(self) -> ContentPack:
        """The pack of the language in use."""
        ...

    @property
    def content_problems(self) -> list[str]:
        """Why a custom pack was not used (shown in the PMS console)."""
        ...

    @property
    def store(self) -> NoteStore:
        """The note store of ``config.data_dir`` (handed to the app, or opened on first use)."""
        ...

    @property
    def demo(self) -> bool: ...
    @property
    def demo_passphrase(self) -> str: ...
    @property
    def ready(self) -> bool:
        """Config validated and content loaded (see :meth:`finish_start`)."""
        ...

    @property
    def last_activity(self) -> float: ...
    def t(self, key: str, /, **values: object) -> str:
        """A UI string of the current pack."""
        ...

    def set_language(self, lang: str) -> None:
        """Switch the pack and redraw every open screen in that language."""
        ...

    def finish_start(self) -> None:
        """Load config and content now if not done yet (idempotent)."""
        ...

    def quick_exit(self) -> None:
        """Wipe everything and show the welcome screen."""
        ...

    def action_back(self) -> None:
        """One screen back (never past welcome)."""
        ...

    def leave_kiosk(self) -> None:
        """Quit the app (only offered by the unlocked PMS console)."""
        ...

    def unexpected_failure(self, error: BaseException) -> str:
        """Record an unknown failure for the PMS; the kind sentence for the child."""
        ...

    def restart_notices(self) -> list[str]:
        """For the PMS console: the kiosk restarted after an error, when, how often."""
        ...


def host_of(node: DOMNode) -> KioskHost:
    """The app hosting ``node``, seen through :class:`KioskHost`."""
    return cast("KioskHost", node.app)


def pinned_pack(node: DOMNode | None) -> ContentPack | None:
    """The pack ``node``'s screen is pinned to (``pinned_pack``), None when it follows the app's."""
    while node is not None:
        pack = getattr(node, "pinned_pack", None)
        if pack is not None:
            return cast("ContentPack", pack)
        node = node.parent
    return None


class _InLanguage:
    """The app seen by a screen composed ahead in another language than the one shown.

    ``content`` and ``t`` are that language's; everything else is the app's.
    """

    _host: KioskHost
    content: ContentPack

    def __init__(self, host: KioskHost, pack: ContentPack) -> None:
        object.__setattr__(self, "_host", host)
        object.__setattr__(self, "content", pack)

    def t(self, key: str, /, **values: object) -> str:
        return self.content.t(key, **values)

    def __getattr__(self, name: str) -> object:
        return getattr(self._host, name)

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self._host, name, value)


class Hosted:
    """Mixin for screens and widgets: ``self.host`` is the app, typed as :class:`KioskHost`.

    A screen composed ahead for a language not shown yet (kiosk.ahead) carries that
    language's pack as ``pinned_pack``: its widgets then read their strings from it.
    """

    @property
    def host(self) -> KioskHost:
        """The app, as screens may use it (config, content, store, session, strings)."""
        node = cast("DOMNode", self)
        pack = pinned_pack(node)
        return host_of(node) if pack is None else cast("KioskHost", _InLanguage(host_of(node), pack))
