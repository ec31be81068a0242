"""`jfp-graph new`: a YAML plan for every real ICB that parses and fails only on its stubs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_validate_support import validator

from jfp_graph.authoring import yaml_to_quads
from jfp_graph.cli import main
from jfp_graph.layout import REFERENCE_GRAPH
from jfp_graph.namespaces import JFP, JFPV, SH
from jfp_graph.scaffold import Condition, ScaffoldError, conditions, scaffold, stubbed_requirements
from jfp_graph.validation import validate_paths

ICBS = sorted(iri.rsplit("/", 1)[1] for iri in validator().context.icbs)

# What these scaffolds state, and so which requirements they cannot fail: the period is written from the year
# (five-year-period holds); the edition dates are checked only on the dates a plan records, and a scaffold
# records none. A 2025 plan of every ICB is a plan of a delegated ICB (specialised services were delegated to the
# ICBs of every region by April 2025, reference graph): its scaffold names no pathway, and the condition line
# (not a TODO stub) says so.
PREFILLED = {"five-year-period", "prepared-with-partner-trusts"}
# Requirements that judge what the author has not written yet in a scaffold: the pointers of claims, a board's
# verdict in a final opinion, a revised draft. A fresh scaffold cannot fail them, and names them nowhere.
NOTHING_TO_JUDGE_YET = {"evidence-resolves", "hwb-opinion-proper-account", "hwb-revised-draft-sent"}
NOT_THESE_PLANS = {str(JFPV.FirstEdition), str(JFPV.LaterEdition)}
CONDITION_ONLY = {"priority-pathways"}


def applies_only_to_other_plans(iri: str) -> bool:
    targets = validator().context.shapes.targets[iri]
    return all(kind == str(SH.targetClass) and value in NOT_THESE_PLANS for kind, value in targets)


def expected_stubs() -> set[str]:
    """Every requirement of the statute graph that these scaffolds can fail, less what they fill in."""
    requirements = validator().context.requirements.values()
    return {r.slug for r in requirements if not applies_only_to_other_plans(r.iri)} - PREFILLED - NOTHING_TO_JUDGE_YET


def test_there_are_42_icbs():
    assert len(ICBS) == 42


def test_no_icb_is_said_to_hold_delegated_specialised_services_in_the_reference_graph():
    query = (
        f"SELECT ?icb WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{ ?icb <{JFP.holdsDelegatedSpecialisedServices}> true }} }}"
    )
    assert validator().context.store.select(query).rows == []


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
    assert failing == expected_stubs()
    assert stubs == expected_stubs() - CONDITION_ONLY
    # Each relevant HWB is prefilled: per-HWB findings name every one of them, and nothing else.
    hwbs = {iri for iri, _ in validator().context.relevant_hwbs(f"https://w3id.org/jfp-graph/id/icb/{ods}")}
    per_hwb = {f.focus for f in plan.findings if f.requirement.slug == "hwb-opinion-statement"}
    assert per_hwb == hwbs and hwbs


def test_claims_are_stubbed_for_exactly_the_requirements_checked_from_a_claim():
    text = scaffold("QWO", 2025, validator().context)
    quads = yaml_to_quads(text, "QWO-2025.yaml")
    claimed = {q.object.value for q in quads if q.predicate.value == str(JFP.addressesRequirement)}
    assert claimed == validator().context.shapes.claim_checked and claimed


def test_conditional_requirements_are_derived_from_the_shapes_and_explained_by_the_ontology():
    assert conditions(validator().context) == {
        "first-edition-dates": (
            Condition(
                str(JFPV.FirstEdition),
                "First edition",
                "A joint forward plan whose integrated care board had no edition to prepare for the year before its "
                "first financial year: for the ICBs established in July 2022, the plan whose first financial year "
                "is 2023/24.",
            ),
        ),
        "later-edition-dates": (
            Condition(
                str(JFPV.LaterEdition),
                "Later edition",
                "A joint forward plan whose integrated care board already had to prepare an edition for the year "
                "before its first financial year: an annual edition, prepared when the plan is reviewed and "
                "updated or confirmed before a financial year.",
            ),
        ),
        "priority-pathways": (
            Condition(
                str(JFPV.PlanOfDelegatedICB),
                "Plan of an ICB holding delegated specialised services",
                "A joint forward plan whose integrated care board holds delegated specialised services: delegated "
                "to the ICBs of its NHS England region by the start of the plan's first financial year (reference "
                "graph), or stated in the plan.",
            ),
        ),
    }
    text = scaffold("QWO", 2025, validator().context)
    assert "# first-edition-dates applies only to a first edition (a joint forward plan whose integrated care" in text
    assert "# later-edition-dates applies only to a later edition (a joint forward plan whose integrated care" in text
    assert "# priority-pathways applies only to a plan of an ICB holding delegated specialised services (a " in text


def test_every_requirement_is_named_in_the_scaffold():
    text = scaffold("QWO", 2025, validator().context)
    named = stubbed_requirements(text) | {
        slug for slug in conditions(validator().context) if f"# {slug} applies" in text
    }
    assert named == {r.slug for r in validator().context.requirements.values()} - PREFILLED - NOTHING_TO_JUDGE_YET


def test_a_plan_stating_delegated_services_is_checked_for_priority_pathways(tmp_path):
    # In 2023 specialised services were delegated to joint committees, not to ICBs: only the plan's own say-so
    # makes the check apply.
    text = scaffold("QWO", 2023, validator().context)
    line = "forICB: icb/QWO  # NHS West Yorkshire Integrated Care Board\n"
    assert line in text
    path = tmp_path / "QWO-2023.yaml"
    path.write_text(text, encoding="utf-8")
    (plan,) = validate_paths([path], validator=validator()).plans
    assert "priority-pathways" not in {f.requirement.slug for f in plan.findings}
    path.write_text(text.replace(line, "forICB: {id: icb/QWO, holdsDelegatedSpecialisedServices: true}\n"))
    (plan,) = validate_paths([path], validator=validator()).plans
    assert {f.requirement.slug for f in plan.findings} == expected_stubs() - {"annual-review"}


def test_a_first_edition_scaffold_fails_only_on_its_stubs(tmp_path):
    text = scaffold("QWO", 2023, validator().context)
    path = tmp_path / "QWO-2023.yaml"
    path.write_text(text, encoding="utf-8")
    (plan,) = validate_paths([path], validator=validator()).plans
    # first-edition-dates applies, but checks only the dates the plan records, and the scaffold records none;
    # a first edition has no earlier edition to review, so its annual-review stub is never reported.
    assert stubbed_requirements(text) == expected_stubs() - CONDITION_ONLY
    assert {f.requirement.slug for f in plan.findings} == expected_stubs() - {"annual-review"} - CONDITION_ONLY


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
