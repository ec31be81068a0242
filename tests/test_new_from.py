"""`jfp-graph new --from PREVIOUS`: next year's edition starts from the previous one, its objectives, metrics,
milestones and steps carried forward with stable identifiers and revision links; bad input writes nothing."""

from __future__ import annotations

import gc

import pytest
from click.testing import CliRunner

from jfp_graph.authoring import yaml_to_quads
from jfp_graph.cli import main
from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.rdfio import read_quads

ID = "https://w3id.org/jfp-graph/id/"
JFP = "https://w3id.org/jfp-graph/def#"
REVISION_OF = "http://www.w3.org/ns/prov#wasRevisionOf"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
QRL24_FILE = EXAMPLES_DIR / "plans" / "QRL-2024.ttl"
CARRIED = {JFP + kind for kind in ("Objective", "Metric", "Milestone", "Step")}


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    seen = (result.exit_code, result.output)
    del result
    gc.collect()
    return seen


def parts(quads, plan: str) -> dict[str, str]:
    """Objectives, metrics, milestones and steps of ``plan`` → their type, by path under the plan."""
    return {q.subject.value[len(plan) + 1:]: q.object.value for q in quads
            if q.predicate.value == RDF_TYPE and q.object.value in CARRIED and q.subject.value.startswith(plan + "/")}


def triples(quads, subject: str) -> set[tuple[str, str]]:
    return {(q.predicate.value, str(q.object)) for q in quads if q.subject.value == subject}


def test_the_next_edition_carries_every_part_forward_with_its_path_and_a_revision_link(tmp_path):
    output = tmp_path / "QRL-2025.yaml"
    assert cli("new", "--from", str(QRL24_FILE), "--output", str(output)) == (0, f"wrote {output}\n")
    text = output.read_text(encoding="utf-8")
    assert "\nwasRevisionOf: plan/QRL/2024\n" in text and "# Carried forward from plan/QRL/2024" in text
    new, old = yaml_to_quads(text, str(output)), read_quads(QRL24_FILE)
    p25, p24 = ID + "plan/QRL/2025", ID + "plan/QRL/2024"
    assert (REVISION_OF, f"<{p24}>") in triples(new, p25)
    carried = parts(new, p25)
    assert carried == parts(old, p24) and len(carried) == 37
    for path in carried:
        links = {o for p, o in triples(new, f"{p25}/{path}") if p == REVISION_OF}
        assert links == {f"<{p24}/{path}>"}, path
        # What the part says is what it said, with parts of the plan renamed into the new edition.
        said = {(p, o.replace(p24 + "/", p25 + "/")) for p, o in triples(old, f"{p24}/{path}") if p != REVISION_OF}
        assert {(p, o) for p, o in triples(new, f"{p25}/{path}") if p != REVISION_OF} == said, path
    # The rest of the plan is the scaffold's: its stubs, for this year.
    assert "periodStart: 2025-04-01\n" in text and "firstFinancialYear: fy/2025-26\n" in text
    assert "TODO hwb-opinion-statement" in text


