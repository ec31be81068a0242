"""Parameters are bound as VALUES at the start of the WHERE group, whatever the query or update looks like."""

import pyoxigraph as ox
import pytest

from jfp_graph.sparql import inject_update_values, inject_values

A = ox.NamedNode("http://example.org/a")
B = ox.NamedNode("http://example.org/b")


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


def test_a_sub_select_passing_a_parameter_through_is_bound_inside_too():
    query = "SELECT ?s ?n { ?s ?p ?o { SELECT ?s (COUNT(?x) AS ?n) WHERE { ?s ?q ?x } GROUP BY ?s } }"
    values = "VALUES (?s) { (<http://example.org/a>) }"
    assert inject_values(query, {"s": A, "o": B}) == (
        f"SELECT ?s ?n {{ VALUES (?s ?o) {{ (<http://example.org/a> <http://example.org/b>) }}  ?s ?p ?o "
        f"{{ SELECT ?s (COUNT(?x) AS ?n) WHERE {{ {values}  ?s ?q ?x }} GROUP BY ?s }} }}"
    )


@pytest.mark.parametrize(
    "sub_select",
    [
        "SELECT (?s AS ?t) ?x WHERE { ?s ?q ?x }",  # renamed, not passed through
        "SELECT ?x (SAMPLE(?s) AS ?one) WHERE { ?s ?q ?x } GROUP BY ?x",  # aggregated over
        "SELECT ?s ?x WHERE { ?s ?q ?x } LIMIT 1",  # a slice of all of them
        "SELECT ?s ?x WHERE { ?s ?q ?x } ORDER BY ?x OFFSET 1",
        "SELECT ?x WHERE { ?s ?q ?x }",  # not projected
    ],
)
def test_a_sub_select_that_changes_what_a_parameter_means_is_left_alone(sub_select):
    query = f"SELECT * {{ {{ {sub_select} }} }}"
    top_only = "SELECT * { VALUES (?s) { (<http://example.org/a>) }  { " + sub_select + " } }"
    assert inject_values(query, {"s": A}) == top_only


def test_binding_inside_sub_selects_gives_the_same_answers():
    store = ox.Store()
    for subject, count in ((A, 2), (B, 3)):
        for n in range(count):
            store.add(ox.Quad(subject, A, ox.Literal(n)))
    query = "SELECT ?s ?n { ?s ?p ?o { SELECT ?s (COUNT(?x) AS ?n) WHERE { ?s ?q ?x } GROUP BY ?s } }"
    for subject, count in ((A, 2), (B, 3)):
        rows = {(row["s"], row["n"].value) for row in store.query(inject_values(query, {"s": subject}))}
        assert rows == {(subject, str(count))}
    both = {(row["s"], row["n"].value) for row in store.query(inject_values(query, {"s": [A, B]}))}
    assert both == {(A, "2"), (B, "3")}


def test_a_union_branch_starting_from_a_parameter_is_bound_inside_too():
    query = (
        "SELECT * { ?s ?p ?o { ?s ?q ?x } UNION { ?x ?q ?y ; ?r ?s } UNION { BIND(?s AS ?t) ?s ?q ?x } "
        "UNION { ?x ?q ?y FILTER(?y != ?s) ?x ?r ?s } UNION {} }"
    )
    values = "VALUES (?s) { (<http://example.org/a>) } "
    assert inject_values(query, {"s": A}) == (
        f"SELECT * {{ {values} ?s ?p ?o {{ {values} ?s ?q ?x }} UNION {{ {values} ?x ?q ?y ; ?r ?s }} "
        "UNION { BIND(?s AS ?t) ?s ?q ?x } UNION { ?x ?q ?y FILTER(?y != ?s) ?x ?r ?s } UNION {} }"
    )


