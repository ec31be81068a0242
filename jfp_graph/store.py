"""The graph store: named graphs in an embedded Oxigraph store, on disk or in memory.

Writes are per named graph and all-or-nothing: new content goes to a staging graph first and is
moved into place by one SPARQL update, so a failure never leaves a graph half-written.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.sparql import inject_values

DEFAULT_STORE_ENV = "JFP_GRAPH_STORE"
MEMORY = "memory"


def default_store_path() -> str:
    """``$JFP_GRAPH_STORE``, else ``$XDG_DATA_HOME/jfp-graph/store`` (``~/.local/share/...``)."""
    if os.environ.get(DEFAULT_STORE_ENV):
        return os.environ[DEFAULT_STORE_ENV]
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "jfp-graph" / "store")


class StoreError(Exception):
    """The store could not be opened or written (configuration or environment, not the user's data)."""


@dataclass(frozen=True)
class SelectResult:
    columns: list[str]
    rows: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]]


Binding = ox.NamedNode | ox.BlankNode | ox.Literal


class EmbeddedStore:
    """An Oxigraph store at ``location`` (a folder) or in memory (``"memory"``)."""

    def __init__(self, location: str | os.PathLike[str] = MEMORY) -> None:
        self.location = str(location)
        try:
            if self.location == MEMORY:
                self._store = ox.Store()
            else:
                Path(self.location).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(self.location)
        except OSError as error:
            raise StoreError(f"cannot open store at {self.location}: {error}") from None

    # -- writing -----------------------------------------------------------------------------
    def write_graph(self, graph: str, quads: Iterable[ox.Quad], replace: bool = True) -> int:
        """Write ``quads`` (already parsed) into ``graph``; ``replace`` drops what the graph held first."""
        target = ox.NamedNode(graph)
        staging = ox.NamedNode(f"{graph}#staging-{uuid.uuid4().hex}")
        staged = [ox.Quad(q.subject, q.predicate, q.object, staging) for q in quads]
        if not staged:
            if replace:
                self.drop_graph(graph)
            return 0
        try:
            self._store.extend(staged)
            verb = "MOVE" if replace else "ADD"
            self._store.update(f"{verb} SILENT GRAPH <{staging.value}> TO GRAPH <{target.value}>")
        except OSError as error:
            raise StoreError(f"cannot write graph {graph}: {error}") from None
        finally:
            if self._store.contains_named_graph(staging):
                self._store.remove_graph(staging)
        return len(staged)

    def remove_subject(self, graph: str, subject: str) -> None:
        g, s = ox.NamedNode(graph), ox.NamedNode(subject)
        for quad in list(self._store.quads_for_pattern(s, None, None, g)):
            self._store.remove(quad)

    def drop_graph(self, graph: str) -> None:
        node = ox.NamedNode(graph)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)

    # -- reading -----------------------------------------------------------------------------
    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> SelectResult:
        """Run a SELECT over the union of all graphs, with ``bindings`` substituted as values."""
        solutions = self._store.query(inject_values(sparql, bindings or {}), use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise ValueError("expected a SELECT query")
        columns = [v.value for v in solutions.variables]
        rows = [{name: solution[name] for name in columns} for solution in solutions]
        return SelectResult(columns, rows)

    def query(self, sparql: str, **options):
        """Raw pyoxigraph query over the union of all graphs (ASK, CONSTRUCT, DESCRIBE or SELECT)."""
        return self._store.query(sparql, use_default_graph_as_union=True, **options)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_sizes(self) -> dict[str, int]:
        result = self._store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {s["g"].value: int(s["n"].value) for s in result}

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph) if graph else None)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return self._store.dump(format=fmt)

    def flush(self) -> None:
        if self.location != MEMORY:
            self._store.flush()
