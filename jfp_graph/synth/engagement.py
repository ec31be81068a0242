"""How a synthetic plan was consulted on: the groups consulted, the consultation activities, and the
summary of the views heard and how each was taken into account.
"""

from __future__ import annotations

from jfp_graph.iris import DCTERMS, PROV, RDF_TYPE, RDFS
from jfp_graph.iris import DEF as JFP
from jfp_graph.synth.content import CONSULTATIONS, GROUPS, VIEW_CHANGED, VIEW_NOT_CHANGED, VIEW_TEXT
from jfp_graph.synth.document import date_time, plain, text
from jfp_graph.synth.draft import PlanDraft


def add_consultation(plan: PlanDraft, first_objective: str) -> None:
    add_groups(plan)
    add_activities(plan)
    # What the core population and the neurological community said changed the plan; the rest is reported later.
    add_views(
        plan,
        (
            ("core-population", first_objective),
            ("inclusion-health", None),
            ("neurological-community", plan.part("pathway/neurology")),
        ),
    )


def add_groups(plan: PlanDraft) -> None:
    for group in GROUPS:
        iri = plan.part(f"group/{group.slug}")
        plan.doc.add(iri, RDF_TYPE, JFP + "ConsulteeGroup")
        plan.doc.add(iri, RDFS + "label", text(group.label))
        plan.doc.add(iri, JFP + "groupType", *(JFP + kind for kind in group.kinds))
        if group.condition:
            plan.doc.add(iri, JFP + "condition", plain(group.condition))


def add_activities(plan: PlanDraft) -> None:
    """Consultation from mid-November before the plan's first year to the end of January."""
    for n, (title, consulted) in enumerate(CONSULTATIONS, 1):
        activity = plan.part(f"consultation/{n}")
        plan.doc.add(plan.iri, JFP + "hasConsultation", activity)
        plan.doc.add(activity, RDF_TYPE, JFP + "ConsultationActivity")
        plan.doc.add(activity, DCTERMS + "title", text(title))
        plan.doc.add(activity, JFP + "method", plain("survey, events and written comments"))
        plan.doc.add(activity, JFP + "consulted", *(plan.part(f"group/{g}") for g in consulted))
        plan.doc.add(activity, PROV + "startedAtTime", date_time(f"{plan.year - 1}-11-13T09:00:00Z"))
        plan.doc.add(activity, PROV + "endedAtTime", date_time(f"{plan.year}-01-31T17:00:00Z"))


def add_views(plan: PlanDraft, views: tuple[tuple[str, str | None], ...]) -> None:
    """The summary of views: for each (group, the part of the plan it changed or None), what was heard."""
    summary, doc = plan.part("views-summary"), plan.doc
    doc.add(plan.iri, JFP + "hasViewsSummary", summary)
    doc.add(summary, RDF_TYPE, JFP + "ViewsSummary")
    doc.add(summary, DCTERMS + "title", text("Summary of the views expressed and how we took them into account"))
    for n, (group, changed) in enumerate(views, 1):
        view = plan.part(f"view/{n}")
        doc.add(summary, JFP + "hasView", view)
        doc.add(view, RDF_TYPE, JFP + "View")
        doc.add(view, JFP + "fromGroup", plan.part(f"group/{group}"))
        doc.add(view, JFP + "viewText", plain(VIEW_TEXT))
        doc.add(view, JFP + "howTakenIntoAccount", plain(VIEW_CHANGED if changed else VIEW_NOT_CHANGED))
        if changed:
            doc.add(view, JFP + "changed", changed)
