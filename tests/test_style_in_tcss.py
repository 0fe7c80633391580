"""Style lives in ``.tcss`` files and colours in the theme (issue 13, point 6).

Read from the source (``ast`` and text, nothing imported), so a stray colour anywhere fails
here: no hex colour in Python outside the theme module, no CSS string in Python, no hex colour
in a ``.tcss`` file, every ``$kiosk-…`` variable defined by the theme, every ``CSS_PATH`` file
present. The scratch-tree tests show each check can fail.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from kiosk.screens.theme import KIOSK_VARIABLES

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("kiosk", "screens")
#: The one Python module where hex values may live: the theme's definition.
THEME_MODULE = "screens/theme.py"
#: Python files allowed to keep a CSS string, with the reason. Empty: none needs one.
CSS_ALLOWED: dict[str, str] = {}
HEX = re.compile(r"(?<![\w&])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b")
VARIABLE = re.compile(r"\$(kiosk-[\w-]+)")


def _files(root: Path, suffix: str) -> list[Path]:
    return sorted(p for folder in SOURCES for p in (root / folder).rglob(f"*{suffix}") if ".venv" not in p.parts)


def _name(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def hex_in_python(root: Path) -> list[str]:
    """``file:line colour`` for each hex colour in a .py file other than the theme module."""
    found = []
    for path in _files(root, ".py"):
        if _name(root, path) == THEME_MODULE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{_name(root, path)}:{number} {match}" for match in HEX.findall(line)]
    return found


def _css_targets(node: ast.AST) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    names = [target.id for target in targets if isinstance(target, ast.Name)]
    return [name for name in names if name in ("CSS", "DEFAULT_CSS") or name.endswith("_CSS")]


def css_in_python(root: Path) -> list[str]:
    """``file:line NAME`` for each CSS string (``CSS``, ``DEFAULT_CSS``, ``…_CSS``) not allowed."""
    found = []
    for path in _files(root, ".py"):
        if _name(root, path) in CSS_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                found += [f"{_name(root, path)}:{node.lineno} {name}" for name in _css_targets(node)]
    return found


def hex_in_tcss(root: Path) -> list[str]:
    """``file:line colour`` for each hex colour in a .tcss file."""
    found = []
    for path in _files(root, ".tcss"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{_name(root, path)}:{number} {match}" for match in HEX.findall(line)]
    return found


def unknown_variables(root: Path) -> list[str]:
    """``file $name`` for each ``$kiosk-…`` variable a .tcss file uses and the theme does not define."""
    found = []
    for path in _files(root, ".tcss"):
        used = set(VARIABLE.findall(path.read_text(encoding="utf-8")))
        found += [f"{_name(root, path)} ${name}" for name in sorted(used - set(KIOSK_VARIABLES))]
    return found


def missing_css_paths(root: Path) -> list[str]:
    """``file NAME`` for each relative ``CSS_PATH = "…"`` whose file is not beside the module."""
    found = []
    for path in _files(root, ".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "CSS_PATH" for t in node.targets):
                names = [c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)]
                found += [f"{_name(root, path)} {n}" for n in names if not (path.parent / n).is_file()]
    return found


def test_no_hex_colour_in_python_but_the_theme():
    assert hex_in_python(ROOT) == []


def test_no_css_string_in_python():
    assert css_in_python(ROOT) == []


def test_no_hex_colour_in_tcss():
    assert hex_in_tcss(ROOT) == []


def test_every_kiosk_variable_is_the_themes():
    assert unknown_variables(ROOT) == []


def test_every_css_path_is_beside_its_module():
    assert missing_css_paths(ROOT) == []


def test_tcss_files_are_installed():
    """Each folder holding a .tcss file is a package whose package-data takes ``*.tcss``."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {path.parent.relative_to(ROOT).as_posix() for path in _files(ROOT, ".tcss")}
    packages = {folder: package for package, folder in tool["package-dir"].items()}
    for folder in folders:
        assert "*.tcss" in tool["package-data"][packages[folder]], folder


# -- the checks can fail ------------------------------------------------------


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A tree with the kiosk's folders and one offence of each kind."""
    (tmp_path / "kiosk").mkdir()
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "theme.py").write_text('INK = "#000000"\n', encoding="utf-8")
    (tmp_path / "screens" / "bad.py").write_text(
        'class Bad:\n    DEFAULT_CSS = "Bad { color: red; }"\n    CSS_PATH = "absent.tcss"\n\nSTYLE = "#FFFF00"\n',
        encoding="utf-8",
    )
    (tmp_path / "kiosk" / "shared.py").write_text('_CSS = """Screen { }"""\n', encoding="utf-8")
    (tmp_path / "kiosk" / "bad.tcss").write_text("Screen { color: #fff; background: $kiosk-nope; }\n", encoding="utf-8")
    return tmp_path


def test_the_checks_find_each_offence(scratch: Path):
    assert hex_in_python(scratch) == ["screens/bad.py:5 #FFFF00"]
    assert css_in_python(scratch) == ["kiosk/shared.py:1 _CSS", "screens/bad.py:2 DEFAULT_CSS"]
    assert hex_in_tcss(scratch) == ["kiosk/bad.tcss:1 #fff"]
    assert unknown_variables(scratch) == ["kiosk/bad.tcss $kiosk-nope"]
    assert missing_css_paths(scratch) == ["screens/bad.py absent.tcss"]
