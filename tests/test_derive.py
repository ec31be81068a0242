"""Derived plan facts: the Python derivation gives exactly what these SPARQL CONSTRUCT queries specify.

The queries are the specification (they read as the definitions in ``jfp_graph.validation.derive``); they
run here over a scratch copy of each plan in the validation context's own store.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from test_validate_support import EXAMPLE_PLANS, EXAMPLES_DIR, validator

from jfp_graph.layout import ONTOLOGY_GRAPH, REFERENCE_GRAPH, STATUTE_GRAPH
from jfp_graph.validation.context import SUPPORTING_GRAPH
from jfp_graph.validation.derive import derive
from jfp_graph.validation.inputs import read_document

PLAN_GRAPH = "urn:jfp-graph:test:plan"
INTEGER_TYPES = ", ".join(
    f"xsd:{name}"
    for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "unsignedLong",
                 "unsignedInt", "unsignedShort", "unsignedByte")
)  # fmt: skip
PREFIXES = """
PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpv: <https://w3id.org/jfp-graph/def/validation#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
CONTAINMENT = (
    "(jfp:hasSection|jfp:hasObjective|jfp:hasStep|jfp:hasMetric|jfp:hasMilestone|jfp:hasTrajectory"
    "|jfp:hasPriorityPathway|jfp:hasViewsSummary|jfp:hasOpinionStatement)+"
)
SPECIFICATION = [
    # Class membership by the ontology's hierarchy, in the classes the shapes mention, with a label, for
    # every IRI the plan names.
    f"""CONSTRUCT {{ ?n ?a ?super ; rdfs:label ?label }}
WHERE {{
  {{ SELECT DISTINCT ?n WHERE {{ GRAPH <{PLAN_GRAPH}> {{ {{ ?n ?p ?o }} UNION {{ ?s ?p ?n }} }} FILTER(isIRI(?n)) }} }}
  GRAPH ?g {{ ?n a ?type }}
  FILTER(?g != <{ONTOLOGY_GRAPH}> && ?g != <{STATUTE_GRAPH}>)
  ?type rdfs:subClassOf* ?super .
  OPTIONAL {{ ?n rdfs:label ?l }}
  OPTIONAL {{ ?n dcterms:title ?t }}
  BIND(COALESCE(?l, ?t) AS ?label)
  OPTIONAL {{ VALUES ?shape_class {{ SHAPE_CLASSES }} FILTER(?super = ?shape_class) BIND(rdf:type AS ?a) }}
}}""",
    # The five-year period from the first financial year (NHS Act 2006 s.14Z52(1)).
    f"""CONSTRUCT {{
  ?plan jfpv:expectedPeriodStart ?start ; jfpv:expectedPeriodEnd ?end ; jfpv:firstYearStart ?start .
}}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; jfp:firstFinancialYear ?fy }}
  ?fy jfp:startYear ?year .
  FILTER(isNumeric(?year))
  BIND(xsd:date(CONCAT(STR(?year), "-04-01")) AS ?start)
  BIND(xsd:date(CONCAT(STR(?year + 5), "-03-31")) AS ?end)
}}""",
    # First or later edition: a later edition's ICB, established before the year before began, had to prepare
    # an edition for that year (it has edition dates in the statute graph); the dates set for the plan's year.
    f"""CONSTRUCT {{
  ?plan a ?edition ; jfpv:previousEditionYear ?prev ; jfpv:publishBy ?publish ; jfpv:shareBy ?share .
}}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; jfp:firstFinancialYear ?fy }}
  ?fy jfp:startYear ?year .
  FILTER(DATATYPE(?year) IN (INTEGER_TYPES) && ?year >= 1 && ?year <= 9999)
  OPTIONAL {{
    GRAPH ?reference {{ ?prev jfp:startYear ?py }}
    FILTER(?reference != <{PLAN_GRAPH}> && DATATYPE(?py) IN (INTEGER_TYPES) && ?py = ?year - 1)
    ?dates jfp:datesForYear ?prev .
    GRAPH <{PLAN_GRAPH}> {{ ?plan jfp:forICB ?icb }}
    ?icb jfp:establishedOn ?established .
    FILTER(DATATYPE(?established) = xsd:date && ?established < xsd:date(CONCAT(STR(?py), "-04-01")))
  }}
  OPTIONAL {{ ?publishing jfp:datesForYear ?fy ; jfp:publishBy ?publish }}
  OPTIONAL {{ ?sharing jfp:datesForYear ?fy ; jfp:shareBy ?share }}
  BIND(IF(BOUND(?prev), jfpv:LaterEdition, jfpv:FirstEdition) AS ?edition)
}}""",
    # Consultation is due unless a later edition says its review only confirmed or updated the plan.
    f"""CONSTRUCT {{ ?plan jfpv:consultationDue true }}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan }}
  FILTER NOT EXISTS {{
    GRAPH <{PLAN_GRAPH}> {{ ?plan jfp:firstFinancialYear ?fy ; jfp:forICB ?icb ; jfp:reviewOutcome ?any }}
    ?fy jfp:startYear ?year .
    FILTER(DATATYPE(?year) IN (INTEGER_TYPES) && ?year >= 1 && ?year <= 9999)
    GRAPH ?reference {{ ?prev jfp:startYear ?py }}
    FILTER(?reference != <{PLAN_GRAPH}> && DATATYPE(?py) IN (INTEGER_TYPES) && ?py = ?year - 1)
    ?dates jfp:datesForYear ?prev .
    ?icb jfp:establishedOn ?established .
    FILTER(DATATYPE(?established) = xsd:date && ?established < xsd:date(CONCAT(STR(?py), "-04-01")))
    FILTER NOT EXISTS {{
      GRAPH <{PLAN_GRAPH}> {{ ?plan jfp:reviewOutcome ?outcome }}
      FILTER(?outcome NOT IN (jfp:review-confirmed, jfp:review-updated))
    }}
  }}
}}""",
    # The last day each due date covers (a day, a month, a year, a financial year), and the period's start.
    f"""CONSTRUCT {{ ?part jfpv:planPeriodStart ?start ; jfpv:dueBy ?by }}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?part jfp:dueDate ?due . ?plan a jfp:JointForwardPlan }}
  OPTIONAL {{
    GRAPH <{PLAN_GRAPH}> {{ ?plan jfp:firstFinancialYear ?fy }}
    ?fy jfp:startYear ?year .
    FILTER(isNumeric(?year))
    BIND(xsd:date(CONCAT(STR(?year), "-04-01")) AS ?start)
  }}
  BIND(STR(?due) AS ?text)
  BIND(DATATYPE(?due) AS ?type)
  BIND(xsd:integer(SUBSTR(?text, 1, 4)) AS ?y)
  BIND(xsd:integer(SUBSTR(?text, 6, 2)) AS ?m)
  BIND(IF(?m = 12, CONCAT(STR(?y + 1), "-01"), CONCAT(STR(?y), IF(?m < 9, "-0", "-"), STR(?m + 1))) AS ?next)
  BIND(
    IF(?type = xsd:date && REGEX(?text, "^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$"), xsd:date(?text),
    IF(?type = xsd:gYearMonth && REGEX(?text, "^[0-9]{{4}}-[0-9]{{2}}$") && ?m >= 1 && ?m <= 12,
       xsd:date(CONCAT(?next, "-01")) - "P1D"^^xsd:dayTimeDuration,
    IF(?type = xsd:gYear && REGEX(?text, "^[0-9]{{4}}$"), xsd:date(CONCAT(?text, "-12-31")),
    IF(?type = jfp:financialYear && REGEX(?text, "^[0-9]{{4}}/[0-9]{{2}}$")
       && ?m = (?y + 1) - 100 * FLOOR((?y + 1) / 100),
       xsd:date(CONCAT(STR(?y + 1), "-03-31")), ?none)))) AS ?by)
}}""",
    # Delegated specialised services, stated in the plan or the reference graph, or delegated to the ICBs of the
    # ICB's region by the start of the plan's first financial year.
    f"""CONSTRUCT {{ ?plan a jfpv:PlanOfDelegatedICB }}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; jfp:forICB ?icb }}
  {{ ?icb jfp:holdsDelegatedSpecialisedServices true }}
  UNION
  {{
    GRAPH <{PLAN_GRAPH}> {{ ?plan jfp:firstFinancialYear ?fy }}
    ?fy jfp:startYear ?year .
    FILTER(isNumeric(?year))
    ?icb jfp:nhsEnglandRegion ?region .
    ?delegation jfp:delegationRegion ?region ; jfp:delegatedToICBs true ; jfp:delegationStarts ?from .
    FILTER(DATATYPE(?from) = xsd:date && ?from <= xsd:date(CONCAT(STR(?year), "-04-01")))
  }}
}}""",
    # The JLHWSs of the supporting documents, their HWBs and priorities.
    f"""CONSTRUCT {{ ?j a jfp:JointLocalHealthAndWellbeingStrategy ; jfp:publishedThrough ?hwb ; jfp:hasPriority ?p }}
WHERE {{
  GRAPH ?g {{
    ?j a jfp:JointLocalHealthAndWellbeingStrategy ; jfp:publishedThrough ?hwb
    OPTIONAL {{ ?j jfp:hasPriority ?p }}
  }}
  FILTER(STRSTARTS(STR(?g), "{SUPPORTING_GRAPH}"))
}}""",
    # The parts of each plan edition: what its containment links reach.
    f"""CONSTRUCT {{ ?part jfpv:partOf ?plan }}
WHERE {{ GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; {CONTAINMENT} ?part FILTER(!isLiteral(?part)) }} }}""",
    # Parts the plan's claims point at that another edition's IRIs name.
    f"""CONSTRUCT {{ ?x a jfpv:PartOfAnotherEdition }}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{
    ?plan a jfp:JointForwardPlan ; jfp:hasClaim/jfp:addressedBy ?x .
    FILTER NOT EXISTS {{ ?plan {CONTAINMENT} ?x }}
  }}
  FILTER(isIRI(?x) && REGEX(STR(?x), "^https://w3id[.]org/jfp-graph/id/plan/[^/]*/[^/]*/")
         && !STRSTARTS(STR(?x), CONCAT(STR(?plan), "/")))
}}""",
    # JLHWSs of the supporting documents whose period ends before the plan's starts or starts after it ends
    # (the examples write days; jfp_graph.dates reads a month, year or financial year by the days it covers).
    f"""CONSTRUCT {{ ?j a jfpv:StrategyOutOfPeriod }}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan }}
  GRAPH ?g {{ ?j a jfp:JointLocalHealthAndWellbeingStrategy ; jfp:publishedThrough ?hwb }}
  FILTER(STRSTARTS(STR(?g), "{SUPPORTING_GRAPH}"))
  {{ GRAPH ?g2 {{ ?j jfp:periodEnd ?end }} GRAPH <{PLAN_GRAPH}> {{ ?plan jfp:periodStart ?start }}
     FILTER(STRSTARTS(STR(?g2), "{SUPPORTING_GRAPH}") && ?end < ?start) }}
  UNION
  {{ GRAPH ?g2 {{ ?j jfp:periodStart ?start }} GRAPH <{PLAN_GRAPH}> {{ ?plan jfp:periodEnd ?end }}
     FILTER(STRSTARTS(STR(?g2), "{SUPPORTING_GRAPH}") && ?start > ?end) }}
}}""",
    # The organisations that must prepare the plan: its ICB and each partner trust existing when it was prepared.
    f"""CONSTRUCT {{ ?plan jfpv:expectedPreparer ?org . ?org rdfs:label ?label }}
WHERE {{
  {{ GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; jfp:forICB ?org }} }}
  UNION
  {{ GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; jfp:forICB ?icb }}
     GRAPH <{REFERENCE_GRAPH}> {{ ?icb jfp:partnerTrust ?org }} }}
  FILTER NOT EXISTS {{
    GRAPH <{PLAN_GRAPH}> {{ ?plan dcterms:created ?on }} GRAPH <{REFERENCE_GRAPH}> {{ ?org jfp:establishedOn ?from }}
    FILTER(?from > ?on)
  }}
  FILTER NOT EXISTS {{
    GRAPH <{PLAN_GRAPH}> {{ ?plan dcterms:created ?on }} GRAPH <{REFERENCE_GRAPH}> {{ ?org jfp:dissolvedOn ?until }}
    FILTER(?until <= ?on)
  }}
  OPTIONAL {{ ?org rdfs:label ?label }}
}}""",
    # For each draft sent to a health and wellbeing board: when it was sent and by when the plan was prepared.
    f"""CONSTRUCT {{ ?sharing jfpv:draftSentFrom ?sent ; jfpv:finalPlanBy ?prepared }}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{
    ?plan a jfp:JointForwardPlan ; jfp:hasDraftSharing ?sharing .
    ?sharing jfp:sharedWith ?hwb ; jfp:sharedOn ?sent .
    OPTIONAL {{ ?plan dcterms:created ?prepared }}
  }}
  GRAPH <{REFERENCE_GRAPH}> {{ ?hwb a jfp:HealthAndWellbeingBoard }}
}}""",
    # When the plan records a revised draft, its drafts that no other of its drafts revises.
    f"""CONSTRUCT {{ ?draft a jfpv:LatestDraft }}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{
    ?plan a jfp:JointForwardPlan ; jfp:hasDraft ?draft .
    FILTER EXISTS {{ ?plan jfp:hasDraft ?revision , ?revised . ?revision prov:wasRevisionOf ?revised }}
    FILTER NOT EXISTS {{ ?plan jfp:hasDraft ?later . ?later prov:wasRevisionOf ?draft }}
  }}
}}""",
]


