"""Content packs cannot stop the kiosk (issue 9, point 9): size, depth and alias limits before parsing."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from kiosk.content import load_pack
from kiosk.content.loader import BUILTIN_PACKS, MAX_FILE_BYTES

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 9) + "]\n" for i in range(9)
)


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    """A copy of the built-in packs, to spoil one file of."""
    for lang in ("fr", "nl", "en"):
        shutil.copytree(BUILTIN_PACKS / lang, tmp_path / lang)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("menus.yaml", "menus:\n  x: " + "[" * 5000 + "]" * 5000 + "\n", "trop profondément"),
        ("menus.yaml", "menus:\n" + "".join("  " * (n + 1) + f"k{n}:\n" for n in range(600)), "trop profondément"),
        ("menus.yaml", "menus: {}\n" + BOMB, "références YAML"),
        ("strings/console.yaml", "x: &a texte\ny: *a\n", "références YAML"),
    ],
)
def test_hostile_yaml_falls_back_to_the_builtin_pack_fast(custom: Path, name: str, text: str, words: str) -> None:
    (custom / "fr" / name).write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = load_pack("fr", custom)
    elapsed = time.perf_counter() - started
    assert result.source == BUILTIN_PACKS / "fr"
    assert any(words in problem for problem in result.problems), result.problems
    assert elapsed < 5, elapsed  # generous on a shared 2-core machine; the bomb alone ran 21 s out of memory


def test_deep_front_matter_in_a_page_is_reported(custom: Path) -> None:
    page = custom / "fr" / "pages" / "profond.md"
    page.write_text("---\nid: profond\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\nTexte\n", encoding="utf-8")
    result = load_pack("fr", custom)
    assert result.source == BUILTIN_PACKS / "fr" and any("profondément" in p for p in result.problems)


def test_oversized_file_is_not_read(custom: Path) -> None:
    (custom / "fr" / "contacts.yaml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    result = load_pack("fr", custom)
    assert result.source == BUILTIN_PACKS / "fr" and any("trop gros" in p for p in result.problems)


def test_ordinary_text_with_stars_and_ampersands_is_fine(custom: Path) -> None:
    path = custom / "fr" / "strings" / "console.yaml"
    path.write_text(path.read_text(encoding="utf-8") + 'x.test: "Questions & réponses * important"\n', encoding="utf-8")
    result = load_pack("fr", custom)
    assert result.problems == [] and result.pack.t("x.test") == "Questions & réponses * important"
