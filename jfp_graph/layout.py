"""The graph layout: which named graph each piece of content lives in.

Bundled content has fixed graphs; a document file (a plan edition, a strategy, a JLHWS, a JSNA, a
capital plan) goes to the graph named after its document: ``jfpid:plan/QRL/2024`` → ``jfpg:plan/QRL/2024``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from jfp_graph.namespaces import JFP, JFPG, JFPID, RDF

ONTOLOGY_GRAPH = str(JFPG["ontology"])
STATUTE_GRAPH = str(JFPG["statute"])
REFERENCE_GRAPH = str(JFPG["reference"])
CATALOGUE_GRAPH = str(JFPG["catalogue"])

# Document classes whose instances get a graph of their own.
DOCUMENT_CLASSES = frozenset(
    str(JFP[name])
    for name in (
        "JointForwardPlan",
        "IntegratedCareStrategy",
        "JointLocalHealthAndWellbeingStrategy",
        "JointStrategicNeedsAssessment",
        "CapitalResourceUsePlan",
        "NHSMandate",
        "PlanningGuidance",
        "LongTermPlan",
        "AnnualReport",
        "PerformanceAssessment",
        "OperationalPlanSubmission",
    )
)


class LayoutError(ValueError):
    """Content whose graph cannot be decided."""


def documents_in(quads: Iterable[ox.Quad]) -> list[str]:
    """IRIs of the project's documents typed in ``quads`` (sorted)."""
    rdf_type = str(RDF.type)
    return sorted(
        {
            q.subject.value
            for q in quads
            if q.predicate.value == rdf_type
            and isinstance(q.object, ox.NamedNode)
            and q.object.value in DOCUMENT_CLASSES
            and isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(str(JFPID))
        }
    )


def graph_for_document(document_iri: str) -> str:
    return str(JFPG) + document_iri[len(str(JFPID)) :]


def graph_for_quads(quads: list[ox.Quad]) -> str:
    """The graph for a file's default-graph content: the graph of the one document it describes."""
    documents = documents_in(quads)
    if len(documents) != 1:
        found = ", ".join(documents) if documents else "none"
        raise LayoutError(
            f"expected exactly one document (plan edition, strategy, JLHWS, JSNA or capital plan) per file, found {found}"
        )
    return graph_for_document(documents[0])
