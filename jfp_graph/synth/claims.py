"""A synthetic plan's sections and requirement claims, derived from the statute graph and the shapes.

Every requirement gets ``<plan>/section/<slug>``, titled after it (with the topic its shape asks for, if
any), and ``<plan>/claim/<slug>`` pointing at the section and, with an evidence pointer, at a page of the
published document and the words quoted from it (``jfp_graph.synth.requirements``).
"""

from __future__ import annotations

from jfp_graph.iris import DCTERMS, RDF_TYPE
from jfp_graph.iris import DEF as JFP
from jfp_graph.synth.document import integer, plain, text
from jfp_graph.synth.draft import PlanDraft
from jfp_graph.synth.requirements import Requirement, plan_requirements


def add_sections_and_claims(plan: PlanDraft) -> None:
    for requirement in plan_requirements():
        add_claim(plan, requirement, add_section(plan, requirement))


def add_section(plan: PlanDraft, requirement: Requirement) -> str:
    section = plan.part(f"section/{requirement.slug}")
    plan.doc.add(plan.iri, JFP + "hasSection", section)
    plan.doc.add(section, RDF_TYPE, JFP + "PlanSection")
    plan.doc.add(section, DCTERMS + "title", text(requirement.title))
    if requirement.topic:
        plan.doc.add(section, JFP + "topic", requirement.topic)
    return section


def add_claim(plan: PlanDraft, requirement: Requirement, section: str) -> None:
    """The plan addresses the requirement in ``section``, on a page of its published document."""
    doc, claim = plan.doc, plan.part(f"claim/{requirement.slug}")
    doc.add(plan.iri, JFP + "hasClaim", claim)
    doc.add(claim, RDF_TYPE, JFP + "RequirementClaim")
    doc.add(claim, JFP + "addressesRequirement", requirement.iri)
    doc.add(claim, JFP + "addressedBy", section)
    evidence = f"{claim}/evidence"
    doc.add(claim, JFP + "hasEvidence", evidence)
    doc.add(evidence, RDF_TYPE, JFP + "EvidencePointer")
    doc.add(evidence, JFP + "inDocument", plan.pdf)
    doc.add(evidence, JFP + "page", integer(plan.rng.randint(4, 80)))
    doc.add(evidence, JFP + "anchor", plain(requirement.title))
    quote = f"This section sets out how the plan meets the requirement: {requirement.title}."
    doc.add(evidence, JFP + "quote", plain(quote))
