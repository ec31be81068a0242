"""One verdict everywhere: every surface says the same about every plan edition.

For each input (the example plans, every defect patch, adversarial plans, the synthetic national graph with
its manifest) the set of (requirement, severity) a plan edition fails must be identical from:
`jfp-graph validate` on the files, the stored report, the named queries that report coverage
(duty-coverage, coverage-matrix, hwb-opinions), and the plan page as JSON and as HTML. A mismatch names the
plan, the surface and the difference.
"""

from __future__ import annotations

import html.parser
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from test_validate_support import BASE, DEFECTS_DIR, VIOLATIONS_DIR, load_patch, load_patches, validator

from jfp_graph.bundle import ensure_bundle
from jfp_graph.layout import graph_for_document
from jfp_graph.loader import expand_paths, load_files
from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.queries import load_query
from jfp_graph.store import GraphStore, open_store
from jfp_graph.validation import validate_paths
from jfp_graph.validation.refresh import derived_graphs
from jfp_graph.validation.reports import read_reports
from jfp_graph.web import Settings, create_app

SH = "http://www.w3.org/ns/shacl#"
STRATEGIES = EXAMPLES_DIR / "strategies"
QRL24 = BASE + "plan/QRL/2024"
Verdict = frozenset[tuple[str, str]]  # (requirement slug, worst severity: violation | warning | info)

