"""NoteScreen: a student leaves a note for the PMS (two skippable questions, then the text).

The draft lives only in this screen's widgets and attributes: quick exit and the
idle wipe pop the screen, and the draft is gone. Sending runs in a thread worker;
until the store says the note is durable, the draft stays on screen, and every
failure is said in words with the draft kept.

Each visit first asks the store, in a worker, whether a note can be stored at all
(initialised, writable, room left): if not, the child sees who to talk to and the
emergency numbers instead of the form, before writing anything.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, ContentSwitcher, Input, Static

from .draft import DraftScreen, SendCall
from .path import chosen_level
from .send_failure import Where
from .widgets import DigitMenu, KeyHints
from .widgets.not_ready import NotReadyPanel
from .widgets.note_widgets import NOTE_LIMIT, CharCounter, LimitedTextArea, WordCheckbox
from .widgets.steady import SteadyInput

__all__ = ["NoteScreen", "WHO_READS"]

#: The page that says who reads a note, when, and what stays anonymous.
WHO_READS = "qui-lit-mon-mot"


class NoteScreen(DraftScreen):
    """``NoteScreen()`` from the student menus; ``NoteScreen(urgent=True)`` from *danger*.

    Ctrl+S, Backspace, the counter, the leave warning and the send come from :class:`DraftScreen`.
    """

    TITLE_KEY = "notes.title"
    HINTS_KEY = "notes.hints"
    WHERE = Where.NOTE
    BINDINGS = [
        # "Qui lit mon mot ?" before writing, also from the text field.
        Binding("f1", "who_reads", show=False, priority=True),
    ]
    CSS_PATH = "note_form.tcss"

    def __init__(self, urgent: bool = False) -> None:
        super().__init__()  # no id: a second one may be composed ahead while this one shows
        self.urgent = urgent
        self.for_whom: str | None = None
        self.level: str | None = None

    @property
    def screen_title(self) -> str:
        return self.host.t("notes.urgent_title" if self.urgent else "notes.title")

    # -- layout --------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        t = self.host.t
        first = "step-form" if self.urgent else "step-who"
        with ContentSwitcher(initial=first, id="steps"):
            with Vertical(id="step-who"):
                yield Static(t("notes.intro"), markup=False)
                yield Static(t("notes.q_who"), classes="question", markup=False)
                yield DigitMenu(
                    [
                        (t("notes.who.moi"), "moi"),
                        (t("notes.who.autre"), "autre"),
                        (t("notes.skip"), None),
                        (t("notes.who_reads"), WHO_READS),
                    ],
                    id="who-menu",
                )
            with Vertical(id="step-level"):
                yield Static(t("notes.optional_again"), markup=False)
                yield Static(t("notes.q_level"), classes="question", markup=False)
                yield DigitMenu(
                    [
                        (t("notes.level.primaire"), "primaire"),
                        (t("notes.level.secondaire"), "secondaire"),
                        (t("notes.skip"), None),
                    ],
                    id="level-menu",
                )
            with Vertical(id="step-form"):
                yield from self._compose_form()
            with Vertical(id="step-not-ready"):
                yield NotReadyPanel(t, self.host.content.emergency)
                yield DigitMenu([(t("notes.not_ready_back"), "back")], id="not-ready-menu")

    def _compose_form(self) -> ComposeResult:
        t = self.host.t
        if self.urgent:
            yield Static(t("notes.urgent_tag"), id="urgent-tag", markup=False)
        yield Static(t("notes.write"), id="write-label", markup=False)
        yield LimitedTextArea(limit=NOTE_LIMIT, id="note-text", placeholder=t("notes.placeholder"))
        # DOM order = visual order = Tab order: text, check box, first name, class, send.
        with Horizontal(id="option-row"):
            yield WordCheckbox(t("notes.contact_check"), id="wants-contact", compact=True)
            yield CharCounter(NOTE_LIMIT, id="counter")
        with Vertical(id="contact-box"):
            yield Static(t("notes.contact_warning"), id="contact-warning", markup=False)
            with Horizontal(id="contact-row"):
                yield SteadyInput(placeholder=t("notes.first_name"), id="first-name", max_length=40)
                yield SteadyInput(placeholder=t("notes.class"), id="class-name", max_length=20)
        with Horizontal(id="send-row"):
            yield Static("", id="note-status", markup=False)
            yield Button(t("notes.send"), id="send", compact=True)

    def on_mount(self) -> None:
        """Focus the first question (the form may be composed ahead, empty: see :mod:`.ready`)."""
        if self._step() != "step-form":
            self._focus_step()

    def first_shown(self) -> None:
        """Opened: ask the store whether a note can be taken, and stretch the follow-up code while
        the child types (here, not when composed ahead: the store's answer is the one of now)."""
        if self.urgent:
            self.level = chosen_level(self.app)  # no question asked: the path still says it
        if self._step() == "step-form":
            # A text field focused off the stack would move the terminal's cursor and start its blink.
            self._focus_step()
        self.check_ready()
        self._prepare_code(self.host.content.lang)

    @work(thread=True, exit_on_error=False, group="code-prepare")
    def _prepare_code(self, lang: str) -> None:
        # Runs in a thread, touches no widget: the slow code KDF (~0.5 s) leaves the send.
        prepare = getattr(self.host.store, "prepare_code", None)
        if prepare is not None:
            prepare(lang)

    def readiness_known(self, ready: str) -> None:
        """The store cannot take a note: who to talk to and the numbers, instead of the form."""
        if ready != "ok" and not self._sending:
            self.query_one("#steps", ContentSwitcher).current = "step-not-ready"
            self.query_one(KeyHints).update(self.host.t("keys.hints"))  # nothing to send here
            self.call_after_refresh(self._focus_step)

    def _step(self) -> str:
        return self.query_one("#steps", ContentSwitcher).current or ""

    def _focus_step(self) -> None:
        step = self._step()
        if step == "step-who":
            self.query_one("#who-menu", DigitMenu).focus()
        elif step == "step-level":
            self.query_one("#level-menu", DigitMenu).focus()
        elif step == "step-not-ready":
            self.query_one("#not-ready-menu", DigitMenu).focus()
        else:
            self.query_one("#note-text", LimitedTextArea).focus()

    # -- the two questions ---------------------------------------------------

    def action_choose(self, number: int) -> None:
        """A digit chooses on the question shown (never on a hidden one)."""
        step = self._step()
        if step in ("step-who", "step-level", "step-not-ready"):
            self.query_one(f"#{step} DigitMenu", DigitMenu).choose(number)

    def on_digit_menu_chosen(self, event: DigitMenu.Chosen) -> None:
        """Record the answer (None = skipped) and go to the next step."""
        event.stop()
        if event.menu.id == "not-ready-menu":
            self.host.action_back()
            return
        switcher = self.query_one("#steps", ContentSwitcher)
        if event.menu.id == "who-menu" and event.value == WHO_READS:
            self.action_who_reads()
            return
        if event.menu.id == "who-menu":
            self.for_whom = event.value
            # A level chosen in the menus is not asked again.
            self.level = chosen_level(self.app)
            switcher.current = "step-form" if self.level else "step-level"
        elif event.menu.id == "level-menu":
            self.level = event.value
            switcher.current = "step-form"
        self._leave_armed = False
        self.call_after_refresh(self._focus_step)

    def action_who_reads(self) -> None:
        """F1 or the last choice: the page "Qui lit mon mot ?" (the draft stays underneath)."""
        from .page import PageScreen

        if self.is_active and WHO_READS in self.host.content.pages:
            self.app.push_screen(PageScreen(WHO_READS))

    # -- the form ------------------------------------------------------------

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Show the first-name and class fields (and the anonymity warning) only if asked."""
        self.query_one("#contact-box").set_class(event.value, "-shown")
        if event.value:
            self.call_after_refresh(self.query_one("#first-name", Input).focus)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the first name goes to the class; in the class, to *Envoyer*."""
        event.stop()
        target = "#class-name" if event.input.id == "first-name" else "#send"
        self.query_one(target).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The *Envoyer* button."""
        if event.button.id == "send":
            event.stop()
            self.action_send()

    def _contact(self) -> str | None:
        if not self.query_one("#wants-contact", Checkbox).value:
            return None
        parts = [self.query_one(f"#{name}", Input).value.strip() for name in ("first-name", "class-name")]
        given = ", ".join(part for part in parts if part)
        return given or None

    def ready_to_send(self) -> bool:
        """Only the form sends (never a hidden question or the not-ready panel)."""
        return self._step() == "step-form"

    def send_call(self, text: str) -> SendCall:
        """The note and the answers as they are now: what is on screen is what is sent."""
        for_whom, level, contact, urgent = self.for_whom, self.level, self._contact(), self.urgent
        lang = self.host.content.lang

        def send(store: Any) -> object:
            return store.add_note(text, for_whom=for_whom, level=level, contact=contact, urgent=urgent, lang=lang)

        return send

    async def draft_stored(self, value: Any) -> None:
        """Replace the form by the receipt: the draft is gone once the note is safe."""
        from .receipt import ReceiptScreen

        self.app.switch_screen(ReceiptScreen(value))

    # -- leaving -------------------------------------------------------------

    def action_leave(self) -> None:
        """Backspace outside a text field: one question back; warn once if a typed draft would be lost."""
        if self._step() == "step-not-ready":
            self.host.action_back()
            return
        if self._step() == "step-level":
            self.query_one("#steps", ContentSwitcher).current = "step-who"
            self.call_after_refresh(self._focus_step)
            return
        super().action_leave()
