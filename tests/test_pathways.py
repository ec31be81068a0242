"""Priority pathways and the neurological ask: the check applies from the date the ICB holds delegated
specialised services (the reference graph, by region and date, or the plan's own say-so), each pathway serves
all three aims, and consulting people with another condition does not answer the neurological ask.
"""

from __future__ import annotations

import pytest
from test_editions import QRL24, findings
from test_validate_support import validator

from jfp_graph.scaffold import scaffold
from jfp_graph.validation import validate_paths

ONE_AIM_EACH = f"""
DELETE {{ ?pathway jfp:servesAim ?aim }}
INSERT {{ <{QRL24}/pathway/neurology> jfp:servesAim jfp:aim-quality .
          <{QRL24}/pathway/cardiovascular> jfp:servesAim jfp:aim-inequalities .
          <{QRL24}/pathway/cyp-mental-health> jfp:servesAim jfp:aim-value }}
WHERE {{ <{QRL24}> jfp:hasPriorityPathway ?pathway . ?pathway jfp:servesAim ?aim }}"""
NO_PATHWAYS = f"""DELETE {{ <{QRL24}> jfp:hasPriorityPathway ?p . ?p ?pp ?po }}
                  WHERE {{ <{QRL24}> jfp:hasPriorityPathway ?p . ?p ?pp ?po }}"""


def test_pathways_that_each_serve_one_aim(tmp_path):
    found = findings(tmp_path, ONE_AIM_EACH)
    aims = ["improving quality of care", "reducing inequalities", "delivering best value"]
    # Each aim is missing from two of the three pathways.
    assert found == sorted(
        ("warning", "priority-pathways", f"A priority pathway of the plan does not serve the aim of {aim}.")
        for aim in aims
        for _ in range(2)
    )


# The plan's claims still point at the three pathways the patch removes: each such pointer now dangles.
DANGLING = [(
    "violation", "evidence-resolves", "A claim points at a plan part this edition does not have (jfp:addressedBy): "
    "the section, objective, step or metric it names is not in the plan.",
)] * 3


def test_a_plan_with_no_priority_pathways_when_its_icb_says_it_holds_delegated_services(tmp_path):
    assert findings(tmp_path, NO_PATHWAYS) == DANGLING + [
        ("warning", "priority-pathways", "The plan names fewer than three priority pathways for transformation."),
    ]


def test_without_the_plans_say_so_the_check_follows_the_reference_graphs_date(tmp_path):
    # Hampshire and Isle of Wight is in the South East, whose ICBs hold delegated services from April 2025:
    # its 2024/25 plan is not held to the check unless it says its ICB holds them.
    unsaid = f"DELETE WHERE {{ <{BASE_ICB}> jfp:holdsDelegatedSpecialisedServices ?b ; jfp:delegatedFrom ?d }} ;"
    assert findings(tmp_path, unsaid + NO_PATHWAYS) == DANGLING


BASE_ICB = "https://w3id.org/jfp-graph/id/icb/QRL"


@pytest.mark.parametrize(
    ("ods", "year", "applies"),
    [("QNC", 2024, True),  # Staffordshire and Stoke-on-Trent, Midlands: delegated from April 2024
     ("QNC", 2023, False),  # joint committees only in 2023/24
     ("QRL", 2024, False),  # South East: from April 2025
     ("QRL", 2025, True)],
)  # fmt: skip
def test_delegation_is_read_from_the_reference_graph_by_region_and_date(ods, year, applies, tmp_path):
    path = tmp_path / f"{ods}-{year}.yaml"
    path.write_text(scaffold(ods, year, validator().context), encoding="utf-8")
    (plan,) = validate_paths([path], validator=validator()).plans
    assert ("priority-pathways" in {f.requirement.slug for f in plan.findings}) is applies


def test_a_neurological_consultation_check_satisfied_by_consulting_people_with_diabetes(tmp_path):
    diabetes = """DELETE { ?g jfp:condition ?c } INSERT { ?g jfp:condition "diabetes" }
                  WHERE { ?g jfp:groupType jfp:consultee-condition-community ; jfp:condition ?c }"""
    assert findings(tmp_path, diabetes) == [
        ("info", "condition-communities-consulted", "The plan records no consultation of people affected by "
         "neurological conditions, which the Neurological Alliance (2023) asks ICBs to consult."),
    ]  # fmt: skip
