"""Issue 10 at 80×24 (Pilot, real NoteStore with a cheap KDF): the reply loop as a child and
as PMS staff live it — a treated note reopened by the child's answer, a broken kiosk said
before the form, the console's digits, undo, deletion, journal and badge, the follow-up view
and the receipt."""

from __future__ import annotations

import os
from typing import Any

import pytest
from test_console_support import PASSPHRASE, SIZE, cheap_store, console_store, screen_text, seed, settle, unlock
from textual.widgets import Static

from kiosk.screens.console.dialogs import ChoiceDialog, ConfirmDialog
from kiosk.screens.console.inbox import InboxScreen
from kiosk.screens.console.note_list import NoteList
from kiosk.screens.console.note_view import NoteViewScreen
from kiosk.screens.followup import FollowupScreen
from kiosk.screens.note_form import NoteScreen
from kiosk.screens.notes import DangerScreen, ReceiptScreen
from kiosk.screens.widgets.note_widgets import ConversationView, LimitedTextArea
from kiosk.store import StoreError, readiness


def rows(app: Any) -> list[list[str]]:
    note_list = app.screen.query_one("#inbox", NoteList)
    return [[cell.plain for cell in note_list._cells(item)] for item in note_list.items]


def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data folder refuses writes, as a read-only mount does (root ignores chmod)."""
    real = os.access
    monkeypatch.setattr(readiness.os, "access", lambda p, mode: False if mode & os.W_OK else real(p, mode))


async def open_code(app: Any, pilot: Any, code: str) -> FollowupScreen:
    await app.push_screen(FollowupScreen())
    await pilot.pause()
    await pilot.press(*code, "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, FollowupScreen)
    return app.screen


async def open_note_row(app: Any, pilot: Any, note_id: str) -> NoteViewScreen:
    note_list = app.screen.query_one("#inbox", NoteList)
    note_list.cursor = [item.note_id for item in note_list.items].index(note_id)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, NoteViewScreen)
    return app.screen


# -- point 1: the child's answer reopens a treated note ------------------------------------------


async def test_treated_then_student_answer_then_flagged_in_the_inbox(make_app, tmp_data_dir):
    receipts = seed(tmp_data_dir)
    session = cheap_store(tmp_data_dir).unlock(PASSPHRASE)
    note_id = receipts["old"].note_id
    session.reply(note_id, "Viens au PMS mardi.")
    session.set_status(note_id, "traite")
    session.set_status(receipts["markup"].note_id, "en_cours")
    store = console_store(tmp_data_dir)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_code(app, pilot, receipts["old"].code)
        await pilot.press("tab", *"merci", "space", *"mais", "space", *"ca", "space", *"continue", "ctrl+s")
        await settle(app, pilot)
        assert "Envoyé" in str(screen.query_one("#answer-status", Static).render())
        assert store.counts()["unread_answer"] == 1
        await pilot.press("escape")  # quick exit: the child leaves
        await pilot.pause()
        await unlock(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        text = screen_text(app)
        assert "Réponses d'élèves non lues : 1" in text  # the badge
        assert "1 Nouveau (3)" in text  # with the new ones, though its status is traité
        flagged = [row for row in rows(app) if row[3] == "✉ réponse"]
        assert len(flagged) == 1 and "Ancienne histoire" in flagged[0][4]
        # Sorted with the new notes (urgent first), above the note en cours.
        assert [row[3] for row in rows(app)] == ["nouveau", "nouveau", "✉ réponse", "en cours"]
        assert rows(app)[0][2] == "URGENT"
        view = await open_note_row(app, pilot, note_id)
        assert "mais ca continue" in screen_text(app)
        await pilot.press("backspace")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen) and view is not app.screen
        assert "non lues" not in screen_text(app) and not any(row[3] == "✉ réponse" for row in rows(app))
    assert store.counts()["unread_answer"] == 0


async def test_a_reply_from_the_console_sets_en_cours(unlocked_console):
    async with unlocked_console() as (app, pilot, receipts):
        store = app.store
        await open_note_row(app, pilot, receipts["new"].note_id)
        await pilot.press("5", *"On se voit lundi", "ctrl+s")
        await settle(app, pilot)
        assert "Statut : en cours" in screen_text(app)
    assert store.counts()["en_cours"] == 1


# -- point 4: a broken kiosk says so before the child writes -----------------------------------------


async def test_uninitialised_folder_shown_before_the_form_and_on_the_danger_screen(make_app, tmp_data_dir):
    app = make_app(store=cheap_store(tmp_data_dir))  # never initialised
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(DangerScreen())
        await settle(app, pilot)
        assert "ne peut pas prendre de message" in screen_text(app)
        await pilot.press("1")  # leave a note anyway: the note screen says it too
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, NoteScreen) and screen.readiness == "not_initialized"
        text = screen_text(app)
        assert "ne peut pas prendre ton message" in text and "112" in text and "infirmière" in text
        assert not screen.query_one("#note-text", LimitedTextArea).is_on_screen
        await pilot.press("1")  # Retour
        await pilot.pause()
        assert isinstance(app.screen, DangerScreen)


async def test_read_only_folder_shown_before_the_form_and_named_in_the_console(make_app, tmp_data_dir, monkeypatch):
    receipts = seed(tmp_data_dir)
    read_only(monkeypatch)
    app = make_app(store=console_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(NoteScreen())
        await settle(app, pilot)
        assert app.screen.readiness == "read_only"
        assert app.screen.query_one("#steps").current == "step-not-ready"
        assert "Si c'est grave, appelle" in screen_text(app)
        await pilot.press("backspace")
        await pilot.pause()
        # The follow-up still reads the conversation, but offers no answer field.
        screen = await open_code(app, pilot, receipts["new"].code)
        assert "On se moque de moi" in screen_text(app)
        assert "Tu ne peux pas répondre ici aujourd'hui" in screen_text(app)
        assert not screen.query_one("#answer-text", LimitedTextArea).is_on_screen
        await pilot.press("escape")
        await pilot.pause()
        await unlock(app, pilot)
        await settle(app, pilot)
        warning = str(app.screen.query_one("#console-warning", Static).render())
        assert warning.startswith("⚠ Le dossier des messages est en lecture seule : les élèves ne peuvent pas")


async def test_healthy_kiosk_shows_the_form(make_app, tmp_data_dir):
    seed(tmp_data_dir)
    app = make_app(store=console_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(NoteScreen(urgent=True))
        await settle(app, pilot)
        assert app.screen.readiness == "ok" and app.screen.query_one("#steps").current == "step-form"


# -- point 5: the console's digits, undo, deletion, journal ----------------------------------------------


def _one_wrong_passphrase(receipts, store) -> None:
    with pytest.raises(StoreError):
        store.unlock("pas la bonne phrase")


async def test_digits_undo_delete_and_journal(unlocked_console):
    async with unlocked_console(prepare=_one_wrong_passphrase) as (app, pilot, receipts):
        store = app.store
        text = screen_text(app)
        assert "1 Nouveau" in text and "4 Tous" in text and "9 Journal" in text and "0 Plus" in text
        note_id = receipts["urgent"].note_id
        await open_note_row(app, pilot, note_id)
        text = screen_text(app)
        assert "5 Répondre" in text and "7 Statut (nouveau)" in text and "8 Supprimer" in text
        # 3 is the "Traité" filter: in a note it goes back to the list, it never sets a status.
        await pilot.press("3")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen) and store.counts()["traite"] == 0
        await pilot.press("4")
        await settle(app, pilot)
        await open_note_row(app, pilot, note_id)
        await pilot.press("7")
        await settle(app, pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("3")  # traité
        await settle(app, pilot)
        assert "Statut : traité" in screen_text(app) and store.counts()["traite"] == 1
        await pilot.press("7")
        await settle(app, pilot)
        assert "Annuler le dernier changement (revenir à « nouveau »)" in screen_text(app)
        await pilot.press("4")  # undo
        await settle(app, pilot)
        assert "Changement annulé : statut nouveau" in screen_text(app) and store.counts()["traite"] == 0
        # Delete: asked first; "no" keeps it.
        await pilot.press("8")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog) and "définitivement" in screen_text(app)
        await pilot.press("2")
        await settle(app, pilot)
        assert "Rien n'a été supprimé" in screen_text(app)
        await pilot.press("8")
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen) and "Message supprimé." in screen_text(app)
        assert note_id not in [item.note_id for item in app.screen.query_one("#inbox", NoteList).items]
        await pilot.press("9")
        await settle(app, pilot)
        text = screen_text(app)
        for words in (
            "déverrouillage refusé",
            "déverrouillage",
            "lecture",
            "statut : traité",
            "statut : nouveau",
            "suppression",
        ):
            assert words in text, words
        assert "traite " not in text and "J'ai peur" not in text
    assert store.counts()["nouveau"] == 3


async def test_more_menu_locks_the_console(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        session = app.pms_session
        await pilot.press("0")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and "Verrouiller" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert session._private is None and not isinstance(app.screen, InboxScreen)


# -- point 6: the student's side -----------------------------------------------------------------------------


async def test_followup_first_line_and_opening_at_the_first_new_reply(make_app, tmp_data_dir):
    cheap_store(tmp_data_dir).initialize(PASSPHRASE)
    long_note = "\n".join(f"ligne {n} de mon message" for n in range(40))
    receipt = cheap_store(tmp_data_dir, day="2026-11-18").add_note(long_note)
    session = cheap_store(tmp_data_dir, day="2026-11-20", hour=15).unlock(PASSPHRASE)
    app = make_app(store=console_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_code(app, pilot, receipt.code)
        first = str(screen.query_one("#fu-first-line", Static).render())
        assert first.startswith("Le PMS n'a pas encore répondu.")
        conversation = screen.query_one(ConversationView)
        assert conversation.has_focus and conversation.scroll_y == 0  # at its start
        for key, check in (
            ("end", lambda y: y == conversation.max_scroll_y > 0),
            ("home", lambda y: y == 0),
            ("pagedown", lambda y: y > 0),
            ("pageup", lambda y: y == 0),
            ("down", lambda y: y == 1),
            ("up", lambda y: y == 0),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert check(conversation.scroll_y), key
        await pilot.press("escape")
        await pilot.pause()
        session.reply(receipt.note_id, "Merci de nous avoir écrit. Viens mardi.")
        screen = await open_code(app, pilot, receipt.code)
        first = str(screen.query_one("#fu-first-line", Static).render())
        assert first == "✉ Le PMS t'a répondu (20/11/2026, après-midi). Lis sa réponse ci-dessous."
        conversation = screen.query_one(ConversationView)
        head = conversation.query_one("#msg-1")
        # The new reply is in view (as high as the end of the conversation lets it go).
        assert conversation.scroll_y == conversation.max_scroll_y > 0
        assert conversation.region.contains_region(head.region)


async def test_receipt_says_when_and_how_to_keep_the_code_in_dutch(make_app, tmp_data_dir):
    seed(tmp_data_dir)
    store = console_store(tmp_data_dir)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        app.set_language("nl")
        await pilot.pause()
        await app.push_screen(ReceiptScreen(store.add_note("hallo")))
        await pilot.pause()
        text = screen_text(app)
        assert "schoolagenda" in text and "Het PMS leest de berichten elke schooldag." in text
        assert "papier" in text  # "zonder papier"
        assert "Le PMS" not in text
