"""Follow-up codes: three simple words and two digits in the note's language (``soleil-pomme-arbre-42``).

A student types the code back case-insensitively, with or without accents, spaces or dashes:
:func:`canonical` reduces every form to the same ASCII string (``soleilpommearbre42``), which is
what the store stretches into a lookup tag and a key.

Schemes (the version is kept in the notes file's meta table, see :func:`schemes_of`):

- scheme 1 (until 2026-11): two words + two digits, argon2id 8 MiB, meta ``code_salt``/``code_kdf``.
  Old notes keep opening with their old codes, at the old strength.
- scheme 2: three different words + two digits, a much slower argon2id (:data:`crypto.CODE_KDF`),
  meta ``code2_salt``/``code2_kdf``. Every new note gets a scheme 2 code.

Both schemes use one salt per store (not per note): a typed code then costs one KDF whatever
the number of notes; the cost of a guess is what protects a stolen copy (docs/stockage.md).

The word lists are append-only: old codes are split against them (:func:`word_counts`), so a
word removed would make its codes unreadable.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from kiosk.langs import LANGS

from . import crypto

__all__ = [
    "CURRENT_SCHEME",
    "LANGS",
    "WORDS_PER_CODE",
    "CodeScheme",
    "canonical",
    "generate_code",
    "new_scheme",
    "schemes_of",
    "set_aside_scheme",
    "set_scheme",
    "word_counts",
    "wordlist",
]

CURRENT_SCHEME = 2
#: How many words a code of each scheme has.
WORDS_PER_CODE = {1: 2, 2: 3}
#: Meta keys (salt, kdf) of each scheme in the notes file.
_META_KEYS = {1: ("code_salt", "code_kdf"), 2: ("code2_salt", "code2_kdf")}
#: Bounds a stored KDF cost must respect: a hostile file must not make the kiosk allocate 64 GiB.
_MAX_OPS, _MIN_MEM, _MAX_MEM = 16, 8_192, 1 << 30


def _fold(text: str) -> str:
    """Lower case, accents removed (``Étoile`` → ``etoile``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@cache
def wordlist(lang: str) -> tuple[str, ...]:
    """The words of a language (``fr`` if the language is unknown), as shipped in ``wordlists/``."""
    if lang not in LANGS:
        lang = "fr"
    text = resources.files(__package__).joinpath("wordlists", f"{lang}.txt").read_text(encoding="utf-8")
    return tuple(word for word in (line.strip() for line in text.splitlines()) if word and not word.startswith("#"))


@lru_cache(maxsize=1)
def _all_words() -> frozenset[str]:
    """Every word of every list, in canonical form."""
    return frozenset(re.sub(r"[^a-z]", "", _fold(word)) for lang in LANGS for word in wordlist(lang))


def generate_code(lang: str = "fr") -> str:
    """A new random scheme 2 code: ``word-word-word-NN`` (three different words, digits 10–99)."""
    words = wordlist(lang)
    chosen: list[str] = []
    while len(chosen) < WORDS_PER_CODE[CURRENT_SCHEME]:
        word = secrets.choice(words)
        if word not in chosen:
            chosen.append(word)
    return "-".join(chosen) + f"-{10 + secrets.randbelow(90)}"


def canonical(code: str) -> str:
    """The canonical form of a typed code: folded letters then digits, nothing else.

    Empty string if it does not look like a code at all.
    """
    folded = re.sub(r"[^a-z0-9]", "", _fold(code))
    match = re.fullmatch(r"([a-z]+)([0-9]{2})", folded)
    return folded if match else ""


def word_counts(canonical_code: str) -> set[int]:
    """Into how many list words the letters of a canonical code split, every way (≤ 3 words).

    Empty if they do not split at all: such a string is no code of any note, so trying it
    needs no KDF and is not counted as a guess.
    """
    letters = canonical_code[:-2]
    words, longest = _all_words(), max(map(len, _all_words()))
    reach: list[set[int]] = [set() for _ in range(len(letters) + 1)]
    reach[0].add(0)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - longest), end):
            if reach[start] and letters[start:end] in words:
                reach[end].update(count + 1 for count in reach[start] if count < 3)
    return reach[len(letters)] if letters else set()


@dataclass(frozen=True)
class CodeScheme:
    """One code scheme of a store: its version, store-wide salt and argon2id cost."""

    version: int
    salt: bytes
    opslimit: int
    memlimit: int

    def secrets(self, canonical_code: str) -> tuple[str, bytes]:
        """(lookup tag, stretched secret) of a canonical code under this scheme: one KDF."""
        return crypto.code_secrets(canonical_code, self.salt, self.opslimit, self.memlimit)


def _valid_scheme(version: int, meta: dict[str, Any]) -> CodeScheme | None:
    salt_key, kdf_key = _META_KEYS[version]
    try:
        salt = crypto.b64d(meta[salt_key])
        ops, mem = meta[kdf_key]
    except (KeyError, TypeError, ValueError):
        return None
    if len(salt) != 16 or not all(type(v) is int for v in (ops, mem)):
        return None
    if not (1 <= ops <= _MAX_OPS and _MIN_MEM <= mem <= _MAX_MEM):
        return None
    return CodeScheme(version, salt, ops, mem)


def schemes_of(tables: dict[str, Any]) -> dict[int, CodeScheme]:
    """The valid code schemes in a notes file's meta table (a damaged one is left out)."""
    meta = tables.get("meta", {}).get("1", {})
    if not isinstance(meta, dict):
        return {}
    found = {version: _valid_scheme(version, meta) for version in _META_KEYS}
    return {version: scheme for version, scheme in found.items() if scheme is not None}


def set_scheme(tables: dict[str, Any], scheme: CodeScheme) -> None:
    """Write a scheme's salt and cost into the meta table."""
    meta = tables.setdefault("meta", {}).setdefault("1", {})
    salt_key, kdf_key = _META_KEYS[scheme.version]
    meta[salt_key] = crypto.b64e(scheme.salt)
    meta[kdf_key] = [scheme.opslimit, scheme.memlimit]


def set_aside_scheme(tables: dict[str, Any], version: int) -> bool:
    """Move damaged meta values of a scheme under ``damaged_<key>`` (kept, never deleted).

    True if something was there to set aside.
    """
    meta = tables.setdefault("meta", {}).setdefault("1", {})
    moved = False
    for key in _META_KEYS[version]:
        if key in meta:
            meta[f"damaged_{key}"] = meta.pop(key)
            moved = True
    return moved


def new_scheme(opslimit: int, memlimit: int) -> CodeScheme:
    """A fresh current scheme with a new random salt."""
    return CodeScheme(CURRENT_SCHEME, secrets.token_bytes(16), opslimit, memlimit)
