"""The graph layout: which named graph each piece of content lives in.

Bundled content has fixed graphs; a document file (a plan edition, a strategy, a JLHWS, a JSNA, a
capital plan) goes to the graph named after its document: ``jfpid:plan/QRL/2024`` → ``jfpg:plan/QRL/2024``.
National documents (mandates, planning guidance, the Long Term Plan) are few, shared by every plan and
usually described together: a file of them goes to one ``jfpg:national`` graph.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from jfp_graph.iris import DEF, GRAPH, ID, RDF_TYPE

ONTOLOGY_GRAPH = GRAPH + "ontology"
STATUTE_GRAPH = GRAPH + "statute"
REFERENCE_GRAPH = GRAPH + "reference"
CATALOGUE_GRAPH = GRAPH + "catalogue"
NATIONAL_GRAPH = GRAPH + "national"
# Each plan edition's graph: jfpg:plan/{ICB}/{YYYY}.
PLAN_GRAPHS = GRAPH + "plan/"
# Each plan edition's validation report: derived from the store, never loaded from a file (see
# jfp_graph/validation/refresh.py).
REPORT_GRAPHS = GRAPH + "report/"
# Each ICB's current edition (jfp:currentEdition): derived from the plan editions at every write, like the
# reports, so that national questions start from one edition per ICB instead of comparing every edition.
EDITIONS_GRAPH = GRAPH + "editions"


def is_derived(graph: str) -> bool:
    """Whether the store derives ``graph`` at every write (a validation report, the current editions) rather
    than taking it from a file."""
    return graph.startswith(REPORT_GRAPHS) or graph == EDITIONS_GRAPH
# The graphs of the documents a plan is checked against: strategies, JLHWSs, JSNAs and capital plans.
SUPPORTING_GRAPHS = tuple(GRAPH + kind for kind in ("ics/", "jlhws/", "jsna/", "capital/"))

NATIONAL_CLASSES = frozenset(DEF + name for name in ("NHSMandate", "PlanningGuidance", "LongTermPlan"))

# Document classes whose instances get a graph of their own.
DOCUMENT_CLASSES = frozenset(
    DEF + name
    for name in (
        "JointForwardPlan",
        "IntegratedCareStrategy",
        "JointLocalHealthAndWellbeingStrategy",
        "JointStrategicNeedsAssessment",
        "CapitalResourceUsePlan",
        "AnnualReport",
        "PerformanceAssessment",
        "OperationalPlanSubmission",
    )
)


class LayoutError(ValueError):
    """Content whose graph cannot be decided."""


def _typed(quads: Iterable[ox.Quad], classes: frozenset[str]) -> list[str]:
    return sorted(
        {
            q.subject.value
            for q in quads
            if q.predicate.value == RDF_TYPE
            and isinstance(q.object, ox.NamedNode)
            and q.object.value in classes
            and isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(ID)
        }
    )


def documents_in(quads: Iterable[ox.Quad]) -> list[str]:
    """IRIs of the project's documents with graphs of their own typed in ``quads`` (sorted)."""
    return _typed(quads, DOCUMENT_CLASSES)


def describes_documents(quads: Iterable[ox.Quad]) -> bool:
    """Whether ``quads`` describe any of the project's documents, national ones included."""
    quads = list(quads)
    return bool(documents_in(quads) or _typed(quads, NATIONAL_CLASSES))


def graph_for_document(document_iri: str) -> str:
    return GRAPH + document_iri[len(ID) :]


def graph_for_quads(quads: list[ox.Quad]) -> str:
    """The graph for a file's default-graph content: the graph of the one document it describes.

    A file that describes only national documents goes to the national graph.
    """
    documents = documents_in(quads)
    if not documents and _typed(quads, NATIONAL_CLASSES):
        return NATIONAL_GRAPH
    if len(documents) != 1:
        found = ", ".join(documents) if documents else "none"
        raise LayoutError(
            "expected exactly one document (plan edition, strategy, JLHWS, JSNA or capital plan) per file, "
            f"found {found}"
        )
    return graph_for_document(documents[0])
