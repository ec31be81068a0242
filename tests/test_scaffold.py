"""`jfp-graph new`: a YAML plan for every real ICB that parses and fails only on its stubs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_validate_support import validator

from jfp_graph.authoring import yaml_to_quads
from jfp_graph.cli import main
from jfp_graph.scaffold import CONDITIONAL, PREFILLED, ScaffoldError, scaffold, stubbed_requirements
from jfp_graph.validation import validate_paths

ICBS = sorted(iri.rsplit("/", 1)[1] for iri in validator().context.icbs)


def test_there_are_42_icbs():
    assert len(ICBS) == 42


@pytest.mark.parametrize("ods", ICBS)
def test_scaffold_parses_and_fails_only_on_its_stubs(ods, tmp_path):
    text = scaffold(ods, 2025, validator().context)
    path = tmp_path / f"{ods}-2025.yaml"
    path.write_text(text, encoding="utf-8")
    run = validate_paths([path], validator=validator())
    assert run.errors == []
    (plan,) = run.plans
    failing = {f.requirement.slug for f in plan.findings}
    stubs = stubbed_requirements(text)
    every = {r.slug for r in validator().context.requirements.values()}
    assert failing == stubs == every - PREFILLED - set(CONDITIONAL)
    # Each relevant HWB is prefilled: per-HWB findings name every one of them, and nothing else.
    hwbs = {iri for iri, _ in validator().context.relevant_hwbs(f"https://w3id.org/jfp-graph/id/icb/{ods}")}
    per_hwb = {f.focus for f in plan.findings if f.requirement.slug == "hwb-opinion-statement"}
    assert per_hwb == hwbs and hwbs


def test_scaffold_names_the_real_partners():
    text = scaffold("QRL", 2026, validator().context)
    assert "forICB: icb/QRL  # NHS Hampshire and Isle of Wight Integrated Care Board\n" in text
    assert "  - trust/RHM  # University Hospital Southampton NHS Foundation Trust\n" in text
    for gss, name in [
        ("E06000044", "Portsmouth"),
        ("E06000045", "Southampton"),
        ("E06000046", "Isle of Wight"),
        ("E10000014", "Hampshire"),
    ]:
        assert f"    opinionOf: hwb/{gss}  # {name} Health and Wellbeing Board\n" in text
    assert "firstFinancialYear: fy/2026-27\nperiodStart: 2026-04-01\nperiodEnd: 2031-03-31\n" in text
    quads = yaml_to_quads(text, "QRL-2026.yaml")
    assert any(q.object.value == "https://w3id.org/jfp-graph/id/hwb/E10000014" for q in quads)


@pytest.mark.parametrize(
    ("ods", "year", "message"),
    [
        ("QZZ", 2025, "no ICB with ODS code QZZ"),
        ("frimley", 2025, "not an ICB ODS code"),
        ("QNQ", 2019, "2023 or later"),
    ],
)
def test_scaffold_refuses_what_is_not_real(ods, year, message):
    with pytest.raises(ScaffoldError, match=message):
        scaffold(ods, year, validator().context)


def test_new_command_writes_a_file_and_validate_reads_it(tmp_path):
    out = tmp_path / "QNQ-2025.yaml"
    result = CliRunner().invoke(main, ["new", "--icb", "qnq", "--year", "2025", "--output", str(out)])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(main, ["new", "--icb", "QNQ", "--year", "2025", "--output", str(out)])
    assert again.exit_code == 1 and "exists" in again.output
    checked = CliRunner().invoke(main, ["validate", str(out), "--fail-on", "none"])
    assert checked.exit_code == 0
    assert "1 plan checked" in checked.output


def test_new_command_rejects_an_unknown_icb():
    result = CliRunner().invoke(main, ["new", "--icb", "QZZ", "--year", "2025"])
    assert result.exit_code == 2
    assert "no ICB with ODS code QZZ" in result.output
