"""A synthetic plan's sections and requirement claims, derived from the statute graph and the shapes.

Every requirement checked from a claim gets a section titled after it and a claim, with an evidence pointer
into the published document, that points at the section; every requirement asking for a topic gets a
section with that topic (``jfp_graph.synth.requirements``).
"""

from __future__ import annotations

from jfp_graph.iris import DCTERMS, RDF_TYPE
from jfp_graph.iris import DEF as JFP
from jfp_graph.synth.document import integer, plain, text
from jfp_graph.synth.draft import PlanDraft
from jfp_graph.synth.requirements import Section, requirement_sections


def add_sections_and_claims(plan: PlanDraft) -> None:
    for section in requirement_sections():
        iri = plan.part(f"section/{section.slug}")
        plan.doc.add(plan.iri, JFP + "hasSection", iri)
        plan.doc.add(iri, RDF_TYPE, JFP + "PlanSection")
        plan.doc.add(iri, DCTERMS + "title", text(section.title))
        if section.topic:
            plan.doc.add(iri, JFP + "topic", section.topic)
        if section.claimed:
            add_claim(plan, section, iri)


def add_claim(plan: PlanDraft, section: Section, addressed_by: str) -> None:
    """``<plan>/claim/<slug>``: the plan addresses the requirement in the section, on a page of its document."""
    doc, claim = plan.doc, plan.part(f"claim/{section.slug}")
    doc.add(plan.iri, JFP + "hasClaim", claim)
    doc.add(claim, RDF_TYPE, JFP + "RequirementClaim")
    doc.add(claim, JFP + "addressesRequirement", section.requirement)
    doc.add(claim, JFP + "addressedBy", addressed_by)
    evidence = f"{claim}/evidence"
    doc.add(claim, JFP + "hasEvidence", evidence)
    doc.add(evidence, RDF_TYPE, JFP + "EvidencePointer")
    doc.add(evidence, JFP + "inDocument", plan.pdf)
    doc.add(evidence, JFP + "page", integer(plan.rng.randint(4, 80)))
    doc.add(evidence, JFP + "anchor", plain(section.title))