def specified(triples: list[ox.Quad]) -> set[ox.Quad]:
    store = validator().context.store._store
    classes = " ".join(f"<{iri}>" for iri in sorted(validator().context.shapes.iris))
    scratch = ox.NamedNode(PLAN_GRAPH)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, scratch) for t in triples)
    try:
        return {
            ox.Quad(t.subject, t.predicate, t.object)
            for query in SPECIFICATION
            for t in store.query(
                PREFIXES + query.replace("SHAPE_CLASSES", classes).replace("INTEGER_TYPES", INTEGER_TYPES),
                use_default_graph_as_union=True,
            )
        }
    finally:
        store.remove_graph(scratch)


def plan_triples(path: Path) -> list[ox.Quad]:
    return read_document(path).quads


def check_folder(plans: list[Path], strategies: list[Path]) -> int:
    context = validator().context
    for path in strategies:
        context.add_supporting(read_document(path).quads)
    try:
        for path in plans:
            triples = plan_triples(path)
            derived = derive(context.index, triples)
            assert set(derived) == specified(triples), path.name
        return len(plans)
    finally:
        context.clear_supporting()


def test_derivation_matches_the_specification_on_the_examples():
    strategies = sorted((EXAMPLES_DIR / "strategies").glob("*.ttl"))
    assert check_folder(EXAMPLE_PLANS, strategies) == 3


