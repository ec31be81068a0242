"""The web app reading from a SPARQL endpoint (a real `oxigraph serve`) instead of an embedded store."""

import pytest
from fastapi.testclient import TestClient

from jfp_graph.remote import RemoteStore
from jfp_graph.web import Settings, create_app


@pytest.fixture(scope="module")
def endpoint_client(example_server):
    app = create_app(Settings(endpoint=example_server.query_url, workers=1))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def store_client():
    with TestClient(create_app(Settings(store="memory", workers=1))) as client:
        yield client


@pytest.mark.parametrize("path", ["/id/icb/QRL.json", "/id/hwb/E06000044.json", "/id/requirement/jlhws-steps.json"])
def test_pages_read_from_an_endpoint_match_the_embedded_store(path, endpoint_client, store_client):
    from_endpoint = endpoint_client.get(path)
    assert from_endpoint.status_code == 200, from_endpoint.text
    assert from_endpoint.json() == store_client.get(path).json()


def test_sparql_through_an_endpoint_is_guarded_and_answers(endpoint_client):
    query = "SELECT (COUNT(DISTINCT ?icb) AS ?n) WHERE { ?icb a <https://w3id.org/jfp-graph/def#IntegratedCareBoard> }"
    answer = endpoint_client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"]["bindings"] == [
        {"n": {"type": "literal", "value": "42", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    ]
    refused = endpoint_client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert refused.status_code == 400


def test_writes_are_refused_when_reading_from_an_endpoint(endpoint_client):
    answer = endpoint_client.put("/id/plan/QRL/2024", content=b"", headers={"authorization": "Bearer " + "x" * 20})
    assert answer.json() == {
        "error": "this server takes no writes: no write token is configured (JFP_GRAPH_TOKEN)", "status": 403}


def test_writes_with_a_token_are_refused_and_nothing_reaches_the_endpoint(server):
    from jfp_graph.paths import EXAMPLES_DIR

    token = "t" * 20
    app = create_app(Settings(endpoint=server.query_url, workers=1, write_token=token))
    with TestClient(app) as client:
        answer = client.put(
            "/id/plan/QRL/2024",
            content=(EXAMPLES_DIR / "plans" / "QRL-2024.ttl").read_bytes(),
            headers={"authorization": f"Bearer {token}", "content-type": "text/turtle"},
        )
    assert (answer.status_code, answer.json()) == (
        409, {"error": "this server reads a remote endpoint; load plans into that store instead", "status": 409})
    assert RemoteStore(server.query_url).graph_sizes() == {}
