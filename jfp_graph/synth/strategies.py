"""The documents a synthetic plan answers to: JSNAs and JLHWSs of each relevant HWB, each ICB's integrated
care strategy, and the capital resource use plan of each edition.
"""

from __future__ import annotations

import random

from jfp_graph.iris import DCTERMS, FOAF, ID, RDF_TYPE, RDFS
from jfp_graph.iris import DEF as JFP
from jfp_graph.synth.content import ICS_PRIORITIES, JLHWS_PRIORITIES, NEEDS
from jfp_graph.synth.document import WEB, Document, date, text
from jfp_graph.synth.model import HWB, ICB


def jsna(hwb: HWB, icbs: list[str], rng: random.Random) -> Document:
    """The 2022 joint strategic needs assessment of the board's area, prepared with the ICBs it overlaps."""
    iri = f"{ID}jsna/{hwb.gss}/2022"
    doc = Document(iri, f"strategies/jsna-{hwb.gss}-2022.ttl", f"Joint strategic needs assessment, {hwb.area} (2022)")
    doc.introduce(
        "JointStrategicNeedsAssessment",
        f"{hwb.area} joint strategic needs assessment 2022",
        f"Assessment of the current and future health, care and wellbeing needs of {hwb.area}.",
    )
    add_local(doc, hwb, icbs)
    add_published(
        doc, f"2022-11-{rng.randint(1, 14):02d}", f"2022-11-{rng.randint(15, 28):02d}", f"{hwb.gss}/jsna-2022"
    )
    for n, (title, description) in enumerate(NEEDS, 1):
        need = f"{iri}/need/{n}"
        doc.add(iri, JFP + "identifiesNeed", need)
        doc.add(need, RDF_TYPE, JFP + "Need")
        doc.add(need, DCTERMS + "title", text(title))
        doc.add(need, DCTERMS + "description", text(description))
    return doc


def jlhws(hwb: HWB, icbs: list[str], rng: random.Random) -> Document:
    """The board's 2023 joint local health and wellbeing strategy, meeting the needs in its JSNA."""
    iri = ID + hwb.jlhws
    doc = Document(
        iri, f"strategies/jlhws-{hwb.gss}-2023.ttl", f"Joint local health and wellbeing strategy, {hwb.area} (2023)"
    )
    doc.introduce(
        "JointLocalHealthAndWellbeingStrategy",
        f"{hwb.area} joint local health and wellbeing strategy 2023 to 2028",
        f"Strategy published through the {hwb.name} to meet the needs in the {hwb.area} JSNA.",
    )
    add_local(doc, hwb, icbs)
    doc.add(iri, JFP + "publishedThrough", f"{ID}hwb/{hwb.gss}")
    doc.add(iri, JFP + "meetsNeedsIn", f"{ID}jsna/{hwb.gss}/2022")
    add_published(
        doc, f"2023-02-{rng.randint(1, 10):02d}", f"2023-02-{rng.randint(11, 28):02d}", f"{hwb.gss}/jlhws-2023"
    )
    for n, title in enumerate(JLHWS_PRIORITIES[:3], 1):
        priority = f"{iri}/priority/{n}"
        doc.add(iri, JFP + "hasPriority", priority)
        doc.add(priority, RDF_TYPE, JFP + "StrategyPriority")
        doc.add(priority, DCTERMS + "title", text(title))
        doc.add(priority, JFP + "addressesNeed", f"{ID}jsna/{hwb.gss}/2022/need/{n}")
    return doc


def ics(icb: ICB) -> Document:
    """The ICB's 2023 integrated care strategy and the partnership that prepared it."""
    iri = f"{ID}ics/{icb.ods}/2023"
    doc = Document(iri, f"strategies/ics-{icb.ods}-2023.ttl", f"Integrated care strategy, {icb.short} (2023)")
    icp = f"{ID}icp/{icb.ods}"
    doc.add(icp, RDF_TYPE, JFP + "IntegratedCarePartnership")
    doc.add(icp, RDFS + "label", text(f"{icb.short} Integrated Care Partnership"))
    doc.introduce(
        "IntegratedCareStrategy",
        f"{icb.short} integrated care strategy 2023",
        f"Strategy of the {icb.short} Integrated Care Partnership.",
    )
    doc.add(iri, JFP + "preparedBy", icp)
    doc.add(iri, JFP + "forICB", f"{ID}icb/{icb.ods}")
    doc.add(iri, JFP + "hasRegardTo", f"{ID}doc/nhs-mandate-2022", *(f"{ID}jsna/{h.gss}/2022" for h in icb.hwbs))
    add_published(doc, "2023-01-17", "2023-01-31", f"{icb.ods}/integrated-care-strategy-2023")
    for n, title in enumerate(ICS_PRIORITIES, 1):
        priority = f"{iri}/priority/{n}"
        doc.add(iri, JFP + "hasPriority", priority)
        doc.add(priority, RDF_TYPE, JFP + "StrategyPriority")
        doc.add(priority, DCTERMS + "title", text(title))
        hwb = icb.hwbs[(n - 1) % len(icb.hwbs)]
        doc.add(priority, JFP + "addressesNeed", f"{ID}jsna/{hwb.gss}/2022/need/{(n - 1) % len(NEEDS) + 1}")
    return doc


def capital(icb: ICB, year: int) -> Document:
    """The joint capital resource use plan of the ICB and its partner trusts for one financial year."""
    iri = f"{ID}capital/{icb.ods}/{year}"
    doc = Document(
        iri, f"strategies/capital-{icb.ods}-{year}.ttl", f"Joint capital resource use plan, {icb.short} ({year})"
    )
    doc.introduce(
        "CapitalResourceUsePlan",
        f"{icb.short} joint capital resource use plan {year}/{(year + 1) % 100:02d}",
        f"Planned capital resource use of {icb.name} and its partner trusts.",
    )
    doc.add(iri, JFP + "preparedBy", f"{ID}icb/{icb.ods}", *(f"{ID}trust/{t}" for t in icb.trusts))
    doc.add(iri, JFP + "forICB", f"{ID}icb/{icb.ods}")
    add_published(doc, f"{year}-03-26", f"{year}-06-20")
    return doc


def add_local(doc: Document, hwb: HWB, icbs: list[str]) -> None:
    """A document of the board's area, prepared by its local authority with the ICBs it overlaps."""
    la = f"{ID}la/{hwb.gss}"
    doc.add(doc.iri, JFP + "preparedBy", la, *(f"{ID}icb/{o}" for o in icbs))
    doc.add(doc.iri, JFP + "coversLocalAuthority", la)


def add_published(doc: Document, created: str, issued: str, page: str | None = None) -> None:
    """When the document was made and published, and where (a path under ``WEB``), if on a page of its own."""
    doc.add(doc.iri, DCTERMS + "created", date(created))
    doc.add(doc.iri, DCTERMS + "issued", date(issued))
    if page:
        doc.add(doc.iri, FOAF + "page", WEB + page)
