"""The statute graph (data/statute.ttl), read together with the ontology modules.

Expected values below come from the design's list of statutory requirements and from the
statute facts table (status column): a change to either must show up here.
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

JFP = Namespace("https://w3id.org/jfp-graph/def#")
JFPREQ = Namespace("https://w3id.org/jfp-graph/id/requirement/")
GUIDANCE = "https://w3id.org/jfp-graph/id/guidance/jfp-2022/"
ELI = Namespace("http://data.europa.eu/eli/ontology#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
LEG = "http://www.legislation.gov.uk/id/"
NHSA = LEG + "ukpga/2006/41/section/"

# legislation.gov.uk id URIs: /id/{type}/{year}/{number}[/section/{n}[/{subsection}[/{para}[/{subpara}]]]]
LEG_ID = re.compile(
    r"^http://www\.legislation\.gov\.uk/id/ukpga/\d{4}/\d{1,4}"
    r"(/section/\d+[A-Z]*\d*[A-Z]*(/\d+[A-Z]*(/[a-z]{1,2}(/[ivx]+)?)?)?)?$"
)

EXPECTED_MODALITY = {
    # must
    "services-described": "must",
    "duty-quality": "must",
    "duty-inequalities": "must",
    "duty-patient-involvement": "must",
    "duty-patient-choice": "must",
    "duty-advice": "must",
    "duty-innovation": "must",
    "duty-research": "must",
    "duty-education-training": "must",
    "duty-integration": "must",
    "duty-triple-aim": "must",
    "duty-climate": "must",
    "duty-public-involvement": "must",
    "financial-duties": "must",
    "jlhws-steps": "must",
    "children-young-people": "must",
    "victims-of-abuse": "must",
    "five-year-period": "must",
    "prepared-before-year": "must",
    "published": "must",
    "consultation": "must",
    "views-summary": "must",
    "hwb-draft-shared": "must",
    "hwb-opinion-statement": "must",
    "plan-shared": "must",
    "annual-review": "must",
    "psed": "must",
    "integration-ambitions": "must",
    # should
    "population-needs": "should",
    "integration-approach": "should",
    "triple-aim-considered": "should",
    "financial-efficiency": "should",
    "quality-objectives-metrics": "should",
    "inequalities-vision": "should",
    "personalised-care": "should",
    "public-involvement-described": "should",
    "patient-choice-described": "should",
    "advice-strategy": "should",
    "innovation-approach": "should",
    "research-approach": "should",
    "education-training-workforce": "should",
    "net-zero": "should",
    "victims-staff-needs": "should",
    "delivery-focused": "should",
    "priority-pathways": "should",
    "first-edition-dates": "should",
    "underserved-views": "should",
    "draft-shared-icp-nhse": "should",
    "core-purposes": "should",
    "capital-plan-consistency": "should",
    # could
    "topic-workforce": "could",
    "topic-performance": "could",
    "topic-digital-data": "could",
    "topic-estates": "could",
    "topic-procurement": "could",
    "topic-population-health-management": "could",
    "topic-system-development": "could",
    "topic-wider-development": "could",
    "condition-communities-consulted": "could",
    "cyp-data-insights": "could",
}

GUIDANCE_SLUGS = {
    "s1.1", "s1.2", "s1.3", "s2-box1", "s3", "s4.1", "s4.2",
    "appendix-1", "appendix-2-table-1", "appendix-2-table-2",
}

STATUSES = {
    JFP["status-verified"], JFP["status-partly-verified"],
    JFP["status-inferred"], JFP["status-unconfirmed"],
}

GROUPS = {
    JFP["group-content"], JFP["group-general-duties"], JFP["group-process"],
    JFP["group-timeline"], JFP["group-recommended"],
}

ICB_ROLE = JFP["role-integrated-care-board"]
TRUST_ROLE = JFP["role-partner-trust"]

# Every provision listed in the statute facts table, plus the subsections used as legal bases.
EXPECTED_SECTIONS = {
    NHSA + n for n in [
        "14Z52", "14Z53", "14Z54", "14Z55", "14Z56", "14Z57", "14Z58", "14Z59",
        "14Z34", "14Z35", "14Z36", "14Z37", "14Z38", "14Z39", "14Z40", "14Z41",
        "14Z42", "14Z43", "14Z44", "14Z45", "13A", "1F", "242",
        "223GB", "223GC", "223GD", "223L", "223M",
        "14Z52/1", "14Z52/2", "14Z52/2/a", "14Z52/2/b", "14Z52/2/b/i", "14Z52/2/b/ii",
        "14Z52/2/c", "14Z52/2/d", "14Z52/2/e", "14Z52/3",
    ]
} | {
    LEG + "ukpga/2007/28/section/" + n for n in ["116", "116ZA", "116ZB", "116A", "116B", "116B/1"]
} | {
    LEG + "ukpga/2010/15/section/149",
    LEG + "ukpga/2008/27/section/1",
    LEG + "ukpga/2008/27/section/56",
    LEG + "ukpga/2021/30/section/5",
    LEG + "ukpga/2021/17/section/1",
}

EXPECTED_ACTS = {
    LEG + "ukpga/2006/41", LEG + "ukpga/2007/28", LEG + "ukpga/2010/15", LEG + "ukpga/2008/27",
    LEG + "ukpga/2021/30", LEG + "ukpga/2021/17", LEG + "ukpga/2022/31",
}

# The legal bases the design names for each must requirement (a requirement may cite more).
EXPECTED_BASES = {
    "services-described": {"14Z52/2/a"},
    "duty-quality": {"14Z34", "14Z52/2/b/i"},
    "duty-inequalities": {"14Z35", "14Z52/2/b/i"},
    "duty-patient-involvement": {"14Z36", "14Z52/2/b/i"},
    "duty-patient-choice": {"14Z37", "14Z52/2/b/i"},
    "duty-advice": {"14Z38", "14Z52/2/b/i"},
    "duty-innovation": {"14Z39", "14Z52/2/b/i"},
    "duty-research": {"14Z40", "14Z52/2/b/i"},
    "duty-education-training": {"14Z41", "14Z52/2/b/i"},
    "duty-integration": {"14Z42", "14Z52/2/b/i"},
    "duty-triple-aim": {"14Z43", "14Z52/2/b/i"},
    "duty-climate": {"14Z44", "14Z52/2/b/i"},
    "duty-public-involvement": {"14Z45", "14Z52/2/b/i"},
    "financial-duties": {"14Z52/2/b/ii", "223GB", "223GC", "223GD", "223L", "223M"},
    "children-young-people": {"14Z52/2/d"},
    "victims-of-abuse": {"14Z52/2/e"},
    "five-year-period": {"14Z52/1"},
    "prepared-before-year": {"14Z52/1"},
    "published": {"14Z52/3"},
    "consultation": {"14Z54", "14Z45", "242"},
    "views-summary": {"14Z54"},
    "hwb-draft-shared": {"14Z54", "14Z55"},
    "plan-shared": {"14Z52"},
    "annual-review": {"14Z53"},
    "integration-ambitions": {"14Z42"},
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(STATUTE, format="turtle")
    for module in sorted(ONTOLOGY.glob("*.ttl")):
        g.parse(module, format="turtle")
    return g


@pytest.fixture(scope="module")
def statute_only() -> Graph:
    g = Graph()
    g.parse(STATUTE, format="turtle")
    return g


def requirements(g: Graph) -> set:
    return set(g.subjects(RDF.type, JFP.StatutoryRequirement))


def sections(g: Graph) -> set:
    return set(g.subjects(RDF.type, JFP.LegislationSection))


def one(g: Graph, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, f"{s} has {len(values)} values of {p}: {values}"
    return values[0]


def test_every_slug_exists_once_and_nothing_else(graph):
    assert requirements(graph) == {JFPREQ[slug] for slug in EXPECTED_MODALITY}
    notations = [str(o) for s in requirements(graph) for o in graph.objects(s, SKOS.notation)]
    assert sorted(notations) == sorted(EXPECTED_MODALITY)
    for slug in EXPECTED_MODALITY:
        assert one(graph, JFPREQ[slug], SKOS.notation) == Literal(slug)


def test_each_requirement_has_exactly_the_expected_modality(graph):
    for slug, modality in EXPECTED_MODALITY.items():
        assert one(graph, JFPREQ[slug], JFP.modality) == JFP[f"modality-{modality}"], slug


def test_requirement_counts_by_modality(graph):
    counts = {}
    for req in requirements(graph):
        m = str(one(graph, req, JFP.modality)).rsplit("-", 1)[1]
        counts[m] = counts.get(m, 0) + 1
    assert counts == {"must": 28, "should": 22, "could": 10}


def test_every_requirement_has_a_declared_section_as_legal_basis(graph):
    declared = sections(graph)
    for req in requirements(graph):
        bases = set(graph.objects(req, JFP.legalBasis))
        assert bases, f"{req} has no legal basis"
        assert bases <= declared, f"{req} cites undeclared sections {bases - declared}"


def test_must_requirements_cite_the_bases_named_in_the_design(graph):
    for slug, expected in EXPECTED_BASES.items():
        bases = {str(b) for b in graph.objects(JFPREQ[slug], JFP.legalBasis)}
        assert {NHSA + n for n in expected} <= bases, slug
    assert LEG + "ukpga/2007/28/section/116B/1" in {
        str(b) for b in graph.objects(JFPREQ["jlhws-steps"], JFP.legalBasis)}
    assert {str(b) for b in graph.objects(JFPREQ["psed"], JFP.legalBasis)} == {
        LEG + "ukpga/2010/15/section/149"}


def test_requirement_descriptive_fields(graph):
    for req in requirements(graph):
        assert one(graph, req, SKOS.inScheme) == JFP.RequirementScheme
        assert str(one(graph, req, SKOS.prefLabel)).strip()
        assert str(one(graph, req, SKOS.definition)).strip()
        assert len(str(one(graph, req, JFP.guidanceText))) >= 40, req
        assert len(str(one(graph, req, JFP.fixHint))) >= 40, req
        assert one(graph, req, JFP.requirementGroup) in GROUPS, req
        roles = set(graph.objects(req, JFP.binds))
        assert ICB_ROLE in roles and roles <= {ICB_ROLE, TRUST_ROLE}, req


def test_joint_duties_bind_partner_trusts_and_icb_duties_do_not(graph):
    for slug in ["consultation", "published", "hwb-opinion-statement", "financial-duties", "psed",
                 "annual-review", "duty-public-involvement"]:
        assert set(graph.objects(JFPREQ[slug], JFP.binds)) == {ICB_ROLE, TRUST_ROLE}, slug
    for slug in ["duty-research", "services-described", "victims-of-abuse", "jlhws-steps"]:
        assert set(graph.objects(JFPREQ[slug], JFP.binds)) == {ICB_ROLE}, slug


def test_guidance_sections_exist(graph):
    declared_in_ontology = None
    if GUIDANCE_TTL.exists():
        g = Graph()
        g.parse(GUIDANCE_TTL, format="turtle")
        declared_in_ontology = set(g.subjects(RDF.type, JFP.GuidanceSection))
    for req in requirements(graph):
        section = one(graph, req, JFP.guidanceSection)
        assert str(section).startswith(GUIDANCE)
        assert str(section)[len(GUIDANCE):] in GUIDANCE_SLUGS, section
        if declared_in_ontology is not None:
            assert section in declared_in_ontology, section


def test_unconfirmed_legal_bases_are_noted(graph):
    unconfirmed = {URIRef(NHSA + "14Z53"), URIRef(NHSA + "14Z55")}
    citing = {r for r in requirements(graph) if set(graph.objects(r, JFP.legalBasis)) & unconfirmed}
    assert {str(r)[len(str(JFPREQ)):] for r in citing} == {
        "annual-review", "hwb-draft-shared", "hwb-opinion-statement"}
    for req in citing:
        notes = " ".join(str(n) for n in graph.objects(req, SKOS.note))
        assert "unconfirmed" in notes, req


def test_exactly_the_listed_sections_are_itemised(statute_only):
    assert {str(s) for s in sections(statute_only)} == EXPECTED_SECTIONS
    assert {str(a) for a in statute_only.subjects(RDF.type, JFP.Act)} == EXPECTED_ACTS


def test_section_status_is_one_of_four_and_non_verified_have_a_note(graph):
    for section in sections(graph):
        status = one(graph, section, JFP.confirmationStatus)
        assert status in STATUSES, section
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
    assert len(iris) >= len(EXPECTED_SECTIONS) + len(EXPECTED_ACTS)
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