# Plans a careless or hostile author might write, made from the QRL 2024 example.
ADVERSARIAL = {
    "stub-claims": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?claim jfp:addressedBy ?part . ?claim jfp:hasEvidence ?e . ?e ?p ?o }}
        WHERE {{ <{QRL24}> jfp:hasClaim ?claim . ?claim jfp:addressedBy ?part OPTIONAL {{ ?claim jfp:hasEvidence ?e . ?e ?p ?o }} }}""",
    "claims-pointing-at-nothing": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?claim jfp:addressedBy ?part . ?claim jfp:hasEvidence ?e . ?e ?p ?o }}
        INSERT {{ ?claim jfp:addressedBy <{QRL24}/section/does-not-exist> }}
        WHERE {{ <{QRL24}> jfp:hasClaim ?claim . OPTIONAL {{ ?claim jfp:addressedBy ?part }}
                 OPTIONAL {{ ?claim jfp:hasEvidence ?e . ?e ?p ?o }} }}""",
    "opinions-without-text": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?opinion jfp:opinionText ?text }} WHERE {{ <{QRL24}> jfp:hasOpinionStatement ?opinion .
                                                           ?opinion jfp:opinionText ?text }}""",
    # Editions and delivery focus: each gets its finding on every surface.
    "appendix-1-links-removed": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#> PREFIX prov: <http://www.w3.org/ns/prov#>
        DELETE {{ <{QRL24}> jfp:delivers ?a ; jfp:hasRegardTo ?b ; jfp:reflects ?c ; prov:wasRevisionOf ?d }}
        WHERE {{ <{QRL24}> jfp:delivers ?a ; jfp:hasRegardTo ?b ; jfp:reflects ?c ; prov:wasRevisionOf ?d }}""",
    "published-february-2026": f"""PREFIX dcterms: <http://purl.org/dc/terms/>
        DELETE {{ <{QRL24}> dcterms:issued ?d }}
        INSERT {{ <{QRL24}> dcterms:issued "2026-02-16"^^<http://www.w3.org/2001/XMLSchema#date> }}
        WHERE {{ <{QRL24}> dcterms:issued ?d }}""",
    "review-outcome-missing": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE WHERE {{ <{QRL24}> jfp:reviewOutcome ?o }}""",
    "confirmed-without-consultation": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ <{QRL24}> jfp:reviewOutcome ?r ; jfp:hasConsultation ?c ; jfp:hasDraftSharing ?d ;
                            jfp:hasOpinionStatement ?o . ?o ?op ?oo }}
        INSERT {{ <{QRL24}> jfp:reviewOutcome jfp:review-confirmed }}
        WHERE {{ <{QRL24}> jfp:reviewOutcome ?r ; jfp:hasConsultation ?c ; jfp:hasDraftSharing ?d ;
                           jfp:hasOpinionStatement ?o . ?o ?op ?oo }}""",
    "outcomes-tbc-and-metrics-without-targets": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?metric jfp:target ?t }} INSERT {{ ?objective jfp:expectedOutcome "TBC" }}
        WHERE {{ <{QRL24}> jfp:hasObjective ?objective . OPTIONAL {{ ?objective jfp:hasMetric ?metric .
                 ?metric jfp:target ?t }} }}""",
    "due-date-march-2024-invalid": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?m jfp:dueDate ?d }} INSERT {{ ?m jfp:dueDate "March 2024"^^<http://www.w3.org/2001/XMLSchema#date> }}
        WHERE {{ <{QRL24}> jfp:hasObjective/jfp:hasMilestone ?m . ?m jfp:dueDate ?d }}""",
    "no-pathways-when-delegated": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ <{QRL24}> jfp:hasPriorityPathway ?p . ?p ?pp ?po }}
        WHERE {{ <{QRL24}> jfp:hasPriorityPathway ?p . ?p ?pp ?po }}""",
    "neurological-ask-answered-with-diabetes": """PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE { ?g jfp:condition ?c } INSERT { ?g jfp:condition "diabetes" }
        WHERE { ?g jfp:groupType jfp:consultee-condition-community ; jfp:condition ?c }""",
    "no-claims-at-all": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ <{QRL24}> jfp:hasClaim ?claim . ?claim ?p ?o . ?e ?ep ?eo }}
        WHERE {{ <{QRL24}> jfp:hasClaim ?claim . ?claim ?p ?o OPTIONAL {{ ?claim jfp:hasEvidence ?e . ?e ?ep ?eo }} }}""",
    # Checks that read the plan, not its claims.
    "research-claim-at-the-introduction": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?claim jfp:addressedBy ?part ; jfp:hasEvidence ?e . ?e ?p ?o }}
        INSERT {{ ?claim jfp:addressedBy <{QRL24}/section/introduction> }}
        WHERE {{ BIND(<{QRL24}/claim/duty-research> AS ?claim) ?claim jfp:addressedBy ?part ; jfp:hasEvidence ?e .
                 ?e ?p ?o }}""",
    "claims-pointing-at-another-edition": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?claim jfp:addressedBy ?part }}
        INSERT {{ ?claim jfp:addressedBy ?old }}
        WHERE {{ <{QRL24}> jfp:hasClaim ?claim . ?claim jfp:addressedBy ?part
                 BIND(IRI(REPLACE(STR(?part), "/2024/", "/2023/")) AS ?old) }}""",
    "generic-place-based-steps": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?step jfp:implements ?priority }}
        INSERT {{ <{QRL24}/objective/1> jfp:hasStep <{QRL24}/step/place> .
                  <{QRL24}/step/place> a jfp:Step ; jfp:responsibleOrganisation <{BASE}icb/QRL> ;
                      jfp:implements <{BASE}jlhws/E06000044/2023> , <{BASE}jlhws/E06000045/2023> ,
                                     <{BASE}jlhws/E06000046/2023> , <{BASE}jlhws/E10000014/2023> . }}
        WHERE {{ ?step jfp:implements ?priority FILTER(CONTAINS(STR(?priority), "/priority/")) }}""",
    "population-claims-without-steps": """PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE WHERE { ?step jfp:concernsPopulation ?population }""",
    "final-opinions-that-never-answer": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?opinion jfp:verdict ?v }} INSERT {{ ?opinion jfp:verdict jfp:verdict-not-answered }}
        WHERE {{ <{QRL24}> jfp:hasOpinionStatement ?opinion . ?opinion jfp:verdict ?v }}""",
    "final-opinions-without-verdicts": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        DELETE {{ ?opinion jfp:verdict ?v }} WHERE {{ <{QRL24}> jfp:hasOpinionStatement ?opinion .
                                                      ?opinion jfp:verdict ?v }}""",
    "drafts-sent-after-the-plan": f"""PREFIX jfp: <https://w3id.org/jfp-graph/def#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        DELETE {{ ?sharing jfp:sharedOn ?on }} INSERT {{ ?sharing jfp:sharedOn "2024-05-01"^^xsd:date }}
        WHERE {{ <{QRL24}> jfp:hasDraftSharing ?sharing . ?sharing jfp:sharedOn ?on }}""",
    "revised-draft-not-resent": load_patch(VIOLATIONS_DIR / "revised-draft-not-sent-to-hwb.ru").bound(),
    "evidence-document-as-title": load_patch(VIOLATIONS_DIR / "evidence-document-given-as-title.ru").bound(),
}


def _worst(pairs) -> Verdict:
    order = {"info": 1, "warning": 2, "violation": 3}
    worst: dict[str, str] = {}
    for slug, severity in pairs:
        if order[severity] > order.get(worst.get(slug), 0):
            worst[slug] = severity
    return frozenset(worst.items())


def _severity(iri: str) -> str:
    return iri.removeprefix(SH).lower()


def _slug(requirement: str) -> str:
    return requirement.rsplit("/", 1)[-1]


# -- the surfaces --------------------------------------------------------------------------------
def from_files(plan_file: Path, context: list[Path]) -> dict[str, Verdict]:
    run = validate_paths([plan_file, *context], validator=validator())
    assert not run.errors, run.errors
    return {report.plan: _worst((f.requirement.slug, f.severity.label) for f in report.findings) for report in run.plans}


def from_stored_report(store: GraphStore, plan: str) -> Verdict:
    run = read_reports(store, validator().context.requirements, [plan])
    (report,) = run.plans
    return _worst((f.requirement.slug, f.severity.label) for f in report.findings)


def from_duty_coverage(store: GraphStore, plan: str) -> Verdict:
    rows = load_query("duty-coverage").run(store, plan_iri=plan).rows
    return frozenset((_slug(r["requirement"].value), _severity(r["severity"].value))
                     for r in rows if r["status"].value == "not met")


def from_coverage_matrix(store: GraphStore) -> dict[str, Verdict]:
    """The verdict on each ICB's latest edition (the matrix shows only those)."""
    verdicts: dict[str, set] = {}
    for r in load_query("coverage-matrix").run(store).rows:
        failed = verdicts.setdefault(r["plan"].value, set())
        if r["addressed"].value == "false":
            failed.add((_slug(r["requirement"].value), _severity(r["severity"].value)))
    return {plan: frozenset(failed) for plan, failed in verdicts.items()}


