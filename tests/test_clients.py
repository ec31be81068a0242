"""Real SPARQL clients against a real `jfp-graph serve` (the bundle, on a free loopback port): SPARQLWrapper with GET
and POST in every return format it offers, rdflib's SPARQLStore, and curl with every media type the SPARQL 1.1
Protocol and the RDF formats define. Each answer is read back in its own format and compared with what the
embedded store answers to the same query. (YASGUI, in Chromium: tests/browser.)
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import urllib.error
import warnings

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from jfp_graph.queries import load_query

QRL = "https://w3id.org/jfp-graph/id/icb/QRL"
QUERIES = {
    # IRIs, language-tagged and typed literals, computed booleans and unbound cells, in a total order.
    "SELECT": load_query("plans").text,
    "ASK": f"ASK {{ <{QRL}> a <https://w3id.org/jfp-graph/def#IntegratedCareBoard> }}",
    "CONSTRUCT": f"CONSTRUCT {{ ?icb ?p ?o }} WHERE {{ VALUES ?icb {{ <{QRL}> }} ?icb ?p ?o }}",
    "DESCRIBE": f"DESCRIBE <{QRL}>",
}
TABLES, GRAPHS = ("SELECT", "ASK"), ("CONSTRUCT", "DESCRIBE")
# Media type asked for → the Content-Type of the answer (None: not offered for that form, 406).
RESULTS_MEDIA = {
    "application/sparql-results+json": "application/sparql-results+json; charset=utf-8",
    "application/sparql-results+xml": "application/sparql-results+xml; charset=utf-8",
    "text/csv": "text/csv; charset=utf-8",
    "text/tab-separated-values": "text/tab-separated-values; charset=utf-8",
}
GRAPH_MEDIA = {
    "text/turtle": "text/turtle; charset=utf-8",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json; charset=utf-8",
    "application/rdf+xml": "application/rdf+xml",
}
DATASET_MEDIA = ("application/n-quads", "application/trig")  # a query's graph has no named graphs to write
OFFERED = {"tables": "json, xml, csv, tsv, html", "graphs": "ttl, nt, jsonld, rdf, html"}
RESULTS_READERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_READERS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@pytest.fixture(scope="module")
def expected(example_store) -> dict:
    """Each query's answer from the embedded store: rows of terms, a boolean, or a set of triples."""
    answers = {}
    for form, query in QUERIES.items():
        found = example_store.run_query(query)
        if form == "SELECT":
            answers[form] = (found.columns, [tuple(row[c] for c in found.columns) for row in found.rows])
        else:
            answers[form] = found if form == "ASK" else set(found)
    assert answers["ASK"] is True and len(answers["SELECT"][1]) == 8 and len(answers["CONSTRUCT"]) > 10
    return answers


def as_text(answer: tuple[list[str], list[tuple]]) -> tuple[list[str], list[tuple[str, ...]]]:
    """A table as CSV and HTML write it: each cell's text, empty when unbound."""
    columns, rows = answer
    return columns, [tuple("" if term is None else term.value for term in row) for row in rows]


def read(form: str, media_type: str, body: bytes):
    """An answer read back from ``body`` in its format, to compare with ``expected[form]``."""
    if form in GRAPHS:
        if media_type == "text/html":  # one triple a line, its terms written as in N-Triples
            (shown,) = re.findall(r"<pre>(.*?)</pre>", html.unescape(body.decode()), re.DOTALL)
            body, media_type = "".join(f"{line} .\n" for line in shown.splitlines()).encode(), "application/n-triples"
        return {q.triple for q in ox.parse(body, format=GRAPH_READERS[media_type])}
    if form == "ASK":
        if media_type == "text/html":
            return re.search(r'<p class="boolean">(\w+)</p>', body.decode()).group(1) == "true"
        if media_type in ("text/csv", "text/tab-separated-values"):
            return {"true\n": True, "false\n": False}[body.decode()]
        return bool(ox.parse_query_results(body, format=RESULTS_READERS[media_type]))
    if media_type == "text/csv":
        header, *rows = csv.reader(io.StringIO(body.decode()))
        return header, [tuple(row) for row in rows]
    if media_type == "text/html":
        page = body.decode()
        header = re.findall(r"<th>(.*?)</th>", page)
        rows = re.findall(r"<tr>((?:<td>.*?</td>)+)</tr>", page)
        return header, [tuple(html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)) for row in rows]
    solutions = ox.parse_query_results(body, format=RESULTS_READERS[media_type])
    columns = [v.value for v in solutions.variables]
    return columns, [tuple(solution[c] for c in columns) for solution in solutions]


def want(form: str, media_type: str, expected: dict):
    """``expected[form]`` as a format that writes every cell as text (CSV, HTML) can show it."""
    if form == "SELECT" and media_type in ("text/csv", "text/html"):
        return as_text(expected[form])
    return expected[form]


