"""The Python API for notebooks: connect, run a named query, rows as Python values, DataFrames."""

from __future__ import annotations

import datetime
import decimal

import pytest
from conftest import ID, triples_in

from jfp_graph.api import Graph, Rows, connect
from jfp_graph.loader import LoadConflict
from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.queries import QueryError
from jfp_graph.store import EmbeddedStore

QRL24 = ID + "plan/QRL/2024"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return connect(store="memory", bundle=True)


def test_rows_hold_python_values(graph):
    rows = graph.run("targets-trajectories", plan_iri=QRL24, as_of_date=datetime.date(2025, 1, 1))
    assert isinstance(rows, Rows)
    assert rows.columns[:3] == ["objective", "metric", "unit"]
    assert rows[0] == {
        "objective": QRL24 + "/objective/1",
        "metric": QRL24 + "/metric/1-1",
        "unit": "percent",
        "baseline": decimal.Decimal("72.1"),
        "target": decimal.Decimal("78"),
        "due_date": datetime.date(2025, 3, 31),
        "past_due": False,
        "expected_by_date": datetime.date(2024, 12, 31),
        "expected_value": decimal.Decimal("75.6"),
        "comparator": None,
        "target_upper": None,
        "target_per": None,
        "delivery_status": None,
        "status_date": None,
    }
    counts = graph.run("jlhws-implementation", plan_iri=QRL24)
    assert [(r["hwb"].rsplit("/", 1)[1], r["steps"]) for r in counts] == [
        ("E06000044", 1), ("E06000045", 2), ("E06000046", 1), ("E10000014", 2)
    ]


def test_to_dataframe(graph):
    frame = graph.run("hwb-opinions", plan_iri=ID + "plan/QNQ/2024").to_dataframe()
    assert list(frame.columns) == [
        "plan", "hwb", "hwb_name", "draft_shared_on", "opinion_given_on", "opinion_is_final", "statement_included",
        "takes_proper_account", "final_plan_shared_on", "verdict",
    ]
    assert frame.shape == (5, 10)
    assert frame["takes_proper_account"].tolist() == [True] * 5
    assert frame["verdict"].tolist() == ["https://w3id.org/jfp-graph/def#verdict-proper-account"] * 5
    empty = graph.run("condition-communities", plan_iri=QRL24, condition="no such condition").to_dataframe()
    assert empty["group"].isna().all() and len(empty) == 1


def test_sparql_returns_rows_booleans_or_triples(graph):
    assert graph.sparql(f"ASK {{ <{QRL24}> ?p ?o }}") is True
    rows = graph.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/jfp-graph/def#JointForwardPlan> }")
    assert rows == [{"n": 8}]  # 3 invented example editions and 5 real plans (data/real-plans)
    triples = graph.sparql(f"CONSTRUCT WHERE {{ <{QRL24}> <http://www.w3.org/ns/prov#wasRevisionOf> ?o }}")
    assert [t.object.value for t in triples] == [ID + "plan/QRL/2023"]


def test_bad_input_raises_query_errors(graph):
    with pytest.raises(QueryError):
        graph.run("duty-coverage")
    with pytest.raises(QueryError):
        graph.run("duty-coverage", plan_iri="not an IRI")
    with pytest.raises(QueryError):
        graph.run("no-such-query")


def test_load_and_graphs_on_disk(tmp_path):
    location = tmp_path / "store"
    graph = connect(store=location)
    assert graph.load(EXAMPLES_DIR / "plans" / "QRL-2024.ttl") == ["https://w3id.org/jfp-graph/graph/plan/QRL/2024"]
    with pytest.raises(LoadConflict):
        graph.load(EXAMPLES_DIR / "plans" / "QRL-2024.ttl")
    graph.load(EXAMPLES_DIR / "plans" / "QRL-2024.ttl", replace=True)
    assert graph.graphs()["https://w3id.org/jfp-graph/graph/plan/QRL/2024"] == triples_in(
        EXAMPLES_DIR / "plans" / "QRL-2024.ttl")
    assert [q.name for q in graph.queries()][:2] == ["capital-plan-consistency", "condition-communities"]
    assert isinstance(graph.store, EmbeddedStore)


def test_a_load_refused_half_way_leaves_the_store_as_it_was(tmp_path):
    graph = connect(store=tmp_path / "store")
    graph.load(EXAMPLES_DIR / "plans" / "QRL-2024.ttl")
    before = graph.graphs()
    with pytest.raises(LoadConflict, match="is already in the store; use --replace"):
        graph.load(EXAMPLES_DIR / "plans" / "QNQ-2024.ttl", EXAMPLES_DIR / "plans" / "QRL-2024.ttl")
    assert graph.graphs() == before
    assert graph.load(EXAMPLES_DIR / "plans" / "QNQ-2024.ttl", EXAMPLES_DIR / "plans" / "QRL-2024.ttl", replace=True) == [
        "https://w3id.org/jfp-graph/graph/plan/QNQ/2024",
        "https://w3id.org/jfp-graph/graph/plan/QRL/2024",
    ]


def test_connect_refuses_two_stores():
    with pytest.raises(ValueError):
        connect(store="memory", endpoint="http://127.0.0.1:1/query")


def test_a_querys_from_and_from_named_define_its_dataset(graph):
    sizes = graph.graphs()
    statute, reference = (f"https://w3id.org/jfp-graph/graph/{name}" for name in ("statute", "reference"))

    def count(query: str) -> int:
        return graph.sparql(query)[0]["n"]

    every = "SELECT (COUNT(*) AS ?n) {query} WHERE {{ {pattern} }}"
    assert count(every.format(query="", pattern="?s ?p ?o")) == sum(sizes.values())
    assert count(every.format(query=f"FROM <{statute}>", pattern="?s ?p ?o")) == sizes[statute]
    assert count(every.format(query=f"FROM <{statute}> FROM <{reference}>", pattern="?s ?p ?o")) == (
        sizes[statute] + sizes[reference]
    )
    # FROM NAMED alone: the default graph is empty, and GRAPH sees only the graphs named.
    assert count(every.format(query=f"FROM NAMED <{statute}>", pattern="?s ?p ?o")) == 0
    assert count(every.format(query=f"FROM NAMED <{statute}>", pattern="GRAPH ?g { ?s ?p ?o }")) == sizes[statute]
    # FROM alone: no named graphs.
    assert count(every.format(query=f"FROM <{statute}>", pattern="GRAPH ?g { ?s ?p ?o }")) == 0
    # The words in a string, an IRI or a comment are not a dataset clause.
    assert count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(!sameTerm(?o, "FROM")) } # FROM') == sum(sizes.values())
