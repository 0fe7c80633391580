"""The procedure for serious cases, as checklists a school head ticks on screen.

``ProcedureScreen`` lists the parts (digits choose one); a part opens
``ProcedurePartScreen``, its steps in a :class:`StepList` (Space, Enter or a
click ticks a step; ``[✓]`` says it in characters, not by colour alone). Ticks live in the ``ProcedureScreen``
object only: nothing is saved, and a quick exit (which pops the screens) wipes
them. With more than 9 parts, every part is shown in one scroll under its heading.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from kiosk.content import ProcedurePart

from .base import KioskScreen
from .widgets import DigitMenu
from .widgets.menu import MAX_CHOICES, on_top_only

__all__ = ["ProcedurePartScreen", "ProcedureScreen", "StepList"]

#: Ticked steps, by part id: the screens share the same sets, nothing else keeps them.
Ticks = dict[str, set[int]]


class StepList(OptionList):
    """The steps of one part, each shown ``[ ]`` or ``[✓]``: Space, Enter or a click ticks it.

    The box is a character, not a colour, so a tick reads in any terminal. The
    set of ticked step indexes is shared with :class:`ProcedureScreen` (never saved).
    """

    BINDINGS = [Binding("space", "select", show=False)]

    def __init__(self, part: ProcedurePart, ticked: set[int], **kwargs) -> None:
        self.part = part
        self.ticked = ticked
        super().__init__(*[Option(self._prompt(index)) for index in range(len(part.steps))], **kwargs)

    def line(self, index: int) -> str:
        """Step ``index`` as plain text, box first (``[✓] Éviter tout jugement``)."""
        return f"{'[✓]' if index in self.ticked else '[ ]'} {self.part.steps[index]}"

    def _prompt(self, index: int) -> Table:
        # A two-column grid gives wrapped lines a hanging indent under the step's text;
        # Text(...) is literal: a step is never read as markup.
        grid = Table.grid()
        grid.add_column(width=4, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text("[✓]" if index in self.ticked else "[ ]", style="bold"), Text(self.part.steps[index]))
        return grid

    def toggle(self, index: int) -> None:
        """Tick step ``index``, or untick it."""
        self.ticked.symmetric_difference_update({index})
        self.replace_option_prompt_at_index(index, self._prompt(index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter, Space or a click on a step."""
        event.stop()
        self.toggle(event.option_index)


def _part_label(part: ProcedurePart, ticked: set[int]) -> str:
    done = len(ticked)
    mark = " ✓" if done == len(part.steps) else ""
    return f"{part.title}  ({done}/{len(part.steps)}){mark}"


class ProcedureScreen(KioskScreen):
    """The parts of ``app.content.procedure``, to open one by one (or all at once past 9)."""

    CSS_PATH = "procedure.tcss"

    def __init__(self, ref: str = "") -> None:
        super().__init__()  # no id: a second one may be composed ahead while this one shows
        #: What has been ticked during this visit (never saved).
        self.ticks: Ticks = {}

    @property
    def screen_title(self) -> str:
        procedure = self.host.content.procedure
        return procedure.title if procedure is not None else self.host.t("procedure.title")

    @property
    def HINTS_KEY(self) -> str:  # type: ignore[override]  # noqa: N802 - the base class reads a class constant of that name
        procedure = self.host.content.procedure
        return "procedure.hints" if procedure is not None and len(procedure.parts) > MAX_CHOICES else ""

    def _ticked(self, part: ProcedurePart) -> set[int]:
        return self.ticks.setdefault(part.id, set())

    def compose_body(self) -> ComposeResult:
        procedure = self.host.content.procedure
        t = self.host.t
        if procedure is None or not procedure.parts:
            yield Label(t("procedure.none"), id="procedure-none", markup=False)
            return
        if len(procedure.parts) <= MAX_CHOICES:
            if procedure.intro:
                # The intro scrolls in a box of at most 7 lines: the parts stay in view at 80x24.
                with VerticalScroll(id="procedure-intro"):
                    yield from self._intro()
            choices = [(_part_label(part, self._ticked(part)), index) for index, part in enumerate(procedure.parts)]
            yield DigitMenu(choices, id="menu")
            yield Label(t("procedure.note"), id="procedure-note", markup=False)
            return
        with VerticalScroll(id="procedure-scroll"):
            yield from self._intro()
            yield Label(t("procedure.note"), id="procedure-note", markup=False)
            for number, part in enumerate(procedure.parts, start=1):
                yield Label(f"{number}. {part.title}", classes="part-heading", markup=False)
                if part.intro:
                    yield Label(part.intro, markup=False)
                yield StepList(part, self._ticked(part), id=f"steps-{part.id}")

    def _intro(self) -> ComposeResult:
        # The sources stay in the content files (and docs/content-sources.md): no editorial note on screen.
        procedure = self.host.content.procedure
        if procedure is not None and procedure.intro:
            yield Label(procedure.intro, markup=False)

    @on_top_only
    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """Open the chosen part's checklist."""
        procedure = self.host.content.procedure
        if procedure is None:
            return  # the menu is only shown for a pack with a procedure
        part = procedure.parts[event.value]
        self.app.push_screen(ProcedurePartScreen(part, self._ticked(part), number=event.value + 1))

    def on_screen_resume(self) -> None:
        """Back from a part: show how many of its steps are ticked."""
        procedure = self.host.content.procedure
        menus = self.query(DigitMenu)
        if procedure is None or not menus:
            return
        menu = menus.first()
        for index, part in enumerate(procedure.parts[: menu.option_count]):
            menu.replace_option_prompt_at_index(
                index, DigitMenu._prompt(index + 1, _part_label(part, self._ticked(part)))
            )


class ProcedurePartScreen(KioskScreen):
    """One part's steps, to tick with Space, Enter or a click; Backspace goes back to the parts."""

    CSS_PATH = "procedure.tcss"
    HINTS_KEY = "procedure.hints"

    def __init__(self, part: ProcedurePart, ticked: set[int], number: int = 1) -> None:
        # The top bar has room for a short title only: the part's full heading is the body's first line.
        super().__init__(id=f"procedure-{part.id}")
        self.part = part
        self.ticked = ticked
        self.heading = f"{number}. {part.title}"

    @property
    def screen_title(self) -> str:
        procedure = self.host.content.procedure
        return procedure.title if procedure else self.host.t("procedure.title")

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="procedure-scroll"):
            yield Label(self.heading, id="part-heading", markup=False)
            if self.part.intro:
                yield Label(self.part.intro, id="intro", markup=False)
            yield StepList(self.part, self.ticked, id="steps")
            yield Label(self.host.t("procedure.note"), id="procedure-note", markup=False)

    def on_mount(self) -> None:
        """The steps take the keyboard at once."""
        self.query_one(StepList).focus()
