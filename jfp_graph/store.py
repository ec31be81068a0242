"""The graph store: named graphs in an embedded Oxigraph store, on disk or in memory.

Writes are all-or-nothing: graphs the store does not hold yet are bulk-loaded (Oxigraph's fast path,
streamed so memory stays bounded) and removed again if anything fails; graphs it already holds change
in one SPARQL update (one transaction). ``jfp_graph.remote`` gives the same interface over any SPARQL
1.1 endpoint.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph as ox

from jfp_graph.iris import PREFIXES
from jfp_graph.journal import Journal, recover
from jfp_graph.sparql import inject_values, uses_dataset_clause, uses_service

DEFAULT_STORE_ENV = "JFP_GRAPH_STORE"
MEMORY = "memory"
# Quads per bulk-load call. Oxigraph's bulk loader holds a call's quads in memory until it writes them
# (a 1M-quad call peaked at 917 MB); calls of 250k quads kept a 1M load near 300 MB at the same speed.
BULK_BATCH = 250_000
# Quads placed and spooled at a time, so a graph is never held twice over whole.
SPOOL_CHUNK = 10_000
# Typed literals whose stored form a spool keeps at most (past it, it starts again).
STORED_LITERALS_KEPT = 100_000
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = ox.NamedNode(XSD + "string")


def default_store_path() -> str:
    """``$JFP_GRAPH_STORE``, else ``$XDG_DATA_HOME/jfp-graph/store`` (``~/.local/share/...``)."""
    if os.environ.get(DEFAULT_STORE_ENV):
        return os.environ[DEFAULT_STORE_ENV]
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "jfp-graph" / "store")


class StoreError(Exception):
    """The store could not be opened or written (configuration or environment, not the user's data)."""


class QueryInputError(ValueError):
    """A query from the user that cannot be run: syntax error, wrong query form, or a refused feature."""


@dataclass(frozen=True)
class SelectResult:
    columns: list[str]
    rows: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]]


Binding = ox.NamedNode | ox.BlankNode | ox.Literal
# What an arbitrary query returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).
QueryOutcome = SelectResult | bool | list[ox.Triple]
Progress = Callable[[int], None]

GRAPH_SIZES_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
ALL_QUADS_QUERY = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class PendingView:
    """A store as it will be once a write commits: ``pending`` graphs in place of (or, without ``replace``,
    added to) what the store holds, and the graphs the write created read from its ``spool``. What a
    ``Derive`` hook reads."""

    def __init__(
        self,
        store: GraphStore,
        pending: Mapping[str, Sequence[ox.Quad]],
        replace: bool = True,
        spool: Spool | None = None,
    ) -> None:
        self.store, self.pending, self.replace, self.spool = store, pending, replace, spool

    def graph_names(self) -> list[str]:
        held = set(self.store.graph_names())
        for graph, quads in self.pending.items():
            if quads:
                held.add(graph)
            elif self.replace:
                held.discard(graph)
        return sorted(held)

    def quads(self, graph: str) -> Iterable[ox.Quad]:
        if graph not in self.pending:
            if self.spool is not None and graph in self.spool.spans:
                return self.spool.quads(graph)
            return self.store.quads(graph)
        if self.replace:
            return self.pending[graph]
        return itertools.chain(self.store.quads(graph), self.pending[graph])


class Spool:
    """The quads of the graphs a write creates, as the store holds them, in a temporary N-Quads file.

    Reading a graph back from Oxigraph costs a key lookup per term (about 20 µs a quad, a third of a
    1M-triple load); parsing it back from here costs a twentieth of that. The store keeps typed literals
    in canonical form ("01"^^xsd:integer comes back as "1") and each quad once, so the spool does too.
    """

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.spans: dict[str, list[tuple[int, int]]] = {}
        self._stored: dict[ox.Literal, ox.Literal] = {}

    def add(self, graph: str, quads: list[ox.Quad]) -> None:
        start = self.file.seek(0, os.SEEK_END)
        ox.serialize(self._as_stored(quads), self.file, format=ox.RdfFormat.N_QUADS)
        self.spans.setdefault(graph, []).append((start, self.file.tell() - start))

    def quads(self, graph: str) -> list[ox.Quad]:
        parts = []
        for start, length in self.spans[graph]:
            self.file.seek(start)
            parts.append(self.file.read(length))
        return list(dict.fromkeys(ox.parse(b"".join(parts), format=ox.RdfFormat.N_QUADS)))

    def close(self) -> None:
        self.file.close()

    def _as_stored(self, quads: list[ox.Quad]) -> list[ox.Quad]:
        if len(self._stored) > STORED_LITERALS_KEPT:
            self._stored.clear()  # bounded, whatever the write; before the chunk's literals are looked up
        typed = {q.object for q in quads if isinstance(q.object, ox.Literal) and q.object.datatype != XSD_STRING
                 and q.object.datatype.value.startswith(XSD) and q.object not in self._stored}
        if typed:
            self._stored.update(_stored_literals(list(typed)))
        stored = self._stored
        return [ox.Quad(q.subject, q.predicate, stored[q.object], q.graph_name)
                if isinstance(q.object, ox.Literal) and q.object in stored else q for q in quads]


