"""Hypothesis: any visible Unicode text round-trips exactly.

Control characters, markup, up to the 4,000-character limit.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_helpers import PASS, fast_store

from kiosk.store import MAX_TEXT_CHARS, InvalidInput, NoteStore, PmsSession
from kiosk.store.codes import canonical
from kiosk.store.notes import is_blank

texts = st.one_of(
    st.text(min_size=1, max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=2_000),
    st.sampled_from(
        [
            "[bold red]X[/]",
            "[link=http://x]clic[/link]",
            "\x00\x1b[31mrouge\x1b[0m",
            "\r\n\t",
            "💥👧🏽‍🦱",
            "ﷺ ‮rtl‬",
            "[/]" * 50,
        ]
    ),
    st.builds(lambda s, n: (s * n)[:MAX_TEXT_CHARS], st.text(min_size=1, max_size=20), st.integers(1, 10_000)),
).filter(lambda t: not is_blank(t))


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> tuple[NoteStore, PmsSession]:
    """One store for every example (a fresh one each time would only test setup)."""
    store = fast_store(tmp_path_factory.mktemp("fuzz") / "data", flood_limit=1_000_000)
    store.initialize(PASS)
    return store, store.unlock(PASS)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(text=texts, contact=st.one_of(st.none(), st.text(max_size=200)))
def test_any_text_round_trips(opened: tuple[NoteStore, PmsSession], text: str, contact: str | None) -> None:
    _store, _session = opened
    receipt = _store.add_note(text, contact=contact)
    assert _store.open_followup(receipt.code).messages[0].text == text
    view = _session.read(receipt.note_id)
    assert view.text == text
    if contact and not is_blank(contact):
        assert view.answers["contact"] == contact.strip()
    _store.answer_followup(receipt.code, text)
    _session.reply(receipt.note_id, text)
    assert [m.text for m in _store.open_followup(receipt.code).messages] == [text, text, text]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_canonical_never_crashes(code: str) -> None:
    result = canonical(code)
    assert result == "" or (result[-2:].isdigit() and result[:-2].isalpha() and result.isascii())


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_stored_or_refused_with_a_code(text: str) -> None:
    """Never a stray exception: a clean InvalidInput code for blank, surrogate or too-long text."""
    from kiosk.store.notes import check_text

    try:
        assert check_text(text).decode("utf-8") == text
    except InvalidInput as exc:
        assert exc.code in ("text_empty", "text_invalid", "text_too_long")
