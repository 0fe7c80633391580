"""The failure kinds of the note form and the follow-up answer: every kind handled, said in every language."""

from __future__ import annotations

import pytest
from test_notes_ui_followup import SIZE, FakeFollowups, open_code, text_of

from kiosk.content import load_pack
from kiosk.screens.send_failure import SAID, FailureKind, SendFailure, Where, failure_of, failure_text
from kiosk.store.errors import (
    ErrorCode,
    FloodLimited,
    InvalidInput,
    NotInitialized,
    TooManyAttempts,
    UnknownCode,
    WriteFailed,
)

#: One store error per kind: a kind added to the Enum without its error here fails the walk.
EXAMPLES = {
    FailureKind.WRITE: WriteFailed(ErrorCode.WRITE_READ_ONLY, file="notes.json"),
    FailureKind.FLOOD: FloodLimited(),
    FailureKind.NOT_READY: NotInitialized(),
    FailureKind.INVALID: InvalidInput(ErrorCode.TEXT_TOO_LONG, limit=4000),
    FailureKind.UNKNOWN_CODE: UnknownCode(),
    FailureKind.TOO_MANY: TooManyAttempts(30),
}


@pytest.mark.parametrize("kind", list(FailureKind))
def test_every_kind_comes_from_a_store_error(kind: FailureKind) -> None:
    failure = failure_of(EXAMPLES[kind])
    assert failure is not None and failure.kind is kind


def test_an_unknown_error_is_no_kind() -> None:
    assert failure_of(RuntimeError("bug")) is None


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
@pytest.mark.parametrize("kind", list(FailureKind))
def test_every_kind_is_said_everywhere_in_every_language(kind: FailureKind, lang: str) -> None:
    pack = load_pack(lang).pack
    assert set(SAID[kind]) == set(Where), f"{kind} is not said in every place"
    for where, key in SAID[kind].items():
        assert key in pack.strings, f"{lang}: {key} ({kind}, {where}) has no string"
        text = failure_text(pack.t, SendFailure(kind, EXAMPLES[kind]), where, pack.emergency)
        assert "{" not in text and "errors." not in text, text


@pytest.mark.parametrize("where", [Where.NOTE, Where.ANSWER])
def test_a_flood_gives_the_emergency_numbers_on_both_screens(where: Where) -> None:
    pack = load_pack("en").pack
    text = failure_text(pack.t, SendFailure(FailureKind.FLOOD, FloodLimited()), where, pack.emergency)
    assert "112" in text and "Not sent" in text


async def _answer_sent(app, pilot, text: str):
    """Open the follow-up with a code, type ``text`` as the answer, Ctrl+S, and wait for the outcome."""
    screen = await open_code(app, pilot, "soleil pomme 42")
    await pilot.press("tab", *text)
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def _note_sent(app, pilot, text: str):
    """Open the note form, type ``text``, Ctrl+S, and wait for the outcome."""
    from test_notes_ui import open_note, type_text

    screen = await open_note(app, pilot)
    await type_text(pilot, text)
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_a_flooded_answer_shows_the_refusal_and_the_numbers(make_app):
    """It used to say a generic write failure, without the emergency numbers."""
    app = make_app(lang="en", store=FakeFollowups(answer_fails=FloodLimited()))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _answer_sent(app, pilot, "help")
        said = text_of(screen, "#answer-status")
        assert "many messages were just sent" in said and "112" in said and "answer is still here" in said


@pytest.mark.parametrize("kind", list(FailureKind))
async def test_both_screens_say_each_kind_with_its_own_sentence(make_app, kind: FailureKind):
    """The note form and the answer handle every kind the same way: the kind's sentence, draft kept."""
    from test_notes_ui import FakeStore, status

    error = EXAMPLES[kind]
    app = make_app(lang="nl", store=FakeStore(fail=error))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _note_sent(app, pilot, "hulp")
        expected = failure_text(app.t, SendFailure(kind, error), Where.NOTE, app.content.emergency)
        assert status(screen) == expected and screen.draft().text == "hulp"
    app = make_app(lang="nl", store=FakeFollowups(answer_fails=error))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _answer_sent(app, pilot, "hulp")
        expected = failure_text(app.t, SendFailure(kind, error), Where.ANSWER, app.content.emergency)
        assert text_of(screen, "#answer-status") == expected and screen.draft().text == "hulp"


def _longest_kind(lang: str, where: Where) -> FailureKind:
    pack = load_pack(lang).pack
    return max(FailureKind, key=lambda kind: len(failure_text(pack.t, SendFailure(kind, EXAMPLES[kind]), where, [])))


def _shown_whole_on_its_own_rows(screen, status_id: str, counter_id: str) -> None:
    """Every row of the message line is on screen (nothing clipped or covered), none shared with the counter."""
    status, counter = screen.query_one(status_id), screen.query_one(counter_id)
    rows = range(status.region.y, status.region.bottom)
    assert len(rows) >= 2  # the long refusals wrap
    for y in rows:
        assert screen.get_widget_at(status.region.x, y)[0] is status, f"row {y} of the message is hidden"
    assert counter.region.y not in rows, "the message runs into the counter"


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
async def test_the_longest_refusal_stays_readable_beside_the_counter(make_app, lang: str):
    """80×24, 18 characters typed ("…is still18 / 4000" once): the whole sentence, the counter apart."""
    from test_notes_ui import FakeStore

    kind = _longest_kind(lang, Where.ANSWER)
    app = make_app(lang=lang, store=FakeFollowups(answer_fails=EXAMPLES[kind]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _answer_sent(app, pilot, "help" + "abcdefghijklmn")
        assert "18 / 4000" in text_of(screen, "#answer-counter")
        _shown_whole_on_its_own_rows(screen, "#answer-status", "#answer-counter")
    kind = _longest_kind(lang, Where.NOTE)
    app = make_app(lang=lang, store=FakeStore(fail=EXAMPLES[kind]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _note_sent(app, pilot, "help abcdefghijklmn")
        _shown_whole_on_its_own_rows(screen, "#note-status", "#counter")
