"""Editions: a first edition is not reviewed, a later one says how its review ended, consultation is due only
for a first edition or a significant revision, each year's dates are data, and the Appendix 1 links are read.

Each test is one case, on a patched copy of an example plan validated with its strategies.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import sentence
from rdflib import Graph, Literal, Namespace, URIRef
from test_validate_support import BASE, EXAMPLES_DIR, patched_copy, validator

from jfp_graph.namespaces import JFPV
from jfp_graph.paths import DATA_DIR
from jfp_graph.scaffold import scaffold
from jfp_graph.validation import validate_paths
from jfp_graph.validation.derive import derive
from jfp_graph.validation.inputs import read_document

PLANS = EXAMPLES_DIR / "plans"
STRATEGIES = EXAMPLES_DIR / "strategies"
QRL23, QRL24 = BASE + "plan/QRL/2023", BASE + "plan/QRL/2024"
JFP = Namespace("https://w3id.org/jfp-graph/def#")
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
PUBLISHED_LATE = "The plan was published after the date set for its financial year's edition."
FIRST_PUBLISHED_LATE = (
    "The first edition of the plan was published after the date NHS England set for it (30 June 2023 for 2023/24)."
)
PREFIXES = """PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def findings(tmp_path: Path, update: str, base: str = "QRL-2024.ttl") -> list[tuple[str, str, str]]:
    """(severity, requirement, message) of every finding on the example plan ``base`` patched with ``update``."""
    plan_file = patched_copy(PLANS / base, PREFIXES + update, tmp_path)
    run = validate_paths([plan_file, STRATEGIES], validator=validator())
    assert run.errors == []
    (report,) = run.plans
    return sorted((f.severity.label, f.requirement.slug, sentence(f)) for f in report.findings)


def test_a_first_edition_is_not_asked_for_an_annual_review(tmp_path):
    # The 2023 example claims nothing about a review any more: a first edition has no earlier edition to review.
    no_claim = f"""DELETE {{ <{QRL23}> jfp:hasClaim ?c . ?c ?p ?o }}
                   WHERE {{ ?c jfp:addressesRequirement <{BASE}requirement/annual-review> ; ?p ?o }}"""
    assert findings(tmp_path, no_claim, "QRL-2023.ttl") == []
    text = scaffold("QRL", 2023, validator().context)
    path = tmp_path / "QRL-2023.yaml"
    path.write_text(text, encoding="utf-8")
    (plan,) = validate_paths([path], validator=validator()).plans
    assert "annual-review" not in {f.requirement.slug for f in plan.findings}


def test_a_later_edition_that_does_not_say_how_its_review_ended(tmp_path):
    assert findings(tmp_path, f"DELETE WHERE {{ <{QRL24}> jfp:reviewOutcome ?o }}") == [
        ("violation", "annual-review", "The plan does not say how its annual review ended: the previous edition "
         "confirmed, updated, or significantly revised (jfp:reviewOutcome)."),
    ]  # fmt: skip


def test_removing_delivers_hasregardto_reflects_and_wasrevisionof_from_a_2024_edition(tmp_path):
    links = "jfp:delivers ?a ; jfp:hasRegardTo ?b ; jfp:reflects ?c ; prov:wasRevisionOf ?d"
    removed = f"DELETE {{ <{QRL24}> {links} }} WHERE {{ <{QRL24}> {links} }}"
    boards = ["Hampshire", "Isle of Wight", "Portsmouth", "Southampton"]
    assert findings(tmp_path, removed) == sorted(
        [
            ("warning", "appendix-1-links", "The plan does not name the NHS mandate, Long Term Plan or planning "
             "guidance it reflects (jfp:reflects)."),
            ("warning", "appendix-1-links", "The plan does not name the integrated care strategy it delivers "
             "(jfp:delivers)."),
            ("warning", "appendix-1-links", "The plan does not name the previous edition it revises or confirms "
             "(prov:wasRevisionOf)."),
        ]
        + [("warning", "appendix-1-links", f"The plan does not name the joint strategic needs assessment of {board} "
            "Health and Wellbeing Board among those it has regard to (jfp:hasRegardTo).") for board in boards]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("link", "message"),
    [("jfp:delivers", "The plan does not name the integrated care strategy it delivers (jfp:delivers)."),
     ("jfp:reflects", "The plan does not name the NHS mandate, Long Term Plan or planning guidance it reflects "
                      "(jfp:reflects)."),
     ("prov:wasRevisionOf", "The plan does not name the previous edition it revises or confirms "
                            "(prov:wasRevisionOf).")],
)  # fmt: skip
def test_each_appendix_1_link_removed_alone_is_a_finding(link, message, tmp_path):
    assert findings(tmp_path, f"DELETE WHERE {{ <{QRL24}> {link} ?o }}") == [("warning", "appendix-1-links", message)]


