"""The notes file's read cache and its record-at-a-time parser and writer (store/storage.py).

- the writer's bytes are exactly ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``
  and the parser's result exactly ``json.loads`` (errors included), on varied and hostile input;
- the cache follows the file: another process's write, a failed transaction, a file replaced
  while it was cached with the same identity;
- no read path and no write path mutates the cached tables (they are frozen here);
- readers in other threads never see half a transaction.
"""

from __future__ import annotations

import errno
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from store_helpers import PASS, fast_store

from kiosk.store import ErrorCode, StoreError, storage
from kiosk.store.check import check_store
from kiosk.store.storage import Database, copy_tables, encode_tables, parse_tables


def _dumps(tables: Any) -> bytes:
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


VARIED: dict[str, Any] = {
    "meta": {"1": {"schema": 1, "code2_salt": "c2FsdA==", "float": 1.5, "big": 1e300, "neg": -0.0, "n": None}},
    "notes": {
        "1": {"id": "0000000a", "text": 'é à ç ß 漢字 🙂 \u202e \x1b[31m \u2028 " \\ / \t\n', "ok": True, "no": False},
        "2": {"nested": {"a": [1, [2, [3, {"b": []}]], {}], "c": {"d": {"e": "f"}}}, "empty": ""},
        "3": {"huge": "x" * 2_500_000 + "é" * 1000, "list": list(range(50))},
        "10": "not an object (hostile record)",
        "11": [1, 2, "trois"],
        "": {"empty key": 0},
    },
    "audit": {},
    "ints": {"x": -12345678901234567890},
}


def test_writer_bytes_are_json_dumps_bytes() -> None:
    assert b"".join(encode_tables(VARIED)) == _dumps(VARIED)
    odd = {"t": {1: "int key", None: "null key", 2.5: "float key", False: "bool"}, "u": ["a table that is a list"]}
    assert b"".join(encode_tables(odd)) == _dumps(odd)  # never written by the store: still the same bytes
    assert b"".join(encode_tables({})) == _dumps({})


def test_writer_refuses_what_json_dumps_refuses() -> None:
    for bad, error in (({"t": {"k": {1, 2}}}, TypeError), ({"t": {"k": "\ud800"}}, UnicodeEncodeError)):
        with pytest.raises(error):
            b"".join(encode_tables(bad))
        with pytest.raises(error):
            _dumps(bad)


@pytest.mark.parametrize("indent", [None, 0, 2])
def test_parser_result_is_json_loads_result(indent: int | None) -> None:
    text = json.dumps(VARIED, ensure_ascii=False, indent=indent)
    spaced = text.replace(":", " :\r\n ", 3).replace(",", "\t, ", 3)
    for data in (text.encode("utf-8"), f"  \n{spaced}\n ".encode()):
        assert parse_tables(data, "notes.json") == json.loads(data)


def test_parser_keeps_json_loads_duplicate_keys_and_order() -> None:
    data = b'{"notes":{"b":1,"a":2,"b":3},"notes":{"z":{"y":1}},"meta":{}}'
    assert list(parse_tables(data, "n").items()) == list(json.loads(data).items())
    assert list(parse_tables(b'{"t":{"b":1,"a":2,"b":3}}', "n")["t"].items()) == [("b", 3), ("a", 2)]


@pytest.mark.parametrize(
    "data",
    [
        b'{"notes":{"1":{}}} x',
        b'{"notes":{"1":{}}',
        b'\xef\xbb\xbf{"notes":{}}',
        b'{"notes":{"1":{"a":1,}}}',
        b'{"notes":[1,2]}',
        b"[1,2]",
        b'{"notes":{"1":' + b"[" * 100_000 + b"]" * 100_000 + b"}}",
        b'{"notes":{"1":"\xff"}}',
        b'{"notes":{"1":"a\nb"}}',
        b'{"notes":{1:2}}',
        b'{"notes":"x"}',
        b"   ",
        b"",
    ],
)
def test_parser_refuses_what_json_loads_refuses(data: bytes) -> None:
    with pytest.raises(StoreError) as info:
        parse_tables(data, "notes.json")
    assert info.value.code in (ErrorCode.FILE_DAMAGED, ErrorCode.FILE_EMPTY)


def test_parser_takes_what_json_loads_takes() -> None:
    data = b'{"notes":{"1":{"n":NaN,"i":-Infinity,"u":"\\u00e9\\ud83d\\ude42"}},"meta":{}}'
    parsed, expected = parse_tables(data, "n"), json.loads(data)
    assert json.dumps(parsed) == json.dumps(expected)


# -- the cache follows the file ------------------------------------------------------


def _write(db: Database, **items: Any) -> None:
    with db.transaction() as tables:
        tables.setdefault("notes", {}).update(items)


def test_another_process_write_is_seen(tmp_path: Path) -> None:
    mine, theirs = Database(tmp_path), Database(tmp_path)
    _write(mine, a={"v": 1})
    assert mine.read()["notes"]["a"] == {"v": 1}
    _write(theirs, b={"v": 2})  # another process: a new file (a rename) behind our cache
    assert mine.read()["notes"] == {"a": {"v": 1}, "b": {"v": 2}}


