"""``kiosk init``, ``status``, ``passphrase change``, ``notes export|purge`` through kiosk.cli.main."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import fast_store, time_like_values

from kiosk.cli import main

GOOD = "une phrase de passe solide"


#: Cheap KDFs (passphrase and codes), no user config or KIOSK_* variable: tests/conftest.py.
pytestmark = pytest.mark.usefixtures("cheap_cli")


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, argv: list[str], stdin: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def init(monkeypatch, capsys, data: Path) -> str:
    code, out, _err = run(monkeypatch, capsys, ["init", "--data-dir", str(data)], GOOD + "\n")
    assert code == 0
    return re.search(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})", out).group(1)


def test_init_prints_recovery_and_public_key(monkeypatch, capsys, tmp_path: Path) -> None:
    data = tmp_path / "d"
    code, out, _err = run(monkeypatch, capsys, ["init", "--data-dir", str(data)], GOOD + "\n")
    assert code == 0 and "CODE DE SECOURS" in out and str(data / "public.key") in out
    assert (data / "public.key").exists() and (data / "private.key.json").exists()
    code, _out, err = run(monkeypatch, capsys, ["init", "--data-dir", str(data)], GOOD + "\n")
    assert code == 1 and "contient déjà" in err and "rien n'a été changé" in err


def test_init_refuses_short_or_missing_passphrase(monkeypatch, capsys, tmp_path: Path) -> None:
    code, _out, err = run(monkeypatch, capsys, ["init", "--data-dir", str(tmp_path / "d")], "court\n")
    assert code == 1 and "trop courte" in err
    code, _out, err = run(monkeypatch, capsys, ["init", "--data-dir", str(tmp_path / "d")], "")
    assert code == 1 and "entrée standard" in err
    assert not (tmp_path / "d" / "public.key").exists()


def test_write_only_kiosk_init(monkeypatch, capsys, tmp_path: Path) -> None:
    init(monkeypatch, capsys, tmp_path / "pms")
    code, out, _err = run(
        monkeypatch,
        capsys,
        ["init", "--data-dir", str(tmp_path / "k"), "--public-key", str(tmp_path / "pms" / "public.key")],
    )
    assert code == 0 and "écriture seule" in out
    code, _out, err = run(
        monkeypatch, capsys, ["init", "--data-dir", str(tmp_path / "k2"), "--public-key", str(tmp_path / "absent.key")]
    )
    assert code == 1 and "introuvable" in err and "absent.key" in err


def test_status_export_and_wrong_passphrase(monkeypatch, capsys, tmp_path: Path) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    store = fast_store(data)
    store.add_note("texte [bold]un[/]", urgent=True)
    store.add_note("texte deux\nsur deux lignes", contact="Max, 6B")
    # the top-level --data-dir works too
    code, out, _err = run(monkeypatch, capsys, ["--data-dir", str(data), "status"])
    assert code == 0 and "Nouveaux : 2" in out and "urgents non traités : 1" in out
    assert "texte" not in out

    code, out, err = run(monkeypatch, capsys, ["notes", "export", "--data-dir", str(data)], GOOD + "\n")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert sorted(row["text"] for row in rows) == ["texte [bold]un[/]", "texte deux\nsur deux lignes"]
    assert all({"id", "date", "part_of_day", "status", "urgent", "text"} <= set(row) for row in rows)
    assert time_like_values(rows) == []

    code, out, _err = run(
        monkeypatch, capsys, ["notes", "export", "--format", "csv", "--data-dir", str(data)], GOOD + "\n"
    )
    assert out.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(out[1:]), delimiter=";"))
    assert code == 0 and sorted(r["Texte"] for r in table) == ["texte [bold]un[/]", "texte deux\nsur deux lignes"]

    code, out, err = run(monkeypatch, capsys, ["notes", "export", "--data-dir", str(data)], "mauvaise phrase\n")
    assert code == 1 and "incorrecte" in err and out == ""


def test_status_without_store(monkeypatch, capsys, tmp_path: Path) -> None:
    code, _out, err = run(monkeypatch, capsys, ["status", "--data-dir", str(tmp_path / "vide")])
    assert code == 1 and "kiosk init" in err


def test_passphrase_change(monkeypatch, capsys, tmp_path: Path) -> None:
    data = tmp_path / "d"
    recovery = init(monkeypatch, capsys, data)
    code, out, err = run(
        monkeypatch, capsys, ["passphrase", "change", "--data-dir", str(data)], GOOD + "\nla nouvelle phrase\n"
    )
    assert code == 0, err
    store = fast_store(data)
    assert store.unlock("la nouvelle phrase") and store.unlock_with_recovery(recovery)


def test_purge_asks_then_purges(monkeypatch, capsys, tmp_path: Path) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    old = fast_store(data, clock=lambda: datetime(2020, 1, 6, 9))
    ids = [old.add_note(f"vieux {i}").note_id for i in range(3)]
    session = old.unlock(GOOD)
    session.set_status(ids[0], "traite")
    session.set_status(ids[1], "traite")
    code, out, _err = run(monkeypatch, capsys, ["notes", "purge", "--data-dir", str(data)], GOOD + "\nnon\n")
    assert code == 0 and "2 message(s)" in out and "Rien n'a été effacé" in out
    code, out, _err = run(monkeypatch, capsys, ["notes", "purge", "--data-dir", str(data)], GOOD + "\noui\n")
    assert code == 0 and "2 message(s) effacé(s)" in out
    assert fast_store(data).counts() == {
        "nouveau": 1,
        "en_cours": 0,
        "traite": 0,
        "urgent": 0,
        "illisible": 0,
        "unread_answer": 0,
    }
    code, out, _err = run(monkeypatch, capsys, ["notes", "purge", "--yes", "--data-dir", str(data)], GOOD + "\n")
    assert code == 0 and "0 message(s)" in out
