"""The W3C SPARQL 1.1 Protocol tests, read from the official manifest (tests/fixtures/w3c/), against a real
`jfp-graph serve`.

Every query test runs as the manifest writes it (its requests, headers and bodies byte for byte; the manifest's
`/sparql/` path is this server's `/sparql`). The update tests do not apply to a read-only service: their update
requests must be refused (400) and change nothing. The data a test names without shipping (`data0.rdf`) is an
empty graph in the store, since the endpoint never fetches a graph. Tests pp34 and pp35 of the property-path
suite name graphs by relative IRIs, which the endpoint resolves against its documented base.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import JfpGraphServer
from rdflib.collection import Collection

from jfp_graph.web.sparql_api import QUERY_BASE

W3C = Path(__file__).parent / "fixtures" / "w3c"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UNSHIPPED = "http://kasei.us/2009/09/sparql/data/data0.rdf"  # named by tests, in no file of the suite
FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}
PATH_TESTS = ("pp34", "pp35")


def _manifest(folder: str) -> rdflib.Graph:
    path = W3C / folder / "manifest.ttl"
    return rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())


def protocol_tests() -> list[dict]:
    """Each test of the protocol manifest, in its order: name, graphs to load, and its requests."""
    graph = _manifest("protocol")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    tests = []
    for node in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(node, MF.action)
        requests = []
        for request in Collection(graph, graph.value(action, HT.requests)):
            body = graph.value(request, HT.body)
            response = graph.value(request, HT.resp)
            headers = graph.value(request, HT.headers)
            requests.append(
                {
                    "method": str(graph.value(request, HT.methodName)),
                    "path": str(graph.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                    "headers": {
                        str(graph.value(h, HT.fieldName)): str(graph.value(h, HT.fieldValue))
                        for h in (Collection(graph, headers) if headers else [])
                    },
                    "body": None
                    if body is None
                    else str(graph.value(body, CNT.chars)).encode(
                        str(graph.value(body, CNT.characterEncoding)).lower()
                    ),
                    "statuses": sorted(
                        str(s).rsplit("StatusCode", 1)[1][0] for s in graph.objects(response, MF.expectedStatus)
                    ),
                    "format": str(graph.value(response, MF.expectedFormat) or "") or None,
                    "boolean": graph.value(response, MF.expectedBoolean),
                }
            )
        data = {
            str(graph.value(d, rdflib.RDFS.label)): Path(str(graph.value(d, UT.graph)).removeprefix("file://"))
            for d in graph.objects(node, UT.graphData)
        }
        tests.append({"name": str(node).rsplit("#", 1)[1], "requests": requests, "data": data})
    return tests


def is_update_test(test: dict) -> bool:
    return test["name"].startswith("update_")


def path_tests() -> dict[str, dict]:
    graph = _manifest("property-path")
    found = {}
    for name in PATH_TESTS:
        node = next(s for s in graph.subjects(rdflib.RDF.type, MF.QueryEvaluationTest) if str(s).endswith("#" + name))
        action = graph.value(node, MF.action)
        local = lambda term: W3C / "property-path" / str(term).rsplit("/", 1)[1]  # noqa: E731
        found[name] = {
            "query": local(graph.value(action, QT.query)),
            "data": [local(g) for g in graph.objects(action, QT.graphData)],
            "result": local(graph.value(node, MF.result)),
        }
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`jfp-graph serve` over a store holding the suite's data: each file in the graph the manifest names."""
    folder = tmp_path_factory.mktemp("w3c")
    store = ox.Store(str(folder / "store"))
    for test in protocol_tests():
        for iri, path in test["data"].items():
            store.load(
                path=str(W3C / "protocol" / path.name), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri)
            )
    store.add_graph(ox.NamedNode(UNSHIPPED))
    for test in path_tests().values():
        for path in test["data"]:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(QUERY_BASE + path.name))
    store.flush()
    del store
    server = JfpGraphServer("--no-bundle", store=folder / "store")
    yield urllib.parse.urlsplit(server.url)
    server.stop()


def send(where, method: str, path: str, headers: dict[str, str], body: bytes | None) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers.get_content_type(), response.read()
    finally:
        connection.close()


