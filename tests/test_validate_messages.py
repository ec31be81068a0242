"""What a finding says: the law from the statute graph (Acts by name, unconfirmed sections marked), names for
IRIs, the plan period as found, and report formats that carry statute, guidance and fix hint with each finding."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from test_shapes import violating_fixtures
from test_validate_support import BASE, EXAMPLES_DIR, FIXTURES, defect_copy, patched_copy, validator

from jfp_graph.iris import ID
from jfp_graph.namespaces import ELI, JFP
from jfp_graph.paths import DATA_DIR, ONTOLOGY_DIR
from jfp_graph.store import MEMORY, EmbeddedStore
from jfp_graph.validation import Severity, validate_paths
from jfp_graph.validation.formats import FORMATS
from jfp_graph.validation.messages import compose, label, value_label
from jfp_graph.validation.model import Requirement
from jfp_graph.validation.shapes import load_requirements

QRL24 = EXAMPLES_DIR / "plans" / "QRL-2024.ttl"
PLAN = BASE + "plan/QRL/2024"


# -- citations from the statute graph ------------------------------------------------------------------
SMALL_BASIS = (
    "NHS Act 2006 s.14Z52(2)(c), s.14Z55 (section unconfirmed); Domestic Abuse Act 2021 s.1 (section partly verified)"
)
SMALL_STATUTE = """
@prefix jfp: <https://w3id.org/jfp-graph/def#> .
@prefix jfpreq: <https://w3id.org/jfp-graph/id/requirement/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@base <http://www.legislation.gov.uk/id/> .

jfp:modality-must skos:prefLabel "must"@en ; jfp:shaclSeverity sh:Violation .
jfp:status-verified skos:prefLabel "verified"@en .
jfp:status-partly-verified skos:prefLabel "partly verified"@en .
jfp:status-unconfirmed skos:prefLabel "unconfirmed"@en .

<ukpga/2006/41> a jfp:Act ; dcterms:title "National Health Service Act 2006"@en-GB ;
    skos:altLabel "NHS Act 2006"@en-GB .
<ukpga/2021/17> a jfp:Act ; dcterms:title "Domestic Abuse Act 2021"@en-GB .
<ukpga/2006/41/section/14Z52> eli:is_part_of <ukpga/2006/41> ; jfp:sectionNumber "14Z52" ;
    jfp:confirmationStatus jfp:status-verified .
<ukpga/2006/41/section/14Z52/2> eli:is_part_of <ukpga/2006/41/section/14Z52> ; jfp:sectionNumber "14Z52(2)" ;
    jfp:confirmationStatus jfp:status-verified .
<ukpga/2006/41/section/14Z52/2/c> eli:is_part_of <ukpga/2006/41/section/14Z52/2> ;
    jfp:sectionNumber "14Z52(2)(c)" ; jfp:confirmationStatus jfp:status-verified ;
    dcterms:bibliographicCitation "National Health Service Act 2006, s.14Z52(2)(c)" .
<ukpga/2006/41/section/14Z55> eli:is_part_of <ukpga/2006/41> ; jfp:sectionNumber "14Z55" ;
    jfp:confirmationStatus jfp:status-unconfirmed .
<ukpga/2021/17/section/1> eli:is_part_of <ukpga/2021/17> ; jfp:sectionNumber "1" ;
    jfp:confirmationStatus jfp:status-partly-verified .

jfpreq:example a jfp:StatutoryRequirement ; skos:notation "example" ; skos:prefLabel "An example"@en-GB ;
    jfp:modality jfp:modality-must ;
    jfp:legalBasis <ukpga/2006/41/section/14Z52/2/c>, <ukpga/2006/41/section/14Z55>, <ukpga/2021/17/section/1> .
