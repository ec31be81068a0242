"""The ontology as one rdflib graph: its modules merged, and its terms named for people."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from jfp_graph.iris import compact
from jfp_graph.namespaces import PREFIXES
from jfp_graph.ontology.errors import OntologyError
from jfp_graph.paths import ONTOLOGY_DIR
from jfp_graph.rdfio import InputError

ONTOLOGY_IRI = URIRef("https://w3id.org/jfp-graph/def")


def load_ontology_graph(directory: Path = ONTOLOGY_DIR) -> Graph:
    """Merge every ``*.ttl`` module of the ontology into one graph (owl:imports are not followed)."""
    files = sorted(Path(directory).glob("*.ttl"))
    if not files:
        raise OntologyError(f"no ontology modules (*.ttl) found in {directory}")
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as error:  # rdflib raises several unrelated types for bad Turtle
            raise InputError(str(path), f"cannot parse ontology module: {error}") from None
    return graph


def display_name(node) -> str:
    """A display name: prefix:rest for the project's prefixes (not always a valid CURIE), else <IRI>."""
    if isinstance(node, URIRef):
        text = str(node)
        short = compact(text)
        return short if short != text else f"<{text}>"
    return str(node)
