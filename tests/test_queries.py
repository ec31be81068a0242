"""Every named query against the example data, with rows checked against the example files by hand.

The "gapped" store holds the examples with the 2024 Hampshire and Isle of Wight plan altered by four of
the defect patches in data/examples/defects (research duty claim removed, victims-of-abuse claim and two
of its steps removed, no step implementing the Southampton JLHWS, no Portsmouth HWB opinion, no
neurological community consulted).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import ID, cells

from jfp_graph.bundle import ensure_bundle
from jfp_graph.layout import graph_for_document
from jfp_graph.paths import EXAMPLES_DIR, QUERIES_DIR
from jfp_graph.queries import QueryError, UnknownQuery, all_queries, load_query
from jfp_graph.sparql import parameter_variables, uses_service
from jfp_graph.store import EmbeddedStore

QRL24, QRL23, QNQ24 = ID + "plan/QRL/2024", ID + "plan/QRL/2023", ID + "plan/QNQ/2024"
JFP = "https://w3id.org/jfp-graph/def#"
DEFECTS = (
    "must-no-duty-research",
    "must-no-victims-of-abuse",
    "must-jlhws-southampton-not-implemented",
    "must-no-opinion-portsmouth",
    "could-no-neurological-community",
)


def run(store, name, sets=(), **params):
    query = load_query(name)
    return cells(store.select(query.text, query.bindings(params)), sets)


@pytest.fixture(scope="module")
def gapped_store() -> EmbeddedStore:
    store = EmbeddedStore()
    ensure_bundle(store)
    plan = ox.Store()
    plan.load(path=str(EXAMPLES_DIR / "plans" / "QRL-2024.ttl"), format=ox.RdfFormat.TURTLE)
    for defect in DEFECTS:
        plan.update((EXAMPLES_DIR / "defects" / f"{defect}.ru").read_text())
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


def test_every_query_parses_as_standard_sparql_and_runs_with_only_its_required_parameters(example_store):
    required = {"plan_iri": QRL24, "edition_iri": QRL24, "priority_iri": ID + "ics/QRL/2023/priority/3"}
    for query in all_queries():
        params = {p.name: required[p.name] for p in query.parameters if not p.optional and p.default is None}
        result = query.run(example_store, **params)
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
         "2024-04-01", "2029-03-31", "2024-03-28", "2024-06-27", None, "true"),
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
    assert {r[3] for r in rows} == {"addressed"}
    assert {(r[0], r[4]) for r in rows if r[4] != "1"} == {("jfpreq:jlhws-steps", "5")}  # one claim per JLHWS


def test_duty_coverage_reports_the_gaps_with_parts_and_evidence(gapped_store, requirement_count):
    rows = run(gapped_store, "duty-coverage", sets=("addressed_by", "evidence_pages"), plan_iri=QRL24)
    assert len(rows) == requirement_count
    assert [r for r in rows if r[3] != "addressed"] == [
        ("jfpreq:duty-research", "jfp:modality-must", "jfp:group-general-duties", "gap", "0", None, None),
        ("jfpreq:victims-of-abuse", "jfp:modality-must", "jfp:group-content", "gap", "0", None, None),
    ]
    by_requirement = {r[0]: r for r in rows}
    assert by_requirement["jfpreq:duty-quality"] == (
        "jfpreq:duty-quality", "jfp:modality-must", "jfp:group-general-duties", "addressed", "1",
        {"plan/QRL/2024/section/duty-quality", "plan/QRL/2024/objective/4"}, {"14"},
    )
    # The Southampton claim is gone; the other three per-JLHWS claims remain.
    assert by_requirement["jfpreq:jlhws-steps"][4] == "3"
    assert by_requirement["jfpreq:jlhws-steps"][6] == {"11"}


def test_coverage_matrix(example_store, gapped_store, requirement_count):
    complete = run(example_store, "coverage-matrix")
    assert len(complete) == 2 * requirement_count  # two ICBs' latest editions; QRL/2023 is superseded
    assert {(r[0], r[1]) for r in complete} == {("icb/QNQ", "plan/QNQ/2024"), ("icb/QRL", "plan/QRL/2024")}
    assert {r[4] for r in complete} == {"true"}
    must_gaps = [r for r in run(gapped_store, "coverage-matrix", modality_iri=JFP + "modality-must") if r[4] == "false"]
    assert must_gaps == [
        ("icb/QRL", "plan/QRL/2024", "jfpreq:duty-research", "jfp:modality-must", "false", "0"),
        ("icb/QRL", "plan/QRL/2024", "jfpreq:victims-of-abuse", "jfp:modality-must", "false", "0"),
    ]
    assert len(run(gapped_store, "coverage-matrix", icb_iri=ID + "icb/QNQ")) == requirement_count


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
        ("plan/QNQ/2024", "hwb/E06000036", "Bracknell Forest Health and Wellbeing Board", "2024-01-26", "2024-03-05", "true", "true", "true", "2024-06-28"),
        ("plan/QNQ/2024", "hwb/E06000039", "Slough Health and Wellbeing Board", "2024-01-26", "2024-03-21", "true", "true", "false", "2024-06-28"),
        ("plan/QNQ/2024", "hwb/E06000040", "Windsor and Maidenhead Health and Wellbeing Board", "2024-01-26", "2024-03-12", "true", "true", "true", "2024-06-28"),
        ("plan/QNQ/2024", "hwb/E10000014", "Hampshire Health and Wellbeing Board", "2024-01-26", "2024-03-07", "true", "true", "true", "2024-06-28"),
        ("plan/QNQ/2024", "hwb/E10000030", "Surrey Health and Wellbeing Board", "2024-01-26", "2024-03-19", "true", "true", "true", "2024-06-28"),
    ]
    portsmouth = [r for r in run(gapped_store, "hwb-opinions", plan_iri=QRL24) if r[1] == "hwb/E06000044"]
    assert portsmouth == [
        ("plan/QRL/2024", "hwb/E06000044", "Portsmouth Health and Wellbeing Board", "2024-01-19", None, None, "false", None, "2024-06-21")
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
         "false", "true", "true", "false", "false", "3", "3", "true"),
        ("plan/QRL/2024", "plan/QRL/2024/pathway/cyp-mental-health",
         "Children and young people's mental health: early support to crisis care",
         "true", "false", "true", "false", "false", "3", "3", "true"),
        ("plan/QRL/2024", "plan/QRL/2024/pathway/neurology",
         "Neurology: timely diagnosis and community neuro-rehabilitation",
         "true", "true", "false", "true", "true", "3", "3", "true"),
    ]


def test_targets_and_trajectories_at_a_date(example_store):
    rows = run(example_store, "targets-trajectories", plan_iri=QRL24)  # default date 2025-01-01
    assert [r[1:] for r in rows] == [
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


def test_edition_diff(example_store):
    assert [(r[0], r[1], r[2], r[4], r[5]) for r in run(example_store, "edition-diff", edition_iri=QRL24)] == [
        ("date slipped", "plan/QRL/2024/metric/4-1", "plan/QRL/2023/metric/4-1", "2024-03-31", "2025-03-31"),
        ("date slipped", "plan/QRL/2024/milestone/1-1", "plan/QRL/2023/milestone/1-1", "2023-12-31", "2024-12-31"),
        ("date slipped", "plan/QRL/2024/milestone/2-1", "plan/QRL/2023/milestone/2-1", "2024-03-31", "2025-03-31"),
        ("date slipped", "plan/QRL/2024/milestone/4-1", "plan/QRL/2023/milestone/4-1", "2023-10-31", "2024-10-31"),
        ("date slipped", "plan/QRL/2024/milestone/7-1", "plan/QRL/2023/milestone/7-1", "2024-03-31", "2025-03-31"),
        ("objective added", "plan/QRL/2024/objective/8", None, None, None),
        ("objective removed", None, "plan/QRL/2023/objective/6", None, None),
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
    assert {r[0] for r in reverse} == {"objective added", "objective removed", "date brought forward", "target changed"}


def test_timeline_compliance(example_store):
    assert run(example_store, "timeline-compliance") == [
        ("plan/QNQ/2024", "2024-04-01", "2029-03-31", "true", "2024-03-28", "true", "2024-06-27", "true", "true",
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
