"""No import cycle between the kiosk's modules, read from the source with ``ast`` (nothing imported).

What counts as an import, and why:

- Imports inside functions count. They are how this code base defers heavy modules
  (start-up speed), and every cycle the issue listed was closed by one: the two modules
  still need each other (neither can be read, tested or moved alone), Python just does
  not fail at import time. Deferring an import stays allowed; closing a loop with it does not.
- Imports under ``if TYPE_CHECKING:`` do not count: they never run, and a type annotation
  naming the class that calls you (the session annotating its store) is not a dependency.
- ``from package import name`` points at the submodule ``package.name`` when there is one,
  else at the package's ``__init__``. A module's implicit import of its parent packages is
  not an edge (every submodule would then be in a cycle with its ``__init__``).
"""

from __future__ import annotations

import ast
from pathlib import Path

from test_layering import ROOT, _module_name, _sources

__all__: list[str] = []


def _type_checking_lines(tree: ast.Module) -> set[int]:
    """Line numbers of the imports under ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                for inner in node.body:
                    lines.update(sub.lineno for sub in ast.walk(inner) if isinstance(sub, ast.Import | ast.ImportFrom))
    return lines


def _imported_names(path: Path, module: str) -> list[str]:
    """Every module name an import statement of ``path`` names (functions included, type-only left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _type_checking_lines(tree)
    is_package = path.stem == "__init__"
    names: list[str] = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            names += [f"{base}.{alias.name}" for alias in node.names]  # a submodule, or a name in base
    return names


def import_graph() -> dict[str, set[str]]:
    """Module → the kiosk modules it imports."""
    paths = {_module_name(path): path for path in _sources()}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        targets = set()
        for name in _imported_names(path, module):
            while name and name not in paths:  # "pkg.mod.Class" → "pkg.mod"; "pkg.Name" → "pkg"
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_modules():
    found = cycles(import_graph())
    assert not found, "import cycles (break each with a small shared module or by moving a function):\n" + "\n".join(
        " ↔ ".join(component) for component in found
    )


def test_the_graph_sees_deferred_and_relative_imports():
    """The graph is not empty or blind: it has the edges a cycle would need."""
    graph = import_graph()
    assert "kiosk.store.notes" in graph["kiosk.store.session"] or "kiosk.store.records" in graph["kiosk.store.session"]
    assert "kiosk.screens.console.unlock" in graph["kiosk.screens.console"]  # inside open_console()
    assert "kiosk.content.check" in graph["kiosk.content.load"]  # inside _load_custom()


def test_a_cycle_is_found():
    """The detector itself: a two-module loop and a three-module loop, a tree without one."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_type_only_imports_are_left_out(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .other import X\nimport json\n")
    assert _imported_names(source, "kiosk.store.mod") == ["typing.TYPE_CHECKING", "json"]
    assert ROOT.is_dir()
