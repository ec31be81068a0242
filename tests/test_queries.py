"""Every named query against the example data, with rows checked against the example files by hand.

The "gapped" store holds the examples with the 2024 Hampshire and Isle of Wight plan altered by four of
the defect patches in data/examples/defects (research duty claim removed, victims-of-abuse claim and two
of its steps removed, no step implementing the Southampton JLHWS, no Portsmouth HWB opinion, no
neurological community consulted).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ID, cells, short

import jfp_graph.web
from jfp_graph.bundle import ensure_bundle
from jfp_graph.layout import EDITIONS_GRAPH, graph_for_document
from jfp_graph.paths import EXAMPLES_DIR, QUERIES_DIR
from jfp_graph.queries import QueryError, UnknownQuery, all_queries, load_query
from jfp_graph.sparql import inject_values, parameter_variables, uses_service
from jfp_graph.store import MEMORY, EmbeddedStore, PendingView, open_store
from jfp_graph.synth.defects import load_patch
from jfp_graph.validation import validate_paths
from jfp_graph.validation.editions import current_editions
from jfp_graph.validation.refresh import derived_graphs
from jfp_graph.web.pagequeries import named_query, page_query_names

QRL24, QRL23, QNQ24 = ID + "plan/QRL/2024", ID + "plan/QRL/2023", ID + "plan/QNQ/2024"
JFP = "https://w3id.org/jfp-graph/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DEFECTS = (
    "must-no-duty-research",
    "must-no-victims-of-abuse",
    "must-jlhws-hwb-not-implemented",
    "must-no-opinion-hwb",
    "could-no-neurological-community",
)


@pytest.fixture(scope="module")
def gapped_findings(gapped_store, tmp_path_factory) -> dict[str, str]:
    """What `jfp-graph validate` reports on the gapped plan, read as a file with the example strategies:
    requirement (as the queries print it) -> worst severity. Every surface must say the same."""
    path = tmp_path_factory.mktemp("gapped") / "QRL-2024.nt"
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in gapped_store.quads(graph_for_document(QRL24))]
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    (report,) = validate_paths([path, EXAMPLES_DIR / "strategies"]).plans
    worst: dict[str, str] = {}
    for finding in sorted(report.findings, key=lambda f: f.severity):
        worst["jfpreq:" + finding.requirement.slug] = finding.severity.iri
    return worst


def test_the_gapped_plan_fails_exactly_where_its_patches_say(gapped_findings):
    expected = {f"jfpreq:{slug}" for defect in DEFECTS for slug in load_patch(
        EXAMPLES_DIR / "defects" / f"{defect}.ru").expect}
    assert set(gapped_findings) == expected


def run(store, name, sets=(), **params):
    query = load_query(name)
    return cells(store.select(query.text, query.bindings(params)), sets)


@pytest.fixture(scope="module")
def example_store() -> EmbeddedStore:
    """The bundle without the real plans (data/real-plans): these tests hold the invented examples' exact rows."""
    store = open_store(MEMORY, derived=derived_graphs)
    ensure_bundle(store, include_real_plans=False)
    return store


@pytest.fixture(scope="module")
def bundled_store() -> EmbeddedStore:
    """The whole bundle, real plans included, as ``jfp-graph serve`` loads it."""
    store = open_store(MEMORY, derived=derived_graphs)
    ensure_bundle(store)
    return store


@pytest.fixture(scope="module")
def gapped_store() -> EmbeddedStore:
    """The examples with every defect patch applied to QRL 2024 at once, and the reports a store keeps."""
    store = open_store(MEMORY, derived=derived_graphs)
    ensure_bundle(store, include_real_plans=False)
    plan = ox.Store()
    plan.load(path=str(EXAMPLES_DIR / "plans" / "QRL-2024.ttl"), format=ox.RdfFormat.TURTLE)
    for defect in DEFECTS:
        plan.update(load_patch(EXAMPLES_DIR / "defects" / f"{defect}.ru").bound())  # at the defaults: QRL 2024
    store.write_graph(graph_for_document(QRL24), list(plan))
    return store


# -- the library itself ---------------------------------------------------------------------
def test_the_library_has_at_least_fifteen_documented_queries():
    queries = all_queries()
    assert len([q for q in queries if q.name != "summary"]) >= 15
    for query in queries:
        assert query.summary and query.description and query.tags, query.name
        declared = {p.name for p in query.parameters}
        documented = set(query.header.get("params") and [k for e in query.header["params"] for k in e] or [])
        assert declared == documented, query.name  # every ?_name is documented, nothing else is
        assert set(query.header.get("optional") or []) <= declared, query.name
        assert not uses_service(query.text), query.name


def test_every_query_parses_as_standard_sparql_and_runs_with_only_its_required_parameters(example_store, gapped_store):
    required = {"plan_iri": QRL24, "edition_iri": QRL24, "priority_iri": ID + "ics/QRL/2023/priority/3",
                "hwb_iri": ID + "hwb/E10000014", "trust_iri": ID + "trust/RHM"}
    # The example plans meet every must-requirement: that query has rows only on a plan that does not.
    findings_only = {"unmet-must-requirements"}
    for query in all_queries():
        params = {p.name: required[p.name] for p in query.parameters if not p.optional and p.default is None}
        result = query.run(gapped_store if query.name in findings_only else example_store, **params)
        assert result.rows, query.name


def test_parameters_are_typed_by_suffix():
    assert [(p.name, p.kind, p.default, p.optional) for p in load_query("overdue-milestones").parameters] == [
        ("plan_iri", "iri", None, True),
        ("as_of_date", "date", "2025-01-01", False),
    ]
    assert [(p.name, p.kind, p.default) for p in load_query("condition-communities").parameters] == [
        ("plan_iri", "iri", None),
        ("condition", "string", "neurological"),
    ]
    assert parameter_variables('SELECT ?_a_iri # ?_not_this\n WHERE { ?x ?p "?_nor_this" . ?x ?q ?_b_date }') == [
        "_a_iri",
        "_b_date",
    ]


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("duty-coverage", {}, "query duty-coverage needs parameter plan_iri: IRI of one plan edition, e.g. "
         "https://w3id.org/jfp-graph/id/plan/QRL/2024."),
        ("duty-coverage", {"plan_iri": "plan QRL 2024"},
         "parameter plan_iri: not a valid IRI: 'plan QRL 2024' (Invalid IRI code point ' ')"),
        ("duty-coverage", {"plan_iri": "QRL-2024"},
         "parameter plan_iri: not a valid IRI: 'QRL-2024' (No scheme found in an absolute IRI)"),
        ("overdue-milestones", {"as_of_date": "31/03/2025"},
         "parameter as_of_date: not a date (YYYY-MM-DD): '31/03/2025'"),
        ("overdue-milestones", {"as_of_date": "2025-02-30"},
         "parameter as_of_date: not a date (YYYY-MM-DD): '2025-02-30'"),
        ("plans", {"icb": "x"}, "query plans has no parameter icb (its parameters: icb_iri)"),
    ],
)
def test_bad_parameters_are_refused_before_running(name, params, message):
    with pytest.raises(QueryError) as caught:
        load_query(name).bindings(params)
    assert str(caught.value) == message


def test_unknown_query_names_the_known_ones():
    with pytest.raises(UnknownQuery) as caught:
        load_query("no-such-query")
    assert str(caught.value).startswith("unknown query 'no-such-query'; known queries: capital-plan-consistency, ")
    with pytest.raises(UnknownQuery):
        load_query("../queries/plans")


def test_a_parameter_value_cannot_change_the_query(example_store):
    injected = 'neurological")) } DROP ALL #'
    assert run(example_store, "condition-communities", plan_iri=QRL24, condition=injected) == [
        ("plan/QRL/2024", None, None, None, None, None, None)
    ]
    assert len(example_store.graph_sizes()) > 20


# -- each query, exact rows -----------------------------------------------------------------
def test_plans(example_store):
    assert run(example_store, "plans") == [
        ("icb/QNQ", "NHS Frimley Integrated Care Board", "plan/QNQ/2024",
         "Frimley joint forward plan 2024/25 to 2028/29 (illustrative example)",
         "2024-04-01", "2029-03-31", "2024-03-28", "2024-06-27", "plan/QNQ/2023", "true"),
        ("icb/QRL", "NHS Hampshire and Isle of Wight Integrated Care Board", "plan/QRL/2023",
         "Hampshire and Isle of Wight joint forward plan 2023/24 to 2027/28 (illustrative example)",
         "2023-04-01", "2028-03-31", "2023-03-29", "2023-06-28", None, "false"),
        ("icb/QRL", "NHS Hampshire and Isle of Wight Integrated Care Board", "plan/QRL/2024",
         "Hampshire and Isle of Wight joint forward plan 2024/25 to 2028/29 (illustrative example)",
         "2024-04-01", "2029-03-31", "2024-03-27", "2024-06-20", "plan/QRL/2023", "true"),
    ]
    assert [row[2] for row in run(example_store, "plans", icb_iri=ID + "icb/QNQ")] == ["plan/QNQ/2024"]