def test_derivation_matches_the_specification_on_a_synthetic_national_graph(synthetic_national):
    plans = sorted((synthetic_national / "plans").glob("*.ttl"))
    assert check_folder(plans, sorted((synthetic_national / "strategies").glob("*.ttl"))) == 42


PLAN = "https://w3id.org/jfp-graph/id/plan/QRL/2030"
FY = "https://w3id.org/jfp-graph/id/fy/test"


@pytest.mark.parametrize(
    "year",
    ['"2023"^^xsd:integer', '"2030"^^xsd:int', '"2023.0"^^xsd:decimal', '"2.023E3"^^xsd:double', '"2023.5"',
     '"twenty"^^xsd:integer', '"2030"', '"+2030"^^xsd:integer', '"20300"^^xsd:integer', '"-4"^^xsd:integer',
     '"INF"^^xsd:double', '"NaN"^^xsd:double', "<urn:year>"],
)  # fmt: skip
def test_derivation_matches_the_specification_on_unusual_years(year):
    text = f"""
@prefix jfp: <https://w3id.org/jfp-graph/def#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{PLAN}> a jfp:JointForwardPlan ; jfp:firstFinancialYear <{FY}> ; jfp:forICB <https://w3id.org/jfp-graph/id/icb/QRL> .
<{FY}> jfp:startYear {year} .
<https://w3id.org/jfp-graph/id/icb/QRL> jfp:holdsDelegatedSpecialisedServices true .
"""
    triples = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
    triples = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    derived = derive(validator().context.index, triples)
    assert set(derived) == specified(triples)
    assert ox.Quad(
        ox.NamedNode(PLAN),
        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/jfp-graph/def/validation#PlanOfDelegatedICB"),
    ) in set(derived)


