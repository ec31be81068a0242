"""One HermiT run (through owlready2) over an rdflib graph: consistent or not, and which classes are unsatisfiable."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL

from jfp_graph.ontology.errors import ReasonerError


def run_hermit(graph: Graph) -> tuple[bool, list[str]]:
    """``(consistent, unsatisfiable class IRIs)``; the graph must be ready for HermiT (see ``reasoning``)."""
    import owlready2  # imported here: it starts a quadstore and is only needed for reasoning

    with tempfile.TemporaryDirectory(prefix="jfp-reasoner-") as tmp:
        path = Path(tmp) / "ontology.owl"
        graph.serialize(destination=path, format="xml")
        world = owlready2.World()
        try:
            try:
                world.get_ontology(path.as_uri()).load()
            except Exception as error:
                raise ReasonerError(f"owlready2 could not load the ontology: {error}") from None
            try:
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
                )
            except owlready2.OwlReadyInconsistentOntologyError:
                return False, []
            except owlready2.OwlReadyJavaError as error:
                raise ReasonerError(f"HermiT failed: {_first_line(str(error))}") from None
            except FileNotFoundError as error:
                raise ReasonerError(f"cannot start Java for HermiT: {error}") from None
            nothing = str(OWL.Nothing)
            unsatisfiable = sorted({c.iri for c in world.inconsistent_classes()} - {nothing})
            return True, unsatisfiable
        finally:
            world.close()


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    useful = [line for line in lines if "Exception" in line or "Error" in line]
    return (useful or lines or ["(no message)"])[0]
