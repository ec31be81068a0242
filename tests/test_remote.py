"""The same store interface over a real Oxigraph server (`oxigraph serve`) started on 127.0.0.1."""

from __future__ import annotations

import gc
import urllib.request
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import ID, OxigraphServer, loaded_two_editions

from jfp_graph.cli import main
from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.remote import EndpointError, EndpointUnreachable, RemoteStore, derived_update_url, excerpt
from jfp_graph.store import StoreError

EX = "http://example.org/"
QRL24 = ID + "plan/QRL/2024"


def cli(*args: str) -> SimpleNamespace:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    seen = SimpleNamespace(exit_code=result.exit_code, output=result.output)
    del result
    gc.collect()
    return seen


def quad(s: str, o, graph: str) -> ox.Quad:
    obj = o if not isinstance(o, str) else ox.NamedNode(EX + o)
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), obj, ox.NamedNode(graph))


def test_the_server_holds_the_same_graphs_as_the_embedded_store(example_store, example_server):
    served = RemoteStore(example_server.query_url).graph_sizes()
    embedded = example_store.graph_sizes()
    catalogue = "https://w3id.org/jfp-graph/graph/catalogue"
    assert {g: n for g, n in served.items() if g != catalogue} == {g: n for g, n in embedded.items() if g != catalogue}


@pytest.mark.parametrize("upload", ["update", "graph-store-protocol"])
def test_writes_replace_whole_graphs_and_leave_no_staging_graphs(server, upload):
    remote = RemoteStore(server.query_url, graph_store=server.store_url if upload == "graph-store-protocol" else None)
    g1, g2 = EX + "g1", EX + "g2"
    blank = ox.BlankNode()
    remote.write_graphs({
        g1: [quad("a", "b", g1), quad("a", blank, g1), ox.Quad(blank, ox.NamedNode(EX + "p"), ox.Literal("x", language="en"), ox.NamedNode(g1))],
        g2: [quad("c", "d", g2)],
    })
    assert remote.graph_sizes() == {g1: 3, g2: 1}
    # The blank node survived as one node.
    assert len(remote.select("SELECT ?b WHERE { ?a ?p ?b . ?b ?q ?l FILTER(isBlank(?b)) }").rows) == 1
    remote.write_graph(g1, [quad("e", "f", g1)])
    assert remote.graph_sizes() == {g1: 1, g2: 1}
    remote.write_graph(g2, [quad("g", "h", g2)], replace=False)
    assert remote.graph_sizes() == {g1: 1, g2: 2}
    remote.write_graphs({g1: [], g2: []})
    assert remote.graph_sizes() == {}


def test_load_query_graphs_and_export_through_the_cli(server, tmp_path):
    endpoint = ("--endpoint", server.query_url)
    loaded = cli("load", *endpoint, str(EXAMPLES_DIR / "plans" / "QRL-2023.ttl"), str(EXAMPLES_DIR / "plans" / "QRL-2024.ttl"))
    assert loaded.exit_code == 0, loaded.output
    graphs = cli("graphs", *endpoint)
    sizes = RemoteStore(server.query_url).graph_sizes()
    loaded_two_editions(sizes)
    assert graphs.output.splitlines()[-1] == f"{len(sizes)} graph(s), {sum(sizes.values())} triples"
    refused = cli("load", *endpoint, str(EXAMPLES_DIR / "plans" / "QRL-2024.ttl"))
    assert refused.exit_code == 2 and "is already in the store; use --replace" in refused.output
    replaced = cli("load", "--replace", *endpoint, "--graph-store", server.store_url, str(EXAMPLES_DIR / "plans" / "QRL-2024.ttl"))
    assert replaced.exit_code == 0, replaced.output
    diff = cli("query", "edition-diff", *endpoint, "-p", f"edition_iri={QRL24}", "--format", "csv")
    assert diff.exit_code == 0 and diff.output.count("\n") == 21  # the header and edition-diff's 20 rows
    dump = tmp_path / "dump.nq"
    assert cli("export", *endpoint, "--output", str(dump)).exit_code == 0
    assert len(list(ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS))) == sum(
        RemoteStore(server.query_url).graph_sizes().values())


def test_info_loads_the_bundle_into_an_endpoint_once(server):
    first = cli("info", "--endpoint", server.query_url, "--graph-store", server.store_url)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[0].endswith(f"store: {server.query_url}")
    assert "  integrated care boards" in first.output and " 42\n" in first.output
    second = cli("info", "--endpoint", server.query_url)
    assert second.exit_code == 0, second.output
    assert not any(line.startswith("loaded") for line in second.output.splitlines())
    assert first.output.splitlines()[2:] == second.output.splitlines()[1:]


def test_a_failed_load_leaves_the_server_as_it_was(server, tmp_path):
    endpoint = ("--endpoint", server.query_url)
    assert cli("load", *endpoint, str(EXAMPLES_DIR / "plans" / "QRL-2023.ttl")).exit_code == 0
    before = RemoteStore(server.query_url).graph_sizes()
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n")
    failed = cli("load", "--replace", *endpoint, str(EXAMPLES_DIR / "plans" / "QRL-2024.ttl"), str(EXAMPLES_DIR / "plans" / "QNQ-2024.ttl"), str(broken))
    assert failed.exit_code == 2 and failed.output.startswith(f"error: {broken}:1:")
    assert RemoteStore(server.query_url).graph_sizes() == before


