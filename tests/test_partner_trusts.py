"""Partner trusts: the edition is prepared by the ICB and each partner trust in the reference graph for its date.

a plan prepared by the ICB alone passed with no finding (NHS Act 2006 s.14Z52(1)).
"""

from __future__ import annotations

import pyoxigraph as ox
from checks_support import ID, QRL24, findings_after
from conftest import sentence
from test_validate_support import validator

from jfp_graph.namespaces import JFPV
from jfp_graph.validation.derive import derive
from jfp_graph.validation.model import Severity

QRL_TRUSTS = {
    "R1F": "Isle of Wight NHS Trust",
    "RHM": "University Hospital Southampton NHS Foundation Trust",
    "RHU": "Portsmouth Hospitals NHS Trust",
    "RN5": "Hampshire Hospitals NHS Foundation Trust",
    "RW1": "Hampshire and Isle of Wight Healthcare NHS Foundation Trust",
    "RYE": "South Central Ambulance Service NHS Foundation Trust",
}


def test_a_plan_prepared_by_the_icb_alone_names_each_missing_partner_trust(tmp_path):
    found = findings_after(
        "DELETE { ?plan jfp:preparedBy ?t } WHERE { ?plan jfp:preparedBy ?t FILTER(CONTAINS(STR(?t), '/trust/')) }",
        tmp_path,
    )
    assert {f.requirement.slug for f in found} == {"prepared-with-partner-trusts"}
    assert {f.severity for f in found} == {Severity.VIOLATION}
    assert {f.focus: sentence(f) for f in found} == {
        ID + f"trust/{code}": f"The plan does not record that {name} prepared it: the ICB and each of its partner "
        "trusts prepare the plan together."
        for code, name in QRL_TRUSTS.items()
    }


def test_one_missing_partner_trust_is_named(tmp_path):
    found = findings_after(f"DELETE DATA {{ <{QRL24}> jfp:preparedBy <trust/RHU> }}", tmp_path)
    assert [(f.requirement.slug, f.focus_label) for f in found] == [
        ("prepared-with-partner-trusts", "Portsmouth Hospitals NHS Trust")
    ]


def test_a_plan_without_its_icb_among_the_preparers_is_found(tmp_path):
    found = findings_after(f"DELETE DATA {{ <{QRL24}> jfp:preparedBy <icb/QRL> }}", tmp_path)
    assert [(f.requirement.slug, f.focus) for f in found] == [("prepared-with-partner-trusts", ID + "icb/QRL")]


def _expected(created: str) -> set[str]:
    text = f"""@prefix jfp: <https://w3id.org/jfp-graph/def#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{ID}plan/QMJ/2024> a jfp:JointForwardPlan ; jfp:forICB <{ID}icb/QMJ> ;
    <http://purl.org/dc/terms/created> "{created}"^^xsd:date ."""
    triples = [ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    return {
        q.object.value
        for q in derive(validator().context.index, triples)
        if q.predicate.value == str(JFPV.expectedPreparer)
    }


def test_a_partner_trust_established_after_the_plan_was_prepared_is_not_expected():
    # North London NHS Foundation Trust (G6V2S) opened on 1 November 2024 and is a partner of QMJ.
    trust = ID + "trust/G6V2S"
    assert trust not in _expected("2024-03-28")
    assert trust in _expected("2025-03-28")
    assert ID + "icb/QMJ" in _expected("2024-03-28")