"""


def small_requirement() -> Requirement:
    store = EmbeddedStore(MEMORY)
    quads = ox.parse(SMALL_STATUTE.encode(), format=ox.RdfFormat.TURTLE)
    store.write_graph(BASE + "graph/statute", [ox.Quad(q.subject, q.predicate, q.object) for q in quads])
    (requirement,) = load_requirements(store).values()
    return requirement


def test_a_citation_names_the_act_and_marks_each_section_not_verified():
    requirement = small_requirement()
    # The Act's short name where the statute graph gives one (skos:altLabel), else its title; a section's
    # number as the statute graph writes it; the sections of one Act cited together.
    assert requirement.statute == SMALL_BASIS
    assert [c.text for c in requirement.legal_basis] == [
        "NHS Act 2006 s.14Z52(2)(c)",
        "NHS Act 2006 s.14Z55 (section unconfirmed)",
        "Domestic Abuse Act 2021 s.1 (section partly verified)",
    ]
    assert requirement.legal_basis[0].label == "National Health Service Act 2006, s.14Z52(2)(c)"


@pytest.fixture(scope="module")
def statute() -> Graph:
    graph = Graph().parse(DATA_DIR / "statute.ttl")
    return graph.parse(ONTOLOGY_DIR / "schemes.ttl")


def _act_of(graph: Graph, section: URIRef) -> URIRef:
    node = section
    while (node, RDF.type, JFP.Act) not in graph:
        node = graph.value(node, ELI.is_part_of)
    return node


def test_every_legal_basis_is_cited_from_the_statute_graph(statute):
    """Each section each requirement rests on, read here from the statute graph with rdflib, as the
    messages cite it."""
    verified = URIRef(JFP + "status-verified")
    for requirement in validator().context.requirements.values():
        assert requirement.legal_basis, requirement.slug
        for citation in requirement.legal_basis:
            section = URIRef(citation.iri)
            act = _act_of(statute, section)
            name = statute.value(act, SKOS.altLabel) or statute.value(act, DCTERMS.title)  # the short name if any
            expected = f"{name} s.{statute.value(section, JFP.sectionNumber)}"
            status = statute.value(section, JFP.confirmationStatus)
            if status != verified:
                expected += f" (section {statute.value(status, SKOS.prefLabel)})"
            assert citation.text == expected, requirement.slug


def test_every_finding_cites_its_legal_basis_once(tmp_path):
    """Every shape's violating fixture: the message ends with the legal basis from the statute graph, and no
    other section is cited in it (a citation written into a shape's message is left out)."""
    for number, (shape, (base, update, _)) in enumerate(sorted(violating_fixtures().items())):
        folder = tmp_path / str(number)
        folder.mkdir()
        (plan,) = validate_paths([patched_copy(base, update, folder)], validator=validator()).plans
        assert plan.findings, shape
        for finding in plan.findings:
            sentence, basis = finding.message.split(" Legal basis: ")
            assert basis == finding.requirement.statute + ".", shape
            assert not re.search(r"\bss?\.\s?\d", sentence), finding.message
            assert "{focus}" not in sentence and "{value}" not in sentence


def test_a_written_citation_gives_way_to_the_statute_graph():
    requirement = small_requirement()
    statute = SMALL_BASIS
    assert compose(
        "No step implements the strategy of {focus} (NHS Act 2006 s.14Z52(2)(c)).", requirement, "Surrey", None
    ) == (f"No step implements the strategy of Surrey. Legal basis: {statute}.")
    assert compose("The plan omits duties (NHS Act 2006 ss.223GB to 223N)", requirement, "x", None) == (
        f"The plan omits duties. Legal basis: {statute}."
    )
    # A guidance reference is not a section of an Act, and stays.
    assert compose("No part covers workforce (recommended content, Table 2).", requirement, "x", None) == (
        f"No part covers workforce (recommended content, Table 2). Legal basis: {statute}."
    )
    assert compose("{focus} names {value}", requirement, "The plan", "Surrey Heartlands") == (
        f"The plan names Surrey Heartlands. Legal basis: {statute}."
    )


# -- names for IRIs ------------------------------------------------------------------------------------
def test_iris_are_shown_by_label_or_as_compact_iris():
    labels = {ID + "hwb/E10000030": "Surrey Health and Wellbeing Board"}
    assert label(labels, ID + "hwb/E10000030") == "Surrey Health and Wellbeing Board"
    assert label(labels, ID + "plan/QRL/2024/view/3") == "jfpid:plan/QRL/2024/view/3"
    assert label(labels, "https://example.org/x") == "https://example.org/x"
    assert value_label(labels, ox.NamedNode(ID + "hwb/E10000030")) == "Surrey Health and Wellbeing Board"
    assert value_label(labels, ox.Literal("2028-03-31", datatype=ox.NamedNode(BASE + "x"))) == "2028-03-31"
    assert value_label(labels, None) is None


def test_a_value_that_is_an_iri_is_shown_by_its_label(tmp_path):
    update = f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ <{PLAN}> jfp:firstFinancialYear ?fy }} INSERT {{ <{PLAN}> jfp:firstFinancialYear <{BASE}icb/QRL> }}
        WHERE {{ <{PLAN}> jfp:firstFinancialYear ?fy }}"""
    run = validate_paths([patched_copy(QRL24, update, tmp_path)], validator=validator())
    found = {(f.value, f.value_label) for f in run.plans[0].findings if f.value}
    name = "NHS Hampshire and Isle of Wight Integrated Care Board"
    assert (BASE + "icb/QRL", name) in found
    assert f"(found: {name})" in FORMATS["text"](run, Severity.VIOLATION)
    document = json.loads(FORMATS["json"](run, Severity.VIOLATION))
    assert name in {f["valueLabel"] for f in document["plans"][0]["findings"]}


# -- the plan period as found ------------------------------------------------------------------------------
def _period(tmp_path, predicate: str, day: str) -> list[tuple[str, str | None, str]]:
    update = f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        DELETE {{ <{PLAN}> jfp:{predicate} ?d }} INSERT {{ <{PLAN}> jfp:{predicate} "{day}"^^xsd:date }}
        WHERE {{ <{PLAN}> jfp:{predicate} ?d }}"""
    run = validate_paths([patched_copy(QRL24, update, tmp_path)], validator=validator())
    return [(f.requirement.slug, f.value, f.message.split(" Legal basis: ")[0]) for f in run.plans[0].findings]


