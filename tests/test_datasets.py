"""Which graphs a query reads (docs/queries.md, "Which graphs a query reads"), one rule at a time, on every way in:
`jfp-graph sparql` over the embedded store, `/sparql` of `jfp-graph serve`, the endpoint store over `oxigraph serve`
and over Virtuoso, and `/sparql` of `serve --endpoint` over each of those two.

Each case counts the triples of the default graph (``?s ?p ?o``) and of the named graphs (``GRAPH ?g {…}``); what
it expects is the sum of the sizes of the graphs the rule names, as that store lists them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from test_remote import cli

from jfp_graph.remote import RemoteStore, split_dataset
from jfp_graph.store import GRAPH_SIZES_QUERY
from jfp_graph.web import Settings, create_app

GRAPH = "https://w3id.org/jfp-graph/graph/"
STATUTE, REFERENCE, NATIONAL = GRAPH + "statute", GRAPH + "reference", GRAPH + "national"
EVERY = "every graph"  # the union of all the store's named graphs
COUNT = "SELECT (COUNT(*) AS ?n) {clauses} WHERE {{ {pattern} }}"
IN_DEFAULT, IN_NAMED = "?s ?p ?o", "GRAPH ?g { ?s ?p ?o }"


@dataclass(frozen=True)
class Case:
    rule: str
    from_: Sequence[str] = ()  # the query's FROM graphs
    from_named: Sequence[str] = ()  # the query's FROM NAMED graphs
    protocol: tuple[Sequence[str], Sequence[str]] | None = None  # default-graph-uri, named-graph-uri
    default_graph: Sequence[str] | str = ()  # the graphs merged into the default graph (or EVERY)
    named_graphs: Sequence[str] | str = ()  # the graphs GRAPH ranges over (or EVERY)

    @property
    def clauses(self) -> str:
        return " ".join([f"FROM <{g}>" for g in self.from_] + [f"FROM NAMED <{g}>" for g in self.from_named])


CASES = [
    Case("no dataset: the default graph is the union of the named graphs", default_graph=EVERY, named_graphs=EVERY),
    Case("FROM: that graph, and no named graphs", from_=[STATUTE], default_graph=[STATUTE]),
    Case("FROM twice: the merge of the graphs", from_=[STATUTE, REFERENCE], default_graph=[STATUTE, REFERENCE]),
    Case("FROM NAMED alone: an empty default graph", from_named=[REFERENCE], named_graphs=[REFERENCE]),
    Case("FROM and FROM NAMED", from_=[STATUTE], from_named=[REFERENCE], default_graph=[STATUTE],
         named_graphs=[REFERENCE]),
    Case("default-graph-uri: that graph, and no named graphs", protocol=([STATUTE], []), default_graph=[STATUTE]),
    Case("named-graph-uri alone: an empty default graph", protocol=([], [REFERENCE]), named_graphs=[REFERENCE]),
    Case("default-graph-uri and named-graph-uri", protocol=([STATUTE], [REFERENCE]), default_graph=[STATUTE],
         named_graphs=[REFERENCE]),
    Case("parameters replace FROM and FROM NAMED as a whole", from_=[STATUTE], from_named=[REFERENCE],
         protocol=([NATIONAL], []), default_graph=[NATIONAL]),
    Case("named-graph-uri replaces FROM as a whole", from_=[STATUTE], protocol=([], [REFERENCE]),
         named_graphs=[REFERENCE]),
]
Protocol = tuple[Sequence[str], Sequence[str]] | None  # default-graph-uri, named-graph-uri
# Run(query, protocol parameters) → the rows of a SELECT, each value as text.
Run = Callable[[str, Protocol], list[dict[str, str]]]


def by_cli(store: str) -> Run:
    def run(query, protocol):
        assert protocol is None  # the command line has no protocol parameters
        ran = cli("sparql", "--store", store, query, "--format", "csv")
        assert ran.exit_code == 0, ran.output
        return list(csv.DictReader(io.StringIO(ran.output)))

    return run


def by_http(client) -> Run:
    def run(query, protocol):
        params = [("query", query)]
        if protocol is not None:
            params += [("default-graph-uri", g) for g in protocol[0]] + [("named-graph-uri", g) for g in protocol[1]]
        answer = client.get("/sparql", params=params, headers={"accept": "application/sparql-results+json"})
        assert answer.status_code == 200, answer.text
        return [{k: v["value"] for k, v in row.items()} for row in answer.json()["results"]["bindings"]]

    return run


def by_endpoint_store(url: str) -> Run:
    remote = RemoteStore(url)

    def run(query, protocol):
        return [{k: v.value for k, v in row.items()} for row in remote.run_query(query, protocol).rows]

    return run


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory) -> str:
    store = str(tmp_path_factory.mktemp("datasets") / "store")
    loaded = cli("load", "--bundle", "--store", store)
    assert loaded.exit_code == 0, loaded.output
    return store


@pytest.fixture(scope="module")
def ways_in(cli_store, example_serve, example_server, example_virtuoso):
    """Each way in: how it runs a query, and its graphs' sizes as it lists them (for Virtuoso, its own graphs
    too: they are part of its union default graph)."""
    with (
        httpx.Client(base_url=example_serve.url, timeout=60) as served,
        TestClient(create_app(Settings(endpoint=example_server.query_url, workers=1))) as over_oxigraph,
        TestClient(create_app(Settings(endpoint=example_virtuoso.query_url, workers=1))) as over_virtuoso,
    ):
        runs = {
            "jfp-graph sparql": by_cli(cli_store),
            "serve /sparql": by_http(served),
            "endpoint store, oxigraph serve": by_endpoint_store(example_server.query_url),
            "endpoint store, Virtuoso": by_endpoint_store(example_virtuoso.query_url),
            "serve --endpoint, oxigraph serve": by_http(over_oxigraph),
            "serve --endpoint, Virtuoso": by_http(over_virtuoso),
        }
        yield {
            way: (run, {row["g"]: int(row["n"]) for row in run(GRAPH_SIZES_QUERY, None)}) for way, run in runs.items()
        }


WAYS_IN = [
    "jfp-graph sparql",
    "serve /sparql",
    "endpoint store, oxigraph serve",
    "endpoint store, Virtuoso",
    "serve --endpoint, oxigraph serve",
    "serve --endpoint, Virtuoso",
]


@pytest.mark.parametrize(
    "way_in, case",
    # The command line has no protocol parameters: only the query's own clauses apply there.
    [(way, case) for way in WAYS_IN for case in CASES if not (way == "jfp-graph sparql" and case.protocol)],
    ids=lambda value: value if isinstance(value, str) else value.rule,
)
def test_each_dataset_rule_on_each_way_in(way_in, case, ways_in):
    run, sizes = ways_in[way_in]
    assert {STATUTE, REFERENCE, NATIONAL} < set(sizes)

    def size(graphs) -> int:
        return sum(sizes.values()) if graphs == EVERY else sum(sizes[g] for g in graphs)

    def count(pattern: str) -> int:
        return int(run(COUNT.format(clauses=case.clauses, pattern=pattern), case.protocol)[0]["n"])

    assert (count(IN_DEFAULT), count(IN_NAMED)) == (size(case.default_graph), size(case.named_graphs))


def test_the_endpoint_store_reads_a_querys_dataset_clauses_as_oxigraph_does():
    query = (
        "PREFIX g: <https://w3id.org/jfp-graph/graph/>\n"
        "BASE <https://w3id.org/jfp-graph/graph/>\n"
        "SELECT ?o FROM g:statute # a comment <x>\n"
        "from  # another\n"
        "  NAMED <reference> FROM NAMED <https://example.org/g>\n"
        'WHERE { ?s ?p ?o FILTER(?o != "FROM <https://example.org/not-a-graph>") }'
    )
    text, dataset = split_dataset(query)
    assert dataset == ([STATUTE], [REFERENCE, "https://example.org/g"])
    # The clauses are blanked out where they stood, so an engine's error positions still hold.
    assert text.splitlines() == [
        "PREFIX g: <https://w3id.org/jfp-graph/graph/>",
        "BASE <https://w3id.org/jfp-graph/graph/>",
        "SELECT ?o                # a comment <x>",
        " " * len("from  # another"),
        " " * len("  NAMED <reference> FROM NAMED <https://example.org/g>"),
        'WHERE { ?s ?p ?o FILTER(?o != "FROM <https://example.org/not-a-graph>") }',
    ]
    assert split_dataset("ASK { ?from ?p ?o }") == ("ASK { ?from ?p ?o }", None)
