"""The console's modal dialogs on a bare host App (through their dismiss value), and literal()."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets import TextArea

from kiosk.screens.console.dialogs import ConfirmDialog, TextDialog
from kiosk.screens.console.literal import CONTROL_STYLE, literal, visible
from kiosk.screens.theme import KIOSK_VARIABLES

SIZE = (80, 24)


class Host(App[None]):
    """Pushes one dialog and records what it dismisses with."""

    def __init__(self, dialog: Any) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(KIOSK_VARIABLES)  # the dialogs' .tcss names the kiosk theme's colours

    def on_mount(self) -> None:
        self.push_screen(self.dialog, callback=self.results.append)


def text_dialog() -> TextDialog:
    return TextDialog(
        "Mémo",
        save_label="Enregistrer",
        cancel_label="Annuler",
        hints="Ctrl+S Enregistrer",
        empty_error="Le texte est vide.",
    )


async def test_text_dialog_ctrl_s_returns_the_text():
    app = Host(text_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"bonjour")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == ["bonjour"]


async def test_text_dialog_refuses_blank_text():
    app = Host(text_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert str(app.screen.query_one("#dialog-error").render()) == "Le texte est vide."


async def test_text_dialog_cancel_returns_none():
    app = Host(text_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"brouillon")
        await pilot.click("#dialog-cancel")
        await pilot.pause()
    assert app.results == [None]


async def test_text_dialog_keeps_markup_as_typed():
    app = Host(text_dialog())
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one(TextArea).text = "[b]gras[/b]"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == ["[b]gras[/b]"]


async def test_confirm_dialog_digits():
    for key, expected in (("1", True), ("2", False)):
        app = Host(ConfirmDialog("Purger", "Sûr ?", yes="Oui", no="Non"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(key)
            await pilot.pause()
        assert app.results == [expected]


async def test_confirm_dialog_enter_on_the_highlighted_choice():
    app = Host(ConfirmDialog("Purger", "Sûr ?", yes="Oui", no="Non"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.results == [False]


async def test_message_dialog_has_only_ok():
    app = Host(ConfirmDialog("Info", "Rien à purger.", yes="", no="OK"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # no second choice: ignored
        await pilot.pause()
        assert app.results == []
        await pilot.press("1")
        await pilot.pause()
    assert app.results == [False]


def test_literal_keeps_markup_and_shows_controls():
    text = literal("[bold red]X[/] \x1b[31m\x07\r\x9b\u202e!")
    assert text.plain == "[bold red]X[/] \\x1b[31m\\x07\\x0d\\x9b<U+202E>!"
    # Only the mapped controls are styled (reverse video), nothing came from the content.
    assert {span.style for span in text.spans} == {CONTROL_STYLE}
    assert text.plain[text.spans[0].start : text.spans[0].end] == "\\x1b"


def test_visible_single_line():
    assert visible("a\nb\tc", single_line=True) == "a ⏎ b    c"
    assert visible("a\nb") == "a\nb"
    assert visible("plain text") == "plain text"


async def test_text_dialog_save_failure_keeps_the_draft():
    dialog = TextDialog(
        "Réponse",
        save_label="Envoyer",
        cancel_label="Annuler",
        hints="",
        empty_error="vide",
        save=lambda text: "Pas enregistré : disque plein",
    )
    app = Host(dialog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"merci", "ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert app.screen.query_one(TextArea).text == "merci"
        assert "disque plein" in str(app.screen.query_one("#dialog-error").render())


class UnlockHost(Host):
    """A bare host with what UnlockScreen uses on ``self.app``: store, t, demo."""

    def __init__(self, store: Any) -> None:
        from kiosk.content import load_pack
        from kiosk.screens.console.unlock import UnlockScreen

        super().__init__(UnlockScreen())
        self.store = store
        self.demo, self.demo_passphrase = False, ""
        self.t = load_pack("fr").pack.t


async def test_unlock_screen_dismisses_a_session(tmp_data_dir):
    from test_console_support import PASSPHRASE, cheap_store

    store = cheap_store(tmp_data_dir)
    store.initialize(PASSPHRASE)
    app = UnlockHost(store)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#passphrase").value = PASSPHRASE
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert len(app.results) == 1
    assert app.results[0].list_notes() == []


async def test_unlock_screen_cancel_dismisses_none(tmp_data_dir):
    from test_console_support import cheap_store

    app = UnlockHost(cheap_store(tmp_data_dir))  # not initialised: only OK
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [None]


async def test_choice_dialog_dismisses_the_chosen_value():
    from kiosk.screens.console.dialogs import ChoiceDialog

    app = Host(ChoiceDialog("Statut", "", [("Nouveau", "nouveau"), ("Traité", "traite"), ("Fermer", None)]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
    assert app.results == ["traite"]


async def test_choice_dialog_way_out_dismisses_none():
    from kiosk.screens.console.dialogs import ChoiceDialog

    app = Host(ChoiceDialog("Statut", "", [("Nouveau", "nouveau"), ("Fermer", None)]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("9")  # no such choice: nothing happens
        await pilot.press("2")
        await pilot.pause()
    assert app.results == [None]


async def test_idle_warning_dismisses_true_on_any_key():
    from kiosk.screens.idle import IdleWarning

    app = Host(IdleWarning("Tu es toujours là ?", "Tout s'efface dans 10 s."))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
    assert app.results == [True]


class RecoveryHost(UnlockHost):
    """A bare host for RecoveryScreen: the same names as UnlockScreen's."""

    def __init__(self, store: Any) -> None:
        from kiosk.screens.console.recovery import RecoveryScreen

        super().__init__(store)
        self.dialog = RecoveryScreen()


