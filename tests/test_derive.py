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
    # The five-year period from the first financial year (NHS Act 2006 s.14Z52(1)); the first edition.
    f"""CONSTRUCT {{
  ?plan jfpv:expectedPeriodStart ?start ; jfpv:expectedPeriodEnd ?end ; jfpv:firstYearStart ?start ; a ?edition .
}}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; jfp:firstFinancialYear ?fy }}
  ?fy jfp:startYear ?year .
  FILTER(isNumeric(?year))
  BIND(xsd:date(CONCAT(STR(?year), "-04-01")) AS ?start)
  BIND(xsd:date(CONCAT(STR(?year + 5), "-03-31")) AS ?end)
  BIND(IF(?year = 2023, jfpv:FirstEdition, jfpv:LaterEdition) AS ?edition)
}}""",
    # Delegated specialised services, stated in the plan or the reference graph.
    f"""CONSTRUCT {{ ?plan a jfpv:PlanOfDelegatedICB }}
WHERE {{
  GRAPH <{PLAN_GRAPH}> {{ ?plan a jfp:JointForwardPlan ; jfp:forICB ?icb }}
  ?icb jfp:holdsDelegatedSpecialisedServices true .
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
            for t in store.query(PREFIXES + query.replace("SHAPE_CLASSES", classes), use_default_graph_as_union=True)
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
