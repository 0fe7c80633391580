"""Placeholder until its issue lands: the navigation to it is real."""

from .placeholder import PlaceholderScreen

__all__ = ["ProcedureScreen"]


class ProcedureScreen(PlaceholderScreen):
    """Placeholder."""

    def __init__(self, ref: str = "") -> None:
        super().__init__()