def test_requirements(example_store, requirement_count):
    could = run(example_store, "requirements", sets=("legal_basis",), modality_iri=JFP + "modality-could")
    assert [(r[0], r[3], r[4]) for r in could] == [
        ("jfpreq:condition-communities-consulted", "jfp:group-process", "guidance/jfp-2022/s4.1"),
        ("jfpreq:cyp-data-insights", "jfp:group-content", "guidance/jfp-2022/appendix-2-table-1"),
    ] + [
        (f"jfpreq:topic-{t}", "jfp:group-recommended", "guidance/jfp-2022/appendix-2-table-2")
        for t in ("digital-data", "estates", "performance", "population-health-management", "procurement",
                  "system-development", "wider-development", "workforce")
    ]
    assert could[0][5] == {"leg:ukpga/2006/41/section/14Z54", "leg:ukpga/2006/41/section/14Z45"}
    every = run(example_store, "requirements")
    assert len(every) == requirement_count
    assert {r[2] for r in every} == {"jfp:modality-must", "jfp:modality-should", "jfp:modality-could"}


def test_duty_coverage_of_a_complete_plan(example_store, requirement_count):
    rows = run(example_store, "duty-coverage", sets=("addressed_by", "evidence_pages"), plan_iri=QNQ24)
    assert len(rows) == requirement_count
    # A later edition: the first edition's dates do not apply to it; everything else is met.
    assert {(r[0], r[3]) for r in rows if r[3] != "met"} == {("jfpreq:first-edition-dates", "not applicable")}
    assert {(r[0], r[5]) for r in rows if r[5] != "1"} == {("jfpreq:jlhws-steps", "5")}  # one claim per JLHWS


def test_duty_coverage_says_what_validation_says_with_parts_and_evidence(gapped_store, gapped_findings, requirement_count):
    rows = run(gapped_store, "duty-coverage", sets=("addressed_by", "evidence_pages"), plan_iri=QRL24)
    assert len(rows) == requirement_count
    assert {r[0]: r[4] for r in rows if r[3] == "not met"} == gapped_findings
    by_requirement = {r[0]: r for r in rows}
    assert by_requirement["jfpreq:duty-quality"] == (
        "jfpreq:duty-quality", "jfp:modality-must", "jfp:group-general-duties", "met", None, "1",
        {"plan/QRL/2024/section/duty-quality", "plan/QRL/2024/objective/4"}, {"14"},
    )
    # A claim is not enough: the Southampton JLHWS has a claim left but no step, and the requirement is not met.
    assert by_requirement["jfpreq:jlhws-steps"][3:6] == ("not met", "http://www.w3.org/ns/shacl#Violation", "3")
    assert by_requirement["jfpreq:jlhws-steps"][7] == {"11"}


def test_duty_coverage_of_an_edition_without_a_report_says_so(example_store, requirement_count):
    store = EmbeddedStore()  # no reports are kept in this store
    store.write_graphs({graph: list(example_store.quads(graph)) for graph in example_store.graph_names()
                        if "/graph/report/" not in graph})
    rows = run(store, "duty-coverage", plan_iri=QNQ24)
    assert len(rows) == requirement_count and {r[3] for r in rows} == {"not validated"}


def test_coverage_matrix(example_store, gapped_store, gapped_findings, requirement_count):
    complete = run(example_store, "coverage-matrix")
    assert len(complete) == 2 * requirement_count  # two ICBs' latest editions; QRL/2023 is superseded
    assert {(r[0], r[1]) for r in complete} == {("icb/QNQ", "plan/QNQ/2024"), ("icb/QRL", "plan/QRL/2024")}
    assert {r[6] for r in complete} == {"true"}
    assert {r[4] for r in complete} == {"jfp:outcome-met", "jfp:outcome-not-applicable"}
    gaps = {r[2]: r[5] for r in run(gapped_store, "coverage-matrix", icb_iri=ID + "icb/QRL") if r[6] == "false"}
    assert gaps == gapped_findings
    must_gaps = run(gapped_store, "coverage-matrix", modality_iri=JFP + "modality-must")
    assert {r[2] for r in must_gaps if r[6] == "false"} == {
        requirement for requirement, severity in gapped_findings.items() if severity.endswith("#Violation")
    }
    assert len(run(gapped_store, "coverage-matrix", icb_iri=ID + "icb/QNQ")) == requirement_count


def test_requirement_outcomes_of_every_edition_are_each_editions_own_in_plan_order(gapped_store, gapped_findings,
                                                                                 requirement_count):
    # Unbound, the verdicts are read a property at a time for every report and joined; bound, for one report.
    # Both must give each edition's rows, one row per requirement, with the worst severity of each gap.
    every = run(gapped_store, "requirement-outcomes")
    plans = ["plan/QNQ/2024", "plan/QRL/2023", "plan/QRL/2024"]
    assert [r[0] for r in every] == [plan for plan in plans for _ in range(requirement_count)]
    assert every == [row for plan in plans for row in run(gapped_store, "requirement-outcomes", plan_iri=ID + plan)]
    assert {r[2]: r[4] for r in every if r[0] == "plan/QRL/2024" and r[3] == "not met"} == gapped_findings
    assert {r[4] for r in every if r[3] != "not met"} == {None}


def test_relevant_hwbs(example_store):
    assert [(r[0], r[2], r[5], r[6]) for r in run(example_store, "relevant-hwbs", icb_iri=ID + "icb/QNQ")] == [
        ("icb/QNQ", "hwb/E06000036", "1", "true"),
        ("icb/QNQ", "hwb/E06000039", "1", "true"),
        ("icb/QNQ", "hwb/E06000040", "1", "true"),
        ("icb/QNQ", "hwb/E10000014", "0.1247", "true"),
        ("icb/QNQ", "hwb/E10000030", "0.1285", "true"),
    ]
    every = run(example_store, "relevant-hwbs")
    assert len({r[0] for r in every}) == 42 and len(every) == 165


def test_jlhws_implementation(example_store, gapped_store):
    assert run(example_store, "jlhws-implementation", plan_iri=QRL24) == [
        ("hwb/E06000044", "Portsmouth Health and Wellbeing Board", "jlhws/E06000044/2023", "1", "1", "true", "steps set out"),
        ("hwb/E06000045", "Southampton Health and Wellbeing Board", "jlhws/E06000045/2023", "2", "2", "true", "steps set out"),
        ("hwb/E06000046", "Isle of Wight Health and Wellbeing Board", "jlhws/E06000046/2023", "1", "1", "true", "steps set out"),
        ("hwb/E10000014", "Hampshire Health and Wellbeing Board", "jlhws/E10000014/2023", "2", "2", "true", "steps set out"),
    ]
    assert run(gapped_store, "jlhws-implementation", plan_iri=QRL24)[1] == (
        "hwb/E06000045", "Southampton Health and Wellbeing Board", "jlhws/E06000045/2023", "0", "0", "false", "no steps"
    )
    assert [r[3] for r in run(example_store, "jlhws-implementation", plan_iri=QNQ24)] == ["1"] * 5


def test_hwb_opinions(example_store, gapped_store):
    assert run(example_store, "hwb-opinions", plan_iri=QNQ24) == [
        ("plan/QNQ/2024", "hwb/E06000036", "Bracknell Forest Health and Wellbeing Board", "2024-01-26", "2024-03-05", "true", "true", "true", "2024-06-28", "jfp:verdict-proper-account"),
        ("plan/QNQ/2024", "hwb/E06000039", "Slough Health and Wellbeing Board", "2024-01-26", "2024-03-21", "true", "true", "true", "2024-06-28", "jfp:verdict-proper-account"),
        ("plan/QNQ/2024", "hwb/E06000040", "Windsor and Maidenhead Health and Wellbeing Board", "2024-01-26", "2024-03-12", "true", "true", "true", "2024-06-28", "jfp:verdict-proper-account"),
        ("plan/QNQ/2024", "hwb/E10000014", "Hampshire Health and Wellbeing Board", "2024-01-26", "2024-03-07", "true", "true", "true", "2024-06-28", "jfp:verdict-proper-account"),
        ("plan/QNQ/2024", "hwb/E10000030", "Surrey Health and Wellbeing Board", "2024-01-26", "2024-03-19", "true", "true", "true", "2024-06-28", "jfp:verdict-proper-account"),
    ]
    portsmouth = [r for r in run(gapped_store, "hwb-opinions", plan_iri=QRL24) if r[1] == "hwb/E06000044"]
    assert portsmouth == [
        ("plan/QRL/2024", "hwb/E06000044", "Portsmouth Health and Wellbeing Board", "2024-01-19", None, None, "false", None, "2024-06-21", None)
    ]
    assert len(run(example_store, "hwb-opinions")) == 13  # 4 + 4 + 5 relevant HWBs over three editions


def test_consultation_trace(example_store):
    rows = run(example_store, "consultation-trace", plan_iri=QRL24)
    assert [(r[0], r[1], r[3], r[5], r[6]) for r in rows] == [
        ("plan/QRL/2024/view/1", "plan/QRL/2024/group/core-population", "1", "plan/QRL/2024/objective/8", "jfp:Objective"),
        ("plan/QRL/2024/view/2", "plan/QRL/2024/group/inclusion-health", "1", "plan/QRL/2024/step/5-2", "jfp:Step"),
        ("plan/QRL/2024/view/3", "plan/QRL/2024/group/neurological-community", "1", "plan/QRL/2024/objective/2", "jfp:Objective"),
        ("plan/QRL/2024/view/3", "plan/QRL/2024/group/neurological-community", "1", "plan/QRL/2024/pathway/neurology", "jfp:PriorityPathway"),
        ("plan/QRL/2024/view/4", "plan/QRL/2024/group/vcse", "2", None, None),
    ]
    assert rows[0][4] == (
        "We added an objective on access to general practice and NHS dentistry and a single point of access for "
        "urgent care in each place."
    )
    assert rows[0][7] == "Recover access to general practice and NHS dentistry"