async def test_recovery_screen_dismisses_a_session_with_the_new_passphrase(tmp_data_dir):
    from test_console_support import PASSPHRASE, cheap_store

    store = cheap_store(tmp_data_dir)
    code = store.initialize(PASSPHRASE)
    app = RecoveryHost(store)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#recovery-code").value = code
        app.screen.query_one("#recovery-new").value = "une nouvelle phrase"
        app.screen.query_one("#recovery-again").value = "une nouvelle phrase"
        await pilot.click("#recovery-ok")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert len(app.results) == 1 and app.results[0].list_notes() == []
    assert cheap_store(tmp_data_dir).unlock("une nouvelle phrase").list_notes() == []


async def test_recovery_screen_wrong_code_stays_and_cancel_dismisses_none(tmp_data_dir):
    from test_console_support import PASSPHRASE, cheap_store

    store = cheap_store(tmp_data_dir)
    store.initialize(PASSPHRASE)
    app = RecoveryHost(store)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#recovery-code").value = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"
        app.screen.query_one("#recovery-new").value = "une nouvelle phrase"
        app.screen.query_one("#recovery-again").value = "une nouvelle phrase"
        await pilot.click("#recovery-ok")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.results == [] and str(app.screen.query_one("#recovery-status").render())
        await pilot.click("#recovery-cancel")
        await pilot.pause()
    assert app.results == [None]


async def test_choice_dialog_click_chooses_and_arrows_stay_on_the_choices():
    from kiosk.screens.console.choices import ChoiceLines
    from kiosk.screens.console.dialogs import ChoiceDialog

    app = Host(ChoiceDialog("Statut", "", [("Nouveau", "nouveau"), ("Traité", "traite"), ("Fermer", None)]))
    async with app.run_test(size=SIZE) as pilot:
        lines = app.screen.query_one(ChoiceLines)
        await pilot.press("up")
        assert lines.highlighted == 0
        await pilot.press("down", "down", "down")
        assert lines.highlighted == 2
        await pilot.click("#choice-menu", offset=(6, 1))
        await pilot.pause()
    assert app.results == ["traite"]


async def test_a_dialog_and_the_screen_below_follow_a_terminal_resize():
    app = Host(ConfirmDialog("Purger", "Sûr ?", yes="Oui", no="Non"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen._compositor.size == SIZE
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen._compositor.size == (100, 30)  # the dialog laid out at the new size
        assert app.screen_stack[0]._compositor.size == (100, 30)  # and the screen below too
        await pilot.press("1")
        await pilot.pause()
    assert app.results == [True]
