"""`jfp-graph synth`: deterministic, sized as asked, real codes only, what the statute and shapes ask for, and
defects exactly as the manifest says, planted by the same patches as the examples'."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from test_validate_support import validator

from jfp_graph.cli import main
from jfp_graph.paths import DATA_DIR
from jfp_graph.synth import DEFECTS, synthesise
from jfp_graph.synth.defects import DEFECTS_DIR
from jfp_graph.synth.generator import MAX_EDITIONS, choose_scale
from jfp_graph.synth.model import reference_icbs
from jfp_graph.validation import validate_paths

ID = "https://w3id.org/jfp-graph/id/"
JFP = "https://w3id.org/jfp-graph/def#"
REFERENCE_KINDS = ("icb", "hwb", "la", "trust", "region")
CODE_IRI = re.compile(ID + "(" + "|".join(REFERENCE_KINDS) + r")/([A-Za-z0-9]+)$")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def store_of(folder: Path) -> ox.Store:
    store = ox.Store()
    for path in sorted(folder.rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def codes(store: ox.Store) -> set[tuple[str, str]]:
    """(kind, code) of every organisation IRI in the store."""
    terms = {term for q in store for term in (q.subject, q.object) if isinstance(term, ox.NamedNode)}
    return {m.groups() for term in terms if (m := CODE_IRI.match(term.value))}


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


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
    assert manifest_of(tmp_path / "out")["triples"] == result.triples


def test_larger_sizes_add_editions_before_growing_plans():
    small, large, larger = (choose_scale(size, reference_icbs()) for size in (100_000, 1_000_000, 10_000_000))
    assert (small.icbs, small.editions, small.objectives) == (42, 1, 23)
    # The same size of plan at 1M: the country has more editions, not larger plans.
    assert (large.icbs, large.editions, large.objectives) == (42, 11, 22)
    # Past the financial years the reference graph knows, plans grow.
    assert (larger.icbs, larger.editions) == (42, MAX_EDITIONS)
    assert larger.objectives > 10 * small.objectives


def test_only_real_codes_are_used(synthetic_national):
    reference = ox.Store()
    reference.load(path=str(DATA_DIR / "reference.ttl"), format=ox.RdfFormat.TURTLE)
    known = codes(reference)
    used = codes(store_of(synthetic_national))
    assert used <= known, sorted(used - known)[:5]
    assert {kind for kind, _ in used} == {"icb", "hwb", "la", "trust"}
    # Every ICB of the reference graph has a plan.
    icbs = {code for kind, code in known if kind == "icb"}
    assert {p.name.split("-")[0] for p in (synthetic_national / "plans").iterdir()} == icbs


def test_plans_validate_with_exactly_the_manifests_defects(synthetic_national):
    manifest = manifest_of(synthetic_national)
    run = validate_paths([synthetic_national / "plans"], [synthetic_national / "strategies"], validator=validator())
    assert run.errors == []
    found = {report.plan: sorted({f.requirement.slug for f in report.findings}) for report in run.plans}
    expected = {plan: entry["expect"] for plan, entry in manifest["plans"].items()}
    assert found == expected
    # Every kind of defect is present once, and the rest of the plans conform.
    defects = [entry["defect"] for entry in manifest["plans"].values() if entry["defect"]]
    assert sorted(defects) == sorted(d.name for d in DEFECTS)
    assert sum(1 for entry in manifest["plans"].values() if not entry["defect"]) == 42 - len(DEFECTS)
    # A defect about one relevant HWB is about the first, by code, of the plan's ICB.
    first_hwb = {f"{ID}plan/{icb.ods}/2023": f"{ID}hwb/{icb.hwbs[0].gss}" for icb in reference_icbs()}
    per_hwb = {"must-draft-not-shared-hwb", "must-no-opinion-hwb", "must-jlhws-hwb-not-implemented"}
    focus = {report.plan: {f.focus for f in report.findings} for report in run.plans}
    for plan, entry in manifest["plans"].items():
        if entry["defect"] in per_hwb:
            assert focus[plan] == {first_hwb[plan]}, entry["defect"]


def test_the_defects_are_the_patch_files_with_their_headers(synthetic_national):
    assert [d.name for d in DEFECTS] == sorted(p.stem for p in DEFECTS_DIR.glob("*.ru"))
    planted = {entry["defect"]: entry for entry in manifest_of(synthetic_national)["plans"].values()}
    for defect in DEFECTS:
        assert planted[defect.name] == {"defect": defect.name, "summary": defect.summary, "expect": list(defect.expect)}
    assert planted["should-two-priority-pathways"]["expect"] == ["priority-pathways"]


def test_claims_and_sections_follow_the_statute_and_shapes(synthetic_national):
    """A plan without a defect claims every requirement, those checked from a claim among them, in a section
    titled after the requirement and given the topic the requirement's shape asks for, with evidence."""
    manifest = manifest_of(synthetic_national)
    clean = next(plan for plan, entry in manifest["plans"].items() if entry["defect"] is None)
    store = ox.Store()
    store.load(path=str(synthetic_national / "plans" / f"{clean.split('/')[-2]}-2023.ttl"), format=ox.RdfFormat.TURTLE)
    claims = store.query(
        f"PREFIX jfp: <{JFP}> PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?requirement ?title ?topic {{ "
        f"<{clean}> jfp:hasClaim ?claim ; jfp:hasSection ?section . ?section dcterms:title ?title . "
        "?claim jfp:addressesRequirement ?requirement ; jfp:hasEvidence ?evidence ; jfp:addressedBy ?section . "
        "OPTIONAL { ?section jfp:topic ?topic } }"
    )
    rows = [(row["requirement"].value, row["title"].value, row["topic"] and row["topic"].value) for row in claims]
    context = validator().context
    assert context.shapes.claim_checked < set(context.requirements)
    topics = {iri: JFP + r.slug for iri, r in context.requirements.items() if r.slug.startswith("topic-")}
    assert sorted(rows) == sorted((iri, r.label, topics.get(iri)) for iri, r in context.requirements.items())


def test_cli_writes_the_graph_and_reports_its_size(tmp_path):
    result = CliRunner().invoke(main, ["synth", "--triples", "5000", "--seed", "2", "--output", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote \d+ triples in \d+ file\(s\)", result.output)
    assert (tmp_path / "o" / "plans").is_dir() and (tmp_path / "o" / "manifest.json").is_file()
    bad = CliRunner().invoke(main, ["synth", "--triples", "0", "--output", str(tmp_path / "p")])
    assert bad.exit_code == 2