def from_hwb_opinions(store: GraphStore, plan: str) -> bool:
    """Whether every relevant HWB's statement is included, as hwb-opinions says."""
    rows = load_query("hwb-opinions").run(store, plan_iri=plan).rows
    return all(r["statement_included"].value == "true" for r in rows)


def from_json_page(client: TestClient, plan: str) -> Verdict:
    page = client.get("/id/" + plan[len(BASE):] + ".json").json()
    return _worst((row["slug"], finding["severity"]) for row in page["scorecard"] if row["status"] == "not met"
                  for finding in row["findings"])


class _Scorecard(html.parser.HTMLParser):
    """(requirement, severity) of every finding in the HTML scorecard's rows whose status is "not met"."""

    def __init__(self) -> None:
        super().__init__()
        self.requirement: str | None = None
        self.in_status = False
        self.status: dict[str, str] = {}
        self.findings: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr" and "data-requirement" in attributes:
            self.requirement = attributes["data-requirement"]
        elif tag == "td" and attributes.get("class") == "status":
            self.in_status = True
        elif tag == "p" and (attributes.get("class") or "").startswith("finding "):
            self.findings.append((self.requirement, attributes["class"].split()[1]))

    def handle_endtag(self, tag):
        if tag == "td":
            self.in_status = False

    def handle_data(self, data):
        if self.in_status and data.strip():
            self.status[self.requirement] = data.strip()


def from_html_page(client: TestClient, plan: str) -> Verdict:
    parser = _Scorecard()
    parser.feed(client.get("/id/" + plan[len(BASE):], headers={"accept": "text/html"}).text)
    return _worst((slug, severity) for slug, severity in parser.findings if parser.status[slug] == "not met")


