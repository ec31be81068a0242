"""Friendly identifiers: the CURIE the tool prints, short forms and ODS codes, wherever an IRI is asked for; an
identifier that names nothing is an error (exit 2, a 404) suggesting the closest that exist."""

from __future__ import annotations

import gc

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from jfp_graph.api import Graph
from jfp_graph.cli import main
from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.queries import QueryError
from jfp_graph.resolve import NotAnIdentifier, UnknownIdentifier, expand, resolve, store_rows
from jfp_graph.web import Settings, create_app

ID = "https://w3id.org/jfp-graph/id/"
QRL24 = ID + "plan/QRL/2024"
PLAN_CLASS = "https://w3id.org/jfp-graph/def#JointForwardPlan"
NOT_AN_IDENTIFIER = ("not an identifier: give an IRI, a CURIE (jfpid:plan/QRL/2024), a short form (plan/QRL/2024, "
                     "QRL/2024) or an ICB's ODS code (QRL)")


@pytest.mark.parametrize(
    ("text", "iri"),
    [
        (QRL24, QRL24),
        (f"<{QRL24}>", QRL24),
        ("jfpid:plan/QRL/2024", QRL24),
        ("plan/QRL/2024", QRL24),
        ("QRL/2024", QRL24),
        ("qrl/2024", QRL24),
        ("QRL", ID + "icb/QRL"),
        ("jfpreq:jlhws-steps", ID + "requirement/jlhws-steps"),
        ("jfp:JointForwardPlan", PLAN_CLASS),
        ("hwb/E06000044", ID + "hwb/E06000044"),
        (" QNQ/2024 ", ID + "plan/QNQ/2024"),
    ],
)
def test_every_form_expands_to_the_iri_it_names(text, iri):
    assert expand(text) == iri


@pytest.mark.parametrize("text", ["QRL 2024", "", "nope:thing", "/plan/QRL/2024"])
def test_what_is_no_identifier_is_refused(text):
    with pytest.raises(NotAnIdentifier) as refused:
        expand(text)
    assert str(refused.value) == f"{text}: {NOT_AN_IDENTIFIER}"


def test_an_identifier_that_names_nothing_suggests_the_closest_of_its_kind(example_store):
    rows = store_rows(example_store)
    assert resolve("QRL/2024", rows) == QRL24
    assert resolve("QRL/2023", rows, kind=PLAN_CLASS) == ID + "plan/QRL/2023"
    cases = {
        "QRL/2025": "QRL/2025: names nothing in the store (read as <https://w3id.org/jfp-graph/id/plan/QRL/2025>); "
                    "did you mean jfpid:plan/QRL/2024, jfpid:plan/QRL/2023, jfpid:plan/QR1/2023?",
        "jfpreq:jlhws-step": "jfpreq:jlhws-step: names nothing in the store (read as "
                             "<https://w3id.org/jfp-graph/id/requirement/jlhws-step>); "
                             "did you mean jfpreq:jlhws-steps, jfpreq:plan-shared, jfpreq:hwb-draft-shared?",
    }
    for text, message in cases.items():
        with pytest.raises(UnknownIdentifier) as refused:
            resolve(text, rows)
        assert str(refused.value) == message
    with pytest.raises(UnknownIdentifier) as not_a_plan:
        resolve("QRL", rows, kind=PLAN_CLASS)
    assert str(not_a_plan.value) == (
        "QRL: names no JointForwardPlan in the store (read as <https://w3id.org/jfp-graph/id/icb/QRL>); "
        "did you mean jfpid:plan/QRL/2024, jfpid:plan/QRL/2023, jfpid:plan/QR1/2023?")


def test_the_python_api_takes_short_forms_and_refuses_unknown_ones(example_store):
    graph = Graph(example_store)
    full = graph.run("edition-diff", edition_iri=QRL24)
    assert len(full) > 0
    assert graph.run("edition-diff", edition_iri="QRL/2024") == full
    assert graph.run("edition-diff", edition_iri="jfpid:plan/QRL/2024", previous_iri="QRL/2023") == full
    assert graph.run("plans", icb_iri="QRL") == graph.run("plans", icb_iri=ID + "icb/QRL")
    assert graph.resolve("QNQ/2024") == ID + "plan/QNQ/2024"
    with pytest.raises(QueryError) as refused:
        graph.run("edition-diff", edition_iri="QRL/2025")
    assert str(refused.value).startswith("parameter edition_iri=QRL/2025: names nothing in the store")


def _cli(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    seen = (result.exit_code, result.output)
    del result
    gc.collect()
    return seen


def test_query_takes_the_curie_it_prints_and_refuses_an_identifier_naming_nothing(tmp_path):
    location = str(tmp_path / "store")
    plans = EXAMPLES_DIR / "plans"
    assert _cli("load", "--store", location, str(plans / "QRL-2023.ttl"), str(plans / "QRL-2024.ttl"))[0] == 0
    full = _cli("query", "edition-diff", "--store", location, "-p", f"edition_iri={QRL24}")
    assert full[0] == 0 and "jfpid:plan/QRL/2024/" in full[1]
    for form in ("jfpid:plan/QRL/2024", "plan/QRL/2024", "QRL/2024"):
        assert _cli("query", "edition-diff", "--store", location, "-p", f"edition_iri={form}") == full
    assert _cli("query", "edition-diff", "--store", location, "-p", "edition_iri=QNQ/2024") == (
        2, "error: parameter edition_iri=QNQ/2024: names nothing in the store (read as "
           "<https://w3id.org/jfp-graph/id/plan/QNQ/2024>); did you mean jfpid:plan/QRL/2024, jfpid:plan/QRL/2023?\n")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(store="memory", workers=1))) as client:
        yield client


def test_the_named_query_forms_take_short_forms_and_answer_404_with_suggestions(client):
    full = client.get("/queries/edition-diff", params={"edition_iri": QRL24, "format": "json"})
    assert full.status_code == 200, full.text
    short = client.get("/queries/edition-diff", params={"edition_iri": "QRL/2024", "format": "json"})
    assert short.status_code == 200, short.text
    assert short.json()["rows"] == full.json()["rows"]
    unknown = client.get("/queries/edition-diff", params={"edition_iri": "QRL/2025", "format": "json"})
    assert (unknown.status_code, unknown.json()) == (404, {
        "error": "parameter edition_iri=QRL/2025: names nothing in the store (read as "
                 "<https://w3id.org/jfp-graph/id/plan/QRL/2025>); did you mean jfpid:plan/QRL/2024, "
                 "jfpid:plan/QRL/2023, jfpid:plan/QR1/2023?",
        "status": 404})
    # Nothing that is not an IRI reaches a lookup query: an answer of 400, never a SPARQL syntax error.
    for text in ("<", "plan/QRL/2024>", 'a"b', "{x}"):
        refused = client.get("/queries/edition-diff", params={"edition_iri": text, "format": "json"})
        assert refused.status_code == 400 and "not a valid IRI" in refused.json()["error"], text
    malformed = client.get("/queries/edition-diff", params={"edition_iri": "QRL 2024", "format": "json"})
    assert malformed.status_code == 400
    assert malformed.json()["error"] == f"parameter edition_iri=QRL 2024: {NOT_AN_IDENTIFIER}"
