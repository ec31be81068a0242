"""Parameters are bound as VALUES at the start of the WHERE group, whatever the query looks like."""

import pyoxigraph as ox
import pytest

from jfp_graph.sparql import inject_values

A = ox.NamedNode("http://example.org/a")


def test_values_go_inside_the_where_group_not_into_comments_strings_or_iris():
    query = 'PREFIX ex: <http://example.org/>\n# { not this\nSELECT ?o WHERE { ?s ex:p "{" ; ex:q ?o }'
    assert inject_values(query, {"s": A}) == (
        'PREFIX ex: <http://example.org/>\n# { not this\nSELECT ?o WHERE { VALUES (?s) { (<http://example.org/a>) }  '
        '?s ex:p "{" ; ex:q ?o }'
    )


def test_construct_template_is_skipped():
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert inject_values(query, {"s": A}) == (
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://example.org/a>) }  ?s ?p ?o }"
    )


def test_literals_are_escaped_by_the_serialiser():
    injected = inject_values("SELECT * { ?s ?p ?o }", {"o": ox.Literal('x" } ; DROP ALL #')})
    store = ox.Store()
    store.add(ox.Quad(A, A, ox.Literal('x" } ; DROP ALL #')))
    assert len(list(store.query(injected))) == 1


def test_no_bindings_leaves_the_query_alone():
    assert inject_values("SELECT * {}", {}) == "SELECT * {}"


def test_a_query_without_a_group_is_refused():
    with pytest.raises(ValueError):
        inject_values("SELECT *", {"s": A})


def test_invalid_iris_cannot_be_made():
    with pytest.raises(ValueError):
        ox.NamedNode("http://example.org/a> } ; DROP ALL ; <x")
