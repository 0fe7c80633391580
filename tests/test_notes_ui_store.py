"""Notes UI on a real NoteStore (cheap KDF): sending, read-only data dir, follow-up."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from kiosk.screens.followup import FollowupScreen
from kiosk.screens.note_form import NoteScreen
from kiosk.screens.notes import ReceiptScreen
from kiosk.screens.widgets.note_widgets import ConversationView, LimitedTextArea
from kiosk.store import NoteStore, storage

SIZE = (80, 24)
PASSPHRASE = "une phrase de test assez longue"


def real_store(data_dir: Path, **kwargs: Any) -> NoteStore:
    """A store with the cheapest KDFs (tests only), initialized."""
    store = NoteStore(data_dir, kdf="minimal", code_kdf=(1, 8192), **kwargs)
    store.initialize(PASSPHRASE)
    return store


async def settle(app: Any, pilot: Any) -> None:
    """Let every worker finish and its result reach the screen."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    """Type ``text`` key by key (spaces included)."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def test_typed_note_lands_in_the_store_and_the_receipt_shows_its_code(make_app, tmp_data_dir):
    store = real_store(tmp_data_dir)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(NoteScreen())
        await pilot.press("1", "1")
        await type_text(pilot, "Sarah [bold]a peur")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
        code = str(app.screen.query_one("#code", Static).render()).strip()
    assert code.count("-") == 3  # three words and two digits (scheme 2)
    view = store.open_followup(code)
    assert view.messages[0].text == "Sarah [bold]a peur" and view.messages[0].author == "eleve"
    note = store.unlock(PASSPHRASE).read(view.note_id)
    assert note.answers.get("for_whom") == "moi" and note.answers.get("level") == "primaire"
    assert not note.urgent


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores file permissions")
async def test_read_only_data_dir_says_not_sent_and_keeps_the_draft(make_app, tmp_data_dir):
    store = real_store(tmp_data_dir)
    app = make_app(store=store)
    # Make every existing file and the dir read-only (restored after, for tmp cleanup).
    paths = [tmp_data_dir, *tmp_data_dir.iterdir()]
    for path in paths:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.push_screen(NoteScreen())
            await pilot.press("3", "3")
            await type_text(pilot, "aide moi")
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, NoteScreen)
            assert "Non envoyé" in str(screen.query_one("#note-status", Static).render())
            assert screen.query_one("#note-text", LimitedTextArea).text == "aide moi"
    finally:
        for path in paths:
            path.chmod(0o700 if path.is_dir() else 0o600)
    assert store.counts()["nouveau"] == 0


class _DiskFullOs:
    """The ``os`` module as the store sees it, but ``fsync`` says the disk is full."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


async def test_disk_full_says_not_sent_and_keeps_draft_and_answers(make_app, tmp_data_dir, monkeypatch):
    store = real_store(tmp_data_dir)
    app = make_app(store=store)
    monkeypatch.setattr(storage, "os", _DiskFullOs())
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(NoteScreen())
        await pilot.press("2", "2")
        await type_text(pilot, "aide moi")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        status = str(screen.query_one("#note-status", Static).render())
        assert "Non envoyé" in status and "toujours là" in status
        assert screen.query_one("#note-text", LimitedTextArea).text == "aide moi"
        assert (screen.for_whom, screen.level) == ("autre", "secondaire")
        monkeypatch.undo()  # space freed: the same draft goes out
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
    assert store.counts()["nouveau"] == 1


async def test_not_initialized_store_is_said_before_the_form(make_app, tmp_data_dir):
    """Issue 10 point 4: no form to fill in vain; who to talk to and the numbers instead."""
    app = make_app(store=NoteStore(tmp_data_dir, kdf="minimal", code_kdf=(1, 8192)))
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(NoteScreen(urgent=True))
        await settle(app, pilot)
        screen = app.screen
        assert screen.readiness == "not_initialized"
        assert screen.query_one("#steps").current == "step-not-ready"
        assert not screen.query_one("#note-text", LimitedTextArea).is_on_screen


async def open_code(app: Any, pilot: Any, code: str) -> FollowupScreen:
    """Push the follow-up screen, type ``code`` and press Enter."""
    await app.push_screen(FollowupScreen())
    await pilot.pause()
    await type_text(pilot, code)
    await pilot.press("enter")
    await settle(app, pilot)
    return app.screen


def conversation_text(screen: Any) -> str:
    """Every head and text of the conversation, in order."""
    view = screen.query_one(ConversationView)
    return "\n".join(str(w.render()) for w in view.query(Static))


async def test_unknown_code_is_said_kindly(make_app, tmp_data_dir):
    app = make_app(store=real_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_code(app, pilot, "lune-velo-42")
        status = str(screen.query_one("#ask-status", Static).render())
        assert "Ce code n'existe pas" in status
        assert not screen.query(ConversationView)


async def test_pms_reply_shows_under_the_code_and_the_answer_goes_to_the_store(make_app, tmp_data_dir):
    store = real_store(tmp_data_dir)
    app = make_app(store=store)
    receipt = store.add_note("On se moque de moi [red]tous les jours[/red]")
    session = store.unlock(PASSPHRASE)
    session.reply(receipt.note_id, "Merci. Viens au PMS [b]mardi[/b].")
    async with app.run_test(size=SIZE) as pilot:
        # Typed in capitals with spaces: the store normalises.
        screen = await open_code(app, pilot, receipt.code.upper().replace("-", " "))
        text = conversation_text(screen)
        assert "Toi ·" in text and "PMS ·" in text
        assert "matin" in text or "après-midi" in text
        # Markup is shown literally, as typed.
        assert "[red]tous les jours[/red]" in text and "[b]mardi[/b]" in text
        assert text.index("Toi ·") < text.index("PMS ·")
        assert screen.query_one("#code-input", Input).value == ""  # the code does not stay on screen
        await pilot.press("tab")  # from the conversation to the answer
        await type_text(pilot, "ok je viendrai")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Envoyé" in str(screen.query_one("#answer-status", Static).render())
        assert screen.query_one("#answer-text", LimitedTextArea).text == ""
        assert "ok je viendrai" in conversation_text(screen)
    messages = session.read(receipt.note_id).messages
    assert [(m.author, m.text) for m in messages][-1] == ("eleve", "ok je viendrai")


async def test_empty_answer_is_refused(make_app, tmp_data_dir):
    store = real_store(tmp_data_dir)
    app = make_app(store=store)
    receipt = store.add_note("coucou")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_code(app, pilot, receipt.code)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "vide" in str(screen.query_one("#answer-status", Static).render())
    assert len(store.open_followup(receipt.code).messages) == 1


async def test_escape_wipes_the_open_conversation(make_app, tmp_data_dir):
    store = real_store(tmp_data_dir)
    app = make_app(store=store)
    receipt = store.add_note("mon secret")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await open_code(app, pilot, receipt.code)
        await type_text(pilot, "brouillon")
        await pilot.press("escape")
        assert not any(isinstance(s, FollowupScreen) for s in app.screen_stack)
