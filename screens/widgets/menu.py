"""DigitMenu: a list of at most 9 choices, each shown with its digit before its label."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

__all__ = ["DigitMenu", "MAX_CHOICES", "NumberedChoices", "on_top_only"]

MAX_CHOICES = 9

_Screen = TypeVar("_Screen")
_Choice = TypeVar("_Choice", bound=Message)


class NumberedChoices:
    """What numbered choices do, whatever draws them (:class:`DigitMenu`, the console dialogs'
    ``ChoiceLines``): at most :data:`MAX_CHOICES` values, one chosen by its number."""

    if TYPE_CHECKING:  # given by the widget this is mixed into

        class Chosen(Message):
            def __init__(self, source: Any, value: Any) -> None: ...

        highlighted: int | None

        def post_message(self, message: Message) -> bool: ...

    _values: list[Any]

    def _keep_values(self, choices: list[tuple[str, Any]]) -> None:
        if len(choices) > MAX_CHOICES:
            raise ValueError(f"at most {MAX_CHOICES} choices, got {len(choices)}")
        self._values = [value for _, value in choices]

    def choose(self, number: int) -> bool:
        """Choose choice ``number`` (1-based): highlight it and post :class:`Chosen`; False when
        there is no such choice."""
        if not 1 <= number <= len(self._values):
            return False
        self.highlighted = number - 1
        self.post_message(self.Chosen(self, self._values[number - 1]))
        return True


class DigitMenu(NumberedChoices, OptionList):
    """Choices ``1 label`` … ``9 label``; arrows, Enter, the mouse and the digits choose.

    The digits are bound by :class:`~kiosk.screens.base.KioskScreen`, which calls
    :meth:`choose`, so they work wherever the focus is (except in a text field).
    """

    class Chosen(Message):
        """A choice was made; ``value`` is what was given with its label."""

        def __init__(self, menu: DigitMenu, value: Any) -> None:
            super().__init__()
            self.menu = menu
            self.value = value

        @property
        def control(self) -> DigitMenu:
            """The menu that was used."""
            return self.menu

    def __init__(self, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        self._keep_values(choices)
        options = [Option(self._prompt(n, label)) for n, (label, _) in enumerate(choices, start=1)]
        super().__init__(*options, **kwargs)

    @staticmethod
    def _prompt(number: int, label: str) -> Text:
        # The digit is text, not colour: readable in any terminal and by anyone.
        return Text.assemble((f" {number} ", "bold reverse"), f"  {label}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on an option: report it as a choice."""
        event.stop()
        self.post_message(self.Chosen(self, self._values[event.option_index]))


def on_top_only(handler: Callable[[_Screen, _Choice], None]) -> Callable[[_Screen, _Choice], None]:
    """Decorate a screen's ``on_digit_menu_chosen`` (or a console dialog's choice handler): a choice
    reaching a screen that is no longer on top is dropped.

    Two digits typed fast both choose on the same menu before the first choice's screen covers
    it; the second must not open a screen too. The check runs when the screen handles the
    choice (not when the key is pressed), which is the only moment it can be known.
    """

    @wraps(handler)
    def guarded(screen: _Screen, event: _Choice) -> None:
        if not getattr(screen, "is_active", True):
            event.stop()
            return
        handler(screen, event)

    return guarded
