"""The embedded store: graph writes are all-or-nothing and survive reopening."""

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import triples_in

from jfp_graph.layout import CATALOGUE_GRAPH
from jfp_graph.loader import GraphLoad, LoadConflict, catalogue_digests, parse_document_file, write_loads
from jfp_graph.paths import BUNDLE_ROOT, EXAMPLES_DIR
from jfp_graph.rdfio import InputError
from jfp_graph.store import EmbeddedStore, StoreError

EX = "http://example.org/"
GRAPH = "https://w3id.org/jfp-graph/graph/"
PLANS = EXAMPLES_DIR / "plans"
STRATEGIES = EXAMPLES_DIR / "strategies"


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


def test_bulk_write_commits_batch_by_batch_and_removes_every_new_graph_when_the_stream_fails(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    old = EX + "old"
    store.write_graph(old, [triple("a", "b", old)])
    store.bulk_batch = 3
    seen = []

    def graphs():
        for n in range(3):
            graph = f"{EX}new{n}"
            yield graph, [triple(f"s{i}", "o", graph) for i in range(5)]
            seen.append(store.graph_sizes())
        raise InputError("late.ttl", "broken", 2, 7)

    with pytest.raises(InputError) as caught:
        store.bulk_write(graphs())
    assert str(caught.value) == "late.ttl:2:7: broken"
    # Each batch of 3 quads was in the store before the next was read: memory holds a batch, not the load.
    assert seen == [
        {old: 1, EX + "new0": 3},
        {old: 1, EX + "new0": 5, EX + "new1": 4},
        {old: 1, EX + "new0": 5, EX + "new1": 5, EX + "new2": 5},
    ]
    assert store.graph_sizes() == {old: 1}
    assert {q.subject.value for q in store.quads()} == {EX + "a"}


def test_bulk_write_refuses_a_graph_the_store_holds_and_keeps_nothing_of_that_call(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    old, new = EX + "old", EX + "new"
    store.write_graph(old, [triple("a", "b", old)])
    with pytest.raises(ValueError) as caught:
        store.bulk_write([(new, [triple("n", "m", new)]), (old, [triple("x", "y", old)])])
    assert str(caught.value) == f"graph <{old}> is already in the store: bulk writes only create graphs"
    assert store.graph_sizes() == {old: 1}


def test_bulk_write_places_quads_in_the_graph_they_come_with(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    g = EX + "g"
    default = ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "b"))
    elsewhere = triple("c", "d", EX + "elsewhere")
    assert store.bulk_write([(g, [default, elsewhere])]) == [g]
    assert store.graph_sizes() == {g: 2}


def _expected_graph(path: Path, graph: str) -> set[ox.Quad]:
    """The file as Oxigraph's own loader puts it in ``graph`` (a store writes literals in canonical form)."""
    raw = ox.Store()
    raw.load(path=str(path), to_graph=ox.NamedNode(graph))
    return set(raw)


def test_a_streamed_load_writes_each_file_to_its_graph_and_the_catalogue_last(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.bulk_batch = 500  # several batches, with files straddling them
    files = {
        PLANS / "QRL-2023.ttl": GRAPH + "plan/QRL/2023",
        PLANS / "QRL-2024.ttl": GRAPH + "plan/QRL/2024",
        STRATEGIES / "ics-QRL-2023.ttl": GRAPH + "ics/QRL/2023",
        STRATEGIES / "national.ttl": GRAPH + "national",
    }
    catalogued_while_loading = []

    def progress(load):
        catalogued_while_loading.append(len(list(store.quads(CATALOGUE_GRAPH))))

    written = write_loads(store, (parse_document_file(p) for p in files), replace=False, progress=progress)
    assert written == list(files.values())
    assert catalogued_while_loading == [0, 0, 0, 0]
    for path, graph in files.items():
        assert set(store.quads(graph)) == _expected_graph(path, graph), graph
    assert store.graph_sizes() == {
        **{graph: triples_in(path) for path, graph in files.items()}, CATALOGUE_GRAPH: 12,
    }
    assert catalogue_digests(store) == {
        frozenset({str(path.relative_to(BUNDLE_ROOT))}): "sha256:"
        + hashlib.sha256(path.name.encode() + path.read_bytes()).hexdigest()
        for path in files
    }
    modified = [q.object for q in store.quads(CATALOGUE_GRAPH) if q.predicate.value == "http://purl.org/dc/terms/modified"]
    assert [m.datatype.value for m in modified] == ["http://www.w3.org/2001/XMLSchema#dateTime"] * 4


def test_a_conflict_in_the_third_file_removes_the_graphs_of_the_first_two(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    write_loads(store, [parse_document_file(PLANS / "QRL-2024.ttl")])
    before = set(store.quads())
    store.bulk_batch = 100
    files = [PLANS / "QNQ-2024.ttl", STRATEGIES / "ics-QRL-2023.ttl", PLANS / "QRL-2024.ttl"]
    with pytest.raises(LoadConflict) as caught:
        write_loads(store, (parse_document_file(p) for p in files), replace=False)
    assert str(caught.value) == (
        f"{PLANS / 'QRL-2024.ttl'}: graph <{GRAPH}plan/QRL/2024> is already in the store; use --replace to replace it"
    )
    assert set(store.quads()) == before


def test_replacing_graphs_and_adding_new_ones_in_one_load(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    write_loads(store, [parse_document_file(PLANS / "QRL-2023.ttl"), parse_document_file(PLANS / "QRL-2024.ttl")])
    smaller = tmp_path / "QRL-2024.ttl"
    smaller.write_text(
        "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n"
        "<https://w3id.org/jfp-graph/id/plan/QRL/2024> a jfp:JointForwardPlan .\n"
    )
    files = [smaller, PLANS / "QNQ-2024.ttl"]
    assert write_loads(store, (parse_document_file(p) for p in files), replace=True) == [
        GRAPH + "plan/QRL/2024", GRAPH + "plan/QNQ/2024"
    ]
    assert store.graph_sizes() == {
        GRAPH + "plan/QRL/2023": triples_in(PLANS / "QRL-2023.ttl"), GRAPH + "plan/QRL/2024": 1,
        GRAPH + "plan/QNQ/2024": triples_in(PLANS / "QNQ-2024.ttl"), CATALOGUE_GRAPH: 9
    }
    assert set(catalogue_digests(store)) == {
        frozenset({"data/examples/plans/QRL-2023.ttl"}),
        frozenset({str(smaller.resolve())}),
        frozenset({"data/examples/plans/QNQ-2024.ttl"}),
    }
