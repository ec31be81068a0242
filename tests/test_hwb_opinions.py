"""Health and wellbeing board opinions as they really are, and the drafts the boards are sent.

a final opinion that the plan does not take proper account of the board's JLHWS, one that
never answers that question, and drafts shared with boards after the plan was prepared each passed with no
finding.
"""

from __future__ import annotations

from checks_support import ID, QRL24, QRL24_FILE, findings, findings_after, slugs
from conftest import sentence
from test_validate_support import VIOLATIONS_DIR, patched_copy

from jfp_graph.synth.defects import load_patch
from jfp_graph.validation.model import Severity

PORTSMOUTH = ID + "hwb/E06000044"
OPINION = QRL24 + "/opinion/E06000044"


def verdict(concept: str) -> str:
    return f"""DELETE {{ <{OPINION}> jfp:verdict ?v }} INSERT {{ <{OPINION}> jfp:verdict jfp:{concept} }}
    WHERE {{ <{OPINION}> jfp:verdict ?v }}"""


def test_a_final_opinion_that_the_plan_does_not_take_proper_account_is_reported(tmp_path):
    (finding,) = findings_after(verdict("verdict-not-proper-account"), tmp_path)
    assert finding.requirement.slug == "hwb-opinion-proper-account"
    assert finding.severity is Severity.WARNING
    assert finding.focus == PORTSMOUTH
    assert finding.value == OPINION
    assert sentence(finding) == (
        "The final opinion of Portsmouth Health and Wellbeing Board is that the plan does not take proper account "
        "of its joint local health and wellbeing strategy."
    )


def test_a_final_opinion_that_never_answers_the_question_is_reported(tmp_path):
    (finding,) = findings_after(verdict("verdict-not-answered"), tmp_path)
    assert (finding.requirement.slug, finding.severity) == ("hwb-opinion-proper-account", Severity.WARNING)
    assert sentence(finding) == (
        "The final opinion of Portsmouth Health and Wellbeing Board does not answer whether the plan takes proper "
        "account of its joint local health and wellbeing strategy."
    )


def test_a_qualified_final_opinion_is_reported(tmp_path):
    (finding,) = findings_after(verdict("verdict-proper-account-with-qualifications"), tmp_path)
    assert (finding.requirement.slug, finding.severity) == ("hwb-opinion-proper-account", Severity.WARNING)
    assert "only with qualifications" in sentence(finding)


def test_a_critical_opinion_on_a_draft_followed_by_a_favourable_final_one_is_not_reported(tmp_path):
    found = findings_after(
        f"""INSERT DATA {{
          <{QRL24}> jfp:hasOpinionStatement <{OPINION}/draft> .
          <{OPINION}/draft> a jfp:HWBOpinion ; jfp:opinionOf <hwb/E06000044> ; jfp:isFinal false ;
              jfp:aboutStrategy <jlhws/E06000044/2023> ; jfp:verdict jfp:verdict-not-proper-account ;
              jfp:opinionText "The first draft sets out no step for the board's housing priority." .
        }}""",
        tmp_path,
    )
    assert found == []


def test_an_opinion_without_its_verdict_is_not_a_statement_of_the_final_opinion(tmp_path):
    (finding,) = findings_after(f"DELETE WHERE {{ <{OPINION}> jfp:verdict ?v }}", tmp_path)
    assert (finding.requirement.slug, finding.severity, finding.focus) == (
        "hwb-opinion-statement",
        Severity.VIOLATION,
        PORTSMOUTH,
    )
    assert sentence(finding).startswith(
        "The final opinion of Portsmouth Health and Wellbeing Board in the plan does not say which joint local"
    )


