"""The validation context: ontology, statute and reference graphs prepared once, and per-plan data graphs.

pySHACL runs only SHACL core constraints here. Everything a core constraint cannot see in one plan's
triples (class hierarchy, the HWBs the plan's ICB must involve, which HWB each JLHWS belongs to, the
dates a five-year period must start and end on) is derived beforehand with SPARQL on pyoxigraph and
added to that plan's data graph, so the data graph stays one plan plus a small slice of context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from jfp_graph.layout import ONTOLOGY_GRAPH, REFERENCE_GRAPH, STATUTE_GRAPH
from jfp_graph.loader import parse_into_graph
from jfp_graph.namespaces import JFP, JFPID
from jfp_graph.paths import DATA_DIR, ONTOLOGY_DIR, SHAPES_DIR
from jfp_graph.queries import load_query
from jfp_graph.rdfio import InputError
from jfp_graph.store import MEMORY, EmbeddedStore
from jfp_graph.validation.shapes import ShapesError, ShapeSet, load_requirements, load_shapes
from jfp_graph.validation.terms import JFPV, graph_from

PLAN_GRAPH = "urn:jfp-graph:validation:plan"
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

_PREFIXES = f"""
PREFIX jfp: <{JFP}>
PREFIX jfpv: <{JFPV}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# Class membership by the ontology's hierarchy, for the plan's own nodes and for every IRI it names that
# the context describes (HWBs, trusts, strategies): sh:class then needs no RDFS reasoning.
TYPES_QUERY = (
    _PREFIXES
    + f"""
CONSTRUCT {{ ?n a ?super ; rdfs:label ?label }}
WHERE {{
  {{ SELECT DISTINCT ?n WHERE {{ GRAPH <{PLAN_GRAPH}> {{ {{ ?n ?p ?o }} UNION {{ ?s ?p ?n }} }} FILTER(isIRI(?n)) }} }}
  GRAPH ?g {{ ?n a ?type }}
  FILTER(?g != <{ONTOLOGY_GRAPH}> && ?g != <{STATUTE_GRAPH}>)
  ?type rdfs:subClassOf* ?super .
  FILTER(isIRI(?super))
  OPTIONAL {{ ?n rdfs:label ?l }}
  OPTIONAL {{ ?n dcterms:title ?t }}
  BIND(COALESCE(?l, ?t) AS ?label)
}}
"""
)

# The five-year period a plan must cover follows from its first financial year (NHS Act 2006 s.14Z52(1)).
PERIOD_QUERY = (
    _PREFIXES
    + f"""
CONSTRUCT {{
  ?plan jfpv:expectedPeriodStart ?start ; jfpv:expectedPeriodEnd ?end ; jfpv:firstYearStart ?start ; a ?edition .
}}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; jfp:firstFinancialYear ?fy }}
  ?fy jfp:startYear ?year .
  FILTER(isNumeric(?year))
  BIND(xsd:date(CONCAT(STR(?year), "-04-01")) AS ?start)
  BIND(xsd:date(CONCAT(STR(?year + 5), "-03-31")) AS ?end)
  # The first joint forward plans covered 2023/24 onwards (JFP guidance 2022, section 1.1).
  BIND(IF(?year = 2023, jfpv:FirstEdition, jfpv:LaterEdition) AS ?edition)
}}
"""
)

# Whether the plan's ICB holds delegated specialised services, as stated in the plan or the reference graph.
DELEGATION_QUERY = (
    _PREFIXES
    + f"""
CONSTRUCT {{ ?plan a jfpv:PlanOfDelegatedICB }}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; jfp:forICB ?icb }}
  ?icb jfp:holdsDelegatedSpecialisedServices true .
}}
"""
)

