"""Packaging: every source package is listed for setuptools, under the kiosk namespace."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def _source_packages() -> set[str]:
    """Dotted names of every folder with an ``__init__.py`` under the mapped roots."""
    names = set()
    for package, folder in SETUPTOOLS["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            names.add(".".join([package, *rel.parts]))
    return names


def test_every_package_is_listed():
    missing = _source_packages() - set(SETUPTOOLS["packages"])
    assert not missing, f"add to [tool.setuptools] packages and package-dir: {sorted(missing)}"


def test_everything_lives_under_kiosk():
    assert all(name == "kiosk" or name.startswith("kiosk.") for name in SETUPTOOLS["packages"])


def test_textual_is_pinned_to_a_minor():
    textual = next(d for d in PYPROJECT["project"]["dependencies"] if d.startswith("textual"))
    assert "<8.3" in textual


def test_package_data_covers_the_packs():
    data = SETUPTOOLS["package-data"]["kiosk.content"]
    packs = ROOT / "content"
    files = [p for p in (packs / "packs").rglob("*") if p.is_file()]
    uncovered = [p for p in files if not any(p.relative_to(packs).match(pattern) for pattern in data)]
    assert not uncovered, uncovered


def test_licence_travels_with_every_copy():
    """EUPL-1.2 as an SPDX expression, and its full text in LICENSE (listed for the wheel)."""
    assert PYPROJECT["project"]["license"] == "EUPL-1.2"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "15.Applicable Law" in text and "Appendix" in text and len(text) > 13000


def test_platformdirs_is_declared():
    assert any(d.startswith("platformdirs") for d in PYPROJECT["project"]["dependencies"])


def test_snapshots_use_the_pinned_plugins_file_format():
    """pytest-textual-snapshot 1.1 reads ``.svg`` files; a ``.raw`` one (1.0's) would be ignored."""
    stale = sorted(p.relative_to(ROOT) for p in (ROOT / "tests" / "__snapshots__").rglob("*.raw"))
    assert not stale, f"rename to .svg (same content; pytest-textual-snapshot 1.1): {stale}"
