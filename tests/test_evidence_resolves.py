"""Evidence resolves: a claim's plan parts are parts of the same edition, and its evidence can be followed.

a research claim pointing at the plan's introduction, an addressedBy pointing at a part that
does not exist, and an evidence document given as a title each passed with no finding.
"""

from __future__ import annotations

from checks_support import ID, QRL24, findings, findings_after, slugs
from conftest import sentence
from test_validate_support import EXAMPLES_DIR

from jfp_graph.validation.model import Severity

RESEARCH_EVIDENCE = QRL24 + "/claim/duty-research/evidence"


def test_a_research_claim_pointing_at_the_introduction_is_found(tmp_path):
    found = findings_after(
        """DELETE { ?claim jfp:addressedBy ?part ; jfp:hasEvidence ?e . ?e ?p ?o }
        INSERT { ?claim jfp:addressedBy <plan/QRL/2024/section/introduction> }
        WHERE { <plan/QRL/2024/claim/duty-research> jfp:addressedBy ?part ; jfp:hasEvidence ?e . ?e ?p ?o
                BIND(<plan/QRL/2024/claim/duty-research> AS ?claim) }""",
        tmp_path,
    )
    (finding,) = found
    assert finding.requirement.slug == "duty-research"
    assert finding.severity is Severity.VIOLATION
    assert sentence(finding) == (
        "The plan does not explain how the ICB will facilitate or promote research and the use of research "
        "evidence."
    )


def test_a_claim_with_quoted_evidence_and_no_plan_part_is_supported(tmp_path):
    found = findings_after("DELETE WHERE { <plan/QRL/2024/claim/duty-research> jfp:addressedBy ?part }", tmp_path)
    assert found == []


def test_an_addressed_by_pointing_at_a_part_that_does_not_exist_is_found(tmp_path):
    found = findings_after(
        "INSERT DATA { <plan/QRL/2024/claim/duty-research> jfp:addressedBy <plan/QRL/2024/section/research> }",
        tmp_path,
    )
    (finding,) = found
    assert finding.requirement.slug == "evidence-resolves"
    assert finding.severity is Severity.VIOLATION
    assert finding.focus == QRL24 + "/claim/duty-research"
    assert finding.value == QRL24 + "/section/research"
    assert sentence(finding) == (
        "A claim points at a plan part this edition does not have (jfp:addressedBy): the section, objective, step "
        "or metric it names is not in the plan."
    )


def test_an_addressed_by_pointing_at_another_edition_is_found_as_foreign(tmp_path):
    found = findings_after(
        """DELETE { ?claim jfp:addressedBy ?part }
        INSERT { ?claim jfp:addressedBy <plan/QRL/2023/section/duty-research> }
        WHERE { BIND(<plan/QRL/2024/claim/duty-research> AS ?claim) ?claim jfp:addressedBy ?part }""",
        tmp_path,
    )
    (finding,) = found
    assert finding.requirement.slug == "evidence-resolves"
    assert finding.value == ID + "plan/QRL/2023/section/duty-research"
    assert sentence(finding).startswith("A claim points at a part of another edition of the plan")


def test_an_addressed_by_pointing_at_a_node_that_is_not_a_part_of_the_plan_is_found(tmp_path):
    # Described in the file, but not linked from the plan: not a part of this edition.
    found = findings_after(
        """INSERT DATA { <plan/QRL/2024/claim/duty-research> jfp:addressedBy <plan/QRL/2024/section/orphan> .
                         <plan/QRL/2024/section/orphan> a jfp:PlanSection ; dcterms:title "Orphan" }""",
        tmp_path,
    )
    assert [(f.requirement.slug, f.value) for f in found] == [("evidence-resolves", QRL24 + "/section/orphan")]


def test_an_evidence_document_given_as_a_title_is_refused_not_dropped(tmp_path):
    yaml_plan = (EXAMPLES_DIR / "yaml" / "QNQ-2024.yaml").read_text(encoding="utf-8")
    research = yaml_plan.index("id: plan/QNQ/2024/claim/duty-research/evidence")
    line = yaml_plan.index("inDocument:", research)
    end = yaml_plan.index("\n", line)
    title = "Frimley joint forward plan 2024 to 2029"
    path = tmp_path / "QNQ-2024.yaml"
    path.write_text(yaml_plan[:line] + f"inDocument: {title}" + yaml_plan[end:], encoding="utf-8")
    (finding,) = findings(path)
    assert finding.requirement.slug == "evidence-resolves"
    assert finding.focus == ID + "plan/QNQ/2024/claim/duty-research/evidence"
    assert finding.value == title  # kept, so the reader sees what was written
    assert sentence(finding).startswith(
        "An evidence pointer names its document neither by an http(s) web address nor as a document in the graph"
    )


def test_an_evidence_document_given_as_a_web_address_in_yaml_is_accepted(tmp_path):
    yaml_plan = (EXAMPLES_DIR / "yaml" / "QNQ-2024.yaml").read_text(encoding="utf-8")
    # Written plainly, as the scaffold suggests, the address is an xsd:anyURI literal: a usable address.
    plain = yaml_plan.replace(
        "inDocument: {id: 'https://www.frimleyhealthandcare.org.uk/jfp-graph-example/joint-forward-plan-2024-2029.pdf'}",
        "inDocument: https://www.frimleyhealthandcare.org.uk/jfp-graph-example/joint-forward-plan-2024-2029.pdf",
    )
    assert plain != yaml_plan
    path = tmp_path / "QNQ-2024.yaml"
    path.write_text(plain, encoding="utf-8")
    assert findings(path) == []


def test_evidence_in_a_local_file_or_with_no_locator_is_unusable(tmp_path):
    found = findings_after(
        f"""DELETE {{ <{RESEARCH_EVIDENCE}> jfp:inDocument ?d ; jfp:page ?p ; jfp:anchor ?a }}
        INSERT {{ <{RESEARCH_EVIDENCE}> jfp:inDocument <file:///C:/plans/jfp.pdf> }}
        WHERE {{ <{RESEARCH_EVIDENCE}> jfp:inDocument ?d ; jfp:page ?p ; jfp:anchor ?a }}""",
        tmp_path,
    )
    assert {(f.requirement.slug, f.value) for f in found} == {("evidence-resolves", "file:///C:/plans/jfp.pdf")}
    found = findings_after(
        f"DELETE WHERE {{ <{RESEARCH_EVIDENCE}> jfp:page ?p ; jfp:anchor ?a ; jfp:quote ?q }}", tmp_path
    )
    # No quote: the claim is unsupported; no locator: the pointer cannot be followed.
    assert slugs(found) == {"evidence-resolves", "duty-research"}
    assert [sentence(f) for f in found if f.requirement.slug == "evidence-resolves"] == [
        "An evidence pointer does not say where in its document to look: give a page, an anchor or a quote."
    ]


def in_document(document: str) -> str:
    """An update pointing the research claim's evidence at ``document``."""
    return f"""DELETE {{ <{RESEARCH_EVIDENCE}> jfp:inDocument ?d }}
        INSERT {{ <{RESEARCH_EVIDENCE}> jfp:inDocument <{document}> }}
        WHERE {{ <{RESEARCH_EVIDENCE}> jfp:inDocument ?d }}"""


def test_evidence_naming_a_document_of_the_graph_is_accepted_and_an_unknown_one_is_not(tmp_path):
    assert findings_after(in_document("ics/QRL/2023"), tmp_path) == []
    found = findings_after(in_document("doc/unknown"), tmp_path)
    assert [(f.requirement.slug, f.value) for f in found] == [("evidence-resolves", ID + "doc/unknown")]
