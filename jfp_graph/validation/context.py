"""The validation context: ontology, statute and reference graphs prepared once, and per-plan data graphs.

The shapes use SHACL core constraints only. Everything a core constraint cannot see in one plan's triples
(class hierarchy, the HWBs the plan's ICB must involve, which HWB each JLHWS belongs to, the dates a
five-year period must start and end on) is derived beforehand (``derive``) and added to that plan's
data, so a plan's data stays one plan plus a small slice of context.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDFS

from jfp_graph.identifiers import plan_problem
from jfp_graph.layout import ONTOLOGY_GRAPH, REFERENCE_GRAPH, STATUTE_GRAPH
from jfp_graph.loader import parse_into_graph
from jfp_graph.namespaces import JFP, JFPID, JFPV
from jfp_graph.paths import DATA_DIR, ONTOLOGY_DIR, SHAPES_DIR
from jfp_graph.queries import load_query
from jfp_graph.rdfio import InputError, locate
from jfp_graph.store import MEMORY, EmbeddedStore
from jfp_graph.validation.derive import (
    CONSULTATION_DUE,
    FOR_ICB,
    HAS_PRIORITY,
    LABEL,
    PUBLISHED_THROUGH,
    TYPE,
    ContextIndex,
    derive,
)
from jfp_graph.validation.shapes import ShapesError, ShapeSet, load_requirements, load_shapes

SUPPORTING_GRAPH = "urn:jfp-graph:validation:supporting/"

# Reference-backed IRIs a plan may name; naming one the reference graph does not know is an input error.
REFERENCE_KINDS = {
    "icb": "integrated care board",
    "hwb": "health and wellbeing board",
    "la": "local authority",
    "trust": "NHS trust",
    "region": "NHS England region",
    "icp": "integrated care partnership",
}
_REFERENCE_IRI = re.compile("^" + re.escape(str(JFPID)) + r"(" + "|".join(REFERENCE_KINDS) + r")/([^/#?]+)$")
# The project's IRI patterns: jfpid:jlhws/{GSS}/{YYYY} is published through jfpid:hwb/{GSS}; its priorities
# are jfpid:jlhws/{GSS}/{YYYY}/priority/{n}.
_JLHWS_IRI = re.compile("^" + re.escape(str(JFPID)) + r"jlhws/([^/]+)/(\d{4})(/priority/[^/]+)?$")
# jfpid:jsna/{GSS}/{YYYY} assesses the area of jfpid:hwb/{GSS}.
_JSNA_IRI = re.compile("^" + re.escape(str(JFPID)) + r"jsna/([^/]+)/(\d{4})$")


class ValidationContext:
    """Ontology, statute and reference graphs in an in-memory Oxigraph store, plus the enriched shapes."""

    def __init__(self, shapes_dir: Path = SHAPES_DIR) -> None:
        self.store = EmbeddedStore(MEMORY)
        try:
            loads = [
                parse_into_graph(ONTOLOGY_GRAPH, sorted(ONTOLOGY_DIR.glob("*.ttl"))),
                parse_into_graph(STATUTE_GRAPH, [DATA_DIR / "statute.ttl"]),
                parse_into_graph(REFERENCE_GRAPH, [DATA_DIR / "reference.ttl"]),
            ]
        except InputError as error:
            raise ShapesError(f"bundled data cannot be read: {error}") from None
        self.store.write_graphs({load.graph: load.quads for load in loads})
        self.requirements = load_requirements(self.store)
        self.shapes: ShapeSet = load_shapes(self.requirements, shapes_dir)
        self.reference_iris = {
            row["s"].value
            for row in self.store.select(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{ ?s a ?t }} }}").rows
        }
        self.icbs = {
            row["icb"].value: row["name"].value
            for row in self.store.select(
                f"PREFIX rdfs: <{RDFS}> SELECT ?icb ?name WHERE {{ GRAPH <{REFERENCE_GRAPH}> "
                f"{{ ?icb a <{JFP.IntegratedCareBoard}> ; rdfs:label ?name }} }}"
            ).rows
        }
        self._supporting = 0
        self._index: ContextIndex | None = None

    @property
    def index(self) -> ContextIndex:
        """The context read into indexes for deriving plan facts; read again when supporting documents change."""
        if self._index is None:
            store = self.store._store  # noqa: SLF001 - our own in-memory store
            self._index = ContextIndex.read(store, SUPPORTING_GRAPH, self.shapes.iris)
        return self._index

    # -- supporting documents (strategies, JSNAs, capital plans) given alongside the plans ----------
    def add_supporting(self, quads: Sequence[ox.Quad]) -> None:
        graph = f"{SUPPORTING_GRAPH}{self._supporting}"
        self._supporting += 1
        self.store.write_graph(graph, quads)
        self._index = None

    def clear_supporting(self) -> None:
        for graph in self.store.graph_names():
            if graph.startswith(SUPPORTING_GRAPH):
                self.store.drop_graph(graph)
        self._supporting = 0
        self._index = None

    # -- the HWBs each ICB must involve ------------------------------------------------------------
    @cache  # noqa: B019 - one context per run; the cache lives as long as it does
    def relevant_hwbs(self, icb: str) -> tuple[tuple[str, str], ...]:
        """(HWB IRI, name) of each HWB whose area overlaps the ICB's (queries/relevant-hwbs.rq)."""
        result = load_query("relevant-hwbs").run(self.store, icb_iri=icb)
        return tuple((row["hwb"].value, row["hwb_name"].value) for row in result.rows)

    # -- checks that make a plan unreadable rather than non-conforming ------------------------------
    def check_plan(self, plan: str, quads: Sequence[ox.Quad], source: str, text: str) -> str:
        """The plan's ICB; an ``InputError`` for names the reference graph does not know (the first in the text),
        or for a plan identifier ``load`` and a web ``PUT`` refuse too (``identifiers.plan_problem``)."""
        unknown = [
            (match.group(1), iri)
            for iri in named_iris(quads)
            if (match := _REFERENCE_IRI.match(iri)) and iri not in self.reference_iris
        ]
        if unknown:
            kind, iri = min(unknown, key=lambda found: (_position(text, found[1]), found[1]))
            line, column = locate(text, iri)
            raise InputError(
                source, f"unknown {REFERENCE_KINDS[kind]} <{iri}>: not in the reference graph", line, column
            )
        line, column = locate(text, plan)
        if problem := plan_problem(plan, quads):
            raise InputError(source, problem, line, column)
        icbs = [q.object.value for q in quads if q.subject.value == plan and q.predicate.value == FOR_ICB]
        if not icbs:
            raise InputError(source, f"plan <{plan}> does not say which ICB it is for (jfp:forICB)", line, column)
        if len(icbs) > 1 or icbs[0] not in self.icbs:
            raise InputError(
                source, f"plan <{plan}> names {', '.join(sorted(icbs))} as its ICB: not one ICB", line, column
            )
        return icbs[0]

    # -- the data graph for one plan ---------------------------------------------------------------
    def data_graph(self, plan: str, icb: str, quads: Sequence[ox.Quad]) -> list[ox.Quad]:
        """The plan's triples plus the facts derived for it from the context, ready for a SHACL engine."""
        if all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            triples = list(quads)
        else:  # a plan from a named graph of a dataset
            triples = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
        triples += derive(self.index, triples)
        plan_node = ox.NamedNode(plan)
        consulted = ox.Quad(plan_node, CONSULTATION_DUE, _TRUE) in triples
        for hwb, name in self.relevant_hwbs(icb):
            hwb_node = ox.NamedNode(hwb)
            triples += [
                ox.Quad(plan_node, _RELEVANT_HWB, hwb_node),
                ox.Quad(hwb_node, TYPE, _HWB),
                ox.Quad(hwb_node, LABEL, ox.Literal(name)),
            ]
            if consulted:  # a draft and an opinion are due from this board (first edition, significant revision)
                triples.append(ox.Quad(plan_node, _CONSULTED_HWB, hwb_node))
        triples += self._assessment_boards(quads)
        for iri in named_iris(quads):
            match = _JLHWS_IRI.match(iri)
            if not match:
                continue
            strategy = ox.NamedNode(f"{JFPID}jlhws/{match.group(1)}/{match.group(2)}")
            hwb = f"{JFPID}hwb/{match.group(1)}"
            if hwb in self.reference_iris:
                triples.append(ox.Quad(strategy, PUBLISHED_THROUGH, ox.NamedNode(hwb)))
            if match.group(3):
                triples.append(ox.Quad(strategy, HAS_PRIORITY, ox.NamedNode(iri)))
        # Derived facts may repeat what the plan says; an engine needs each triple once.
        return list(dict.fromkeys(triples))

    def _assessment_boards(self, quads: Sequence[ox.Quad]) -> list[ox.Quad]:
        """The HWB whose area each JSNA the plan names assesses, from the IRI pattern."""
        found = []
        for iri in named_iris(quads):
            if (match := _JSNA_IRI.match(iri)) and (hwb := f"{JFPID}hwb/{match.group(1)}") in self.reference_iris:
                found.append(ox.Quad(ox.NamedNode(iri), _HWB_OF_ASSESSMENT, ox.NamedNode(hwb)))
        return found


_HWB = ox.NamedNode(str(JFP.HealthAndWellbeingBoard))
_RELEVANT_HWB = ox.NamedNode(str(JFPV.relevantHWB))
_CONSULTED_HWB = ox.NamedNode(str(JFPV.consultedHWB))
_HWB_OF_ASSESSMENT = ox.NamedNode(str(JFPV.hwbOfAssessment))
_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


def named_iris(quads: Sequence[ox.Quad]) -> list[str]:
    """The IRIs a plan names as subject or object, each once, in a stable order."""
    terms = {q.subject for q in quads} | {q.object for q in quads}
    return sorted(term.value for term in terms if isinstance(term, ox.NamedNode))


def _position(text: str, iri: str) -> tuple[float, float]:
    """Where ``iri`` is first written; names not found in the text (say, from YAML) sort last."""
    line, column = locate(text, iri)
    return (line, column) if line is not None else (math.inf, math.inf)
