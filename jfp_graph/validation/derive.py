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
- every joint local health and wellbeing strategy in the supporting documents, with its HWB and priorities;
- the parts of each plan edition (``jfpv:partOf``), and the parts its claims point at that another edition's
  IRIs name;
- the strategies whose own period relates to no part of the plan's five-year period;
- the organisations that must prepare the plan: its ICB and the partner trusts existing when it was prepared;
- for drafts sent to a health and wellbeing board, the first day each was sent and the last day the plan can
  have been prepared, and which draft is the latest when the plan records a revised one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from jfp_graph import dates
from jfp_graph.iris import ID, RDF_TYPE
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
_HWB = str(JFP.HealthAndWellbeingBoard)
PERIOD_START = str(JFP.periodStart)
PERIOD_END = str(JFP.periodEnd)
CREATED = "http://purl.org/dc/terms/created"
PARTNER_TRUST = str(JFP.partnerTrust)
ESTABLISHED = str(JFP.establishedOn)
DISSOLVED = str(JFP.dissolvedOn)
WAS_REVISION_OF = "http://www.w3.org/ns/prov#wasRevisionOf"
# The links from a plan to its parts (and from parts to theirs) that make a node a part of that edition.
CONTAINMENT = frozenset(
    str(JFP[name])
    for name in (
        "hasSection", "hasObjective", "hasStep", "hasMetric", "hasMilestone", "hasTrajectory",
        "hasPriorityPathway", "hasViewsSummary", "hasOpinionStatement",
    )
)  # fmt: skip
# Predicates the derivations for claims, strategies, preparers and drafts read from the plan's own triples.
_LINKS = CONTAINMENT | {
    str(JFP.hasClaim), str(JFP.addressedBy), PERIOD_START, PERIOD_END, CREATED, str(JFP.hasDraftSharing),
    str(JFP.sharedWith), str(JFP.sharedOn), str(JFP.hasDraft), WAS_REVISION_OF,
}  # fmt: skip
_PLAN_IRI_PREFIX = ID + "plan/"
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
    strategy_periods: dict[str, tuple[list[ox.Literal], list[ox.Literal]]]  # JLHWS -> (starts, ends) it states
    partner_trusts: dict[str, list[str]]  # ICB -> its partner trusts (reference graph)
    lifetimes: dict[str, tuple[list[ox.Literal], list[ox.Literal]]]  # trust -> (established, dissolved) dates
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
            strategies := _strategies(store, supporting_prefix),
            _strategy_periods(store, supporting_prefix, strategies),
            *_partner_trusts(store),
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


def _strategy_periods(
    store: ox.Store, supporting_prefix: str, strategies: list[ox.Quad]
) -> dict[str, tuple[list[ox.Literal], list[ox.Literal]]]:
    """The period each JLHWS of the supporting documents states it covers (its start and end dates)."""
    periods: dict[str, tuple[list[ox.Literal], list[ox.Literal]]] = {}
    for quad in strategies:
        if quad.predicate != TYPE or quad.subject.value in periods:
            continue
        starts, ends = [], []
        for graph in store.named_graphs():
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(supporting_prefix):
                for predicate, found in ((PERIOD_START, starts), (PERIOD_END, ends)):
                    found += [
                        q.object
                        for q in store.quads_for_pattern(quad.subject, ox.NamedNode(predicate), None, graph)
                        if isinstance(q.object, ox.Literal)
                    ]
        periods[quad.subject.value] = (starts, ends)
    return periods


def _partner_trusts(
    store: ox.Store,
) -> tuple[dict[str, list[str]], dict[str, tuple[list[ox.Literal], list[ox.Literal]]]]:
    """Each ICB's partner trusts in the reference graph, and when each trust was established and dissolved."""
    reference = ox.NamedNode(REFERENCE_GRAPH)
    trusts: dict[str, list[str]] = defaultdict(list)
    for quad in store.quads_for_pattern(None, ox.NamedNode(PARTNER_TRUST), None, reference):
        trusts[_key(quad.subject)].append(_key(quad.object))
    lifetimes: dict[str, tuple[list[ox.Literal], list[ox.Literal]]] = {}
    for trust in {t for found in trusts.values() for t in found}:
        node = ox.NamedNode(trust)
        lifetimes[trust] = tuple(  # type: ignore[assignment]
            [q.object for q in store.quads_for_pattern(node, ox.NamedNode(p), None, reference)]
            for p in (ESTABLISHED, DISSOLVED)
        )
    return dict(trusts), lifetimes
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
    links = _links(triples)
    for plan in dict.fromkeys(plans):
        parts = _parts(plan, links)
        derived += [ox.Quad(part, PART_OF, plan) for part in parts]
        derived += _parts_of_other_editions(plan, parts, links)
        derived += _strategies_out_of_period(index, plan, links)
        derived += _expected_preparers(index, plan, icbs.get(plan.value, []), links)
        derived += _draft_dates(index, plan, links)
        derived += _latest_drafts(plan, links)
    return derived


PART_OF = ox.NamedNode(str(JFPV.partOf))
Links = dict[str, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]]]


def _links(triples: Sequence[ox.Quad]) -> Links:
    """predicate -> subject key -> objects, for the predicates the derivations below read."""
    links: Links = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if t.predicate.value in _LINKS:
            links[t.predicate.value][_key(t.subject)].append(t.object)
    return links


def _objects(links: Links, subject: ox.NamedNode | ox.BlankNode | ox.Literal, predicate: str) -> list:
    return links.get(predicate, {}).get(_key(subject), []) if not isinstance(subject, ox.Literal) else []


