"""Delivery focus (guidance Box 1, principle 3) read from the plan's parts: each case that
concerns objectives, metrics and due dates gets its Warning naming the part; due dates are read at the
precision the plan writes them, on both engines.
"""

from __future__ import annotations

import pytest
from conftest import sentence
from test_editions import PREFIXES, QRL24, STRATEGIES, findings
from test_validate_support import EXAMPLES_DIR, patched_copy

from jfp_graph.validation import PlanValidator, validate_paths

OBJECTIVE_2 = "Timely neurology diagnosis and community neuro-rehabilitation"
MILESTONE = QRL24 + "/milestone/1-1"  # "Urgent community response two-hour standard met in every place"
INVALID = (
    "The due date of Urgent community response two-hour standard met in every place is not a valid day, month, "
    'year or financial year (e.g. "2024-03-31"^^xsd:date, "2024-03"^^xsd:gYearMonth, "2025"^^xsd:gYear, '
    '"2024/25"^^jfp:financialYear).'
)
ALREADY_DUE = (
    "Urgent community response two-hour standard met in every place was due before the plan's period starts: "
    "report it as met or give it a new date."
)


def due(value: str) -> str:
    """An update giving the milestone the due date ``value`` (Turtle syntax)."""
    return f"""DELETE {{ <{MILESTONE}> jfp:dueDate ?d }} INSERT {{ <{MILESTONE}> jfp:dueDate {value} }}
               WHERE {{ <{MILESTONE}> jfp:dueDate ?d }}"""


def test_objectives_whose_expected_outcomes_are_tbc(tmp_path):
    outcomes = {"1": "TBC", "2": "to be confirmed.", "3": "TBC by March 2025, when the review reports"}
    data = " ".join(f'<{QRL24}/objective/{n}> jfp:expectedOutcome "{text}" .' for n, text in outcomes.items())
    assert findings(tmp_path, f"INSERT DATA {{ {data} }}") == [
        ("warning", "delivery-focused", 'The expected outcome of Improve the timeliness of urgent and emergency care '
         'is a placeholder ("TBC"), not an outcome.'),
        ("warning", "delivery-focused", f'The expected outcome of {OBJECTIVE_2} is a placeholder ("TBC"), not an '
         'outcome.'),
    ]  # fmt: skip


def test_metrics_with_a_baseline_but_no_target(tmp_path):
    assert findings(tmp_path, f"DELETE WHERE {{ <{QRL24}/metric/1-1> jfp:target ?t }}") == [
        ("warning", "delivery-focused",
         "The metric A&E attendances admitted, transferred or discharged within four hours has no target."),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "value", ['"March 2024"^^xsd:date', '"2024-03-28T00:00:00"^^xsd:date', '"2024-02-30"^^xsd:date', '"March 2024"',
              '"2024/26"^^jfp:financialYear'],
)  # fmt: skip
def test_due_date_march_2024_stored_as_an_invalid_date(value, tmp_path):
    assert findings(tmp_path, due(value)) == [("warning", "delivery-focused", INVALID)]


@pytest.mark.parametrize(
    "value", ['"2024-03"^^xsd:gYearMonth', '"2024-03-31"^^xsd:date', '"2023/24"^^jfp:financialYear',
              '"2023"^^xsd:gYear'],
)  # fmt: skip
def test_a_milestone_due_march_2024_in_a_plan_starting_april_2024_is_already_due(value, tmp_path):
    assert findings(tmp_path, due(value)) == [("warning", "delivery-focused", ALREADY_DUE)]


@pytest.mark.parametrize(
    "value", ['"2024-04"^^xsd:gYearMonth', '"2025"^^xsd:gYear', '"2024/25"^^jfp:financialYear',
              '"2024-04-01"^^xsd:date'],
)  # fmt: skip
def test_due_dates_at_any_precision_within_the_period_are_accepted(value, tmp_path):
    assert findings(tmp_path, due(value)) == []


def test_both_engines_read_due_dates_alike(tmp_path):
    update = PREFIXES + due('"2024-03-28T00:00:00"^^xsd:date')
    update += f" ; DELETE WHERE {{ <{QRL24}/metric/1-1> jfp:target ?t }} ; INSERT DATA {{ <{QRL24}/objective/1> "
    update += 'jfp:expectedOutcome "TBC" }'
    plan_file = patched_copy(EXAMPLES_DIR / "plans" / "QRL-2024.ttl", update, tmp_path)
    seen = []
    for engine in ("shacl", "pyshacl"):
        (report,) = validate_paths([plan_file, STRATEGIES], validator=PlanValidator(engine=engine)).plans
        seen.append(sorted((f.requirement.slug, f.focus, sentence(f)) for f in report.findings))
    assert seen[0] == seen[1] and len(seen[0]) == 3
