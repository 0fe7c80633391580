"""The crash record: half-day, type, code locations only; a hostile file never breaks it."""

from __future__ import annotations

import json
import os
from datetime import datetime

import pytest

from kiosk.store.crashlog import CRASH_FILE, KEEP, CrashSummary, append_entry, crash_entry, read_crashes, record_crash

AFTERNOON = datetime(2026, 11, 30, 14, 37, 12)


def _failure(secret: str) -> RuntimeError:
    try:
        draft = secret  # a local the record must not keep
        raise RuntimeError(f"boom {draft}")
    except RuntimeError as exc:
        return exc


def test_record_keeps_type_and_locations_only(tmp_path):
    record_crash(tmp_path, _failure("mot de passe 1234"), AFTERNOON)
    text = (tmp_path / CRASH_FILE).read_text(encoding="ascii")
    assert "mot de passe" not in text and "boom" not in text and "draft" not in text
    entry = json.loads(text)["records"][0]
    assert entry["date"] == "2026-11-30" and entry["part_of_day"] == "pm"
    assert entry["type"] == "builtins.RuntimeError"
    assert entry["frames"][-1][2] == "_failure"


def test_file_is_private_and_its_time_is_the_half_day(tmp_path):
    record_crash(tmp_path, _failure("x"), AFTERNOON)
    info = (tmp_path / CRASH_FILE).stat()
    assert info.st_mode & 0o777 == 0o600
    assert datetime.fromtimestamp(info.st_mtime) == datetime(2026, 11, 30, 12, 0)
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_summary_counts_beyond_what_it_keeps(tmp_path):
    for _ in range(KEEP + 3):
        record_crash(tmp_path, _failure("x"), AFTERNOON)
    assert read_crashes(tmp_path) == CrashSummary(KEEP + 3, "2026-11-30", "pm", 0)
    assert len(json.loads((tmp_path / CRASH_FILE).read_text())["records"]) == KEEP


def test_worker_failures_are_recorded_as_what_really_failed():
    class WorkerFailed(Exception):
        def __init__(self, error):
            self.error = error

    assert crash_entry(WorkerFailed(_failure("x")))["type"] == "builtins.RuntimeError"


def test_no_file_means_no_crash(tmp_path):
    assert read_crashes(tmp_path) == CrashSummary(0, None, None, 0)


GOOD = {
    "date": "2026-11-30",
    "part_of_day": "am",
    "type": "builtins.KeyError",
    "frames": [["a.py", 3, "f"]],
    "restarted": True,
}


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",  # truncated
        b'{"restarts": 1, "records": [',  # half-written
        b"[1, 2, 3]",  # wrong shape
        b'{"restarts": 1, "records": "x"}',
        b"\xff\xfe garbage",
        b" " * 1_000_001,  # huge
    ],
)
def test_an_unreadable_file_is_said_and_then_replaced_by_a_good_one(tmp_path, content):
    (tmp_path / CRASH_FILE).write_bytes(content)
    assert read_crashes(tmp_path).unreadable == 1
    record_crash(tmp_path, _failure("x"), AFTERNOON)
    assert read_crashes(tmp_path) == CrashSummary(1, "2026-11-30", "pm", 0)


@pytest.mark.parametrize(
    "bad",
    [
        {**GOOD, "message": "le texte d'un élève"},  # a field of its own: forged
        {**GOOD, "date": "2026-11-30T14:37"},  # finer than a half-day
        {**GOOD, "part_of_day": "14h"},
        {**GOOD, "type": "x" * 500},
        {**GOOD, "type": "secret phrase"},
        {**GOOD, "frames": [["a.py", "3", "f"]]},
        {**GOOD, "frames": [["a.py", 3, "f", {"locals": "sk"}]]},
        {**GOOD, "restarted": "yes"},
        "a string",
    ],
)
def test_one_bad_record_never_hides_the_others(tmp_path, bad):
    data = {"restarts": 3, "caught": 0, "records": [GOOD, bad, GOOD]}
    (tmp_path / CRASH_FILE).write_text(json.dumps(data), encoding="utf-8")
    summary = read_crashes(tmp_path)
    assert (summary.count, summary.last_part_of_day, summary.unreadable) == (3, "am", 1)
    with pytest.raises(ValueError):
        append_entry(tmp_path, bad if isinstance(bad, dict) else {"x": bad})


def test_a_forged_count_is_not_believed(tmp_path):
    data = {"restarts": -5, "caught": True, "records": [GOOD, GOOD]}
    (tmp_path / CRASH_FILE).write_text(json.dumps(data), encoding="utf-8")
    summary = read_crashes(tmp_path)
    assert (summary.count, summary.caught, summary.unreadable) == (2, 0, 2)


def test_caught_failures_are_counted_apart_from_restarts(tmp_path):
    record_crash(tmp_path, _failure("x"), datetime(2026, 11, 30, 9, 0))
    append_entry(tmp_path, crash_entry(_failure("x"), AFTERNOON, restarted=False), AFTERNOON)
    assert read_crashes(tmp_path) == CrashSummary(1, "2026-11-30", "am", 0, caught=1)


def test_a_link_in_place_of_the_record_is_replaced_not_written_through(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("keep me", encoding="utf-8")
    (tmp_path / CRASH_FILE).symlink_to(target)
    record_crash(tmp_path, _failure("x"), AFTERNOON)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / CRASH_FILE).is_file() and not (tmp_path / CRASH_FILE).is_symlink()
