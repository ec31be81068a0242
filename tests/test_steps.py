"""Set out the steps means steps: for each relevant JLHWS in force (s.14Z52(2)(c)), for children and young
people under 25 (d) and for victims of abuse (e), a step of the plan with an owner or a date.

generic "deliver the place-based plan" steps counted as steps for each relevant JLHWS, steps
pointing at a JLHWS that expired years before the plan period, and a claim alone, each passed with no finding.
"""

from __future__ import annotations

import shutil

from checks_support import ID, STRATEGIES, findings_after, slugs
from conftest import sentence

from jfp_graph.validation.model import Severity

BOARDS = {ID + f"hwb/{gss}" for gss in ("E06000044", "E06000045", "E06000046", "E10000014")}


def test_generic_place_based_plan_steps_do_not_count_as_steps_for_each_jlhws(tmp_path):
    found = findings_after(
        """DELETE { ?step jfp:implements ?priority }
        INSERT {
          <plan/QRL/2024/objective/1> jfp:hasStep <plan/QRL/2024/step/place> .
          <plan/QRL/2024/step/place> a jfp:Step ; dcterms:title "Deliver the place-based plan"@en-GB ;
              jfp:responsibleOrganisation <icb/QRL> ;
              jfp:implements <jlhws/E06000044/2023> , <jlhws/E06000045/2023> , <jlhws/E06000046/2023> ,
                             <jlhws/E10000014/2023> .
        }
        WHERE { ?step jfp:implements ?priority FILTER(CONTAINS(STR(?priority), "/priority/")) }""",
        tmp_path,
    )
    assert slugs(found) == {"jlhws-steps"}
    assert {f.focus for f in found} == BOARDS
    portsmouth = next(f for f in found if f.focus == ID + "hwb/E06000044")
    assert sentence(portsmouth) == (
        "No step of the plan with an owner or a date implements a priority of a joint local health and wellbeing "
        "strategy of Portsmouth Health and Wellbeing Board in force during the plan's period."
    )


def test_steps_pointing_at_an_expired_jlhws_do_not_count(tmp_path):
    strategies = tmp_path / "strategies"
    shutil.copytree(STRATEGIES, strategies)
    portsmouth = strategies / "jlhws-E06000044-2023.ttl"
    text = portsmouth.read_text(encoding="utf-8")
    assert 'jfp:periodEnd "2028-03-31"^^xsd:date' in text
    portsmouth.write_text(
        text.replace('jfp:periodStart "2023-04-01"^^xsd:date', 'jfp:periodStart "2016-04-01"^^xsd:date').replace(
            'jfp:periodEnd "2028-03-31"^^xsd:date', 'jfp:periodEnd "2021-03-31"^^xsd:date'
        ),
        encoding="utf-8",
    )
    found = findings_after("INSERT DATA { }", tmp_path, [strategies])
    assert [(f.requirement.slug, f.focus) for f in found] == [("jlhws-steps", ID + "hwb/E06000044")]


def test_a_jlhws_whose_period_is_stated_as_years_is_compared_by_the_days_it_covers(tmp_path):
    strategies = tmp_path / "strategies"
    shutil.copytree(STRATEGIES, strategies)
    portsmouth = strategies / "jlhws-E06000044-2023.ttl"
    text = portsmouth.read_text(encoding="utf-8")
    # Ends in 2024, the plan starts on 1 April 2024: it relates to part of the plan's period.
    portsmouth.write_text(
        text.replace('jfp:periodEnd "2028-03-31"^^xsd:date', 'jfp:periodEnd "2024"^^xsd:gYear'), encoding="utf-8"
    )
    assert findings_after("INSERT DATA { }", tmp_path, [strategies]) == []
    portsmouth.write_text(
        text.replace('jfp:periodEnd "2028-03-31"^^xsd:date', 'jfp:periodEnd "2023/24"^^jfp:financialYear'),
        encoding="utf-8",
    )
    found = findings_after("INSERT DATA { }", tmp_path, [strategies])
    assert [(f.requirement.slug, f.focus) for f in found] == [("jlhws-steps", ID + "hwb/E06000044")]


def test_steps_pointing_at_another_boards_jlhws_do_not_count(tmp_path):
    found = findings_after(
        """DELETE { ?step jfp:implements ?target }
        INSERT { ?step jfp:implements <jlhws/E06000036/2023> , <jlhws/E06000036/2023/priority/1> }
        WHERE { ?step jfp:implements ?target FILTER(STRSTARTS(STR(?target), STR(<jlhws/E06000044/>))) }""",
        tmp_path,
    )
    assert [(f.requirement.slug, f.focus) for f in found] == [("jlhws-steps", ID + "hwb/E06000044")]


def test_a_step_with_neither_owner_nor_date_does_not_count(tmp_path):
    found = findings_after(
        """DELETE { ?step jfp:responsibleOrganisation ?owner }
        WHERE { ?step jfp:implements ?t ; jfp:responsibleOrganisation ?owner
                FILTER(STRSTARTS(STR(?t), STR(<jlhws/E06000044/>))) }""",
        tmp_path,
    )
    assert [(f.requirement.slug, f.focus) for f in found] == [("jlhws-steps", ID + "hwb/E06000044")]
    # A date is enough.
    found = findings_after(
        """DELETE { ?step jfp:responsibleOrganisation ?owner } INSERT { ?step jfp:dueDate "2025-03-31"^^xsd:date }
        WHERE { ?step jfp:implements ?t ; jfp:responsibleOrganisation ?owner
                FILTER(STRSTARTS(STR(?t), STR(<jlhws/E06000044/>))) }""",
        tmp_path,
    )
    assert found == []


def test_a_claim_alone_is_not_a_step_for_children_and_young_people(tmp_path):
    found = findings_after(
        "DELETE WHERE { ?step jfp:concernsPopulation jfp:population-children-young-people }", tmp_path
    )
    (finding,) = found
    assert finding.requirement.slug == "children-young-people"
    assert finding.severity is Severity.VIOLATION
    assert finding.focus == ID + "plan/QRL/2024"
    assert sentence(finding).endswith("no step with an owner or a date concerns them.")


def test_a_claim_alone_is_not_a_step_for_victims_of_abuse(tmp_path):
    found = findings_after("DELETE WHERE { ?step jfp:concernsPopulation jfp:population-victims-of-abuse }", tmp_path)
    assert slugs(found) == {"victims-of-abuse"}


def test_a_population_step_outside_the_plan_or_without_an_owner_does_not_count(tmp_path):
    # The only victims step left has no owner; another is described but is not a step of this plan.
    found = findings_after(
        """DELETE { ?step jfp:concernsPopulation jfp:population-victims-of-abuse }
        INSERT {
          <plan/QRL/2024/step/7-1> jfp:concernsPopulation jfp:population-victims-of-abuse .
          <plan/QRL/2024/step/loose> a jfp:Step ; jfp:responsibleOrganisation <icb/QRL> ;
              jfp:concernsPopulation jfp:population-victims-of-abuse .
        }
        WHERE { ?step jfp:concernsPopulation jfp:population-victims-of-abuse } ;
        DELETE WHERE { <plan/QRL/2024/step/7-1> jfp:responsibleOrganisation ?owner }""",
        tmp_path,
    )
    assert slugs(found) == {"victims-of-abuse"}
