"""`jfp-graph validate`: exact findings for every defect, every report format read back, exit codes, bad input."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import SH
from test_validate_support import (
    EXAMPLE_PLANS,
    EXAMPLES_DIR,
    FIXTURES,
    defect_copy,
    example_copy,
    validator,
)

from jfp_graph.cli import main
from jfp_graph.synth.defects import DEFECTS
from jfp_graph.validation import Severity, validate_paths
from jfp_graph.validation.formats import FORMATS

MODALITY = {"must": "violation", "should": "warning", "could": "info"}


def run_cli(*args: str):
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


# -- the examples and their defects ----------------------------------------------------------------
def test_example_plans_conform_with_strategies_as_context():
    run = validate_paths([EXAMPLES_DIR / "plans", EXAMPLES_DIR / "strategies"], validator=validator())
    assert run.errors == []
    assert [(p.plan.rsplit("id/", 1)[1], p.findings) for p in run.plans] == [
        ("plan/QNQ/2024", []),
        ("plan/QRL/2023", []),
        ("plan/QRL/2024", []),
    ]
    assert len(run.supporting) == len(list((EXAMPLES_DIR / "strategies").glob("*.ttl")))


def test_there_is_a_defect_for_every_must_group():
    groups = set()
    context = validator().context
    by_slug = {r.slug: r for r in context.requirements.values()}
    for patch in DEFECTS:
        for slug in patch.expect:
            requirement = by_slug[slug]
            if requirement.modality == "must":
                groups.add(requirement.group)
    assert groups == {"content", "general-duties", "timeline", "process"}


@pytest.mark.parametrize("patch", DEFECTS, ids=lambda p: p.name)
def test_defect_gives_exactly_the_expected_findings(patch, tmp_path):
    run = validate_paths([example_copy(patch, tmp_path)], validator=validator())
    assert run.errors == []
    (plan,) = run.plans
    by_slug = {r.slug: r for r in validator().context.requirements.values()}
    expected = {(slug, MODALITY[by_slug[slug].modality]) for slug in patch.expect}
    assert {(f.requirement.slug, f.severity.label) for f in plan.findings} == expected


def test_per_hwb_defect_names_the_board(tmp_path):
    run = validate_paths([defect_copy("must-draft-not-shared-hwb", tmp_path)], validator=validator())
    (finding,) = run.plans[0].findings
    assert finding.focus == "https://w3id.org/jfp-graph/id/hwb/E10000030"
    assert finding.message == (
        "The plan does not record when a draft was sent to Surrey Health and Wellbeing Board, "
        "a health and wellbeing board whose area overlaps the ICB's. Legal basis: NHS Act 2006 "
        "s.14Z54 (section partly verified), s.14Z55 (section unconfirmed)."
    )


def test_per_hwb_defect_bound_to_another_board_names_that_board(tmp_path):
    hwb = "https://w3id.org/jfp-graph/id/hwb/E06000036"
    run = validate_paths([defect_copy("must-draft-not-shared-hwb", tmp_path, hwb_iri=hwb)], validator=validator())
    (finding,) = run.plans[0].findings
    assert (finding.requirement.slug, finding.focus) == ("hwb-draft-shared", hwb)
    assert finding.message == (
        "The plan does not record when a draft was sent to Bracknell Forest Health and Wellbeing Board, "
        "a health and wellbeing board whose area overlaps the ICB's. Legal basis: NHS Act 2006 "
        "s.14Z54 (section partly verified), s.14Z55 (section unconfirmed)."
    )


def test_period_finding_shows_the_value_found(tmp_path):
    run = validate_paths([defect_copy("must-period-four-years", tmp_path)], validator=validator())
    # sh:equals reports the value found and the value expected; the finding keeps the one found and the
    # message says what was expected.
    (finding,) = run.plans[0].findings
    assert (finding.value, finding.path.rsplit("#", 1)[1]) == ("2028-03-31", "periodEnd")
    assert finding.message == (
        "The plan covers 4 financial years (2024/25 to 2027/28); it must cover 5 (2024/25 to 2028/29), "
        "ending on 31 March 2029. Legal basis: NHS Act 2006 s.14Z52(1)."
    )


# -- report formats ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    """Two plans with findings of each severity, one conforming plan, and one unreadable file."""
    folder = tmp_path_factory.mktemp("mixed")
    paths = []
    for name in ("must-no-victims-of-abuse", "should-no-net-zero-claim", "could-no-neurological-community"):
        sub = folder / name
        sub.mkdir()
        paths.append(defect_copy(name, sub))
    shutil.copy(EXAMPLE_PLANS[0], folder / "conforming.ttl")
    (folder / "broken.ttl").write_text("@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n<a> jfp:b .\n")
    run = validate_paths([*paths, folder / "conforming.ttl", folder / "broken.ttl"], validator=validator())
    return run


def test_mixed_run_counts(mixed_run):
    assert mixed_run.counts() == {Severity.VIOLATION: 1, Severity.WARNING: 1, Severity.INFO: 1}
    assert len(mixed_run.plans) == 4 and len(mixed_run.errors) == 1
    assert mixed_run.errors[0].line == 2


@pytest.mark.parametrize(
    ("threshold", "failing"), [(Severity.VIOLATION, 1), (Severity.WARNING, 2), (Severity.INFO, 3), (None, 0)]
)
def test_threshold_counts_failing_plans(mixed_run, threshold, failing):
    assert len(mixed_run.failing(threshold)) == failing
    assert mixed_run.exit_code(threshold) == 2  # an unreadable file outranks findings


def test_text_report(mixed_run):
    text = FORMATS["text"](mixed_run, Severity.VIOLATION)
    assert "  VIOLATION victims-of-abuse: Steps for the particular needs of victims of abuse are set out\n" in text
    assert "    statute: NHS Act 2006 s.14Z52(2)(e); Domestic Abuse Act 2021 s.1\n" in text
    assert "    guidance: Appendix 2, Table 1: Summary of legislative requirements\n" in text
    assert "    fix: Add a section on victims of abuse" in text
    assert "conforming.ttl: Frimley joint forward plan 2024/25 to 2028/29 (illustrative example)" in text
    assert text.endswith(
        "4 plans checked, 1 violation, 1 warning, 1 info, 1 plan failing at --fail-on violation, "
        "1 file could not be read\n"
    )
    assert "broken.ttl:2:" in text


def test_json_report(mixed_run, requirement_count):
    document = json.loads(FORMATS["json"](mixed_run, Severity.WARNING))
    assert document["summary"] == {
        "plans": 4,
        "violations": 1,
        "warnings": 1,
        "infos": 1,
        "failingPlans": 2,
        "unreadableFiles": 1,
    }
    assert document["exitCode"] == 2 and document["failOn"] == "warning"
    findings = sorted((f["requirement"], f["severity"]) for p in document["plans"] for f in p["findings"])
    assert findings == [
        ("condition-communities-consulted", "info"),
        ("net-zero", "warning"),
        ("victims-of-abuse", "violation"),
    ]
    assert len(document["requirements"]) == requirement_count
    assert document["plans"][0]["coverage"]["victims-of-abuse"] in {"met", "not met"}
    assert document["errors"][0]["line"] == 2


def test_junit_report(mixed_run, requirement_count):
    root = ET.fromstring(FORMATS["junit"](mixed_run, Severity.WARNING))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 5  # four plans and the unreadable input
    for suite in suites[:4]:
        cases = suite.findall("testcase")
        assert len(cases) == int(suite.get("tests")) == requirement_count
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("skipped")) == len(suite.findall("testcase/skipped"))
        assert all(c.get("name") and c.get("classname") for c in cases)
    failures = sorted(c.get("name") for c in root.iter("testcase") if c.find("failure") is not None)
    assert failures == ["net-zero", "victims-of-abuse"]  # the info finding is below --fail-on warning
    assert int(root.get("failures")) == 2 and int(root.get("errors")) == 1
    assert suites[4].find("testcase/error").get("type") == "InputError"


def test_sarif_report_matches_the_schema(mixed_run, requirement_count):
    log = json.loads(FORMATS["sarif"](mixed_run, Severity.VIOLATION))
    schema = json.loads((FIXTURES / "sarif-2.1.0-rtm.5.schema.json").read_text())
    jsonschema.validate(log, schema, format_checker=jsonschema.FormatChecker())
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) == requirement_count
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"victims-of-abuse": "error", "net-zero": "warning", "condition-communities-consulted": "note"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]
        assert location["physicalLocation"]["region"]["startLine"] >= 1
        assert location["logicalLocations"][0]["fullyQualifiedName"].startswith("https://w3id.org/jfp-graph/id/plan/")
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert run["invocations"][0]["executionSuccessful"] is False


def test_github_annotations(mixed_run):
    lines = FORMATS["github"](mixed_run, Severity.VIOLATION).splitlines()
    kinds = sorted(line.split(" ", 1)[0] for line in lines if line.startswith("::"))
    assert kinds == ["::error", "::error", "::notice", "::warning"]
    victims = next(line for line in lines if "victims-of-abuse" in line)
    assert ",title=victims-of-abuse%3A Steps for the particular needs of victims of abuse are set out::" in victims
    assert "%0AStatute: " in victims and "\n" not in victims
    assert ",line=" in victims


def test_markdown_report(mixed_run):
    markdown = FORMATS["markdown"](mixed_run, Severity.VIOLATION)
    assert markdown.startswith("## Joint forward plan validation\n")
    assert "| Plan | File | Violations | Warnings | Info |" in markdown
    assert (
        "| violation | `victims-of-abuse` Steps for the particular needs of victims of abuse are set out |" in markdown
    )
    assert "### Files that could not be read" in markdown


def test_turtle_report_is_the_raw_shacl_report(mixed_run):
    graph = Graph().parse(data=FORMATS["turtle"](mixed_run, Severity.VIOLATION), format="turtle")
    reports = list(graph.subjects(None, SH.ValidationReport))
    assert len(reports) == 4
    severities = sorted(str(o).rsplit("#", 1)[1] for o in graph.objects(None, SH.resultSeverity))
    assert severities == ["Info", "Violation", "Warning"]
    assert sum(1 for _ in graph.objects(None, SH.conforms) if _.toPython() is True) == 1


# -- the command ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("patch", "fail_on", "code"),
    [
        ("must-no-victims-of-abuse", "violation", 1),
        ("should-no-net-zero-claim", "violation", 0),
        ("should-no-net-zero-claim", "warning", 1),
        ("could-no-neurological-community", "warning", 0),
        ("could-no-neurological-community", "info", 1),
        ("must-no-victims-of-abuse", "none", 0),
    ],
)
def test_exit_code_per_threshold(patch, fail_on, code, tmp_path):
    path = defect_copy(patch, tmp_path)
    result = run_cli(str(path), "--fail-on", fail_on)
    assert result.exit_code == code, result.output


def test_exit_zero_for_conforming_plans():
    result = run_cli(*(str(p) for p in EXAMPLE_PLANS), "--fail-on", "info")
    assert result.exit_code == 0
    assert result.output.endswith(
        "3 plans checked, 0 violations, 0 warnings, 0 info, 0 plans failing at --fail-on info\n"
    )


def test_output_file_and_coverage(tmp_path):
    out = tmp_path / "report.sarif"
    result = run_cli(str(EXAMPLE_PLANS[0]), "--format", "sarif", "--output", str(out), "--coverage")
    assert result.exit_code == 0
    assert json.loads(out.read_text())["version"] == "2.1.0"
    assert "requirement" in result.output and "jfpid:plan/QNQ/2024" in result.output  # the matrix (stderr)
    lines = {line.split()[0]: line.split()[2:] for line in result.output.splitlines()[1:] if line.strip()}
    assert lines["victims-of-abuse"] == ["ok"]
    assert lines["first-edition-dates"] == ["n/a"]


def test_progress_on_stderr_for_many_files():
    result = CliRunner().invoke(main, ["validate", str(EXAMPLES_DIR / "plans"), "--progress"])
    assert "[1/3] " in result.output and "[3/3] " in result.output
    quiet = CliRunner().invoke(main, ["validate", str(EXAMPLES_DIR / "plans"), "--no-progress"])
    assert "[1/3]" not in quiet.output


# -- bad input -------------------------------------------------------------------------------------------
def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def plan_with(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE_PLANS[-1].read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path / "plan.ttl", text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: write(d / "plan.ttl", "<a> <b> .\n"), "plan.ttl:1:"),
        (lambda d: write(d / "plan.docx", "not rdf"), "plan.docx: unknown format '.docx'"),
        (lambda d: d / "missing.ttl", "missing.ttl: no such file or folder"),
        (
            lambda d: plan_with(d, "jfp:forICB <icb/QRL>", "jfp:forICB <icb/QZZ>"),
            "unknown integrated care board <https://w3id.org/jfp-graph/id/icb/QZZ>: not in the reference graph",
        ),
        (
            lambda d: plan_with(d, "jfp:sharedWith <hwb/E06000044>", "jfp:sharedWith <hwb/E09999999>"),
            "unknown health and wellbeing board <https://w3id.org/jfp-graph/id/hwb/E09999999>",
        ),
        (
            lambda d: plan_with(d, "jfp:forICB <icb/QRL> ;", ""),
            "does not say which ICB it is for (jfp:forICB)",
        ),
        (
            lambda d: write(d / "plan.yaml", "id: plan/QNQ/2030\ntpye: JointForwardPlan\n"),
            "plan.yaml:2:1: unknown key 'tpye'",
        ),
        (
            lambda d: write(d / "plan.rdf", '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x/>\n'),
            "plan.rdf:2:1: RDF/XML with a <!DOCTYPE> declaration is refused",
        ),
    ],
    ids=["syntax", "format", "missing", "unknown-icb", "unknown-hwb", "no-icb", "yaml-key", "doctype"],
)
def test_bad_input_exits_2_with_location(make, message, tmp_path):
    path = make(tmp_path)
    result = run_cli(str(path))
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_a_file_with_no_plan_or_document_is_an_input_error(tmp_path):
    empty = write(tmp_path / "empty.ttl", "")
    result = run_cli(str(empty))
    assert result.exit_code == 2
    assert f"{empty}: no joint forward plan or supporting document (strategy, JSNA, ...)" in result.output


def test_strategies_alone_are_an_input_error(tmp_path):
    strategy = EXAMPLES_DIR / "strategies" / "ics-QRL-2023.ttl"
    result = run_cli(str(strategy))
    assert result.exit_code == 2
    assert f"{strategy}: no joint forward plan found" in result.output


def test_unknown_hwb_location_points_at_the_name(tmp_path):
    path = plan_with(tmp_path, "jfp:sharedWith <hwb/E06000044>", "jfp:sharedWith <hwb/E09999999>")
    run = validate_paths([path], validator=validator())
    (error,) = run.errors
    line = path.read_text().splitlines()[error.line - 1]
    assert line[error.column - 1 :].startswith("<hwb/E09999999>")


def test_ten_files_one_broken_reports_the_nine_and_the_one(tmp_path):
    for i in range(9):
        shutil.copy(EXAMPLE_PLANS[i % 3], tmp_path / f"plan-{i}.ttl")
    write(tmp_path / "plan-9.ttl", "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n\n<x> jfp:forICB .\n")
    result = run_cli(str(tmp_path), "--format", "json", "--no-progress")
    assert result.exit_code == 2
    document = json.loads(result.output[: result.output.rindex("}") + 1])
    assert document["summary"]["plans"] == 9
    assert [(Path(e["file"]).name, e["line"]) for e in document["errors"]] == [("plan-9.ttl", 3)]
    assert "error: " in result.output  # also on stderr, whatever the format


def test_a_dataset_with_two_plans_in_one_graph_is_refused(tmp_path):
    text = EXAMPLE_PLANS[0].read_text() + EXAMPLE_PLANS[1].read_text().split("\n\n", 1)[1]
    path = write(tmp_path / "two.ttl", text)
    run = validate_paths([path], validator=validator())
    assert len(run.errors) == 1 and "plans share one graph" in run.errors[0].reason


def test_many_plans_are_checked_in_worker_processes_with_the_same_results(tmp_path, monkeypatch):
    import jfp_graph.validation.runner as runner

    plans = tmp_path / "plans"
    plans.mkdir()
    for i in range(9):
        shutil.copy(EXAMPLE_PLANS[i % 3], plans / f"plan-{i}.ttl")
    context = [EXAMPLES_DIR / "strategies"]
    assert len(list(plans.iterdir())) >= runner.PARALLEL_FROM and runner._worker_count() > 1
    parallel = validate_paths([plans], context, validator=validator())
    monkeypatch.setattr(runner, "PARALLEL_FROM", 10**6)
    sequential = validate_paths([plans], context, validator=validator())
    assert FORMATS["json"](parallel, Severity.VIOLATION) == FORMATS["json"](sequential, Severity.VIOLATION)
    assert [p.source.name for p in parallel.plans] == [f"plan-{i}.ttl" for i in range(9)]
    assert len(parallel.plans) == 9 and parallel.errors == []


def test_a_plan_naming_an_unknown_board_is_reported_from_a_worker_process(tmp_path):
    import jfp_graph.validation.runner as runner

    plans = tmp_path / "plans"
    plans.mkdir()
    for i in range(9):
        shutil.copy(EXAMPLE_PLANS[i % 3], plans / f"plan-{i}.ttl")
    broken = plans / "plan-4.ttl"
    broken.write_text(broken.read_text().replace("hwb/E06000044", "hwb/E09999999"))
    assert runner._worker_count() > 1
    run = validate_paths([plans], [EXAMPLES_DIR / "strategies"], validator=validator())
    assert [p.source.name for p in run.plans] == [f"plan-{i}.ttl" for i in range(9) if i != 4]
    (error,) = run.errors
    assert error.path == str(broken)
    board = "<https://w3id.org/jfp-graph/id/hwb/E09999999>"
    assert error.reason == f"unknown health and wellbeing board {board}: not in the reference graph"
    assert error.line == broken.read_text().split("E09999999")[0].count("\n") + 1