def test_a_group_opened_by_a_keyword_is_left_alone_however_far_the_keyword_is():
    # A long comment (and a long GRAPH name) between the keyword and its group: still that keyword's group.
    comment = "# " + "x" * 5000 + "\n"
    graph = "<http://example.org/" + "g" * 500 + ">"
    query = (f"SELECT * {{ ?s ?p ?o OPTIONAL {comment} {{ ?s ?q ?x }} GRAPH {graph} {comment} {{ ?s ?r ?y }} "
             "{ ?s ?t ?z } }")
    values = "VALUES (?s) { (<http://example.org/a>) } "
    assert inject_values(query, {"s": A}) == (
        f"SELECT * {{ {values} ?s ?p ?o OPTIONAL {comment} {{ ?s ?q ?x }} GRAPH {graph} {comment} {{ ?s ?r ?y }} "
        f"{{ {values} ?s ?t ?z }} }}"
    )


def test_binding_inside_union_branches_gives_the_same_answers():
    store = ox.Store()
    store.add(ox.Quad(A, A, B))
    store.add(ox.Quad(B, A, A))
    query = "SELECT ?s ?o ?t { { ?s ?p ?o } UNION { BIND(?s AS ?t) ?s ?p ?o } UNION {} }"
    for subject in (A, B):
        found = [tuple(row) for row in store.query(inject_values(query, {"s": subject}))]
        other = B if subject == A else A
        # The second branch's BIND sees ?s unbound, as SPARQL scopes it; the empty branch gives the bare row.
        expected = [(subject, other, None), (subject, other, None), (subject, None, None)]
        assert sorted(map(str, found)) == sorted(map(str, expected))


# -- updates: the WHERE group of every operation, never a template ------------------------------------
def test_update_values_go_into_the_where_group_not_the_templates():
    update = 'DELETE { ?s ?p ?o } INSERT { ?s ?p "WHERE {" } WHERE { ?s ?p ?o }'
    assert inject_update_values(update, {"s": A}) == (
        'DELETE { ?s ?p ?o } INSERT { ?s ?p "WHERE {" } WHERE { VALUES (?s) { (<http://example.org/a>) }  ?s ?p ?o }'
    )


def test_every_operation_is_bound_and_sub_selects_are_left_alone():
    update = "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o } ;\nINSERT { ?s ?p 1 } where { { SELECT ?s WHERE { ?s ?p ?o } } }"
    values = " VALUES (?s) { (<http://example.org/a>) } "
    assert inject_update_values(update, {"s": A}) == (
        f"DELETE {{ ?s ?p ?o }} WHERE {{{values} ?s ?p ?o }} ;\n"
        f"INSERT {{ ?s ?p 1 }} where {{{values} {{ SELECT ?s WHERE {{ ?s ?p ?o }} }} }}"
    )


def test_delete_where_is_written_out_to_have_a_where_group():
    bound = inject_update_values("DELETE WHERE { ?s ?p ?o }", {"s": A})
    assert bound == "DELETE { ?s ?p ?o } WHERE { VALUES (?s) { (<http://example.org/a>) }  ?s ?p ?o }"
    store = ox.Store()
    store.add(ox.Quad(A, A, A))
    store.add(ox.Quad(B, A, A))
    store.update(bound)
    assert list(store) == [ox.Quad(B, A, A)]


def test_an_update_without_a_where_group_is_refused_only_with_bindings():
    assert inject_update_values("INSERT DATA { <a> <b> <c> }", {}) == "INSERT DATA { <a> <b> <c> }"
    with pytest.raises(ValueError, match="no WHERE group"):
        inject_update_values("INSERT DATA { <a> <b> <c> }", {"s": A})


def test_where_values_go_is_found_once_per_text_and_names_but_each_call_binds_its_own_values():
    query = "SELECT * { ?s ?p ?o { ?s ?q ?x } UNION { ?x ?q ?y } }"
    b = ox.NamedNode("http://example.org/b")
    first, second = inject_values(query, {"s": A}), inject_values(query, {"s": b})
    assert first.count("<http://example.org/a>") == 2 and "example.org/b" not in first
    assert second == first.replace("<http://example.org/a>", "<http://example.org/b>")
    assert inject_values(query, {"s": [A, b]}).count("(<http://example.org/a>) (<http://example.org/b>)") == 2
