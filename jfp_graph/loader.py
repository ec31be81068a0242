"""Loading files into the store, file by file and all or nothing.

Each file is parsed, checked against the graphs already claimed (by the store, or by an earlier file of
the same load) and streamed into the store before the next file is read, so memory is bounded by one
file and the store's bulk batch, not by the load. Graphs the store already holds (replaced on request)
and the catalogue change last, in one write; if anything fails, the graphs the load created are removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.identifiers import plan_problem, plans_in
from jfp_graph.layout import CATALOGUE_GRAPH, LayoutError, graph_for_quads, is_derived
from jfp_graph.paths import BUNDLE_ROOT
from jfp_graph.rdfio import READABLE_SUFFIXES, InputError, format_for, locate, parse_document, read_bytes
from jfp_graph.store import GraphStore

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
DCTERMS_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
DCTERMS_MODIFIED = ox.NamedNode("http://purl.org/dc/terms/modified")
XSD_DATE_TIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")


@dataclass
class GraphLoad:
    """What one file (or the files of one fixed graph) puts in the store.

    Quads in the default graph belong to ``graph``; the others keep their named graphs. They are placed
    only as the store writes them, which saves making every quad twice.
    """

    graph: str  # the document's graph, which the catalogue describes ("" if the files hold only named graphs)
    sources: list[Path]
    quads: list[ox.Quad] = field(default_factory=list)
    digest: str = ""  # of the sources' bytes; read from the files when not given
    graphs: tuple[str, ...] = ()  # every graph written: ``graph`` and the named graphs of the quads

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = files_digest(self.sources)
        if not self.graphs:
            named = {q.graph_name.value for q in self.quads if not isinstance(q.graph_name, ox.DefaultGraph)}
            self.graphs = tuple(sorted(named | ({self.graph} if self.graph else set())))


def bytes_digest(contents: Iterable[tuple[Path, bytes]]) -> str:
    sha = hashlib.sha256()
    for path, data in contents:
        sha.update(path.name.encode())
        sha.update(data)
    return "sha256:" + sha.hexdigest()


def files_digest(paths: Sequence[Path]) -> str:
    return bytes_digest((path, path.read_bytes()) for path in paths)


def source_label(path: Path) -> str:
    """How a source file is named in the catalogue: relative to the bundle when it is bundled."""
    resolved = path.resolve()
    return str(resolved.relative_to(BUNDLE_ROOT)) if resolved.is_relative_to(BUNDLE_ROOT) else str(resolved)


def find_files(
    paths: Iterable[Path], suffixes: Iterable[str] = READABLE_SUFFIXES
) -> tuple[list[Path], list[InputError]]:
    """Files as given, and the files with ``suffixes`` inside any folder (recursively, sorted); missing paths
    are returned as errors so a caller can report them all or stop at the first."""
    known = tuple(suffixes)
    files: list[Path] = []
    errors: list[InputError] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in known))
        elif path.is_file():
            files.append(path)
        else:
            errors.append(InputError(str(path), "no such file or folder"))
    return files, errors


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """The files to load (RDF, or the YAML authoring format); the first missing path is an input error."""
    files, errors = find_files(paths)
    if errors:
        raise errors[0]
    return files


def _read(path: Path) -> tuple[list[ox.Quad], bytes, bool]:
    """The file's quads, its bytes, and whether its format can hold named graphs (YAML is JSON-LD, which can)."""
    fmt = format_for(path)
    data = read_bytes(path)
    return parse_document(data, fmt, str(path)), data, fmt.rdf is None or fmt.rdf.supports_datasets


def parse_document_file(path: Path) -> GraphLoad:
    """A file describing one document: its default-graph triples go to that document's graph.

    Quads already in named graphs (TriG, N-Quads) keep their graphs.
    """
    quads, data, datasets = _read(path)
    digest = bytes_digest([(path, data)])
    # Turtle, N-Triples and RDF/XML have only the default graph: no quad needs looking at for that.
    default = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)] if datasets else quads
    if not default:
        return GraphLoad("", [path], quads, digest)
    typing = [q for q in default if q.predicate == RDF_TYPE]  # only these say which document a file describes
    try:
        graph = graph_for_quads(typing)
    except LayoutError as error:
        raise InputError(str(path), str(error)) from None
    for plan in plans_in(typing):
        problem = plan_problem(plan, default)
        if problem:
            raise InputError(str(path), problem, *locate(data.decode("utf-8", "replace"), plan))
    return GraphLoad(graph, [path], quads, digest, () if datasets else (graph,))


def parse_into_graph(graph: str, paths: Sequence[Path]) -> GraphLoad:
    """Several files merged into one fixed graph (the ontology modules, the statute, the reference data)."""
    quads: list[ox.Quad] = []
    contents: list[tuple[Path, bytes]] = []
    for path in paths:
        parsed, data, _ = _read(path)
        quads.extend(parsed)
        contents.append((path, data))
    return GraphLoad(graph, list(paths), quads, bytes_digest(contents))


class LoadConflict(InputError):
    """A load that would overwrite graphs already in the store (or write one graph twice)."""


class _Targets:
    """The graphs a load writes, claimed file by file.

    Two files of one load writing the same graph are refused either way: which one should win is not
    something to guess. The catalogue graph is kept by the loader and is never claimed.
    """

    def __init__(self, existing: Iterable[str], replace: bool) -> None:
        self.existing = set(existing)
        self.replace = replace
        self.claimed: dict[str, Path] = {}

    def claim(self, graph: str, source: Path) -> bool:
        """Whether ``graph`` is already in the store (and may be replaced); a clash is a ``LoadConflict``."""
        if graph in self.claimed:
            clash = f"graph <{graph}> is also written by {self.claimed[graph]}; load them separately"
            raise LoadConflict(str(source), clash)
        self.claimed[graph] = source
        if graph not in self.existing:
            return False
        if not self.replace:
            raise LoadConflict(str(source), f"graph <{graph}> is already in the store; use --replace to replace it")
        return True


