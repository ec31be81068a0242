"""The jfp ontology: HermiT consistency, QA checks (clean on the real ontology, precise on broken fixtures),
the documentation page, and the presence of every term the design names."""

from __future__ import annotations

import itertools
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from jfp_graph.namespaces import JFP, JFPID, JFPV, SH
from jfp_graph.ontology import (
    ONTOLOGY_IRI,
    OntologyError,
    QAFinding,
    check_reasoner,
    load_ontology_graph,
    load_qa_checks,
    run_qa_checks,
    write_docs,
)
from jfp_graph.paths import ONTOLOGY_DIR
from jfp_graph.rdfio import InputError

FIXTURES = Path(__file__).parent / "fixtures"
LEG = "http://www.legislation.gov.uk/id/"

# Every jfp: name in the design's "Ontology terms" section.
EXPECTED_TERMS = [
    "Act", "AnnualReport", "CapitalResourceUsePlan", "CodeAssignment", "ConfirmationStatusScheme",
    "ConsultationActivity", "ConsulteeGroup", "ConsulteeGroupScheme", "CorePurposeScheme", "DraftSharing",
    "EvidencePointer", "FinancialYear", "GeographicOverlap", "GovernmentDepartment", "GuidanceDocument",
    "GuidanceSection", "HWBOpinion", "HealthAndWellbeingBoard", "HealthOverviewAndScrutinyCommittee", "Healthwatch",
    "IntegratedCareBoard", "IntegratedCarePartnership", "IntegratedCareStrategy", "JointForwardPlan",
    "JointLocalHealthAndWellbeingStrategy", "JointStrategicNeedsAssessment", "LegislationSection", "LocalAuthority",
    "LongTermPlan", "LowerTierLocalAuthority", "Metric", "Milestone", "ModalityScheme", "NHSEngland",
    "NHSEnglandRegion", "NHSFoundationTrust", "NHSMandate", "NHSProviderTrust", "NHSTrust", "Need", "Objective",
    "OperationalPlanSubmission", "PathwayAimScheme", "PerformanceAssessment", "PlanPart", "PlanSection",
    "PlanSharing", "PlanningGuidance", "PrimaryCareProvider", "PrincipleScheme", "PriorityPathway",
    "ProviderCollaborative", "RecommendedContentScheme", "RequirementClaim", "RequirementGroupScheme",
    "RequirementScheme", "StatutoryRequirement", "Step", "StrategicDocument", "StrategyPriority", "Trajectory",
    "TrajectoryPoint", "TripleAimScheme", "UpperTierLocalAuthority", "VCSEOrganisation", "View", "ViewsSummary",
    "aboutStrategy", "addressedBy", "addressesNeed", "addressesRequirement", "aim-inequalities", "aim-quality",
    "aim-value", "anchor", "assesses", "baseline", "baselineDate", "binds", "changed", "code", "condition",
    "confirmationNote", "confirmationStatus", "consistentWith", "consulted", "consultee-condition-community",
    "consultee-core-population", "consultee-hwb", "consultee-icp", "consultee-inclusion-health",
    "consultee-local-authority", "consultee-nhs-england", "consultee-primary-care", "consultee-underserved",
    "consultee-vcse", "contributesTo", "coversLocalAuthority", "delegatedFrom", "delivers", "dissolvedOn", "dueDate",
    "establishedOn", "firstFinancialYear", "fixHint", "forICB", "fromGroup", "givenOn", "group-content",
    "group-general-duties", "group-process", "group-recommended", "group-timeline", "groupType", "guidanceSection",
    "guidanceText", "hasClaim", "hasCodeAssignment", "hasConsultation", "hasDraftSharing", "hasEvidence",
    "hasMetric", "hasMilestone", "hasObjective", "hasOpinionStatement", "hasPlanSharing", "hasPriority",
    "hasPriorityPathway", "hasRegardTo", "hasSection", "hasStep", "hasTrajectory", "hasTrajectoryPoint", "hasView",
    "hasViewsSummary", "healthAndWellbeingBoardOf", "holdsDelegatedSpecialisedServices", "howTakenIntoAccount",
    "hqICB", "identifiesNeed", "implements", "inDocument", "isFinal", "isMainICBForArea", "legalBasis",
    "localAuthorityType", "lsoaCount", "meetsNeedsIn", "method", "modality", "modality-could", "modality-must",
    "modality-should", "nhsEnglandRegion", "odsCode", "onsCode", "opinionOf", "opinionText", "overlapICB",
    "overlapLocalAuthority", "page", "partnerLocalAuthority", "partnerTrust", "periodEnd", "periodStart",
    "pointDate", "population", "preparedBy", "principalICB", "principle-1", "publishedThrough",
    "purpose-inequalities", "purpose-outcomes", "purpose-productivity", "purpose-social-economic", "quote",
    "reflects", "requirementGroup", "responsibleOrganisation", "reviewsDeliveryOf", "role-integrated-care-board",
    "role-partner-trust", "sectionNumber", "servesAim", "shaclSeverity", "shareOfAreaPopulation",
    "shareOfICBPopulation", "sharedOn", "sharedWith", "specialisedService", "startYear", "status", "status-inferred",
    "status-partly-verified", "status-unconfirmed", "status-verified", "takesProperAccount", "target", "topic",
    "topic-digital-data", "topic-estates", "topic-performance", "topic-population-health-management",
    "topic-procurement", "topic-system-development", "topic-wider-development", "topic-workforce",
    "triple-aim-health-wellbeing", "triple-aim-quality", "triple-aim-sustainable-resources", "unit", "validFrom",
    "validUntil", "value", "viewText",]

