"""Issue 10, store side of the reply loop: unread student answers, reply → en cours, delete,
unlock journal lines, and the readiness check a kiosk runs before a child writes."""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path

import pytest
from store_helpers import PASS, fast_store, time_like_values

from kiosk.store import NoteStore, Readiness, StoreError, WrongPassphrase, readiness


@pytest.fixture
def store(tmp_data_dir: Path) -> NoteStore:
    s = fast_store(tmp_data_dir, flood_limit=1000)
    s.initialize(PASS)
    return s


def test_student_answer_reopens_a_treated_note_until_the_pms_reads_it(store: NoteStore) -> None:
    first = store.add_note("un vieux message")
    receipt = store.add_note("on se moque de moi")
    session = store.unlock(PASS)
    session.reply(receipt.note_id, "On peut se voir lundi ?")
    session.set_status(receipt.note_id, "traite")
    session.set_status(first.note_id, "en_cours")
    assert store.counts()["unread_answer"] == 0
    store.answer_followup(receipt.code, "merci, mais ça continue")
    assert store.counts()["unread_answer"] == 1
    listed = session.list_notes()
    assert listed[0].note_id == receipt.note_id and listed[0].unread_answer and listed[0].status == "traite"
    assert [n.note_id for n in session.list_notes("nouveau")] == [receipt.note_id]  # with the new ones
    rows = {row["id"]: row for row in session.export()}
    assert rows[receipt.note_id]["unread_answer"] is True and rows[first.note_id]["unread_answer"] is False
    view = session.read(receipt.note_id)
    assert view.unread_answer  # what the PMS opened was flagged
    assert store.counts()["unread_answer"] == 0
    assert not session.list_notes()[1].unread_answer
    assert session.audit_log()[-1]["action"] == "lecture"


def test_a_reply_sets_en_cours_only_from_nouveau(store: NoteStore) -> None:
    new, done = store.add_note("a"), store.add_note("b")
    session = store.unlock(PASS)
    session.set_status(done.note_id, "traite")
    session.reply(new.note_id, "réponse")
    session.reply(done.note_id, "réponse")
    statuses = {n.note_id: n.status for n in session.list_notes()}
    assert statuses == {new.note_id: "en_cours", done.note_id: "traite"}
    assert [e["action"] for e in session.audit_log()].count("réponse") == 2


def test_set_status_returns_the_previous_one_for_undo(store: NoteStore) -> None:
    note = store.add_note("a")
    session = store.unlock(PASS)
    assert session.set_status(note.note_id, "traite") == "nouveau"
    assert session.set_status(note.note_id, "nouveau") == "traite"


def test_delete_one_note_with_a_journal_line_and_no_content(store: NoteStore) -> None:
    keep, gone = store.add_note("garder"), store.add_note("secret à effacer")
    session = store.unlock(PASS)
    session.delete_note(gone.note_id)
    assert [n.note_id for n in session.list_notes()] == [keep.note_id]
    with pytest.raises(StoreError):
        session.delete_note(gone.note_id)  # twice: said, not crashed
    with pytest.raises(StoreError):
        session.delete_note("not-an-id")
    entry = session.audit_log()[-1]
    assert entry["action"] == "delete" and entry["note_id"] == gone.note_id
    assert "secret" not in (store.data_dir / "notes.json").read_text(encoding="utf-8")
    session.lock()
    with pytest.raises(StoreError):
        session.delete_note(keep.note_id)  # locked: nothing deleted
    assert store.counts()["nouveau"] == 1


def test_unlocks_failed_unlocks_export_and_purge_are_journaled(store: NoteStore) -> None:
    with pytest.raises(WrongPassphrase):
        store.unlock("pas la bonne")
    with pytest.raises(WrongPassphrase):
        store.unlock_with_recovery("AAAA-BBBB")
    session = store.unlock(PASS)
    list(session.export())
    session.purge(365)
    actions = [entry["action"] for entry in session.audit_log()]
    assert actions == ["unlock_failed", "unlock_failed_recovery", "unlock", "export", "purge"]
    assert time_like_values(session.audit_log()) == []


