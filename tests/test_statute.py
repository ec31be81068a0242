"""The statute graph (data/statute.ttl), read together with the ontology modules and the shapes.

The requirements are checked for the properties every requirement must have, whatever its number: one
modality, a legal basis itemised in the graph, a guidance section of the ontology, a fix hint, a shape that
enforces it. A few spot checks tie the data to its sources, each one line a reviewer can look up in NHS
England's guidance (Appendix 2 Table 1, section 4.1) or in the statute facts table.
"""

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parent.parent
STATUTE = ROOT / "data" / "statute.ttl"
ONTOLOGY = ROOT / "ontology"
GUIDANCE_TTL = ONTOLOGY / "guidance.ttl"
SHAPES = ROOT / "shapes"

JFP = Namespace("https://w3id.org/jfp-graph/def#")
JFPREQ = Namespace("https://w3id.org/jfp-graph/id/requirement/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
LEG = "http://www.legislation.gov.uk/id/"
NHSA = LEG + "ukpga/2006/41/section/"
LGPIHA = LEG + "ukpga/2007/28/section/"

# legislation.gov.uk id URIs: /id/{type}/{year}/{number}[/section/{n}[/{subsection}[/{para}[/{subpara}]]]]
LEG_ID = re.compile(
    r"^http://www\.legislation\.gov\.uk/id/ukpga/\d{4}/\d{1,4}"
    r"(/section/\d+[A-Z]*\d*[A-Z]*(/\d+[A-Z]*(/[a-z]{1,2}(/[ivx]+)?)?)?)?$"
)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MODALITIES = {JFP["modality-must"], JFP["modality-should"], JFP["modality-could"]}

ICB_ROLE = JFP["role-integrated-care-board"]
TRUST_ROLE = JFP["role-partner-trust"]

# Spot checks against the sources: (requirement, modality, legal bases it cites among others, guidance section,
# words of the guidance that set the modality, quoted in the requirement's jfp:guidanceText).
SOURCED = [
    # Table 1, "Implementing any JLHWS"; NHS Act 2006 s.14Z52(2)(c) refers to LGPIHA 2007 s.116B(1).
    ("jlhws-steps", "must", {NHSA + "14Z52/2/c", LGPIHA + "116B/1"}, "appendix-2-table-1",
     "The plan must set out the steps that the ICB proposes to take to implement any JLHWSs"),
    # Table 1, "Financial duties"; s.14Z52(2)(b)(ii): duties under ss.223GB to 223N.
    ("financial-duties", "must", {NHSA + "14Z52/2/b/ii", NHSA + "223GB", NHSA + "223GC"}, "appendix-2-table-1",
     "The plan must describe how the financial duties under sections 223GB to 223N"),
    # Table 1, "Financial duties", second paragraph.
    ("financial-efficiency", "should", set(), "appendix-2-table-1",
     "It should also set out how the efficiency and productivity of NHS services will be improved"),
    # Table 1, "Duty in respect of research"; s.14Z40 (heading verified) through s.14Z52(2)(b)(i).
    ("duty-research", "must", {NHSA + "14Z40", NHSA + "14Z52/2/b/i"}, "appendix-2-table-1",
     "Each ICB must facilitate or otherwise promote (a) research"),
    # Table 1, "Addressing the particular needs of children and young persons"; s.14Z52(2)(d).
    ("cyp-data-insights", "could", {NHSA + "14Z52/2/d"}, "appendix-2-table-1",
     "This could include using data and gathering insights"),
    # Table 1, "Addressing the particular needs of victims of abuse"; s.14Z52(2)(e).
    ("victims-staff-needs", "should", {NHSA + "14Z52/2/e"}, "appendix-2-table-1",
     "The plan should also cover the needs of staff who are victims of abuse"),
    # Section 4.1; Equality Act 2010 s.149.
    ("psed", "must", {LEG + "ukpga/2010/15/section/149"}, "s4.1",
     "They must also show they have discharged their legal duty under the Public Sector Equality Duty"),
    # Section 4.1, role of health and wellbeing boards.
    ("hwb-opinion-statement", "must", {NHSA + "14Z54"}, "s4.1",
     "The JFP must include a statement of the final opinion of each HWB consulted"),
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(STATUTE, format="turtle")
    for module in sorted(ONTOLOGY.glob("*.ttl")):
        g.parse(module, format="turtle")
    return g


def requirements(g: Graph) -> set:
    return set(g.subjects(RDF.type, JFP.StatutoryRequirement))


def sections(g: Graph) -> set:
    return set(g.subjects(RDF.type, JFP.LegislationSection))


def one(g: Graph, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, f"{s} has {len(values)} values of {p}: {values}"
    return values[0]


def in_scheme(g: Graph, scheme) -> set:
    return set(g.subjects(SKOS.inScheme, JFP[scheme]))


def test_there_are_requirements(graph):
    assert len(requirements(graph)) > 0


def test_every_requirement_has_one_notation_that_is_the_end_of_its_iri(graph):
    for req in requirements(graph):
        slug = str(one(graph, req, SKOS.notation))
        assert SLUG.match(slug), req
        assert req == JFPREQ[slug]
        assert one(graph, req, SKOS.notation) == Literal(slug)  # a plain string, no language or datatype


def test_every_requirement_has_exactly_one_modality_among_must_should_could(graph):
    assert in_scheme(graph, "ModalityScheme") == MODALITIES
    for req in requirements(graph):
        assert one(graph, req, JFP.modality) in MODALITIES, req


def test_every_requirement_has_a_declared_section_as_legal_basis(graph):
    declared = sections(graph)
    for req in requirements(graph):
        bases = set(graph.objects(req, JFP.legalBasis))
        assert bases, f"{req} has no legal basis"
        assert bases <= declared, f"{req} cites undeclared sections {bases - declared}"


def test_every_requirement_cites_one_guidance_section_of_the_ontology(graph):
    declared = set(Graph().parse(GUIDANCE_TTL, format="turtle").subjects(RDF.type, JFP.GuidanceSection))
    assert declared
    for req in requirements(graph):
        assert one(graph, req, JFP.guidanceSection) in declared, req


def test_requirement_descriptive_fields(graph):
    groups = in_scheme(graph, "RequirementGroupScheme")
    assert groups
    for req in requirements(graph):
        assert one(graph, req, SKOS.inScheme) == JFP.RequirementScheme
        assert str(one(graph, req, SKOS.prefLabel)).strip()
        assert str(one(graph, req, SKOS.definition)).strip()
        assert len(str(one(graph, req, JFP.guidanceText))) >= 40, req
        assert len(str(one(graph, req, JFP.fixHint))) >= 40, req
        assert one(graph, req, JFP.requirementGroup) in groups, req
        roles = set(graph.objects(req, JFP.binds))
        assert ICB_ROLE in roles and roles <= {ICB_ROLE, TRUST_ROLE}, req


def test_every_shape_enforces_a_requirement_and_every_requirement_is_enforced(graph):
    shapes = Graph()
    for path in sorted(SHAPES.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    enforced = set(shapes.objects(None, JFP.enforces))
    assert enforced - requirements(graph) == set(), "shapes enforce requirements the statute graph lacks"
    assert requirements(graph) - enforced == set(), "requirements no shape enforces"


@pytest.mark.parametrize(("slug", "modality", "bases", "section", "words"), SOURCED, ids=[s[0] for s in SOURCED])
def test_requirement_matches_its_source(graph, slug, modality, bases, section, words):
    req = JFPREQ[slug]
    assert one(graph, req, JFP.modality) == JFP[f"modality-{modality}"]
    assert {URIRef(b) for b in bases} <= set(graph.objects(req, JFP.legalBasis))
    assert str(one(graph, req, JFP.guidanceSection)).endswith(f"/guidance/jfp-2022/{section}")
    assert words in str(one(graph, req, JFP.guidanceText))


def test_joint_duties_bind_partner_trusts_and_icb_duties_do_not(graph):
    for slug in ["consultation", "published", "hwb-opinion-statement", "financial-duties", "psed",
                 "annual-review", "duty-public-involvement"]:
        assert set(graph.objects(JFPREQ[slug], JFP.binds)) == {ICB_ROLE, TRUST_ROLE}, slug
    for slug in ["duty-research", "services-described", "victims-of-abuse", "jlhws-steps"]:
        assert set(graph.objects(JFPREQ[slug], JFP.binds)) == {ICB_ROLE}, slug


def test_requirements_citing_an_unconfirmed_section_say_so(graph):
    unconfirmed = set(graph.subjects(JFP.confirmationStatus, JFP["status-unconfirmed"]))
    citing = {r for r in requirements(graph) if set(graph.objects(r, JFP.legalBasis)) & unconfirmed}
    assert JFPREQ["hwb-opinion-statement"] in citing  # s.14Z55 is unconfirmed in the statute facts table
    for req in citing:
        notes = " ".join(str(n) for n in graph.objects(req, SKOS.note))
        assert "unconfirmed" in notes, req


def test_section_status_is_one_of_four_and_non_verified_have_a_note(graph):
    for section in sections(graph):
        status = one(graph, section, JFP.confirmationStatus)
        assert status in in_scheme(graph, "ConfirmationStatusScheme"), section
        assert str(one(graph, section, JFP.sectionNumber)).strip()
        assert str(one(graph, section, RDFS.label)).strip()
        notes = list(graph.objects(section, JFP.confirmationNote))
        if status == JFP["status-verified"]:
            assert notes == [], section
        else:
            assert len(notes) == 1 and len(str(notes[0])) >= 30, section


@pytest.mark.parametrize("number,status", [
    ("14Z52", "status-verified"),
    ("14Z53", "status-unconfirmed"),
    ("14Z55", "status-unconfirmed"),
    ("14Z36", "status-inferred"),
    ("14Z34", "status-partly-verified"),
    ("14Z56", "status-partly-verified"),
    ("14Z40", "status-verified"),
    ("14Z44", "status-inferred"),
    ("223L", "status-partly-verified"),
    ("223GC", "status-verified"),
])
def test_sample_statuses(graph, number, status):
    assert one(graph, URIRef(NHSA + number), JFP.confirmationStatus) == JFP[status]


def test_14Z56_note_says_heading_is_only_partly_verified(graph):
    note = str(one(graph, URIRef(NHSA + "14Z56"), JFP.confirmationNote))
    assert "heading" in note and "partly verified" in note


def test_legislation_iris_follow_the_id_pattern(graph):
    iris = {t for triple in graph for t in triple
            if isinstance(t, URIRef) and str(t).startswith(LEG)}
    assert sections(graph) | set(graph.subjects(RDF.type, JFP.Act)) <= iris
    for iri in iris:
        assert LEG_ID.match(str(iri)), iri


def test_sections_are_part_of_their_parent_and_acts_have_no_number(graph):
    acts = set(graph.subjects(RDF.type, JFP.Act))
    for act in acts:
        assert list(graph.objects(act, JFP.sectionNumber)) == []
        assert str(one(graph, act, DCTERMS.title)).strip()
    for section in sections(graph):
        parent = one(graph, section, ELI.is_part_of)
        path = str(section).split("/section/", 1)[1].split("/")
        if len(path) == 1:
            assert str(parent) == str(section).split("/section/", 1)[0]
            assert parent in acts
        else:
            assert str(parent) == str(section).rsplit("/", 1)[0]
            assert parent in sections(graph)


def test_subsection_numbers_match_their_iri(graph):
    assert one(graph, URIRef(NHSA + "14Z52/2/b/ii"), JFP.sectionNumber) == Literal("14Z52(2)(b)(ii)")
    assert one(graph, URIRef(LEG + "ukpga/2007/28/section/116B/1"),
               JFP.sectionNumber) == Literal("116B(1)")
    for section in sections(graph):
        path = str(section).split("/section/", 1)[1].split("/")
        expected = path[0] + "".join(f"({p})" for p in path[1:])
        assert one(graph, section, JFP.sectionNumber) == Literal(expected), section


def test_unitemised_financial_sections_are_noted(graph):
    comment = " ".join(str(c) for c in graph.objects(URIRef(LEG + "ukpga/2006/41"),
                                                      RDFS.comment))
    assert "223GB-223N" in comment and "not" in comment
    notes = " ".join(str(n) for n in graph.objects(JFPREQ["financial-duties"], SKOS.note))
    assert "not itemised" in notes
