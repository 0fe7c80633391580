"""The A4 poster: every code decodes from the SVG's module rects, mm units, the CLI."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from qrdecode import decode_poster_svg

from kiosk.cli import main
from kiosk.content import load_pack
from kiosk.content.poster import ROLES, poster_entries, poster_html, poster_pages, role_contacts
from kiosk.content.qr import contact_codes

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize("role", ROLES)
def test_every_poster_code_decodes(role):
    pack = load_pack("fr").pack
    pages = poster_pages(pack, role, where="Infirmerie, 1er étage", today=TODAY)
    decoded = [pair for page in pages for pair in decode_poster_svg(page)]
    entries = poster_entries(role_contacts(pack, role))
    assert len(decoded) == len(entries) > 0
    for (payload, text), entry in zip(decoded, entries):
        assert text == payload == entry.payload


def test_poster_content_and_print_units():
    pack = load_pack("fr").pack
    pages = poster_pages(pack, "parent", where="Infirmerie, 1er étage", today=TODAY)
    first = pages[0]
    assert 'width="210mm" height="297mm" viewBox="0 0 210 297"' in first
    assert "Infirmerie, 1er étage" in first
    assert "21/11/2026" in first
    # National format on paper, and MECARD when a service has a phone and an e-mail.
    cpms = pack.contacts["cpms-libre-1"]
    assert "056 39 16 20" in first
    entry = next(e for e in poster_entries([cpms]))
    assert entry.kind == "save" and entry.payload == contact_codes(cpms).save
    # Black on white only.
    assert set(re.findall(r'#[0-9a-fA-F]{6}', "".join(pages))) <= {"#000000", "#ffffff"}
    html = poster_html(pages, "Affiche", "fr")
    assert html.count("<svg") == len(pages) and "@page { size: A4; margin: 0; }" in html


def test_role_contacts_follow_menus_and_audience():
    pack = load_pack("fr").pack
    parent = [c.id for c in role_contacts(pack, "parent")]
    assert parent[0] in pack.groups["mouscron-pms"].contacts  # the parent menu's first contact group
    assert len(parent) == len(set(parent))
    assert all(c.id in parent for c in pack.contacts.values() if "tous" in c.audience)


def test_unknown_role_is_an_error():
    with pytest.raises(ValueError, match="rôle inconnu"):
        poster_pages(load_pack("fr").pack, "directeur")


def test_cli_writes_html_and_svg(tmp_path, tmp_data_dir, capsys):
    out = tmp_path / "affiche.html"
    code = main(["--data-dir", str(tmp_data_dir), "poster", "--role", "eleve", "--out", str(out),
                 "--where", "Infirmerie, 1er étage"])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Infirmerie, 1er étage" in text
    assert all(payload == decoded for payload, decoded in decode_poster_svg(text))
    svg = tmp_path / "affiche.svg"
    assert main(["--data-dir", str(tmp_data_dir), "poster", "--role", "equipe", "--out", str(svg), "--lang", "nl"]) == 0
    assert svg.read_text(encoding="utf-8").startswith("<?xml")
    assert "A4" in capsys.readouterr().out


def test_cli_unknown_role_exits_2(tmp_path, tmp_data_dir, capsys):
    code = main(["--data-dir", str(tmp_data_dir), "poster", "--role", "directeur", "--out", str(tmp_path / "x.html")])
    assert code == 2
    assert "rôle inconnu" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()