class SpooledGraphs(MutableMapping[str, list[ox.Quad]]):
    """Graphs and their quads, kept in a ``Spool`` and read back one graph at a time: what a write of many
    derived graphs (a load's validation reports) holds in memory is one graph, not all of them."""

    def __init__(self) -> None:
        self.spool = Spool()
        self.empty: set[str] = set()  # graphs to remove

    def __setitem__(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        if graph in self:
            del self[graph]
        quads = list(quads)
        if quads:
            self.spool.add(graph, quads)
        else:
            self.empty.add(graph)

    def __getitem__(self, graph: str) -> list[ox.Quad]:
        if graph in self.empty:
            return []
        if graph not in self.spool.spans:
            raise KeyError(graph)
        return self.spool.quads(graph)

    def __delitem__(self, graph: str) -> None:
        if graph in self.empty:
            self.empty.discard(graph)
        else:
            del self.spool.spans[graph]  # the bytes stay in the file until it is closed

    def __iter__(self) -> Iterator[str]:
        return itertools.chain(list(self.spool.spans), list(self.empty))

    def __len__(self) -> int:
        return len(self.spool.spans) + len(self.empty)

    def __contains__(self, graph: object) -> bool:
        return graph in self.spool.spans or graph in self.empty


def _stored_literals(literals: list[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """Each literal as a store gives it back (an in-memory store encodes terms as the on-disk one does)."""
    probe = ox.Store()
    subjects = [ox.NamedNode(f"urn:jfp-graph:literal:{i}") for i in range(len(literals))]
    predicate = ox.NamedNode("urn:jfp-graph:value")
    probe.extend(ox.Quad(s, predicate, literal) for s, literal in zip(subjects, literals, strict=True))
    return {literal: next(probe.quads_for_pattern(s, None, None)).object
            for s, literal in zip(subjects, literals, strict=True)}


# Given the store as a write will leave it and the graphs the write changes, the graphs to write with it.
Derive = Callable[[PendingView, set[str]], MutableMapping[str, Sequence[ox.Quad]]]


class GraphStore(Protocol):
    """What the loader, the query library and the command line need from a store."""

    location: str
    derived: Derive | None

    def write(
        self,
        fresh: Iterable[tuple[str, Iterable[ox.Quad]]],
        final: Callable[[], Mapping[str, Sequence[ox.Quad]]] = dict,
        replace: bool = True,
    ) -> list[str]: ...

    def write_graphs(
        self, contents: Mapping[str, Sequence[ox.Quad]], replace: bool = True, progress: Progress | None = None
    ) -> int: ...

    def write_graph(self, graph: str, quads: Iterable[ox.Quad], replace: bool = True) -> int: ...

    def drop_graph(self, graph: str) -> None: ...

    def remove_subject(self, graph: str, subject: str) -> None: ...

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> SelectResult: ...

    def run_query(self, sparql: str) -> QueryOutcome: ...

    def graph_names(self) -> list[str]: ...

    def graph_sizes(self) -> dict[str, int]: ...

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]: ...

    def export(self, output: BinaryIO, fmt: ox.RdfFormat) -> None: ...

    def flush(self) -> None: ...


def check_user_query(sparql: str) -> type:
    """Refuse what must not run, and tell which form a query has, before any store sees it.

    Parsing (and running) it against an empty in-memory store gives the same syntax errors for every
    store, and the result type names the query form.
    """
    if uses_service(sparql):
        raise QueryInputError("SERVICE (federated query) is refused: queries run only over this store")
    try:
        outcome = ox.Store().query(sparql)
    except SyntaxError as error:
        raise QueryInputError(f"not a valid SPARQL 1.1 query: {error}") from None
    return type(outcome)


def staging_name(graph: str) -> str:
    return f"{graph}#staging-{uuid.uuid4().hex}"


def outcome_of(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryOutcome:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return list(result)
    columns = [v.value for v in result.variables]
    # A solution iterated gives its values in the order of the variables: several times faster than looking
    # each up by name.
    return SelectResult(columns, [dict(zip(columns, solution, strict=True)) for solution in result])


def _replacement(
    contents: Mapping[str, Sequence[ox.Quad]], graphs: Sequence[str], replace: bool, *more: str
) -> str:
    """One update that drops each graph (when replacing), inserts its new triples, then runs ``more``."""
    operations = [f"DROP SILENT GRAPH <{graph}>" for graph in graphs] if replace else []
    blocks = []
    for graph in graphs:
        if quads := contents[graph]:  # read once: the contents may be spooled (``SpooledGraphs``)
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            blocks.append(f"GRAPH <{graph}> {{\n" + ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode() + "}")
    if blocks:
        operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(operation for operation in operations + list(more) if operation)


def _placed(graph: str, quads: Iterable[ox.Quad]) -> Iterable[list[ox.Quad]]:
    """``quads`` in ``graph``, a chunk at a time."""
    target = ox.NamedNode(graph)
    stream = iter(quads)
    while chunk := list(itertools.islice(stream, SPOOL_CHUNK)):
        yield [ox.Quad(q.subject, q.predicate, q.object, target) for q in chunk]


class EmbeddedStore:
    """An Oxigraph store at ``location`` (a folder) or in memory (``"memory"``)."""

    def __init__(self, location: str | os.PathLike[str] = MEMORY) -> None:
        self.location = str(location)
        self.recovered: list[str] = []  # graphs of a killed write that opening the store removed
        try:
            if self.location == MEMORY:
                self._store = ox.Store()
            else:
                Path(self.location).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(self.location)
                self.recovered = recover(self._store, Path(self.location))
        except OSError as error:
            raise StoreError(f"cannot open store at {self.location}: {error}") from None

    # -- writing -----------------------------------------------------------------------------
    bulk_batch = BULK_BATCH
    # Graphs derived from what a write changes (the stored validation reports), written in its transaction.
    derived: Derive | None = None

    def write(
        self,
        fresh: Iterable[tuple[str, Iterable[ox.Quad]]],
        final: Callable[[], Mapping[str, Sequence[ox.Quad]]] = dict,
        replace: bool = True,
    ) -> list[str]:
        """The one way this store is written: all or nothing, even if the process is killed.

        ``fresh`` pairs graphs the store does not hold yet with their quads; it may parse as it goes, and is
        read once, in calls of ``bulk_batch`` quads to Oxigraph's bulk loader, so memory is bounded by a
        batch and not by the write. Each quad goes to the graph it is paired with. A graph the store already
        holds is refused there: bulk-loaded quads could not be told apart from what it held. Then
        ``final()`` gives the graphs to write in one transaction (graphs the store holds, replaced when
        ``replace``; the catalogue), which also commits the write. If anything fails on the way, the
        graphs created are removed and the error raised again; if the process dies, the next open removes
        them (``jfp_graph.journal``). The ``derived`` hook reads the graphs created from a ``Spool``; the
        graphs it derives that the store does not hold are bulk-loaded (journaled, like ``fresh``) before the
        final transaction, and the others change in it. Returns the graphs created from ``fresh``, in order.
        """
        taken = set(self.graph_names())
        journal = Journal(None if self.location == MEMORY else Path(self.location))
        # The graphs created, for the Derive hook to read without going back to the store.
        spool = Spool() if self.derived else None

        def placed() -> Iterable[ox.Quad]:
            for graph, quads in fresh:
                if graph in taken:
                    raise ValueError(f"graph <{graph}> is already in the store: bulk writes only create graphs")
                taken.add(graph)
                journal.add(graph)
                for chunk in _placed(graph, quads):
                    if spool is not None:
                        spool.add(graph, chunk)
                    yield from chunk

        try:
            try:
                self._bulk_load(placed(), journal)
                last = final()
                written = list(journal.graphs)
                derived = self.derived(PendingView(self, last, replace, spool), set(written) | set(last)) if (
                    self.derived) else {}
                # Derived graphs the store does not hold are bulk-loaded like the graphs the write created
                # (and, like them, dropped if the write does not commit); the others change in its transaction.
                created = [graph for graph in derived if graph not in taken]  # (each read once, below)
                for graph in created:
                    journal.add(graph)
                self._bulk_load(
                    (quad for graph in created for chunk in _placed(graph, derived.pop(graph)) for quad in chunk),
                    journal,
                )
                self._store.update(
                    _replacement(last, list(last), replace, _replacement(derived, list(derived), True),
                                 journal.commit_update())
                )
            except (OSError, SyntaxError) as error:
                raise StoreError(f"cannot write to the store at {self.location}: {error}") from None
        except BaseException:
            # Parse errors, conflicts and interrupts raised by the iterables too: undo, then pass them on.
            self.drop_graphs(journal.graphs)
            journal.close(self._store)
            raise
        finally:
            if spool is not None:
                spool.close()
        journal.close(self._store)
        return written

    def _bulk_load(self, quads: Iterable[ox.Quad], journal: Journal) -> None:
        stream = iter(quads)
        while batch := list(itertools.islice(stream, self.bulk_batch)):
            journal.sync()  # every graph of the batch is on record before its quads are written
            self._store.bulk_extend(batch)

    def bulk_write(self, graphs: Iterable[tuple[str, Iterable[ox.Quad]]]) -> list[str]:
        """Write graphs the store does not hold yet (see ``write``); returns them in the order written."""
        return self.write(graphs)

    def write_graphs(
        self, contents: Mapping[str, Sequence[ox.Quad]], replace: bool = True, progress: Progress | None = None
    ) -> int:
        """Write several graphs as one all-or-nothing change; ``replace`` drops what each graph held first.

        The quads' own graph names are ignored: each sequence goes to the graph it is keyed by. Graphs the
        store does not hold yet are bulk-loaded; graphs that already exist change in the final transaction.
        """
        existing = set(self.graph_names())
        fresh = [graph for graph, quads in contents.items() if graph not in existing and quads]
        changed = {graph: contents[graph] for graph in contents if graph in existing}
        self.write(((graph, contents[graph]) for graph in fresh), lambda: changed, replace)
        written = sum(len(quads) for quads in contents.values())
        if progress and written:
            progress(written)
        return written

    def write_graph(self, graph: str, quads: Iterable[ox.Quad], replace: bool = True) -> int:
        """Write ``quads`` (already parsed) into ``graph``; ``replace`` drops what the graph held first."""
        return self.write_graphs({graph: list(quads)}, replace=replace)

    def remove_subject(self, graph: str, subject: str) -> None:
        g, s = ox.NamedNode(graph), ox.NamedNode(subject)
        for quad in list(self._store.quads_for_pattern(s, None, None, g)):
            self._store.remove(quad)

    def drop_graph(self, graph: str) -> None:
        node = ox.NamedNode(graph)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        for graph in graphs:
            self.drop_graph(graph)

    # -- reading -----------------------------------------------------------------------------
    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> SelectResult:
        """Run a SELECT over the union of all graphs, with ``bindings`` substituted as values."""
        solutions = self._store.query(inject_values(sparql, bindings or {}), use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryInputError("expected a SELECT query")
        return outcome_of(solutions)

    def run_query(self, sparql: str) -> QueryOutcome:
        """Any query form from a user (SERVICE refused), over the union of all named graphs unless it names
        its dataset with FROM / FROM NAMED."""
        check_user_query(sparql)
        # The query's own FROM / FROM NAMED define its dataset; without them it reads every named graph.
        return outcome_of(self._store.query(sparql, use_default_graph_as_union=not uses_dataset_clause(sparql)))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_sizes(self) -> dict[str, int]:
        result = self._store.query(GRAPH_SIZES_QUERY)
        return {s["g"].value: int(s["n"].value) for s in result}

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph) if graph else None)

    def export(self, output: BinaryIO, fmt: ox.RdfFormat) -> None:
        """Every named graph (and the default graph, if anything is in it) as TriG or N-Quads."""
        self._store.dump(output, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TRIG else None)

    def flush(self) -> None:
        if self.location != MEMORY:
            self._store.flush()

    def snapshot(self, target: Path) -> None:
        """A consistent copy of the on-disk store at ``target`` (hard links on the same file system: cheap),
        which other processes may read while this one writes."""
        self._store.backup(str(target))


def open_store(
    location: str | os.PathLike[str] | None = None,
    endpoint: str | None = None,
    *,
    update_endpoint: str | None = None,
    graph_store: str | None = None,
    timeout: int | None = None,
    derived: Derive | None = None,
) -> GraphStore:
    """The one way to open a store: an embedded one (a folder, ``"memory"``, or by default
    ``default_store_path()``) or a SPARQL 1.1 endpoint, with where its updates and Graph Store Protocol
    uploads go; ``derived`` computes graphs every write carries with it (the stored validation reports). A
    ``ValueError`` for a combination that makes no sense."""
    if endpoint is not None and location is not None:
        raise ValueError("give either a store or an endpoint, not both")
    if endpoint is None:
        if update_endpoint or graph_store:
            raise ValueError("an update endpoint or Graph Store Protocol address needs an endpoint")
        store: GraphStore = EmbeddedStore(location if location is not None else default_store_path())
    else:
        from jfp_graph.remote import RemoteStore  # SPARQLWrapper is imported only when an endpoint is used

        options = {} if timeout is None else {"timeout": timeout}
        store = RemoteStore(endpoint, update_endpoint=update_endpoint, graph_store=graph_store, **options)
    store.derived = derived
    return store