def test_objective_lineage(example_store):
    rows = run(example_store, "objective-lineage", plan_iri=QRL24)
    assert {r[3] for r in rows} == {"leg:ukpga/2007/28/section/116ZB"}
    assert {r[6] for r in rows if r[4]} == {"leg:ukpga/2007/28/section/116"}
    assert {r[9] for r in rows if r[7]} == {"leg:ukpga/2007/28/section/116A"}
    assert [(r[0], r[1], r[4], r[7]) for r in rows if r[0].endswith(("/3", "/7"))] == [
        ("plan/QRL/2024/objective/3", "ics/QRL/2023/priority/1", "jsna/E06000045/2022/need/2", "jlhws/E06000045/2023/priority/2"),
        ("plan/QRL/2024/objective/3", "ics/QRL/2023/priority/1", "jsna/E10000014/2022/need/3", "jlhws/E10000014/2023/priority/1"),
        ("plan/QRL/2024/objective/3", "ics/QRL/2023/priority/2", "jsna/E06000044/2022/need/3", "jlhws/E06000044/2023/priority/3"),
        # Priority 5 (safe and supportive communities) addresses no recorded need.
        ("plan/QRL/2024/objective/7", "ics/QRL/2023/priority/5", None, None),
    ]


def test_strategy_impact_across_icbs(example_store):
    assert run(example_store, "strategy-impact", priority_iri=ID + "jlhws/E10000014/2023/priority/2") == [
        ("icb/QNQ", "plan/QNQ/2024", "plan/QNQ/2024/step/4-3", "step implements", None),
        ("icb/QRL", "plan/QRL/2023", "plan/QRL/2023/step/4-3", "step implements", None),
        ("icb/QRL", "plan/QRL/2024", "plan/QRL/2024/step/4-3", "step implements", None),
    ]
    rows = run(example_store, "strategy-impact", priority_iri=ID + "ics/QRL/2023/priority/3")
    assert [r[2:] for r in rows if r[1] == "plan/QRL/2024"] == [
        ("plan/QRL/2024/objective/4", "objective contributes", None),
        ("plan/QRL/2024/objective/5", "objective contributes", None),
        ("plan/QRL/2024/step/4-1", "step of contributing objective", "plan/QRL/2024/objective/4"),
        ("plan/QRL/2024/step/4-2", "step of contributing objective", "plan/QRL/2024/objective/4"),
        ("plan/QRL/2024/step/4-3", "step of contributing objective", "plan/QRL/2024/objective/4"),
        ("plan/QRL/2024/step/5-1", "step of contributing objective", "plan/QRL/2024/objective/5"),
        ("plan/QRL/2024/step/5-2", "step of contributing objective", "plan/QRL/2024/objective/5"),
    ]
    assert len(rows) == 14  # the same seven parts in the 2023 edition


def test_priority_pathways_and_the_three_aims(example_store):
    assert run(example_store, "priority-pathways", plan_iri=QRL24) == [
        ("plan/QRL/2024", "plan/QRL/2024/pathway/cardiovascular",
         "Cardiovascular disease: from blood pressure case-finding to cardiac rehabilitation",
         "true", "true", "true", "false", "false", "3", "3", "true"),
        ("plan/QRL/2024", "plan/QRL/2024/pathway/cyp-mental-health",
         "Children and young people's mental health: early support to crisis care",
         "true", "true", "true", "false", "false", "3", "3", "true"),
        ("plan/QRL/2024", "plan/QRL/2024/pathway/neurology",
         "Neurology: timely diagnosis and community neuro-rehabilitation",
         "true", "true", "true", "true", "true", "3", "3", "true"),
    ]


def test_targets_and_trajectories_at_a_date(example_store):
    rows = run(example_store, "targets-trajectories", plan_iri=QRL24)  # default date 2025-01-01
    # The example's targets are plain values: no comparator, upper end, period, delivery status or status date.
    assert {r[9:] for r in rows} == {(None, None, None, None, None)}
    assert [r[1:9] for r in rows] == [
        ("plan/QRL/2024/metric/1-1", "percent", "72.1", "78", "2025-03-31", "false", "2024-12-31", "75.6"),
        ("plan/QRL/2024/metric/2-1", "weeks", "26", "18", "2026-03-31", "false", None, None),
        ("plan/QRL/2024/metric/3-1", "people", "24800", "29500", "2026-03-31", "false", None, None),
        ("plan/QRL/2024/metric/4-1", "percent", "68.9", "80", "2025-03-31", "false", "2024-12-31", "77"),
        ("plan/QRL/2024/metric/5-1", "percent", "55", "75", "2028-03-31", "false", None, None),
        ("plan/QRL/2024/metric/7-1", "GP practices", "38", "140", "2026-03-31", "false", None, None),
        ("plan/QRL/2024/metric/8-1", "percent", "41", "46", "2026-03-31", "false", None, None),
    ]
    later = run(example_store, "targets-trajectories", plan_iri=QRL24, as_of_date="2025-06-30")
    assert [(r[1], r[6], r[7], r[8]) for r in later if r[7]] == [
        ("plan/QRL/2024/metric/1-1", "true", "2025-03-31", "78"),
        ("plan/QRL/2024/metric/4-1", "true", "2025-03-31", "80"),
    ]


def test_overdue_milestones(example_store):
    assert [(r[0], r[2], r[4], r[5]) for r in run(example_store, "overdue-milestones")] == [
        ("plan/QNQ/2024", "plan/QNQ/2024/milestone/4-1", "2024-10-31", "on track"),
        ("plan/QRL/2024", "plan/QRL/2024/milestone/4-1", "2024-10-31", "on track"),
        ("plan/QNQ/2024", "plan/QNQ/2024/milestone/1-1", "2024-12-31", "on track"),
        ("plan/QRL/2024", "plan/QRL/2024/milestone/1-1", "2024-12-31", "on track"),
    ]
    # A superseded edition is looked at only when named.
    assert [(r[2], r[4], r[5]) for r in run(example_store, "overdue-milestones", plan_iri=QRL23, as_of_date="2024-01-01")] == [
        ("plan/QRL/2023/milestone/6-1", "2023-09-30", "planned"),
        ("plan/QRL/2023/milestone/4-1", "2023-10-31", "planned"),
        ("plan/QRL/2023/milestone/1-1", "2023-12-31", "planned"),
    ]


def test_overdue_milestones_read_due_dates_at_every_precision():
    """A milestone due in a month, a year or a financial year is overdue from the day after its last day."""
    from jfp_graph.dates import parse

    plan, jfp = ID + "plan/A/2024", "https://w3id.org/jfp-graph/def#"
    graph = ox.NamedNode(ID + "test")
    due = {"day": "2024-03-31", "month": "March 2024", "year": "2024", "financial-year": "2024/25"}
    facts = [(ox.NamedNode(plan), ox.NamedNode(jfp + "forICB"), ox.NamedNode(ID + "icb/A")),
             (ox.NamedNode(plan), ox.NamedNode(jfp + "hasObjective"), ox.NamedNode(plan + "/objective/1"))]
    for name, text in due.items():
        milestone = ox.NamedNode(f"{plan}/milestone/{name}")
        lexical, datatype = parse(text)
        facts += [(ox.NamedNode(plan + "/objective/1"), ox.NamedNode(jfp + "hasMilestone"), milestone),
                  (milestone, ox.NamedNode(jfp + "dueDate"), ox.Literal(lexical, datatype=ox.NamedNode(datatype)))]
    facts.append((ox.NamedNode(plan), ox.NamedNode(RDF_TYPE), ox.NamedNode(jfp + "JointForwardPlan")))
    store = EmbeddedStore()
    store.write_graphs({graph.value: [ox.Quad(s, p, o, graph) for s, p, o in facts]})

    def overdue(as_of):
        return [r[2].rsplit("/", 1)[1] for r in run(store, "overdue-milestones", plan_iri=plan, as_of_date=as_of)]

    assert overdue("2024-03-31") == []
    assert overdue("2024-04-01") == ["day", "month"]
    assert overdue("2025-01-01") == ["day", "month", "year"]
    assert overdue("2025-03-31") == ["day", "month", "year"]
    assert overdue("2025-04-01") == ["day", "month", "year", "financial-year"]


