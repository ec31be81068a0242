"""The server's hold on the graph: the store (embedded or remote), the query runner and writes."""

from __future__ import annotations

import shutil
import tempfile
import threading

import pyoxigraph as ox

from jfp_graph.layout import graph_for_document
from jfp_graph.store import MEMORY, EmbeddedStore, GraphStore
from jfp_graph.web.guard import CheckedQuery, check_graphs, check_query
from jfp_graph.web.runner import LocalRunner, Outcome, RemoteRunner
from jfp_graph.web.settings import Settings


class WritesUnavailable(Exception):
    """Writing needs an embedded store (a remote endpoint is read through its own protocol)."""


class GraphService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._scratch: str | None = None
        self._write_lock = threading.Lock()
        if settings.endpoint:
            from jfp_graph.remote import RemoteStore

            self.store: GraphStore = RemoteStore(settings.endpoint, timeout=max(1, int(settings.query_timeout)))
            self.runner = RemoteRunner(settings.endpoint, settings.query_timeout, settings.row_cap)
            self.embedded = False
        else:
            location = settings.store
            if not location or location == MEMORY:
                # Query workers open the store from disk, so even a throw-away store lives in a folder.
                self._scratch = location = tempfile.mkdtemp(prefix="jfp-graph-web-")
            self.store = EmbeddedStore(location)
            if settings.load_bundle:
                from jfp_graph.bundle import ensure_bundle

                ensure_bundle(self.store)
            self.store.flush()
            self.runner = LocalRunner(location, settings.workers, settings.query_timeout, settings.row_cap)
            self.embedded = True

    # -- reading ---------------------------------------------------------------------------------
    def graph_names(self) -> list[str]:
        return self.store.graph_names()

    def check(self, text: str, default_graphs=(), named_graphs=()) -> CheckedQuery:
        held = set(self.graph_names())
        checked = check_query(text, held)
        check_graphs(list(default_graphs) + list(named_graphs), held)
        return checked

    def run(self, checked: CheckedQuery, default_graphs=(), named_graphs=()) -> Outcome:
        """Protocol graph parameters override the query's own FROM / FROM NAMED, as SPARQL 1.1 says."""
        defaults = list(default_graphs) or checked.default_graphs
        named = list(named_graphs) or checked.named_graphs
        return self.runner.run(checked.text, defaults, named)

    # -- writing ---------------------------------------------------------------------------------
    def replace_document(self, document: str, quads: list[ox.Quad]) -> int:
        """Replace the graph of one document (a plan edition) with ``quads``, all or nothing."""
        if not self.embedded:
            raise WritesUnavailable("this server reads a remote endpoint; load plans into that store instead")
        graph = graph_for_document(document)
        with self._write_lock:
            written = self.store.write_graphs({graph: quads}, replace=True)
            self.store.flush()
            self.runner.store_changed()
        return written

    def close(self) -> None:
        self.runner.close()
        if self._scratch:
            del self.store
            shutil.rmtree(self._scratch, ignore_errors=True)