def test_unreachable_endpoint_is_a_configuration_error():
    port = OxigraphServer.__init__.__globals__["free_port"]()  # nothing listens there
    url = f"http://127.0.0.1:{port}/query"
    with pytest.raises(EndpointUnreachable) as caught:
        RemoteStore(url).graph_sizes()
    assert str(caught.value) == f"cannot reach SPARQL endpoint {url}: [Errno 111] Connection refused"
    result = cli("query", "plans", "--endpoint", url)
    assert (result.exit_code, result.output) == (3, f"error: cannot reach SPARQL endpoint {url}: [Errno 111] Connection refused\n")


def test_endpoint_errors_are_reported_with_the_status_and_the_servers_first_lines(example_server):
    wrong_path = example_server.url + "/no-such-endpoint"
    with pytest.raises(EndpointError) as caught:
        RemoteStore(wrong_path).graph_sizes()
    assert str(caught.value) == (
        f"SPARQL endpoint {wrong_path} answered HTTP 404: POST /no-such-endpoint is not supported by this server")
    assert caught.value.status == 404
    result = cli("graphs", "--endpoint", wrong_path)
    assert (result.exit_code, result.output) == (3, f"error: {caught.value}\n")
    # A query the server rejects comes back as the server's error (user queries are checked before sending).
    remote = RemoteStore(example_server.query_url)
    with pytest.raises(EndpointError) as caught:
        remote.select("SELECT ?s WHERE { ?s ?p }")
    assert str(caught.value) == (
        f"SPARQL endpoint {example_server.query_url} answered HTTP 400: error at 1:26: expected one of LATERAL, "
        "SERVICE, [_]")


def test_excerpts_keep_the_first_lines_and_cut_the_rest():
    assert excerpt("\n  one\n\ntwo  \nthree\n") == "one / two / three"
    assert excerpt("a\nb\nc\nd") == "a / b / c / …"
    assert excerpt("x" * 1000) == "x" * 300 + " …"


def test_a_server_without_a_union_default_graph_is_refused_with_advice():
    server = OxigraphServer(union_default_graph=False)
    try:
        remote = RemoteStore(server.query_url)
        remote.write_graph(EX + "g", [quad("a", "b", EX + "g")])
        with pytest.raises(StoreError) as caught:
            remote.select("SELECT * WHERE { ?s ?p ?o }")
        assert str(caught.value) == (
            f"SPARQL endpoint {server.query_url} does not query the union of its named graphs by default; the named "
            "queries need that setting (docs/queries.md: e.g. `oxigraph serve --union-default-graph`)"
        )
        result = cli("query", "plans", "--endpoint", server.query_url)
        assert result.exit_code == 3 and "does not query the union of its named graphs" in result.output
    finally:
        server.stop()


def test_update_addresses_are_derived_for_common_stores():
    assert derived_update_url("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/update"
    assert derived_update_url("http://localhost:3030/jfp/query") == "http://localhost:3030/jfp/update"
    assert derived_update_url("http://localhost:7200/repositories/jfp") == "http://localhost:7200/repositories/jfp/statements"
    assert derived_update_url("http://localhost:8890/sparql") == "http://localhost:8890/sparql"
    with pytest.raises(StoreError):
        RemoteStore("file:///etc/passwd")


def test_the_server_is_really_serving(example_server):
    with urllib.request.urlopen(example_server.query_url + "?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", timeout=5) as response:
        assert b"true" in response.read()


FIDELITY = """<http://example.org/s> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#boolean>,
  "01"^^<http://www.w3.org/2001/XMLSchema#int>, "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>,
  "1.0E6"^^<http://www.w3.org/2001/XMLSchema#double>, "Zoë"@en-GB, "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date>,
  [ <http://example.org/q> "x" ] .
"""
KEPT = {
    '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"1000000"^^<http://www.w3.org/2001/XMLSchema#double>',
    '"Zo\u00eb"@en-gb', '"2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
}


@pytest.mark.parametrize("engine", ["embedded", "oxigraph-server"])
def test_a_round_trip_keeps_the_graph_and_canonicalises_numbers_and_booleans(engine, server, tmp_path):
    source = tmp_path / "g.ttl"
    source.write_text(FIDELITY)
    endpoint = ("--endpoint", server.query_url) if engine != "embedded" else ("--store", str(tmp_path / "store"))
    assert cli("load", *endpoint, "--graph", EX + "g", str(source)).exit_code == 0
    dump = tmp_path / "dump.nq"
    assert cli("export", *endpoint, "--output", str(dump)).exit_code == 0
    graph = ox.NamedNode(EX + "g")
    quads = [q for q in ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS) if q.graph_name == graph]
    objects = {str(q.object) for q in quads if q.predicate == ox.NamedNode(EX + "p")}
    assert {o for o in objects if not o.startswith("_:")} == KEPT and len(objects) == 7  # and the blank node
    blank = next(q.object for q in quads if isinstance(q.object, ox.BlankNode))
    described = [(str(q.predicate), str(q.object)) for q in quads if q.subject == blank]
    assert described == [("<http://example.org/q>", '"x"')]