def test_an_aged_file_is_read_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(tmp_path)
    _write(db, a={"v": 1})
    monkeypatch.setattr(storage, "RACY_NS", 0)  # as if the file were old: identity alone decides
    reads: list[Path] = []
    real = storage.read_file
    monkeypatch.setattr(storage, "read_file", lambda path: reads.append(path) or real(path))
    assert db.read() is db.read() and reads == []  # no re-read, one shared snapshot
    _write(Database(tmp_path), b={"v": 2})  # another process
    reads.clear()
    assert "b" in db.read()["notes"] and len(reads) == 1


def test_same_identity_other_bytes_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change within one clock tick may keep size, times and a reused inode: bytes decide."""
    changed = time.time_ns()  # both files "changed" in the same tick: one identity
    monkeypatch.setattr(storage, "_identity", lambda stat: (1, 2, 3, changed, changed))
    mine, theirs = Database(tmp_path), Database(tmp_path)
    _write(mine, a={"v": 1})
    mine.read()
    _write(theirs, a={"v": 2})
    assert mine.read()["notes"]["a"] == {"v": 2}


def test_a_body_that_raises_leaves_cache_and_file_alone(tmp_path: Path) -> None:
    db = Database(tmp_path)
    _write(db, a={"v": 1})
    before = (tmp_path / "notes.json").read_bytes()
    with pytest.raises(RuntimeError), db.transaction() as tables:
        tables["notes"]["a"]["v"] = 99
        tables["notes"]["b"] = {"v": 2}
        raise RuntimeError("body failed")
    assert db.read()["notes"] == {"a": {"v": 1}} and (tmp_path / "notes.json").read_bytes() == before


def test_a_full_disk_drops_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(tmp_path)
    _write(db, a={"v": 1})

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", full)
        with pytest.raises(StoreError) as info:
            _write(db, b={"v": 2})
    assert info.value.code == ErrorCode.WRITE_DISK_FULL
    assert db._cache is None and db.read()["notes"] == {"a": {"v": 1}}
    assert not list(tmp_path.glob(".notes.json.*.tmp"))  # the half-written copy is gone


def test_a_failed_rename_leaves_the_old_file_and_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(tmp_path)
    _write(db, a={"v": 1})

    def refused(*_args: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", refused)
        with pytest.raises(StoreError):
            _write(db, b={"v": 2})
    assert db._cache is None and db.read()["notes"] == {"a": {"v": 1}}


def test_the_cache_after_a_write_equals_the_file(tmp_path: Path) -> None:
    db = Database(tmp_path)
    _write(db, b={"v": [1, {"x": "é"}]}, a={"v": 1})
    assert db.read() == json.loads((tmp_path / "notes.json").read_bytes())
    assert list(db.read()["notes"]) == ["a", "b"]  # the file's order (sorted ids), not insertion order


def test_a_symlink_or_a_vanished_file_is_never_served_from_the_cache(tmp_path: Path) -> None:
    db = Database(tmp_path)
    _write(db, a={"v": 1})
    db.read()
    (tmp_path / "notes.json").unlink()
    assert db.read() == {}
    real = tmp_path / "elsewhere.json"
    real.write_text('{"notes":{}}')
    (tmp_path / "notes.json").symlink_to(real)
    with pytest.raises(StoreError) as info:
        db.read()
    assert info.value.code == ErrorCode.FILE_SYMLINK


# -- nobody mutates the cached tables ---------------------------------------------------


class _FrozenDict(dict[Any, Any]):
    def _refuse(self, *_args: Any, **_kwargs: Any) -> Any:
        raise TypeError("the cached tables were mutated")

    __setitem__ = __delitem__ = __ior__ = pop = popitem = setdefault = update = clear = _refuse


class _FrozenList(list[Any]):
    def _refuse(self, *_args: Any, **_kwargs: Any) -> Any:
        raise TypeError("the cached tables were mutated")

    __setitem__ = __delitem__ = __iadd__ = __imul__ = append = extend = insert = remove = pop = _refuse
    clear = sort = reverse = _refuse


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return _FrozenDict({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return _FrozenList(_freeze(item) for item in value)
    return value


@pytest.fixture
def frozen_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table the cache keeps is frozen: a mutation anywhere raises TypeError."""
    real = storage._Cached.__init__

    def frozen(self: Any, identity: Any, digest: bytes, observed: int, tables: Any) -> None:
        real(self, identity, digest, observed, _freeze(tables))

    monkeypatch.setattr(storage._Cached, "__init__", frozen)


def test_the_frozen_cache_can_catch_a_mutation(tmp_path: Path, frozen_cache: None) -> None:
    db = Database(tmp_path)
    _write(db, a={"v": [1]})
    with pytest.raises(TypeError):
        db.read()["notes"]["a"]["v"].append(2)  # what a careless reader would do
    with pytest.raises(TypeError):
        db.read()["notes"].pop("a")


