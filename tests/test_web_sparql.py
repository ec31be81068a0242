"""/sparql: the SPARQL 1.1 Protocol, and everything it must refuse or stop."""

import csv
import io
import json
import os
import socket
import threading

import pytest
from fastapi.testclient import TestClient

from jfp_graph.bundle import ensure_bundle
from jfp_graph.queries import load_query
from jfp_graph.store import EmbeddedStore
from jfp_graph.web import Settings, create_app

JSON = {"accept": "application/sparql-results+json"}
ICBS = "SELECT ?icb WHERE { ?icb a <https://w3id.org/jfp-graph/def#IntegratedCareBoard> } ORDER BY ?icb"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(store="memory", workers=2, row_cap=50))) as client:
        yield client


@pytest.fixture(scope="module")
def expected_summary():
    store = EmbeddedStore()
    ensure_bundle(store)
    return [(r["what"].value, r["count"].value) for r in store.select(load_query("summary").text).rows]


class Listener:
    """A TCP server on 127.0.0.1 that counts every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


def test_get_post_form_and_post_direct_give_the_same_rows_as_the_store(client, expected_summary):
    query = load_query("summary").text
    answers = [
        client.get("/sparql", params={"query": query}, headers=JSON),
        client.post("/sparql", data={"query": query}, headers=JSON),
        client.post("/sparql", content=query.encode(), headers=dict(JSON, **{"content-type": "application/sparql-query"})),
    ]
    for answer in answers:
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
        rows = [(b["what"]["value"], b["count"]["value"]) for b in answer.json()["results"]["bindings"]]
        assert rows == expected_summary


def test_result_formats_json_xml_csv_tsv(client):
    query = ICBS + " LIMIT 2"
    first, second = "https://w3id.org/jfp-graph/id/icb/QE1", "https://w3id.org/jfp-graph/id/icb/QF7"
    as_json = client.get("/sparql", params={"query": query}, headers=JSON).json()
    assert [b["icb"]["value"] for b in as_json["results"]["bindings"]] == [first, second]
    xml = client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+xml"})
    assert xml.headers["content-type"] == "application/sparql-results+xml; charset=utf-8"
    assert f"<binding name=\"icb\"><uri>{first}</uri></binding>" in xml.text
    csv = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert csv.text == f"icb\r\n{first}\r\n{second}\r\n"
    tsv = client.get("/sparql", params={"query": query}, headers={"accept": "text/tab-separated-values"})
    assert tsv.text == f"?icb\n<{first}>\n<{second}>\n"
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON).json()
    assert ask == {"head": {}, "boolean": True}


def test_graph_formats_turtle_ntriples_jsonld_rdfxml(client):
    query = "CONSTRUCT { ?icb ?p ?o } WHERE { VALUES ?icb { <https://w3id.org/jfp-graph/id/icb/QRL> } ?icb ?p ?o }"
    counts = {}
    for accept in ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"):
        response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
        import rdflib

        fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}[accept]
        counts[accept] = len(rdflib.Graph().parse(data=response.text, format=fmt))
    # 20 statements about the ICB in the reference graph, and its current edition (jfpg:editions).
    assert len(set(counts.values())) == 1 and counts["text/turtle"] == 21


def test_updates_are_refused_however_they_arrive(client):
    for response in (
        client.get("/sparql", params={"update": "DROP ALL"}),
        client.post("/sparql", data={"update": "DROP ALL"}),
        client.post("/sparql", content=b"DROP ALL", headers={"content-type": "application/sparql-update"}),
        client.post("/sparql", data={"query": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"}),
        client.get("/sparql", params={"query": "LOAD <file:///etc/passwd>"}),
    ):
        assert response.status_code == 400
        assert response.json()["error"].startswith("this endpoint is read-only")
    count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}, headers=JSON).json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) > 10000


def test_service_is_refused_and_the_listener_is_never_contacted(client, listener):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }} LIMIT 1",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}",
        f"PREFIX l: <http://127.0.0.1:{listener.port}/> CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE l:sparql {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        for response in (
            client.get("/sparql", params={"query": query}, headers=JSON),
            client.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"}),
        ):
            assert response.status_code == 400, query
            assert response.json()["error"] == "SERVICE is refused: this endpoint makes no outbound requests"
    graph_refusals = [
        client.get("/sparql", params={"query": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"}),
        client.get("/sparql", params={"query": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}),
        client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": url}),
        client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o }", "named-graph-uri": url}),
    ]
    for response in graph_refusals:
        assert response.status_code == 400
        assert response.json()["error"].startswith("FROM / FROM NAMED / graph parameters may only name graphs")
    refused_load = client.get("/sparql", params={"update": f"LOAD <{url}>"})
    assert refused_load.status_code == 400
    described = client.get("/sparql", params={"query": f"DESCRIBE <{url}>"}, headers={"accept": "text/turtle"})
    assert described.status_code == 200 and described.text.strip() == ""
    assert listener.connections == 0


def test_local_files_cannot_be_read(client):
    for query in ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
                  "SELECT * FROM NAMED <file:///etc/hostname> WHERE { GRAPH ?g { ?s ?p ?o } }"):
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 400 and "<file:///" in response.json()["error"]


def test_from_a_held_graph_is_allowed_and_selects_it(client):
    statute = "https://w3id.org/jfp-graph/graph/statute"
    query = f"SELECT (COUNT(*) AS ?n) FROM <{statute}> WHERE {{ ?s ?p ?o }}"
    answer = client.get("/sparql", params={"query": query}, headers=JSON).json()
    sizes = {g["graph"]: g["triples"] for g in client.get("/graphs").json()["graphs"]}
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == sizes[statute]


def test_malformed_queries_are_400_with_the_parser_message_and_position(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert response.status_code == 400
    body = response.json()
    assert body == {"error": "SPARQL syntax error: expected OPTIONAL", "status": 400, "line": 3, "column": 2}
    assert "Traceback" not in response.text
    undeclared = client.get("/sparql", params={"query": "SELECT * WHERE { ?s nope:p ?o }"})
    assert undeclared.json() == {
        "error": "SPARQL syntax error: a prefix is used that the query does not declare (PREFIX name: <...>)",
        "status": 400, "line": 1, "column": 27}
    assert client.get("/sparql", headers=JSON).status_code == 400
    assert client.post("/sparql", content=b"x", headers={"content-type": "text/plain"}).status_code == 415


def test_the_row_cap_truncates_and_says_so(client):
    response = client.get("/sparql", params={"query": ICBS}, headers=JSON)
    body = response.json()
    assert len(body["results"]["bindings"]) == 42
    everything = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=JSON)
    assert len(everything.json()["results"]["bindings"]) == 50
    assert everything.json()["truncated"] is True and everything.headers["jfp-truncated"] == "true"
    assert "jfp-truncated" not in response.headers and "truncated" not in body


MEDIA = {"sparql-json": "application/sparql-results+json", "sparql-xml": "application/sparql-results+xml",
         "csv": "text/csv", "tsv": "text/tab-separated-values"}


def _values_query(count: int) -> str:
    # Values holding what marks a row in one format or another (a quote, a line break, "},{", "<result>").
    tricky = ['"a},{b"', '"two\\r\\nlines"', '"<result>"', '"q\\",{"']
    rows = " ".join(f"({tricky[i % 4]} {i})" for i in range(count))
    return f"SELECT ?v ?i WHERE {{ VALUES (?v ?i) {{ {rows} }} }}"


def test_an_answer_within_the_row_cap_is_written_by_the_engine_and_one_row_more_is_cut_and_flagged(client):
    import pyoxigraph as ox

    snapshot = ox.Store.read_only(client.app.state.service.runner.path)
    formats = {"sparql-json": ox.QueryResultsFormat.JSON, "sparql-xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    for name, fmt in formats.items():
        at_cap = client.get("/sparql", params={"query": _values_query(50)}, headers={"accept": MEDIA[name]})
        assert at_cap.status_code == 200 and "jfp-truncated" not in at_cap.headers, name
        assert at_cap.content == snapshot.query(_values_query(50)).serialize(format=fmt), name
        past = client.get("/sparql", params={"query": _values_query(51)}, headers={"accept": MEDIA[name]})
        assert past.headers["jfp-truncated"] == "true", name
        if name == "sparql-json":  # the "truncated" member is past what pyoxigraph's reader takes
            document = past.json()
            assert document["truncated"] is True
            assert [b["i"]["value"] for b in document["results"]["bindings"]] == [str(i) for i in range(50)]
        elif name == "csv":  # pyoxigraph does not read CSV back
            document = list(csv.reader(io.StringIO(past.text, newline="")))
            assert document[0] == ["v", "i"] and [row[1] for row in document[1:]] == [str(i) for i in range(50)]
        else:
            rows = ox.parse_query_results(past.content, format=fmt)
            assert rows.variables == [ox.Variable("v"), ox.Variable("i")], name
            assert [row["i"].value for row in rows] == [str(i) for i in range(50)], name
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 50"
    graph = client.get("/sparql", params={"query": construct}, headers={"accept": "application/n-triples"})
    assert "jfp-truncated" not in graph.headers
    expected = snapshot.query(construct, use_default_graph_as_union=True).serialize(format=ox.RdfFormat.N_TRIPLES)
    assert graph.content == expected
    more = client.get("/sparql", params={"query": construct.replace("50", "51")},
                      headers={"accept": "application/n-triples"})
    assert more.headers["jfp-truncated"] == "true" and more.content == expected


def test_oversize_queries_are_413(client):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000
    assert client.post("/sparql", content=big.encode(), headers={"content-type": "application/sparql-query"}).status_code == 413
    assert client.post("/sparql", data={"query": big}).status_code == 413


def test_a_query_past_the_time_limit_is_stopped_by_killing_its_worker():
    settings = Settings(store="memory", workers=1, query_timeout=1.0)
    with TestClient(create_app(settings)) as client:
        runner = client.app.state.service.runner
        [before] = runner.worker_pids()
        endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        response = client.get("/sparql", params={"query": endless}, headers=JSON)
        assert response.status_code == 503
        assert response.json()["error"] == "the query ran longer than the limit of 1 s and was stopped"
        with pytest.raises(ProcessLookupError):
            os.kill(before, 0)  # the worker running the query is gone, not merely abandoned
        [after] = runner.worker_pids()
        assert after != before
        ok = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
        assert json.loads(ok.text)["boolean"] is True


def test_a_server_holding_more_than_1024_descriptors_still_answers():
    """A busy server holds many sockets; its workers' pipes then get numbers past select()'s limit."""
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        settings = Settings(store="memory", workers=1)
        with TestClient(create_app(settings)) as client:
            response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
            assert response.status_code == 200
            assert json.loads(response.text)["boolean"] is True
    finally:
        for fd in held:
            os.close(fd)


def test_the_yasgui_page_is_served_from_the_package(client):
    page = client.get("/sparql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert '<script src="/static/yasgui/yasgui.min.js"></script>' in page.text
    assert "cdn" not in page.text.lower()
    script = client.get("/static/yasgui/yasgui.min.js")
    assert script.status_code == 200 and len(script.content) > 500_000
    assert client.get("/static/yasgui/LICENSE").text.startswith("@zazuko/yasgui 4.6.2")


def test_service_in_any_spelling_is_refused_and_the_listener_is_never_contacted(client, listener):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    queries = [
        f"SELECT * WHERE {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # a comment\n  ?a ?b ?c . SERVICE<{url}>{{ ?s ?p ?o }} }} LIMIT 1",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
        f"SELECT * WHERE {{ GRAPH ?g {{ OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }} }} LIMIT 1",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        response = client.get("/sparql", params={"query": query}, headers=JSON)
        assert response.status_code == 400, query
        assert response.json()["error"] == "SERVICE is refused: this endpoint makes no outbound requests", query
    assert listener.connections == 0


def test_service_and_from_as_mere_words_do_not_stop_a_query(client):
    qrl = "https://w3id.org/jfp-graph/id/icb/QRL"
    label = "NHS Hampshire and Isle of Wight Integrated Care Board"
    queries = [
        f"SELECT ?service WHERE {{ <{qrl}> <http://www.w3.org/2000/01/rdf-schema#label> ?service }}",
        f"# SERVICE <http://127.0.0.1:9/> and FROM <http://127.0.0.1:9/> in a comment\n"
        f"SELECT ?service WHERE {{ <{qrl}> ?p ?service FILTER(?service = '{label}' || STR(?p) = 'SERVICE FROM') }}",
        f"PREFIX from: <{qrl[:-3]}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?service WHERE { from:QRL rdfs:label ?service }",
    ]
    for query in queries:
        response = client.get("/sparql", params={"query": query}, headers=JSON)
        assert response.status_code == 200, (query, response.text)
        assert [b["service"]["value"] for b in response.json()["results"]["bindings"]] == [label], query


def test_updates_in_any_spelling_are_refused_and_change_nothing(client):
    def count():
        answer = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}, headers=JSON)
        return answer.json()["results"]["bindings"][0]["n"]["value"]

    before = count()
    updates = [
        "insert data { <http://x/a> <http://x/b> <http://x/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "delete { ?s ?p ?o } where { ?s ?p ?o }",
        "WITH <https://w3id.org/jfp-graph/graph/statute> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "clear all",
        "CREATE GRAPH <http://x/g>",
        "PREFIX x: <http://x/> INSERT { x:a x:b x:c } WHERE {} ; DROP ALL",
    ]
    for text in updates:
        for response in (
            client.get("/sparql", params={"query": text}, headers=JSON),
            client.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-query"}),
        ):
            assert response.status_code == 400, text
            assert response.json()["error"] == (
                "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused"), text
    assert count() == before


def test_from_in_any_spelling_may_only_name_held_graphs(client, listener):
    url = f"http://127.0.0.1:{listener.port}/"
    queries = [
        f"select * from <{url}g> where {{ ?s ?p ?o }}",
        f"SELECT * FrOm NaMeD <{url}g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"PREFIX remote: <{url}> SELECT * FROM remote:g WHERE {{ ?s ?p ?o }}",
        f"BASE <{url}> ASK FROM <g> {{ ?s ?p ?o }}",
    ]
    for query in queries:
        response = client.get("/sparql", params={"query": query}, headers=JSON)
        assert response.status_code == 400, query
        assert response.json()["error"] == (
            "FROM / FROM NAMED / graph parameters may only name graphs this store holds (see /graphs); "
            f"unknown: <{url}g>"), query
    assert listener.connections == 0


def test_a_query_only_oxigraph_refuses_gets_oxigraph_s_message(client):
    # rdflib's grammar accepts binding ?x twice; Oxigraph, which would run it, does not.
    query = "SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }"
    response = client.get("/sparql", params={"query": query}, headers=JSON)
    assert (response.status_code, response.json()) == (
        400, {"error": "SPARQL syntax error: expected [_]", "status": 400, "line": 1, "column": 48})


def test_the_fast_paths_answer_every_sparql_and_named_query_request_exactly_as_the_routes_do():
    from jfp_graph.web.fastpath import FastPaths

    sparql = [
        ("GET", {"query": ICBS + " LIMIT 3"}, JSON, None),
        ("GET", {"query": ICBS + " LIMIT 3", "format": "csv"}, {}, None),
        ("GET", {"query": "CONSTRUCT WHERE { ?s a <https://w3id.org/jfp-graph/def#IntegratedCareBoard> } LIMIT 2"},
         {"accept": "text/turtle"}, None),
        ("GET", {"query": ICBS + " LIMIT 2"}, {"accept": "text/html"}, None),
        ("GET", {}, {"accept": "text/html"}, None),
        ("GET", {}, JSON, None),
        ("GET", {"query": "ASK {}"}, {"accept": "text/turtle"}, None),
        ("GET", {"query": "SELECT * WHERE { ?s ?p }"}, JSON, None),
        ("GET", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"}, JSON, None),
        ("GET", {"update": "DROP ALL"}, JSON, None),
        ("POST", {}, {"content-type": "application/x-www-form-urlencoded"}, f"query={ICBS}&format=tsv"),
        ("POST", {}, {"content-type": "application/sparql-query", "accept": "text/csv"}, ICBS),
        ("POST", {}, {"content-type": "text/plain"}, ICBS),
        ("POST", {}, {"content-type": "application/sparql-update"}, "DROP ALL"),
    ]
    requests = [(*request, "/sparql") for request in sparql]
    named = [
        ({"icb_iri": "QRL"}, {"accept": "application/json"}),
        ({"icb_iri": "QRL", "format": "csv"}, {}),
        ({"icb_iri": "https://w3id.org/jfp-graph/id/icb/QRL"}, {"accept": "text/html"}),
        ({}, {"accept": "application/json"}),
        ({"icb_iri": "QZZ"}, {"accept": "application/json"}),
        ({"icb_iri": "not an identifier"}, {"accept": "application/json"}),
        ({"icb_iri": "QRL", "format": "xml"}, {}),
    ]
    requests += [("GET", params, headers, None, "/queries/plans") for params, headers in named]
    requests += [("GET", {}, {"accept": "text/html"}, None, "/queries/relevant-hwbs"),
                 ("GET", {"plan_iri": "QRL/2024", "as_of_date": "2025-13-01"}, JSON, None,
                  "/queries/overdue-milestones"),
                 ("GET", {}, JSON, None, "/queries/no-such-query")]
    answers = []
    for fast in (True, False):
        app = create_app(Settings(store="memory", workers=2, row_cap=50, cache_mb=0))
        if not fast:  # only the routes answer
            app.user_middleware = [m for m in app.user_middleware if m.cls is not FastPaths]
        with TestClient(app) as served:
            answers.append([
                (r.status_code, sorted(r.headers.items()), r.content)
                for r in (served.request(method, path, params=params, headers=headers, content=body)
                          for method, params, headers, body, path in requests)
            ])
    fast_answers, routed_answers = answers
    assert [status for status, *_ in fast_answers] == [200, 200, 200, 200, 200, 400, 406, 400, 400, 400, 200, 200,
                                                      415, 400] + [200, 200, 200, 200, 404, 400, 406, 200, 400, 404]
    assert fast_answers == routed_answers


def test_lookups_run_before_the_query_in_its_worker_request_and_an_empty_one_stops_it(client):
    from jfp_graph.web.runner import LookupEmpty

    runner = client.app.state.service.runner
    exists = "SELECT ?s WHERE { BIND(<https://w3id.org/jfp-graph/id/icb/QRL> AS ?s) ?s ?p ?o } LIMIT 1"
    missing = "SELECT ?s WHERE { BIND(<https://w3id.org/jfp-graph/id/icb/QZZ> AS ?s) ?s ?p ?o } LIMIT 1"
    assert len(runner.run(ICBS, lookups=[exists, exists]).rows) == 42
    with pytest.raises(LookupEmpty):
        runner.run(ICBS, lookups=[exists, missing])
    # A named query given an identifier that names nothing and a malformed value reports the identifier first.
    both = client.get("/queries/overdue-milestones", params={"plan_iri": "QZZ/2024", "as_of_date": "2025-13-01"},
                      headers=JSON)
    assert both.status_code == 404 and both.json()["error"].startswith("parameter plan_iri=QZZ/2024: names nothing")
    known = client.get("/queries/overdue-milestones", params={"plan_iri": "QRL/2024", "as_of_date": "2025-13-01"},
                       headers=JSON)
    assert known.status_code == 400
    # Identifiers are looked up in order: one naming nothing before one that is no identifier at all.
    pair = client.get("/queries/edition-diff", params={"edition_iri": "QZZ/2024", "previous_iri": "not one"},
                      headers=JSON)
    assert pair.status_code == 404 and pair.json()["error"].startswith("parameter edition_iri=QZZ/2024: names nothing")
