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
- the five-year period the plan must cover, from its first financial year (NHS Act 2006 s.14Z52(1));
- whether it is a first or a later edition: a later edition's ICB already had to prepare an edition for the
  year before (the statute graph's edition dates say which years editions were due for, the reference graph
  when the ICB was established), and the dates its year's edition was to be published and shared by;
- whether it must be consulted on (a first edition, or a later one not stated to be only confirmed or
  updated: JFP guidance 2022, sections 4.1 and 4.2);
- the last day each milestone's or metric's due date covers, at whatever precision it is written;
- whether the plan's ICB holds delegated specialised services: stated in the plan, or delegated to the ICBs of
  its region (reference graph) by the start of the plan's first financial year;
- every joint local health and wellbeing strategy in the supporting documents, with its HWB and priorities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from jfp_graph import dates
from jfp_graph.iris import RDF_TYPE
from jfp_graph.layout import ONTOLOGY_GRAPH, REFERENCE_GRAPH, STATUTE_GRAPH
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
REVIEW_OUTCOME = str(JFP.reviewOutcome)
DUE_DATE = str(JFP.dueDate)
CONSULTATION_DUE = ox.NamedNode(str(JFPV.consultationDue))
# Review outcomes after which the first plan's consultation, drafts and opinions are not required again.
_NOT_SIGNIFICANT = {str(JFP["review-confirmed"]), str(JFP["review-updated"])}


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
    edition_dates: dict[str, tuple[list[ox.Literal], list[ox.Literal]]]  # financial year -> (publish by, share by)
    established: dict[str, list[ox.Literal]]  # ICB -> jfp:establishedOn values
    regions: dict[str, list[str]]  # ICB -> its NHS England regions
    delegated_from: dict[str, list[ox.Literal]]  # region -> dates specialised services were delegated to its ICBs

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
        established: dict[str, list[ox.Literal]] = defaultdict(list)
        for quad in store.quads_for_pattern(None, _ESTABLISHED_ON, None, ox.NamedNode(REFERENCE_GRAPH)):
            established[_key(quad.subject)].append(quad.object)
        regions, delegated_from = _delegations(store)
        return cls(
            dict(types),
            shape_classes,
            dict(superclasses),
            dict(labels),
            dict(titles),
            dict(start_years),
            delegated,
            _strategies(store, supporting_prefix),
            _edition_dates(store),
            dict(established),
            regions,
            delegated_from,
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


_ESTABLISHED_ON = ox.NamedNode(str(JFP.establishedOn))
_DATES_FOR_YEAR = ox.NamedNode(str(JFP.datesForYear))


def _edition_dates(store: ox.Store) -> dict[str, tuple[list[ox.Literal], list[ox.Literal]]]:
    """The statute graph's edition dates, by financial year: the years editions were due for, and their dates."""
    graph = ox.NamedNode(STATUTE_GRAPH)
    found: dict[str, tuple[list[ox.Literal], list[ox.Literal]]] = {}
    for quad in store.quads_for_pattern(None, _DATES_FOR_YEAR, None, graph):
        publish = [q.object for q in store.quads_for_pattern(quad.subject, _PUBLISH_BY, None, graph)]
        share = [q.object for q in store.quads_for_pattern(quad.subject, _SHARE_BY, None, graph)]
        found[_key(quad.object)] = (publish, share)
    return found


def _delegations(store: ox.Store) -> tuple[dict[str, list[str]], dict[str, list[ox.Literal]]]:
    """Each ICB's regions, and the dates each region's ICBs were delegated specialised services (reference graph)."""
    graph = ox.NamedNode(REFERENCE_GRAPH)
    regions: dict[str, list[str]] = defaultdict(list)
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(JFP.nhsEnglandRegion)), None, graph):
        regions[_key(quad.subject)].append(_key(quad.object))
    delegated_from: dict[str, list[ox.Literal]] = defaultdict(list)
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(JFP.delegatedToICBs)), _TRUE, graph):
        region = [q.object for q in store.quads_for_pattern(quad.subject, _DELEGATION_REGION, None, graph)]
        starts = [q.object for q in store.quads_for_pattern(quad.subject, _DELEGATION_STARTS, None, graph)]
        for node in region:
            delegated_from[_key(node)] += starts
    return dict(regions), dict(delegated_from)


_DELEGATION_REGION = ox.NamedNode(str(JFP.delegationRegion))
_DELEGATION_STARTS = ox.NamedNode(str(JFP.delegationStarts))
_PUBLISH_BY = ox.NamedNode(str(JFP.publishBy))
_SHARE_BY = ox.NamedNode(str(JFP.shareBy))


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
    outcomes: dict[str, set[str]] = defaultdict(set)
    due_dates: list[ox.Quad] = []
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
        elif predicate == REVIEW_OUTCOME:
            outcomes[_key(subject)].add(_key(obj))
        elif predicate == DUE_DATE:
            due_dates.append(t)

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
        starts: list[ox.Literal] = []
        for fy in first_years.get(plan.value, []):
            for year in index.start_years.get(fy, []) + own_years.get(fy, []):
                period = _period(plan, year)
                derived += period
                starts += [q.object for q in period if q.predicate.value == str(JFPV.expectedPeriodStart)]
        editions = _editions(index, plan, icbs.get(plan.value, []), first_years.get(plan.value, []), own_years)
        derived += editions
        derived += _consultation_due(plan, editions, outcomes.get(plan.value, set()))
        derived += _due_by(due_dates, starts)
        plan_icbs = icbs.get(plan.value, [])
        if any(icb in delegated for icb in plan_icbs) or _delegated_by_region(index, plan_icbs, starts):
            derived.append(ox.Quad(plan, TYPE, ox.NamedNode(str(JFPV.PlanOfDelegatedICB))))
    derived += index.strategies
    return derived


