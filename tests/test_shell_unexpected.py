"""Issue 15: an unknown failure on a student screen is a kind sentence; the PMS sees the restart."""

from __future__ import annotations

import json
import subprocess
import sys

from test_notes_ui_followup import SIZE, FakeFollowups, open_code, text_of

from kiosk.screens.widgets.note_widgets import LimitedTextArea
from kiosk.store import NoteStore
from kiosk.store.crashlog import CrashSummary, record_crash


async def test_followup_open_failure_is_kind_and_recorded(make_app, tmp_data_dir):
    app = make_app(lang="nl", store=FakeFollowups(open_fails=RuntimeError("geheim 1234")))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_code(app, pilot, "soleil-pomme-42")
        await app.workers.wait_for_complete()
        said = text_of(screen, "#ask-status")
        assert "niet jouw schuld" in said and "112" in said  # the child's language
        assert "geheim" not in said and "RuntimeError" not in said
    record = (tmp_data_dir / "crashes.json").read_text()
    assert "RuntimeError" in record and "geheim" not in record
    assert json.loads(record)["caught"] == 1 and json.loads(record)["restarts"] == 0  # not a restart


async def test_followup_answer_failure_keeps_the_answer(make_app):
    app = make_app(store=FakeFollowups(answer_fails=KeyError("merci")))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_code(app, pilot, "soleil pomme 42")
        await pilot.press("tab", *"merci")  # the conversation has the focus first
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = text_of(screen, "#answer-status")
        assert "pas ta faute" in said and "KeyError" not in said
        area = screen.query_one("#answer-text", LimitedTextArea)
        assert area.text == "merci" and not area.read_only


async def test_console_says_the_kiosk_restarted(make_app, tmp_data_dir):
    for _ in range(2):
        try:
            raise RuntimeError("x")
        except RuntimeError as exc:
            record_crash(tmp_data_dir, exc)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.crash_summary, CrashSummary)
        [notice] = app.restart_notices()
        assert "a redémarré après une erreur (2 fois" in notice
        assert ("matin" in notice) or ("après-midi" in notice)


async def test_console_counts_caught_failures_apart(make_app, tmp_data_dir):
    from kiosk.store.crashlog import append_entry, crash_entry

    try:
        raise RuntimeError("x")
    except RuntimeError as exc:
        append_entry(tmp_data_dir, crash_entry(exc, restarted=False))
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.restart_notices() == [
            "1 unexpected error(s) on a student screen: the text stayed on screen with the emergency numbers. "
            "Technical details without content: crashes.json."
        ]


async def test_no_crash_no_notice(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.restart_notices() == []


def test_status_says_the_kiosk_restarted(tmp_data_dir, tmp_path):
    store = NoteStore(tmp_data_dir, kdf="minimal")
    store.initialize("phrase de passe longue")
    try:
        raise ValueError("x")
    except ValueError as exc:
        record_crash(tmp_data_dir, exc)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "status", "--data-dir", str(tmp_data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "le kiosque a redémarré après une erreur (1 fois" in result.stdout
    assert json.loads((tmp_data_dir / "crashes.json").read_text())["restarts"] == 1


async def test_demo_seeding_failure_is_said_in_the_language_on_screen(make_app):
    from kiosk.app import DemoNotSeeded

    app = make_app(lang="en")
    said: list[str] = []
    app.notify = lambda message, **options: said.append(message) if options.get("markup") is False else None
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(DemoNotSeeded("no space left"))
        app.post_message(DemoNotSeeded("[bold]\x1b[31m[/]"))  # hostile: another process's output
        await pilot.pause()
    assert said == ["Demo: examples not created (no space left)", "Demo: examples not created ([bold]\x1b[31m[/])"]