def test_no_store_path_mutates_the_cached_tables(tmp_path: Path, frozen_cache: None) -> None:
    kiosk = fast_store(tmp_path)
    kiosk.initialize(PASS)
    first = kiosk.add_note("premier", urgent=True, contact="Lucie, 3B")
    kiosk.add_note("second", for_whom="autre", level="primaire")
    pms = fast_store(tmp_path)
    session = pms.unlock(PASS)
    session.reply(first.note_id, "Passe au bureau.")
    kiosk.answer_followup(first.code, "D'accord.")
    with pms.db.transaction() as tables:  # a damaged record: listed, never purged
        tables["notes"]["999"] = {"id": "nope"}
    notes = session.list_notes()
    assert [note.preview for note in notes if note.problem is None]
    for note in notes:
        if note.problem is None:
            view = session.read(note.note_id)
            session.set_status(note.note_id, "traite")
            session.add_memo(note.note_id, "mémo")
            assert view.text
    session.audit_log()
    session.counts()
    session.purge_candidates(0)
    session.export_report()
    kiosk.open_followup(first.code)
    kiosk.meta_problems()
    check_store(pms)
    session.delete_note(kiosk.add_note("troisième").note_id)
    session.purge(-1)
    cached = pms.db.read()
    assert cached == json.loads((tmp_path / "notes.json").read_bytes())  # and it equals the file


# -- threads -------------------------------------------------------------------------------


def test_readers_never_see_half_a_transaction(tmp_path: Path) -> None:
    """Each transaction adds a note and its audit line: every snapshot read has as many of both."""
    writer_db, reader_db = Database(tmp_path), Database(tmp_path)
    _write(writer_db)
    bad: list[str] = []
    done = threading.Event()

    def write() -> None:
        for number in range(40):
            with writer_db.transaction() as tables:
                tables["notes"][f"{number:04d}"] = {"n": number}
                tables.setdefault("audit", {})[str(number)] = {"note": number}
        done.set()

    def read(db: Database) -> None:
        while not done.is_set():
            tables = db.read()
            if len(tables.get("notes", {})) != len(tables.get("audit", {})):
                bad.append("half a transaction")

    threads = [threading.Thread(target=write)]
    threads += [threading.Thread(target=read, args=(db,)) for db in (reader_db, reader_db, writer_db)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not bad and len(reader_db.read()["notes"]) == 40


def test_a_copy_is_private(tmp_path: Path) -> None:
    db = Database(tmp_path)
    _write(db, a={"v": [1, {"w": 2}]})
    mine = copy_tables(db.read())
    mine["notes"]["a"]["v"][1]["w"] = 3
    assert db.read()["notes"]["a"] == {"v": [1, {"w": 2}]}


def test_store_reads_stay_correct_across_store_objects(tmp_path: Path) -> None:
    """The kiosk and the console are two NoteStore objects (two caches) on one folder."""
    kiosk, pms = fast_store(tmp_path), fast_store(tmp_path)
    kiosk.initialize(PASS)
    session = pms.unlock(PASS)
    assert session.list_notes() == []
    receipt = kiosk.add_note("bonjour")
    assert [note.note_id for note in session.list_notes()] == [receipt.note_id]
    session.set_status(receipt.note_id, "en_cours")
    assert kiosk.counts()["en_cours"] == 1


def test_inbox_order_key_sorts_like_the_tuple_it_replaced() -> None:
    """The inbox's sort key became one string (a tuple sort held the GIL): same order."""
    from kiosk.store.models import NoteSummary
    from kiosk.store.session import _inbox_order

    def tuple_key(note: NoteSummary) -> tuple[Any, ...]:
        if note.damage is not None:
            return (2, 2, (), 0, note.note_id)
        waiting = 0 if note.status == "nouveau" or note.unread_answer else 1
        day = tuple(-int(part) for part in note.date.split("-"))
        return (waiting, 0 if note.urgent else 1, day, -{"am": 0, "pm": 1}[note.part_of_day], note.note_id)

    damage = StoreError(ErrorCode.NOTE_UNREADABLE, note="#1", field="date")
    notes = [
        NoteSummary(
            f"{n * 7919 % 65536:08x}",
            f"20{20 + n % 9}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            ("am", "pm")[n // 252 % 2],
            ("nouveau", "en_cours", "traite")[n % 3],
            n % 5 == 0,
            lambda: "",
            unread_answer=n % 7 == 0,
        )
        for n in range(400)
    ]
    notes += [NoteSummary(f"#{n}", "", "", "illisible", False, lambda: "", damage=damage) for n in (3, 12, 1)]
    assert sorted(notes, key=_inbox_order) == sorted(notes, key=tuple_key)
    assert [note.note_id for note in sorted(notes, key=_inbox_order)] == [
        note.note_id for note in sorted(notes, key=tuple_key)
    ]