def test_edition_diff(example_store):
    assert [(r[0], r[1], r[2], r[4], r[5]) for r in run(example_store, "edition-diff", edition_iri=QRL24)] == [
        ("date slipped", "plan/QRL/2024/metric/4-1", "plan/QRL/2023/metric/4-1", "2024-03-31", "2025-03-31"),
        ("date slipped", "plan/QRL/2024/milestone/1-1", "plan/QRL/2023/milestone/1-1", "2023-12-31", "2024-12-31"),
        ("date slipped", "plan/QRL/2024/milestone/2-1", "plan/QRL/2023/milestone/2-1", "2024-03-31", "2025-03-31"),
        ("date slipped", "plan/QRL/2024/milestone/4-1", "plan/QRL/2023/milestone/4-1", "2023-10-31", "2024-10-31"),
        ("date slipped", "plan/QRL/2024/milestone/7-1", "plan/QRL/2023/milestone/7-1", "2024-03-31", "2025-03-31"),
        ("metric added", "plan/QRL/2024/metric/8-1", None, None, None),
        ("metric removed", None, "plan/QRL/2023/metric/6-1", None, None),
        ("milestone added", "plan/QRL/2024/milestone/8-1", None, None, None),
        ("milestone removed", None, "plan/QRL/2023/milestone/6-1", None, None),
        ("objective added", "plan/QRL/2024/objective/8", None, None, None),
        ("objective removed", None, "plan/QRL/2023/objective/6", None, None),
        ("status changed", "plan/QRL/2024/milestone/1-1", "plan/QRL/2023/milestone/1-1", "planned", "on track"),
        ("status changed", "plan/QRL/2024/milestone/2-1", "plan/QRL/2023/milestone/2-1", "planned", "delayed"),
        ("status changed", "plan/QRL/2024/milestone/3-1", "plan/QRL/2023/milestone/3-1", "planned", "on track"),
        ("status changed", "plan/QRL/2024/milestone/4-1", "plan/QRL/2023/milestone/4-1", "planned", "on track"),
        ("status changed", "plan/QRL/2024/milestone/5-1", "plan/QRL/2023/milestone/5-1", "planned", "on track"),
        ("status changed", "plan/QRL/2024/milestone/7-1", "plan/QRL/2023/milestone/7-1", "planned", "on track"),
        ("step added", "plan/QRL/2024/step/8-1", None, None, None),
        ("step removed", None, "plan/QRL/2023/step/6-1", None, None),
        ("target changed", "plan/QRL/2024/metric/4-1", "plan/QRL/2023/metric/4-1", "77", "80"),
    ]
    assert run(example_store, "edition-diff", edition_iri=QRL23) == []  # a first edition has nothing to compare
    # Compared the other way round, what was added is removed and the dates come forward.
    reverse = run(example_store, "edition-diff", edition_iri=QRL23, previous_iri=QRL24)
    assert [(r[0], r[1], r[2]) for r in reverse if r[0].startswith("objective")] == [
        ("objective added", "plan/QRL/2023/objective/6", None),
        ("objective removed", None, "plan/QRL/2024/objective/8"),
    ]
    # The explicit prov:wasRevisionOf links point from 2024 to 2023 only, so in reverse parts match by path.
    assert {r[0] for r in reverse} == {
        "objective added", "objective removed", "metric added", "metric removed", "milestone added",
        "milestone removed", "step added", "step removed", "date brought forward", "status changed", "target changed"}


EDITION_CHANGES = ("edition-parts-added", "edition-parts-removed", "edition-target-changes",
                   "edition-status-changes", "edition-date-changes")


def edition_changes(store, **params) -> list[tuple]:
    """The rows of the kinds-of-change queries, written as edition-diff writes them, in its order."""
    added, removed, targets, statuses, dates = (run(store, name, **params) for name in EDITION_CHANGES)
    rows = [(change, part, None, title, None, None) for change, part, title in added]
    rows += [(change, None, part, title, None, None) for change, part, title in removed]
    rows += targets + statuses + dates
    return sorted(rows, key=lambda r: (r[0], r[1] or "", r[2] or ""))


def test_each_kind_of_change_between_editions(example_store):
    assert run(example_store, "edition-objectives-added", edition_iri=QRL24) == [
        ("plan/QRL/2024/objective/8", "Recover access to general practice and NHS dentistry"),
    ]
    assert run(example_store, "edition-objectives-removed", edition_iri=QRL24) == [
        ("plan/QRL/2023/objective/6", "Eliminate waits of more than 65 weeks for planned care"),
    ]
    hypertension = "Patients with hypertension treated to the NICE target"
    assert run(example_store, "edition-target-changes", edition_iri=QRL24) == [
        ("target changed", "plan/QRL/2024/metric/4-1", "plan/QRL/2023/metric/4-1", hypertension, "77", "80"),
    ]
    assert [(r[0], r[1], r[4], r[5]) for r in run(example_store, "edition-date-changes", edition_iri=QRL24)] == [
        ("date slipped", "plan/QRL/2024/metric/4-1", "2024-03-31", "2025-03-31"),
        ("date slipped", "plan/QRL/2024/milestone/1-1", "2023-12-31", "2024-12-31"),
        ("date slipped", "plan/QRL/2024/milestone/2-1", "2024-03-31", "2025-03-31"),
        ("date slipped", "plan/QRL/2024/milestone/4-1", "2023-10-31", "2024-10-31"),
        ("date slipped", "plan/QRL/2024/milestone/7-1", "2024-03-31", "2025-03-31"),
    ]
    assert run(example_store, "edition-parts-added", edition_iri=QRL24) == [
        ("metric added", "plan/QRL/2024/metric/8-1", "Adults seen by an NHS dentist in the previous 24 months"),
        ("milestone added", "plan/QRL/2024/milestone/8-1",
         "Modern general practice access model in every primary care network"),
        ("objective added", "plan/QRL/2024/objective/8", "Recover access to general practice and NHS dentistry"),
        ("step added", "plan/QRL/2024/step/8-1",
         "Commission additional urgent dental sessions in areas with the lowest access"),
    ]
    assert [r[:2] for r in run(example_store, "edition-parts-removed", edition_iri=QRL24)] == [
        ("metric removed", "plan/QRL/2023/metric/6-1"), ("milestone removed", "plan/QRL/2023/milestone/6-1"),
        ("objective removed", "plan/QRL/2023/objective/6"), ("step removed", "plan/QRL/2023/step/6-1"),
    ]
    assert [r[:2] + r[4:] for r in run(example_store, "edition-status-changes", edition_iri=QRL24)][:2] == [
        ("status changed", "plan/QRL/2024/milestone/1-1", "planned", "on track"),
        ("status changed", "plan/QRL/2024/milestone/2-1", "planned", "delayed"),
    ]
    assert all(run(example_store, name, edition_iri=QRL23) == []
               for name in EDITION_CHANGES + ("edition-objectives-added", "edition-objectives-removed"))
    assert run(example_store, "edition-target-changes", edition_iri=QRL23, previous_iri=QRL24) == [
        ("target changed", "plan/QRL/2023/metric/4-1", "plan/QRL/2024/metric/4-1", hypertension, "80", "77"),
    ]


@pytest.mark.parametrize("previous", [None, QRL23, QRL24, QNQ24])
@pytest.mark.parametrize("edition", [QRL23, QRL24, QNQ24])
def test_the_kinds_of_change_together_are_the_edition_diff(example_store, edition, previous):
    params = {"edition_iri": edition} | ({"previous_iri": previous} if previous else {})
    assert edition_changes(example_store, **params) == run(example_store, "edition-diff", **params)


def test_parts_correspond_by_their_revision_link_else_by_path_within_one_icb():
    jfp, prov, xsd = JFP, "http://www.w3.org/ns/prov#", "http://www.w3.org/2001/XMLSchema#"
    a23, a24, b24 = "plan/A/2023", "plan/A/2024", "plan/B/2024"

    def part(plan, kind, n, target, due):
        return [(f"{plan}/objective/{n[0]}", jfp + kind, f"{plan}/{kind[3:].lower()}/{n}"),
                (f"{plan}/{kind[3:].lower()}/{n}", jfp + "target", ("integer", target)),
                (f"{plan}/{kind[3:].lower()}/{n}", jfp + "dueDate", ("date", due))]

    facts = [(plan, RDF_TYPE, jfp + "JointForwardPlan") for plan in (a23, a24, b24)]
    facts += [(plan, jfp + "forICB", f"icb/{plan[5]}") for plan in (a23, a24, b24)]
    facts += [(a24, prov + "wasRevisionOf", a23)]
    # Objectives: 1 in both (by path), 2 → 5 (by its link), the same objective in both, 3 dropped and 9 new.
    facts += [(a23, jfp + "hasObjective", f"{a23}/objective/{n}") for n in (1, 2, 3)]
    facts += [(a24, jfp + "hasObjective", f"{a24}/objective/{n}") for n in (1, 5, 9)]
    facts += [(plan, jfp + "hasObjective", "objective/shared") for plan in (a23, a24)]
    facts += [(f"{a24}/objective/5", prov + "wasRevisionOf", f"{a23}/objective/2")]
    # Metrics: 1-1 by path (target and date changed); 5-1 revises 2-1 (date brought forward); 1-2 revises 1-1, not
    # the 2023 metric 1-2 at its own path (target changed against 1-1's).
    facts += part(a23, "hasMetric", "1-1", 10, "2024-03-31") + part(a23, "hasMetric", "2-1", 20, "2024-06-30")
    facts += part(a23, "hasMetric", "1-2", 25, "2024-03-31")
    facts += part(a24, "hasMetric", "1-1", 11, "2025-03-31") + part(a24, "hasMetric", "5-1", 20, "2024-01-01")
    facts += part(a24, "hasMetric", "1-2", 25, "2024-03-31")
    facts += [(f"{a24}/metric/5-1", prov + "wasRevisionOf", f"{a23}/metric/2-1"),
              (f"{a24}/metric/1-2", prov + "wasRevisionOf", f"{a23}/metric/1-1")]
    # Another ICB's plan, at the same paths: its objectives match by path, its metrics never do.
    facts += [(b24, jfp + "hasObjective", f"{b24}/objective/1")] + part(b24, "hasMetric", "1-1", 99, "2030-03-31")

    def term(value):
        if isinstance(value, tuple):
            return ox.Literal(str(value[1]), datatype=ox.NamedNode(xsd + value[0]))
        return ox.NamedNode(value if value.startswith("http") else ID + value)

    store = EmbeddedStore()
    graph = ID + "test"
    store.write_graphs({graph: [ox.Quad(term(s), term(p), term(o), ox.NamedNode(graph)) for s, p, o in facts]})
    assert edition_changes(store, edition_iri=ID + a24) == [
        ("date brought forward", "plan/A/2024/metric/5-1", "plan/A/2023/metric/2-1", None, "2024-06-30", "2024-01-01"),
        ("date slipped", "plan/A/2024/metric/1-1", "plan/A/2023/metric/1-1", None, "2024-03-31", "2025-03-31"),
        ("objective added", "plan/A/2024/objective/9", None, None, None, None),
        ("objective removed", None, "plan/A/2023/objective/3", None, None, None),
        ("target changed", "plan/A/2024/metric/1-1", "plan/A/2023/metric/1-1", None, "10", "11"),
        ("target changed", "plan/A/2024/metric/1-2", "plan/A/2023/metric/1-1", None, "10", "25"),
    ]
    # Added and removed parts match by path across ICBs too (B's metric 1-1 is at A's 1-1's path).
    assert edition_changes(store, edition_iri=ID + b24, previous_iri=ID + a23) == [
        ("metric removed", None, "plan/A/2023/metric/1-2", None, None, None),
        ("metric removed", None, "plan/A/2023/metric/2-1", None, None, None),
        ("objective removed", None, "objective/shared", None, None, None),
        ("objective removed", None, "plan/A/2023/objective/2", None, None, None),
        ("objective removed", None, "plan/A/2023/objective/3", None, None, None),
    ]
    for edition in (a23, a24, b24):
        for previous in (None, a23, a24, b24):
            params = {"edition_iri": ID + edition} | ({"previous_iri": ID + previous} if previous else {})
            assert edition_changes(store, **params) == run(store, "edition-diff", **params), params


