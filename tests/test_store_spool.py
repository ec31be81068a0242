"""What a write's Derive hook reads of the graphs the write created (a spool, not the store), and how the
graphs it derives are written: bulk-loaded when new, all or nothing with the rest of the write."""

import pyoxigraph as ox
import pytest

from jfp_graph.journal import JOURNAL_FILE
from jfp_graph.store import EmbeddedStore, Spool, SpooledGraphs
from jfp_graph.validation import refresh

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def quad(s: str, o: ox.Literal | ox.NamedNode, graph: str = "") -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), o, ox.NamedNode(graph) if graph else ox.DefaultGraph())


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def test_the_spool_gives_back_a_graph_as_the_store_holds_it():
    g = EX + "g"
    quads = [
        quad("a", typed("01", "integer"), g),
        quad("a", typed("1", "integer"), g),  # the same quad once the integer is canonical
        quad("b", typed("1.50", "decimal"), g),
        quad("c", ox.Literal("x", language="en-GB"), g),
        quad("d", typed("2024-1-01", "date"), g),  # ill-typed: kept as written
        quad("e", ox.Literal("01"), g),
        ox.Quad(ox.BlankNode("b1"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "o"), ox.NamedNode(g)),
        quad("e", ox.Literal("01"), g),
    ]
    store = ox.Store()
    store.extend(quads)
    spool = Spool()
    spool.add(g, quads[:4])
    spool.add(g, quads[4:])
    read = spool.quads(g)
    assert len(read) == 6
    assert set(read) == set(store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    assert quad("a", typed("1", "integer"), g) in read and quad("b", typed("1.5", "decimal"), g) in read


def test_the_derive_hook_reads_the_created_graphs_as_the_store_then_holds_them(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    seen: dict[str, list[ox.Quad]] = {}

    def derive(view, changed):
        seen.update({graph: list(view.quads(graph)) for graph in sorted(changed)})
        return {}

    store.derived = derive
    g, h = EX + "g", EX + "h"
    g_quads = [quad("a", typed("007", "integer")), quad("b", ox.Literal("x"))]
    store.write([(g, g_quads), (h, [quad("c", ox.Literal("y"))])])
    assert sorted(seen) == [g, h]
    for graph in (g, h):
        assert set(seen[graph]) == set(store.quads(graph)) and len(seen[graph]) == len(list(store.quads(graph)))
    assert quad("a", typed("7", "integer"), g) in seen[g]


def test_new_derived_graphs_are_written_with_the_write_and_held_ones_replaced(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    held, new, g = EX + "derived/held", EX + "derived/new", EX + "g"
    store.write_graph(held, [quad("old", ox.Literal("old"), held)])

    def derive(view, changed):
        return {held: [quad("h", ox.Literal("held"))], new: [quad("n", ox.Literal("new"))]}

    store.derived = derive
    assert store.write([(g, [quad("a", ox.Literal("x"))])]) == [g]  # the graphs the write was given
    assert sorted(store.graph_names()) == [held, new, g]
    assert list(store.quads(held)) == [quad("h", ox.Literal("held"), held)]
    assert list(store.quads(new)) == [quad("n", ox.Literal("new"), new)]
    assert not (tmp_path / "store" / JOURNAL_FILE).exists()


class FailingGraphs(SpooledGraphs):
    """Derived graphs one of which cannot be read: the write fails after the others were bulk-loaded."""

    def __getitem__(self, graph: str) -> list[ox.Quad]:
        if graph == EX + "derived/b":
            raise RuntimeError("cannot read " + graph)
        return super().__getitem__(graph)


def test_a_write_failing_while_writing_derived_graphs_leaves_the_store_as_it_was(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    kept = EX + "kept"
    store.write_graph(kept, [quad("k", ox.Literal("k"), kept)])

    def derive(view, changed):
        graphs = FailingGraphs()
        graphs[EX + "derived/a"] = [quad("a", ox.Literal("a"))]
        graphs[EX + "derived/b"] = [quad("b", ox.Literal("b"))]
        return graphs

    store.derived = derive
    store.bulk_batch = 1  # derived/a is in the store when derived/b fails
    with pytest.raises(RuntimeError, match="cannot read"):
        store.write([(EX + "g", [quad("a", ox.Literal("x"))])])
    assert store.graph_names() == [kept]
    assert not (tmp_path / "store" / JOURNAL_FILE).exists()


def test_spooled_graphs_keep_their_quads_and_the_graphs_to_empty():
    graphs = SpooledGraphs()
    a, b = EX + "a", EX + "b"
    graphs[a] = [quad("x", ox.Literal("1"))]
    graphs[b] = []
    graphs[a] = [quad("y", ox.Literal("2")), quad("z", ox.Literal("3"))]
    assert sorted(graphs) == [a, b] and len(graphs) == 2
    assert graphs[a] == [quad("y", ox.Literal("2")), quad("z", ox.Literal("3"))] and graphs[b] == []
    del graphs[b]
    assert list(graphs) == [a] and b not in graphs
    with pytest.raises(KeyError):
        graphs[b]


class Held:
    """A view holding plan graphs of given sizes."""

    def __init__(self, sizes: dict[str, int]) -> None:
        self.sizes = sizes

    def quads(self, graph: str) -> list[ox.Quad]:
        return [quad(f"s{i}", ox.Literal(str(i))) for i in range(self.sizes[graph])]


def test_plans_are_read_in_batches_bounded_by_plans_and_by_quads(monkeypatch):
    monkeypatch.setattr(refresh, "BATCH", 3)
    monkeypatch.setattr(refresh, "BATCH_QUADS", 10)
    sizes = {refresh.PLAN_GRAPHS + name: size for name, size in
             [("p1", 2), ("p2", 2), ("p3", 2), ("p4", 2), ("p5", 6), ("p6", 4), ("p7", 25), ("p8", 1)]}
    batches = list(refresh._batches(Held(sizes), list(sizes)))
    assert [[plan.rsplit("/", 1)[1] for plan, _ in batch] for batch in batches] == [
        ["p1", "p2", "p3"], ["p4", "p5"], ["p6"], ["p7"], ["p8"]
    ]
    assert [len(quads) for batch in batches for _, quads in batch] == list(sizes.values())


def test_the_spool_still_gives_stored_forms_once_its_literal_memory_starts_again(monkeypatch):
    # A literal it knew before starting again is looked up again, not written as given.
    monkeypatch.setattr("jfp_graph.store.STORED_LITERALS_KEPT", 1)
    spool = Spool()
    spool.add(EX + "a", [quad("a", typed("01", "integer"), EX + "a"), quad("b", typed("02", "integer"), EX + "a")])
    spool.add(EX + "b", [quad("a", typed("01", "integer"), EX + "b"), quad("c", typed("03", "integer"), EX + "b")])
    assert sorted(q.object.value for q in spool.quads(EX + "b")) == ["1", "3"]