@pytest.mark.parametrize(
    ("due", "by"),
    [('"2024-03-31"^^xsd:date', "2024-03-31"), ('"2024-03"^^xsd:gYearMonth', "2024-03-31"),
     ('"2024-02"^^xsd:gYearMonth', "2024-02-29"), ('"2024-12"^^xsd:gYearMonth', "2024-12-31"),
     ('"2025"^^xsd:gYear', "2025-12-31"), ('"2024/25"^^jfp:financialYear', "2025-03-31"),
     ('"2099/00"^^jfp:financialYear', "2100-03-31"), ('"March 2024"^^xsd:date', None),
     ('"2024-03-28T00:00:00"^^xsd:date', None), ('"2024-02-30"^^xsd:date', None), ('"2024-13"^^xsd:gYearMonth', None),
     ('"2024-00"^^xsd:gYearMonth', None), ('"2024/26"^^jfp:financialYear', None), ('"2024-03-31"', None),
     ("<urn:date>", None)],
)  # fmt: skip
def test_due_dates_are_read_at_their_precision_as_specified(due, by):
    text = f"""
@prefix jfp: <https://w3id.org/jfp-graph/def#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{PLAN}> a jfp:JointForwardPlan ; jfp:firstFinancialYear <https://w3id.org/jfp-graph/id/fy/2024-25> ;
    jfp:forICB <https://w3id.org/jfp-graph/id/icb/QRL> ; jfp:hasObjective <{PLAN}/objective/1> .
<{PLAN}/objective/1> jfp:hasMilestone <{PLAN}/milestone/1> .
<{PLAN}/milestone/1> a jfp:Milestone ; jfp:dueDate {due} .
"""
    triples = [ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    derived = derive(validator().context.index, triples)
    assert set(derived) == specified(triples)
    due_by = [q.object.value for q in derived if q.predicate.value.endswith("validation#dueBy")]
    assert due_by == ([by] if by else [])
