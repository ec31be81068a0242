"""A real server: `jfp-graph serve` on 127.0.0.1, spoken to by real SPARQL clients."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from jfp_graph.bundle import ensure_bundle
from jfp_graph.queries import load_query
from jfp_graph.store import EmbeddedStore

TOKEN = "server-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp_path, *extra: str):
    """Start the CLI's server and wait until it answers; the URL comes from what it prints."""
    port = free_port()
    env = dict(os.environ, JFP_GRAPH_TOKEN=TOKEN)
    process = subprocess.Popen(
        [sys.executable, "-m", "jfp_graph", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--store", str(tmp_path / "store"), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    line = process.stdout.readline()
    url = line.split(" at ", 1)[1].split(" ", 1)[0]
    for _ in range(300):  # bounded wait for the port to open
        try:
            urllib.request.urlopen(url + "openapi.json", timeout=5).read()
            return process, url, line
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start: " + process.stderr.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, url, line = start_server(tmp_path_factory.mktemp("served"))
    yield url, line
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def expected():
    store = EmbeddedStore()
    ensure_bundle(store)
    return store


def test_serve_prints_its_url(server):
    url, line = server
    assert url.startswith("http://127.0.0.1:") and url.endswith("/")
    assert line.startswith(f"jfp-graph serving at {url}")


def test_sparqlwrapper_gets_the_same_rows_as_the_store(server, expected):
    url, _ = server
    query = load_query("summary").text
    for method in ("GET", "POST"):
        client = SPARQLWrapper(url + "sparql")
        client.setQuery(query)
        client.setMethod(method)
        client.setReturnFormat(JSON)
        rows = [(b["what"]["value"], b["count"]["value"]) for b in client.queryAndConvert()["results"]["bindings"]]
        assert rows == [(r["what"].value, r["count"].value) for r in expected.select(query).rows]


def test_rdflib_sparqlstore_gets_the_same_rows_as_the_store(server, expected):
    url, _ = server
    query = load_query("relevant-hwbs").text
    remote = Graph(store=SPARQLStore(url + "sparql", returnFormat="xml"))
    got = [tuple(str(v) for v in row) for row in remote.query(query)]
    want = [tuple(str(row[c].value) for c in ("icb", "icb_name", "hwb", "hwb_name", "la",
                                               "share_of_area_population", "is_constitutional_partner"))
            for row in expected.select(query).rows]
    assert len(got) > 100
    assert got == want


def test_the_served_pages_and_refusals(server):
    url, _ = server
    page = urllib.request.urlopen(urllib.request.Request(url + "id/icb/QRL", headers={"Accept": "text/html"}))
    assert page.status == 200 and b'href="/id/plan/QRL/2024"' in page.read()
    request = urllib.request.Request(url + "id/plan/QRL/2024", data=b"x", method="PUT",
                                     headers={"Content-Type": "text/turtle"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 401
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url + "id/icb/NOPE")
    assert missing.value.code == 404
    assert b"Traceback" not in missing.value.read()


def test_served_answers_carry_etags_unless_the_cache_is_off(server, tmp_path):
    url, _ = server
    first = urllib.request.urlopen(urllib.request.Request(url + "id/icb/QRL.json"))
    etag = first.headers["ETag"]
    assert first.status == 200 and etag and first.headers["Cache-Control"] == "no-cache"
    with pytest.raises(urllib.error.HTTPError) as unchanged:
        urllib.request.urlopen(urllib.request.Request(url + "id/icb/QRL.json", headers={"If-None-Match": etag}))
    assert unchanged.value.code == 304
    process, off_url, _ = start_server(tmp_path, "--cache-mb", "0")
    try:
        answer = urllib.request.urlopen(off_url + "id/icb/QRL.json")
        assert answer.status == 200 and answer.headers["ETag"] is None
    finally:
        process.terminate()
        process.wait(timeout=30)
    refused = subprocess.run([sys.executable, "-m", "jfp_graph", "serve", "--cache-mb", "-1", "--store", "memory"],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "cache_mb must be 0 (no cache) or more" in refused.stderr
