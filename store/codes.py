"""Follow-up codes: two simple words and two digits in the note's language (``soleil-pomme-42``).

A student types the code back case-insensitively, with or without accents, spaces or dashes:
:func:`canonical` reduces every form to the same ASCII string (``soleilpomme42``), which is
what the store stretches into a lookup tag and a key.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from functools import lru_cache
from importlib import resources

__all__ = ["LANGS", "canonical", "generate_code", "wordlist"]

LANGS = ("fr", "nl", "en")


def _fold(text: str) -> str:
    """Lower case, accents removed (``Étoile`` → ``etoile``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=None)
def wordlist(lang: str) -> tuple[str, ...]:
    """The words of a language (``fr`` if the language is unknown), as shipped in ``wordlists/``."""
    if lang not in LANGS:
        lang = "fr"
    text = resources.files(__package__).joinpath("wordlists", f"{lang}.txt").read_text(encoding="utf-8")
    return tuple(word for word in (line.strip() for line in text.splitlines()) if word and not word.startswith("#"))


def generate_code(lang: str = "fr") -> str:
    """A new random code: ``word-word-NN`` (two different words, two digits 10–99)."""
    words = wordlist(lang)
    first = secrets.choice(words)
    second = secrets.choice([word for word in words if word != first])
    return f"{first}-{second}-{10 + secrets.randbelow(90)}"


def canonical(code: str) -> str:
    """The canonical form of a typed code: folded letters then digits, nothing else.

    Empty string if it does not look like a code at all.
    """
    folded = re.sub(r"[^a-z0-9]", "", _fold(code))
    match = re.fullmatch(r"([a-z]+)([0-9]{2})", folded)
    return folded if match else ""
