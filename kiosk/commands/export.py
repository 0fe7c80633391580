"""Formats of ``kiosk notes export``: CSV for a (Belgian) spreadsheet, JSON lines for machines.

CSV: UTF-8 with a byte-order mark (Excel otherwise reads it as Windows-1252), ``;`` between
cells (a Belgian Excel expects it: the comma is the decimal mark), French headers, *oui/non*,
*matin/après-midi*, status words (*traité*), one row per message (the note, each reply or
answer, each memo). Every text cell shows control characters visibly and is never read as a
formula (a leading ``'`` before ``=``, ``+``, ``-``, ``@``).

JSON lines: the data as it is; C0 controls are escaped by JSON itself and C1/bidi characters
are written as ``\\uNNNN`` escapes, so nothing raw reaches the terminal and a machine reads
back exactly the text that was stored.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TextIO

from kiosk.content.safe_text import json_safe, spreadsheet_cell

__all__ = ["CSV_HEADERS", "csv_rows", "write_csv", "write_jsonl"]

CSV_HEADERS = [
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
STATUS_WORDS = {"nouveau": "nouveau", "en_cours": "en cours", "traite": "traité"}
MOMENT_WORDS = {"am": "matin", "pm": "après-midi"}
AUTHOR_WORDS = {"eleve": "élève", "pms": "PMS", "memo": "mémo PMS"}
ANSWER_WORDS = {
    "moi": "pour moi",
    "autre": "pour quelqu'un d'autre",
    "primaire": "primaire",
    "secondaire": "secondaire",
}


def _yes_no(value: object) -> str:
    return "oui" if value else "non"


def csv_rows(notes: Iterable[dict]) -> Iterable[list[str]]:
    """One row per message: the note first, then its conversation, then its memos."""
    for note in notes:
        answers = note.get("answers", {})
        common = [
            note["id"],
            note["date"],
            MOMENT_WORDS.get(note["part_of_day"], note["part_of_day"]),
            STATUS_WORDS.get(note["status"], note["status"]),
            _yes_no(note["urgent"]),
        ]
        extra = [
            ANSWER_WORDS.get(answers.get("for_whom", ""), ""),
            ANSWER_WORDS.get(answers.get("level", ""), ""),
            spreadsheet_cell(answers.get("contact", "")),
            answers.get("lang", ""),
        ]
        # Last column: the student answered since the PMS last read the note (issue 10).
        yield [
            *common,
            AUTHOR_WORDS["eleve"],
            spreadsheet_cell(note["text"]),
            *extra,
            _yes_no(note.get("unread_answer")),
        ]
        for kind, items in (("conversation", note.get("messages", [])), ("memo", note.get("memos", []))):
            for item in items:
                author = "memo" if kind == "memo" else item["author"]
                yield [
                    note["id"],
                    item["date"],
                    MOMENT_WORDS.get(item["part_of_day"], item["part_of_day"]),
                    "",
                    "",
                    AUTHOR_WORDS.get(author, author),
                    spreadsheet_cell(item["text"]),
                    "",
                    "",
                    "",
                    "",
                    "",
                ]


def _write_text(out: TextIO, text: str) -> None:
    """UTF-8 whatever the locale says (stdout may be ASCII under ``LANG=C``)."""
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        out.write(text)


def write_csv(notes: Iterable[dict], out: TextIO) -> None:
    """The CSV a spreadsheet opens: BOM, ``;``, French words, one row per message."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    writer.writerows(csv_rows(notes))
    _write_text(out, "\ufeff" + text.getvalue())


def write_jsonl(notes: Iterable[dict], out: TextIO) -> None:
    """One JSON object per line, with nothing raw for the terminal."""
    lines = [json_safe(json.dumps(note, ensure_ascii=False)) + "\n" for note in notes]
    _write_text(out, "".join(lines))