def test_timeline_compliance(example_store):
    assert run(example_store, "timeline-compliance") == [
        ("plan/QNQ/2024", "2024-04-01", "2029-03-31", "true", "2024-03-28", "true", "2024-06-27", "true", "false",
         "false", "2024-06-28", None, "true", "true"),
        ("plan/QRL/2023", "2023-04-01", "2028-03-31", "true", "2023-03-29", "true", "2023-06-28", "true", "true",
         "true", "2023-06-29", "true", "true", "true"),
        ("plan/QRL/2024", "2024-04-01", "2029-03-31", "true", "2024-03-27", "true", "2024-06-20", "true", "false",
         "false", "2024-06-21", None, "true", "true"),
    ]


def test_capital_plan_consistency(example_store):
    assert run(example_store, "capital-plan-consistency", sets=("capital_only_preparers",)) == [
        ("plan/QNQ/2024", "capital/QNQ/2024", "true", None, "2024-06-27", "2024-06-27", "true", "true"),
        ("plan/QRL/2023", "capital/QRL/2023", "true", None, "2023-06-28", "2023-06-28", "true", "true"),
        ("plan/QRL/2024", "capital/QRL/2024", "true", None, "2024-06-20", "2024-06-20", "true", "true"),
    ]


def test_consultation_with_condition_communities(example_store, gapped_store):
    assert run(example_store, "condition-communities", plan_iri=QRL24) == [
        ("plan/QRL/2024", "plan/QRL/2024/group/neurological-community", "neurological conditions",
         "plan/QRL/2024/consultation/3", "two workshops and an online discussion with neurological charities",
         "plan/QRL/2024/view/3", "plan/QRL/2024/objective/2"),
        ("plan/QRL/2024", "plan/QRL/2024/group/neurological-community", "neurological conditions",
         "plan/QRL/2024/consultation/3", "two workshops and an online discussion with neurological charities",
         "plan/QRL/2024/view/3", "plan/QRL/2024/pathway/neurology"),
    ]
    assert run(gapped_store, "condition-communities", plan_iri=QRL24) == [
        ("plan/QRL/2024", None, None, None, None, None, None)
    ]
    assert run(example_store, "condition-communities", plan_iri=QRL24, condition="diabetes") == [
        ("plan/QRL/2024", None, None, None, None, None, None)
    ]


def test_summary(example_store):
    assert dict(run(example_store, "summary"))["joint forward plan editions"] == "3"


def test_queries_folder_is_the_bundled_one():
    assert (QUERIES_DIR / "duty-coverage.rq").is_file()


def test_organisations_at_date(example_store):
    def at(day):
        return run(example_store, "organisations-at-date", on_date=day)

    assert [r for r in at("2022-06-30") if r[2] == "integrated care board"] == []
    icbs_2022 = {r[0]: r[5] for r in at("2022-08-01") if r[2] == "integrated care board"}
    icbs_2023 = {r[0]: r[5] for r in at("2023-06-01") if r[2] == "integrated care board"}
    assert len(icbs_2022) == len(icbs_2023) == 42
    assert (icbs_2022["icb/QXU"], icbs_2022["icb/QNX"]) == ("E54000052", "E54000053")
    assert (icbs_2023["icb/QXU"], icbs_2023["icb/QNX"]) == ("E54000063", "E54000064")
    assert {k: v for k, v in icbs_2022.items() if v != icbs_2023[k]} == {"icb/QXU": "E54000052", "icb/QNX": "E54000053"}
    north_middlesex = ("trust/RAP", "North Middlesex University Hospital NHS Trust", "NHS trust",
                       "1991-04-01", "2024-12-31", None)
    assert north_middlesex in at("2024-12-31")
    assert "trust/RAP" not in {r[0] for r in at("2025-01-01")}


# -- the latest edition ---------------------------------------------------------------------
LATEST_EDITION = ("An ICB's latest edition is its plan edition whose first financial year has the greatest "
                  "jfp:startYear; among editions with the same first financial year, the one with the greatest IRI; "
                  "an edition without a first financial year is never the latest.")


LATEST_EDITION_CASES = ("plan/A/2023", "plan/A/2024", "plan/B/x", "plan/B/y", "plan/C/2024")


def latest_edition_cases(graph: str) -> dict[str, list[ox.Quad]]:
    """Editions of three ICBs that tell the definition of the latest edition from the period-start one, each with
    an objective whose milestone was due on 1 January 2024: each edition in its own graph, the rest in ``graph``."""
    jfp, prov = JFP, "http://www.w3.org/ns/prov#"
    facts = [
        ("requirement/r", RDF_TYPE, jfp + "StatutoryRequirement"),
        ("requirement/r", jfp + "modality", jfp + "modality-must"),
        ("fy/2023-24", jfp + "startYear", 2023), ("fy/2024-25", jfp + "startYear", 2024),
        # A: the 2023 edition says it revises the 2024 one, so nothing revises 2023, and only the 2023 edition
        # states a period (as the real plans, whose sources do not): the later first financial year wins.
        ("plan/A/2023", jfp + "firstFinancialYear", "fy/2023-24"), ("plan/A/2023", jfp + "periodStart", "2023-04-01"),
        ("plan/A/2024", jfp + "firstFinancialYear", "fy/2024-25"),
        ("plan/A/2023", prov + "wasRevisionOf", "plan/A/2024"),
        ("plan/A/2024", jfp + "hasClaim", "plan/A/2024/claim/r"),
        ("plan/A/2024/claim/r", jfp + "addressesRequirement", "requirement/r"),
        # B: two editions of the same first financial year, neither revising the other: the greater IRI wins,
        # whichever states a period.
        ("plan/B/x", jfp + "firstFinancialYear", "fy/2024-25"), ("plan/B/x", jfp + "periodStart", "2024-04-01"),
        ("plan/B/y", jfp + "firstFinancialYear", "fy/2024-25"),
        # C: an edition without a first financial year is never the latest, even with a period start.
        ("plan/C/2024", jfp + "periodStart", "2024-04-01"),
    ]
    for plan in LATEST_EDITION_CASES:
        objective, milestone = f"{plan}/objective/1", f"{plan}/milestone/1"
        facts += [(plan, RDF_TYPE, jfp + "JointForwardPlan"), (plan, jfp + "forICB", f"icb/{plan[5]}"),
                  (plan, jfp + "hasObjective", objective), (objective, jfp + "hasMilestone", milestone),
                  (milestone, jfp + "dueDate", "2024-01-01")]

    def term(value: str | int):
        if isinstance(value, int):
            return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        if value.startswith("http"):
            return ox.NamedNode(value)
        if value[0].isdigit():
            return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
        return ox.NamedNode(ID + value)

    graphs: dict[str, list[ox.Quad]] = {}
    for s, p, o in facts:
        home = graph_for_document(ID + "/".join(s.split("/")[:3])) if s.startswith("plan/") else graph
        graphs.setdefault(home, []).append(ox.Quad(term(s), term(p), term(o), ox.NamedNode(home)))
    return graphs


def derive_current_editions(store) -> None:
    """Write the current editions as a store keeping them derives them (what the national queries start from)."""
    store.write_graphs({EDITIONS_GRAPH: current_editions(PendingView(store, {}))})


def test_coverage_matrix_takes_the_edition_with_the_latest_first_financial_year_then_the_greatest_iri():
    store = EmbeddedStore()
    store.write_graphs(latest_edition_cases(ID + "test"))
    derive_current_editions(store)
    # No validation report is kept in this store: the outcome is unknown, not "addressed".
    assert run(store, "coverage-matrix") == [
        ("icb/A", "plan/A/2024", "jfpreq:r", "jfp:modality-must", None, None, None, "1"),
        ("icb/B", "plan/B/y", "jfpreq:r", "jfp:modality-must", None, None, None, "0"),
    ]
    # Every query that speaks of the latest edition means the same one, and lists editions in the same order:
    # first financial year, then period start (none sorts first), then IRI.
    rows = run(store, "plans")
    assert [(row[2], row[-1]) for row in rows] == [
        ("plan/A/2023", "false"), ("plan/A/2024", "true"), ("plan/B/y", "true"), ("plan/B/x", "false"),
        ("plan/C/2024", "false"),
    ]
    assert [row[0] for row in page(store, "pages/plan-editions", plan_iri=ID + "plan/B/y")] == ["plan/B/y", "plan/B/x"]
    documents = page(store, "pages/icb-documents", icb_iri=ID + "icb/A")
    assert [row[0] for row in documents] == ["plan/A/2024", "plan/A/2023"]
    overdue = {row[0] for row in run(store, "overdue-milestones", as_of_date="2025-01-01")}
    assert overdue == {"plan/A/2024", "plan/B/y"}


