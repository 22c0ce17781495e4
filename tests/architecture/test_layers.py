"""The apps import each other in one direction only (docs/adr/0002-layers-and-refusals.md).

The layer order is read from the ADR's ``layers`` block, so the written order and the
enforced one cannot drift apart. Every ``import``/``from … import`` of a ``lotse`` module,
at any depth of a file (imports inside functions included), must go to the own app or to
an app of a lower layer.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "lotse"
ADR = ROOT / "docs" / "adr" / "0002-layers-and-refusals.md"
NOT_APPS = {"static", "templates"}


def layer_order(text: str) -> dict[str, int]:
    """App name -> layer number (0 = ground) from the ADR's fenced ``layers`` block."""
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    assert block, "the ADR has no ```layers block"
    return {app: level for level, line in enumerate(block.group(1).split("\n")) for app in line.split()}


def imported_apps(source: str, module: str) -> list[tuple[int, str]]:
    """(line, app) for every import of another lotse package in a file's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom) and node.level:
            continue  # relative imports stay inside the package
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "lotse" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def app_of(path: Path, package: Path) -> str | None:
    """The app a file belongs to; None for the package's own top-level files (``cli.py``)."""
    rel = path.relative_to(package)
    return rel.parts[0] if len(rel.parts) > 1 and rel.parts[0] not in NOT_APPS else None


def violations(package: Path, layers: dict[str, int]) -> list[str]:
    wrong = []
    for path in sorted(package.rglob("*.py")):
        app = app_of(path, package)
        if app is None:
            continue
        assert app in layers, f"{app} is not in the ADR's layer order"
        for line, target in imported_apps(path.read_text(encoding="utf-8"), app):
            if target == app:
                continue
            if target not in layers:
                wrong.append(f"{path.relative_to(package)}:{line}: imports unknown package lotse.{target}")
            elif layers[target] >= layers[app]:
                wrong.append(
                    f"{path.relative_to(package)}:{line}: {app} (layer {layers[app]}) imports "
                    f"{target} (layer {layers[target]})"
                )
    return wrong


def app_graph(package: Path) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in package.rglob("*.py"):
        app = app_of(path, package)
        if app is None:
            continue
        for _line, target in imported_apps(path.read_text(encoding="utf-8"), app):
            if target != app:
                graph[app].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(set(graph) | {t for ts in graph.values() for t in ts}):
        if node not in index:
            visit(node)
    return found


def test_every_import_follows_the_layer_order():
    wrong = violations(PACKAGE, layer_order(ADR.read_text(encoding="utf-8")))
    assert wrong == [], "imports against the layer order:\n" + "\n".join(wrong)


def test_no_import_cycle_between_apps():
    assert cycles(app_graph(PACKAGE)) == []


def test_core_and_domain_import_no_other_app():
    graph = app_graph(PACKAGE)
    assert graph.get("core", set()) == set() and graph.get("domain", set()) == set()


def test_a_wrong_import_fails_the_layer_test(tmp_path):
    """The check itself: a core module importing routing, and a sibling import, are caught."""
    package = tmp_path / "lotse"
    for app, source in {
        "core/clock.py": "from lotse.routing.engine import route_clients\n",
        "routing/engine.py": "def route_clients():\n    from lotse.contacts.models import Contact\n",
        "contacts/models.py": "from lotse.core.clock import today\n",
    }.items():
        (package / app).parent.mkdir(parents=True, exist_ok=True)
        (package / app).write_text(source)
    layers = layer_order("```layers\ndomain core\nrouting contacts\n```")
    assert violations(package, layers) == [
        "core/clock.py:1: core (layer 0) imports routing (layer 1)",
        "routing/engine.py:2: routing (layer 1) imports contacts (layer 1)",
    ]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("app", ["core", "domain"])
def test_the_ground_layer_is_in_the_adr(app):
    assert layer_order(ADR.read_text(encoding="utf-8"))[app] == 0
