"""The two SHACL engines give the same findings: the compiled default and pySHACL, kept as the reference."""

from __future__ import annotations

import json
from functools import cache

import pytest
from click.testing import CliRunner
from test_shapes import violating_fixtures
from test_validate_support import EXAMPLE_PLANS, EXAMPLES_DIR, defect_copy, patched_copy, validator

from jfp_graph.cli import main
from jfp_graph.cli.validate import ENGINE_NAMES
from jfp_graph.validation import PlanValidator, validate_paths
from jfp_graph.validation.engines import DEFAULT_ENGINE, ENGINES, make_engine

STRATEGIES = EXAMPLES_DIR / "strategies"


@cache
def reference() -> PlanValidator:
    """pySHACL over the same prepared context as the default validator."""
    return PlanValidator(validator().context, engine="pyshacl")


def outcomes(run) -> list[tuple]:
    return [(plan.plan, plan.findings, plan.applicable, plan.label) for plan in run.plans]


def test_the_default_engine_is_the_compiled_one():
    assert validator().engine.name == "shacl"
    assert reference().engine.name == "pyshacl"
    assert sorted(ENGINES) == ["pyshacl", "shacl"]


def test_an_unknown_engine_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="unknown SHACL engine 'jena': choose shacl, pyshacl"):
        make_engine("jena", validator().context.shapes)


@pytest.mark.parametrize("plan", EXAMPLE_PLANS, ids=lambda p: p.stem)
def test_engines_agree_on_the_examples(plan):
    ours = validate_paths([plan], [STRATEGIES], validator=validator())
    theirs = validate_paths([plan], [STRATEGIES], validator=reference())
    assert ours.errors == theirs.errors == []
    assert outcomes(ours) == outcomes(theirs)
    assert ours.plans[0].findings == []


@pytest.mark.parametrize("shape", sorted(violating_fixtures()), ids=lambda s: s.rsplit("#", 1)[-1])
def test_engines_agree_on_each_shapes_violating_fixture(shape, tmp_path):
    base, update, slug = violating_fixtures()[shape]
    broken = patched_copy(base, update, tmp_path)
    ours = validate_paths([broken], validator=validator())
    theirs = validate_paths([broken], validator=reference())
    assert outcomes(ours) == outcomes(theirs)
    assert {f.requirement.slug for f in ours.plans[0].findings} == {slug}


def test_engines_agree_on_a_synthetic_national_graph(synthetic_national):
    folder = synthetic_national
    ours = validate_paths([folder / "plans"], [folder / "strategies"], validator=validator())
    theirs = validate_paths([folder / "plans"], [folder / "strategies"], validator=reference())
    assert ours.errors == theirs.errors == []
    manifest = json.loads((folder / "manifest.json").read_text())
    found = {report.plan: sorted({f.requirement.slug for f in report.findings}) for report in ours.plans}
    assert found == {plan: entry["expect"] for plan, entry in manifest["plans"].items()}
    assert outcomes(ours) == outcomes(theirs)


def test_the_command_line_offers_every_engine_default_first():
    assert ENGINE_NAMES == (DEFAULT_ENGINE, *sorted(set(ENGINES) - {DEFAULT_ENGINE}, reverse=True))
    assert set(ENGINE_NAMES) == set(ENGINES)


@pytest.mark.parametrize("engine", ["shacl", "pyshacl"])
def test_the_command_line_reports_the_same_with_either_engine(engine, tmp_path):
    broken = defect_copy("must-no-opinion-hwb", tmp_path)
    result = CliRunner().invoke(main, ["validate", str(broken), "--engine", engine, "--format", "github"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"::error file={broken},line=1,title=hwb-opinion-statement%3A Statement of each health")
    assert (
        "::The plan has no statement of the final opinion of Portsmouth Health and Wellbeing Board. Legal basis: "
        "National Health Service Act 2006 s.14Z54 (section partly verified), s.14Z55 (section unconfirmed).%0A"
    ) in first
