"""Store commands under attack or damage: one French line, exit 1, never a traceback (issue 9);
the CSV a Belgian spreadsheet opens (issue 14); nothing raw reaches the terminal."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from store_helpers import fast_store, load_json
from test_store_cli import GOOD, init, run

from kiosk.store import crypto

#: Cheap KDFs (passphrase and codes), no user config or KIOSK_* variable: tests/conftest.py.
pytestmark = pytest.mark.usefixtures("cheap_cli")

RAW = ["\x1b", "\x07", "\r", "\x9b", "\u202e", "\u2066"]


def _damage_one(data: Path) -> None:
    tables = load_json(data / "notes.json")
    key = sorted(tables["notes"])[0]
    tables["notes"][key].pop("date")
    (data / "notes.json").write_text(json.dumps(tables), encoding="utf-8")


def test_export_writes_every_readable_note_and_names_the_damaged_one(monkeypatch, capsys, tmp_path) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    store = fast_store(data, flood_limit=100)
    for n in range(50):
        store.add_note(f"message {n}")
    _damage_one(data)
    for fmt in ("jsonl", "csv"):
        code, out, err = run(
            monkeypatch, capsys, ["notes", "export", "--format", fmt, "--data-dir", str(data)], GOOD + "\n"
        )
        assert code == 1
        rows = out.splitlines() if fmt == "jsonl" else list(csv.reader(io.StringIO(out[1:]), delimiter=";"))[1:]
        assert len(rows) == 49
        lines = [line for line in err.splitlines() if line.startswith("kiosk : non exporté")]
        assert len(lines) == 1 and "illisible" in lines[0] and "« date »" in lines[0]
    code, out, _err = run(monkeypatch, capsys, ["status", "--data-dir", str(data)])
    assert code == 0 and "Nouveaux : 49" in out and "illisibles : 1" in out


def test_csv_is_for_a_belgian_spreadsheet(monkeypatch, capsys, tmp_path) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    store = fast_store(data)
    receipt = store.add_note(
        '=HYPERLINK("http://x") et ; virgule, "guillemets"', for_whom="moi", level="secondaire", urgent=True
    )
    session = store.unlock(GOOD)
    session.reply(receipt.note_id, "Réponse du PMS")
    session.add_memo(receipt.note_id, "mémo interne")
    session.set_status(receipt.note_id, "traite")
    code, out, _err = run(
        monkeypatch, capsys, ["notes", "export", "--format", "csv", "--data-dir", str(data)], GOOD + "\n"
    )
    assert code == 0 and out.startswith("\ufeff") and "\r\n" in out
    rows = list(csv.reader(io.StringIO(out[1:]), delimiter=";"))
    assert rows[0] == [
        "Message",
        "Date",
        "Moment",
        "Statut",
        "Urgent",
        "Auteur",
        "Texte",
        "Pour qui",
        "Niveau",
        "Contact",
        "Langue",
        "Nouvelle réponse",
    ]
    note, reply, memo = rows[1:]
    assert note[11] == "non" and reply[11] == ""  # no student answer since the PMS read it
    assert note[3] == "traité" and note[4] == "oui" and note[2] in ("matin", "après-midi")
    assert note[5] == "élève" and note[6].startswith("'=HYPERLINK")  # never a formula
    assert note[7] == "pour moi" and note[8] == "secondaire"
    assert reply[5] == "PMS" and reply[6] == "Réponse du PMS" and memo[5] == "mémo PMS"
    assert "True" not in out and "{" not in out


def test_exports_never_pass_control_characters_raw(monkeypatch, capsys, tmp_path) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    hostile = "titre\x1b]0;PIRATE\x07 efface\x1b[2J\r retour \x9b31m \u202eessor\u2066 fin"
    fast_store(data).add_note(hostile, contact="\x1b]52;c;Y2xpcA==\x07")
    outputs = {}
    for fmt in ("csv", "jsonl"):
        code, out, _err = run(
            monkeypatch, capsys, ["notes", "export", "--format", fmt, "--data-dir", str(data)], GOOD + "\n"
        )
        assert code == 0
        body = out.replace("\r\n", "\n")  # the CSV's own row ends
        assert not any(char in body for char in RAW), fmt
        outputs[fmt] = out
    assert "titre\\x1b]0;PIRATE\\x07 efface" in outputs["csv"]  # visible, not obeyed
    assert "<U+202E>" in outputs["csv"] and "\\x9b31m" in outputs["csv"]
    assert "\\u009b" in outputs["jsonl"] and "\\u202e" in outputs["jsonl"]
    row = json.loads(outputs["jsonl"].splitlines()[0])
    assert row["text"] == hostile  # a machine reads back exactly what was stored


def test_store_check_and_repair(monkeypatch, capsys, tmp_path) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    store = fast_store(data)
    store.add_note("un")
    store.add_note("deux")
    code, out, _err = run(monkeypatch, capsys, ["store", "check", "--data-dir", str(data)])
    assert code == 0 and "Tout va bien : 2 message(s)" in out
    _damage_one(data)
    before = (data / "notes.json").read_bytes()
    code, out, _err = run(monkeypatch, capsys, ["store", "check", "--data-dir", str(data)])
    assert code == 1 and "Problème : Message" in out and "--repair" in out
    assert (data / "notes.json").read_bytes() == before
    code, out, _err = run(monkeypatch, capsys, ["store", "check", "--repair", "--data-dir", str(data)])
    assert code == 0 and "Réparé : Message abîmé mis de côté" in out and "Gardé de côté" in out
    assert len(load_json(data / "notes.json")["quarantine"]) == 1


def test_status_changes_nothing_on_a_damaged_file(monkeypatch, capsys, tmp_path) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    (data / "notes.json").write_bytes(b'{"notes": {"1": ')
    code, _out, err = run(monkeypatch, capsys, ["status", "--data-dir", str(data)])
    assert code == 1 and "abîmé" in err and "--repair" in err and len(err.splitlines()) == 1
    assert (data / "notes.json").read_bytes() == b'{"notes": {"1": ' and not (data / "quarantine").exists()


def test_status_names_a_missing_public_key_never_init(monkeypatch, capsys, tmp_path) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    os.replace(data / "public.key", tmp_path / "usb.key")
    code, out, err = run(monkeypatch, capsys, ["status", "--data-dir", str(data)])
    assert code == 0 and "public.key manque" in out and "kiosk init" not in out + err
    code, _out, err = run(monkeypatch, capsys, ["init", "--data-dir", str(data)], GOOD + "\n")
    assert code == 1 and "private.key.json" in err and "rien n'a été changé" in err


def _no_space(*_args, **_kwargs):
    raise OSError(28, "No space left on device")


COMMANDS = [
    ["status"],
    ["notes", "export"],
    ["notes", "export", "--format", "csv"],
    ["notes", "purge", "--yes"],
    ["notes", "bundle", "--out", "/proc/x/bundle.json"],
    ["notes", "import", "/etc/passwd"],
    ["notes", "import", "/proc"],
    ["passphrase", "change"],
    ["init"],
    ["store", "check"],
    ["store", "check", "--repair"],  # last: it sets the damage aside
]


@pytest.mark.parametrize("harm", ["damaged private key", "full disk", "damaged notes", "no read permission"])
def test_no_traceback_from_any_store_command(monkeypatch, capsys, tmp_path, harm) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    fast_store(data).add_note("note")
    if harm == "damaged private key":
        (data / "private.key.json").write_text('{"passphrase": {"salt": 1}}')
    elif harm == "damaged notes":
        (data / "notes.json").write_bytes(b"\x00\x01")
    elif harm == "full disk":
        from kiosk.store import storage

        monkeypatch.setattr(storage.os, "write", _no_space)
    else:
        real = Path.read_bytes

        def denied(self: Path) -> bytes:
            if self.name in ("notes.json", "private.key.json"):
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", denied)
    for argv in COMMANDS:
        code, out, err = run(monkeypatch, capsys, [*argv, "--data-dir", str(data)], f"{GOOD}\n{GOOD}x\n")
        assert "Traceback" not in err and "Error" not in err, argv
        assert code in (0, 1), argv
        if code == 1:
            assert err.startswith("kiosk : ") or "Problème" in out, argv
        if harm == "no read permission" and code == 1 and "lire notes.json" in err:
            assert "droit" in err and "est abîmé" not in err, argv
        if harm == "no read permission" and argv == ["status"]:
            assert code == 1 and "Pas le droit de lire notes.json" in err


def test_literal_widget_keeps_escape_sequences_from_the_student_view() -> None:
    from rich.console import Console

    from kiosk.screens.widgets.literal import literal
    from kiosk.screens.widgets.note_widgets import ConversationView
    from kiosk.store.models import Message

    console = Console(file=io.StringIO(), force_terminal=True, color_system=None, width=80)
    console.print(literal("avant\x1b]0;PIRATE\x07après\x9b2J \u202eenvers"))
    printed = console.file.getvalue()
    assert "\x1b]0;" not in printed and "\x07" not in printed and "\x9b" not in printed
    assert "\\x1b]0;PIRATE\\x07" in printed and "<U+202E>" in printed
    view = ConversationView([Message("pms", "a\x1b]0;X\x07b", "2026-01-05", "am")], t=lambda key, **_: key)
    widgets = list(view.compose())
    rendered = [str(getattr(w, "_Static__content", getattr(w, "renderable", ""))) for w in widgets]
    assert any("\\x1b]0;X\\x07" in text for text in rendered) and not any("\x1b" in text for text in rendered)


def test_a_note_sealed_to_another_key_does_not_stop_the_export(monkeypatch, capsys, tmp_path) -> None:
    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    fast_store(data).add_note("lisible")
    other = fast_store(tmp_path / "o")
    other.initialize("autre phrase de passe")
    tables = load_json(data / "notes.json")
    tables["notes"]["1"] = {
        "id": "00000001",
        "date": "2026-01-05",
        "part_of_day": "am",
        "status": "nouveau",
        "urgent": False,
        "messages": [],
        "memos": [],
        "sealed": crypto.seal(other.public_key(), b'{"text": "x"}'),
    }
    (data / "notes.json").write_text(json.dumps(tables), encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, ["notes", "export", "--data-dir", str(data)], GOOD + "\n")
    assert code == 1 and len(out.splitlines()) == 1 and "00000001" in err and "CryptoError" not in err


def test_status_warns_before_the_disk_is_too_full(monkeypatch, capsys, tmp_path) -> None:
    from kiosk.store import storage

    data = tmp_path / "d"
    init(monkeypatch, capsys, data)
    fast_store(data).add_note("un message")
    monkeypatch.setattr(storage.shutil, "disk_usage", lambda _p: type("Usage", (), {"free": 4096})())
    code, out, _err = run(monkeypatch, capsys, ["status", "--data-dir", str(data)])
    assert code == 0 and "Attention : Disque presque plein : 4 Kio libres" in out