def _by_graph(load: GraphLoad) -> Iterator[tuple[str, list[ox.Quad]]]:
    """Each graph a load writes with its quads (which the store places in it)."""
    if len(load.graphs) == 1:
        # The usual document file: one graph, so no quad needs looking at.
        yield load.graphs[0], load.quads
        return
    groups: dict[str, list[ox.Quad]] = {graph: [] for graph in load.graphs}
    for quad in load.quads:
        groups[load.graph if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value].append(quad)
    yield from groups.items()


def write_loads(
    store: GraphStore,
    loads: Iterable[GraphLoad],
    replace: bool = True,
    progress: Callable[[GraphLoad], None] | None = None,
) -> list[str]:
    """Write the loads' graphs, then their catalogue entries, as one all-or-nothing change.

    ``loads`` may be a generator that parses file by file: each load is checked as it is reached (a graph
    the store already holds needs ``replace``; two loads never write one graph) and its new graphs are
    streamed into the store at once, where the store can bulk-load. Graphs being replaced and the catalogue
    are written last, in the store's final transaction, which commits the load: a failure, or the process
    being killed, leaves the store as it was (``GraphStore.write``). ``progress`` hears of each load once it
    is handed on.
    Returns the graphs written, the catalogue aside.
    """
    targets = _Targets(store.graph_names(), replace)
    last: dict[str, list[ox.Quad]] = {}  # graphs the store already holds: replaced in the final write
    exported_catalogue: list[ox.Quad] = []
    entries: dict[str, list[ox.Quad]] = {}
    written: list[str] = []

    def new_graphs() -> Iterator[tuple[str, list[ox.Quad]]]:
        for load in loads:
            source = load.sources[0] if load.sources else Path("?")
            for graph, quads in _by_graph(load):
                if graph == CATALOGUE_GRAPH:
                    # A catalogue from an export is merged with the store's, not put in its place.
                    exported_catalogue.extend(quads)
                    continue
                if is_derived(graph):
                    continue  # reports and current editions (an export's) are made by the store, not read
                written.append(graph)
                if targets.claim(graph, source):
                    last[graph] = quads
                else:
                    yield graph, quads
            if load.graph:
                entries[load.graph] = catalogue_entry(load)
            if progress:
                progress(load)

    def final() -> dict[str, list[ox.Quad]]:
        if entries or exported_catalogue:
            last[CATALOGUE_GRAPH] = _catalogue(store, entries, exported_catalogue)
        return last

    store.write(new_graphs(), final, replace=True)
    return written


def load_files(
    store: GraphStore,
    files: Sequence[Path],
    replace: bool = False,
    graph: str | None = None,
    progress: Callable[[GraphLoad], None] | None = None,
) -> list[str]:
    """Load ``files`` (see ``expand_paths``) file by file, all or nothing, and make the change durable.

    Each file goes to its document's graph, or to ``graph`` when given. Returns the graphs written.
    """

    def parse(path: Path) -> GraphLoad:
        return parse_into_graph(graph, [path]) if graph else parse_document_file(path)

    written = write_loads(store, (parse(path) for path in files), replace=replace, progress=progress)
    store.flush()
    return written


def _catalogue(store: GraphStore, entries: dict[str, list[ox.Quad]], exported: list[ox.Quad]) -> list[ox.Quad]:
    """The catalogue graph with ``entries`` in place of what it said about their graphs."""
    kept = [
        quad
        for quad in store.quads(CATALOGUE_GRAPH)
        if not (isinstance(quad.subject, ox.NamedNode) and quad.subject.value in entries)
    ]
    return list(dict.fromkeys(kept + exported + [quad for entry in entries.values() for quad in entry]))


def catalogue_entry(load: GraphLoad) -> list[ox.Quad]:
    """Where a graph came from: digest of its files, the files, and when it was written."""
    graph = ox.NamedNode(load.graph)
    catalogue = ox.NamedNode(CATALOGUE_GRAPH)
    facts = [ox.Quad(graph, DCTERMS_IDENTIFIER, ox.Literal(load.digest), catalogue)]
    facts += [ox.Quad(graph, DCTERMS_SOURCE, ox.Literal(source_label(p)), catalogue) for p in load.sources]
    modified = ox.Literal(datetime.now(UTC).isoformat(timespec="seconds"), datatype=XSD_DATE_TIME)
    facts.append(ox.Quad(graph, DCTERMS_MODIFIED, modified, catalogue))
    return facts


def catalogue_sources(store: GraphStore) -> dict[str, set[str]]:
    """The source files the catalogue records for each graph."""
    sources: dict[str, set[str]] = {}
    for quad in store.quads(CATALOGUE_GRAPH):
        if quad.predicate == DCTERMS_SOURCE:
            sources.setdefault(quad.subject.value, set()).add(quad.object.value)
    return sources


def catalogue_digests(store: GraphStore) -> dict[frozenset[str], str]:
    """The digest recorded for each set of source files loaded so far."""
    result = store.select(
        f"SELECT ?g ?d ?source WHERE {{ GRAPH <{CATALOGUE_GRAPH}> "
        f"{{ ?g {DCTERMS_IDENTIFIER} ?d ; {DCTERMS_SOURCE} ?source }} }}"
    )
    sources: dict[str, set[str]] = {}
    digests: dict[str, str] = {}
    for row in result.rows:
        sources.setdefault(row["g"].value, set()).add(row["source"].value)
        digests[row["g"].value] = row["d"].value
    return {frozenset(files): digests[graph] for graph, files in sources.items()}