def test_failed_unlock_is_journaled_even_though_the_store_stays_locked(store: NoteStore) -> None:
    fresh = fast_store(store.data_dir)  # another process: no key, no session
    with pytest.raises(WrongPassphrase):
        fresh.unlock("faux")
    assert store.unlock(PASS).audit_log()[0]["action"] == "unlock_failed"


def test_readiness_names_each_cause(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    assert fast_store(data).readiness() == Readiness.NOT_INITIALIZED
    assert not data.exists()  # checking creates nothing
    s = fast_store(data)
    s.initialize(PASS)
    assert s.readiness() == Readiness.OK
    (data / "public.key").write_text("pas une clé\n")
    assert fast_store(data).readiness() == Readiness.KEY_DAMAGED
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(readiness.shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 1000, 1000))
    s2 = fast_store(tmp_path / "other")
    s2.initialize(PASS)
    assert s2.readiness() == Readiness.DISK_FULL


def test_readiness_read_only_folder_simulated(store: NoteStore, monkeypatch) -> None:
    """os.access as a read-only mount answers it (the root CI ignores chmod)."""
    real = os.access
    monkeypatch.setattr(readiness.os, "access", lambda p, mode: False if mode & os.W_OK else real(p, mode))
    assert store.readiness() == Readiness.READ_ONLY


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_readiness_read_only_folder_for_real(store: NoteStore) -> None:
    store.add_note("premier")
    os.chmod(store.data_dir, 0o500)
    try:
        assert store.readiness() == Readiness.READ_ONLY
    finally:
        os.chmod(store.data_dir, 0o700)


def test_readiness_changes_no_file_time(store: NoteStore) -> None:
    store.add_note("a")
    before = {p.name: p.stat().st_mtime_ns for p in [store.data_dir, *store.data_dir.iterdir()]}
    assert store.readiness() == Readiness.OK
    after = {p.name: p.stat().st_mtime_ns for p in [store.data_dir, *store.data_dir.iterdir()]}
    assert before == after


def test_csv_export_says_nouvelle_reponse(store: NoteStore) -> None:
    import csv
    import io

    from kiosk.commands.export import write_csv

    receipt = store.add_note("aide")
    store.answer_followup(receipt.code, "encore moi")
    out = io.StringIO()
    write_csv(store.unlock(PASS).export(), out)
    rows = list(csv.reader(io.StringIO(out.getvalue()[1:]), delimiter=";"))
    assert rows[0][-1] == "Nouvelle réponse" and rows[1][-1] == "oui" and rows[2][-1] == ""


def _status(monkeypatch, capsys, data: Path) -> tuple[int, str, str]:
    import io

    from kiosk.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(data.parent / "no-config"))
    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["status", "--data-dir", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


def test_kiosk_status_counts_unread_answers_and_names_a_broken_kiosk(store: NoteStore, monkeypatch, capsys) -> None:
    receipt = store.add_note("aide")
    store.answer_followup(receipt.code, "encore moi")
    code, out, err = _status(monkeypatch, capsys, store.data_dir)
    assert code == 0 and "nouvelles réponses d'élèves : 1" in out and "Attention" not in out, err
    real = os.access
    monkeypatch.setattr(readiness.os, "access", lambda p, mode: False if mode & os.W_OK else real(p, mode))
    code, out, _err = _status(monkeypatch, capsys, store.data_dir)
    assert code == 0 and "Attention : le dossier des messages est en lecture seule" in out


def test_kiosk_status_uninitialised_names_the_cause(tmp_path: Path, monkeypatch, capsys) -> None:
    code, _out, err = _status(monkeypatch, capsys, tmp_path / "vide")
    assert code == 1 and "kiosk init" in err and "Traceback" not in err
