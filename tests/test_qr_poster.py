"""The A4 poster: one page per role and language, codes that decode, the oldest date, the CLI.

The PDF is rendered at 300 dpi with pdfium (pypdfium2) and every code is read back
with zxing-cpp from the pixels, its 4-module quiet zone measured; the SVG's codes are
rebuilt from their module rects.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from qrdecode import decode_poster_svg

from kiosk.cli import main
from kiosk.content import LANGS, load_pack
from kiosk.content.poster import (
    MARGIN,
    PAGE_H,
    PAGE_W,
    ROLES,
    Box,
    Code,
    Text,
    poster_layout,
    poster_pdf,
    poster_svg,
    role_contacts,
    text_width,
)
from kiosk.content.qr import QUIET_ZONE, contact_codes, qr_matrix

DPI = 300
WHERE = "Infirmerie, 1er étage"
COMBOS = [(lang, role) for lang in LANGS for role in ROLES]


def render(pdf_bytes: bytes, dpi: int = DPI):
    """Every page of the PDF as a grayscale Pillow image at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        return [document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()


def pdf_text(pdf_bytes: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def quiet_modules(image, box: tuple[int, int, int, int], module_px: float) -> bool:
    """True when the 4 modules around ``box`` (the code's finder corners) are all light."""
    left, top, right, bottom = box
    ring = round(QUIET_ZONE * module_px)
    pad = 2  # anti-aliasing at the code's own edge
    strips = [
        (left - ring, top - ring, right + ring, top - pad),
        (left - ring, bottom + pad, right + ring, bottom + ring),
        (left - ring, top - ring, left - pad, bottom + ring),
        (right + pad, top - ring, right + ring, bottom + ring),
    ]
    return all(image.crop(strip).getextrema()[0] >= 160 for strip in strips)


def decode_page(image) -> list[tuple[str, bool]]:
    """(text, 4-module quiet zone clear) of every QR code on the rendered page."""
    import zxingcpp

    found = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False):
        p = code.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        box = (min(xs), min(ys), max(xs) + 1, max(ys) + 1)
        module_px = (box[2] - box[0]) / qr_matrix(code.text).size
        found.append((code.text, quiet_modules(image, box, module_px)))
    return found


@pytest.mark.parametrize(("lang", "role"), COMBOS)
def test_pdf_poster_is_one_a4_page_whose_codes_decode_at_300_dpi(lang, role):
    poster = poster_layout(load_pack(lang).pack, role, WHERE)
    data = poster_pdf(poster)
    assert data.startswith(b"%PDF-")
    pages = render(data)
    assert len(pages) == 1
    width, height = pages[0].size
    assert (round(width * 25.4 / DPI), round(height * 25.4 / DPI)) == (210, 297)
    decoded = decode_page(pages[0])
    payloads = sorted(entry.payload for entry in poster.entries)
    assert len(payloads) >= 8
    assert sorted(text for text, _ in decoded) == payloads
    assert all(clear for _, clear in decoded), decoded


@pytest.mark.parametrize(("lang", "role"), COMBOS)
def test_svg_poster_codes_decode_with_their_quiet_zone(lang, role):
    poster = poster_layout(load_pack(lang).pack, role, WHERE)
    svg = poster_svg(poster)
    assert 'width="210mm" height="297mm" viewBox="0 0 210 297"' in svg
    decoded = decode_poster_svg(svg)
    assert sorted(payload for payload, _ in decoded) == sorted(entry.payload for entry in poster.entries)
    assert all(payload == text for payload, text in decoded)
    assert set(re.findall(r"#[0-9a-fA-F]{6}", svg)) <= {"#000000", "#ffffff"}  # black on white only


def _with_dates(pack, dates: dict[str, dt.date | None]):
    pack = pack.model_copy(deep=True)
    for ident, day in dates.items():
        pack.contacts[ident].updated = day
    return pack


def _shown_ids(pack, role: str) -> list[str]:
    poster = poster_layout(pack, role)
    return [entry.id for entry in poster.entries]


@pytest.mark.parametrize("role", ROLES)
def test_poster_date_is_its_oldest_contacts_never_the_print_date(role):
    pack = load_pack("fr").pack
    ids = _shown_ids(pack, role)
    dates = {ident: dt.date(2025, 3, 1) + dt.timedelta(days=n) for n, ident in enumerate(ids)}
    dates[ids[-2]] = dt.date(2019, 5, 2)  # the oldest, somewhere in the middle of the page
    dated = _with_dates(pack, dates)
    poster = poster_layout(dated, role)
    assert poster.verified == dt.date(2019, 5, 2) and poster.undated == []
    texts = sorted((item for item in poster.items if isinstance(item, Text)), key=lambda t: t.y)
    footer = " ".join(t.text for t in texts[-2:])  # the page's last lines
    assert "Numéros vérifiés le 02/05/2019" in footer
    text = pdf_text(poster_pdf(poster))
    assert "02/05/2019" in text
    assert dt.date.today().strftime("%d/%m/%Y") not in text + poster_svg(poster)
    # A contact that is not on the poster does not count.
    other = next(c.id for c in pack.contacts.values() if c.id not in ids)
    assert poster_layout(_with_dates(dated, {other: dt.date(2001, 1, 1)}), role).verified == dt.date(2019, 5, 2)


def test_undated_contacts_are_counted_not_hidden():
    pack = load_pack("fr").pack
    poster = poster_layout(pack, "parent")
    assert poster.verified == dt.date(2016, 9, 13)  # the bundled PMS centres, letter of 13/09/2016
    assert poster.undated
    assert f"Numéros vérifiés le 13/09/2016 au plus tôt ; {len(poster.undated)} sans date de vérification." in pdf_text(
        poster_pdf(poster)
    )
    nobody = _with_dates(pack, {entry.id: None for entry in poster.entries})
    assert "Date de vérification des numéros inconnue." in pdf_text(poster_pdf(poster_layout(nobody, "parent")))


@pytest.mark.parametrize(("lang", "role"), COMBOS)
def test_nothing_is_cut_out_of_the_page_or_overlaps_a_code(lang, role):
    poster = poster_layout(load_pack(lang).pack, role, WHERE)
    texts = [item for item in poster.items if isinstance(item, Text)]
    codes = [item for item in poster.items if isinstance(item, Code)]
    assert not any(t.text.endswith("…") for t in texts)

    def box(t: Text) -> tuple[float, float, float, float]:
        width = text_width(t.text, t.size, t.bold)
        left = t.x - {"start": 0, "middle": width / 2, "end": width}[t.anchor]
        return left, t.y - t.size * 0.8, left + width, t.y + t.size * 0.2

    for t in texts:
        left, top, right, bottom = box(t)
        assert MARGIN - 0.5 <= left and right <= PAGE_W - MARGIN + 0.5, t
        assert MARGIN - 0.5 <= top and bottom <= PAGE_H - MARGIN + 0.5, t
        for c in codes:
            apart = right <= c.x or left >= c.x + c.size or bottom <= c.y or top >= c.y + c.size
            assert apart, (t.text, c.payload)
    for c in codes:
        assert MARGIN <= c.x and c.x + c.size <= PAGE_W - MARGIN and MARGIN <= c.y and c.y + c.size <= PAGE_H - MARGIN
        frames = [b for b in poster.items if isinstance(b, Box) and b.stroke and b.x < c.x and c.x + c.size < b.x + b.w]
        assert frames  # each code sits inside its card


def test_poster_shows_where_the_kiosk_is_or_a_line_to_write_it():
    pack = load_pack("fr").pack
    assert WHERE in pdf_text(poster_pdf(poster_layout(pack, "eleve", WHERE)))
    blank = poster_layout(pack, "eleve")
    assert "se trouve :" in pdf_text(poster_pdf(blank))
    assert any(isinstance(b, Box) and b.fill == "#000000" and b.h < 0.5 for b in blank.items)  # the line to write on


FR_TU = re.compile(r"\b(tu|te|t'|ton|ta|tes|toi)\b", re.I)
FR_VOUS = re.compile(r"\b(vous|votre|vos)\b", re.I)
NL_JE = re.compile(r"\b(je|jij|jou|jouw)\b", re.I)
NL_U = re.compile(r"\b(u|uw)\b", re.I)


@pytest.mark.parametrize(("lang", "child", "adult"), [("fr", FR_TU, FR_VOUS), ("nl", NL_JE, NL_U)])
def test_register_tu_for_students_vous_for_adults(lang, child, adult):
    pack = load_pack(lang).pack
    for role in ROLES:
        words = " ".join(item.text for item in poster_layout(pack, role, WHERE).items if isinstance(item, Text))
        if role == "eleve":
            assert child.search(words) and not adult.search(words), words
        else:
            assert not child.search(words), (role, child.findall(words))
        if role == "parent":
            assert adult.search(words)


def test_headline_per_audience():
    for lang in LANGS:
        pack = load_pack(lang).pack
        titles = {role: poster_layout(pack, role).title for role in ROLES}
        assert len(set(titles.values())) == 3


def test_main_lines_and_local_pms_come_from_the_content_groups():
    pack = load_pack("fr").pack
    poster = poster_layout(pack, "eleve")
    assert [e.id for e in poster.pms] == pack.groups["poster-pms"].contacts
    assert [e.id for e in poster.lines] == pack.groups["poster-eleve"].contacts
    # Without the groups (a copy made before they existed), the role's contacts fill the page.
    bare = pack.model_copy(deep=True)
    for ident in [g for g in bare.groups if g.startswith("poster-")]:
        del bare.groups[ident]
    fallback = poster_layout(bare, "parent")
    assert fallback.pms == [] and 0 < len(fallback.lines) <= 6
    assert all(entry.id in [c.id for c in role_contacts(bare, "parent")] for entry in fallback.lines)


def test_hostile_characters_do_not_break_the_pdf():
    pack = load_pack("fr").pack.model_copy(deep=True)
    ident = pack.groups["poster-eleve"].contacts[0]
    pack.contacts[ident].name = "Ligne 🙂 d'écoute – « test » \u202f: 24/7 \x00"
    data = poster_pdf(poster_layout(pack, "eleve", "Salle 2 – 1er étage 🙂"))
    assert len(render(data, dpi=72)) == 1


@pytest.mark.parametrize("name", ["Très long nom de service " * 20, "x" * 300, "https://www.exemple.be/" + "a" * 200])
def test_hostile_long_names_stay_inside_their_card(name):
    pack = load_pack("fr").pack.model_copy(deep=True)
    for ident in pack.groups["poster-eleve"].contacts[:1] + pack.groups["poster-pms"].contacts[:1]:
        pack.contacts[ident].name = name
    poster = poster_layout(pack, "eleve", "z" * 120)
    cards = [b for b in poster.items if isinstance(b, Box) and b.stroke]
    for t in (item for item in poster.items if isinstance(item, Text)):
        width = text_width(t.text, t.size, t.bold)
        left = t.x - {"start": 0, "middle": width / 2, "end": width}[t.anchor]
        assert MARGIN - 0.5 <= left and left + width <= PAGE_W - MARGIN + 0.5, t
        assert t.y <= PAGE_H - MARGIN, t
        inside = [c for c in cards if c.x <= t.x <= c.x + c.w and c.y <= t.y <= c.y + c.h]
        for card in inside:
            assert left >= card.x - 0.5 and left + width <= card.x + card.w + 0.5, t
            assert t.y + t.size * 0.2 <= card.y + card.h + 0.5, t
    decoded = decode_page(render(poster_pdf(poster))[0])
    assert sorted(text for text, _ in decoded) == sorted(e.payload for e in poster.entries)


def test_mecard_for_a_service_with_phone_and_email():
    pack = load_pack("fr").pack
    cpms = next(e for e in poster_layout(pack, "parent").pms if e.id == "cpms-libre-1")
    assert cpms.kind == "save" and cpms.payload == contact_codes(pack.contacts["cpms-libre-1"]).save
    assert cpms.numbers == ("056 39 16 20",)


def test_unknown_role_is_an_error():
    with pytest.raises(ValueError):
        poster_layout(load_pack("fr").pack, "directeur")


# -- the command ----------------------------------------------------------------


def poster_cli(tmp_data_dir: Path, *argv: str) -> int:
    return main(["--data-dir", str(tmp_data_dir), "poster", *argv])


def test_cli_writes_a_real_pdf_and_an_svg(tmp_path, tmp_data_dir, capsys):
    out = tmp_path / "affiche.pdf"
    assert poster_cli(tmp_data_dir, "--role", "eleve", "--out", str(out), "--where", WHERE) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"<html" not in data.lower()
    assert len(render(data, dpi=72)) == 1 and WHERE in pdf_text(data)
    svg = tmp_path / "affiche.svg"
    assert poster_cli(tmp_data_dir, "--role", "equipe", "--out", str(svg), "--lang", "nl") == 0
    assert svg.read_text(encoding="utf-8").startswith("<?xml")
    out_text = capsys.readouterr().out
    assert "1 page A4" in out_text
    assert "Date imprimée : 13/09/2016, la vérification la plus ancienne des contacts montrés" in out_text
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "affiche.pdf",
        "affiche.svg",
    ]  # no temporary file left


