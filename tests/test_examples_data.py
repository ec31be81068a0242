"""The example data (data/examples): documents, plans and defect patches.

Organisation codes and the relevant health and wellbeing boards are checked against the reference CSVs in
data/sources; requirement slugs are those of the statute graph.
"""

import csv
import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SKOS
from rdflib.plugins.sparql.parser import parseUpdate

from jfp_graph.synth.defects import load_patch

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
PLANS_DIR = EXAMPLES / "plans"
STRATEGIES_DIR = EXAMPLES / "strategies"
DEFECTS_DIR = EXAMPLES / "defects"
SOURCES = ROOT / "data" / "sources"

JFP = Namespace("https://w3id.org/jfp-graph/def#")
ID = "https://w3id.org/jfp-graph/id/"
JFPID = Namespace(ID)
JFPREQ = Namespace(ID + "requirement/")

ILLUSTRATIVE = ("Illustrative example: organisations are real, content is invented for jfp-graph examples; "
                "not the ICB's published plan.")


def _requirement_slugs() -> set[str]:
    statute = Graph().parse(ROOT / "data" / "statute.ttl")
    return {str(statute.value(r, SKOS.notation)) for r in statute.subjects(RDF.type, JFP.StatutoryRequirement)}


SLUGS = _requirement_slugs()

# Relevant HWBs (upper-tier areas overlapping the ICB, utla23_icb24_overlap.csv) and partner trusts
# (icb_partner_trusts_2024-12.csv) of each example ICB.
RELEVANT_HWBS = {
    "QRL": {"E10000014", "E06000046", "E06000044", "E06000045"},
    "QNQ": {"E06000036", "E06000039", "E06000040", "E10000014", "E10000030"},
}
PARTNER_TRUSTS = {
    "QRL": {"RN5", "R1F", "RHU", "RW1", "RYE", "RHM"},
    "QNQ": {"RDU", "RWX", "RXX", "RYE", "RYD"},
}
PLANS = {"QRL-2023.ttl": ("QRL", 2023), "QRL-2024.ttl": ("QRL", 2024), "QNQ-2024.ttl": ("QNQ", 2024)}

DOCUMENT_CLASSES = {JFP.JointForwardPlan, JFP.IntegratedCareStrategy, JFP.JointLocalHealthAndWellbeingStrategy,
                    JFP.JointStrategicNeedsAssessment, JFP.CapitalResourceUsePlan}
NATIONAL = {
    "doc/nhs-mandate-2022": JFP.NHSMandate,
    "doc/nhs-mandate-2023": JFP.NHSMandate,
    "doc/nhs-long-term-plan-2019": JFP.LongTermPlan,
    "doc/planning-guidance-2023-24": JFP.PlanningGuidance,
    "doc/planning-guidance-2024-25": JFP.PlanningGuidance,
}
# file name -> (class, IRI path) of its one primary document
FILE_PATTERNS = [
    (re.compile(r"^plans/(Q[A-Z0-9]{2})-(\d{4})\.ttl$"), JFP.JointForwardPlan, "plan/{0}/{1}"),
    (re.compile(r"^strategies/ics-(Q[A-Z0-9]{2})-(\d{4})\.ttl$"), JFP.IntegratedCareStrategy, "ics/{0}/{1}"),
    (re.compile(r"^strategies/jlhws-(E\d{8})-(\d{4})\.ttl$"), JFP.JointLocalHealthAndWellbeingStrategy,
     "jlhws/{0}/{1}"),
    (re.compile(r"^strategies/jsna-(E\d{8})-(\d{4})\.ttl$"), JFP.JointStrategicNeedsAssessment, "jsna/{0}/{1}"),
    (re.compile(r"^strategies/capital-(Q[A-Z0-9]{2})-(\d{4})\.ttl$"), JFP.CapitalResourceUsePlan, "capital/{0}/{1}"),
]

TTL_FILES = sorted(EXAMPLES.rglob("*.ttl"))
DOC_FILES = [p for p in TTL_FILES if p.name != "national.ttl"]
RU_FILES = sorted(DEFECTS_DIR.glob("*.ru"))


def rel(path):
    return path.relative_to(EXAMPLES).as_posix()


_graphs = {}


def graph(path):
    if path not in _graphs:
        g = Graph()
        g.parse(path, format="turtle")
        _graphs[path] = g
    return _graphs[path]


