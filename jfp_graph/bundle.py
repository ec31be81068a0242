"""The bundled graph: ontology, statute, reference data, example documents and real plans.

``ensure_bundle`` brings a store up to date with the files shipped in the package, reloading only
the graphs whose files changed (compared by digest in the catalogue graph).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jfp_graph.layout import ONTOLOGY_GRAPH, REFERENCE_GRAPH, STATUTE_GRAPH
from jfp_graph.loader import (
    GraphLoad,
    catalogue_digests,
    catalogue_sources,
    files_digest,
    parse_document_file,
    parse_into_graph,
    source_label,
    write_loads,
)
from jfp_graph.paths import BUNDLE_ROOT
from jfp_graph.store import GraphStore

FIXED_GRAPHS = frozenset({ONTOLOGY_GRAPH, STATUTE_GRAPH, REFERENCE_GRAPH})  # the bundle's own
EXAMPLE_DOCUMENT_DIRS = ("strategies", "plans")
# Partial encodings of published plans (data/real-plans/README.md), in the YAML authoring format; bundled with
# the invented examples so that the pages and queries show real plans beside them.
REAL_PLANS_DIR = ("data", "real-plans")


def bundled_sources(
    root: Path = BUNDLE_ROOT, include_examples: bool = True, include_real_plans: bool = True
) -> list[tuple[str | None, list[Path]]]:
    """(graph, files) pairs; a ``None`` graph means "the file's own document graph". The real plans come with
    the examples (``include_examples``) unless ``include_real_plans`` leaves them out."""
    sources: list[tuple[str | None, list[Path]]] = [
        (ONTOLOGY_GRAPH, sorted((root / "ontology").glob("*.ttl"))),
        (STATUTE_GRAPH, [root / "data" / "statute.ttl"]),
        (REFERENCE_GRAPH, [root / "data" / "reference.ttl"]),
    ]
    if include_examples:
        for folder in EXAMPLE_DOCUMENT_DIRS:
            sources.extend((None, [path]) for path in sorted((root / "data" / "examples" / folder).glob("*.ttl")))
    if include_examples and include_real_plans:
        sources.extend((None, [path]) for path in sorted(root.joinpath(*REAL_PLANS_DIR).glob("*.yaml")))
    return sources


class BundleError(Exception):
    """The package's own data files are missing: an installation problem, not the user's input."""


def parse_bundle(
    root: Path = BUNDLE_ROOT,
    include_examples: bool = True,
    skip: Callable[[list[Path]], bool] = lambda files: False,
    include_real_plans: bool = True,
) -> list[GraphLoad]:
    """Parse every bundled file (but those ``skip`` says are current) before anything is written."""
    return [
        parse_into_graph(graph, files) if graph else parse_document_file(files[0])
        for graph, files in bundled_sources(root, include_examples, include_real_plans)
        if not skip(files)
    ]


def ensure_bundle(
    store: GraphStore,
    root: Path = BUNDLE_ROOT,
    include_examples: bool = True,
    progress: Callable[[GraphLoad], None] | None = None,
    include_real_plans: bool = True,
) -> list[str]:
    """Load the bundled graphs that are missing or out of date; returns the graphs written.

    The ontology, statute and reference graphs are the bundle's own and always follow it; an example document
    is written only where its graph is missing or was loaded from the bundle."""
    sources = bundled_sources(root, include_examples, include_real_plans)
    missing = [str(f) for _, files in sources for f in files if not f.is_file()]
    if not (root / "ontology" / "jfp.ttl").is_file():
        missing.insert(0, str(root / "ontology" / "jfp.ttl"))
    if missing:
        raise BundleError("bundled data missing: " + ", ".join(missing))
    known = catalogue_digests(store)

    def unchanged(files: list[Path]) -> bool:
        return known.get(frozenset(source_label(f) for f in files)) == files_digest(files)

    # An example document is only ever written where the store holds no document of that name or holds the
    # bundled copy: a plan the user loaded (QRL 2024, say) is never replaced by the invented example.
    sources = catalogue_sources(store)
    held = set(store.graph_names())
    stale = [
        load for load in parse_bundle(root, include_examples, skip=unchanged, include_real_plans=include_real_plans)
        if load.graph not in held or load.graph in FIXED_GRAPHS
        or sources.get(load.graph) == {source_label(f) for f in load.sources}
    ]
    write_loads(store, stale, replace=True, progress=progress)
    store.flush()
    return [load.graph for load in stale]