def check(store: GraphStore, client: TestClient, plan: str, expected: Verdict,
          matrix: dict[str, Verdict] | None = None) -> None:
    """Every surface gives ``expected`` (the verdict `jfp-graph validate` gives on the files) for ``plan``;
    ``matrix`` is coverage-matrix's verdicts when already read for the store as it is."""
    surfaces = {
        "stored report": from_stored_report(store, plan),
        "duty-coverage": from_duty_coverage(store, plan),
        "plan page (JSON)": from_json_page(client, plan),
        "plan page (HTML)": from_html_page(client, plan),
    }
    matrix = from_coverage_matrix(store) if matrix is None else matrix
    if plan in matrix:
        surfaces["coverage-matrix"] = matrix[plan]
    for surface, verdict in surfaces.items():
        assert verdict == expected, (
            f"{plan}: {surface} differs from validate: only there {sorted(verdict - expected)}, "
            f"missing there {sorted(expected - verdict)}"
        )
    opinions_met = ("hwb-opinion-statement", "violation") not in expected
    assert from_hwb_opinions(store, plan) == opinions_met, f"{plan}: hwb-opinions differs from validate"


# -- the inputs ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """A store holding the examples, and a web app over it (its own process's query workers)."""
    folder = tmp_path_factory.mktemp("examples") / "store"
    store = open_store(folder, derived=derived_graphs)
    load_files(store, expand_paths([EXAMPLES_DIR / "plans", STRATEGIES]))
    store.flush()
    del store
    app = create_app(Settings(store=str(folder), workers=1, cache_mb=0))
    with TestClient(app) as client:
        yield app.state.service.store, client


def _replace_plan(client: TestClient, quads: list[ox.Quad]) -> None:
    """Replace QRL 2024 through the web service, as a PUT does (its report is rewritten with it)."""
    client.app.state.service.replace_document(QRL24, quads)


def _patched(update: str) -> list[ox.Quad]:
    plan = ox.Store()
    plan.load(path=str(EXAMPLES_DIR / "plans" / "QRL-2024.ttl"), base_iri=BASE)
    plan.update(update)
    return list(plan)


def test_the_examples_say_the_same_on_every_surface(examples):
    store, client = examples
    for plan_file in sorted((EXAMPLES_DIR / "plans").glob("*.ttl")):
        for plan, expected in from_files(plan_file, [STRATEGIES]).items():
            check(store, client, plan, expected)


@pytest.mark.parametrize(
    ("name", "update"),
    [(patch.name, patch.bound()) for patch in load_patches(DEFECTS_DIR) if patch.base.name == "QRL-2024.ttl"]
    + sorted(ADVERSARIAL.items()),
)
def test_defects_and_adversarial_plans_say_the_same_on_every_surface(name, update, examples, tmp_path):
    store, client = examples
    quads = _patched(update)
    plan_file = tmp_path / "QRL-2024.nt"
    plan_file.write_bytes(ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                       format=ox.RdfFormat.N_TRIPLES))
    expected = from_files(plan_file, [STRATEGIES])[QRL24]
    original = list(store.quads(graph_for_document(QRL24)))
    try:
        _replace_plan(client, quads)
        check(store, client, QRL24, expected)
    finally:
        _replace_plan(client, original)


def test_the_synthetic_national_graph_says_the_same_on_every_surface(synthetic_national, tmp_path):
    import json

    manifest = json.loads((synthetic_national / "manifest.json").read_text())["plans"]
    folder = tmp_path / "store"
    store = open_store(folder, derived=derived_graphs)
    load_files(store, expand_paths([synthetic_national / "plans", synthetic_national / "strategies"]))
    ensure_bundle(store, include_examples=False)  # the ontology, statute and reference graphs; no examples
    store.flush()
    del store
    files = from_files(synthetic_national / "plans", [synthetic_national / "strategies"])
    # The manifest says which requirements each planted defect breaks: validate agrees.
    assert {plan: sorted({slug for slug, _ in verdict}) for plan, verdict in files.items()} == {
        plan: sorted(entry["expect"]) for plan, entry in manifest.items()}
    app = create_app(Settings(store=str(folder), workers=2, cache_mb=0, load_bundle=False))
    with TestClient(app) as client:
        matrix = from_coverage_matrix(app.state.service.store)
        assert len(matrix) == 42  # every ICB's latest edition is in the matrix, and is checked below
        for plan, expected in sorted(files.items()):
            check(app.state.service.store, client, plan, expected, matrix)
    shutil.rmtree(folder.with_name(folder.name + ".snapshots"), ignore_errors=True)
