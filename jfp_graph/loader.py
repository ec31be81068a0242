"""Loading files into the store: parse everything first, then write each graph all-or-nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.layout import CATALOGUE_GRAPH, LayoutError, graph_for_quads
from jfp_graph.namespaces import DCTERMS
from jfp_graph.paths import BUNDLE_ROOT
from jfp_graph.rdfio import RDF_FORMATS, InputError, read_quads
from jfp_graph.store import GraphStore


@dataclass
class GraphLoad:
    """One named graph's new content, parsed from one or more files."""

    graph: str
    sources: list[Path]
    quads: list[ox.Quad] = field(default_factory=list)

    @property
    def digest(self) -> str:
        return files_digest(self.sources)


def files_digest(paths: Sequence[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return "sha256:" + sha.hexdigest()


def source_label(path: Path) -> str:
    """How a source file is named in the catalogue: relative to the bundle when it is bundled."""
    resolved = path.resolve()
    return str(resolved.relative_to(BUNDLE_ROOT)) if resolved.is_relative_to(BUNDLE_ROOT) else str(resolved)


def find_files(paths: Iterable[Path], suffixes: Iterable[str] = RDF_FORMATS) -> tuple[list[Path], list[InputError]]:
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
    """The RDF files to load; the first missing path is an input error."""
    files, errors = find_files(paths)
    if errors:
        raise errors[0]
    return files


def parse_document_file(path: Path) -> GraphLoad:
    """A file describing one document: its default-graph triples go to that document's graph.

    Quads already in named graphs (TriG, N-Quads) keep their graphs.
    """
    quads = read_quads(path)
    default = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    if not default:
        return GraphLoad(graph="", sources=[path], quads=quads)
    try:
        graph = graph_for_quads(default)
    except LayoutError as error:
        raise InputError(str(path), str(error)) from None
    target = ox.NamedNode(graph)
    return GraphLoad(
        graph,
        [path],
        [
            ox.Quad(q.subject, q.predicate, q.object, target) if isinstance(q.graph_name, ox.DefaultGraph) else q
            for q in quads
        ],
    )


def parse_into_graph(graph: str, paths: Sequence[Path]) -> GraphLoad:
    """Several files merged into one fixed graph (the ontology modules, the statute, the reference data)."""
    target = ox.NamedNode(graph)
    load = GraphLoad(graph, list(paths))
    for path in paths:
        load.quads.extend(read_quads(path, default_graph=target))
    return load


class LoadConflict(InputError):
    """A load that would overwrite graphs already in the store (or write one graph twice)."""


def graphs_written_by(load: GraphLoad) -> list[str]:
    return sorted({quad.graph_name.value for quad in load.quads} | ({load.graph} if load.graph else set()))


def check_targets(store: GraphStore, loads: Sequence[GraphLoad], replace: bool) -> None:
    """Refuse, before anything is written, a load that would clobber a graph without ``replace``.

    Two files of one load writing the same graph are refused either way: which one should win is not
    something to guess. The catalogue graph is kept by the loader and never counts as a clash.
    """
    seen: dict[str, Path] = {}
    existing = set() if replace else set(store.graph_names())
    for load in loads:
        source = load.sources[0] if load.sources else Path("?")
        for graph in graphs_written_by(load):
            if graph == CATALOGUE_GRAPH:
                continue
            if graph in seen:
                raise LoadConflict(str(source), f"graph <{graph}> is also written by {seen[graph]}; load them separately")
            seen[graph] = source
            if graph in existing:
                raise LoadConflict(
                    str(source), f"graph <{graph}> is already in the store; use --replace to replace it"
                )


def write_loads(
    store: GraphStore,
    loads: Sequence[GraphLoad],
    replace: bool = True,
    progress: Callable[[GraphLoad], None] | None = None,
    on_quads: Callable[[int], None] | None = None,
) -> None:
    """Write all the loads' graphs and their catalogue entries as one all-or-nothing change.

    ``progress`` hears of each load once everything is written; ``on_quads`` of quads as they are staged.
    """
    contents: dict[str, list[ox.Quad]] = {}
    for load in loads:
        for quad in load.quads:
            contents.setdefault(quad.graph_name.value, []).append(quad)
    catalogued = {load.graph for load in loads if load.graph}
    if catalogued or CATALOGUE_GRAPH in contents:
        kept = [
            quad
            for quad in store.quads(CATALOGUE_GRAPH)
            if not (isinstance(quad.subject, ox.NamedNode) and quad.subject.value in catalogued)
        ]
        entries = [quad for load in loads if load.graph for quad in catalogue_entry(load)]
        contents[CATALOGUE_GRAPH] = list(dict.fromkeys(kept + contents.get(CATALOGUE_GRAPH, []) + entries))
    store.write_graphs(contents, replace=replace, progress=on_quads)
    if progress:
        for load in loads:
            progress(load)


def catalogue_entry(load: GraphLoad) -> list[ox.Quad]:
    """Where a graph came from: digest of its files, the files, and when it was written."""
    graph = ox.NamedNode(load.graph)
    catalogue = ox.NamedNode(CATALOGUE_GRAPH)
    facts = [ox.Quad(graph, ox.NamedNode(str(DCTERMS.identifier)), ox.Literal(load.digest), catalogue)]
    facts += [
        ox.Quad(graph, ox.NamedNode(str(DCTERMS.source)), ox.Literal(source_label(p)), catalogue) for p in load.sources
    ]
    facts.append(
        ox.Quad(
            graph,
            ox.NamedNode(str(DCTERMS.modified)),
            ox.Literal(
                datetime.now(UTC).isoformat(timespec="seconds"),
                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime"),
            ),
            catalogue,
        )
    )
    return facts


def catalogue_digests(store: GraphStore) -> dict[frozenset[str], str]:
    """The digest recorded for each set of source files loaded so far."""
    result = store.select(
        f"SELECT ?g ?d ?source WHERE {{ GRAPH <{CATALOGUE_GRAPH}> "
        f"{{ ?g <{DCTERMS.identifier}> ?d ; <{DCTERMS.source}> ?source }} }}"
    )
    sources: dict[str, set[str]] = {}
    digests: dict[str, str] = {}
    for row in result.rows:
        sources.setdefault(row["g"].value, set()).add(row["source"].value)
        digests[row["g"].value] = row["d"].value
    return {frozenset(files): digests[graph] for graph, files in sources.items()}