# Joint local health and wellbeing strategies described by supporting documents: whose they are, and
# their priorities (a step implementing a priority implements the strategy).
JLHWS_QUERY = (
    _PREFIXES
    + f"""
CONSTRUCT {{ ?j a jfp:JointLocalHealthAndWellbeingStrategy ; jfp:publishedThrough ?hwb ; jfp:hasPriority ?p }}
WHERE {{
  GRAPH ?g {{
    ?j a jfp:JointLocalHealthAndWellbeingStrategy ; jfp:publishedThrough ?hwb
    OPTIONAL {{ ?j jfp:hasPriority ?p }}
  }}
  FILTER(STRSTARTS(STR(?g), "{SUPPORTING_GRAPH}"))
}}
"""
)


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

    # -- supporting documents (strategies, JSNAs, capital plans) given alongside the plans ----------
    def add_supporting(self, quads: Sequence[ox.Quad]) -> None:
        graph = f"{SUPPORTING_GRAPH}{self._supporting}"
        self._supporting += 1
        self.store.write_graph(graph, quads)

    def clear_supporting(self) -> None:
        for graph in self.store.graph_names():
            if graph.startswith(SUPPORTING_GRAPH):
                self.store.drop_graph(graph)
        self._supporting = 0

    # -- the HWBs each ICB must involve ------------------------------------------------------------
    @cache  # noqa: B019 - one context per run; the cache lives as long as it does
    def relevant_hwbs(self, icb: str) -> tuple[tuple[str, str], ...]:
        """(HWB IRI, name) of each HWB whose area overlaps the ICB's (queries/relevant-hwbs.rq)."""
        result = load_query("relevant-hwbs").run(self.store, icb_iri=icb)
        return tuple((row["hwb"].value, row["hwb_name"].value) for row in result.rows)

    # -- checks that make a plan unreadable rather than non-conforming ------------------------------
    def check_plan(self, plan: str, quads: Sequence[ox.Quad], source: str, text: str) -> str:
        """The plan's ICB; an ``InputError`` for names the reference graph does not know."""
        for quad in quads:
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode):
                    match = _REFERENCE_IRI.match(term.value)
                    if match and term.value not in self.reference_iris:
                        kind = REFERENCE_KINDS[match.group(1)]
                        line, column = locate(text, term.value)
                        raise InputError(
                            source,
                            f"unknown {kind} <{term.value}>: not in the reference graph",
                            line,
                            column,
                        )
        icbs = [q.object.value for q in quads if q.subject.value == plan and q.predicate.value == str(JFP.forICB)]
        line, column = locate(text, plan)
        if not icbs:
            raise InputError(source, f"plan <{plan}> does not say which ICB it is for (jfp:forICB)", line, column)
        if len(icbs) > 1 or icbs[0] not in self.icbs:
            raise InputError(
                source, f"plan <{plan}> names {', '.join(sorted(icbs))} as its ICB: not one ICB", line, column
            )
        return icbs[0]

    # -- the data graph for one plan ---------------------------------------------------------------
    def data_graph(self, plan: str, icb: str, quads: Sequence[ox.Quad]) -> Graph:
        graph = graph_from(quads)
        raw = self.store._store  # noqa: SLF001 - per-plan scratch graph in our own in-memory store
        scratch = ox.NamedNode(PLAN_GRAPH)
        raw.extend(ox.Quad(q.subject, q.predicate, q.object, scratch) for q in quads)
        try:
            for query in (TYPES_QUERY, PERIOD_QUERY, DELEGATION_QUERY, JLHWS_QUERY):
                graph_from(self.store.query(query), graph)
        finally:
            raw.remove_graph(scratch)
        plan_node = URIRef(plan)
        for hwb, name in self.relevant_hwbs(icb):
            graph.add((plan_node, JFPV.relevantHWB, URIRef(hwb)))
            graph.add((URIRef(hwb), RDF.type, JFP.HealthAndWellbeingBoard))
            graph.add((URIRef(hwb), RDFS.label, Literal(name)))
        for quad in quads:
            for term in (quad.subject, quad.object):
                match = isinstance(term, ox.NamedNode) and _JLHWS_IRI.match(term.value)
                if not match:
                    continue
                strategy = URIRef(f"{JFPID}jlhws/{match.group(1)}/{match.group(2)}")
                hwb = f"{JFPID}hwb/{match.group(1)}"
                if hwb in self.reference_iris:
                    graph.add((strategy, JFP.publishedThrough, URIRef(hwb)))
                if match.group(3):
                    graph.add((strategy, JFP.hasPriority, URIRef(term.value)))
        return graph


def locate(text: str, iri: str) -> tuple[int | None, int | None]:
    """1-based line and column where ``iri`` (or its relative form under jfpid:) first appears in ``text``."""
    candidates = [iri]
    if iri.startswith(str(JFPID)):
        relative = iri[len(str(JFPID)) :]
        candidates += [f"<{relative}>", f"jfpid:{relative}", relative]
    for candidate in candidates:
        index = text.find(candidate)
        if index >= 0:
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            return line, column
    return None, None
