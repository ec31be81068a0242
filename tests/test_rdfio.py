"""Reading RDF from outside: every failure is located and nothing is half-read."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from jfp_graph.rdfio import InputError, read_quads


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_turtle_parses_into_the_given_graph(tmp_path):
    path = write(tmp_path, "ok.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n")
    graph = ox.NamedNode("http://example.org/g")
    assert read_quads(path, default_graph=graph) == [
        ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.NamedNode("http://example.org/c"), graph)
    ]


def test_turtle_syntax_error_names_file_line_and_column(tmp_path):
    path = write(tmp_path, "bad.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    with pytest.raises(InputError) as caught:
        read_quads(path)
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(path), 3, 11)
    assert str(caught.value) == f"{path}:3:11: Unexpected end of file"


def test_undefined_prefix_is_located(tmp_path):
    path = write(tmp_path, "prefix.ttl", "ex:a ex:b ex:c .\n")
    with pytest.raises(InputError) as caught:
        read_quads(path)
    assert caught.value.line == 1
    assert "ex" in caught.value.reason


def test_unknown_suffix_is_refused_with_the_known_list(tmp_path):
    path = write(tmp_path, "plan.csv", "a,b\n")
    with pytest.raises(InputError) as caught:
        read_quads(path)
    assert caught.value.reason.startswith("unknown format '.csv' (known suffixes: .json, .jsonld")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_quads(tmp_path / "absent.ttl")
    assert caught.value.reason.startswith("cannot read file")


def test_rdf_xml_with_a_doctype_is_refused_before_parsing(tmp_path):
    lol = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:b>&b;</ex:b></rdf:Description></rdf:RDF>\n'
    )
    path = write(tmp_path, "lol.rdf", lol)
    with pytest.raises(InputError) as caught:
        read_quads(path)
    assert (caught.value.line, caught.value.column) == (2, 1)
    assert "DOCTYPE" in caught.value.reason


def test_trig_keeps_its_named_graphs(tmp_path):
    path = write(tmp_path, "g.trig", "<http://example.org/g1> { <http://example.org/a> <http://example.org/b> 1 }\n")
    (quad,) = read_quads(path, default_graph=ox.NamedNode("http://example.org/other"))
    assert quad.graph_name == ox.NamedNode("http://example.org/g1")