def test_an_opinion_recorded_in_the_boards_minutes_at_a_web_address_is_accepted(tmp_path):
    minutes = "https://democracy.portsmouth.gov.uk/jfp-graph-example/minutes-2024-03-13"
    found = findings_after(
        f"""DELETE {{ <{OPINION}> jfp:recordedIn ?r }} INSERT {{ <{OPINION}> jfp:recordedIn <{minutes}> }}
        WHERE {{ <{OPINION}> jfp:recordedIn ?r }}""",
        tmp_path,
    )
    assert found == []
    found = findings_after(
        f"""DELETE {{ <{OPINION}> jfp:recordedIn ?r }} INSERT {{ <{OPINION}> jfp:recordedIn "the minutes" }}
        WHERE {{ <{OPINION}> jfp:recordedIn ?r }}""",
        tmp_path,
    )
    assert [(f.requirement.slug, f.focus) for f in found] == [("hwb-opinion-statement", PORTSMOUTH)]


def test_drafts_shared_with_hwbs_after_the_plan_was_prepared_are_found(tmp_path):
    found = findings_after(
        """DELETE { ?sharing jfp:sharedOn ?on } INSERT { ?sharing jfp:sharedOn "2024-04-15"^^xsd:date }
        WHERE { ?plan jfp:hasDraftSharing ?sharing . ?sharing jfp:sharedWith ?hwb ; jfp:sharedOn ?on
                FILTER(STRSTARTS(STR(?hwb), STR(<hwb/>))) }""",
        tmp_path,
    )
    assert slugs(found) == {"hwb-draft-shared"}
    boards = ("E06000044", "E06000045", "E06000046", "E10000014")
    assert {(f.focus, f.value) for f in found} == {
        (ID + f"hwb/{gss}", QRL24 + f"/draft-sharing/{gss}") for gss in boards
    }
    portsmouth = next(f for f in found if f.focus == PORTSMOUTH)
    assert sentence(portsmouth) == (
        "A draft was sent to Portsmouth Health and Wellbeing Board after the plan was prepared: the board must be "
        "consulted on a draft before the final plan."
    )


def test_a_draft_sent_in_the_month_the_plan_was_prepared_is_not_certainly_late(tmp_path):
    # "March 2024" may be before the plan was prepared on 27 March; "April 2024" is after it.
    month = """DELETE {{ ?sharing jfp:sharedOn ?on }} INSERT {{ ?sharing jfp:sharedOn "{month}"^^xsd:gYearMonth }}
        WHERE {{ ?plan jfp:hasDraftSharing ?sharing . ?sharing jfp:sharedWith <hwb/E06000044> ; jfp:sharedOn ?on }}"""
    march = findings_after(month.format(month="2024-03"), tmp_path)
    april = findings_after(month.format(month="2024-04"), tmp_path)
    late = "A draft was sent to Portsmouth Health and Wellbeing Board after the plan was prepared"
    assert not any(f.message.startswith(late) for f in march)
    assert [f.focus for f in april if f.message.startswith(late)] == [PORTSMOUTH]


def test_a_draft_shared_on_the_day_the_plan_was_prepared_is_not_late(tmp_path):
    found = findings_after(
        """DELETE { ?sharing jfp:sharedOn ?on } INSERT { ?sharing jfp:sharedOn ?created }
        WHERE { ?plan jfp:hasDraftSharing ?sharing ; <http://purl.org/dc/terms/created> ?created .
                ?sharing jfp:sharedWith <hwb/E06000044> ; jfp:sharedOn ?on }""",
        tmp_path,
    )
    assert found == []


def test_a_revised_draft_not_resent_to_a_board_is_found_and_one_resent_to_all_is_not(tmp_path):
    patch = load_patch(VIOLATIONS_DIR / "revised-draft-not-sent-to-hwb.ru")
    (finding,) = findings(patched_copy(QRL24_FILE, patch.bound(), tmp_path))
    assert (finding.requirement.slug, finding.severity, finding.focus) == (
        "hwb-revised-draft-sent",
        Severity.WARNING,
        PORTSMOUTH,
    )
    assert sentence(finding) == (
        "The plan records a revised draft that was not sent to Portsmouth Health and Wellbeing Board: a "
        "significantly revised draft goes to each health and wellbeing board again."
    )
    (tmp_path / "all").mkdir()
    every_board = patched_copy(QRL24_FILE, patch.bound(hwb_iri=ID + "hwb/E06000036"), tmp_path / "all")
    assert findings(every_board) == []  # Bracknell Forest is no board of this plan: every board got the revision
