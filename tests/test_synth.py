"""`jfp-graph synth`: deterministic, sized as asked, real codes only, and defects exactly as the manifest says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from jfp_graph.cli import main
from jfp_graph.paths import DATA_DIR
from jfp_graph.synth import DEFECTS, synthesise
from jfp_graph.validation import validate_paths

REFERENCE_KINDS = ("icb", "hwb", "la", "trust", "region")
CODE_IRI = re.compile(r"<https://w3id\.org/jfp-graph/id/(" + "|".join(REFERENCE_KINDS) + r")/([A-Za-z0-9]+)>")
RELATIVE_CODE_IRI = re.compile(r"<(" + "|".join(REFERENCE_KINDS) + r")/([A-Za-z0-9]+)>")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def store_of(folder: Path) -> ox.Store:
    store = ox.Store()
    for path in sorted(folder.rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("synth") / "national"
    synthesise(100_000, 7, output)
    return output


def test_same_seed_gives_byte_identical_files(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synthesise(30_000, 3, first)
    synthesise(30_000, 3, second)
    synthesise(30_000, 4, other)
    assert tree(first) == tree(second)
    assert tree(first) != tree(other)
    assert len(tree(first)) > 100


def test_nquads_holds_the_same_triples_as_the_files(tmp_path):
    synthesise(30_000, 3, tmp_path / "files")
    synthesise(30_000, 3, tmp_path / "bulk", nquads=True)
    bulk = ox.Store()
    bulk.load(path=str(tmp_path / "bulk" / "national.nq"), format=ox.RdfFormat.N_QUADS)
    files = store_of(tmp_path / "files")
    as_triples = {ox.Triple(q.subject, q.predicate, q.object) for q in bulk}
    assert as_triples == {ox.Triple(q.subject, q.predicate, q.object) for q in files}
    # Each document is in its own graph, named as the loader names it.
    graphs = {q.graph_name.value for q in bulk}
    assert "https://w3id.org/jfp-graph/graph/plan/QE1/2023" in graphs
    assert "https://w3id.org/jfp-graph/graph/national" in graphs


@pytest.mark.parametrize("size", [5_000, 30_000, 100_000, 1_000_000])
def test_size_is_within_ten_percent(tmp_path, size):
    result = synthesise(size, 1, tmp_path / "out", nquads=True)
    parsed = ox.Store()
    parsed.bulk_load(path=str(tmp_path / "out" / "national.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(parsed) == result.triples
    assert abs(result.triples - size) <= size * 0.1
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["triples"] == result.triples


def test_larger_sizes_scale_editions_and_objectives(tmp_path):
    small = synthesise(100_000, 1, tmp_path / "s", nquads=True).scale
    large = synthesise(1_000_000, 1, tmp_path / "l", nquads=True).scale
    assert (small.icbs, small.editions) == (42, 1)
    assert (large.icbs, large.editions) == (42, 3)
    assert large.objectives > small.objectives


def test_only_real_codes_are_used(national):
    reference = (DATA_DIR / "reference.ttl").read_text(encoding="utf-8")
    known = {m.groups() for m in CODE_IRI.finditer(reference)}
    used = set()
    for path in national.rglob("*.ttl"):
        text = path.read_text(encoding="utf-8")
        used |= {m.groups() for m in RELATIVE_CODE_IRI.finditer(text)} | {m.groups() for m in CODE_IRI.finditer(text)}
    assert used <= known, sorted(used - known)[:5]
    assert {kind for kind, _ in used} == {"icb", "hwb", "la", "trust"}
    # Every ICB of the reference graph has a plan.
    icbs = {code for kind, code in known if kind == "icb"}
    assert {p.name.split("-")[0] for p in (national / "plans").iterdir()} == icbs


def test_plans_validate_with_exactly_the_manifests_defects(national):
    manifest = json.loads((national / "manifest.json").read_text())
    run = validate_paths([national / "plans"], [national / "strategies"])
    assert run.errors == []
    found = {report.plan: sorted({f.requirement.slug for f in report.findings}) for report in run.plans}
    expected = {plan: entry["expect"] for plan, entry in manifest["plans"].items()}
    assert found == expected
    # Every kind of defect is present once, and the rest of the plans conform.
    defects = [entry["defect"] for entry in manifest["plans"].values() if entry["defect"]]
    assert sorted(defects) == sorted(d.name for d in DEFECTS)
    assert sum(1 for entry in manifest["plans"].values() if not entry["defect"]) == 42 - len(DEFECTS)


def test_cli_writes_the_graph_and_reports_its_size(tmp_path):
    result = CliRunner().invoke(main, ["synth", "--triples", "5000", "--seed", "2", "--output", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote \d+ triples in \d+ file\(s\)", result.output)
    assert (tmp_path / "o" / "plans").is_dir() and (tmp_path / "o" / "manifest.json").is_file()
    bad = CliRunner().invoke(main, ["synth", "--triples", "0", "--output", str(tmp_path / "p")])
    assert bad.exit_code == 2