def test_every_query_that_picks_the_latest_edition_states_the_one_definition():
    pickers = [q for q in all_queries() if "latest edition" in q.description]
    assert sorted(q.name for q in pickers) == [
        "coverage-matrix", "overdue-milestones", "plans", "region-rollup", "requirements-by-hwb",
        "requirements-by-trust", "unmet-must-requirements"]
    for query in pickers:
        assert LATEST_EDITION in " ".join(query.description.split()), query.name


def test_the_real_west_yorkshire_2024_plan_is_its_icbs_latest_edition(bundled_store):
    qwo = ID + "icb/QWO"
    assert {row[1] for row in run(bundled_store, "coverage-matrix", icb_iri=qwo)} == {"plan/QWO/2024"}
    assert [(row[2], row[-1]) for row in run(bundled_store, "plans", icb_iri=qwo)] == [
        ("plan/QWO/2023", "false"), ("plan/QWO/2024", "true")]
    # Every ICB with a plan in the bundle, the real plans included, has its latest edition in the matrix.
    assert {(row[0], row[1]) for row in run(bundled_store, "coverage-matrix")} == {
        ("icb/QJK", "plan/QJK/2024"), ("icb/QNQ", "plan/QNQ/2024"), ("icb/QR1", "plan/QR1/2023"),
        ("icb/QRL", "plan/QRL/2024"), ("icb/QU9", "plan/QU9/2023"), ("icb/QWO", "plan/QWO/2024")}


# -- the pages' queries ---------------------------------------------------------------------
def page(store, name, sets=(), **params):
    """A page query's answer: rows as tuples (SELECT), a boolean (ASK) or triples (CONSTRUCT)."""
    query = named_query(name)
    outcome = store.run_query(inject_values(query.text, query.bindings(params)))
    return outcome if isinstance(outcome, bool | list) else cells(outcome, sets)


LEG = "leg:ukpga/"
# Parameters for each page query, chosen to give non-empty answers on the examples.
PAGE_PARAMETERS = {
    "resource_iri": ID + "icb/QRL", "icb_iri": ID + "icb/QRL", "plan_iri": QRL24, "edition_iri": QRL24,
    "requirement_iri": ID + "requirement/jlhws-steps",
    "iri": [ID + "icb/QRL", JFP + "IntegratedCareBoard", "http://www.legislation.gov.uk/id/ukpga/2006/41/section/14Z52",
            ID + "hwb/E06000044", ID + "no-label"],
}


def test_the_page_queries_are_documented_and_out_of_the_public_library():
    names = page_query_names()
    # Each page query is run by the web layer, and each one the web layer runs exists.
    web = "".join(path.read_text(encoding="utf-8") for path in (Path(jfp_graph.web.__file__).parent).glob("*.py"))
    assert set(re.findall(r'"(pages/[a-z-]+)"', web)) == set(names)
    assert not set(names) & {q.name for q in all_queries()}
    for name in names:
        query = named_query(name)
        assert query.summary and query.description and query.tags, name
        declared = {p.name for p in query.parameters}
        documented = {k for e in query.header.get("params") or [] for k in e}
        assert declared == documented, name
        assert declared <= set(PAGE_PARAMETERS), name
        assert not uses_service(query.text), name


@pytest.mark.parametrize("name", page_query_names())
def test_every_page_query_gives_the_same_answer_embedded_and_from_the_server(name, bundled_store, example_server):
    from jfp_graph.remote import RemoteStore

    query = named_query(name)
    text = inject_values(query.text, query.bindings({p.name: PAGE_PARAMETERS[p.name] for p in query.parameters}))
    embedded = bundled_store.run_query(text)
    served = RemoteStore(example_server.query_url).run_query(text)
    if isinstance(embedded, bool | list):
        assert (served if isinstance(served, bool) else set(served)) == (
            embedded if isinstance(embedded, bool) else set(embedded))
        assert embedded
        return
    assert served.columns == embedded.columns
    # The order of GROUP_CONCAT's parts, and of rows an ORDER BY leaves tied (or without one), is left open.
    separators = {"bases": " ", "groups": "; "}

    # Each store made its own validation reports, a moment apart: when is theirs to differ in.
    made_apart = {"generated"}

    def rows(result) -> list[tuple]:
        return sorted(
            tuple(sorted((v or "").split(separators[c])) if c in separators else [v or ""]
                  for c, v in zip(result.columns, row, strict=True) if c not in made_apart)
            for row in cells(result)
        )

    assert rows(served) == rows(embedded)
    assert embedded.rows


def test_page_resource_exists_as_subject_or_object(example_store):
    assert page(example_store, "pages/resource-exists", resource_iri=ID + "icb/QRL") is True
    only_an_object = "https://www.hantsiowhealthandcare.org.uk/jfp-graph-example/joint-forward-plan-2024-2029.pdf"
    assert page(example_store, "pages/resource-exists", resource_iri=only_an_object) is True
    assert page(example_store, "pages/resource-exists", resource_iri=ID + "icb/NOPE") is False


def test_page_resource_statements_incoming_and_graphs(example_store):
    statements = page(example_store, "pages/resource-statements", resource_iri=ID + "icb/QRL")
    assert sorted(statements) == [
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "jfp:IntegratedCareBoard"),
        ("http://www.w3.org/2000/01/rdf-schema#label", "NHS Hampshire and Isle of Wight Integrated Care Board"),
        ("jfp:currentEdition", "plan/QRL/2024"),  # as the store derives it (jfpg:editions)
        ("jfp:delegatedFrom", "2025-04-01"), ("jfp:establishedOn", "2022-07-01"),
        ("jfp:hasCodeAssignment", "icb/QRL/ons-code/E54000042"), ("jfp:holdsDelegatedSpecialisedServices", "true"),
        ("jfp:nhsEnglandRegion", "region/Y59"), ("jfp:odsCode", "QRL"), ("jfp:onsCode", "E54000042"),
        ("jfp:partnerLocalAuthority", "la/E06000044"), ("jfp:partnerLocalAuthority", "la/E06000045"),
        ("jfp:partnerLocalAuthority", "la/E06000046"), ("jfp:partnerLocalAuthority", "la/E10000014"),
        ("jfp:partnerTrust", "trust/R1F"), ("jfp:partnerTrust", "trust/RHM"), ("jfp:partnerTrust", "trust/RHU"),
        ("jfp:partnerTrust", "trust/RN5"), ("jfp:partnerTrust", "trust/RW1"), ("jfp:partnerTrust", "trust/RYE"),
        ("jfp:population", "1842052"),
    ]
    # rdf:type is left out: a class would list every instance.
    assert sorted(page(example_store, "pages/resource-incoming", resource_iri=QRL24 + "/objective/2")) == [
        ("plan/QRL/2024", "jfp:hasObjective"), ("plan/QRL/2024/claim/delivery-focused", "jfp:addressedBy"),
        ("plan/QRL/2024/view/3", "jfp:changed"),
    ]
    to_a_class = page(example_store, "pages/resource-incoming", resource_iri=JFP + "JointForwardPlan")
    assert ("jfp:hasClaim", "http://www.w3.org/2000/01/rdf-schema#domain") in to_a_class
    assert RDF_TYPE not in {p for _, p in to_a_class} and page(example_store, "pages/plan-editions", plan_iri=QRL24)
    assert page(example_store, "pages/resource-graphs", resource_iri=ID + "icb/QRL") == [
        ("jfpg:editions",), ("jfpg:plan/QRL/2023",), ("jfpg:plan/QRL/2024",), ("jfpg:reference",)]


def test_page_resource_triples_are_the_resource_and_its_parts(example_store):
    triples = page(example_store, "pages/resource-triples", resource_iri=QRL24 + "/objective/2")
    objective = "plan/QRL/2024/objective/2"
    assert sorted((short(t.subject), short(t.predicate), short(t.object)) for t in triples) == [
        (objective, "http://purl.org/dc/terms/title", "Timely neurology diagnosis and community neuro-rehabilitation"),
        (objective, RDF_TYPE, "jfp:Objective"),
        (objective, "jfp:contributesTo", "ics/QRL/2023/priority/4"),
        (objective, "jfp:hasMetric", "plan/QRL/2024/metric/2-1"),
        (objective, "jfp:hasMilestone", "plan/QRL/2024/milestone/2-1"),
        (objective, "jfp:hasStep", "plan/QRL/2024/step/2-1"),
        (objective, "jfp:hasStep", "plan/QRL/2024/step/2-2"),
    ]
    parts = {short(t.subject) for t in page(example_store, "pages/resource-triples", resource_iri=QRL24)}
    assert {"plan/QRL/2024", "plan/QRL/2024/objective/2", "plan/QRL/2024/opinion/E06000044"} <= parts
    assert all(p == "plan/QRL/2024" or p.startswith("plan/QRL/2024/") for p in parts)


