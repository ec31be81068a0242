"""The graph store over any SPARQL 1.1 endpoint: the same interface as ``EmbeddedStore``.

Queries and updates are plain SPARQL 1.1 Protocol requests; content is uploaded either as ``INSERT DATA``
(``INSERT {…} WHERE {}`` for a graph with blank nodes) or, when a Graph Store Protocol address is given, as
N-Triples ``PUT``. Either way the
content lands in staging graphs first and one update request of ``MOVE`` operations puts it in place,
so on a transactional store (Oxigraph, Fuseki, GraphDB) a failed load changes nothing.

Only standard SPARQL 1.1 is sent. The named queries expect the endpoint's default graph to be the
union of its named graphs (see docs/queries.md for each store's setting); ``select`` checks it once.
Answers are read in one place, ``read_results``, which makes what engines write differently one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import BinaryIO

import pyoxigraph as ox

from jfp_graph.iris import PREFIXES
from jfp_graph.media import rdf_by_media_type
from jfp_graph.sparql import code_only, inject_values
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
    staging_name,
)

# Triples per INSERT DATA request, and per INSERT {…} WHERE {} (those with blank nodes): small enough for any
# server's request limit. Virtuoso's parser runs out of memory at 5,000 triples, and it compiles a template to
# SQL code of which it refuses more than 10,000 lines (about 2,000 triples).
UPDATE_CHUNK = 1_000
TEMPLATE_CHUNK = 500
DEFAULT_TIMEOUT_S = 60
# An endpoint's error message is cut to this many lines and characters (Virtuoso echoes the whole request).
MESSAGE_LINES = 3
MESSAGE_CHARS = 300
XSD = "http://www.w3.org/2001/XMLSchema#"
# Graphs an engine keeps for itself: never listed, exported or counted as the user's. (Virtuoso also keeps a
# service-description graph named after its own address: see ``_describes_itself``.)
ENGINE_GRAPHS = frozenset({
    "http://www.openlinksw.com/schemas/virtrdf#",  # Virtuoso's mapping metadata
    "http://www.w3.org/ns/ldp#",  # Virtuoso's Linked Data Platform classes
})
SELF_DESCRIBING_QUERY = (
    "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <http://www.w3.org/ns/sparql-service-description#Service> } }"
)
RESULTS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"
# Dataset: (default graphs, named graphs), as the SPARQL 1.1 Protocol's default-graph-uri / named-graph-uri.
Dataset = tuple[Sequence[str], Sequence[str]]
# The one named graph of a dataset that should have none, for an endpoint that reads "no named-graph-uri" as
# "every named graph" (Virtuoso): a graph no store holds, so GRAPH patterns match nothing.
NO_GRAPH = "urn:jfp-graph:no-named-graph"


class EndpointUnreachable(StoreError):
    """Nothing answered at the endpoint address."""


class EndpointTimeout(StoreError):
    """The endpoint did not answer within the time limit."""


class EndpointError(StoreError):
    """The endpoint answered with an error; ``status`` is its HTTP status (0 when it sent unreadable data)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


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


