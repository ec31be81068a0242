"""The package's layers (docs/architecture.md): every module belongs to one, and imports only run downwards,
from the interfaces to the services, the store and the RDF basics."""

from __future__ import annotations

import ast
from pathlib import Path

import jfp_graph

# Lowest first. A module may import from its own layer and the ones before it.
LAYERS = {
    "rdf": {"iris", "dates", "namespaces", "media", "rendering", "results", "rdfio", "authoring", "sparql", "paths"},
    "store": {"store", "journal", "remote", "layout", "loader", "identifiers"},
    "services": {"queries", "resolve", "bundle", "validation", "scaffold", "synth", "ontology"},
    "interfaces": {"api", "cli", "web", "__main__"},
}
RANK = {name: rank for rank, names in enumerate(LAYERS.values()) for name in names}
PACKAGE = Path(jfp_graph.__file__).parent


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, jfp_graph submodule) for every import of the package in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jfp_graph."):
            found.append((node.lineno, node.module.split(".")[1]))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")[1]) for a in node.names if a.name.startswith("jfp_graph.")]
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "__init__.py")


def test_every_module_has_a_layer():
    tops = {path.relative_to(PACKAGE).with_suffix("").parts[0] for path in modules()}
    assert tops - set(RANK) == set(), "add new modules to a layer here and in docs/architecture.md"


def test_imports_only_run_downwards():
    upwards = []
    for path in modules():
        mine = RANK[path.relative_to(PACKAGE).with_suffix("").parts[0]]
        upwards += [f"{path.relative_to(PACKAGE)}:{line} imports jfp_graph.{name}"
                    for line, name in imports(path) if RANK[name] > mine]
    assert upwards == []


def test_the_checker_sees_an_upward_import(tmp_path):
    # The check above must be able to fail: a store module importing the web layer is caught.
    bad = tmp_path / "store.py"
    bad.write_text("from jfp_graph.web.app import create_app\n", encoding="utf-8")
    assert [(line, name, RANK[name] > RANK["store"]) for line, name in imports(bad)] == [(1, "web", True)]
