"""One synthetic plan edition, modelled on ``data/examples/plans/QRL-2024.ttl``.

The plan is built part by part: what it is and when (here), its sections and claims (``claims``), its
objectives with their metrics, milestones, trajectories and steps (``objectives``), its priority pathways
(here), consultation and the summary of views (``engagement``), and sharing the draft and the final plan and
the boards' opinions (``sharing``).
"""

from __future__ import annotations

import random

from jfp_graph.iris import DCTERMS, FOAF, ID, PROV, RDF_TYPE
from jfp_graph.iris import DEF as JFP
from jfp_graph.synth.claims import add_sections_and_claims
from jfp_graph.synth.content import PATHWAYS
from jfp_graph.synth.document import WEB, Document, boolean, date, text
from jfp_graph.synth.draft import FIRST_YEAR, PlanDraft, financial_year, plan_iri
from jfp_graph.synth.engagement import add_consultation
from jfp_graph.synth.model import ICB, Scale
from jfp_graph.synth.objectives import add_objectives
from jfp_graph.synth.sharing import add_sharing


def build_plan(icb: ICB, year: int, scale: Scale, rng: random.Random) -> Document:
    span = f"{year}/{(year + 1) % 100:02d}"
    doc = Document(plan_iri(icb, year), f"plans/{icb.ods}-{year}.ttl", f"Joint forward plan {span}, {icb.short}")
    plan = PlanDraft(doc, icb, year, rng)
    add_header(plan)
    add_sections_and_claims(plan)
    objectives = add_objectives(plan, scale)
    add_pathways(plan)
    add_consultation(plan, objectives[0])
    add_sharing(plan)
    return doc


def add_header(plan: PlanDraft) -> None:
    """What the plan is, who prepared it, the five years it covers, when it was made and what it answers to."""
    doc, p, icb, year = plan.doc, plan.iri, plan.icb, plan.year
    doc.introduce(
        "JointForwardPlan",
        f"{icb.short} joint forward plan {year}/{(year + 1) % 100:02d} to {year + 4}/{(year + 5) % 100:02d}",
        f"Five-year joint forward plan of {icb.name} and its partner trusts.",
    )
    doc.add(p, JFP + "preparedBy", *plan.organisations)
    doc.add(p, JFP + "forICB", plan.icb_iri)
    doc.add(p, JFP + "periodStart", date(f"{year}-04-01"))
    doc.add(p, JFP + "periodEnd", date(f"{year + 5}-03-31"))
    doc.add(p, JFP + "firstFinancialYear", financial_year(year))
    doc.add(p, DCTERMS + "created", date(f"{year}-03-{plan.rng.randint(20, 28):02d}"))
    # Published before the year starts: within the date set for every year's edition (statute graph).
    doc.add(p, DCTERMS + "issued", date(f"{year}-03-29"))
    doc.add(p, FOAF + "page", f"{WEB}{icb.ods}/joint-forward-plan-{year}")
    if year > FIRST_YEAR:
        doc.add(p, PROV + "wasRevisionOf", plan_iri(icb, year - 1))
        doc.add(p, JFP + "reviewOutcome", JFP + "review-significant-revision")
    doc.add(p, JFP + "delivers", plan.strategy)
    doc.add(p, JFP + "hasRegardTo", *(f"{ID}jsna/{h.gss}/2022" for h in icb.hwbs))
    doc.add(p, JFP + "consistentWith", f"{ID}capital/{icb.ods}/{year}")
    doc.add(p, JFP + "reflects", f"{ID}doc/nhs-long-term-plan-2019", f"{ID}doc/nhs-mandate-2023")
    doc.add(plan.icb_iri, JFP + "holdsDelegatedSpecialisedServices", boolean(True))
    doc.add(plan.icb_iri, JFP + "delegatedFrom", date("2025-04-01"))


def add_pathways(plan: PlanDraft) -> None:
    """Three priority pathways for transformation, each serving the three aims."""
    for pathway in PATHWAYS:
        pw = plan.part(f"pathway/{pathway.slug}")
        plan.doc.add(plan.iri, JFP + "hasPriorityPathway", pw)
        plan.doc.add(pw, RDF_TYPE, JFP + "PriorityPathway")
        plan.doc.add(pw, DCTERMS + "title", text(f"Priority pathway: {pathway.slug.replace('-', ' ')}"))
        plan.doc.add(pw, JFP + "servesAim", *(JFP + aim for aim in pathway.aims))
        plan.doc.add(pw, JFP + "specialisedService", boolean(pathway.specialised))
