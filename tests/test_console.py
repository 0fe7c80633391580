"""The PMS console end to end (Pilot at 80×24 on a real NoteStore with a cheap KDF).

Unlock (ok, wrong, delay, not initialised, write-only, demo passphrase), inbox order and
filters, a note shown literally, status / memo / reply, purge, idle lock, quick exit,
leaving the kiosk.
"""

from __future__ import annotations

import json
import time

import pytest
from test_console_support import (
    MARKUP_NOTE,
    PASSPHRASE,
    SIZE,
    cheap_store,
    console_store,
    open_unlock,
    screen_text,
    seed,
    settle,
    submit,
    unlock,
)

from kiosk.content.errors import translate_error
from kiosk.screens.console.dialogs import ConfirmDialog, TextDialog
from kiosk.screens.console.inbox import InboxScreen
from kiosk.screens.console.note_body import NoteBody
from kiosk.screens.console.note_list import NoteList
from kiosk.screens.console.note_view import NoteViewScreen
from kiosk.screens.console.unlock import UnlockScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.welcome import WelcomeScreen
from kiosk.store import NoteStore, WrongPassphrase


def status_line(app) -> str:
    return str(app.screen.query_one("#console-status").render())


def table_rows(app) -> list[list[str]]:
    """The cells of every row of the inbox list, as plain text."""
    note_list = app.screen.query_one("#inbox", NoteList)
    return [[cell.plain for cell in note_list._cells(item)] for item in note_list.items]


# -- unlock ------------------------------------------------------------------------------


