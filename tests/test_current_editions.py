"""Each ICB's current edition (jfpg:editions): derived at every write with the reports, the same edition the named
queries call the latest, and never taken from a file."""

from __future__ import annotations

import pyoxigraph as ox
from conftest import ID, cells, short

from jfp_graph.api import connect
from jfp_graph.iris import DEF, RDF_TYPE
from jfp_graph.layout import EDITIONS_GRAPH, graph_for_document
from jfp_graph.queries import load_query
from jfp_graph.store import MEMORY, open_store
from jfp_graph.validation.refresh import refresh_all, refresh_missing

QRL = ID + "icb/QRL"


def current(store) -> dict[str, str]:
    return {short(q.subject): short(q.object) for q in store.quads(EDITIONS_GRAPH)}


def latest_by_plans_query(store) -> dict[str, str]:
    """The latest edition of each ICB as the ``plans`` query defines it (its last column)."""
    query = load_query("plans")
    return {row[0]: row[2] for row in cells(store.select(query.text)) if row[-1] == "true"}


def edition(plan: str, first_year: str) -> dict[str, list[ox.Quad]]:
    """A bare edition of QRL: enough to be an edition with a first financial year."""
    graph, subject = ox.NamedNode(graph_for_document(ID + plan)), ox.NamedNode(ID + plan)
    return {graph.value: [
        ox.Quad(subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(DEF + "JointForwardPlan"), graph),
        ox.Quad(subject, ox.NamedNode(DEF + "forICB"), ox.NamedNode(QRL), graph),
        ox.Quad(subject, ox.NamedNode(DEF + "firstFinancialYear"), ox.NamedNode(ID + f"fy/{first_year}"), graph),
    ]}


def test_the_current_editions_are_the_editions_the_queries_call_latest(example_store):
    assert current(example_store) == latest_by_plans_query(example_store)
    assert current(example_store)["icb/QRL"] == "plan/QRL/2024"


def test_every_write_moves_the_current_edition_and_removing_it_moves_it_back():
    graph = connect(MEMORY, bundle=True)
    store = graph.store
    assert current(store)["icb/QRL"] == "plan/QRL/2024"
    store.write_graphs(edition("plan/QRL/2026", "2026-27"))
    assert current(store)["icb/QRL"] == "plan/QRL/2026"
    # An edition of the same first year with a greater IRI wins; one with an earlier first year does not.
    store.write_graphs(edition("plan/QRL/2026b", "2026-27") | edition("plan/QRL/2025", "2025-26"))
    assert current(store)["icb/QRL"] == "plan/QRL/2026b"
    store.write_graphs({graph_for_document(ID + "plan/QRL/2026b"): [], graph_for_document(ID + "plan/QRL/2026"): []})
    assert current(store)["icb/QRL"] == "plan/QRL/2025"
    assert current(store) == latest_by_plans_query(store)


def test_a_file_cannot_set_the_current_editions(tmp_path):
    graph = connect(MEMORY, bundle=True)
    stale = tmp_path / "export.trig"
    stale.write_text(f"GRAPH <{EDITIONS_GRAPH}> {{ <{QRL}> <{DEF}currentEdition> <{ID}plan/QRL/2023> . }}\n")
    graph.load(stale)
    assert current(graph.store)["icb/QRL"] == "plan/QRL/2024"


def test_a_store_written_without_them_gets_them_with_its_missing_reports(example_store):
    store = open_store(MEMORY)  # no derived graphs: as a store written before they were kept
    store.write_graphs({name: list(example_store.quads(name)) for name in example_store.graph_names()
                        if name != EDITIONS_GRAPH})
    assert current(store) == {}
    refresh_missing(store)
    assert current(store) == current(example_store)


def test_validate_refresh_writes_them_again(example_store):
    store = open_store(MEMORY)
    store.write_graphs({name: list(example_store.quads(name)) for name in example_store.graph_names()
                        if name != EDITIONS_GRAPH})
    store.write_graphs({EDITIONS_GRAPH: [ox.Quad(ox.NamedNode(QRL), ox.NamedNode(DEF + "currentEdition"),
                                                 ox.NamedNode(ID + "plan/QRL/2023"), ox.NamedNode(EDITIONS_GRAPH))]})
    assert current(store)["icb/QRL"] == "plan/QRL/2023"
    refresh_all(store)
    assert current(store) == current(example_store)
