"""Facts a SHACL core constraint cannot see in one plan's triples, derived from the context.

The context (ontology, statute, reference graph and the supporting documents of a run) is read once into
plain indexes; each plan then needs one pass over its own triples. The same facts were first derived with
SPARQL CONSTRUCT queries over a scratch copy of each plan, which cost about 200 ms a plan at national
scale; ``tests/test_derive.py`` keeps those queries as the specification and checks both give the same
triples.

What is derived for a plan:
- class membership: every IRI the plan names that the plan or the reference/supporting graphs type, as a
  member of each of its superclasses that the shapes mention (no shape can test the others), with its
  label (``rdfs:label``, else ``dcterms:title``), so ``sh:class`` needs no reasoning;
- the five-year period the plan must cover, from its first financial year (NHS Act 2006 s.14Z52(1)), and
  whether it is a first edition (the first plans covered 2023/24 onwards: JFP guidance 2022, section 1.1);
- whether the plan's ICB holds delegated specialised services;
- every joint local health and wellbeing strategy in the supporting documents, with its HWB and priorities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from jfp_graph.iris import RDF_TYPE
from jfp_graph.layout import ONTOLOGY_GRAPH, STATUTE_GRAPH
from jfp_graph.namespaces import JFP, JFPV

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
DC_TITLE = "http://purl.org/dc/terms/title"
XSD = "http://www.w3.org/2001/XMLSchema#"
# Numeric datatypes: a year of one of these gives an edition (and, when whole, the period's dates).
INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "unsignedLong",
        "unsignedInt", "unsignedShort", "unsignedByte",
    )
}  # fmt: skip
NUMERIC_TYPES = INTEGER_TYPES | {XSD + "decimal", XSD + "float", XSD + "double"}

# Terms the derivation writes (and the context and runner share).
TYPE = ox.NamedNode(RDF_TYPE)
LABEL = ox.NamedNode(RDFS_LABEL)
PUBLISHED_THROUGH = ox.NamedNode(str(JFP.publishedThrough))
HAS_PRIORITY = ox.NamedNode(str(JFP.hasPriority))
_DATE = ox.NamedNode(XSD + "date")
_PLAN = str(JFP.JointForwardPlan)
# Predicate IRIs as plain strings: the per-triple loop compares against these.
START_YEAR = str(JFP.startYear)
FOR_ICB = str(JFP.forICB)
FIRST_FINANCIAL_YEAR = str(JFP.firstFinancialYear)
DELEGATED = str(JFP.holdsDelegatedSpecialisedServices)
_JLHWS = str(JFP.JointLocalHealthAndWellbeingStrategy)


@dataclass
class ContextIndex:
    """What derivation needs from the context, read once from its store."""

    types: dict[str, set[str]]  # node -> classes it is given outside the ontology and statute graphs
    shape_classes: frozenset[str]  # the IRIs the shapes mention: the only classes worth stating
    superclasses: dict[str, set[str]]  # class -> every class it is a subclass of (through any nodes)
    labels: dict[str, list[ox.Literal]]  # node -> rdfs:label values (any graph)
    titles: dict[str, list[ox.Literal]]  # node -> dcterms:title values (any graph)
    start_years: dict[str, list[ox.Literal]]  # financial year -> jfp:startYear values
    delegated: set[str]  # ICBs stated to hold delegated specialised services
    strategies: list[ox.Quad]  # the JLHWS facts of the supporting documents

    @classmethod
    def read(cls, store: ox.Store, supporting_prefix: str, shape_classes: frozenset[str]) -> ContextIndex:
        types: dict[str, set[str]] = defaultdict(set)
        superclasses: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, list[ox.Literal]] = defaultdict(list)
        titles: dict[str, list[ox.Literal]] = defaultdict(list)
        start_years: dict[str, list[ox.Literal]] = defaultdict(list)
        delegated: set[str] = set()
        schema_graphs = {ONTOLOGY_GRAPH, STATUTE_GRAPH}
        for quad in store.quads_for_pattern(None, TYPE, None, None):
            if (
                isinstance(quad.subject, ox.NamedNode)
                and not isinstance(quad.object, ox.Literal)
                and quad.graph_name.value not in schema_graphs
            ):
                types[quad.subject.value].add(_key(quad.object))
        direct: dict[str, set[str]] = defaultdict(set)
        for quad in store.quads_for_pattern(None, ox.NamedNode(SUBCLASS_OF), None, None):
            direct[_key(quad.subject)].add(_key(quad.object))
        for cls_ in direct:
            superclasses[cls_] = _reachable(cls_, direct)
        for predicate, target in ((RDFS_LABEL, labels), (DC_TITLE, titles), (START_YEAR, start_years)):
            for triple in dict.fromkeys(
                ox.Quad(q.subject, q.predicate, q.object)
                for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None)
            ):
                target[_key(triple.subject)].append(triple.object)
        for quad in store.quads_for_pattern(None, ox.NamedNode(DELEGATED), None):
            if quad.object == _TRUE:
                delegated.add(_key(quad.subject))
        return cls(
            dict(types),
            shape_classes,
            dict(superclasses),
            dict(labels),
            dict(titles),
            dict(start_years),
            delegated,
            _strategies(store, supporting_prefix),
        )


_TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """Nodes are indexed by IRI; blank nodes by their label (they never equal an IRI key)."""
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}" if isinstance(term, ox.BlankNode) else ""


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(edges.get(start, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return seen


def _strategies(store: ox.Store, supporting_prefix: str) -> list[ox.Quad]:
    """Each JLHWS a supporting document describes with its HWB, and its priorities, as that document says."""
    found: list[ox.Quad] = []
    for graph in store.named_graphs():
        if not (isinstance(graph, ox.NamedNode) and graph.value.startswith(supporting_prefix)):
            continue
        for quad in store.quads_for_pattern(None, TYPE, ox.NamedNode(_JLHWS), graph):
            strategy = quad.subject
            hwbs = [q.object for q in store.quads_for_pattern(strategy, PUBLISHED_THROUGH, None, graph)]
            if not hwbs:
                continue
            found.append(ox.Quad(strategy, TYPE, ox.NamedNode(_JLHWS)))
            found += [ox.Quad(strategy, PUBLISHED_THROUGH, hwb) for hwb in hwbs]
            found += [
                ox.Quad(strategy, HAS_PRIORITY, q.object)
                for q in store.quads_for_pattern(strategy, HAS_PRIORITY, None, graph)
            ]
    return list(dict.fromkeys(found))


def derive(index: ContextIndex, triples: Sequence[ox.Quad]) -> list[ox.Quad]:
    """The derived facts for one plan whose own statements are ``triples``, as default-graph quads."""
    own_types: dict[str, set[str]] = defaultdict(set)
    own_labels: dict[str, list[ox.Literal]] = defaultdict(list)
    own_titles: dict[str, list[ox.Literal]] = defaultdict(list)
    own_years: dict[str, list[ox.Literal]] = defaultdict(list)
    nodes: dict[str, ox.NamedNode] = {}
    plans: list[ox.NamedNode] = []
    icbs: dict[str, list[str]] = defaultdict(list)
    first_years: dict[str, list[str]] = defaultdict(list)
    delegated = set(index.delegated)
    for t in triples:
        subject, predicate, obj = t.subject, t.predicate.value, t.object
        for node in (subject, obj):
            if isinstance(node, ox.NamedNode):
                nodes.setdefault(node.value, node)
        if predicate == RDF_TYPE:
            if isinstance(subject, ox.NamedNode) and not isinstance(obj, ox.Literal):
                own_types[subject.value].add(_key(obj))
                if obj.value == _PLAN:
                    plans.append(subject)
        elif predicate == RDFS_LABEL:
            own_labels[_key(subject)].append(obj)
        elif predicate == DC_TITLE:
            own_titles[_key(subject)].append(obj)
        elif predicate == START_YEAR:
            own_years[_key(subject)].append(obj)
        elif predicate == FOR_ICB:
            icbs[_key(subject)].append(_key(obj))
        elif predicate == FIRST_FINANCIAL_YEAR:
            first_years[_key(subject)].append(_key(obj))
        elif predicate == DELEGATED and obj == _TRUE:
            delegated.add(_key(subject))

    derived: list[ox.Quad] = []
    for iri, node in nodes.items():
        classes = own_types.get(iri, set()) | index.types.get(iri, set())
        if not classes:
            continue
        supers = set(classes)
        for cls_ in classes:
            supers |= index.superclasses.get(cls_, set())
        derived += [ox.Quad(node, TYPE, ox.NamedNode(c)) for c in sorted(supers & index.shape_classes)]
        labels = index.labels.get(iri, []) + own_labels.get(iri, [])
        derived += [
            ox.Quad(node, LABEL, label) for label in labels or index.titles.get(iri, []) + own_titles.get(iri, [])
        ]

    for plan in dict.fromkeys(plans):
        for fy in first_years.get(plan.value, []):
            for year in index.start_years.get(fy, []) + own_years.get(fy, []):
                derived += _period(plan, year)
        if any(icb in delegated for icb in icbs.get(plan.value, [])):
            derived.append(ox.Quad(plan, TYPE, ox.NamedNode(str(JFPV.PlanOfDelegatedICB))))
    derived += index.strategies
    return derived


def _period(plan: ox.NamedNode, year: ox.Literal | ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
    """The edition and expected period for a first financial year starting in ``year``.

    Any valid number decides the edition; a whole positive number (``2023``, ``2023.0``, ``+2023``) also
    gives the dates, as the store's SPARQL engine reads such numbers.
    """
    if not (isinstance(year, ox.Literal) and year.datatype.value in NUMERIC_TYPES):
        return []
    try:
        value = Decimal(year.value.strip())
    except InvalidOperation:
        return []
    whole = value.is_finite() and value == value.to_integral_value()
    if year.datatype.value in INTEGER_TYPES and not whole:
        return []
    edition = JFPV.FirstEdition if value == 2023 else JFPV.LaterEdition
    found = [ox.Quad(plan, TYPE, ox.NamedNode(str(edition)))]
    if whole and value >= 1:
        start = ox.Literal(f"{int(value):04d}-04-01", datatype=_DATE)
        end = ox.Literal(f"{int(value) + 5:04d}-03-31", datatype=_DATE)
        found += [
            ox.Quad(plan, ox.NamedNode(str(JFPV.expectedPeriodStart)), start),
            ox.Quad(plan, ox.NamedNode(str(JFPV.expectedPeriodEnd)), end),
            ox.Quad(plan, ox.NamedNode(str(JFPV.firstYearStart)), start),
        ]
    return found