def test_page_labels_of_a_list_of_iris(example_store):
    assert sorted(page(example_store, "pages/labels", iri=PAGE_PARAMETERS["iri"])) == [
        ("hwb/E06000044", "http://www.w3.org/2000/01/rdf-schema#label", "Portsmouth Health and Wellbeing Board"),
        ("icb/QRL", "http://www.w3.org/2000/01/rdf-schema#label",
         "NHS Hampshire and Isle of Wight Integrated Care Board"),
        ("jfp:IntegratedCareBoard", "http://www.w3.org/2000/01/rdf-schema#label", "Integrated care board"),
        (LEG + "2006/41/section/14Z52", "http://www.w3.org/2000/01/rdf-schema#label",
         "Joint forward plans for integrated care board and its partners"),
        (LEG + "2006/41/section/14Z52", "jfp:sectionNumber", "14Z52"),
    ]
    assert page(example_store, "pages/labels", iri=[]) == []


def test_page_graph_sizes(example_store):
    sizes = dict(page(example_store, "pages/graph-sizes"))
    assert sorted(sizes) == sorted(short(ox.NamedNode(g)) for g in example_store.graph_names())
    assert {g: int(n) for g, n in sizes.items()} == {
        short(ox.NamedNode(g)): len(list(example_store.quads(g))) for g in example_store.graph_names()}


def test_page_icbs_and_their_documents(example_store):
    icbs = page(example_store, "pages/icbs")
    assert len(icbs) == 42 and [r[1] for r in icbs] == sorted(r[1] for r in icbs)
    assert icbs[0] == ("icb/QOX", "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board",
                       "QOX", "0")
    assert [r for r in icbs if r[3] != "0"] == [
        ("icb/QNQ", "NHS Frimley Integrated Care Board", "QNQ", "1"),
        ("icb/QRL", "NHS Hampshire and Isle of Wight Integrated Care Board", "QRL", "2"),
    ]
    assert page(example_store, "pages/icb-documents", icb_iri=ID + "icb/QRL") == [
        ("capital/QRL/2023", "jfp:CapitalResourceUsePlan",
         "Hampshire and Isle of Wight joint capital resource use plan 2023/24 (illustrative example)", None,
         "2023-06-28"),
        ("capital/QRL/2024", "jfp:CapitalResourceUsePlan",
         "Hampshire and Isle of Wight joint capital resource use plan 2024/25 (illustrative example)", None,
         "2024-06-20"),
        ("ics/QRL/2023", "jfp:IntegratedCareStrategy",
         "Hampshire and Isle of Wight integrated care strategy 2023 (illustrative example)", None, "2023-01-31"),
        ("plan/QRL/2024", "jfp:JointForwardPlan",
         "Hampshire and Isle of Wight joint forward plan 2024/25 to 2028/29 (illustrative example)", "2024-04-01",
         "2024-06-20"),
        ("plan/QRL/2023", "jfp:JointForwardPlan",
         "Hampshire and Isle of Wight joint forward plan 2023/24 to 2027/28 (illustrative example)", "2023-04-01",
         "2023-06-28"),
    ]


def test_page_hwb_strategies_are_those_of_the_boards_overlapping_the_icb(example_store):
    places = {"E06000036": "Bracknell Forest", "E06000039": "Slough", "E06000040": "Windsor and Maidenhead",
              "E06000044": "Portsmouth", "E06000045": "Southampton", "E06000046": "Isle of Wight",
              "E10000014": "Hampshire", "E10000030": "Surrey"}

    def strategies(*codes):
        return [(f"hwb/{code}", f"jlhws/{code}/2023",
                 f"{places[code]} joint local health and wellbeing strategy 2023 to 2028 (illustrative example)")
                for code in codes]

    assert sorted(page(example_store, "pages/hwb-strategies", icb_iri=ID + "icb/QRL")) == strategies(
        "E06000044", "E06000045", "E06000046", "E10000014")
    assert sorted(page(example_store, "pages/hwb-strategies", icb_iri=ID + "icb/QNQ")) == strategies(
        "E06000036", "E06000039", "E06000040", "E10000014", "E10000030")
    assert page(example_store, "pages/hwb-strategies", icb_iri=ID + "icb/QOX") == []  # its boards have none stored


def test_page_requirements(example_store):
    rows = page(example_store, "pages/requirements", sets=("bases",))
    assert len(rows) == 66 and len({r[0] for r in rows}) == 66
    assert {r[3] for r in rows} == {"jfp:modality-must", "jfp:modality-should", "jfp:modality-could"}
    assert [r for r in rows if r[0] == "jfpreq:jlhws-steps"] == [
        ("jfpreq:jlhws-steps", "jlhws-steps",
         "Steps to implement each joint local health and wellbeing strategy are set out", "jfp:modality-must",
         "jfp:group-content",
         "For each health and wellbeing board in the ICB's area, name its strategy and list the ICB's steps against "
         "that strategy's priorities, with owners and dates.",
         frozenset({LEG + "2007/28/section/116B/1", LEG + "2006/41/section/14Z52/2/c"})),
    ]
    # A requirement's page asks for its own alone.
    one = ID + "requirement/jlhws-steps"
    assert page(example_store, "pages/requirements", sets=("bases",), requirement_iri=one) == [
        r for r in rows if r[0] == "jfpreq:jlhws-steps"]


def test_page_plan_claims(example_store):
    rows = page(example_store, "pages/plan-claims", plan_iri=QRL24)
    assert len(rows) == 103 and len({r[0] for r in rows}) == 66
    assert len({r[1] for r in rows}) == 69  # one claim per requirement, one per JLHWS for jlhws-steps (4)
    evidence = ("https://www.hantsiowhealthandcare.org.uk/jfp-graph-example/joint-forward-plan-2024-2029.pdf", "65",
                "The final opinion of each health and wellbeing board we consulted is set out in full below.")
    claim = ("jfpreq:hwb-opinion-statement", "plan/QRL/2024/claim/hwb-opinion-statement")
    opinions = [(f"plan/QRL/2024/opinion/{code}", f"Opinion of {board} Health and Wellbeing Board")
                for code, board in (("E06000044", "Portsmouth"), ("E06000045", "Southampton"),
                                    ("E06000046", "Isle of Wight"), ("E10000014", "Hampshire"))]
    assert sorted(r for r in rows if r[0] == claim[0]) == [
        claim + part + (None,) + evidence
        for part in opinions + [("plan/QRL/2024/section/hwb-opinions", "Opinions of the health and wellbeing boards")]
    ]


def test_page_plan_objectives_and_steps(example_store):
    ics = ("ics/QRL/2023", "Hampshire and Isle of Wight integrated care strategy 2023 (illustrative example)")
    rows = page(example_store, "pages/plan-objectives", plan_iri=QRL24)
    assert {r[3:5] for r in rows} == {ics}
    assert sorted((r[0][len("plan/QRL/2024/objective/"):], r[2][len("ics/QRL/2023/priority/"):], r[5], r[6])
                  for r in rows) == [
        ("1", "4", "jsna/E06000046/2022/need/1", "jsna/E06000046/2022"),
        ("1", "4", "jsna/E10000014/2022/need/1", "jsna/E10000014/2022"),
        ("2", "4", "jsna/E06000046/2022/need/1", "jsna/E06000046/2022"),
        ("2", "4", "jsna/E10000014/2022/need/1", "jsna/E10000014/2022"),
        ("3", "1", "jsna/E06000045/2022/need/2", "jsna/E06000045/2022"),
        ("3", "1", "jsna/E10000014/2022/need/3", "jsna/E10000014/2022"),
        ("3", "2", "jsna/E06000044/2022/need/3", "jsna/E06000044/2022"),
        ("4", "3", "jsna/E06000044/2022/need/1", "jsna/E06000044/2022"),
        ("4", "3", "jsna/E06000045/2022/need/1", "jsna/E06000045/2022"),
        ("5", "3", "jsna/E06000044/2022/need/1", "jsna/E06000044/2022"),
        ("5", "3", "jsna/E06000045/2022/need/1", "jsna/E06000045/2022"),
        ("7", "5", None, None),
        ("8", "4", "jsna/E06000046/2022/need/1", "jsna/E06000046/2022"),
        ("8", "4", "jsna/E10000014/2022/need/1", "jsna/E10000014/2022"),
    ]
    steps = page(example_store, "pages/plan-steps", plan_iri=QRL24)
    assert sorted((r[1][len("plan/QRL/2024/step/"):], r[3]) for r in steps) == [
        ("1-1", None), ("1-2", "jlhws/E06000046/2023"), ("1-2", "jlhws/E06000046/2023/priority/1"),
        ("2-1", None), ("2-2", None),
        ("3-1", None), ("3-2", "jlhws/E10000014/2023"), ("3-2", "jlhws/E10000014/2023/priority/1"),
        ("3-3", "jlhws/E06000045/2023"), ("3-3", "jlhws/E06000045/2023/priority/2"),
        ("4-1", None), ("4-2", "jlhws/E06000044/2023"), ("4-2", "jlhws/E06000044/2023/priority/1"),
        ("4-3", "jlhws/E10000014/2023"), ("4-3", "jlhws/E10000014/2023/priority/2"),
        ("5-1", "jlhws/E06000045/2023"), ("5-1", "jlhws/E06000045/2023/priority/1"), ("5-2", None),
        ("7-1", None), ("7-2", None), ("7-3", None), ("8-1", None),
    ]
    assert all(r[1].startswith(r[0].replace("/objective/", "/step/") + "-") for r in steps)
    assert ("plan/QRL/2024/objective/8", "plan/QRL/2024/step/8-1",
            "Commission additional urgent dental sessions in areas with the lowest access", None) in steps


