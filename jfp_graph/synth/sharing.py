"""Involving the boards and partners in a synthetic plan: the draft shared with each relevant HWB, the ICP and
NHS England in January, each board's final opinion in March, and the final plan given to them all in June.
"""

from __future__ import annotations

from jfp_graph.iris import DEF as JFP
from jfp_graph.iris import ID, RDF_TYPE
from jfp_graph.synth.document import boolean, date, plain
from jfp_graph.synth.draft import PlanDraft

NHS_ENGLAND = f"{ID}org/nhs-england"


def add_sharing(plan: PlanDraft) -> None:
    icp = f"{ID}icp/{plan.icb.ods}"
    boards = [(h.gss, f"{ID}hwb/{h.gss}") for h in plan.icb.hwbs]
    add_shared(plan, "DraftSharing", [*boards, ("icp", icp), ("nhs-england", NHS_ENGLAND)], f"{plan.year}-01-19")
    add_opinions(plan)
    add_shared(plan, "PlanSharing", [("icp", icp), *boards, ("nhs-england", NHS_ENGLAND)], f"{plan.year}-03-30")


def add_shared(plan: PlanDraft, kind: str, recipients: list[tuple[str, str]], on: str) -> None:
    """A ``DraftSharing`` or ``PlanSharing`` for each (name in the plan's IRIs, organisation) on the day ``on``."""
    has, path = ("hasDraftSharing", "draft-sharing") if kind == "DraftSharing" else ("hasPlanSharing", "plan-sharing")
    for key, organisation in recipients:
        sharing = plan.part(f"{path}/{key}")
        plan.doc.add(plan.iri, JFP + has, sharing)
        plan.doc.add(sharing, RDF_TYPE, JFP + kind)
        plan.doc.add(sharing, JFP + "sharedWith", organisation)
        plan.doc.add(sharing, JFP + "sharedOn", date(on))


def add_opinions(plan: PlanDraft) -> None:
    """Each relevant board's final opinion: the draft takes proper account of its JLHWS."""
    doc = plan.doc
    for hwb in plan.icb.hwbs:
        opinion = plan.part(f"opinion/{hwb.gss}")
        doc.add(plan.iri, JFP + "hasOpinionStatement", opinion)
        doc.add(opinion, RDF_TYPE, JFP + "HWBOpinion")
        doc.add(opinion, JFP + "opinionOf", f"{ID}hwb/{hwb.gss}")
        doc.add(opinion, JFP + "aboutStrategy", ID + hwb.jlhws)
        doc.add(opinion, JFP + "givenOn", date(f"{plan.year}-03-{plan.rng.randint(1, 15):02d}"))
        doc.add(opinion, JFP + "isFinal", boolean(True))
        doc.add(opinion, JFP + "takesProperAccount", boolean(True))
        doc.add(opinion, JFP + "verdict", JFP + "verdict-proper-account")
        doc.add(opinion, JFP + "recordedIn", plan.iri)
        statement = (
            f"The {hwb.name} considers that the draft plan takes proper account of the {hwb.area} "
            "joint local health and wellbeing strategy."
        )
        doc.add(opinion, JFP + "opinionText", plain(statement))