def excerpt(text: str) -> str:
    """The first lines of an endpoint's message, cut to a readable length."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    shown = " / ".join(lines[:MESSAGE_LINES])
    if len(shown) > MESSAGE_CHARS:
        shown = shown[:MESSAGE_CHARS].rstrip() + " …"
    elif len(lines) > MESSAGE_LINES:
        shown += " / …"
    return shown


class RemoteStore:
    """Named graphs in a SPARQL 1.1 store reached over HTTP."""

    derived: Derive | None = None

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        graph_store: str | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        check_union: bool = True,
        max_bytes: int | None = None,
    ) -> None:
        for url in (endpoint, update_endpoint, graph_store):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise StoreError(f"not an http(s) endpoint address: {url}")
        self.location = endpoint
        self.update_endpoint = update_endpoint or derived_update_url(endpoint)
        self.graph_store = graph_store
        self.timeout = timeout
        self.max_bytes = max_bytes  # the largest answer read; a larger one is an error, not read whole
        self._union_checked = not check_union
        self._own_graphs: frozenset[str] | None = None
        self._loose_named_graphs: bool | None = None

    # -- HTTP --------------------------------------------------------------------------------
    def _send(self, request: urllib.request.Request, timeout: float | None = None) -> tuple[bytes, str]:
        """The body and media type of the answer to ``request``; every failure as a ``StoreError``."""
        url, limit = request.full_url.split("?", 1)[0], timeout or self.timeout
        try:
            with urllib.request.urlopen(request, timeout=limit) as response:
                body = response.read() if self.max_bytes is None else response.read(self.max_bytes + 1)
                if self.max_bytes is not None and len(body) > self.max_bytes:
                    raise EndpointError(f"SPARQL endpoint {url} sent more than the limit of {self.max_bytes} bytes",
                                        413)
                return body, response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            message = excerpt(body) or str(error.reason)
            raise EndpointError(f"SPARQL endpoint {url} answered HTTP {error.code}: {message}", error.code) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise EndpointTimeout(f"SPARQL endpoint {url} did not answer within {limit:g} s") from None
            raise EndpointUnreachable(f"cannot reach SPARQL endpoint {url}: {error.reason}") from None
        except TimeoutError:
            raise EndpointTimeout(f"SPARQL endpoint {url} did not answer within {limit:g} s") from None
        except (ConnectionError, OSError) as error:
            raise EndpointUnreachable(f"cannot reach SPARQL endpoint {url}: {error}") from None

    def _query_bytes(
        self, sparql: str, accept: str, dataset: Dataset | None = None, timeout: float | None = None
    ) -> tuple[bytes, str]:
        """A SPARQL 1.1 Protocol query by POST form (parameter-bound queries can be long)."""
        fields = [("query", sparql)]
        if dataset is not None:
            fields += [("default-graph-uri", g) for g in dataset[0]] + [("named-graph-uri", g) for g in dataset[1]]
        request = urllib.request.Request(
            self.location,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept,
                     "User-Agent": "jfp-graph"},
        )
        return self._send(request, timeout)

    def _results(
        self, sparql: str, dataset: Dataset | None = None, timeout: float | None = None
    ) -> SelectResult | bool:
        data, _ = self._query_bytes(sparql, RESULTS_ACCEPT, dataset, timeout)
        try:
            return read_results(data)
        except (ValueError, KeyError, TypeError) as error:
            raise EndpointError(f"SPARQL endpoint {self.location} sent results that cannot be read: {error}") from None

    def _triples(self, sparql: str, dataset: Dataset | None = None, timeout: float | None = None) -> list[ox.Triple]:
        data, media_type = self._query_bytes(sparql, GRAPH_ACCEPT, dataset, timeout)
        fmt = rdf_by_media_type().get(media_type, ox.RdfFormat.TURTLE)  # text/plain: N-Triples, read as Turtle
        try:
            return [q.triple for q in ox.parse(data, format=fmt)]
        except (SyntaxError, ValueError) as error:
            raise EndpointError(f"SPARQL endpoint {self.location} sent triples that cannot be read: {error}") from None

    def _update(self, update: str) -> None:
        request = urllib.request.Request(
            self.update_endpoint,
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update", "User-Agent": "jfp-graph"},
        )
        self._send(request)

    def _put_graph(self, graph: str, quads: Sequence[ox.Quad]) -> None:
        """Graph Store Protocol: replace ``graph`` with ``quads`` as one N-Triples document."""
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
        url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': graph})}"
        self._send(urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
        ))

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
                    for request, size in _insert_requests(staging[graph], quads):
                        self._update(request)
                        written += size
                        if progress:
                            progress(size)
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
        named = _as_boolean(self._results("ASK { GRAPH ?g { ?s ?p ?o } }"))
        default = _as_boolean(self._results("ASK { ?s ?p ?o }"))
        if named and not default:
            raise StoreError(
                f"SPARQL endpoint {self.location} does not query the union of its named graphs by default; "
                "the named queries need that setting (docs/queries.md: e.g. `oxigraph serve --union-default-graph`)"
            )
        self._union_checked = True

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> SelectResult:
        if not self._union_checked:
            self.check_union_default_graph()
        result = self._results(inject_values(sparql, bindings or {}))
        if not isinstance(result, SelectResult):
            raise QueryInputError("expected a SELECT query")
        return result

    def run_query(self, sparql: str, dataset: Dataset | None = None, timeout: float | None = None) -> QueryOutcome:
        """Any query form from a user (SERVICE refused): over the union of the named graphs, the dataset its
        FROM / FROM NAMED name, or ``dataset`` (protocol parameters, which replace those clauses as a whole).

        Engines differ here (``oxigraph serve --union-default-graph`` ignores FROM; Virtuoso adds protocol
        graphs to the query's and reads a dataset without named graphs as one with all of them), so the query
        goes without its dataset clauses and its dataset goes as protocol parameters, which every one honours.
        """
        form = check_user_query(sparql)
        if not self._union_checked:
            self.check_union_default_graph()
        text, own = split_dataset(sparql)
        chosen = self._exact(dataset if dataset is not None else own)
        if form is ox.QueryTriples:
            return self._triples(text, chosen, timeout)
        found = self._results(text, chosen, timeout)
        return _as_boolean(found) if form is ox.QueryBoolean else found

    def _exact(self, dataset: Dataset | None) -> Dataset | None:
        """``dataset`` as this endpoint reads it the way SPARQL means it: no named graphs stay none."""
        if dataset is None or dataset[1] or not self._named_graphs_when_none_given():
            return dataset
        return dataset[0], [NO_GRAPH]

    def _named_graphs_when_none_given(self) -> bool:
        """Whether the endpoint lets GRAPH see named graphs when a dataset names none (asked once)."""
        if self._loose_named_graphs is None:
            asked = self._results("ASK { GRAPH ?g { ?s ?p ?o } }", ([NO_GRAPH], []))
            self._loose_named_graphs = _as_boolean(asked)
        return self._loose_named_graphs

    def engine_graphs(self) -> frozenset[str]:
        """The graphs the engine keeps for itself (asked once per connection)."""
        if self._own_graphs is None:
            described = self._results(SELF_DESCRIBING_QUERY)
            assert isinstance(described, SelectResult)
            self._own_graphs = ENGINE_GRAPHS | {row["g"].value for row in described.rows if row["g"] is not None}
        return self._own_graphs

    def graph_names(self) -> list[str]:
        return sorted(self.graph_sizes())

    def graph_sizes(self) -> dict[str, int]:
        sizes = self._results(GRAPH_SIZES_QUERY)
        assert isinstance(sizes, SelectResult)
        hidden = self.engine_graphs()
        return {
            row["g"].value: int(row["n"].value)
            for row in sizes.rows
            if isinstance(row["g"], ox.NamedNode) and row["g"].value not in hidden
        }

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        query = ALL_QUADS_QUERY
        if graph is not None:
            query = inject_values(query, {"g": ox.NamedNode(graph)})
        found = self._results(query)
        assert isinstance(found, SelectResult)
        hidden = self.engine_graphs()
        return [
            ox.Quad(row["s"], row["p"], row["o"], row["g"])
            for row in found.rows
            if row["g"].value not in hidden
        ]

    def export(self, output: BinaryIO, fmt: ox.RdfFormat) -> None:
        ox.serialize(self.quads(), output, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TRIG else None)

    def flush(self) -> None:
        """Nothing to do: every write was its own request."""


# -- writing triples as SPARQL Update ------------------------------------------------------------
def _insert_requests(graph: str, quads: Sequence[ox.Quad]) -> Iterable[tuple[str, int]]:
    """Updates that insert ``quads`` into ``graph``, each with the number of triples it holds.

    Triples without blank nodes go as ``INSERT DATA``. Each request makes its own blank nodes, and some
    stores (Virtuoso) refuse them in ``INSERT DATA``: triples that share a blank node go together in one
    ``INSERT {…} WHERE {}`` (one solution, so one node per label), never split between requests.
    """
    plain = [q for q in quads if not _has_blank(q)]
    for start in range(0, len(plain), UPDATE_CHUNK):
        chunk = plain[start : start + UPDATE_CHUNK]
        yield f"INSERT DATA {_template(graph, chunk)}", len(chunk)
    batch: list[ox.Quad] = []
    for group in _blank_node_groups([q for q in quads if _has_blank(q)]):
        if batch and len(batch) + len(group) > TEMPLATE_CHUNK:
            yield f"INSERT {_template(graph, batch)} WHERE {{}}", len(batch)
            batch = []
        batch += group
    if batch:
        yield f"INSERT {_template(graph, batch)} WHERE {{}}", len(batch)


def _template(graph: str, quads: Sequence[ox.Quad]) -> str:
    triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"{{ GRAPH <{graph}> {{\n{triples}\n}} }}"


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _blank_node_groups(quads: Sequence[ox.Quad]) -> list[list[ox.Quad]]:
    """``quads`` (each with a blank node) in groups connected through shared blank nodes."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for quad in quads:
        labels = [t.value for t in (quad.subject, quad.object) if isinstance(t, ox.BlankNode)]
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
    groups: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        anchor = quad.subject if isinstance(quad.subject, ox.BlankNode) else quad.object
        groups.setdefault(root(anchor.value), []).append(quad)
    return list(groups.values())


# -- a query's own dataset -----------------------------------------------------------------------
_KEYWORD = r"(?<![\w?$:]){}(?![\w:])"
_FROM = re.compile(_KEYWORD.format("FROM"), re.IGNORECASE)
_NAMED = re.compile(r"\s*" + _KEYWORD.format("NAMED"), re.IGNORECASE)
_FORM = re.compile(_KEYWORD.format("(?:SELECT|CONSTRUCT|DESCRIBE|ASK)"), re.IGNORECASE)
_PREFIXED_NAME = re.compile(r"[^\s{}#<]+")


def split_dataset(query: str) -> tuple[str, Dataset | None]:
    """``query`` with its ``FROM`` / ``FROM NAMED`` clauses blanked out (lines and columns kept), and the
    dataset they named (``None`` when it names none). ``query`` must be a valid query (``check_user_query``).

    The graph names are resolved by Oxigraph itself against the query's own PREFIX and BASE declarations.
    """
    code = code_only(query)
    clauses: list[tuple[int, int, bool, str]] = []  # (start, end, named, the graph as written)
    for keyword in _FROM.finditer(code):
        at = _skip_blank(query, code, keyword.end())
        named = _NAMED.match(code, at)
        if named:
            at = _skip_blank(query, code, named.end())
        end = query.index(">", at) + 1 if query.startswith("<", at) else _PREFIXED_NAME.match(query, at).end()
        clauses.append((keyword.start(), end, bool(named), query[at:end]))
    if not clauses:
        return query, None
    prologue = query[: _FORM.search(code).start()]
    names = [f"?g{i}" for i in range(len(clauses))]
    resolved = ox.Store().query(
        f"{prologue}\nSELECT * WHERE {{ VALUES ({' '.join(names)}) {{ ({' '.join(c[3] for c in clauses)}) }} }}"
    )
    iris = [term.value for term in next(iter(resolved))]
    for start, end, _, _ in reversed(clauses):
        query = query[:start] + re.sub(r"[^\n]", " ", query[start:end]) + query[end:]
    defaults = [iri for iri, clause in zip(iris, clauses, strict=True) if not clause[2]]
    named_graphs = [iri for iri, clause in zip(iris, clauses, strict=True) if clause[2]]
    return query, (defaults, named_graphs)


def _skip_blank(query: str, code: str, at: int) -> int:
    """The index of the next word after ``at``: spaces and comments skipped (in ``code`` they are blank)."""
    while at < len(query) and code[at].isspace() and query[at] != "<":
        at = query.find("\n", at) if query[at] == "#" else at + 1
        if at < 0:
            return len(query)
    return at


# -- reading results, the same from every engine --------------------------------------------------
def read_results(data: bytes) -> SelectResult | bool:
    """SPARQL 1.1 JSON results as pyoxigraph terms, with what engines write differently made one:

    * blank-node labels that are not valid labels (Virtuoso's ``nodeID://b1``) become valid ones;
    * ``xsd:boolean`` written ``1`` / ``0`` (Virtuoso) becomes ``true`` / ``false``;
    * numbers take their canonical lexical form (``"01"^^xsd:integer`` → ``1``), as Oxigraph writes them.
    """
    document = json.loads(data)
    if "boolean" in document:
        return bool(document["boolean"])
    columns = list(document["head"].get("vars", []))
    rows = [
        {name: _term(binding[name]) if name in binding else None for name in columns}
        for binding in document["results"]["bindings"]
    ]
    return SelectResult(columns, rows)


def _as_boolean(found: SelectResult | bool) -> bool:
    """An ASK answer; some engines (Virtuoso, to a form POST) write it as one row holding 1 or 0."""
    if isinstance(found, bool):
        return found
    if len(found.rows) != 1 or len(found.columns) != 1:
        raise EndpointError(f"an ASK query was answered with {len(found.rows)} rows of {len(found.columns)} values")
    value = found.rows[0][found.columns[0]]
    return value is not None and value.value in ("1", "true")


def _term(cell: dict) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value) if _valid_label(value) else _label(value)
    if "xml:lang" in cell:
        return ox.Literal(value, language=cell["xml:lang"])
    datatype = cell.get("datatype")
    if datatype is None:
        return ox.Literal(value)
    return canonical(ox.Literal(value, datatype=ox.NamedNode(datatype)))


