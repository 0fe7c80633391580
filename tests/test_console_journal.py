"""AuditJournal, the audit log's line widget: columns, literal text, scrolling, the screen's layout."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult

from kiosk.screens.console import audit
from kiosk.screens.console.audit import AuditScreen
from kiosk.screens.console.journal import MAX_COLUMN, AuditJournal, journal_lines

TITLES = ["Date", "Moment", "Action", "Message"]


def test_columns_are_as_wide_as_their_widest_cell_and_the_last_is_left_whole():
    rows = [["21/11/2026", "matin", "lecture", "000000ad"], ["x", "après-midi", "réponse", "n1"]]
    lines = journal_lines(TITLES, rows)
    assert lines == [
        " Date        Moment      Action   Message",
        " 21/11/2026  matin       lecture  000000ad",
        " x           après-midi  réponse  n1",
    ]


def test_a_very_long_cell_is_cut_to_the_widest_column():
    lines = journal_lines(TITLES, [["d", "m", "a" * 100, "note"]])
    assert lines[1] == " d     m       " + "a" * MAX_COLUMN + "  note"


def test_a_stored_action_is_shown_literally_on_one_line():
    t = lambda key, **_: key  # noqa: E731 - every key unknown: the stored action is shown as stored
    entry = {"date": "", "part_of_day": "", "action": "[b]x[/b]\x1b[2J\nz", "note_id": "[red]n"}
    titles, rows = AuditScreen._cells(t, [entry])
    line = journal_lines(titles, rows)[1]
    assert "[b]x[/b]\\x1b[2J ⏎ z" in line and "[red]n" in line
    assert "\x1b" not in line and "\n" not in line


def test_a_damaged_entry_is_shown_as_text_and_never_hides_the_others():
    """Fields of the wrong type or missing (a log written by hand, a damaged file): each entry
    still gets one line, the wrong values shown as text, the good entry beside them intact."""
    t = lambda key, **_: key  # noqa: E731
    entries = [
        {"date": 20261121, "part_of_day": None, "action": ["lecture"], "note_id": {"x": 1}},
        {},
        {"date": "2026-11-21", "part_of_day": "am", "action": "lecture", "note_id": "000000ad"},
    ]
    titles, rows = AuditScreen._cells(t, entries)
    lines = journal_lines(titles, rows)
    assert len(lines) == 1 + len(entries)
    assert "['lecture']" in lines[1] and "{'x': 1}" in lines[1]
    assert lines[2].split()[-1] == "—"  # no note: the dash, as for an unlock
    assert "21/11/2026" in lines[3] and lines[3].rstrip().endswith("000000ad")


class Host(App[None]):
    """One journal of ``count`` entries."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        yield AuditJournal(id="journal")

    def on_mount(self) -> None:
        rows = [[f"{n:05d}", "matin", "lecture", f"n{n}"] for n in range(self.count)]
        self.query_one(AuditJournal).set_lines(journal_lines(TITLES, rows))
        self.query_one(AuditJournal).focus()


def shown(app: App[None]) -> list[str]:
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


async def test_it_opens_on_the_newest_and_the_keys_scroll():
    app = Host(500)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        journal = app.query_one(AuditJournal)
        assert journal.row_count == 500
        lines = shown(app)
        assert lines[0].startswith(" Date") and "00499" in lines[-1]  # header on top, newest at the bottom
        await pilot.press("home")
        lines = shown(app)
        assert lines[0].startswith(" Date") and "00000" in lines[1]
        await pilot.press("down", "down")
        assert "00002" in shown(app)[1]
        await pilot.press("pagedown")
        assert "00002" not in "".join(shown(app)) and shown(app)[0].startswith(" Date")
        await pilot.press("end")
        assert "00499" in shown(app)[-1]
        for _ in range(3):  # the mouse wheel scrolls too
            journal.post_message(events.MouseScrollUp(journal, 5, 5, 0, -1, 0, False, False, False))
        await pilot.pause()
        assert "00499" not in "".join(shown(app)) and shown(app)[0].startswith(" Date")


async def test_an_empty_journal_shows_its_header_only():
    app = Host(0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = shown(app)
        assert app.query_one(AuditJournal).row_count == 0
        assert lines[0].startswith(" Date") and not any(lines[1:])


async def test_a_long_log_shows_its_latest_entries_and_says_so(unlocked_console, monkeypatch):
    from test_console_support import screen_text, settle

    from kiosk.screens.console.note_list import NoteList

    monkeypatch.setattr(audit, "AUDIT_SHOWN", 2)
    async with unlocked_console() as (app, pilot, _):
        for row in (0, 1):  # unlocking, then two reads: three entries
            app.screen.query_one("#inbox", NoteList).cursor = row
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("backspace")
            await settle(app, pilot)
        await pilot.press("9")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        assert app.screen.query_one(AuditJournal).row_count == 2
        text = " ".join(screen_text(app).split())  # the intro wraps
        assert "3 action(s) enregistrée(s)" in text and "Les 2 dernières sont affichées." in text
        assert "déverrouillage" not in text and text.count("lecture") == 2
