"""The query guard reads text as Oxigraph does, without parsing it: every trick below makes Oxigraph itself call
out (shown on a raw pyoxigraph store against a local listener), and the endpoint refuses each of them."""

import subprocess
import sys
import threading

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from test_web_sparql import Listener

from jfp_graph.web import Settings, create_app
from jfp_graph.web.guard import MAX_QUERY_DEPTH, NO_SERVICE, READ_ONLY, RefusedQuery, check_query

JSON = {"accept": "application/sparql-results+json"}
STATUTE = "https://w3id.org/jfp-graph/graph/statute"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(store="memory", workers=2))) as client:
        yield client


@pytest.fixture
def listener():
    found = Listener()
    found.url = f"http://127.0.0.1:{found.port}/"
    yield found
    found.close()


# Each hides SERVICE from a reading that blanks comments, strings and anything between < and > (the check
# before this one): a comment ended by \r, a \u escape inside an IRI, "less than" read as an IRI, a local
# name's escaped # or ', and words Oxigraph splits ("services:x" is "SERVICE s:x").
TRICKS = [
    "SELECT * WHERE {{ ?s ?p ?o # a comment\rSERVICE <{url}> {{ }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(<http://x/\\u0041#> != ?s) SERVICE <{url}> {{ }} }}",
    "PREFIX e: <{url}> SELECT * WHERE {{ ?s ?p ?o BIND(1 AS ?a) FILTER(?a<2)SERVICEe:x#>\n{{ }} }}",
    "PREFIX e: <http://x/> SELECT * WHERE {{ ?s ?p ?o FILTER(?s != e:a\\#b) SERVICE <{url}> {{ }} }}",
    "PREFIX e: <http://x/> SELECT * WHERE {{ ?s ?p ?o FILTER(?s != e:a\\'b) SERVICE <{url}> {{ }} }}",
    "PREFIX s: <{url}> SELECT * WHERE {{ ?s ?p ?o services:x {{ }} }}",
    "PREFIX e: <{url}> SELECT * WHERE {{ ?s ?p ?o SERVICEe:x {{ }} }}",
    "SELECT * WHERE {{ ?s ?p ?o BIND(true AS ?t) ?s ?p trueSERVICE <{url}> {{ }} }}",
    "SELECT * WHERE {{ VALUES ?x {{ UNDEF }}SERVICE <{url}> {{ }} }}",
]


def _raw_oxigraph_calls_out(query: str, listener: Listener) -> bool:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/o")))
    before = listener.connections
    try:
        list(store.query(query))
    except OSError:
        pass  # the listener hangs up: the call was made
    return listener.connections > before


@pytest.mark.parametrize("trick", TRICKS)
def test_a_service_oxigraph_would_call_is_refused_however_it_is_hidden(client, listener, trick):
    query = trick.format(url=listener.url)
    assert _raw_oxigraph_calls_out(query, listener), "not a real trick: Oxigraph itself does not call out"
    calls = listener.connections
    for response in (
        client.get("/sparql", params={"query": query}, headers=JSON),
        client.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"}),
    ):
        assert response.status_code == 400, query
        assert response.json()["error"] == NO_SERVICE, query
    assert listener.connections == calls


def test_words_that_only_look_like_keywords_pass(client):
    qrl = "https://w3id.org/jfp-graph/id/icb/QRL"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    queries = [
        f"SELECT ?service WHERE {{ <{qrl}> {label} ?service }}",
        f"SELECT ?service WHERE {{ <{qrl}> {label} ?service FILTER(?service != <http://x/SERVICE>) }}",
        f"PREFIX webservice: <{qrl[:-3]}> SELECT ?service WHERE {{ webservice:QRL {label} ?service }}",
        f"PREFIX e: <http://x/> SELECT ?service WHERE {{ <{qrl}> {label} ?service FILTER(?service != e:fromSERVICE) }}",
        f"SELECT ?service WHERE {{ <{qrl}> {label} ?service FILTER(?service != 'FROM <x> SERVICE <y> {{}}') }}",
        f"SELECT ?service WHERE {{ <{qrl}> {label} ?service # SERVICE <http://127.0.0.1:9/> {{}}\n}}",
    ]
    for query in queries:
        response = client.get("/sparql", params={"query": query}, headers=JSON)
        assert response.status_code == 200, (query, response.text)
        [row] = response.json()["results"]["bindings"]
        assert row["service"]["value"] == "NHS Hampshire and Isle of Wight Integrated Care Board"


def test_dataset_clauses_are_read_as_oxigraph_resolves_them():
    held = {STATUTE, "http://x/g"}
    cases = {
        f"SELECT * FROM <{STATUTE}> WHERE {{ ?s ?p ?o }}": ([STATUTE], []),
        f"SELECT*FROM<{STATUTE}>{{?s ?p ?o}}": ([STATUTE], []),
        f"ASKFROM <{STATUTE}> {{ ?s ?p ?o }}": ([STATUTE], []),
        "BASE <http://x/> SELECT * FROM NAMED <g> WHERE { GRAPH ?g { ?s ?p ?o } }": ([], ["http://x/g"]),
        "PREFIX e: <http://x/> SELECT * FROM # a comment\n e:g WHERE { ?s ?p ?o }": (["http://x/g"], []),
        "SELECT * FROM <http://x/\\u0067> WHERE { ?s ?p ?o }": (["http://x/g"], []),
        "PREFIX from: <http://x/> SELECT ?from WHERE { from:g ?p ?from }": ([], []),
    }
    for query, (defaults, named) in cases.items():
        checked = check_query(query, lambda: held)
        assert (checked.default_graphs, checked.named_graphs) == (defaults, named), query
        assert checked.names_dataset == bool(defaults or named)
        # Oxigraph parses each of them as a query.
        ox.Store().query(query)
    for query in ("SELECT * FROM e:g WHERE {}", "SELECT * FROM WHERE {}", "SELECT * FROM <relative> WHERE {}"):
        with pytest.raises(RefusedQuery):
            check_query(query, lambda: held)


