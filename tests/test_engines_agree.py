"""Every named query gives the same rows, in the same order, on every engine: the embedded store, `oxigraph serve`
and Virtuoso (both read through the endpoint store, which puts what engines write differently in one form)."""

from __future__ import annotations

import pytest
from conftest import ID, cells
from test_queries import LATEST_EDITION_CASES, derive_current_editions, latest_edition_cases

from jfp_graph.queries import all_queries, load_query
from jfp_graph.remote import RemoteStore

QRL24, QRL23, QNQ24 = ID + "plan/QRL/2024", ID + "plan/QRL/2023", ID + "plan/QNQ/2024"
EDITIONS = [
    {"edition_iri": QRL24},
    {"edition_iri": QRL23},  # a first edition: nothing to compare
    {"edition_iri": QRL23, "previous_iri": QRL24},  # the other way round
    {"edition_iri": QRL24, "previous_iri": QNQ24},  # another ICB's plan: objectives are matched by path only
]
# Parameters for each query, as tests/test_queries.py gives them; a query not named runs without any.
PARAMETER_SETS = {
    "duty-coverage": [{"plan_iri": QRL24}],
    "jlhws-implementation": [{"plan_iri": QNQ24}],
    "consultation-trace": [{"plan_iri": QRL24}],
    "objective-lineage": [{"plan_iri": QRL24}],
    "strategy-impact": [{"priority_iri": ID + "jlhws/E10000014/2023/priority/2"}],
    "targets-trajectories": [{"plan_iri": QRL24}, {"plan_iri": QRL24, "as_of_date": "2025-06-30"}],
    "edition-diff": EDITIONS,
    "edition-objectives-added": EDITIONS,
    "edition-objectives-removed": EDITIONS,
    "edition-parts-added": EDITIONS,
    "edition-parts-removed": EDITIONS,
    "edition-status-changes": EDITIONS,
    "edition-target-changes": EDITIONS,
    "edition-date-changes": EDITIONS,
    "relevant-hwbs": [{}, {"icb_iri": ID + "icb/QRL"}],
    "coverage-matrix": [{}, {"modality_iri": "https://w3id.org/jfp-graph/def#modality-must"}],
    "overdue-milestones": [{}, {"plan_iri": QRL23, "as_of_date": "2024-01-01"}],
    "organisations-at-date": [{}, {"on_date": "2022-08-01"}],
    "requirements-by-hwb": [{"hwb_iri": ID + "hwb/E10000014"}, {"hwb_iri": ID + "hwb/E06000044"}],
    "requirements-by-trust": [{"trust_iri": ID + "trust/RHM"}],
    "requirement-outcomes": [{}, {"plan_iri": QRL24}],
    "validation-results": [{}, {"plan_iri": QRL24}],
}
# Each store made its own validation reports, a moment apart: when is theirs to differ in.
MADE_APART = {"generated"}
# GROUP_CONCAT columns, whose order SPARQL leaves open: compared as sets.
CONCATENATED = {"addressed_by", "evidence_pages", "legal_basis", "capital_only_preparers", "requirements"}
ENGINES = ("oxigraph serve", "Virtuoso")


def rows(store, query, params) -> tuple[list[str], list[tuple]]:
    result = store.select(query.text, query.bindings(params))
    kept = [i for i, column in enumerate(result.columns) if column not in MADE_APART]
    found = cells(result, tuple(c for c in result.columns if c in CONCATENATED))
    return [result.columns[i] for i in kept], [tuple(row[i] for i in kept) for row in found]


def cases():
    for query in all_queries():
        for engine in ENGINES:
            yield pytest.param(query, engine, id=f"{query.name}-{engine}")


@pytest.fixture(scope="module")
def endpoints(example_server, example_virtuoso) -> dict[str, RemoteStore]:
    servers = {"oxigraph serve": example_server, "Virtuoso": example_virtuoso}
    return {engine: RemoteStore(server.query_url) for engine, server in servers.items()}


@pytest.mark.parametrize("query, engine", list(cases()))
def test_every_named_query_gives_the_same_rows_on_every_engine(query, engine, example_store, endpoints):
    answered = 0
    for params in PARAMETER_SETS.get(query.name, [{}]):
        embedded = rows(example_store, query, params)
        assert rows(endpoints[engine], query, params) == embedded, params
        answered += len(embedded[1])
    # Each query answers something on the bundle: unmet-must-requirements on the real plans, the invented ones
    # meeting every must-requirement.
    assert answered


@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_picks_the_same_latest_edition(engine, example_server, example_virtuoso):
    """Editions that tell the first-financial-year definition from the period-start one (tests/test_queries.py),
    written for a moment into each server beside the examples, with the current editions derived again."""
    server = {"oxigraph serve": example_server, "Virtuoso": example_virtuoso}[engine]
    store = RemoteStore(server.query_url, graph_store=server.store_url if engine == "oxigraph serve" else None)
    cases = latest_edition_cases(ID + "test/latest-edition")
    store.write_graphs(cases)
    derive_current_editions(store)
    try:
        def answer(name, **params):
            query = load_query(name)
            return [tuple(row) for row in cells(store.select(query.text, query.bindings(params)))]

        latest = {icb: {row[1] for row in answer("coverage-matrix", icb_iri=ID + f"icb/{icb}")} for icb in "ABC"}
        assert latest == {"A": {"plan/A/2024"}, "B": {"plan/B/y"}, "C": set()}
        assert [(row[2], row[-1]) for icb in "ABC" for row in answer("plans", icb_iri=ID + f"icb/{icb}")] == [
            ("plan/A/2023", "false"), ("plan/A/2024", "true"), ("plan/B/y", "true"), ("plan/B/x", "false"),
            ("plan/C/2024", "false")]
        overdue = {row[0] for row in answer("overdue-milestones", as_of_date="2025-01-01")}
        assert overdue & set(LATEST_EDITION_CASES) == {"plan/A/2024", "plan/B/y"}
    finally:
        for graph in cases:
            store.drop_graph(graph)
        derive_current_editions(store)