_NUMBERS_AND_BOOLEANS = frozenset(XSD + name for name in (
    "boolean", "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte",
))
_SUBJECT, _PREDICATE = ox.NamedNode("urn:jfp-graph:canonical"), ox.NamedNode("urn:jfp-graph:value")


def canonical(literal: ox.Literal) -> ox.Literal:
    """A boolean or number as an Oxigraph store keeps it (``"1"^^xsd:boolean`` → ``true``, ``"1.50"`` → ``1.5``,
    ``"1.0E6"^^xsd:double`` → ``1000000``, ``xsd:int`` → ``xsd:integer``); any other literal as it is."""
    if literal.datatype.value not in _NUMBERS_AND_BOOLEANS:
        return literal
    return _kept_by_oxigraph(literal)


@functools.lru_cache(maxsize=8192)
def _kept_by_oxigraph(literal: ox.Literal) -> ox.Literal:
    store = ox.Store()
    store.add(ox.Quad(_SUBJECT, _PREDICATE, literal))
    return next(iter(store.quads_for_pattern(_SUBJECT, _PREDICATE, None))).object


def _valid_label(label: str) -> bool:
    try:
        ox.BlankNode(label)
    except ValueError:
        return False
    return True


def _label(value: str) -> ox.BlankNode:
    """A valid label for an endpoint's invalid one (Virtuoso's ``nodeID://b1``), the same for the same node."""
    return ox.BlankNode("b" + hashlib.sha1(value.encode()).hexdigest()[:16])
