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

from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, ContentSwitcher, Input, Static
from textual.worker import Worker, WorkerState

from kiosk.content.errors import translate_error

from .base import KioskScreen
from .path import chosen_level
from .widgets import DigitMenu, KeyHints, format_emergency
from .widgets.not_ready import NotReadyPanel
from .widgets.note_widgets import NOTE_LIMIT, CharCounter, LimitedTextArea, WordCheckbox

__all__ = ["NoteScreen", "SendFailure", "WHO_READS"]

#: The page that says who reads a note, when, and what stays anonymous.
WHO_READS = "qui-lit-mon-mot"


@dataclass(frozen=True)
class SendFailure:
    """Why a note (or an answer) was not sent: ``kind`` picks the message."""

    kind: str  # "write" | "flood" | "not_ready" | "invalid" | "unknown"
    reason: str = ""


class NoteScreen(KioskScreen):
    """``NoteScreen()`` from the student menus; ``NoteScreen(urgent=True)`` from *danger*."""

    TITLE_KEY = "notes.title"
    HINTS_KEY = "notes.hints"
    BINDINGS = [
        # Priority: it must work while the TextArea has focus.
        Binding("ctrl+s", "send", "Envoyer", show=False, priority=True),
        # "Qui lit mon mot ?" before writing, also from the text field.
        Binding("f1", "who_reads", show=False, priority=True),
        # Not a priority: a focused field keeps Backspace for its text.
        Binding("backspace", "leave", show=False),
    ]
    CSS_PATH = "note_form.tcss"

    def __init__(self, urgent: bool = False) -> None:
        super().__init__(id="note-screen")
        self.urgent = urgent
        self.for_whom: str | None = None
        self.level: str | None = None
        self._sending = False
        self._leave_armed = False
        #: The store's answer on this visit ("" while checking, "ok", or the cause's code).
        self.readiness = ""

    @property
    def screen_title(self) -> str:
        return self.app.t("notes.urgent_title" if self.urgent else "notes.title")

    # -- layout --------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        t = self.app.t
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
                yield NotReadyPanel(t, self.app.content.emergency)
                yield DigitMenu([(t("notes.not_ready_back"), "back")], id="not-ready-menu")

    def _compose_form(self) -> ComposeResult:
        t = self.app.t
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
                yield Input(placeholder=t("notes.first_name"), id="first-name", max_length=40)
                yield Input(placeholder=t("notes.class"), id="class-name", max_length=20)
        with Horizontal(id="send-row"):
            yield Static("", id="note-status", markup=False)
            yield Button(t("notes.send"), id="send", compact=True)

    def on_mount(self) -> None:
        """Focus the first thing to do, ask the store whether a note can be taken, and stretch the
        follow-up code while the child types."""
        if self.urgent:
            self.level = chosen_level(self.app)  # no question asked: the path still says it
        self._focus_step()
        self._check_ready()
        self._prepare_code(self.app.content.lang)

    @work(thread=True, exit_on_error=False, group="code-prepare")
    def _prepare_code(self, lang: str) -> None:
        # Runs in a thread, touches no widget: the slow code KDF (~0.5 s) leaves the send.
        prepare = getattr(self.app.store, "prepare_code", None)
        if prepare is not None:
            prepare(lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="note-ready")
    def _check_ready(self) -> str:
        # Runs in a thread: touches no widget (the answer comes back via on_worker_state_changed).
        return str(self.app.store.readiness())

    def _ready_checked(self, event: Worker.StateChanged) -> None:
        ready = event.worker.result if event.state == WorkerState.SUCCESS else "unreadable"
        self.readiness = ready
        if ready != "ok" and not self._sending:
            self.query_one("#steps", ContentSwitcher).current = "step-not-ready"
            self.query_one(KeyHints).update(self.app.t("keys.hints"))  # nothing to send here
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
            self.app.action_back()
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

        if self.is_active and WHO_READS in self.app.content.pages:
            self.app.push_screen(PageScreen(WHO_READS))

    # -- the form ------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.query_one("#note-status", Static).update(text)

    def on_text_area_changed(self, event: LimitedTextArea.Changed) -> None:
        """Keep the counter true; a change also cancels a pending "leave?"."""
        self.query_one("#counter", CharCounter).show_count(len(event.text_area.text))
        self._leave_armed = False

    def on_limited_text_area_limit_reached(self, event: LimitedTextArea.LimitReached) -> None:
        """Say why the text stopped growing."""
        self._say(self.app.t("notes.too_long", limit=NOTE_LIMIT))

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

    def action_send(self) -> None:
        """Ctrl+S or *Envoyer*: check, then send in a worker; the draft stays until it is safe."""
        if self._step() != "step-form" or self._sending:
            return
        text = self.query_one("#note-text", LimitedTextArea).text
        if not text.strip():
            self._say(self.app.t("notes.empty"))
            self.query_one("#note-text", LimitedTextArea).focus()
            return
        self._sending = True
        # Frozen while it travels: what is on screen is exactly what is being sent.
        self.query_one("#note-text", LimitedTextArea).read_only = True
        self._say(self.app.t("notes.sending"))
        self._send(text, self.for_whom, self.level, self._contact(), self.urgent, self.app.content.lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="note-send")
    def _send(
        self, text: str, for_whom: str | None, level: str | None, contact: str | None, urgent: bool, lang: str
    ) -> Any:
        # Runs in a thread: touches no widget; the result comes back via on_worker_state_changed.
        from kiosk.store import FloodLimited, NotInitialized, WriteFailed

        try:
            return self.app.store.add_note(
                text, for_whom=for_whom, level=level, contact=contact, urgent=urgent, lang=lang
            )
        except WriteFailed as exc:
            return SendFailure("write", translate_error(self.app.t, exc))
        except FloodLimited as exc:
            return SendFailure("flood", translate_error(self.app.t, exc))
        except NotInitialized as exc:
            return SendFailure("not_ready", translate_error(self.app.t, exc))
        except ValueError as exc:
            return SendFailure("invalid", translate_error(self.app.t, exc))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The send finished: show the receipt, or say why not and keep the draft."""
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if event.worker.group == "note-ready":
            self._ready_checked(event)
            return
        if event.worker.group != "note-send":
            return
        self._sending = False
        self.query_one("#note-text", LimitedTextArea).read_only = False
        if event.state == WorkerState.ERROR:
            # Unexpected: a kind sentence and the numbers, the draft stays; the reason goes
            # to the crash record for the PMS, never to the child's screen.
            self._say(self.app.unexpected_failure(event.worker.error))
            return
        result: Any = event.worker.result
        if isinstance(result, SendFailure):
            self._show_failure(result)
            return
        from .receipt import ReceiptScreen

        # Replace the form by the receipt: the draft is gone once the note is safe.
        self.app.switch_screen(ReceiptScreen(result))

    def _show_failure(self, failure: SendFailure) -> None:
        t = self.app.t
        if failure.kind == "flood":
            text = t("notes.flood", numbers=format_emergency(self.app.content.emergency))
        elif failure.kind == "not_ready":
            text = t("notes.not_ready")
        else:
            text = t("notes.not_sent", reason=failure.reason or "?")
        self._say(text)

    # -- leaving -------------------------------------------------------------

    def action_leave(self) -> None:
        """Backspace outside a text field: one question back; warn once if a typed draft would be lost."""
        if self._step() == "step-not-ready":
            self.app.action_back()
            return
        if self._step() == "step-level":
            self.query_one("#steps", ContentSwitcher).current = "step-who"
            self.call_after_refresh(self._focus_step)
            return
        has_draft = bool(self.query_one("#note-text", LimitedTextArea).text.strip())
        if has_draft and not self._leave_armed:
            self._leave_armed = True
            self._say(self.app.t("notes.leave_confirm"))
            return
        self.app.action_back()
