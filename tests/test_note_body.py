"""NoteBody, the note view's body as one Line API widget: wrapping, literal text, scrolling, forgetting."""

from __future__ import annotations

from rich.text import Text
from test_console_support import MARKUP_NOTE, screen_text, settle
from textual.app import App, ComposeResult

from kiosk.screens.console.inbox import InboxScreen
from kiosk.screens.console.literal import literal
from kiosk.screens.console.note_body import INDENT, NoteBody
from kiosk.screens.console.note_list import NoteList
from kiosk.screens.console.note_view import NoteViewScreen

LONG = " ".join(f"mot{n}" for n in range(40))


class BodyApp(App[None]):
    """One body, 30 cells wide, nothing else."""

    def compose(self) -> ComposeResult:
        yield NoteBody([("heading", Text("Titre")), ("text", literal(f"{MARKUP_NOTE} {LONG}"))])


async def test_a_wrapped_text_keeps_its_indent_and_its_markup_literal():
    async with BodyApp().run_test(size=(30, 40)) as pilot:
        await pilot.pause()
        body = pilot.app.query_one(NoteBody)
        lines = body.plain.splitlines()
        assert lines[0] == "" and lines[1] == "Titre"  # a blank line before each heading
        text = lines[2:]
        assert len(text) > 3 and all(line.startswith(" " * INDENT) and line[INDENT] != " " for line in text)
        shown = "".join(line.strip() for line in text)
        assert "[bold red]X[/]" in shown and "\\x1b[31mrouge" in shown  # never interpreted
        assert max(len(line) for line in lines) <= 30


async def test_arrows_scroll_a_long_note_beside_its_scrollbar(unlocked_console):
    long_note = "\n".join(f"ligne {n} de mon message" for n in range(40))

    def prepare(receipts, store):
        store.add_note(long_note)

    async with unlocked_console(notes=0, prepare=prepare) as (app, pilot, _):
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NoteViewScreen)
        body = app.screen.query_one(NoteBody)
        assert body.has_focus and body.scroll_y == 0 and "ligne 39 de mon message" in body.plain
        for key, check in (
            ("end", lambda y: y == body.max_scroll_y > 0),
            ("home", lambda y: y == 0),
            ("down", lambda y: y == 1),
            ("pagedown", lambda y: y > 1),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert check(body.scroll_y), key
        # The lines leave room for the scrollbar: none is cut under it.
        assert body.virtual_size.width == body.scrollable_content_region.width < body.size.width
        # A reply on a note that already scrolls: the body grows (no layout needed), End shows it.
        before = body.max_scroll_y
        await pilot.press("5", *"A lundi", "ctrl+s")
        await settle(app, pilot)
        assert app.screen.query_one(NoteBody) is body and body.max_scroll_y >= before + 3
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y and "  A lundi" in screen_text(app)


async def test_the_body_forgets_the_note_when_the_screen_closes(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        app.screen.query_one("#inbox", NoteList).cursor = 2
        await pilot.press("enter")
        await settle(app, pilot)
        body = app.screen.query_one(NoteBody)
        assert "[bold red]X[/]" in body.plain
        await pilot.press("backspace")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        assert body.parts == [] and body.plain == "" and not body._cache and not body._painted