def all_examples():
    g = Graph()
    for p in TTL_FILES:
        g += graph(p)
    return g


def read_csv(name):
    with open(SOURCES / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def one(g, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def the_date(g, s, p):
    return date.fromisoformat(str(one(g, s, p)))


def plan_iri(name):
    ods, year = PLANS[name]
    return JFPID[f"plan/{ods}/{year}"]


# ----------------------------------------------------------------------------- every file


def test_expected_files_exist():
    names = {rel(p) for p in TTL_FILES}
    assert {f"plans/{n}" for n in PLANS} <= names
    gss_all = set().union(*RELEVANT_HWBS.values())
    assert len(gss_all) == 8
    for gss in gss_all:
        assert len([n for n in names if n.startswith(f"strategies/jlhws-{gss}-")]) == 1, gss
        assert len([n for n in names if n.startswith(f"strategies/jsna-{gss}-")]) == 1, gss
    for ods in RELEVANT_HWBS:
        assert f"strategies/ics-{ods}-2023.ttl" in names
    assert {"strategies/capital-QRL-2023.ttl", "strategies/capital-QRL-2024.ttl",
            "strategies/capital-QNQ-2024.ttl", "strategies/national.ttl"} <= names
    assert len(TTL_FILES) == 3 + 8 + 8 + 2 + 3 + 1


@pytest.mark.parametrize("path", TTL_FILES, ids=rel)
def test_parses_with_rdflib_and_pyoxigraph_alike(path):
    g = graph(path)
    assert len(g) > 0
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert len(quads) == len(store) == len(g)
    ox_subjects = {q.subject.value for q in quads}
    assert ox_subjects == {str(s) for s in g.subjects()}


@pytest.mark.parametrize("path", TTL_FILES, ids=rel)
def test_no_blank_nodes(path):
    for triple in graph(path):
        assert not any(isinstance(t, BNode) for t in triple), triple


@pytest.mark.parametrize("path", DOC_FILES, ids=rel)
def test_one_primary_document_per_file(path):
    g = graph(path)
    docs = {(s, c) for c in DOCUMENT_CLASSES | set(NATIONAL.values()) for s in g.subjects(RDF.type, c)}
    assert len(docs) == 1, docs
    (doc, cls), = docs
    for pattern, expected_cls, iri in FILE_PATTERNS:
        m = pattern.match(rel(path))
        if m:
            assert cls == expected_cls
            assert doc == JFPID[iri.format(*m.groups())]
            break
    else:
        pytest.fail(f"unexpected file name {rel(path)}")
    assert str(doc).startswith(ID)
    notes = {str(o) for p in (DCTERMS.description, SKOS.note) for o in g.objects(doc, p)}
    assert ILLUSTRATIVE in notes
    # every other subject is a part of the document, apart from the ICP and the ICB statement
    for s in set(g.subjects()):
        assert isinstance(s, URIRef)
        extra = {JFPID[f"icp/{ods}"] for ods in RELEVANT_HWBS} | {JFPID[f"icb/{ods}"] for ods in RELEVANT_HWBS}
        assert s == doc or str(s).startswith(str(doc) + "/") or s in extra, s


def test_national_documents():
    g = graph(STRATEGIES_DIR / "national.ttl")
    found = {s: c for c in set(NATIONAL.values()) for s in g.subjects(RDF.type, c)}
    assert found == {JFPID[k]: v for k, v in NATIONAL.items()}
    assert one(g, JFPID["doc/nhs-mandate-2023"], DCTERMS.issued) == Literal(date(2023, 6, 15))


def test_cross_references_resolve():
    """Documents, priorities and needs referred to are declared in the examples; ICPs in the reference graph."""
    g = all_examples()
    declared = set(g.subjects(RDF.type, None))
    partnerships = set(Graph().parse(ROOT / "data" / "reference.ttl").subjects(RDF.type, JFP.IntegratedCarePartnership))
    # The Frimley example is a later edition: the 2023 edition it revises is not one of the examples.
    outside = {(JFPID["plan/QNQ/2024"], PROV.wasRevisionOf, JFPID["plan/QNQ/2023"])}
    for s, p, o in g:
        if (s, p, o) in outside:
            continue
        if isinstance(o, URIRef) and re.match(ID + r"(plan|ics|jlhws|jsna|capital|doc)/", str(o)):
            assert o in declared, (s, p, o)
        if isinstance(o, URIRef) and str(o).startswith(ID + "icp/"):
            assert o in partnerships, (s, p, o)


def test_organisation_iris_exist_in_reference_data():
    icbs = {r["ICB_ODS_CODE"] for r in read_csv("icbs.csv")}
    trusts = {r["OrganisationCode"] for r in read_csv("ods_etr_nhs_trusts.csv")}
    utlas = {r["UTLA23CD"] for r in read_csv("upper_tier_local_authorities_2023.csv")}
    regions = {r["NHSER23CDH"] for r in read_csv("nhs_england_regions.csv")}
    known = {"icb": icbs, "icp": icbs, "trust": trusts, "hwb": utlas, "la": utlas, "region": regions}
    seen = {k: set() for k in known}
    for term in {t for triple in all_examples() for t in triple if isinstance(t, URIRef)}:
        m = re.match(ID + r"(icb|icp|trust|hwb|la|region)/([^/]+)$", str(term))
        if m:
            kind, code = m.groups()
            assert code in known[kind], term
            seen[kind].add(code)
    assert seen["icb"] == {"QRL", "QNQ", "QXU"}
    assert seen["trust"] == PARTNER_TRUSTS["QRL"] | PARTNER_TRUSTS["QNQ"]
    assert seen["hwb"] == seen["la"] == RELEVANT_HWBS["QRL"] | RELEVANT_HWBS["QNQ"]


def test_relevant_hwbs_and_partner_trusts_match_reference():
    for ods in RELEVANT_HWBS:
        overlap = {r["UTLA23CD"] for r in read_csv("utla23_icb24_overlap.csv") if r["ICB24CDH"] == ods}
        assert overlap == RELEVANT_HWBS[ods]
        partners = {r["TRUST_ODS_CODE"] for r in read_csv("icb_partner_trusts_2024-12.csv") if r["ICB_ODS_CODE"] == ods}
        assert partners == PARTNER_TRUSTS[ods]


# ----------------------------------------------------------------------------- strategies


@pytest.mark.parametrize("gss", sorted(set().union(*RELEVANT_HWBS.values())))
def test_jlhws_and_jsna_per_hwb_area(gss):
    g = all_examples()
    jlhws, jsna = JFPID[f"jlhws/{gss}/2023"], JFPID[f"jsna/{gss}/2022"]
    assert one(g, jlhws, JFP.publishedThrough) == JFPID[f"hwb/{gss}"]
    assert one(g, jlhws, JFP.coversLocalAuthority) == JFPID[f"la/{gss}"]
    assert one(g, jsna, JFP.coversLocalAuthority) == JFPID[f"la/{gss}"]
    assert one(g, jlhws, JFP.meetsNeedsIn) == jsna
    needs = set(g.objects(jsna, JFP.identifiesNeed))
    priorities = set(g.objects(jlhws, JFP.hasPriority))
    assert 2 <= len(needs) <= 4 and 2 <= len(priorities) <= 4
    for pr in priorities:
        assert set(g.objects(pr, JFP.addressesNeed)) and set(g.objects(pr, JFP.addressesNeed)) <= needs
    assert the_date(g, jsna, DCTERMS.issued) < the_date(g, jlhws, DCTERMS.issued)


@pytest.mark.parametrize("ods", sorted(RELEVANT_HWBS))
def test_integrated_care_strategy(ods):
    g = all_examples()
    ics, icp = JFPID[f"ics/{ods}/2023"], JFPID[f"icp/{ods}"]
    reference = Graph().parse(ROOT / "data" / "reference.ttl")
    assert (icp, JFP.integratedCarePartnershipOf, JFPID[f"icb/{ods}"]) in reference
    assert one(g, ics, JFP.preparedBy) == icp
    assert one(g, ics, JFP.forICB) == JFPID[f"icb/{ods}"]
    regard = set(g.objects(ics, JFP.hasRegardTo))
    assert JFPID["doc/nhs-mandate-2022"] in regard
    assert {JFPID[f"jsna/{gss}/2022"] for gss in RELEVANT_HWBS[ods]} <= regard
    assert len(set(g.objects(ics, JFP.hasPriority))) == 6


# ----------------------------------------------------------------------------- plans


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_claims_every_requirement_with_evidence(name):
    g = graph(PLANS_DIR / name)
    plan = plan_iri(name)
    typed = set(g.subjects(RDF.type, None))
    slugs = set()
    for claim in g.objects(plan, JFP.hasClaim):
        assert (claim, RDF.type, JFP.RequirementClaim) in g
        req = one(g, claim, JFP.addressesRequirement)
        assert str(req).startswith(str(JFPREQ))
        slugs.add(str(req)[len(str(JFPREQ)):])
        parts = set(g.objects(claim, JFP.addressedBy))
        assert parts and parts <= typed, claim
        assert all(str(p).startswith(str(plan) + "/") for p in parts)
        ev = one(g, claim, JFP.hasEvidence)
        assert (ev, RDF.type, JFP.EvidencePointer) in g
        assert str(one(g, ev, JFP.inDocument)).startswith("https://")
        assert "jfp-graph-example" in str(one(g, ev, JFP.inDocument))
        assert isinstance(one(g, ev, JFP.page).toPython(), int)
        assert len(str(one(g, ev, JFP.quote))) > 20
    assert slugs == SLUGS


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_document_facts(name):
    ods, year = PLANS[name]
    g = graph(PLANS_DIR / name)
    plan = plan_iri(name)
    preparers = {JFPID[f"icb/{ods}"]} | {JFPID[f"trust/{t}"] for t in PARTNER_TRUSTS[ods]}
    assert set(g.objects(plan, JFP.preparedBy)) == preparers
    assert one(g, plan, JFP.forICB) == JFPID[f"icb/{ods}"]
    assert the_date(g, plan, JFP.periodStart) == date(year, 4, 1)
    assert the_date(g, plan, JFP.periodEnd) == date(year + 5, 3, 31)
    assert one(g, plan, JFP.firstFinancialYear) == JFPID[f"fy/{year}-{(year + 1) % 100:02d}"]
    assert the_date(g, plan, DCTERMS.created) < date(year, 4, 1)
    assert date(year, 4, 1) < the_date(g, plan, DCTERMS.issued) <= date(year, 6, 30)
    assert "jfp-graph-example" in str(one(g, plan, FOAF.page))
    assert one(g, plan, JFP.delivers) == JFPID[f"ics/{ods}/2023"]
    assert set(g.objects(plan, JFP.hasRegardTo)) == {JFPID[f"jsna/{gss}/2022"] for gss in RELEVANT_HWBS[ods]}
    assert one(g, plan, JFP.consistentWith) == JFPID[f"capital/{ods}/{year}"]
    reflects = set(g.objects(plan, JFP.reflects))
    guidance = JFPID[f"doc/planning-guidance-{year}-{(year + 1) % 100:02d}"]
    assert {JFPID["doc/nhs-long-term-plan-2019"], guidance} <= reflects
    icb = JFPID[f"icb/{ods}"]
    assert one(g, icb, JFP.holdsDelegatedSpecialisedServices) == Literal(True)
    assert one(g, icb, JFP.delegatedFrom) == Literal(date(2025, 4, 1))


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_sections_and_topics(name):
    g = graph(PLANS_DIR / name)
    plan = plan_iri(name)
    sections = {str(s).rsplit("/", 1)[1] for s in g.objects(plan, JFP.hasSection)}
    duties = {s for s in SLUGS if s.startswith("duty-")}
    assert {"services", "financial-duties", "children-young-people", "victims-of-abuse"} | duties <= sections
    for s in g.objects(plan, JFP.hasSection):
        assert (s, RDF.type, JFP.PlanSection) in g and one(g, s, DCTERMS.title)
    topics = {o for s in g.objects(plan, JFP.hasSection) for o in g.objects(s, JFP.topic)}
    assert topics == {JFP[t] for t in SLUGS if t.startswith("topic-")}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_objectives_are_delivery_focused(name):
    ods, _ = PLANS[name]
    g = graph(PLANS_DIR / name)
    ics = all_examples()
    plan = plan_iri(name)
    objectives = set(g.objects(plan, JFP.hasObjective))
    assert len(objectives) >= 6
    trajectories = 0
    for o in objectives:
        for pr in g.objects(o, JFP.contributesTo):
            assert (JFPID[f"ics/{ods}/2023"], JFP.hasPriority, pr) in ics
        assert set(g.objects(o, JFP.contributesTo))
        metrics = set(g.objects(o, JFP.hasMetric))
        assert metrics
        for m in metrics:
            for p in (JFP.baseline, JFP.target, JFP.unit, JFP.baselineDate, JFP.dueDate):
                one(g, m, p)
            assert the_date(g, m, JFP.baselineDate) < the_date(g, m, JFP.dueDate)
        milestones = set(g.objects(o, JFP.hasMilestone))
        assert milestones and all(one(g, m, JFP.dueDate) for m in milestones)
        for t in g.objects(o, JFP.hasTrajectory):
            trajectories += 1
            assert len(set(g.objects(t, JFP.hasTrajectoryPoint))) >= 3
        assert set(g.objects(o, JFP.hasStep))
    assert trajectories >= 2


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_priority_pathways(name):
    g = graph(PLANS_DIR / name)
    pathways = set(g.objects(plan_iri(name), JFP.hasPriorityPathway))
    assert len(pathways) >= 3
    aims = {a for p in pathways for a in g.objects(p, JFP.servesAim)}
    assert aims == {JFP["aim-quality"], JFP["aim-inequalities"], JFP["aim-value"]}
    neuro = [p for p in pathways if str(one(g, p, DCTERMS.title)).startswith("Neurology")]
    assert len(neuro) == 1
    assert one(g, neuro[0], JFP.specialisedService) == Literal(True)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_consultation_and_views(name):
    g = graph(PLANS_DIR / name)
    plan = plan_iri(name)
    activities = set(g.objects(plan, JFP.hasConsultation))
    assert len(activities) >= 2
    groups = {gr for a in activities for gr in g.objects(a, JFP.consulted)}
    types = {t for gr in groups for t in g.objects(gr, JFP.groupType)}
    assert {JFP["consultee-core-population"], JFP["consultee-underserved"], JFP["consultee-inclusion-health"],
            JFP["consultee-condition-community"], JFP["consultee-vcse"]} <= types
    assert Literal("neurological conditions") in {c for gr in groups for c in g.objects(gr, JFP.condition)}
    summary = one(g, plan, JFP.hasViewsSummary)
    views = set(g.objects(summary, JFP.hasView))
    assert len(views) >= 3
    typed = set(g.subjects(RDF.type, None))
    changed = 0
    for v in views:
        one(g, v, JFP.howTakenIntoAccount)
        assert one(g, v, JFP.fromGroup) in groups
        for part in g.objects(v, JFP.changed):
            assert part in typed
            changed += 1
    assert changed >= 2


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_covers_every_relevant_hwb(name):
    ods, _ = PLANS[name]
    g = graph(PLANS_DIR / name)
    plan = plan_iri(name)
    drafts = {one(g, d, JFP.sharedWith): the_date(g, d, JFP.sharedOn) for d in g.objects(plan, JFP.hasDraftSharing)}
    copies = {one(g, c, JFP.sharedWith): the_date(g, c, JFP.sharedOn) for c in g.objects(plan, JFP.hasPlanSharing)}
    opinions = {one(g, o, JFP.opinionOf): o for o in g.objects(plan, JFP.hasOpinionStatement)}
    claims = {one(g, c, JFP.aboutStrategy) for c in g.objects(plan, JFP.hasClaim)
              if (c, JFP.addressesRequirement, JFPREQ["jlhws-steps"]) in g}
    assert set(opinions) == {JFPID[f"hwb/{gss}"] for gss in RELEVANT_HWBS[ods]}
    for gss in RELEVANT_HWBS[ods]:
        hwb, jlhws = JFPID[f"hwb/{gss}"], JFPID[f"jlhws/{gss}/2023"]
        assert (STRATEGIES_DIR / f"jlhws-{gss}-2023.ttl").exists()
        steps = set(g.subjects(JFP.implements, jlhws))
        assert steps and all((s, RDF.type, JFP.Step) in g for s in steps)
        assert any(str(o).startswith(str(jlhws) + "/priority/") for s in steps for o in g.objects(s, JFP.implements))
        assert jlhws in claims
        op = opinions[hwb]
        assert one(g, op, JFP.isFinal) == Literal(True)
        assert one(g, op, JFP.aboutStrategy) == jlhws
        assert str(one(g, op, JFP.opinionText))
        assert drafts[hwb] < the_date(g, op, JFP.givenOn) < the_date(g, plan, DCTERMS.issued) <= copies[hwb]
    for org in (JFPID[f"icp/{ods}"], JFPID["org/nhs-england"]):
        assert org in drafts and org in copies
    # Every board's final opinion is that the plan takes proper account of its strategy, recorded in the plan:
    # a qualified, negative or silent one would be a warning (hwb-opinion-proper-account), and the examples conform.
    assert {one(g, o, JFP.takesProperAccount).toPython() for o in opinions.values()} == {True}
    assert {one(g, o, JFP.verdict) for o in opinions.values()} == {JFP["verdict-proper-account"]}
    assert {one(g, o, JFP.recordedIn) for o in opinions.values()} == {plan}


def test_editions_of_the_hampshire_and_isle_of_wight_plan_differ_as_described():
    old, new = graph(PLANS_DIR / "QRL-2023.ttl"), graph(PLANS_DIR / "QRL-2024.ttl")
    p23, p24 = JFPID["plan/QRL/2023"], JFPID["plan/QRL/2024"]
    assert one(new, p24, PROV.wasRevisionOf) == p23
    assert not set(old.objects(p23, PROV.wasRevisionOf))

    def objective_numbers(g, p):
        return {int(str(o).rsplit("/", 1)[1]) for o in g.objects(p, JFP.hasObjective)}

    assert objective_numbers(old, p23) - objective_numbers(new, p24) == {6}
    assert objective_numbers(new, p24) - objective_numbers(old, p23) == {8}
    assert one(old, JFPID["plan/QRL/2023/metric/4-1"], JFP.target).toPython() == 77
    assert one(new, JFPID["plan/QRL/2024/metric/4-1"], JFP.target).toPython() == 80
    assert the_date(old, JFPID["plan/QRL/2023/milestone/2-1"], JFP.dueDate) == date(2024, 3, 31)
    assert the_date(new, JFPID["plan/QRL/2024/milestone/2-1"], JFP.dueDate) == date(2025, 3, 31)
    # first edition: prepared before 1 April 2023, published and shared by 30 June 2023
    assert the_date(old, p23, DCTERMS.created) < date(2023, 4, 1)
    assert the_date(old, p23, DCTERMS.issued) <= date(2023, 6, 30)
    for c in old.objects(p23, JFP.hasPlanSharing):
        assert the_date(old, c, JFP.sharedOn) <= date(2023, 6, 30)


# ----------------------------------------------------------------------------- defect patches

# ASK queries that hold on the base plan and must not hold once the patch is applied.
PREFIXES = """PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpreq: <https://w3id.org/jfp-graph/id/requirement/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>
"""


def claim_ask(slug):
    return f"ASK {{ ?plan jfp:hasClaim ?c . ?c jfp:addressesRequirement jfpreq:{slug} }}"


DEFECT_CHECKS = {
    "must-no-opinion-hwb": "ASK { ?plan jfp:hasOpinionStatement ?o . ?o jfp:opinionOf <hwb/E06000044> }",
    "must-jlhws-hwb-not-implemented":
        'ASK { { ?s jfp:implements ?t FILTER(STRSTARTS(STR(?t), "https://w3id.org/jfp-graph/id/jlhws/E06000045/")) }'
        " UNION { ?c jfp:addressesRequirement jfpreq:jlhws-steps ; jfp:aboutStrategy <jlhws/E06000045/2023> } }",
    "must-no-victims-of-abuse":
        "ASK { { ?c jfp:addressesRequirement jfpreq:victims-of-abuse } UNION { <plan/QRL/2024/step/7-1> ?p ?o } }",
    "must-no-children-young-people-claim": claim_ask("children-young-people"),
    "must-no-views-summary": "ASK { { ?p jfp:hasViewsSummary ?v } UNION { ?v2 a jfp:View } }",
    "must-period-starts-january": 'ASK { <plan/QRL/2024> jfp:periodStart "2024-04-01"^^xsd:date }',
    "must-period-four-years": 'ASK { <plan/QRL/2024> jfp:periodEnd "2029-03-31"^^xsd:date }',
    "must-unpublished": "ASK { { <plan/QRL/2024> dcterms:issued ?i } UNION { <plan/QRL/2024> foaf:page ?p } }",
    "must-prepared-after-year-start":
        'ASK { <plan/QRL/2024> dcterms:created ?c FILTER(?c < "2024-04-01"^^xsd:date) }',
    "must-draft-not-shared-hwb": "ASK { ?p jfp:hasDraftSharing ?d . ?d jfp:sharedWith <hwb/E10000030> }",
    "must-no-services-description":
        "ASK { { ?c jfp:addressesRequirement jfpreq:services-described }"
        " UNION { <plan/QRL/2024/section/services> ?p ?o } }",
    "must-no-financial-duties-claim": claim_ask("financial-duties"),
    "must-no-duty-research": claim_ask("duty-research"),
    "should-no-metrics-or-milestones":
        "ASK { { ?x a jfp:Metric } UNION { ?x a jfp:Milestone } UNION { ?x a jfp:Trajectory } }",
    "should-outcome-tbc": 'ASK { FILTER NOT EXISTS { ?o jfp:expectedOutcome "TBC" } }',
    "should-due-date-unreadable":
        "ASK { <plan/QRL/2024/milestone/1-1> jfp:dueDate ?d FILTER(STR(?d) != 'March 2024') }",
    "should-pathways-serve-one-aim-each":
        "ASK { <plan/QRL/2024/pathway/neurology> jfp:servesAim jfp:aim-quality , jfp:aim-inequalities ,"
        " jfp:aim-value }",
    "should-two-priority-pathways":
        "ASK { ?p jfp:hasPriorityPathway ?a , ?b , ?c FILTER(?a != ?b && ?a != ?c && ?b != ?c) }",
    "should-no-underserved-consulted":
        "ASK { ?act jfp:consulted ?g . ?g jfp:groupType jfp:consultee-underserved }",
    "should-no-net-zero-claim": claim_ask("net-zero"),
    "must-claim-points-at-missing-part":
        "ASK { FILTER NOT EXISTS { ?c jfp:addressedBy <plan/QRL/2024/section/research-and-evidence> } }",
    "must-prepared-by-icb-alone": 'ASK { <plan/QRL/2024> jfp:preparedBy ?t FILTER(CONTAINS(STR(?t), "/trust/")) }',
    "should-hwb-opinion-not-proper-account":
        "ASK { ?o jfp:opinionOf <hwb/E06000044> ; jfp:verdict jfp:verdict-proper-account }",
    "could-no-neurological-community":
        'ASK { ?act jfp:consulted ?g . ?g jfp:groupType jfp:consultee-condition-community ;'
        ' jfp:condition "neurological conditions" }',
}
# what each patch must leave in place: the rest of the plan still meets these requirements' facts
STILL_HOLDS = {
    "must-no-victims-of-abuse": claim_ask("victims-staff-needs"),
    "must-no-views-summary": claim_ask("underserved-views"),
    "must-no-duty-research": claim_ask("research-approach"),
    "should-no-net-zero-claim": claim_ask("duty-climate"),
    "must-no-opinion-hwb": "ASK { ?plan jfp:hasOpinionStatement ?o . ?o jfp:opinionOf <hwb/E06000045> }",
}


def load_store(path):
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def triples(store):
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in store}


def test_defect_list_is_complete():
    assert {p.stem for p in RU_FILES} == set(DEFECT_CHECKS)


@pytest.mark.parametrize("path", RU_FILES, ids=lambda p: p.name)
def test_defect_patch(path):
    patch = load_patch(path)
    base = patch.base
    assert patch.summary and base.exists() and base.parent == PLANS_DIR
    assert patch.expect and set(patch.expect) <= SLUGS, patch.expect
    # Every parameter is documented and has a default fitting the example; the plan is the example's.
    header = patch.update.header
    documented = {name for entry in header["params"] for name in entry}
    defaults = {name: value for entry in header["defaults"] for name, value in entry.items()}
    assert documented == set(defaults) == set(patch.parameters) and "plan_iri" in defaults
    code, year = PLANS[base.name]
    assert defaults["plan_iri"] == f"{ID}plan/{code}/{year}"
    update = patch.bound()
    parseUpdate(update)

    store = load_store(base)
    before = triples(store)
    ask = PREFIXES + DEFECT_CHECKS[path.stem]
    assert store.query(ask), "check must hold on the base plan"
    store.update(update)
    after = triples(store)
    assert before != after
    assert not store.query(ask), "check must fail once the patch is applied"
    if path.stem in STILL_HOLDS:
        assert store.query(PREFIXES + STILL_HOLDS[path.stem])

    # rdflib applies the same patch to the same result
    g = Graph()
    g.parse(base, format="turtle")
    g.update(update)
    other = ox.Store()
    other.load(input=g.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    assert triples(other) == after