def test_a_query_naming_a_graph_runs_over_exactly_the_graphs_checked(client):
    count = f"SELECT (COUNT(*) AS ?n) FROM <{STATUTE}> WHERE {{ ?s ?p ?o }}"
    answer = client.get("/sparql", params={"query": count}, headers=JSON).json()
    statute = int(answer["results"]["bindings"][0]["n"]["value"])
    sizes = {g["graph"]: g["triples"] for g in client.get("/graphs").json()["graphs"]}
    assert statute == sizes[STATUTE]
    everything = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}, headers=JSON)
    assert int(everything.json()["results"]["bindings"][0]["n"]["value"]) == sum(sizes.values())


def test_updates_are_recognised_by_their_first_word_after_the_prologue():
    for text in ("insert data { <http://x/a> <http://x/b> <http://x/c> }",
                 "PREFIX x: <http://x/> BASE <http://y/> # and a comment\n\tDELETE WHERE { ?s ?p ?o }",
                 "LOAD <file:///etc/passwd>", "clear all", "WITH <http://x/g> INSERT { } WHERE { }"):
        with pytest.raises(RefusedQuery) as refused:
            check_query(text, lambda: set())
        assert refused.value.message == READ_ONLY


def test_deep_nesting_crashes_oxigraph_s_parser_and_is_refused_before_it(client):
    crash = subprocess.run(
        [sys.executable, "-c",
         "import pyoxigraph; pyoxigraph.Store().query('SELECT * WHERE ' + '{' * 3000 + '}' * 3000)"],
        capture_output=True,
    )
    assert crash.returncode < 0  # killed by a signal: the parser overflowed its stack
    for opening, closing in (("{", "}"), ("(", ")"), ("[ ?p ", "]")):
        deep = "SELECT * WHERE { ?s ?p ?o FILTER(" if opening == "(" else "SELECT * WHERE { ?s ?p "
        deep += opening * 3000 + ("1" if opening == "(" else "") + closing * 3000
        deep += ") }" if opening == "(" else " }"
        response = client.get("/sparql", params={"query": deep}, headers=JSON)
        assert response.status_code == 400
        body = response.json()
        assert body["error"] == f"the query nests {{ ( [ more than {MAX_QUERY_DEPTH} levels deep"
        assert body["line"] == 1 and body["column"] > 0
    workers = client.app.state.service.runner.worker_pids()
    nested = "SELECT * WHERE " + "{" * MAX_QUERY_DEPTH + "}" * MAX_QUERY_DEPTH
    assert client.get("/sparql", params={"query": nested}, headers=JSON).status_code == 200
    assert client.app.state.service.runner.worker_pids() == workers  # no worker was lost on the way


def test_escapes_outside_strings_and_iris_are_refused_as_oxigraph_would():
    with pytest.raises(RefusedQuery) as refused:
        check_query("SELECT * WHERE { ?s \\u0070 ?o }", lambda: set())
    assert (refused.value.line, refused.value.column) == (1, 21)
    with pytest.raises(SyntaxError):
        ox.Store().query("SELECT * WHERE { ?s \\u0070 ?o }")


class RecordingEndpoint:
    """A stand-in SPARQL endpoint on 127.0.0.1 that records every query it is sent and finds nothing."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs

        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server hook
                fields = parse_qs(self.rfile.read(int(self.headers["content-length"])).decode())
                received.append(fields["query"][0])
                body = b'{"head": {"vars": ["g"]}, "results": {"bindings": []}}'
                self.send_response(200)
                self.send_header("content-type", "application/sparql-results+json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_remote_endpoint_is_sent_only_queries_oxigraph_has_parsed_and_the_guard_let_through(listener):
    endpoint = RecordingEndpoint()
    try:
        with TestClient(create_app(Settings(endpoint=endpoint.url, workers=1))) as remote:
            assert remote.app.state.service.runner.worker_pids()  # Oxigraph parses in a process of its own
            refused = {
                "DROP ALL": READ_ONLY,
                f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}": NO_SERVICE,
                f"PREFIX s: <{listener.url}> SELECT * WHERE {{ ?s ?p ?o services:x {{ }} }}": NO_SERVICE,
                f"SELECT * FROM <{listener.url}g> WHERE {{ ?s ?p ?o }}": "FROM / FROM NAMED / graph parameters may "
                f"only name graphs this store holds (see /graphs); unknown: <{listener.url}g>",
                "SELECT * WHERE " + "{" * 3000 + "}" * 3000: f"the query nests {{ ( [ more than {MAX_QUERY_DEPTH} "
                "levels deep",
                "SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }": "SPARQL syntax error: expected [_]",
            }
            for query, message in refused.items():
                answer = remote.get("/sparql", params={"query": query}, headers=JSON)
                assert (answer.status_code, answer.json()["error"]) == (400, message), query
            fine = "SELECT ?g WHERE { GRAPH ?g { } }"
            assert remote.get("/sparql", params={"query": fine}, headers=JSON).json()["results"]["bindings"] == []
        assert not set(refused) & set(endpoint.received)
        assert fine in endpoint.received
        assert listener.connections == 0
    finally:
        endpoint.close()
