"""The graph store over any SPARQL 1.1 endpoint: the same interface as ``EmbeddedStore``.

Queries go through SPARQLWrapper; writes through SPARQL 1.1 Update, with content uploaded either as
``INSERT DATA`` or, when a Graph Store Protocol address is given, as N-Triples ``PUT``. Either way the
content lands in staging graphs first and one update request of ``MOVE`` operations puts it in place,
so on a transactional store (Oxigraph, Fuseki, GraphDB) a failed load changes nothing.

Only standard SPARQL 1.1 is sent. The named queries expect the endpoint's default graph to be the
union of its named graphs (see docs/queries.md for each store's setting); ``select`` checks it once.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import BinaryIO

import pyoxigraph as ox
from SPARQLWrapper import INSERT, JSON, POST, POSTDIRECTLY, SELECT, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from jfp_graph.iris import PREFIXES
from jfp_graph.sparql import inject_values
from jfp_graph.store import (
    ALL_QUADS_QUERY,
    GRAPH_SIZES_QUERY,
    Binding,
    Derive,
    PendingView,
    Progress,
    QueryInputError,
    QueryOutcome,
    SelectResult,
    StoreError,
    check_user_query,
    outcome_of,
    staging_name,
)

# Triples per INSERT DATA request: small enough for any server's request limit.
UPDATE_CHUNK = 5_000
DEFAULT_TIMEOUT_S = 60


class EndpointUnreachable(StoreError):
    """Nothing answered at the endpoint address."""


class EndpointError(StoreError):
    """The endpoint answered with an error."""


def derived_update_url(query_url: str) -> str:
    """Where updates go when not given.

    ``.../query`` → ``.../update`` (Oxigraph, Fuseki); ``.../repositories/{id}`` → ``.../statements``
    (GraphDB, RDF4J); otherwise the query address itself (Virtuoso's ``/sparql``).
    """
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        path = path[: -len("query")] + "update"
    elif path.rsplit("/", 2)[-2:-1] == ["repositories"]:
        path += "/statements"
    else:
        return query_url
    return urllib.parse.urlunsplit(parts._replace(path=path))


class RemoteStore:
    """Named graphs in a SPARQL 1.1 store reached over HTTP."""

    derived: Derive | None = None

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        graph_store: str | None = None,
        timeout: int = DEFAULT_TIMEOUT_S,
        check_union: bool = True,
    ) -> None:
        for url in (endpoint, update_endpoint, graph_store):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise StoreError(f"not an http(s) endpoint address: {url}")
        self.location = endpoint
        self.update_endpoint = update_endpoint or derived_update_url(endpoint)
        self.graph_store = graph_store
        self.timeout = timeout
        self._union_checked = not check_union

    # -- HTTP --------------------------------------------------------------------------------
    def _wrapper(self, url: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url, agent="jfp-graph")
        wrapper.setTimeout(self.timeout)
        wrapper.setMethod(POST)  # parameter-bound queries can be long
        return wrapper

    def _call(self, url: str, action):
        try:
            return action()
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace").strip()
            raise EndpointError(f"SPARQL endpoint {url} answered HTTP {error.code}: {body or error.reason}") from None
        except urllib.error.URLError as error:
            raise EndpointUnreachable(f"cannot reach SPARQL endpoint {url}: {error.reason}") from None
        except (TimeoutError, ConnectionError) as error:
            raise EndpointUnreachable(f"cannot reach SPARQL endpoint {url}: {error}") from None
        except SPARQLWrapperException as error:
            message = " ".join(str(error).split())
            raise EndpointError(f"SPARQL endpoint {url} answered with an error: {message}") from None

    def _query_bytes(self, sparql: str, return_format: str) -> bytes:
        def run() -> bytes:
            wrapper = self._wrapper(self.location)
            wrapper.setQuery(sparql)
            # SPARQLWrapper guesses query or update from keywords and can be misled by comments; we know.
            wrapper.queryType = SELECT
            wrapper.setReturnFormat(return_format)
            response = wrapper.query().response
            return response.read()

        return self._call(self.location, run)

    def _results(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean:
        data = self._query_bytes(sparql, JSON)
        try:
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as error:
            raise EndpointError(f"SPARQL endpoint {self.location} sent results that cannot be read: {error}") from None

    def _update(self, update: str) -> None:
        def run() -> None:
            wrapper = self._wrapper(self.update_endpoint)
            wrapper.setRequestMethod(POSTDIRECTLY)
            wrapper.setQuery(update)
            wrapper.queryType = INSERT
            wrapper.query().response.read()

        self._call(self.update_endpoint, run)

    def _put_graph(self, graph: str, quads: Sequence[ox.Quad]) -> None:
        """Graph Store Protocol: replace ``graph`` with ``quads`` as one N-Triples document."""
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
        url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': graph})}"
        request = urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
        )

        def run() -> None:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()

        self._call(self.graph_store, run)

    # -- writing -----------------------------------------------------------------------------
    def write_graphs(
        self, contents: Mapping[str, Sequence[ox.Quad]], replace: bool = True, progress: Progress | None = None
    ) -> int:
        staging = {graph: staging_name(graph) for graph in contents}
        operations = []
        written = 0
        try:
            for graph, quads in contents.items():
                if self.graph_store and quads:
                    self._put_graph(staging[graph], quads)
                    written += len(quads)
                    if progress:
                        progress(len(quads))
                else:
                    # INSERT DATA makes new blank nodes per request: a graph with blank nodes goes in one piece.
                    has_blank = any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads)
                    step = max(len(quads), 1) if has_blank else UPDATE_CHUNK
                    for start in range(0, len(quads), step):
                        chunk = quads[start : start + step]
                        triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in chunk)
                        self._update(f"INSERT DATA {{ GRAPH <{staging[graph]}> {{\n{triples}\n}} }}")
                        written += len(chunk)
                        if progress:
                            progress(len(chunk))
                if quads:
                    verb = "MOVE" if replace else "ADD"
                    operations.append(f"{verb} SILENT GRAPH <{staging[graph]}> TO GRAPH <{graph}>")
                elif replace:
                    operations.append(f"DROP SILENT GRAPH <{graph}>")
            if operations:
                self._update(" ;\n".join(operations))
        finally:
            leftovers = [f"DROP SILENT GRAPH <{name}>" for name in staging.values()]
            if leftovers:
                try:
                    self._update(" ;\n".join(leftovers))
                except StoreError:
                    pass  # the endpoint is gone; the first error is the one worth reporting
        return written

    def write(
        self,
        fresh: Iterable[tuple[str, Iterable[ox.Quad]]],
        final: Callable[[], Mapping[str, Sequence[ox.Quad]]] = dict,
        replace: bool = True,
    ) -> list[str]:
        """Graphs the store does not hold yet, then ``final()``'s, in one all-or-nothing write (see
        ``write_graphs``): an endpoint has no bulk loader, so everything waits for the final request."""
        taken = set(self.graph_names())
        contents: dict[str, list[ox.Quad]] = {}
        for graph, quads in fresh:
            if graph in taken or graph in contents:
                raise ValueError(f"graph <{graph}> is already in the store: bulk writes only create graphs")
            contents[graph] = list(quads)
        contents.update(final())
        if self.derived:
            derived = self.derived(PendingView(self, contents, replace), set(contents))
            contents.update({graph: quads for graph, quads in derived.items() if graph not in contents})
        self.write_graphs(contents, replace=replace)
        return [graph for graph in contents if graph not in taken]

    def write_graph(self, graph: str, quads: Iterable[ox.Quad], replace: bool = True) -> int:
        return self.write_graphs({graph: list(quads)}, replace=replace)

    def drop_graph(self, graph: str) -> None:
        self._update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def remove_subject(self, graph: str, subject: str) -> None:
        g, s = ox.NamedNode(graph), ox.NamedNode(subject)
        self._update(f"DELETE WHERE {{ GRAPH {g} {{ {s} ?p ?o }} }}")

    # -- reading -----------------------------------------------------------------------------
    def check_union_default_graph(self) -> None:
        """Refuse an endpoint whose default graph is not the union of its named graphs."""
        named = self._results("ASK { GRAPH ?g { ?s ?p ?o } }")
        default = self._results("ASK { ?s ?p ?o }")
        if bool(named) and not bool(default):
            raise StoreError(
                f"SPARQL endpoint {self.location} does not query the union of its named graphs by default; "
                "the named queries need that setting (docs/queries.md: e.g. `oxigraph serve --union-default-graph`)"
            )
        self._union_checked = True

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> SelectResult:
        if not self._union_checked:
            self.check_union_default_graph()
        result = self._results(inject_values(sparql, bindings or {}))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryInputError("expected a SELECT query")
        return outcome_of(result)

    def run_query(self, sparql: str) -> QueryOutcome:
        form = check_user_query(sparql)
        if not self._union_checked:
            self.check_union_default_graph()
        if form is ox.QueryTriples:
            data = self._query_bytes(sparql, TURTLE)
            try:
                return [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]
            except SyntaxError as error:
                raise EndpointError(f"SPARQL endpoint {self.location} sent triples that cannot be read: {error}") from None
        return outcome_of(self._results(sparql))

    def graph_names(self) -> list[str]:
        return sorted(self.graph_sizes())

    def graph_sizes(self) -> dict[str, int]:
        return {s["g"].value: int(s["n"].value) for s in self._results(GRAPH_SIZES_QUERY) if isinstance(s["g"], ox.NamedNode)}

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        query = ALL_QUADS_QUERY
        if graph is not None:
            query = inject_values(query, {"g": ox.NamedNode(graph)})
        return [
            ox.Quad(_blank(s["s"]), s["p"], _blank(s["o"]), s["g"])
            for s in self._results(query)
        ]

    def export(self, output: BinaryIO, fmt: ox.RdfFormat) -> None:
        ox.serialize(self.quads(), output, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TRIG else None)

    def flush(self) -> None:
        """Nothing to do: every write was its own request."""


def _blank(term):
    """Endpoint blank-node labels (e.g. Virtuoso's ``nodeID://b1``) made into valid local labels."""
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode("b" + hashlib.sha1(term.value.encode()).hexdigest()[:16])
    return term