QA_CHECKS = {
    "dangling-reference": "error",
    "duplicate-label": "warning",
    "label-not-english": "warning",
    "missing-definition": "error",
    "missing-label": "error",
    "missing-source": "error",
    "multiple-definitions": "error",
    "undeclared-term": "error",
}

MODULES = [
    "checks", "documents", "editions", "guidance", "legislation", "organisations", "plan", "process", "reports",
    "schemes", "validation",
]  # fmt: skip

GUIDANCE_SECTIONS = [
    "s1.1", "s1.2", "s1.3", "s2-box1", "s3", "s4.1", "s4.2", "appendix-1", "appendix-2-table-1",
    "appendix-2-table-2",
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology_graph()


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


# ---- reasoner ----------------------------------------------------------------------------------------------


def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_classes(ontology):
    result = check_reasoner(ontology)
    assert result.consistent is True
    assert result.unsatisfiable == []
    assert result.explanation == ""
    assert result.ok
    assert result.summary() == "HermiT: consistent, no unsatisfiable classes"


def test_hermit_accepts_xsd_date_values_on_date_ranged_properties(ontology):
    graph = _copy(ontology)
    graph.parse(FIXTURES / "reasoner" / "dated-plan.ttl")
    assert (None, JFP.periodStart, Literal("2024-04-01", datatype=XSD.date)) in graph
    result = check_reasoner(graph)
    assert (result.consistent, result.unsatisfiable) == (True, [])


def test_inconsistent_data_is_explained_by_the_violated_disjointness(ontology):
    graph = _copy(ontology)
    graph.parse(FIXTURES / "reasoner" / "icb-is-local-authority.ttl")
    result = check_reasoner(graph)
    assert result.consistent is False
    assert result.violated_disjointness == [(str(JFP.IntegratedCareBoard), str(JFP.LocalAuthority))]
    assert result.explanation == (
        "Violated disjointness: jfp:IntegratedCareBoard and jfp:LocalAuthority are disjoint, but jfpid:icb/QYG "
        "is typed (directly, by subclass, or by a property's domain or range) as both."
    )
    assert result.summary().startswith("HermiT: inconsistent. Violated disjointness: jfp:IntegratedCareBoard")


def test_unsatisfiable_class_is_reported(ontology):
    graph = _copy(ontology)
    both = URIRef(str(JFP) + "TrustThatIsABoard")
    graph.add((both, RDF.type, OWL.Class))
    graph.add((both, RDFS.subClassOf, JFP.NHSTrust))
    graph.add((both, RDFS.subClassOf, JFP.IntegratedCareBoard))
    result = check_reasoner(graph)
    assert result.consistent is True
    assert result.unsatisfiable == [str(both)]
    assert not result.ok


# ---- QA checks -----------------------------------------------------------------------------------------------


def test_qa_checks_are_the_expected_set_with_their_severities():
    assert {check.name: check.severity for check in load_qa_checks()} == QA_CHECKS


def test_every_qa_check_returns_no_rows_on_the_real_ontology(ontology):
    assert run_qa_checks(ontology) == []


def _iri(local: str) -> str:
    return str(JFPID) + local if local.startswith("guidance/") else str(JFP) + local


BROKEN = {
    "missing-label": [("NoLabel", None)],
    "missing-definition": [("NoDefinition", None)],
    "missing-source": [("NoSource", None)],
    "duplicate-label": [("Plan", "Plan"), ("plan", "plan")],
    "undeclared-term": [("Undeclared", None)],
    "dangling-reference": [("Missing", str(JFP.Good)), ("guidance/jfp-2022/s9", str(JFP.Good))],
    "label-not-english": [("French", "Plan conjoint"), ("Untagged", "Untagged")],
    "multiple-definitions": [("Twice", "en")],
}


@pytest.mark.parametrize("check", sorted(BROKEN))
def test_each_qa_check_finds_exactly_the_broken_term_in_its_fixture(check):
    graph = Graph().parse(FIXTURES / "qa" / f"{check}.ttl")
    findings = run_qa_checks(graph)
    assert {f.check for f in findings} == {check}, "the fixture should trip only its own check"
    assert sorted((f.term, f.value) for f in findings) == sorted(
        (_iri(local), value) for local, value in BROKEN[check]
    )
    assert {f.severity for f in findings} == {QA_CHECKS[check]}


def test_qa_checks_cover_validation_terms_but_not_the_ontology_and_module_iris():
    graph = Graph().parse(FIXTURES / "qa" / "validation-terms.ttl")
    assert sorted((f.check, f.term, f.value) for f in run_qa_checks(graph)) == [
        ("dangling-reference", str(JFPV.Missing), str(JFPV.Good)),
        ("duplicate-label", str(JFP.Plan), "Plan"),
        ("duplicate-label", str(JFPV.plan), "plan"),
        ("label-not-english", str(JFPV.French), "Plan dérivé"),
        ("missing-definition", str(JFPV.noDefinition), None),
        ("missing-label", str(JFPV.NoLabel), None),
        ("missing-source", str(JFPV.noSource), None),
        ("multiple-definitions", str(JFPV.Twice), "en"),
        ("undeclared-term", str(JFPV.Undeclared), None),
    ]


def test_qa_finding_problem_texts():
    graph = Graph().parse(FIXTURES / "qa" / "label-not-english.ttl")
    assert sorted(run_qa_checks(graph), key=lambda f: f.term) == [
        QAFinding("label-not-english", "warning", str(JFP.French), "label tagged @fr, not @en", "Plan conjoint"),
        QAFinding("label-not-english", "warning", str(JFP.Untagged), "label has no language tag", "Untagged"),
    ]


def test_qa_query_without_severity_is_refused(tmp_path):
    (tmp_path / "no-severity.rq").write_text(
        "#+ summary: x\n#+ tags: [qa]\nSELECT ?term ?problem WHERE { ?term ?problem ?o }\n", encoding="utf-8"
    )
    with pytest.raises(OntologyError, match="severity"):
        load_qa_checks(tmp_path)


def test_unparseable_module_is_reported_with_its_path(tmp_path):
    (tmp_path / "broken.ttl").write_text("@prefix jfp: <https://w3id.org/jfp-graph/def#> .\njfp:A a .\n")
    with pytest.raises(InputError) as raised:
        load_ontology_graph(tmp_path)
    assert raised.value.path == str(tmp_path / "broken.ttl")


def test_empty_ontology_directory_is_refused(tmp_path):
    with pytest.raises(OntologyError, match="no ontology modules"):
        load_ontology_graph(tmp_path)


# ---- structure and terms -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPECTED_TERMS)
def test_term_named_in_the_design_is_defined(ontology, name):
    term = JFP[name]
    assert (term, RDF.type, None) in ontology
    assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI
    label = ontology.value(term, RDFS.label) or ontology.value(term, SKOS.prefLabel)
    assert isinstance(label, Literal) and label.language == "en"
    assert ontology.value(term, SKOS.definition) is not None
    assert ontology.value(term, DCTERMS.source) is not None


def test_header_imports_every_module_and_each_module_declares_its_iri(ontology):
    imports = set(ontology.objects(ONTOLOGY_IRI, OWL.imports))
    assert imports == {URIRef(f"{ONTOLOGY_IRI}/{m}") for m in MODULES}
    for module in MODULES:
        module_graph = Graph().parse(ONTOLOGY_DIR / f"{module}.ttl")
        assert (URIRef(f"{ONTOLOGY_IRI}/{module}"), RDF.type, OWL.Ontology) in module_graph
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://spdx.org/licenses/MIT")


def test_ontology_is_dl_clean_every_term_declared_once_as_one_kind(ontology):
    kinds = {
        k: set(ontology.subjects(RDF.type, k))
        for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    }
    kinds[OWL.NamedIndividual] = set(ontology.subjects(RDF.type, OWL.NamedIndividual))
    for a, b in itertools.combinations(kinds, 2):
        assert kinds[a] & kinds[b] == set(), f"punned between {a} and {b}"
    properties = kinds[OWL.ObjectProperty] | kinds[OWL.DatatypeProperty] | kinds[OWL.AnnotationProperty]
    builtin = (str(RDF), str(RDFS), str(OWL))
    undeclared_predicates = {p for p in ontology.predicates() if p not in properties and not str(p).startswith(builtin)}
    assert undeclared_predicates == set()
    used_as_class = {
        o
        for p in (RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.disjointWith, OWL.equivalentClass)
        for o in ontology.objects(None, p)
        if isinstance(o, URIRef) and not str(o).startswith((str(XSD), *builtin))
    }
    assert used_as_class - kinds[OWL.Class] == set()


def test_no_xsd_date_literals_outside_guidance_module():
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        if path.name == "guidance.ttl":
            continue
        graph = Graph().parse(path)
        dated = [o for o in graph.objects() if isinstance(o, Literal) and o.datatype == XSD.date]
        assert dated == [], path.name


def test_disjointness_axioms_that_give_consistency_meaning(ontology):
    def members(node):
        from rdflib.collection import Collection

        return set(Collection(ontology, ontology.value(node, OWL.members)))

    groups = [members(n) for n in ontology.subjects(RDF.type, OWL.AllDisjointClasses)]
    assert {JFP.IntegratedCareBoard, JFP.LocalAuthority, JFP.NHSProviderTrust} <= next(
        g for g in groups if JFP.IntegratedCareBoard in g
    )
    assert {JFP.JointForwardPlan, JFP.JointStrategicNeedsAssessment} <= next(
        g for g in groups if JFP.JointForwardPlan in g
    )
    assert (JFP.NHSTrust, OWL.disjointWith, JFP.NHSFoundationTrust) in ontology
    # Unitary authorities are both tiers, so the two tiers must not be disjoint.
    assert not any({JFP.UpperTierLocalAuthority, JFP.LowerTierLocalAuthority} <= g for g in groups)
    assert (JFP.UpperTierLocalAuthority, OWL.disjointWith, JFP.LowerTierLocalAuthority) not in ontology


def test_modalities_map_to_shacl_severities(ontology):
    assert {
        m: ontology.value(JFP[f"modality-{m}"], JFP.shaclSeverity) for m in ("must", "should", "could")
    } == {"must": SH.Violation, "should": SH.Warning, "could": SH.Info}
    for m in ("must", "should", "could"):
        assert (JFP[f"modality-{m}"], SKOS.inScheme, JFP.ModalityScheme) in ontology


@pytest.mark.parametrize(
    "scheme, count",
    [
        ("RecommendedContentScheme", 8),
        ("PrincipleScheme", 3),
        ("CorePurposeScheme", 4),
        ("TripleAimScheme", 3),
        ("PathwayAimScheme", 3),
        ("ModalityScheme", 3),
        ("ConfirmationStatusScheme", 4),
        ("RequirementGroupScheme", 5),
        ("ConsulteeGroupScheme", 10),
        ("RequirementScheme", 0),  # its concepts live in the statute graph
    ],
)
def test_concept_schemes_have_their_concepts(ontology, scheme, count):
    assert (JFP[scheme], RDF.type, SKOS.ConceptScheme) in ontology
    concepts = set(ontology.subjects(SKOS.inScheme, JFP[scheme]))
    assert len(concepts) == count
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in ontology
        assert ontology.value(concept, SKOS.prefLabel).language == "en"
        assert ontology.value(concept, DCTERMS.source) is not None


def test_guidance_document_and_sections(ontology):
    doc = JFPID["guidance/jfp-2022"]
    assert (doc, RDF.type, JFP.GuidanceDocument) in ontology
    assert str(ontology.value(doc, DCTERMS.title)) == "Guidance on developing the joint forward plan"
    assert ontology.value(doc, DCTERMS.issued) == Literal("2022-12-23", datatype=XSD.date)
    assert ontology.value(doc, DCTERMS.publisher) == JFPID["org/nhs-england"]
    assert str(ontology.value(doc, DCTERMS.identifier)) == "PR1940"
    sections = set(ontology.subjects(RDF.type, JFP.GuidanceSection))
    assert sections == {JFPID[f"guidance/jfp-2022/{slug}"] for slug in GUIDANCE_SECTIONS}
    for section in sections:
        assert ontology.value(section, DCTERMS.isPartOf) == doc
        assert ontology.value(section, DCTERMS.title) is not None
        assert ontology.value(section, DCTERMS.issued) == Literal("2022-12-23", datatype=XSD.date)


def test_organisation_and_role_individuals(ontology):
    assert (JFPID["org/nhs-england"], RDF.type, JFP.NHSEngland) in ontology
    assert (JFPID["org/dhsc"], RDF.type, JFP.GovernmentDepartment) in ontology
    org_role = URIRef("http://www.w3.org/ns/org#Role")
    assert set(ontology.subjects(RDF.type, org_role)) == {JFP["role-integrated-care-board"], JFP["role-partner-trust"]}


def test_every_term_source_is_legislation_or_a_described_project_source(ontology):
    for term, source in ontology.subject_objects(DCTERMS.source):
        if not str(term).startswith(str(JFP)):
            continue
        assert str(source).startswith(LEG) or (source, DCTERMS.title, None) in ontology, (term, source)


# ---- documentation -------------------------------------------------------------------------------------------


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)
            if name == "href":
                self.hrefs.add(value)


def test_docs_have_an_anchor_for_every_class_property_and_concept(ontology, tmp_path):
    path = write_docs(ontology, tmp_path / "docs")
    assert path == tmp_path / "docs" / "index.html"
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme)
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(str(JFP))
    }
    assert len(terms) > 200
    assert {str(t)[len(str(JFP)):] for t in terms} - parser.ids == set()
    # Internal links resolve: every "#x" link has an anchor.
    assert {h[1:] for h in parser.hrefs if h.startswith("#")} - parser.ids == set()
    html = path.read_text(encoding="utf-8")
    assert '<a href="http://www.legislation.gov.uk/id/ukpga/2006/41/section/14Z52">NHS Act 2006 s.14Z52</a>' in html
    assert 'id="src-guidance-jfp-2022-s4.1"' in html
