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


BOM = "\ufeff"
ONE_TRIPLE = {
    "ttl": '<http://example.org/a> <http://example.org/b> "c" .\n',
    "nt": '<http://example.org/a> <http://example.org/b> "c" .\n',
    "nq": '<http://example.org/a> <http://example.org/b> "c" .\n',
    "trig": '<http://example.org/a> <http://example.org/b> "c" .\n',
    "jsonld": '{"@id": "http://example.org/a", "http://example.org/b": "c"}',
    "rdf": '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a"><ex:b>c</ex:b>'
    "</rdf:Description></rdf:RDF>\n",
}


@pytest.mark.parametrize("suffix", sorted(ONE_TRIPLE))
def test_a_byte_order_mark_is_accepted_in_every_text_format(tmp_path, suffix):
    path = write(tmp_path, f"bom.{suffix}", BOM + ONE_TRIPLE[suffix])
    [quad] = read_quads(path)
    assert (quad.subject.value, quad.predicate.value, quad.object.value) == (
        "http://example.org/a", "http://example.org/b", "c"
    )


def test_json_ld_nested_past_the_bound_is_refused_before_parsing(tmp_path):
    # A scoped @context nested a few thousand levels deep crashed the parser (and with it the server).
    context = "{}"
    for n in range(3000):
        context = f'{{"p{n}": {{"@id": "http://example.org/{n}", "@context": {context}}}}}'
    path = write(tmp_path, "deep.jsonld", f'{{"@context": {context}, "@id": "http://example.org/a"}}')
    with pytest.raises(InputError) as caught:
        read_quads(path)
    assert str(caught.value) == f"{path}:1:1: JSON nested more than 100 levels deep is refused"


def test_json_ld_at_the_bound_is_read(tmp_path):
    inner = '"x"'
    for _ in range(99):
        inner = f'{{"http://example.org/p": {inner}}}'
    path = write(tmp_path, "deep.jsonld", f'{{"@id": "http://example.org/a", "http://example.org/p": {inner}}}')
    assert len(read_quads(path)) == 100


def test_rdf_xml_nested_past_the_bound_is_refused_where_the_bound_is_crossed(tmp_path):
    opening = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">\n'
    nested = '<e:p rdf:parseType="Resource">\n' * 100_000 + "</e:p>\n" * 100_000
    path = write(tmp_path, "deep.rdf", opening + nested + "</rdf:RDF>\n")
    with pytest.raises(InputError) as caught:
        read_quads(path)
    assert str(caught.value) == f"{path}:101:1: XML nested more than 100 levels deep is refused"


def test_json_ld_naming_the_projects_context_is_read_with_the_bundled_copy(tmp_path):
    path = write(tmp_path, "plan.jsonld",
                 '{"@context": "https://w3id.org/jfp-graph/context.jsonld", "id": "jfpid:plan/QRL/2030", '
                 '"type": "JointForwardPlan"}')
    [quad] = read_quads(path)
    assert (quad.subject.value, quad.object.value) == (
        "https://w3id.org/jfp-graph/id/plan/QRL/2030", "https://w3id.org/jfp-graph/def#JointForwardPlan"
    )


def test_json_ld_with_any_other_remote_context_is_refused_without_fetching_it(tmp_path):
    path = write(tmp_path, "remote.jsonld", '{"@context": ["https://example.org/ctx.jsonld", {}], "@id": "x:a"}')
    with pytest.raises(InputError) as caught:
        read_quads(path)
    assert str(caught.value) == (
        f"{path}: the JSON-LD context <https://example.org/ctx.jsonld> is not fetched: "
        "use https://w3id.org/jfp-graph/context.jsonld or write the context inline"
    )


def test_malformed_json_ld_names_line_and_column(tmp_path):
    path = write(tmp_path, "bad.jsonld", '{"@id": "http://example.org/a",\n "x": }')
    with pytest.raises(InputError) as caught:
        read_quads(path)
    assert str(caught.value) == f"{path}:2:7: not JSON: Expecting value"
