"""``kiosk sync DOSSIER`` through kiosk.cli.main: French lines, exit codes, the old bundle commands' pointer."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from store_helpers import fast_store

from kiosk.cli import main

GOOD = "une phrase de passe solide"


#: Cheap KDFs (passphrase and codes), no user config or KIOSK_* variable: tests/conftest.py.
pytestmark = pytest.mark.usefixtures("cheap_cli")


def run(monkeypatch, capsys, argv: list[str], stdin: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    return code, out, err


def test_sync_both_sides_by_the_cli(monkeypatch, capsys, tmp_path: Path) -> None:
    pms, kiosk, usb = tmp_path / "pms", tmp_path / "kiosk", tmp_path / "usb"
    assert run(monkeypatch, capsys, ["init", "--data-dir", str(pms)], GOOD + "\n")[0] == 0
    code, out, _err = run(
        monkeypatch, capsys, ["init", "--data-dir", str(kiosk), "--public-key", str(pms / "public.key")]
    )
    assert code == 0 and "pms.verify" not in out  # found beside public.key: no warning
    receipt = fast_store(kiosk).add_note("du kiosque")
    usb.mkdir()
    code, out, _err = run(monkeypatch, capsys, ["sync", str(usb), "--data-dir", str(kiosk)])
    assert code == 0 and "Envoyé : 1 message(s)" in out
    kid = re.search(r"kiosque-([0-9a-f]{16})", out).group(1)
    code, out, _err = run(monkeypatch, capsys, ["sync", str(usb), "--data-dir", str(pms)], GOOD + "\n")
    assert code == 0 and "Reçu : 1 nouveau(x) message(s)" in out
    fast_store(pms).unlock(GOOD).reply(receipt.note_id, "réponse du PMS")
    run(monkeypatch, capsys, ["sync", str(usb), "--data-dir", str(pms)], GOOD + "\n")
    code, out, _err = run(monkeypatch, capsys, ["sync", str(usb), "--data-dir", str(kiosk)])
    assert code == 0 and "reçu : 1 réponse(s)" in out
    assert fast_store(kiosk).open_followup(receipt.code).messages[-1].text == "réponse du PMS"
    (usb / f"kiosque-{kid}" / "n-00000000000000aa.json").write_text('{"format": "pms-kio')
    code, out, _err = run(monkeypatch, capsys, ["sync", str(usb), "--data-dir", str(pms)], GOOD + "\n")
    assert code == 0 and "En attente : " in out and "repris au prochain tour" in out


def test_sync_errors_are_french_lines(monkeypatch, capsys, tmp_path: Path) -> None:
    pms = tmp_path / "pms"
    run(monkeypatch, capsys, ["init", "--data-dir", str(pms)], GOOD + "\n")
    code, _out, err = run(monkeypatch, capsys, ["sync", str(tmp_path / "absent"), "--data-dir", str(pms)], GOOD + "\n")
    assert code == 1 and "Dossier d'échange introuvable" in err
    code, _out, err = run(monkeypatch, capsys, ["sync", str(tmp_path), "--data-dir", str(pms)], "mauvaise phrase\n")
    assert code == 1 and "incorrecte" in err
    code, _out, err = run(monkeypatch, capsys, ["sync", str(tmp_path), "--data-dir", str(tmp_path / "vide")])
    assert code == 1 and "kiosk init" in err
    with pytest.raises(SystemExit):
        run(monkeypatch, capsys, ["sync", str(tmp_path), "--watch", "1", "--data-dir", str(pms)])
    for argv in (["notes", "bundle", "--out", str(tmp_path / "x.json")], ["notes", "import", str(tmp_path / "x.json")]):
        code, _out, err = run(monkeypatch, capsys, [*argv, "--data-dir", str(pms)])
        assert code == 1 and "kiosk sync DOSSIER" in err


def test_kiosk_without_verify_key_says_so(monkeypatch, capsys, tmp_path: Path) -> None:
    pms, kiosk, lone = tmp_path / "pms", tmp_path / "kiosk", tmp_path / "lone"
    run(monkeypatch, capsys, ["init", "--data-dir", str(pms)], GOOD + "\n")
    lone.mkdir()
    (lone / "public.key").write_bytes((pms / "public.key").read_bytes())
    code, out, _err = run(
        monkeypatch, capsys, ["init", "--data-dir", str(kiosk), "--public-key", str(lone / "public.key")]
    )
    assert code == 0 and "pms.verify" in out
    (lone / "pms.verify").write_text("pas une clé\n")
    code, _out, err = run(
        monkeypatch, capsys, ["init", "--data-dir", str(tmp_path / "k2"), "--public-key", str(lone / "public.key")]
    )
    assert code == 1 and "pms.verify" in err and not (tmp_path / "k2" / "public.key").exists()


def test_watch_repeats_rounds_at_fixed_times(monkeypatch, capsys, tmp_path: Path) -> None:
    pms, kiosk, usb = tmp_path / "pms", tmp_path / "kiosk", tmp_path / "usb"
    run(monkeypatch, capsys, ["init", "--data-dir", str(pms)], GOOD + "\n")
    run(monkeypatch, capsys, ["init", "--data-dir", str(kiosk), "--public-key", str(pms / "public.key")])
    usb.mkdir()
    sleeps: list[float] = []
    monkeypatch.setattr("time.time", lambda: 1_000_000_000 + 7)

    def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise KeyboardInterrupt  # the service is stopped

    monkeypatch.setattr("time.sleep", fake_sleep)
    code, out, _err = run(monkeypatch, capsys, ["sync", str(usb), "--watch", "600", "--data-dir", str(kiosk)])
    assert code == 0 and out.count("Envoyé :") == 3
    assert sleeps == [600 - (1_000_000_007 % 600)] * 3  # to the next multiple of 600 s, not 600 s after
