"""A small Python API for notebooks: connect to a store, run named queries, get rows or DataFrames.

    >>> from jfp_graph.api import connect
    >>> graph = connect(store="memory", bundle=True)
    >>> rows = graph.run("relevant-hwbs", icb_iri="https://w3id.org/jfp-graph/id/icb/QRL")
    >>> rows[0]["hwb_name"], rows.to_dataframe()          # the DataFrame needs the ``pandas`` extra

Rows hold Python values: IRIs and strings as ``str``, numbers as ``int`` or ``Decimal``, dates as
``datetime.date``, booleans as ``bool``; other literals as their text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.queries import NamedQuery, all_queries, load_query
from jfp_graph.rendering import python_value
from jfp_graph.store import GraphStore, SelectResult, open_store


class Rows(list):
    """A query's rows as dicts of Python values, in the query's order, with its column names."""

    def __init__(self, columns: list[str], rows: Iterable[dict]) -> None:
        super().__init__(rows)
        self.columns = columns

    @classmethod
    def from_result(cls, result: SelectResult) -> Rows:
        return cls(result.columns, ({c: python_value(row[c]) for c in result.columns} for row in result.rows))

    def to_dataframe(self):
        """A pandas DataFrame with the query's columns (install the ``pandas`` extra)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_dataframe needs pandas: pip install 'jfp-graph[pandas]'") from None
        return pandas.DataFrame(list(self), columns=self.columns)


class Graph:
    """A connection to one store, embedded or remote."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def run(self, name: str, **params: object) -> Rows:
        """Run the named query ``name`` with ``params`` (names as in ``jfp-graph query --list``). An IRI parameter
        may be a CURIE or a short form (``"QRL/2024"``, ``"QRL"``); one that names nothing raises
        ``UnknownIdentifier`` with the closest that exist."""
        from jfp_graph.resolve import resolve_parameters, store_rows

        named = load_query(name)
        values = resolve_parameters(named, params, store_rows(self.store))
        return Rows.from_result(self.store.select(named.text, named.bindings(values)))

    def resolve(self, identifier: str) -> str:
        """The full IRI of ``identifier`` (an IRI, CURIE or short form), which must name something stored."""
        from jfp_graph.resolve import resolve, store_rows

        return resolve(identifier, store_rows(self.store))

    def sparql(self, query: str) -> Rows | bool | list[ox.Triple]:
        """Any SPARQL 1.1 query: rows for SELECT, a bool for ASK, triples for CONSTRUCT and DESCRIBE."""
        outcome = self.store.run_query(query)
        return Rows.from_result(outcome) if isinstance(outcome, SelectResult) else outcome

    def queries(self) -> list[NamedQuery]:
        return all_queries()

    def load(self, *paths: str | Path, replace: bool = False) -> list[str]:
        """Load files as ``jfp-graph load`` does; returns the graphs written."""
        from jfp_graph.loader import expand_paths, load_files

        return sorted(set(load_files(self.store, expand_paths(Path(p) for p in paths), replace=replace)))

    def graphs(self) -> dict[str, int]:
        return self.store.graph_sizes()


def connect(
    store: str | Path | None = None,
    endpoint: str | None = None,
    *,
    update_endpoint: str | None = None,
    graph_store: str | None = None,
    bundle: bool = False,
) -> Graph:
    """An embedded store (a folder, ``"memory"``, or the default location) or a SPARQL 1.1 endpoint.

    ``bundle`` loads the bundled ontology, statute, reference data and examples where missing or stale.
    """
    from jfp_graph.validation.refresh import derived_graphs

    backend = open_store(store, endpoint, update_endpoint=update_endpoint, graph_store=graph_store,
                         derived=derived_graphs)
    if bundle:
        from jfp_graph.bundle import ensure_bundle

        ensure_bundle(backend)
    return Graph(backend)
