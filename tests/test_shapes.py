"""The shapes: one or more per statutory requirement, severity from modality, and a fixture each way."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from test_validate_support import (
    EXAMPLES_DIR,
    VIOLATIONS,
    claim_removal,
    defect_copy,
    patched_copy,
    topic_removal,
    validator,
)

from jfp_graph.namespaces import JFP
from jfp_graph.paths import SHAPES_DIR
from jfp_graph.synth.defects import DEFECTS
from jfp_graph.validation import Severity, ShapesError, validate_paths
from jfp_graph.validation.shapes import load_shapes

JFPSH = "https://w3id.org/jfp-graph/shapes#"
# Requirements deliberately not machine-checkable, with the reason. Every requirement has a shape today.
NOT_MACHINE_CHECKABLE: dict[str, str] = {}
MODALITY_SEVERITY = {"must": Severity.VIOLATION, "should": Severity.WARNING, "could": Severity.INFO}


def raw_shapes() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def test_no_shape_file_sets_a_severity():
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        assert "sh:severity" not in path.read_text(encoding="utf-8"), path.name
    assert list(raw_shapes().subjects(SH.severity, None)) == []


def test_every_requirement_has_a_shape_or_a_stated_reason(requirement_count):
    context = validator().context
    slugs = {r.slug for r in context.requirements.values()}
    enforced = {context.requirements[iri].slug for iri in context.shapes.enforcing}
    assert len(slugs) == requirement_count
    assert enforced | set(NOT_MACHINE_CHECKABLE) == slugs
    assert not enforced & set(NOT_MACHINE_CHECKABLE)


def test_severity_follows_modality_on_every_shape_that_reports(requirement_count):
    context = validator().context
    shapes = context.shapes
    assert len(shapes.requirement_of) > requirement_count
    for shape, requirement in shapes.requirement_of.items():
        assert requirement.severity is MODALITY_SEVERITY[requirement.modality]
        assert set(shapes.graph.objects(shape, SH.severity)) == {URIRef(requirement.severity.iri)}, shape


def test_loaded_shapes_carry_legal_basis_guidance_and_fix_hint():
    context = validator().context
    graph = context.shapes.graph
    for iri, nodes in context.shapes.enforcing.items():
        requirement = context.requirements[iri]
        for node in nodes:
            assert {str(o) for o in graph.objects(node, JFP.legalBasis)} == {c.iri for c in requirement.legal_basis}
            assert str(graph.value(node, JFP.guidanceSection)) == requirement.guidance.iri
            assert str(graph.value(node, JFP.fixHint)) == requirement.fix_hint
            assert requirement.legal_basis and requirement.fix_hint


def test_every_reporting_property_shape_has_a_message_for_people():
    graph = validator().context.shapes.graph
    for node in validator().context.shapes.enforcing.values():
        for shape in node:
            for prop in graph.objects(shape, SH.property):
                messages = list(graph.objects(prop, SH.message))
                assert len(messages) == 1, (shape, prop)
                assert messages[0].language.lower() == "en-gb" and messages[0].endswith("."), messages[0]


def test_only_core_constraints():
    """sh:sparql made one constraint cost 30x all others on rdflib's engine: the shapes use none."""
    graph = raw_shapes()
    assert list(graph.subjects(SH.sparql, None)) == []
    assert list(graph.subjects(RDF.type, SH.SPARQLConstraint)) == []


def test_loader_refuses_a_hand_written_severity(tmp_path):
    (tmp_path / "bad.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix jfp: <https://w3id.org/jfp-graph/def#> .\n"
        "<urn:s> a sh:NodeShape ; jfp:enforces <https://w3id.org/jfp-graph/id/requirement/psed> ;"
        " sh:severity sh:Info .\n"
    )
    with pytest.raises(ShapesError, match="must not set sh:severity"):
        load_shapes(validator().context.requirements, tmp_path)


def test_loader_refuses_an_unknown_requirement(tmp_path):
    (tmp_path / "bad.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix jfp: <https://w3id.org/jfp-graph/def#> .\n"
        "<urn:s> a sh:NodeShape ; jfp:enforces <https://w3id.org/jfp-graph/id/requirement/no-such-thing> .\n"
    )
    with pytest.raises(ShapesError, match="not in the statute graph"):
        load_shapes(validator().context.requirements, tmp_path)


# -- a conforming and a violating fixture for every shape ----------------------------------------------
@cache
def violating_fixtures() -> dict[str, tuple[Path, str, str]]:
    """Node shape -> (base plan, SPARQL Update that breaks only that shape, expected requirement slug)."""
    fixtures: dict[str, tuple[Path, str, str]] = {}
    qrl = EXAMPLES_DIR / "plans" / "QRL-2024.ttl"
    context = validator().context
    graph = context.shapes.graph
    for iri, nodes in context.shapes.enforcing.items():
        slug = context.requirements[iri].slug
        for node in nodes:
            if (node, SH.targetNode, URIRef(iri)) in graph:
                fixtures[str(node)] = (qrl, claim_removal("https://w3id.org/jfp-graph/id/plan/QRL/2024", slug), slug)
            elif slug.startswith("topic-"):
                fixtures[str(node)] = (qrl, topic_removal(slug), slug)
    for patch in (*DEFECTS, *VIOLATIONS):
        if len(patch.expect) != 1:
            continue
        (slug,) = patch.expect
        shape = str(patch.update.header.get("shape", f"jfpsh:{slug}")).replace("jfpsh:", JFPSH)
        fixtures.setdefault(shape, (patch.base, patch.bound(), slug))
    return fixtures


@cache
def conforming(base: Path) -> bool:
    run = validate_paths([base], validator=validator())
    return run.errors == [] and [p.findings for p in run.plans] == [[]]


def test_every_shape_has_a_violating_fixture():
    nodes = {str(n) for ns in validator().context.shapes.enforcing.values() for n in ns}
    assert set(violating_fixtures()) == nodes


@pytest.mark.parametrize("shape", sorted(violating_fixtures()), ids=lambda s: s.rsplit("#", 1)[-1])
def test_shape_conforms_on_the_example_and_fails_on_its_fixture(shape, tmp_path):
    base, update, slug = violating_fixtures()[shape]
    assert conforming(base)
    broken = validate_paths([patched_copy(base, update, tmp_path)], validator=validator())
    assert broken.errors == []
    (plan,) = broken.plans
    assert {f.requirement.slug for f in plan.findings} == {slug}
    assert {f.shape for f in plan.findings} == {shape}


def test_messages_name_the_board_for_per_hwb_shapes(tmp_path):
    run = validate_paths([defect_copy("must-no-opinion-hwb", tmp_path)], validator=validator())
    (finding,) = run.plans[0].findings
    assert finding.message.startswith(
        "The plan has no statement of the final opinion of Portsmouth Health and Wellbeing Board. Legal basis: "
    )
    assert finding.focus == "https://w3id.org/jfp-graph/id/hwb/E06000044"
    assert re.search(r"14Z55", finding.requirement.statute)