@pytest.mark.parametrize("name", ["affiche.html", "affiche.PDFX", "affiche", "affiche.txt"])
def test_cli_refuses_an_unknown_extension_in_french(tmp_path, tmp_data_dir, capsys, name):
    out = tmp_path / name
    assert poster_cli(tmp_data_dir, "--role", "parent", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "l'affiche s'écrit en .pdf (à imprimer) ou en .svg" in err
    assert not out.exists()


def test_cli_unknown_role_exits_2(tmp_path, tmp_data_dir, capsys):
    assert poster_cli(tmp_data_dir, "--role", "directeur", "--out", str(tmp_path / "x.pdf")) == 2
    assert "rôle inconnu « directeur »" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("where", ["Salle 1\nrm -rf", "x" * 500, "Salle\x1b[2J"])
def test_cli_refuses_a_hostile_where(tmp_path, tmp_data_dir, capsys, where):
    assert poster_cli(tmp_data_dir, "--role", "eleve", "--out", str(tmp_path / "x.pdf"), "--where", where) == 2
    assert "--where" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def _cli_error(tmp_data_dir: Path, capsys, out: Path) -> tuple[int, str]:
    code = poster_cli(tmp_data_dir, "--role", "eleve", "--out", str(out))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_cli_into_proc_says_the_folder_refuses_files(tmp_data_dir, capsys):
    code, err = _cli_error(tmp_data_dir, capsys, Path("/proc/x.svg"))
    assert code == 1
    assert "le système refuse de créer /proc/x.svg : le dossier /proc n'accepte pas de nouveaux fichiers." in err


def test_cli_missing_folder_is_named_not_created(tmp_path, tmp_data_dir, capsys):
    code, err = _cli_error(tmp_data_dir, capsys, tmp_path / "absent" / "sous" / "x.pdf")
    assert code == 1
    assert f"le dossier {tmp_path / 'absent'} n'existe pas" in err
    assert not (tmp_path / "absent").exists()


def test_cli_out_is_a_folder(tmp_path, tmp_data_dir, capsys):
    folder = tmp_path / "affiche.pdf"
    folder.mkdir()
    code, err = _cli_error(tmp_data_dir, capsys, folder)
    assert code == 1 and f"{folder} est un dossier" in err


def test_cli_under_a_file(tmp_path, tmp_data_dir, capsys):
    afile = tmp_path / "plain"
    afile.write_text("x", encoding="utf-8")
    code, err = _cli_error(tmp_data_dir, capsys, afile / "x.pdf")
    assert code == 1 and "est un fichier, pas un dossier" in err


def test_cli_read_only_folder(tmp_path, tmp_data_dir, capsys, monkeypatch):
    import errno
    import tempfile

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, err = _cli_error(tmp_data_dir, capsys, tmp_path / "x.pdf")
    assert code == 1 and f"{tmp_path} est en lecture seule" in err
