"""KeyBar, a console screen's numbered actions in one widget: drawing, the current item, clicks."""

from __future__ import annotations

from pathlib import Path

from test_console_support import screen_text, settle
from textual.app import App, ComposeResult
from textual.screen import Screen

from kiosk.screens.console import keybar
from kiosk.screens.console.audit import AuditScreen
from kiosk.screens.console.keybar import KeyBar
from kiosk.screens.console.note_list import NoteList
from kiosk.screens.console.note_view import NoteViewScreen
from kiosk.screens.theme import KIOSK_VARIABLES

KEYBAR_TCSS = Path(keybar.__file__).with_name("keybar.tcss")


class Digits(Screen[None]):
    """One bar: ``1 Un  2 Deux`` then ``9 Neuf`` and a tail; records the digits chosen."""

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[int] = []

    def compose(self) -> ComposeResult:
        yield KeyBar([[1, 2], [9]], id="bar")

    def on_mount(self) -> None:
        self.query_one(KeyBar).show({1: "Un", 2: "Deux", 9: "Neuf"}, current=2, tail="✉ 3")

    def action_choose(self, number: int) -> None:
        self.chosen.append(number)


class Host(App[None]):
    CSS_PATH = KEYBAR_TCSS  # a widget has no CSS_PATH: its host loads its styles
    CSS = "KeyBar { height: 2; }"  # test host only: two rows

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(KIOSK_VARIABLES)

    def on_mount(self) -> None:
        self.push_screen(Digits())


def _line(bar: KeyBar, y: int) -> str:
    return "".join(segment.text for segment in bar.render_line(y))


async def test_items_digit_first_current_highlighted_tail_on_the_last_row():
    app = Host()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert _line(bar, 0).rstrip() == " 1 Un   2 Deux"
        assert _line(bar, 1).rstrip() == " 9 Neuf   ✉ 3"
        segments = list(bar.render_line(0))
        one, two = segments[0].style, segments[2].style
        assert one != two and two.bold and not one.bold  # the current item stands out
        assert bar.current == 2


async def test_a_click_on_an_item_chooses_its_digit_and_between_items_nothing():
    app = Host()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.click("#bar", offset=(9, 0))  # on "2 Deux"
        await pilot.click("#bar", offset=(6, 0))  # the gap after "1 Un"
        await pilot.click("#bar", offset=(2, 1))  # on "9 Neuf"
        await pilot.click("#bar", offset=(12, 1))  # on the tail: not an item
        await pilot.pause()
        assert app.screen.chosen == [2, 9]


async def test_the_inbox_bar_follows_the_filter_and_a_click_filters(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        bar = app.screen.query_one("#console-keys", KeyBar)
        assert bar.current == 4 and "4 Tous (4) ✓" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert bar.current == 2 and not app.screen.query_one("#inbox", NoteList).items
        start = _line(bar, 0).index(" 1 ")
        await pilot.click("#console-keys", offset=(start + 2, 0))  # on "1 Nouveau"
        await pilot.pause()
        assert bar.current == 1 and len(app.screen.query_one("#inbox", NoteList).items) == 4
        assert "1 Nouveau (4) ✓" in screen_text(app)


async def test_the_note_bar_says_the_status_and_a_click_on_9_opens_the_journal(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NoteViewScreen)
        bar = app.screen.query_one("#note-actions", KeyBar)
        assert bar.label(7) == "Statut (nouveau)…" and "7 Statut (nouveau)…" in screen_text(app)
        start = _line(bar, 0).index(" 9 ")
        await pilot.click("#note-actions", offset=(start + 2, 0))
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)


async def test_a_shorter_list_scrolls_within_its_new_length():
    """A filter changes the list's length without laying the screen out: the scrollbar and the
    scrolling must still follow the new length."""
    from test_console_note_list import Host as ListHost
    from test_console_note_list import Item

    app = ListHost(10_000)
    async with app.run_test(size=(80, 24)) as pilot:
        note_list = app.query_one(NoteList)
        await pilot.press("end")
        assert note_list.scroll_offset.y > 9_900
        note_list.set_items([Item(f"{n:08x}", f"note {n}") for n in range(30)])
        await pilot.pause()
        assert note_list.vertical_scrollbar.window_virtual_size == 30
        assert note_list.virtual_size.height == 30 and note_list.scroll_offset.y == 0
        await pilot.press("end")
        await pilot.pause()
        height = note_list.scrollable_content_region.height
        assert note_list.cursor == 29 and note_list.scroll_offset.y == note_list.max_scroll_y == 30 - height
        assert "note 29" in "".join(segment.text for segment in note_list.render_line(height - 1))


async def test_labels_too_long_for_the_gaps_drop_them_and_every_item_still_shows():
    app = Host()
    async with app.run_test(size=(17, 6)) as pilot:  # " 1 Un " + " 2 Deux " = 14 cells, 15 with the gap
        bar = app.screen.query_one(KeyBar)
        await pilot.pause()
        assert _line(bar, 0).rstrip() == " 1 Un   2 Deux"  # the gap still fits at 17
        await pilot.resize_terminal(14, 6)
        await pilot.pause()
        assert _line(bar, 0) == " 1 Un  2 Deux "  # no gap: "2 Deux" whole, not cut
        await pilot.click("#bar", offset=(7, 0))
        await pilot.pause()
        assert app.screen.chosen == [2]