def _delegated_by_region(index: ContextIndex, icbs: list[str], starts: list[ox.Literal]) -> bool:
    """Whether specialised services were delegated to the ICBs of one of these ICBs' regions on or before the
    start of the plan's first financial year (reference graph, by region and date)."""
    return any(
        _before(delegated, start.value) or delegated.value == start.value
        for icb in icbs
        for region in index.regions.get(icb, [])
        for delegated in index.delegated_from.get(region, [])
        for start in starts
    )


def _whole_year(year: ox.Literal | ox.NamedNode | ox.BlankNode) -> int | None:
    """A financial year's start year when it is an integer literal from 1 to 9999, else None."""
    if not (isinstance(year, ox.Literal) and year.datatype.value in INTEGER_TYPES):
        return None
    try:
        value = int(year.value.strip())
    except ValueError:
        return None
    return value if 1 <= value <= 9999 else None


def _editions(
    index: ContextIndex,
    plan: ox.NamedNode,
    icbs: list[str],
    first_years: list[str],
    own_years: dict[str, list[ox.Literal]],
) -> list[ox.Quad]:
    """First or later edition, the previous edition's year, and the dates the edition's year set.

    A plan is a later edition when its ICB already had to prepare an edition for the year before its first
    financial year: that year has edition dates in the statute graph (editions were due for it) and the ICB
    was established (reference graph) before it began. Otherwise it is the ICB's first edition.
    """
    by_start: dict[int, list[str]] = defaultdict(list)
    for fy, years in index.start_years.items():
        for year in years:
            if (value := _whole_year(year)) is not None:
                by_start[value].append(fy)
    found: list[ox.Quad] = []
    for fy in first_years:
        for year in index.start_years.get(fy, []) + own_years.get(fy, []):
            start = _whole_year(year)
            if start is None:
                continue
            previous = [
                earlier
                for earlier in by_start.get(start - 1, [])
                if earlier in index.edition_dates
                and any(_before(established, f"{start - 1:04d}-04-01") for icb in icbs
                        for established in index.established.get(icb, []))
            ]  # fmt: skip
            edition = JFPV.LaterEdition if previous else JFPV.FirstEdition
            found.append(ox.Quad(plan, TYPE, ox.NamedNode(str(edition))))
            found += [ox.Quad(plan, ox.NamedNode(str(JFPV.previousEditionYear)), ox.NamedNode(p)) for p in previous]
            publish, share = index.edition_dates.get(fy, ([], []))
            found += [ox.Quad(plan, ox.NamedNode(str(JFPV.publishBy)), day) for day in publish]
            found += [ox.Quad(plan, ox.NamedNode(str(JFPV.shareBy)), day) for day in share]
    return found


def _before(day: ox.Literal, iso: str) -> bool:
    """Whether an xsd:date literal is a valid day earlier than ``iso``."""
    return day.datatype.value == dates.DATE and dates.period(day.value, dates.DATE) is not None and day.value < iso


def _consultation_due(plan: ox.NamedNode, editions: list[ox.Quad], outcomes: set[str]) -> list[ox.Quad]:
    """Consultation, drafts to each HWB and their opinions are due unless a later edition says its review
    only confirmed the plan or updated it without significant change (JFP guidance 2022, section 4.2)."""
    later = any(q.object.value == str(JFPV.LaterEdition) for q in editions)
    if later and outcomes and outcomes <= _NOT_SIGNIFICANT:
        return []
    return [ox.Quad(plan, CONSULTATION_DUE, _TRUE)]


def _due_by(due_dates: list[ox.Quad], starts: list[ox.Literal]) -> list[ox.Quad]:
    """The last day each due date covers (a day, month, year or financial year), and the plan period's start
    to compare it with; an ill-typed or unparseable due date gets no jfpv:dueBy, which a shape reports."""
    found: list[ox.Quad] = []
    for t in due_dates:
        if isinstance(t.subject, ox.Literal):
            continue
        found += [ox.Quad(t.subject, ox.NamedNode(str(JFPV.planPeriodStart)), start) for start in starts]
        if isinstance(t.object, ox.Literal) and (covered := dates.period(t.object.value, t.object.datatype.value)):
            found.append(
                ox.Quad(t.subject, ox.NamedNode(str(JFPV.dueBy)), ox.Literal(covered[1].isoformat(), datatype=_DATE))
            )
    return found


def _period(plan: ox.NamedNode, year: ox.Literal | ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
    """The expected period for a first financial year starting in ``year``: a whole positive number
    (``2023``, ``2023.0``, ``+2023``) gives the dates, as the store's SPARQL engine reads such numbers.
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
    found: list[ox.Quad] = []
    if whole and value >= 1:
        start = ox.Literal(f"{int(value):04d}-04-01", datatype=_DATE)
        end = ox.Literal(f"{int(value) + 5:04d}-03-31", datatype=_DATE)
        found += [
            ox.Quad(plan, ox.NamedNode(str(JFPV.expectedPeriodStart)), start),
            ox.Quad(plan, ox.NamedNode(str(JFPV.expectedPeriodEnd)), end),
            ox.Quad(plan, ox.NamedNode(str(JFPV.firstYearStart)), start),
        ]
    return found