def post_query(where, query: bytes, accept: str) -> tuple[int, str, bytes]:
    """A query POSTed directly (``application/sparql-query``)."""
    return send(where, "POST", "/sparql", {"Content-Type": "application/sparql-query", "Accept": accept}, query)


def answer_boolean(media_type: str, body: bytes) -> bool:
    if media_type == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    return bool(ox.parse_query_results(body, format=ox.QueryResultsFormat.XML))


def store_size(where) -> int:
    query = b"SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    _, _, body = post_query(where, query, "application/sparql-results+json")
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_the_manifest_is_read_whole():
    tests = protocol_tests()
    assert len(tests) == 34
    assert sum(not is_update_test(t) for t in tests) == 27  # 20 query tests and the 7 bad_update ones
    assert [t["name"] for t in tests if is_update_test(t)] == [
        "update_dataset_default_graph",
        "update_dataset_default_graphs",
        "update_dataset_named_graphs",
        "update_dataset_full",
        "update_post_form",
        "update_post_direct",
        "update_base_uri",
    ]


@pytest.mark.parametrize("test", [t for t in protocol_tests() if not is_update_test(t)], ids=lambda t: t["name"])
def test_w3c_protocol(test, served):
    for request in test["requests"]:
        status, media_type, body = send(served, request["method"], request["path"], request["headers"], request["body"])
        assert str(status)[0] in request["statuses"], (status, body[:300])
        assert b"Traceback" not in body
        if request["format"]:
            assert media_type in FORMATS[request["format"]], media_type
        if request["boolean"] is not None:
            assert answer_boolean(media_type, body) is request["boolean"].toPython()


@pytest.mark.parametrize("test", [t for t in protocol_tests() if is_update_test(t)], ids=lambda t: t["name"])
def test_w3c_update_tests_are_refused_by_the_read_only_service(test, served):
    before = store_size(served)
    first = test["requests"][0]
    status, _, body = send(served, first["method"], first["path"], first["headers"], first["body"])
    assert (status, json.loads(body)["error"]) == (400, "this endpoint is read-only: SPARQL Update is refused")
    assert store_size(served) == before


@pytest.mark.parametrize("name", PATH_TESTS)
def test_w3c_property_paths_in_graphs_named_by_relative_iris(name, served):
    test = path_tests()[name]
    status, media_type, body = post_query(served, test["query"].read_bytes(), "application/sparql-results+xml")
    assert (status, media_type) == (200, "application/sparql-results+xml"), body
    got = sorted(str(s["t"]) for s in ox.parse_query_results(body, format=ox.QueryResultsFormat.XML))
    want = sorted(
        str(s["t"]) for s in ox.parse_query_results(path=str(test["result"]), format=ox.QueryResultsFormat.XML)
    )
    assert got == want == ["<http://www.example.org/a>", "<http://www.example.org/b>", "<http://www.example.org/b>"]


@pytest.mark.parametrize("how", ["get", "form", "url-and-form", "url-and-direct"])
def test_two_queries_in_one_request_are_400(how, served):
    one, two = urllib.parse.quote("ASK {}"), urllib.parse.quote("SELECT * {}")
    form, direct = ({"Content-Type": f"application/{kind}"} for kind in ("x-www-form-urlencoded", "sparql-query"))
    method, path, headers, body = {
        "get": ("GET", f"/sparql?query={one}&query={two}", {}, None),
        "form": ("POST", "/sparql", form, f"query={one}&query={two}".encode()),
        "url-and-form": ("POST", f"/sparql?query={one}", form, f"query={two}".encode()),
        "url-and-direct": ("POST", f"/sparql?query={one}", direct, b"SELECT * {}"),
    }[how]
    status, _, body = send(served, method, path, headers, body)
    assert (status, json.loads(body)["error"]) == (
        400,
        "give exactly one query: the 'query' parameter appears more than once",
    )


def test_relative_iris_are_resolved_against_the_documented_base(served):
    status, _, body = post_query(served, b"CONSTRUCT { <s> <p> 1 } WHERE {}", "application/n-triples")
    assert (status, body.decode()) == (
        200,
        f'<{QUERY_BASE}s> <{QUERY_BASE}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    )
    # A query's own BASE still wins.
    status, _, body = post_query(
        served, b"BASE <http://example.org/> CONSTRUCT { <s> <p> <o> } WHERE {}", "application/n-triples"
    )
    assert body.decode() == "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
