"""Widgets of the student's note and follow-up screens: a bounded text area, its
counter, and the conversation view (every child's and PMS's word shown literally)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, Static

from kiosk.store.limits import MAX_TEXT_CHARS

from ..dates import when
from .literal import literal
from .steady import SteadyTextArea

__all__ = ["NOTE_LIMIT", "LimitedTextArea", "CharCounter", "ConversationView", "WordCheckbox"]

#: The most characters a note (or an answer) may hold; the store refuses more too.
NOTE_LIMIT = MAX_TEXT_CHARS  # the store enforces the same limit (one place)


class LimitedTextArea(SteadyTextArea):
    """A soft-wrapped TextArea that refuses text beyond ``limit`` characters.

    Typing, pasting and the in-app paste all go through ``_replace_via_keyboard``;
    there the insert is cut to the room left, so nothing is ever silently dropped
    *after* it was shown: what does not fit never appears, and :class:`LimitReached`
    tells the screen to say why.
    """

    class LimitReached(Message):
        """Some typed or pasted text did not fit."""

        def __init__(self, area: LimitedTextArea) -> None:
            super().__init__()
            self.area = area

        @property
        def control(self) -> LimitedTextArea:
            """The text area that is full."""
            return self.area

    def __init__(self, *, limit: int = NOTE_LIMIT, **kwargs: Any) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        super().__init__(**kwargs)
        self.limit = limit

    def _replace_via_keyboard(self, insert: str, start: Any, end: Any) -> Any:
        # Private hook of TextArea (Textual 8.2): the one path of keyboard and paste edits.
        if self.read_only:
            return None
        replaced = len(self.get_text_range(start, end)) if start != end else 0
        room = self.limit - (len(self.text) - replaced)
        if len(insert) > room:
            self.post_message(self.LimitReached(self))
            insert = insert[: max(room, 0)]
            if not insert and start == end:
                return None
        return super()._replace_via_keyboard(insert, start, end)


class CharCounter(Static):
    """``123 / 4000``, always visible under the text."""

    def __init__(self, limit: int = NOTE_LIMIT, **kwargs: Any) -> None:
        super().__init__(f"0 / {limit}", markup=False, **kwargs)
        self.limit = limit

    def show_count(self, count: int) -> None:
        """Show ``count`` characters out of the limit (a word, not a colour, when full)."""
        text = f"{count} / {self.limit}"
        if count >= self.limit:
            text = f"{text} (max.)"
        self.update(text)


class WordCheckbox(Checkbox):
    """A check box that says its state with a symbol, ``[✓]`` or ``[ ]``, not by colour alone."""

    @property
    def _button(self) -> Content:
        # Textual's box always shows "X" and tells on / off by colour only.
        return Content("[✓]" if self.value else "[ ]")


class ConversationView(VerticalScroll):
    """The note then every reply and answer, each under ``Toi`` or ``PMS`` + when.

    Texts are ``rich.text.Text``: ``[bold]`` in a note shows as typed.
    """

    def __init__(self, messages: Iterable[Any], t: Callable[..., str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._messages = list(messages)
        self._t = t

    def compose(self) -> ComposeResult:
        for index, message in enumerate(self._messages):
            who = self._t("followup.me") if message.author == "eleve" else self._t("followup.pms")
            head = f"{who} · {when(self._t, message.date, message.part_of_day)}"
            yield Static(Text(head), classes="msg-head -first" if index == 0 else "msg-head", id=f"msg-{index}")
            # The shared literal widget: no markup, and no control code reaches the terminal.
            yield Static(literal(message.text), classes="msg-text")

    def first_unread(self) -> int:
        """Index of the first PMS reply after the child's last message, or 0 (the start)."""
        last_own = max((i for i, m in enumerate(self._messages) if m.author == "eleve"), default=-1)
        return next((i for i, m in enumerate(self._messages) if i > last_own and m.author == "pms"), 0)

    def open_at_first_unread(self) -> None:
        """Scroll so that the first unread reply (or the start) is the top line."""
        index = self.first_unread()
        if index == 0:
            self.scroll_home(animate=False)
        else:
            self.scroll_to_widget(self.query_one(f"#msg-{index}"), animate=False, top=True)