def _parts(plan: ox.NamedNode, links: Links) -> list[ox.NamedNode | ox.BlankNode]:
    """Every node reached from the plan through its containment links: the parts of this edition."""
    seen: dict[str, ox.NamedNode | ox.BlankNode] = {}
    stack: list = [plan]
    while stack:
        node = stack.pop()
        for predicate in CONTAINMENT:
            for part in _objects(links, node, predicate):
                if not isinstance(part, ox.Literal) and _key(part) not in seen:
                    seen[_key(part)] = part
                    stack.append(part)
    return list(seen.values())


def _parts_of_other_editions(plan: ox.NamedNode, parts: list, links: Links) -> list[ox.Quad]:
    """Parts the plan's claims point at whose IRI is under another plan edition's (``jfpid:plan/{ICB}/{year}/``).

    A claim of the 2024 edition pointing at a section of the 2023 edition points at text the 2024 plan does not
    contain; the IRI pattern is the only thing that says so when the other edition is not in the run.
    """
    own = {_key(part) for part in parts}
    found: list[ox.Quad] = []
    for claim in _objects(links, plan, str(JFP.hasClaim)):
        for target in _objects(links, claim, str(JFP.addressedBy)):
            if (
                isinstance(target, ox.NamedNode)
                and target.value.startswith(_PLAN_IRI_PREFIX)
                and target.value[len(_PLAN_IRI_PREFIX) :].count("/") >= 2
                and not target.value.startswith(plan.value + "/")
                and target.value not in own
            ):
                found.append(ox.Quad(target, TYPE, ox.NamedNode(str(JFPV.PartOfAnotherEdition))))
    return found


def _days(literals: list) -> list[tuple[date, date]]:
    """The (first, last) day of each literal that is a valid plan date (``jfp_graph.dates``)."""
    found = []
    for literal in literals:
        if isinstance(literal, ox.Literal) and (days := dates.period(literal.value, literal.datatype.value)):
            found.append(days)
    return found


def _strategies_out_of_period(index: ContextIndex, plan: ox.NamedNode, links: Links) -> list[ox.Quad]:
    """JLHWSs whose stated period ends before the plan's period starts or starts after it ends.

    Only such a strategy relates to no part of the plan's period (JFP guidance 2022, section 4.1); one whose
    period is not stated is given the benefit of the doubt.
    """
    plan_starts = _days(_objects(links, plan, PERIOD_START))
    plan_ends = _days(_objects(links, plan, PERIOD_END))
    found: list[ox.Quad] = []
    for strategy, (starts, ends) in index.strategy_periods.items():
        ended_before = any(end[1] < start[0] for end in _days(ends) for start in plan_starts)
        starts_after = any(start[0] > end[1] for start in _days(starts) for end in plan_ends)
        if ended_before or starts_after:
            found.append(ox.Quad(ox.NamedNode(strategy), TYPE, ox.NamedNode(str(JFPV.StrategyOutOfPeriod))))
    return found


def _expected_preparers(index: ContextIndex, plan: ox.NamedNode, icbs: list[str], links: Links) -> list[ox.Quad]:
    """The plan's ICB and each partner trust of it (reference graph) that existed on the day it was prepared.

    NHS Act 2006 s.14Z52(1): the ICB and its partner trusts prepare the plan. A trust established after the
    plan was prepared, or dissolved on or before that day, is not expected; with no preparation date, all are.
    """
    prepared = [first for first, _ in _days(_objects(links, plan, CREATED))]
    expected = ox.NamedNode(str(JFPV.expectedPreparer))
    found: list[ox.Quad] = []
    for icb in icbs:
        for organisation in [icb, *index.partner_trusts.get(icb, [])]:
            established, dissolved = index.lifetimes.get(organisation, ([], []))
            if any(
                any(day[0] > on for day in _days(established)) or any(day[0] <= on for day in _days(dissolved))
                for on in prepared
            ):
                continue
            node = ox.NamedNode(organisation)
            found.append(ox.Quad(plan, expected, node))
            found += [ox.Quad(node, LABEL, label) for label in index.labels.get(organisation, [])]
    return found


def _draft_dates(index: ContextIndex, plan: ox.NamedNode, links: Links) -> list[ox.Quad]:
    """For each draft sent to a health and wellbeing board: the first day it can have been sent, and the last
    day the plan can have been prepared, so that a shape can tell a draft sent after the final plan."""
    prepared = [last for _, last in _days(_objects(links, plan, CREATED))]
    found: list[ox.Quad] = []
    for sharing in _objects(links, plan, str(JFP.hasDraftSharing)):
        if not any(_HWB in index.types.get(_key(o), ()) for o in _objects(links, sharing, str(JFP.sharedWith))):
            continue
        for first, _ in _days(_objects(links, sharing, str(JFP.sharedOn))):
            found.append(ox.Quad(sharing, ox.NamedNode(str(JFPV.draftSentFrom)), _date(first)))
            found += [ox.Quad(sharing, ox.NamedNode(str(JFPV.finalPlanBy)), _date(last)) for last in prepared]
    return found


def _latest_drafts(plan: ox.NamedNode, links: Links) -> list[ox.Quad]:
    """When the plan records a revised draft, its drafts that no other of its drafts revises."""
    drafts = _objects(links, plan, str(JFP.hasDraft))
    keys = {_key(d) for d in drafts}
    revised = {_key(r) for d in drafts for r in _objects(links, d, WAS_REVISION_OF) if _key(r) in keys}
    if not revised:
        return []
    latest = ox.NamedNode(str(JFPV.LatestDraft))
    return list(dict.fromkeys(ox.Quad(d, TYPE, latest) for d in drafts if _key(d) not in revised))


def _date(day: date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=_DATE)


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
