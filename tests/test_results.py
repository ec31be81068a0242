"""SPARQL 1.1 result serialisations shared by the CLI and the web API, checked by parsing them back."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from jfp_graph.results import select_csv, select_json, select_tsv, select_xml, serialise_boolean

VARIABLES = ["s", "label", "n"]
ROWS = [
    [
        ox.NamedNode("http://example.org/a"),
        ox.Literal('say "hi",\nthen go', language="en-GB"),
        ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ],
    [ox.BlankNode("b0"), None, ox.Literal("x")],
]


def test_json_round_trips_terms_and_flags_truncation():
    document = json.loads(select_json(VARIABLES, ROWS, truncated=True))
    assert document["head"] == {"vars": VARIABLES}
    assert document["truncated"] is True
    assert document["results"]["bindings"] == [
        {
            "s": {"type": "uri", "value": "http://example.org/a"},
            "label": {"type": "literal", "value": 'say "hi",\nthen go', "xml:lang": "en-gb"},
            "n": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
        },
        {"s": {"type": "bnode", "value": "b0"}, "n": {"type": "literal", "value": "x"}},
    ]
    assert "truncated" not in json.loads(select_json(VARIABLES, ROWS))


def test_csv_is_plain_values_with_crlf():
    text = select_csv(VARIABLES, ROWS).decode()
    assert text.endswith("\r\n")
    assert list(csv.reader(io.StringIO(text))) == [
        VARIABLES,
        ["http://example.org/a", 'say "hi",\nthen go', "3"],
        ["_:b0", "", "x"],
    ]


def test_tsv_is_terms_in_ntriples_syntax():
    assert select_tsv(VARIABLES, ROWS).decode().splitlines() == [
        "?s\t?label\t?n",
        '<http://example.org/a>\t"say \\"hi\\",\\nthen go"@en-gb\t"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '_:b0\t\t"x"',
    ]


def test_xml_parses_with_the_results_namespace():
    root = ET.fromstring(select_xml(VARIABLES, ROWS))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == VARIABLES
    first, second = root.findall("r:results/r:result", ns)
    assert first.find("r:binding[@name='label']/r:literal", ns).text == 'say "hi",\nthen go'
    assert second.find("r:binding[@name='s']/r:bnode", ns).text == "b0"
    assert second.find("r:binding[@name='label']", ns) is None


def test_ask_results():
    assert json.loads(serialise_boolean("json", True)) == {"head": {}, "boolean": True}
    assert serialise_boolean("csv", False) == b"false\n"


# -- answers pyoxigraph writes itself (the query workers' path), counted to keep the caps exact -------------------
NATIVE_FORMATS = ("sparql-json", "sparql-xml", "csv", "tsv")
# Values holding what marks a row in one format or another: a row counted from them would be counted wrong.
TRICKY = ['"a},{b"', '"two\\r\\nlines"', '"<result>"', '"q\\",{\\""', '"tab\\there"', '"back\\\\"', "<http://x/a>"]


def _values(count: int) -> str:
    rows = " ".join(f"({TRICKY[i % len(TRICKY)]} {i})" for i in range(count))
    return f"SELECT ?v ?i WHERE {{ VALUES (?v ?i) {{ {rows} }} }}"


def test_native_rows_counts_every_row_whatever_the_values_hold():
    from jfp_graph.web.serialise import NATIVE, native_rows

    store = ox.Store()
    queries = {_values(n): n for n in (0, 1, 2, 7, 40)}
    queries |= {"SELECT * WHERE {}": 1, "SELECT ?x ?y WHERE { VALUES (?x ?y) { (UNDEF UNDEF) (UNDEF UNDEF) } }": 2}
    for query, rows in queries.items():
        for name in NATIVE_FORMATS:
            body = store.query(query).serialize(format=NATIVE["select", name][0])
            assert native_rows(name, body) == rows, (name, query)
    construct = store.query('CONSTRUCT { <http://x/s> <http://x/p> ?v } WHERE { VALUES ?v { "a\\nb" "c" } }')
    assert native_rows("nt", construct.serialize(format=ox.RdfFormat.N_TRIPLES)) == 2


def test_an_answer_within_the_caps_is_pyoxigraphs_own_and_one_past_either_is_refused():
    from jfp_graph.web.serialise import NATIVE, write_natively

    store = ox.Store()
    for name in NATIVE_FORMATS:
        fmt = NATIVE["select", name][0]
        whole = store.query(_values(40)).serialize(format=fmt)
        assert write_natively(store.query(_values(40)), "select", name, 40, len(whole)) == whole, name
        assert write_natively(store.query(_values(41)), "select", name, 40, 10**6) is None, name
        assert write_natively(store.query(_values(40)), "select", name, 40, len(whole) - 1) is None, name
    # Far past the cap, writing stops as soon as the marks show it, not at the byte cap.
    from jfp_graph.web.serialise import _CappedSink, _PastCap

    sink = _CappedSink(limit=1_000, cap=2, mark=b"\n")
    assert sink.write(b"head\n" + b"row\n" * 5) == 25
    with pytest.raises(_PastCap):
        sink.write(b"row\n")
    with pytest.raises(_PastCap):
        _CappedSink(limit=1_000, cap=2, mark=b"\n").write(b"x" * 1_001)


def test_the_quick_bound_on_json_rows_is_never_below_the_count():
    from jfp_graph.web.serialise import _rows_at_most, native_rows

    store = ox.Store()
    for query in (_values(0), _values(1), _values(40), "SELECT * WHERE {}",
                  'SELECT ?type WHERE { VALUES ?type { "\\"type\\":\\"" <http://x/type> } }'):
        body = store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
        assert native_rows("sparql-json", body) <= _rows_at_most("sparql-json", body), query
    plain = store.query("SELECT ?i WHERE { VALUES ?i { 1 2 3 } }").serialize(format=ox.QueryResultsFormat.JSON)
    assert _rows_at_most("sparql-json", plain) == native_rows("sparql-json", plain) == 3
