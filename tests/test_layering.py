"""Imports flow one way: kiosk (app, CLI) → kiosk.screens → kiosk.content, kiosk.store.

Read from the source with ``ast`` (nothing is imported), so a violation anywhere
fails here, even in a module no other test loads.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Source folder → package name it is installed as (pyproject's package-dir).
PACKAGES = {"kiosk": "kiosk", "screens": "kiosk.screens", "content": "kiosk.content", "store": "kiosk.store"}
#: Package → prefixes it must never import.
FORBIDDEN = {
    "kiosk.content": (
        "textual",
        "rich",
        "kiosk.screens",
        "kiosk.store",
        "kiosk.app",
        "kiosk.cli",
        "kiosk.config",
        "kiosk.commands",
        "kiosk.demo",
        "kiosk.sources",
    ),
    "kiosk.store": (
        "textual",
        "rich",
        "kiosk.screens",
        "kiosk.content",
        "kiosk.app",
        "kiosk.cli",
        "kiosk.config",
        "kiosk.commands",
        "kiosk.demo",
        "kiosk.sources",
    ),
    "kiosk.screens": ("kiosk.app", "kiosk.cli", "kiosk.config", "kiosk.commands", "kiosk.demo", "kiosk.sources"),
}
BARE = ("screens", "content", "store")


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT)
    package = PACKAGES[rel.parts[0]]
    parts = [package, *rel.parts[1:-1]]
    if rel.stem != "__init__":
        parts.append(rel.stem)
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    module = _module_name(path)
    is_package = path.stem == "__init__"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            names = [f"{name}.{alias.name}" for alias in node.names] if not node.module else [name]
            found += [(node.lineno, n) for n in names]
    return found


def _sources():
    for folder in PACKAGES:
        yield from sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", list(_sources()), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_layers(path):
    module = _module_name(path)
    rules = next((v for k, v in FORBIDDEN.items() if module == k or module.startswith(k + ".")), ())
    bad = [
        f"line {line}: {name}"
        for line, name in _imports(path)
        if any(name == p or name.startswith(p + ".") for p in rules) or name.split(".")[0] in BARE
    ]
    assert not bad, f"{module} breaks the layering: {bad}"


@pytest.mark.parametrize("name", BARE)
def test_no_generic_top_level_package_is_installed(name):
    assert importlib.util.find_spec(name) is None, f"a bare '{name}' package is importable"


def test_subpackages_live_under_kiosk():
    for name in ("kiosk.screens", "kiosk.content", "kiosk.store", "kiosk.screens.widgets"):
        assert importlib.util.find_spec(name) is not None, name