async def test_unlock_opens_the_inbox(make_app, tmp_data_dir):
    seed(tmp_data_dir)
    app = make_app(store=console_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await open_unlock(app, pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "demo" not in screen_text(app).lower()
        await submit(app, pilot, PASSPHRASE)
        assert isinstance(app.screen, InboxScreen)
        assert app.pms_session is not None


async def test_wrong_passphrase_says_so_and_stays(make_app, tmp_data_dir):
    seed(tmp_data_dir)
    app = make_app(store=console_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await open_unlock(app, pilot)
        await submit(app, pilot, "pas la bonne")
        assert isinstance(app.screen, UnlockScreen)
        assert "Phrase de passe incorrecte." in screen_text(app)
        assert app.pms_session is None
        assert app.screen.query_one("#passphrase").value == ""


async def test_repeated_failures_show_the_remaining_wait(make_app, tmp_data_dir):
    seed(tmp_data_dir)
    store = cheap_store(tmp_data_dir)
    for _ in range(5):  # five free failures; the fifth sets the first delay (persisted on disk)
        with pytest.raises(WrongPassphrase):
            store.unlock("non")
    # Later failures double the wait; write a long one (docs/stockage.md: unlock.json) so the
    # test does not depend on how fast this machine is.
    state = json.loads((tmp_data_dir / "unlock.json").read_text(encoding="utf-8"))
    state["not_before"] = time.time() + 60
    (tmp_data_dir / "unlock.json").write_text(json.dumps(state), encoding="utf-8")
    app = make_app(store=console_store(tmp_data_dir))  # a fresh store object: the delay comes from disk
    async with app.run_test(size=SIZE) as pilot:
        await open_unlock(app, pilot)
        text = screen_text(app)
        assert "Trop d'essais : attendez encore 60 s" in text or "attendez encore 59 s" in text
        await submit(app, pilot, PASSPHRASE)  # refused while the delay runs
        assert isinstance(app.screen, UnlockScreen)
        assert "attendez encore" in screen_text(app)


async def test_not_initialized_says_run_kiosk_init(make_app, tmp_data_dir):
    app = make_app(store=console_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await open_unlock(app, pilot)
        text = screen_text(app)
        assert "Le kiosque n'est pas initialisé : lancez `kiosk init`" in text
        assert not app.screen.query("#passphrase")
        await pilot.press("enter")  # OK
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_write_only_kiosk_points_to_the_pms_machine(make_app, tmp_data_dir, tmp_path):
    other = tmp_path / "pms"
    other.mkdir()
    cheap_store(other).initialize(PASSPHRASE)
    NoteStore(tmp_data_dir).initialize_public_only(other / "public.key")
    app = make_app(store=console_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await open_unlock(app, pilot)
        assert "se lisent sur l'ordinateur du centre PMS" in str(app.screen.query_one("#unlock-blocked").render())
        assert not app.screen.query("#passphrase")


async def test_demo_mode_shows_the_demo_passphrase(make_app, tmp_data_dir):
    seed(tmp_data_dir)
    app = make_app(demo=True, store=console_store(tmp_data_dir))
    app.demo_passphrase = "demo demo demo"
    async with app.run_test(size=SIZE) as pilot:
        await open_unlock(app, pilot)
        assert "Démo — phrase de passe : demo demo demo" in screen_text(app)


# -- inbox ---------------------------------------------------------------------------------


async def test_inbox_urgent_first_then_newest_with_counts(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        rows = table_rows(app)
        assert [row[4] for row in rows] == [
            "J'ai peur ce soir",
            "On se moque de moi en ligne",
            rows[2][4],
            "Ancienne histoire",
        ]
        assert rows[0][2] == "URGENT" and rows[1][2] == ""
        assert rows[2][4].startswith("[bold red]X[/]")
        assert rows[2][:2] == ["19/11/2026", "après-midi"]
        text = screen_text(app)
        assert "1 Nouveau (4)" in text and "2 En cours (0)" in text and "4 Tous (4) ✓" in text


def _old_treated_new_in_progress(receipts, store) -> None:
    session = store.unlock(PASSPHRASE)
    session.set_status(receipts["old"].note_id, "traite")
    session.set_status(receipts["new"].note_id, "en_cours")


async def test_filters_by_status_with_digits(unlocked_console):
    async with unlocked_console(prepare=_old_treated_new_in_progress) as (app, pilot, _):
        await pilot.press("2")
        await pilot.pause()
        assert [row[4] for row in table_rows(app)] == ["On se moque de moi en ligne"]
        assert "2 En cours (1) ✓" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        assert [row[3] for row in table_rows(app)] == ["traité"]
        await pilot.press("1")
        await pilot.pause()
        assert len(table_rows(app)) == 2
        assert "1 Nouveau (2) ✓" in screen_text(app)


async def test_store_and_content_problems_are_shown(make_app, tmp_data_dir):
    seed(tmp_data_dir)
    (tmp_data_dir / "quarantine").mkdir(exist_ok=True)
    (tmp_data_dir / "quarantine" / "notes-abime.json").write_text("{", encoding="utf-8")
    store = console_store(tmp_data_dir)
    app = make_app(store=store)
    app.content_problems.append("Le fichier contacts.yaml du PMS est invalide : ligne 3")
    async with app.run_test(size=SIZE) as pilot:
        await unlock(app, pilot)
        warning = str(app.screen.query_one("#console-warning").render())
        assert warning.startswith("⚠ Le fichier contacts.yaml")
        assert "+1 autres : touches 0 puis 4" in warning
        await pilot.press("0", "4")  # 0 Plus…, 4 Problèmes
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        body = str(app.screen.query_one("#confirm-body").render())
        assert store.problems and translate_error(app.t, store.problems[0]) in body
        assert "notes-abime.json" in body and "ne pas le supprimer" in body


# -- one note --------------------------------------------------------------------------------


async def open_row(app, pilot, row: int) -> None:
    app.screen.query_one("#inbox", NoteList).cursor = row
    await pilot.press("enter")
    await settle(app, pilot)  # the note is read in a worker
    assert isinstance(app.screen, NoteViewScreen)


async def test_a_console_with_n_plain_notes(unlocked_console):
    async with unlocked_console(notes=12) as (app, pilot, receipts):
        assert len(receipts) == 12
        assert sorted(row[4] for row in table_rows(app)) == sorted(f"Message {n}" for n in range(1, 13))


async def test_note_is_shown_literally(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        await open_row(app, pilot, 2)
        shown = dict(app.screen.query_one(NoteBody).parts)["text"]  # the note's text, as the body shows it
        assert shown.plain == MARKUP_NOTE.replace("\x1b", "\\x1b")
        text = screen_text(app)
        assert "[bold red]X[/]" in text
        assert "[link=http://example.org]y[/link]" in text
        assert "\\x1b[31mrouge" in text
        assert "a demandé à être recontacté : Léa, 3B" in text
        assert "Niveau : secondaire" in text


async def test_set_status_from_the_note(unlocked_console):
    async with unlocked_console() as (app, pilot, receipts):
        store = app.store
        await open_row(app, pilot, 0)
        await pilot.press("1")  # a filter digit: back to the list, never a status change
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen) and store.counts()["en_cours"] == 0
        await open_row(app, pilot, 0)
        await pilot.press("7")  # Statut…
        await settle(app, pilot)
        await pilot.press("2")  # en cours
        await settle(app, pilot)
        assert "Statut : en cours." in screen_text(app)
        assert store.counts()["en_cours"] == 1
        assert app.pms_session.read(receipts["urgent"].note_id).status == "en_cours"
        await pilot.press("backspace")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        await pilot.press("2")
        await settle(app, pilot)
        assert table_rows(app)[0][3] == "en cours"  # the list was reloaded


async def test_memo_is_saved_with_ctrl_s(unlocked_console):
    async with unlocked_console() as (app, pilot, receipts):
        await open_row(app, pilot, 0)
        await pilot.press("6")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert "Ctrl+S Enregistrer" in screen_text(app)
        await pilot.press(*"Appeler maman")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteViewScreen)
        memos = app.pms_session.read(receipts["urgent"].note_id).memos
        assert [memo.text for memo in memos] == ["Appeler maman"]
        assert "Appeler maman" in screen_text(app)


async def test_reply_is_readable_with_the_followup_code(unlocked_console):
    async with unlocked_console() as (app, pilot, receipts):
        store = app.store
        await open_row(app, pilot, 1)
        await pilot.press("5")
        await pilot.pause()
        await pilot.press(*"Passe au bureau PMS mardi")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Réponse enregistrée" in screen_text(app)
    view = store.open_followup(receipts["new"].code)
    assert view.messages[-1].author == "pms"
    assert view.messages[-1].text == "Passe au bureau PMS mardi"


# -- purge ---------------------------------------------------------------------------------------


def _old_and_new_treated(receipts, store) -> None:
    session = store.unlock(PASSPHRASE)
    session.set_status(receipts["old"].note_id, "traite")
    session.set_status(receipts["new"].note_id, "traite")


def purge_console(unlocked_console):
    """Two treated notes; "today" is 2026-11-21: the note of the 18th is older than 2 days."""
    return unlocked_console(retention_days=2, prepare=_old_and_new_treated)


async def test_purge_confirmed(unlocked_console):
    async with purge_console(unlocked_console) as (app, pilot, _):
        await pilot.press("0", "2")  # Plus…, Purger
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = screen_text(app)
        assert "Conservation : 2 jours. 1 message(s)" in text
        await pilot.press("1")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        assert status_line(app) == "1 message(s) supprimé(s)."
        assert len(table_rows(app)) == 3


async def test_purge_cancelled(unlocked_console):
    async with purge_console(unlocked_console) as (app, pilot, _):
        await pilot.press("0", "2")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert status_line(app) == "Purge annulée."
        assert len(table_rows(app)) == 4


async def test_audit_log_shows_actions_not_content(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        await open_row(app, pilot, 2)
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.press("9")
        await pilot.pause()
        text = screen_text(app)
        assert "Journal de la console" in text and "lecture" in text
        assert "bold red" not in text


# -- locking and leaving ----------------------------------------------------------------------------


async def test_console_locks_itself_when_idle(unlocked_console):
    async with unlocked_console(console_idle_seconds=10) as (app, pilot, _):
        await open_row(app, pilot, 0)
        session = app.pms_session
        app.last_activity = time.monotonic() - 11
        await pilot.pause(1.3)  # the inbox's one-second timer
        assert isinstance(app.screen, HomeScreen)
        assert app.pms_session is None
        assert session._private is None  # the key is forgotten


async def test_quick_exit_locks_the_session(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        await open_row(app, pilot, 2)
        session = app.pms_session
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.pms_session is None
        assert session._private is None
        assert not [s for s in app.screen_stack if isinstance(s, (InboxScreen, NoteViewScreen))]


async def test_back_from_the_inbox_locks(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        session = app.pms_session
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.pms_session is None and session._private is None


async def test_leave_kiosk_asks_then_exits(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        await pilot.press("0", "3")  # Plus…, Quitter le kiosque
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("2")  # no
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        session = app.pms_session
        await pilot.press("0", "3")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert session._private is None
    assert app.return_code == 0


async def test_demo_unlock_waits_for_the_demo_store(make_app, tmp_data_dir):
    store = console_store(tmp_data_dir)
    # The app's own seeding (a child process) is left out: the test fills the store below.
    app = make_app(demo=True, seed_demo=False, store=store)
    app.demo_passphrase = PASSPHRASE
    async with app.run_test(size=SIZE) as pilot:
        await open_unlock(app, pilot)
        assert not app.screen.query("#passphrase")
        assert "Préparation des messages de démonstration" in screen_text(app)
        store.initialize(PASSPHRASE)  # what the demo seeding does, a moment after start-up
        await pilot.pause(0.7)
        assert app.screen.query("#passphrase")
        await submit(app, pilot, PASSPHRASE)
        assert isinstance(app.screen, InboxScreen)


async def test_cursor_stays_on_the_note_after_coming_back(unlocked_console):
    async with unlocked_console() as (app, pilot, _):
        await open_row(app, pilot, 2)
        opened = app.screen._note_id
        await pilot.press("7", "3")  # Statut…, traité
        await settle(app, pilot)
        await pilot.press("backspace")
        await settle(app, pilot)
        note_list = app.screen.query_one("#inbox", NoteList)
        # A treated note leaves the "to do" group at the top: the cursor follows it.
        assert note_list.current.note_id == opened
        assert note_list.current.status == "traite"


async def recovery_screen(app, pilot):
    from kiosk.screens.console.recovery import RecoveryScreen

    await open_unlock(app, pilot)
    await pilot.click("#unlock-recovery")
    await pilot.pause()
    assert isinstance(app.screen, RecoveryScreen)


async def test_recovery_code_opens_and_sets_a_new_passphrase(make_app, tmp_data_dir):
    recovery = cheap_store(tmp_data_dir).initialize(PASSPHRASE)
    app = make_app(store=console_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await recovery_screen(app, pilot)
        app.screen.query_one("#recovery-code").value = recovery.lower()
        app.screen.query_one("#recovery-new").value = "nouvelle phrase"
        app.screen.query_one("#recovery-again").value = "nouvelle phrase"
        await pilot.click("#recovery-ok")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)
    assert cheap_store(tmp_data_dir).unlock("nouvelle phrase") is not None


async def test_recovery_refuses_a_wrong_code_or_mismatch(make_app, tmp_data_dir):
    cheap_store(tmp_data_dir).initialize(PASSPHRASE)
    app = make_app(store=console_store(tmp_data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await recovery_screen(app, pilot)
        screen = app.screen
        screen.query_one("#recovery-code").value = "AAAA-BBBB"
        screen.query_one("#recovery-new").value = "nouvelle phrase"
        screen.query_one("#recovery-again").value = "autre phrase!"
        await pilot.click("#recovery-ok")
        await pilot.pause()
        assert "pas identiques" in str(screen.query_one("#recovery-status").render())
        screen.query_one("#recovery-again").value = "nouvelle phrase"
        screen.query_one("#recovery-ok").press()  # a second click this soon would be a double click
        await settle(app, pilot)
        assert app.screen is screen
        assert "incorrect" in str(screen.query_one("#recovery-status").render())
        assert screen.query_one("#recovery-code").value == "AAAA-BBBB"
    assert cheap_store(tmp_data_dir).unlock(PASSPHRASE) is not None  # unchanged


def _reply_answer_and_memo(receipts, store) -> None:
    session = store.unlock(PASSPHRASE)
    note_id = receipts["new"].note_id
    session.reply(note_id, "Viens me voir mardi.")
    store.answer_followup(receipts["new"].code, "D'accord [b]merci[/b]")
    session.add_memo(note_id, "Prévenir l'éducateur")


async def test_conversation_shows_replies_answers_and_memos_in_order(unlocked_console):
    async with unlocked_console(prepare=_reply_answer_and_memo, size=(80, 40)) as (app, pilot, _):
        await open_row(app, pilot, 1)
        text = screen_text(app)
    order = [
        text.index(part)
        for part in (
            "On se moque de moi en ligne",
            "Réponse du PMS",
            "Viens me voir mardi.",
            "Réponse de l'élève",
            "D'accord [b]merci[/b]",
            "Mémos internes",
            "Prévenir l'éducateur",
        )
    ]
    assert order == sorted(order)
    assert "Contact : anonyme" in text
