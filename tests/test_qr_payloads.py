"""QR payloads and matrices (pure): formats, sizes, and a decode of the half-block text."""

from __future__ import annotations

import pytest
from qrdecode import decode_modules

from kiosk.content import Contact, load_pack
from kiosk.content.phones import parse_phone
from kiosk.content.qr import (
    QUIET_ZONE,
    cell_size,
    contact_codes,
    display_number,
    half_block_rows,
    mailto_payload,
    mecard_escape,
    mecard_payload,
    qr_matrix,
    tel_payload,
    web_payload,
)


def rows_to_modules(rows: list[str]) -> list[list[int]]:
    """Half-block text drawn black on white, as gray modules (two per cell)."""
    glyph = {" ": (255, 255), "\u2580": (0, 255), "\u2584": (255, 0), "\u2588": (0, 0)}
    out = []
    for row in rows:
        out.append([glyph[c][0] for c in row])
        out.append([glyph[c][1] for c in row])
    return out


def fr_contacts() -> list[Contact]:
    return list(load_pack("fr").pack.contacts.values())


def test_tel_is_e164_upper_case_and_alphanumeric():
    phone = parse_phone("056/39 16 20")
    assert tel_payload(phone) == "TEL:+3256391620"
    assert display_number(phone) == "056 39 16 20"
    # Alphanumeric mode keeps a Belgian number in a version 1 code (21 modules).
    assert qr_matrix("TEL:+3256391620").version == 1
    assert qr_matrix("TEL:+32474810891").version == 1


@pytest.mark.parametrize("written, payload", [("112", "TEL:112"), ("103", "TEL:103"), ("116 000", "TEL:116000")])
def test_short_numbers_stay_short(written, payload):
    phone = parse_phone(written)
    assert tel_payload(phone) == payload
    assert "+32" not in tel_payload(phone)
    assert display_number(phone) == written


def test_mailto_web_and_mecard():
    assert mailto_payload(" cpms.libre.mouscron@skynet.be ") == "mailto:cpms.libre.mouscron@skynet.be"
    assert web_payload("www.103ecoute.be") == "https://www.103ecoute.be"
    assert web_payload("https://childfocus.be") == "https://childfocus.be"
    phone = parse_phone("056/39 16 20")
    assert mecard_payload("CPMS Libre", [phone], "a@b.be") == "MECARD:N:CPMS Libre;TEL:+3256391620;EMAIL:a@b.be;;"
    assert mecard_escape(r"A;B,C:D\E") == r"A\;B\,C\:D\\E"
    assert mecard_payload("Télé-Accueil: 107", [parse_phone("107")]) == r"MECARD:N:Télé-Accueil\: 107;TEL:107;;"


def test_contact_codes_of_a_full_contact():
    contact = Contact(id="x", name="CPMS", phones=["056/39 16 20", "0474/81 08 91"], email="a@b.be", web="www.x.be")
    codes = contact_codes(contact)
    assert codes.call == "TEL:+3256391620"
    assert codes.write == "mailto:a@b.be"
    assert codes.save == "MECARD:N:CPMS;TEL:+3256391620;TEL:+32474810891;EMAIL:a@b.be;;"
    assert codes.web == "https://www.x.be"
    empty = contact_codes(Contact(id="y", name="Rien"))
    assert (empty.call, empty.write, empty.save, empty.web) == (None, None, None, None)


@pytest.mark.parametrize(
    "payload, version, cells",
    [
        ("TEL:+3256391620", 1, (29, 15)),
        ("mailto:info@ecole.be", 2, (33, 17)),
        ("mailto:cpms.libre.mouscron@skynet.be", 3, (37, 19)),
        ("mailto:christophe.bourgois.mediation.scolaire@cfwb-mouscron.be", 4, (41, 21)),
    ],
)
def test_sizes_in_cells_with_the_quiet_zone(payload, version, cells):
    matrix = qr_matrix(payload)
    assert matrix.version == version
    assert cell_size(matrix) == cells
    rows = half_block_rows(matrix)
    assert (len(rows[0]), len(rows)) == cells


def test_smallest_version_prefers_m_when_free():
    # A longer payload where M would need a bigger version: L is kept.
    matrix = qr_matrix("mailto:christophe.bourgois@cfwb.be")
    assert matrix.error_correction in {"L", "M"}
    assert qr_matrix("TEL:112").error_correction == "M"


def test_every_contact_code_decodes_from_its_half_blocks():
    seen = 0
    for contact in fr_contacts():
        codes = contact_codes(contact)
        for payload in (codes.call, codes.write, codes.save, codes.web):
            if payload is None:
                continue
            found = decode_modules(rows_to_modules(half_block_rows(qr_matrix(payload))))
            assert [d.text for d in found] == [payload], contact.id
            assert found[0].quiet == QUIET_ZONE
            seen += 1
    assert seen >= 20


def test_every_belgian_tel_code_is_version_1():
    for contact in fr_contacts():
        call = contact_codes(contact).call
        if call:
            assert qr_matrix(call).version == 1, (contact.id, call)


def test_quiet_zone_under_4_is_rejected():
    rows = half_block_rows(qr_matrix("TEL:+3256391620"), quiet=2)
    modules = rows_to_modules(rows)
    # Surrounded by a dark screen, as in the terminal.
    dark_frame = [[0] * (len(modules[0]) + 12) for _ in range(6)]
    framed = dark_frame + [[0] * 6 + row + [0] * 6 for row in modules] + dark_frame
    assert decode_modules(framed, min_quiet=0)[0].quiet == 2  # zxing reads it…
    assert decode_modules(framed, min_quiet=4) == []  # …but the checker rejects it
