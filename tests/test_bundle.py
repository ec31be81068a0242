"""The bundled graph loads into any store, reloads only what changed, and refuses broken files whole."""

import shutil
from pathlib import Path

import pytest

from jfp_graph.bundle import BundleError, ensure_bundle
from jfp_graph.layout import ONTOLOGY_GRAPH, REFERENCE_GRAPH, STATUTE_GRAPH
from jfp_graph.paths import BUNDLE_ROOT
from jfp_graph.rdfio import InputError
from jfp_graph.store import EmbeddedStore


@pytest.fixture
def bundle_copy(tmp_path: Path) -> Path:
    root = tmp_path / "bundle"
    shutil.copytree(BUNDLE_ROOT / "ontology", root / "ontology")
    (root / "data").mkdir()
    for name in ("statute.ttl", "reference.ttl"):
        shutil.copy(BUNDLE_ROOT / "data" / name, root / "data" / name)
    return root


def test_loads_fixed_graphs_once(bundle_copy):
    store = EmbeddedStore()
    assert ensure_bundle(store, bundle_copy, include_examples=False) == [ONTOLOGY_GRAPH, STATUTE_GRAPH, REFERENCE_GRAPH]
    assert ensure_bundle(store, bundle_copy, include_examples=False) == []


def test_reloads_only_the_changed_graph(bundle_copy):
    store = EmbeddedStore()
    ensure_bundle(store, bundle_copy, include_examples=False)
    before = store.graph_sizes()
    with (bundle_copy / "data" / "statute.ttl").open("a") as statute:
        statute.write("\n<http://example.org/extra> <http://example.org/p> 1 .\n")
    assert ensure_bundle(store, bundle_copy, include_examples=False) == [STATUTE_GRAPH]
    after = store.graph_sizes()
    assert after[STATUTE_GRAPH] == before[STATUTE_GRAPH] + 1
    assert after[REFERENCE_GRAPH] == before[REFERENCE_GRAPH]


def test_a_broken_file_stops_the_load_with_its_location_and_writes_nothing(bundle_copy):
    store = EmbeddedStore()
    ensure_bundle(store, bundle_copy, include_examples=False)
    before = store.graph_sizes()
    (bundle_copy / "data" / "statute.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    (bundle_copy / "data" / "reference.ttl").write_text("")  # changed too, but must not be written
    with pytest.raises(InputError) as caught:
        ensure_bundle(store, bundle_copy, include_examples=False)
    assert (caught.value.path, caught.value.line) == (str(bundle_copy / "data" / "statute.ttl"), 2)
    assert store.graph_sizes() == before


def test_missing_bundled_files_are_a_bundle_error(bundle_copy):
    (bundle_copy / "data" / "reference.ttl").unlink()
    with pytest.raises(BundleError) as caught:
        ensure_bundle(EmbeddedStore(), bundle_copy, include_examples=False)
    assert str(caught.value) == f"bundled data missing: {bundle_copy / 'data' / 'reference.ttl'}"


def test_the_bundle_never_replaces_a_plan_the_user_loaded_under_an_examples_name(tmp_path):
    from jfp_graph.loader import expand_paths, load_files
    from jfp_graph.paths import EXAMPLES_DIR
    from jfp_graph.store import EmbeddedStore

    own = tmp_path / "QRL-2024.ttl"
    own.write_text(
        "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n"
        "<https://w3id.org/jfp-graph/id/plan/QRL/2024> a jfp:JointForwardPlan ;\n"
        "    jfp:forICB <https://w3id.org/jfp-graph/id/icb/QRL> .\n",
        encoding="utf-8",
    )
    store = EmbeddedStore()
    load_files(store, expand_paths([own]))
    written = ensure_bundle(store)
    graph = "https://w3id.org/jfp-graph/graph/plan/QRL/2024"
    assert graph not in written and len(list(store.quads(graph))) == 2
    # The other examples are there, and a second run changes nothing.
    assert "https://w3id.org/jfp-graph/graph/plan/QNQ/2024" in written
    assert ensure_bundle(store) == []
    assert (EXAMPLES_DIR / "plans" / "QRL-2024.ttl").is_file()
