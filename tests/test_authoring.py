"""The YAML authoring format: same graph as Turtle, the published context, and located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from test_validate_support import EXAMPLE_PLANS, validator

from jfp_graph.authoring import quads_to_yaml, read_yaml, yaml_to_quads
from jfp_graph.paths import EXAMPLES_DIR, ONTOLOGY_DIR
from jfp_graph.rdfio import CONTEXT_PATH, InputError, read_quads
from jfp_graph.validation import validate_paths
from jfp_graph.validation.terms import graph_from

YAML_EXAMPLE = EXAMPLES_DIR / "yaml" / "QNQ-2024.yaml"


def test_yaml_example_is_the_same_graph_as_the_turtle_plan():
    quads, _ = read_yaml(YAML_EXAMPLE)
    turtle = read_quads(EXAMPLES_DIR / "plans" / "QNQ-2024.ttl")
    assert len(quads) == len(turtle)
    assert isomorphic(graph_from(quads), graph_from(turtle))


def test_yaml_example_conforms():
    run = validate_paths([YAML_EXAMPLE], validator=validator())
    assert run.errors == [] and [p.findings for p in run.plans] == [[]]
    assert run.plans[0].line == 8  # where the plan's id is written


@pytest.mark.parametrize("plan", EXAMPLE_PLANS, ids=lambda p: p.stem)
def test_every_example_plan_round_trips_through_yaml(plan):
    quads = read_quads(plan)
    root = next(q.subject.value for q in quads if q.object.value.endswith("#JointForwardPlan"))
    back = yaml_to_quads(quads_to_yaml(quads, root), "round-trip.yaml")
    assert isomorphic(graph_from(back), graph_from(quads))


def test_context_terms_are_ontology_terms_or_reused_vocabularies():
    context = json.loads(CONTEXT_PATH.read_text())["@context"]
    ontology = "".join(p.read_text() for p in sorted(ONTOLOGY_DIR.glob("*.ttl")))
    for term, definition in context.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        if iri.startswith("jfp:"):
            assert f"jfp:{iri[4:]} a " in ontology or f"jfp:{iri[4:]}\n" in ontology, term


def convert(text: str) -> list:
    return yaml_to_quads(text, "plan.yaml")


def test_types_follow_the_context():
    quads = convert(
        "id: plan/QNQ/2030\ntype: JointForwardPlan\nforICB: icb/QNQ\nperiodStart: 2030-04-01\n"
        "hasObjective:\n  - type: Objective\n    hasMetric:\n      - {type: Metric, target: 78.5, baseline: 72}\n"
        "title: Plan\n"
    )
    found = {(q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], str(q.object)) for q in quads}
    assert ("forICB", "<https://w3id.org/jfp-graph/id/icb/QNQ>") in found
    assert ("periodStart", '"2030-04-01"^^<http://www.w3.org/2001/XMLSchema#date>') in found
    assert ("target", '"78.5"^^<http://www.w3.org/2001/XMLSchema#decimal>') in found
    assert ("baseline", '"72"^^<http://www.w3.org/2001/XMLSchema#decimal>') in found
    assert ("title", '"Plan"@en-gb') in found


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        ("id: plan/QNQ/2030\ntype: JointForwardPlan\nforIcb: icb/QNQ\n", (3, 1), "unknown key 'forIcb'"),
        (
            "id: plan/QNQ/2030\nhasObjective:\n  - type: Objective\n    titel: x\n",
            (4, 5),
            "unknown key 'titel'",
        ),
        ("id: plan/QNQ/2030\ntype: JointForwardPlann\n", (2, 7), "unknown type 'JointForwardPlann'"),
        ("id: plan/QNQ/2030\ntitle: [unclosed\n", (3, 1), "YAML: "),
        ('"@context": https://example.org/other.jsonld\nid: x\n', (1, 13), "@context must be"),
        ("- a\n- b\n", (1, 1), "must be a mapping"),
        ("", (1, 1), "empty document"),
    ],
    ids=["key", "nested-key", "type", "syntax", "foreign-context", "not-mapping", "empty"],
)
def test_errors_name_line_and_column(text, where, reason):
    with pytest.raises(InputError) as caught:
        convert(text)
    assert (caught.value.line, caught.value.column) == where
    assert caught.value.reason.startswith(reason) or reason in caught.value.reason
    assert str(caught.value).startswith(f"plan.yaml:{where[0]}:{where[1]}: ")


def test_compact_iris_and_keywords_are_allowed():
    quads = convert("id: plan/QNQ/2030\nrdfs:seeAlso: {'@id': 'https://example.org/x'}\n'@type': JointForwardPlan\n")
    assert {q.predicate.value for q in quads} == {
        "http://www.w3.org/2000/01/rdf-schema#seeAlso",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    }


def test_unreadable_yaml_file(tmp_path: Path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="cannot read file"):
        read_yaml(path)


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        (_bomb(6), (5, 10), "aliases repeat more than 10000 nodes: write the content out"),
        ("title: &a [*a]\n", (1, 12), "alias *a refers to a node that contains it"),
        ("a: &a {b: &b {c: *a}}\n", (1, 18), "alias *a refers to a node that contains it"),
        ("title: !!binary aGVsbG8=\n", (1, 8),
         "the tag tag:yaml.org,2002:binary is not allowed (plain values, lists and mappings only)"),
        ("title: !!python/object:os.system {}\n", (1, 8),
         "the tag tag:yaml.org,2002:python/object:os.system is not allowed (plain values, lists and mappings only)"),
        ("title: !local x\n", (1, 8), "the tag !local is not allowed (plain values, lists and mappings only)"),
        ("title: " + "[" * 5000 + "]" * 5000 + "\n", (1, 107), "YAML nested more than 100 levels deep is refused"),
        ("".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "x\n", (100, 199),
         "YAML nested more than 100 levels deep is refused"),
    ],
)
def test_hostile_yaml_is_refused_with_its_location(text, where, reason):
    with pytest.raises(InputError) as caught:
        yaml_to_quads(text, "hostile.yaml")
    assert ((caught.value.line, caught.value.column), caught.value.reason) == (where, reason)


def test_a_small_alias_is_still_allowed():
    text = (
        '"@context": https://w3id.org/jfp-graph/context.jsonld\n'
        "id: plan/QRL/2030\ntype: JointForwardPlan\n"
        "hasObjective:\n  - {id: plan/QRL/2030/objective/1, type: Objective, title: &falls Fewer falls}\n"
        "  - {id: plan/QRL/2030/objective/2, type: Objective, title: *falls}\n"
    )
    titles = {q.object.value for q in yaml_to_quads(text, "alias.yaml") if q.predicate.value.endswith("/title")}
    assert titles == {"Fewer falls"}
