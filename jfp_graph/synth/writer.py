"""Writing synthetic documents with pyoxigraph's serialisers: a Turtle file each, or all in one N-Quads file.

Turtle output uses the project's one prefix table (``jfp_graph.iris.PREFIXES``) but for ``jfpid:``: instance
IRIs are paths (``plan/QRL/2024``), which a prefixed name can only write with escaped slashes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from jfp_graph.iris import PREFIXES
from jfp_graph.synth.document import SYNTHETIC_NOTE, Document

TURTLE_PREFIXES = {prefix: namespace for prefix, namespace in PREFIXES.items() if prefix != "jfpid"}


def write_turtle(doc: Document, path: Path) -> None:
    """``path``: a comment saying what the document is and that it is invented, then its triples."""
    with path.open("wb") as out:
        out.write(f"# {doc.comment}: synthetic\n# {SYNTHETIC_NOTE}\n\n".encode())
        triples = ox.parse(doc.ntriples(), format=ox.RdfFormat.N_TRIPLES)
        ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)


def write_quads(out: BinaryIO, doc: Document) -> None:
    """The document's triples as N-Quads in its own graph, appended to ``out``."""
    quads = ox.parse(doc.ntriples(doc.graph), format=ox.RdfFormat.N_QUADS)
    ox.serialize(quads, out, ox.RdfFormat.N_QUADS)


def write_graph(out: BinaryIO, graph: str, triples: Iterable[ox.Triple]) -> None:
    """``triples`` as N-Quads in ``graph``, appended to ``out``."""
    name = ox.NamedNode(graph)
    ox.serialize((ox.Quad(t.subject, t.predicate, t.object, name) for t in triples), out, ox.RdfFormat.N_QUADS)