def test_a_2024_25_edition_published_in_february_2026(tmp_path):
    late = f"""DELETE {{ <{QRL24}> dcterms:issued ?d }} INSERT {{ <{QRL24}> dcterms:issued "2026-02-16"^^xsd:date }}
               WHERE {{ <{QRL24}> dcterms:issued ?d }}"""
    assert findings(tmp_path, late) == [
        ("warning", "later-edition-dates", PUBLISHED_LATE),
    ]


def test_a_first_edition_published_after_30_june_2023(tmp_path):
    late = f"""DELETE {{ <{QRL23}> dcterms:issued ?d }} INSERT {{ <{QRL23}> dcterms:issued "2023-07-01"^^xsd:date }}
               WHERE {{ <{QRL23}> dcterms:issued ?d }}"""
    assert findings(tmp_path, late, "QRL-2023.ttl") == [
        ("warning", "first-edition-dates", FIRST_PUBLISHED_LATE),
    ]


# Everything the first plan's consultation and HWB involvement leave in a plan.
NO_CONSULTATION = f"""
DELETE {{ <{QRL24}> jfp:hasConsultation ?c ; jfp:hasViewsSummary ?v ; jfp:hasDraftSharing ?d ;
                    jfp:hasOpinionStatement ?o . ?d ?dp ?do . ?o ?op ?oo }}
WHERE {{ <{QRL24}> jfp:hasConsultation ?c ; jfp:hasViewsSummary ?v ; jfp:hasDraftSharing ?d ;
                   jfp:hasOpinionStatement ?o . ?d ?dp ?do . ?o ?op ?oo }}"""


@pytest.mark.parametrize("outcome", ["review-confirmed", "review-updated"])
def test_a_confirmed_or_updated_edition_needs_no_consultation_drafts_or_opinions(outcome, tmp_path):
    replaced = f"""DELETE {{ <{QRL24}> jfp:reviewOutcome ?o }} INSERT {{ <{QRL24}> jfp:reviewOutcome jfp:{outcome} }}
                   WHERE {{ <{QRL24}> jfp:reviewOutcome ?o }} ;"""
    update = replaced + NO_CONSULTATION
    # The draft shared with the ICP and NHS England goes too; that recommendation is not about consultation.
    # Claims that pointed at the removed consultation and sharing now dangle (evidence-resolves).
    assert {slug for _, slug, _ in findings(tmp_path, update)} == {"draft-shared-icp-nhse", "evidence-resolves"}


def test_a_significant_revision_needs_consultation_drafts_and_opinions(tmp_path):
    assert {slug for _, slug, _ in findings(tmp_path, NO_CONSULTATION)} == {
        "consultation", "views-summary", "underserved-views", "condition-communities-consulted", "hwb-draft-shared",
        "hwb-opinion-statement", "draft-shared-icp-nhse", "evidence-resolves",
    }  # fmt: skip


def test_an_icb_established_after_the_first_year_has_its_first_edition_later():
    # An ICB that did not exist before April 2023 had no 2023/24 edition to prepare: its 2024/25 plan is its first.
    context = validator().context
    triples = read_document(PLANS / "QRL-2024.ttl").quads
    edition_of = {"2022-07-01": str(JFPV.LaterEdition), "2023-07-01": str(JFPV.FirstEdition)}
    for established, edition in edition_of.items():
        index = dataclasses.replace(
            context.index, established={BASE + "icb/QRL": [ox.Literal(established, datatype=ox.NamedNode(XSD_DATE))]}
        )
        derived = derive(index, triples)
        editions = {q.object.value for q in derived if q.subject.value == QRL24 and "Edition" in q.object.value}
        assert editions == {edition}
        previous = [q.object.value for q in derived if q.predicate.value == str(JFPV.previousEditionYear)]
        assert previous == ([BASE + "fy/2023-24"] if edition.endswith("LaterEdition") else [])


def test_edition_dates_are_data_per_financial_year_with_source_and_status():
    statute = Graph().parse(DATA_DIR / "statute.ttl")
    dates = {
        str(statute.value(entry, JFP.datesForYear)).rsplit("/", 1)[1]: (
            str(statute.value(entry, JFP.publishBy)),
            str(statute.value(entry, JFP.shareBy)),
            str(statute.value(entry, JFP.confirmationStatus)).rsplit("#", 1)[1],
        )
        for entry in statute.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), JFP.EditionDates)
    }
    assert dates == {
        "2023-24": ("2023-06-30", "2023-06-30", "status-verified"),
        "2024-25": ("2024-06-30", "2024-06-30", "status-unconfirmed"),
        **{f"{y}-{(y + 1) % 100:02d}": (f"{y}-03-31", f"{y}-03-31", "status-unconfirmed") for y in range(2025, 2030)},
    }
    for entry in statute.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), JFP.EditionDates):
        assert statute.value(entry, URIRef("http://purl.org/dc/terms/source")) is not None
        unconfirmed = statute.value(entry, JFP.confirmationStatus) == JFP["status-unconfirmed"]
        assert unconfirmed == (statute.value(entry, JFP.confirmationNote) is not None)
        assert isinstance(statute.value(entry, JFP.publishBy), Literal)
