"""NoteList, the virtualised inbox list, on a bare host app: keys, click, literal cells."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult

from kiosk.screens.console import note_list
from kiosk.screens.console.literal import literal
from kiosk.screens.console.note_list import NoteList, layout_cells
from kiosk.screens.theme import KIOSK_VARIABLES

NOTE_LIST_TCSS = Path(note_list.__file__).with_name("note_list.tcss")


@dataclass
class Item:
    note_id: str
    text: str


class Host(App[None]):
    """One NoteList of ``count`` items; records the chosen ones."""

    CSS_PATH = NOTE_LIST_TCSS  # a widget has no CSS_PATH: its host loads its styles

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.chosen: list[str] = []

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(KIOSK_VARIABLES)  # the note list's .tcss names the kiosk theme's colours

    def compose(self) -> ComposeResult:
        yield NoteList(lambda item: [Text(item.note_id), literal(item.text, single_line=True)], id="list")

    def on_mount(self) -> None:
        note_list = self.query_one(NoteList)
        note_list.set_items([Item(f"{n:08x}", f"[b]note {n}[/b]\x1b") for n in range(self.count)])
        note_list.focus()

    def on_note_list_selected(self, event: NoteList.Selected) -> None:
        self.chosen.append(event.item.note_id)


async def test_keys_move_and_enter_chooses():
    app = Host(10_000)
    async with app.run_test(size=(80, 24)) as pilot:
        note_list = app.query_one(NoteList)
        await pilot.press("down", "down", "enter")
        assert note_list.cursor == 2
        await pilot.press("end")
        assert note_list.cursor == 9_999
        assert note_list.scroll_offset.y > 9_900  # the last row is on screen
        await pilot.press("home", "pagedown")
        assert note_list.cursor > 10 and note_list.scroll_offset.y > 0
        await pilot.press("up")
        await pilot.press("enter")
        await pilot.pause()
    assert app.chosen == ["00000002", f"{note_list.cursor:08x}"]


async def test_click_opens_the_row_clicked():
    app = Host(5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#list", offset=(3, 3))
        await pilot.pause()
    assert app.chosen == ["00000003"]


async def test_rows_render_literally_and_only_when_visible():
    app = Host(3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        note_list = app.query_one(NoteList)
        line = "".join(segment.text for segment in note_list.render_line(1))
        assert "[b]note 1[/b]\\x1b" in line
        assert note_list.render_line(10).cell_length == note_list.scrollable_content_region.width


def test_layout_cells_fixed_columns():
    line = layout_cells([Text("21/11/2026"), Text("matin"), Text("URGENT"), Text("nouveau"), Text("x" * 100)], 60)
    assert line.cell_len == 60
    assert line.plain.startswith("21/11/2026 matin      URGENT   nouveau     xxx")
    assert line.plain.endswith("…")


class KeyedHost(Host):
    """The list with a row key (the item's text): the cells are built only for a key not seen yet."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.built: list[str] = []

    def compose(self) -> ComposeResult:
        yield NoteList(self._row, row_key=lambda item: item.text, id="list")

    def _row(self, item: Item) -> list[Text]:
        self.built.append(item.note_id)
        return [Text(item.note_id), literal(item.text, single_line=True)]


async def test_a_row_key_reuses_the_lines_built_and_a_new_key_builds_again():
    app = KeyedHost(3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        note_list = app.query_one(NoteList)
        assert sorted(app.built) == ["00000000", "00000001", "00000002"]
        app.built.clear()
        note_list.set_items([Item(item.note_id, item.text) for item in note_list.items])  # same rows, new objects
        note_list.refresh()
        await pilot.pause()
        assert app.built == []
        note_list.set_items([Item("00000001", "changed"), *note_list.items[1:]])
        await pilot.pause()
        assert app.built == ["00000001"]
        assert "changed" in "".join(segment.text for segment in note_list.render_line(0))
