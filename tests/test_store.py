"""The embedded store: graph writes are all-or-nothing and survive reopening."""

import pyoxigraph as ox
import pytest

from jfp_graph.loader import GraphLoad, catalogue_digests, parse_document_file, write_loads
from jfp_graph.rdfio import InputError
from jfp_graph.store import EmbeddedStore, StoreError

EX = "http://example.org/"


def triple(s: str, o: str, graph: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.NamedNode(EX + o), ox.NamedNode(graph))


def test_write_replace_and_add(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    g = EX + "g"
    store.write_graph(g, [triple("a", "b", g), triple("a", "c", g)])
    store.write_graph(g, [triple("x", "y", g)], replace=True)
    assert store.graph_sizes() == {g: 1}
    store.write_graph(g, [triple("x", "z", g)], replace=False)
    assert store.graph_sizes() == {g: 2}
    assert store.graph_names() == [g]  # no staging graph is left behind


def test_replacing_with_nothing_empties_the_graph():
    store = EmbeddedStore()
    g = EX + "g"
    store.write_graph(g, [triple("a", "b", g)])
    store.write_graph(g, [], replace=True)
    assert store.graph_sizes() == {}


def test_on_disk_store_survives_reopening(tmp_path):
    location = tmp_path / "store"
    g = EX + "g"
    first = EmbeddedStore(location)
    first.write_graph(g, [triple("a", "b", g)])
    first.flush()
    del first
    assert EmbeddedStore(location).graph_sizes() == {g: 1}


def test_select_binds_parameters_as_values():
    store = EmbeddedStore()
    g = EX + "g"
    store.write_graph(g, [triple("a", "b", g), triple("c", "d", g)])
    result = store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": ox.NamedNode(EX + "c")})
    assert result.columns == ["o"]
    assert [row["o"] for row in result.rows] == [ox.NamedNode(EX + "d")]


def test_unopenable_location_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError):
        EmbeddedStore(blocker / "store")


def test_document_file_goes_to_its_documents_graph(tmp_path):
    path = tmp_path / "plan.ttl"
    path.write_text(
        "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n"
        "<https://w3id.org/jfp-graph/id/plan/QRL/2024> a jfp:JointForwardPlan .\n"
    )
    load = parse_document_file(path)
    assert load.graph == "https://w3id.org/jfp-graph/graph/plan/QRL/2024"
    store = EmbeddedStore()
    write_loads(store, [load])
    assert store.graph_sizes()[load.graph] == 1
    assert catalogue_digests(store) == {frozenset({str(path.resolve())}): load.digest}


def test_a_file_with_two_documents_is_refused(tmp_path):
    path = tmp_path / "two.ttl"
    path.write_text(
        "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n"
        "<https://w3id.org/jfp-graph/id/plan/QRL/2024> a jfp:JointForwardPlan .\n"
        "<https://w3id.org/jfp-graph/id/plan/QNQ/2024> a jfp:JointForwardPlan .\n"
    )
    with pytest.raises(InputError) as caught:
        parse_document_file(path)
    assert caught.value.reason == (
        "expected exactly one document (plan edition, strategy, JLHWS, JSNA or capital plan) per file, found "
        "https://w3id.org/jfp-graph/id/plan/QNQ/2024, https://w3id.org/jfp-graph/id/plan/QRL/2024"
    )


def test_catalogue_records_one_entry_per_graph(tmp_path):
    store = EmbeddedStore()
    g = EX + "g"
    source = tmp_path / "a.ttl"
    source.write_text("")
    for _ in range(2):
        write_loads(store, [GraphLoad(g, [source], [triple("a", "b", g)])])
    assert len(catalogue_digests(store)) == 1


def test_select_binding_a_variable_outside_the_projection():
    store = EmbeddedStore()
    g = EX + "g"
    store.write_graph(g, [triple("a", "b", g), triple("c", "d", g)])
    result = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"s": ox.NamedNode(EX + "a")})
    assert [int(row["n"].value) for row in result.rows] == [1]


def test_new_graphs_are_removed_again_when_the_rest_of_the_write_fails(monkeypatch):
    import jfp_graph.store as store_module

    store = EmbeddedStore()
    old, new = EX + "old", EX + "new"
    store.write_graph(old, [triple("a", "b", old)])
    # Make the transactional part of the write fail after the new graph has been bulk-loaded.
    monkeypatch.setattr(store_module, "_replacement", lambda *args: "THIS IS NOT SPARQL")
    with pytest.raises(StoreError):
        store.write_graphs({new: [triple("n", "m", new)], old: [triple("x", "y", old)]})
    assert store.graph_sizes() == {old: 1}
    assert [q.subject.value for q in store.quads(old)] == [EX + "a"]


def test_replacing_and_adding_in_one_write():
    store = EmbeddedStore()
    kept, replaced, added = EX + "kept", EX + "replaced", EX + "added"
    store.write_graphs({kept: [triple("k", "k", kept)], replaced: [triple("r", "r", replaced)]})
    store.write_graphs({replaced: [triple("r2", "r2", replaced)], added: [triple("a", "a", added)]}, replace=True)
    assert store.graph_sizes() == {kept: 1, replaced: 1, added: 1}
    assert [q.subject.value for q in store.quads(replaced)] == [EX + "r2"]