def test_a_stored_edition_named_any_way_gives_the_same_next_edition(tmp_path):
    location = str(tmp_path / "store")
    assert cli("load", "--store", location, str(QRL24_FILE))[0] == 0
    from_file = yaml_to_quads(cli("new", "--from", str(QRL24_FILE))[1], "file.yaml")
    expected = {str(q) for q in from_file}
    for form in ("QRL/2024", "plan/QRL/2024", "jfpid:plan/QRL/2024", ID + "plan/QRL/2024"):
        code, text = cli("new", "--from", form, "--store", location)
        assert code == 0, text
        assert {str(q) for q in yaml_to_quads(text, "stored.yaml")} == expected, form
    code, text = cli("new", "--from", "QRL/2024", "--year", "2027", "--store", location)
    assert code == 0 and "id: plan/QRL/2027/metric/4-1\n" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "QRL/2026"),
         "error: QRL/2026: names no JointForwardPlan in the store (read as "
         "<https://w3id.org/jfp-graph/id/plan/QRL/2026>); did you mean jfpid:plan/QRL/2024?\n"),
        (("--from", "QRL"),
         "error: QRL: names no JointForwardPlan in the store (read as <https://w3id.org/jfp-graph/id/icb/QRL>); "
         "did you mean jfpid:plan/QRL/2024?\n"),
        (("--from", "QRL/2024", "--icb", "QNQ"),
         "error: QRL/2024: <https://w3id.org/jfp-graph/id/plan/QRL/2024> is an edition of QRL's plan, not of QNQ's: "
         "start QNQ's plan from one of its own editions\n"),
        (("--from", "QRL/2024", "--year", "2024"),
         "error: QRL/2024: --year 2024 does not follow <https://w3id.org/jfp-graph/id/plan/QRL/2024> (2024): "
         "give a later year\n"),
    ],
)
def test_a_previous_edition_that_is_missing_or_another_icbs_is_refused_and_nothing_is_written(args, message, tmp_path):
    location = str(tmp_path / "store")
    assert cli("load", "--store", location, str(QRL24_FILE))[0] == 0
    output = tmp_path / "next.yaml"
    assert cli("new", *args, "--store", location, "--output", str(output)) == (2, message)
    assert not output.exists()


def test_new_still_needs_an_icb_and_a_year_without_from():
    code, text = cli("new", "--icb", "QRL")
    assert code == 2 and "give --icb and --year, or --from the previous edition" in text


def _edited(text: str, part: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new`` in the block of ``part`` only."""
    start = text.index(f"id: {part}\n")
    end = text.index(old, start)
    return text[:end] + new + text[end + len(old):]


def test_an_edited_next_edition_diffs_by_identity_with_dates_at_any_precision(tmp_path):
    location = str(tmp_path / "store")
    plans = EXAMPLES_DIR / "plans"
    assert cli("load", "--store", location, str(plans / "QRL-2023.ttl"), str(QRL24_FILE))[0] == 0
    code, text = cli("new", "--from", "QRL/2024", "--store", location)
    assert code == 0, text
    text = _edited(text, "plan/QRL/2025/milestone/2-1", "dueDate: '2025-03-31'", "dueDate: March 2026")
    text = _edited(text, "plan/QRL/2025/milestone/2-1", "status: delayed", "status: not on track")
    text = _edited(text, "plan/QRL/2025/metric/4-1", "target: 80.0", "target: 82")
    text = _edited(text, "plan/QRL/2025/metric/4-1", "dueDate: '2025-03-31'", "dueDate: 2024/25")  # the same day
    text = _edited(text, "plan/QRL/2025/milestone/5-1", "dueDate: '2025-03-31'", "dueDate: '2024'")
    # The author deletes a milestone.
    start = text.index("  hasMilestone:\n    id: plan/QRL/2025/milestone/7-1\n")
    lines = text[start:].split("\n")
    kept = next(i for i, line in enumerate(lines[1:], 1) if not line.startswith("    "))  # the block's end
    text = text[:start] + "\n".join(lines[kept:])
    path = tmp_path / "QRL-2025.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli("load", "--store", location, str(path))[0] == 0
    code, table = cli("query", "edition-diff", "--store", location, "-p", "edition_iri=QRL/2025", "--format", "csv")
    assert code == 0, table
    rows = [line.split(",") for line in table.strip().splitlines()[1:]]
    p25, p24 = ID + "plan/QRL/2025/", ID + "plan/QRL/2024/"
    assert [(r[0], r[1].removeprefix(p25), r[2].removeprefix(p24), r[-2], r[-1]) for r in rows] == [
        ("date brought forward", "milestone/5-1", "milestone/5-1", "2025-03-31", "2024"),
        ("date slipped", "milestone/2-1", "milestone/2-1", "2025-03-31", "2026-03"),
        ("milestone removed", "", "milestone/7-1", "", ""),
        ("status changed", "milestone/2-1", "milestone/2-1", "delayed", "not on track"),
        ("target changed", "metric/4-1", "metric/4-1", "80", "82"),
    ]