def test_page_plan_opinions(example_store):
    def opinion(code, board, given, priority):
        return (f"plan/QRL/2024/opinion/{code}", f"hwb/{code}", f"{board} Health and Wellbeing Board",
                f"jlhws/{code}/2023", given, "true", "true",
                f"The {board} Health and Wellbeing Board considers that the draft plan takes proper account of the "
                f"{board} joint local health and wellbeing strategy, in particular its priority '{priority}'.")

    assert page(example_store, "pages/plan-opinions", plan_iri=QRL24) == [
        opinion("E10000014", "Hampshire", "2024-03-07", "Starting well"),
        opinion("E06000046", "Isle of Wight", "2024-03-14", "Ageing well on the Island"),
        opinion("E06000044", "Portsmouth", "2024-03-13", "A smokefree Portsmouth"),
        opinion("E06000045", "Southampton", "2024-03-11", "Closing the gap in life expectancy"),
    ]


def test_page_plan_consultation_and_views(example_store):
    survey = ("2023-11-13T09:00:00Z", "2024-01-31T17:00:00Z")
    groups = [(a, frozenset(g)) for a, g in [
        ("1", {"people for whom the ICB has core responsibility"}),
        ("2", {"voluntary, community and social enterprise sector", "inclusion health groups", "underserved groups"}),
        ("3", {"voluntary, community and social enterprise sector", "condition communities"}),
        ("4", {"primary care providers (consultees)", "NHS England (consultee)", "relevant health and wellbeing boards",
               "integrated care partnership (consultee)"}),
    ]]
    rows = page(example_store, "pages/plan-consultation", plan_iri=QRL24)
    assert [(r[0][len("plan/QRL/2024/consultation/"):], frozenset(r[5].split("; "))) for r in rows] == groups
    assert rows[0][:5] == ("plan/QRL/2024/consultation/1",
                           "Survey and public events on the priorities and the draft plan",
                           "online and paper survey, with public events in each place") + survey
    assert [r[3:5] for r in rows] == [survey, survey, survey, ("2024-01-19T09:00:00Z", "2024-01-31T17:00:00Z")]
    views = page(example_store, "pages/plan-views", plan_iri=QRL24)
    assert sorted((r[0], r[3], r[4]) for r in views) == [
        ("plan/QRL/2024/view/1", "plan/QRL/2024/objective/8", "Recover access to general practice and NHS dentistry"),
        ("plan/QRL/2024/view/2", "plan/QRL/2024/step/5-2",
         "Take cancer screening outreach to inclusion health groups with voluntary sector partners"),
        ("plan/QRL/2024/view/3", "plan/QRL/2024/objective/2",
         "Timely neurology diagnosis and community neuro-rehabilitation"),
        ("plan/QRL/2024/view/3", "plan/QRL/2024/pathway/neurology",
         "Neurology: timely diagnosis and community neuro-rehabilitation"),
        ("plan/QRL/2024/view/4", None, None),
    ]
    assert views[0][1:3] == (
        "People want quicker access to GP and dental appointments and clearer information about where to go for "
        "urgent care.",
        "We added an objective on access to general practice and NHS dentistry and a single point of access for "
        "urgent care in each place.",
    )


def test_page_plan_editions_and_objective_titles(example_store):
    expected = [("plan/QRL/2023", "2023-04-01", None), ("plan/QRL/2024", "2024-04-01", "plan/QRL/2023")]
    assert page(example_store, "pages/plan-editions", plan_iri=QRL24) == expected
    assert page(example_store, "pages/plan-editions", plan_iri=QRL23) == expected
    titles = {QRL23: set(), QRL24: set()}
    for edition, title in page(example_store, "pages/objective-titles", edition_iri=[QRL23, QRL24]):
        titles[ID + edition].add(title)
    shared = {"Diagnose cancer earlier in Core20PLUS communities",
              "Improve access to mental health support for children and young people",
              "Improve the timeliness of urgent and emergency care",
              "Prevent cardiovascular disease by finding and treating high blood pressure",
              "Safeguard and support victims of domestic and sexual abuse",
              "Timely neurology diagnosis and community neuro-rehabilitation"}
    assert titles == {QRL23: shared | {"Eliminate waits of more than 65 weeks for planned care"},
                      QRL24: shared | {"Recover access to general practice and NHS dentistry"}}


# -- national and cross-cutting views of the stored reports ---------------------------------
def test_icbs_without_an_edition_for_a_financial_year(example_store):
    rows = run(example_store, "icbs-without-edition", financial_year_iri=ID + "fy/2024-25")
    assert len(rows) == 42 - 2 and not {r[0] for r in rows} & {"icb/QRL", "icb/QNQ"}
    # QRL's 2023 edition is for 2023/24: for that year only QNQ (which has none) and the 40 others lack one.
    assert {"icb/QRL"} & {r[0] for r in run(example_store, "icbs-without-edition",
                                           financial_year_iri=ID + "fy/2023-24")} == set()


def test_requirements_by_hwb_list_what_each_plan_still_lacks_for_that_board(gapped_store):
    # The patches removed Portsmouth's opinion and every step implementing Southampton's JLHWS.
    for hwb, lacking in (("E06000044", "jfpreq:hwb-opinion-statement"), ("E06000045", "jfpreq:jlhws-steps")):
        assert [(r[1], r[3], r[4], r[5]) for r in run(gapped_store, "requirements-by-hwb", hwb_iri=ID + f"hwb/{hwb}")] == [
            ("icb/QRL", "plan/QRL/2024", lacking, "http://www.w3.org/ns/shacl#Violation")]
    # Hampshire's area spans two ICBs; neither plan lacks anything for it.
    assert [(r[1], r[3], r[4]) for r in run(gapped_store, "requirements-by-hwb", hwb_iri=ID + "hwb/E10000014")] == [
        ("icb/QNQ", "plan/QNQ/2024", None), ("icb/QRL", "plan/QRL/2024", None)]


def test_requirements_by_partner_trust(gapped_store, gapped_findings, requirement_count):
    rows = run(gapped_store, "requirements-by-trust", trust_iri=ID + "trust/RHM")
    assert len(rows) == requirement_count and {(r[1], r[3]) for r in rows} == {("icb/QRL", "plan/QRL/2024")}
    assert {r[4]: r[7] for r in rows if r[6] == "jfp:outcome-not-met"} == gapped_findings


def test_unmet_must_requirements_by_region(gapped_store, gapped_findings):
    (row,) = run(gapped_store, "unmet-must-requirements", sets=("requirements",))
    must = {r for r, severity in gapped_findings.items() if severity.endswith("#Violation")}
    assert row[:4] == ("region/Y59", "South East", "icb/QRL", "plan/QRL/2024")
    assert int(row[4]) == len(must) and row[5] == frozenset(f"jfpreq:{r[7:]}" for r in must)


def test_region_rollup_counts_outcomes_over_the_latest_editions(gapped_store, gapped_findings, requirement_count):
    rows = [r for r in run(gapped_store, "region-rollup") if r[0] == "region/Y59"]
    assert {(r[2], r[3]) for r in rows} == {("6", "2")}  # six ICBs in the South East, two with a plan
    outcomes = {(r[4], r[5]): int(r[6]) for r in rows}
    assert sum(outcomes.values()) == 2 * requirement_count
    assert sum(n for (_, outcome), n in outcomes.items() if outcome == "jfp:outcome-not-met") == len(gapped_findings)


def test_a_query_made_of_others_is_their_union_with_parameters_passed_through(tmp_path):
    (tmp_path / "a.rq").write_text("PREFIX ex: <http://example.org/>\nSELECT ?x WHERE { ?_s_iri ex:p ?x }\nORDER BY ?x\n")
    (tmp_path / "b.rq").write_text("PREFIX ex: <http://example.org/>\nSELECT DISTINCT ?y WHERE { ?_s_iri ex:q ?y }\n")
    (tmp_path / "ab.rq").write_text("#+ summary: both\n#+ union: [a, b]\n\nSELECT * WHERE {\n  # composed\n}\n")
    both = load_query("ab", tmp_path)
    assert [p.name for p in both.parameters] == ["s_iri"]
    assert both.text == (
        "#+ summary: both\n#+ union: [a, b]\n\nPREFIX ex: <http://example.org/>\nSELECT * WHERE {\n"
        "  {\nSELECT ?_s_iri ?x WHERE { ?_s_iri ex:p ?x }\n  }\n  UNION\n"
        "  {\nSELECT DISTINCT ?_s_iri ?y WHERE { ?_s_iri ex:q ?y }\n  }\n}\n"
    )
    store = ox.Store()
    ex = "http://example.org/"
    for s, p, o in (("s1", "p", "x1"), ("s1", "q", "y1"), ("s2", "p", "x2")):
        store.add(ox.Quad(ox.NamedNode(ex + s), ox.NamedNode(ex + p), ox.NamedNode(ex + o)))
    rows = store.query(inject_values(both.text, both.bindings({"s_iri": ex + "s1"})))
    assert sorted((str(r["x"]), str(r["y"])) for r in rows) == [("<http://example.org/x1>", "None"),
                                                               ("None", "<http://example.org/y1>")]
    (tmp_path / "bad.rq").write_text("#+ union: [a]\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match="empty WHERE group"):
        load_query("bad", tmp_path)