def test_a_six_year_plan_is_told_how_many_years_it_covers(tmp_path):
    assert _period(tmp_path, "periodEnd", "2030-03-31") == [
        (
            "five-year-period",
            "2030-03-31",
            "The plan covers 6 financial years (2024/25 to 2029/30); it must cover 5 (2024/25 to 2028/29), "
            "ending on 31 March 2029.",
        )
    ]


def test_a_period_ending_before_it_starts_says_so(tmp_path):
    assert _period(tmp_path, "periodEnd", "2024-03-31") == [
        ("five-year-period", "2024-03-31", "The plan period ends on 31 March 2024, before it starts on 1 April 2024.")
    ]


def test_a_period_starting_on_another_day_says_which(tmp_path):
    assert _period(tmp_path, "periodStart", "2024-04-02") == [
        ("five-year-period", "2024-04-02", "The plan period starts on 2 April 2024; it must start on 1 April 2024.")
    ]


# -- report formats carry the law, the guidance and the fix with each finding --------------------------------
@pytest.fixture(scope="module")
def opinion_run(tmp_path_factory):
    return validate_paths(
        [defect_copy("must-no-opinion-hwb", tmp_path_factory.mktemp("opinion"))], validator=validator()
    )


def test_json_findings_carry_statute_guidance_and_fix(opinion_run):
    document = json.loads(FORMATS["json"](opinion_run, Severity.VIOLATION))
    (finding,) = document["plans"][0]["findings"]
    requirement = opinion_run.plans[0].findings[0].requirement
    assert finding["statute"] == requirement.statute
    assert "s.14Z55 (section unconfirmed)" in finding["statute"]
    assert finding["guidance"] == {"iri": requirement.guidance.iri, "label": requirement.guidance.label}
    assert finding["fixHint"] == requirement.fix_hint != ""
    unconfirmed = [c for c in finding["legalBasis"] if c["confirmation"] == "unconfirmed"]
    assert [c["citation"] for c in unconfirmed] == ["NHS Act 2006 s.14Z55 (section unconfirmed)"]
    (rule,) = [r for r in document["requirements"] if r["id"] == "hwb-opinion-statement"]
    assert {k: rule[k] for k in ("statute", "legalBasis", "guidance", "fixHint")} == {
        k: finding[k] for k in ("statute", "legalBasis", "guidance", "fixHint")
    }


def test_sarif_results_and_rules_carry_statute_guidance_and_fix(opinion_run):
    log = json.loads(FORMATS["sarif"](opinion_run, Severity.VIOLATION))
    schema = json.loads((FIXTURES / "sarif-2.1.0-rtm.5.schema.json").read_text())
    jsonschema.validate(log, schema, format_checker=jsonschema.FormatChecker())
    (run,) = log["runs"]
    (result,) = run["results"]
    requirement = opinion_run.plans[0].findings[0].requirement
    assert result["properties"]["statute"] == requirement.statute
    assert result["properties"]["guidance"] == requirement.guidance.label
    assert result["properties"]["fixHint"] == requirement.fix_hint
    help_text = run["tool"]["driver"]["rules"][result["ruleIndex"]]["help"]["text"]
    assert help_text == (
        f"{requirement.fix_hint}\nStatute: {requirement.statute}.\nGuidance: {requirement.guidance.label}."
    )


def test_junit_failures_carry_statute_guidance_and_fix(opinion_run):
    root = ET.fromstring(FORMATS["junit"](opinion_run, Severity.VIOLATION))
    (failure,) = root.iter("failure")
    requirement = opinion_run.plans[0].findings[0].requirement
    assert failure.text.splitlines() == [
        opinion_run.plans[0].findings[0].message,
        f"statute: {requirement.statute}",
        f"guidance: {requirement.guidance.label}",
        f"fix: {requirement.fix_hint}",
    ]