# -- SPARQLWrapper -------------------------------------------------------------------------------------------------
# Return format → the Content-Type answered, for the forms it applies to: results formats for SELECT and ASK,
# graph formats for CONSTRUCT and DESCRIBE (None: SPARQLWrapper's default, XML).
WRAPPER_TABLES = {
    JSON: "application/sparql-results+json",
    XML: "application/sparql-results+xml",
    CSV: "text/csv",
    TSV: "text/tab-separated-values",
    None: "application/sparql-results+xml",
}
WRAPPER_GRAPHS = {
    XML: "application/rdf+xml",
    RDFXML: "application/rdf+xml",
    N3: "text/turtle",
    TURTLE: "text/turtle",
    JSONLD: "application/ld+json",
    None: "application/rdf+xml",
}
# Formats that do not apply to a form (SPARQLWrapper itself warns, and sends Accept: */*): a clear 406.
WRAPPER_MISMATCHES = [(form, f) for form in TABLES for f in (N3, TURTLE, RDF, RDFXML, JSONLD)] + [
    (form, f) for form in GRAPHS for f in (JSON, CSV, TSV)
]


def wrapper(url: str, form: str, return_format: str | None, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(QUERIES[form])
    client.setMethod(method)
    if return_format is not None:
        client.setReturnFormat(return_format)
    return client


def converted(form: str, media_type: str, value):
    """What SPARQLWrapper's ``convert()`` gave, read as ``read`` reads a body."""
    if isinstance(value, rdflib.Graph):
        return read(form, "application/n-triples", value.serialize(format="nt", encoding="utf-8"))
    if isinstance(value, dict):
        return read(form, media_type, json.dumps(value).encode())
    if hasattr(value, "toxml"):  # a DOM document: results XML
        return read(form, media_type, value.toxml("utf-8"))
    return read(form, media_type, value)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    "form, return_format",
    [(form, f) for form in TABLES for f in WRAPPER_TABLES] + [(form, f) for form in GRAPHS for f in WRAPPER_GRAPHS],
    ids=str,
)
def test_sparqlwrapper_gets_every_format_it_offers(form, return_format, method, example_serve, expected):
    media_type = (WRAPPER_TABLES if form in TABLES else WRAPPER_GRAPHS)[return_format]
    result = wrapper(example_serve.url, form, return_format, method).query()
    assert result.info()["content-type"] == (RESULTS_MEDIA | GRAPH_MEDIA)[media_type]
    assert converted(form, media_type, result.convert()) == want(form, media_type, expected)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("form, return_format", WRAPPER_MISMATCHES, ids=str)
def test_sparqlwrapper_asking_a_format_the_form_has_not_is_told_which_it_has(form, return_format, method,
                                                                             example_serve):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # SPARQLWrapper's own: the format does not fit the form
        with pytest.raises(urllib.error.HTTPError) as refused:  # SPARQLWrapper passes a 406 on as it is
            wrapper(example_serve.url, form, return_format, method).query()
    offered = OFFERED["tables" if form in TABLES else "graphs"]
    assert (refused.value.code, json.loads(refused.value.read())) == (
        406, {"error": f"format '{return_format}' is not offered here; choose one of: {offered}", "status": 406}
    )


# -- rdflib SPARQLStore --------------------------------------------------------------------------------------------
def test_rdflib_sparqlstore_selects_and_constructs(example_serve, expected):
    graph = rdflib.Graph(store=SPARQLStore(example_serve.url + "/sparql"))
    columns, rows = expected["SELECT"]
    selected = graph.query(QUERIES["SELECT"])
    assert [str(v) for v in selected.vars] == columns
    assert [tuple(None if cell is None else cell.n3() for cell in row) for row in selected] == [
        tuple(None if term is None else str(term) for term in row) for row in rows
    ]
    constructed = graph.query(QUERIES["CONSTRUCT"]).graph
    assert read("CONSTRUCT", "application/n-triples", constructed.serialize(format="nt", encoding="utf-8")) == (
        expected["CONSTRUCT"]
    )


# -- curl ----------------------------------------------------------------------------------------------------------
def curl(url: str, form: str, accept: str, method: str) -> tuple[int, str, bytes]:
    """``curl`` asking for ``accept``: a GET, or a POSTed form."""
    get = ["--get"] if method == "GET" else []
    done = subprocess.run(
        ["curl", "--silent", "--show-error", *get, "--data-urlencode", f"query={QUERIES[form]}",
         "--header", f"Accept: {accept}", "--write-out", "\n%{http_code} %{content_type}", url + "/sparql"],
        capture_output=True, timeout=60, check=True,
    )
    body, _, status = done.stdout.rpartition(b"\n")
    code, _, content_type = status.decode().partition(" ")
    return int(code), content_type, body


ALL_MEDIA = [*RESULTS_MEDIA, *GRAPH_MEDIA, *DATASET_MEDIA, "text/html"]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("accept", ALL_MEDIA)
@pytest.mark.parametrize("form", list(QUERIES))
def test_curl_with_every_media_type(form, accept, method, example_serve, expected):
    status, content_type, body = curl(example_serve.url, form, accept, method)
    offered = (RESULTS_MEDIA if form in TABLES else GRAPH_MEDIA) | {"text/html": "text/html; charset=utf-8"}
    if accept not in offered:
        kind = "tables" if form in TABLES else "graphs"
        assert (status, content_type, json.loads(body)) == (
            406,
            "application/json",
            {"error": f"none of the accepted media types ({accept}) is offered; offered: {OFFERED[kind]}",
             "status": 406},
        )
        return
    assert (status, content_type) == (200, offered[accept])
    assert read(form, accept, body) == want(form, accept, expected)
