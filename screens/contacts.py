"""Placeholder until its issue lands: the navigation to it is real."""

from .placeholder import PlaceholderScreen

__all__ = ["ContactCardScreen","ContactListScreen"]


class ContactCardScreen(PlaceholderScreen):
    """Placeholder."""

    def __init__(self, ref: str = "") -> None:
        super().__init__()


class ContactListScreen(PlaceholderScreen):
    """Placeholder."""

    def __init__(self, ref: str = "") -> None:
        super().__init__()
