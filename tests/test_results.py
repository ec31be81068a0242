"""SPARQL 1.1 result serialisations shared by the CLI and the web API, checked by parsing them back."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox

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
