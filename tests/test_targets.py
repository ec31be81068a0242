"""Targets as plans write them: a value, a bound, a range or a rate, with a delivery status and the date it was
stated; a plan's other names, place plans and scope. Each loads the same through every way in; an unknown word
is refused where it is written; the delivery shapes report a range or word that cannot be right; the edition
diff reports a changed comparator or status with both values, on every engine."""

from __future__ import annotations

import gc

import pytest
from click.testing import CliRunner
from conftest import VirtuosoServer, cells
from test_authoring_loads import ID, assert_refused_everywhere, canonical, put, stored, writer  # noqa: F401
from test_editions import QRL24, findings

from jfp_graph.api import connect
from jfp_graph.cli import main
from jfp_graph.layout import graph_for_document
from jfp_graph.queries import load_query
from jfp_graph.remote import RemoteStore
from jfp_graph.store import EmbeddedStore
from jfp_graph.validation.inputs import read_document

JFP = "https://w3id.org/jfp-graph/def#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PLAN = ID + "plan/QRL/2032"
METRIC = "A&E attendances admitted, transferred or discharged within four hours"

TARGETS = """'@context': https://w3id.org/jfp-graph/context.jsonld
id: plan/QRL/2032
type: JointForwardPlan
forICB: icb/QRL
altLabel: Shared Delivery Plan
planScope: NHS only
hasPlacePlan:
  id: plan/QRL/2032/place/E06000044
  type: PlacePlan
  coversHWBArea: hwb/E06000044
hasObjective:
  id: plan/QRL/2032/objective/1
  type: Objective
  hasMetric:
  - id: plan/QRL/2032/metric/value
    type: Metric
    target: 50
    unit: percent reduction
    dueDate: 2025
    status: is not on track to meet the 50% reduction by 2025
    deliveryStatus: not on track
    statusDate: July 2023
  - id: plan/QRL/2032/metric/bound
    type: Metric
    target: 6
    targetComparator: below
    unit: percent
    dueDate: March 2024
  - id: plan/QRL/2032/metric/range
    type: Metric
    target: 70
    targetUpper: 75
    dueDate: 2024/25
  - id: plan/QRL/2032/metric/rate
    type: Metric
    target: 1
    targetUpper: 2
    targetPer: year
    unit: percent increase
  hasMilestone:
    id: plan/QRL/2032/milestone/1
    type: Milestone
    deliveryStatus: met
    statusDate: 2024-06-30
"""


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{datatype}>'


def triples(part: str, *facts: tuple[str, str]) -> set[str]:
    return {f"<{ID}{part}> <{JFP}{name}> {value}" for name, value in facts}


EXPECTED = (
    triples("plan/QRL/2032", ("planScope", f"<{JFP}scope-nhs-only>"),
            ("hasPlacePlan", f"<{ID}plan/QRL/2032/place/E06000044>"))
    | {f'<{PLAN}> <http://www.w3.org/2004/02/skos/core#altLabel> "Shared Delivery Plan"@en-gb'}
    | triples("plan/QRL/2032/place/E06000044", ("coversHWBArea", f"<{ID}hwb/E06000044>"))
    | triples("plan/QRL/2032/metric/value", ("target", typed("50", XSD + "decimal")),
              ("unit", '"percent reduction"'), ("dueDate", typed("2025", XSD + "gYear")),
              ("status", '"is not on track to meet the 50% reduction by 2025"'),
              ("deliveryStatus", f"<{JFP}delivery-not-on-track>"), ("statusDate", typed("2023-07", XSD + "gYearMonth")))
    | triples("plan/QRL/2032/metric/bound", ("target", typed("6", XSD + "decimal")),
              ("targetComparator", f"<{JFP}comparator-below>"), ("unit", '"percent"'),
              ("dueDate", typed("2024-03", XSD + "gYearMonth")))
    | triples("plan/QRL/2032/metric/range", ("target", typed("70", XSD + "decimal")),
              ("targetUpper", typed("75", XSD + "decimal")), ("dueDate", typed("2024/25", JFP + "financialYear")))
    | triples("plan/QRL/2032/metric/rate", ("target", typed("1", XSD + "decimal")),
              ("targetUpper", typed("2", XSD + "decimal")), ("targetPer", f"<{JFP}per-year>"),
              ("unit", '"percent increase"'))
    | triples("plan/QRL/2032/milestone/1", ("deliveryStatus", f"<{JFP}delivery-met>"),
              ("statusDate", typed("2024-06-30", XSD + "date")))
)  # fmt: skip
STRUCTURE = {"type", "forICB", "hasObjective", "hasMetric", "hasMilestone"}


def test_each_kind_of_target_loads_the_same_through_validate_load_the_api_and_a_put(tmp_path, writer):  # noqa: F811
    path = tmp_path / "QRL-2032.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    read = read_document(path).quads
    said = {t for t in canonical(read) if t.split("> <", 2)[1].rsplit("#", 1)[-1].split(">")[0] not in STRUCTURE}
    assert said == EXPECTED

    location = tmp_path / "store"
    result = CliRunner().invoke(main, ["load", "--store", str(location), str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    del result
    gc.collect()
    store = EmbeddedStore(location)
    try:
        assert canonical(store.quads(graph_for_document(PLAN))) == canonical(read)
    finally:
        del store
        gc.collect()

    api = connect(store="memory")
    assert api.load(path) == [graph_for_document(PLAN)]
    assert canonical(api.store.quads(graph_for_document(PLAN))) == canonical(read)

    answer = put(writer, "/id/plan/QRL/2032", path.read_bytes())
    assert answer.status_code == 200, answer.text
    assert stored(writer, PLAN) == canonical(read)


def test_the_yaml_written_back_holds_the_words_and_reads_back_the_same(tmp_path):
    from jfp_graph.authoring import quads_to_yaml, yaml_to_quads

    written = quads_to_yaml(yaml_to_quads(TARGETS, "targets.yaml"), PLAN)
    for line in ("planScope: NHS only\n", "targetComparator: below\n", "targetPer: year\n",
                 "deliveryStatus: not on track\n", "deliveryStatus: met\n", "statusDate: 2023-07\n"):
        assert line in written, line
    assert canonical(yaml_to_quads(written, "again.yaml")) == canonical(yaml_to_quads(TARGETS, "targets.yaml"))


WORDS = {
    "targetComparator": "'exactly', 'at most', 'below', 'at least', 'above'",
    "targetPer": "'week', 'month', 'quarter', 'year'",
    "deliveryStatus": "'on track', 'not on track', 'met', 'not reported'",
    "planScope": "'NHS only', 'whole system'",
}
UNKNOWN = [
    ("    targetComparator: below\n", "    targetComparator: '<'\n", 26, 23,
     f"targetComparator: unknown value '<'; write one of {WORDS['targetComparator']}"),
    ("    targetComparator: below\n", "    targetComparator: bellow\n", 26, 23,
     f"targetComparator: unknown value 'bellow'; write one of {WORDS['targetComparator']}; did you mean 'below'?"),
    ("    targetPer: year\n", "    targetPer: annually\n", 38, 16,
     f"targetPer: unknown value 'annually'; write one of {WORDS['targetPer']}"),
    ("    targetPer: year\n", "    targetPer: {id: jfp:per-year}\n", 38, 16,
     f"targetPer: write one of {WORDS['targetPer']}, not a structure"),
    ("    deliveryStatus: met\n", "    deliveryStatus: achieved\n", 43, 21,
     f"deliveryStatus: unknown value 'achieved'; write one of {WORDS['deliveryStatus']}"),
    ("planScope: NHS only\n", "planScope: NHS-only\n", 6, 12,
     f"planScope: unknown value 'NHS-only'; write one of {WORDS['planScope']}; did you mean 'NHS only'?"),
]


@pytest.mark.parametrize(("good", "bad", "line", "column", "reason"), UNKNOWN,
                         ids=["symbol", "misspelt", "period", "structure", "status", "scope"])
def test_an_unknown_word_is_refused_with_its_location_and_nothing_is_written(
    good, bad, line, column, reason, tmp_path, writer  # noqa: F811
):
    assert TARGETS.count(good) == 1
    # A plan of its own: the writer keeps what the other tests put.
    path = tmp_path / "QRL-2033.yaml"
    path.write_text(TARGETS.replace(good, bad).replace("QRL/2032", "QRL/2033"), encoding="utf-8")
    assert_refused_everywhere(path, "plan/QRL/2033", (line, column, reason), writer)


# -- the delivery shapes ----------------------------------------------------------------------------------------
def metric(*facts: str) -> str:
    return f"INSERT DATA {{ <{QRL24}/metric/1-1> {' ; '.join(facts)} }}"


def test_every_kind_of_target_with_a_status_conforms(tmp_path):
    for facts in (
        ("jfp:targetComparator jfp:comparator-below",),
        ("jfp:targetUpper 78", "jfp:targetComparator jfp:comparator-exactly"),
        ("jfp:targetUpper 90", "jfp:targetPer jfp:per-year"),
        ("jfp:deliveryStatus jfp:delivery-not-on-track", 'jfp:statusDate "2024-07"^^xsd:gYearMonth'),
    ):
        assert findings(tmp_path, metric(*facts)) == [], facts


@pytest.mark.parametrize(("facts", "sentence"), [
    (("jfp:targetUpper 70",),
     f"The target range of {METRIC} ends below where it starts: its upper end is less than its target."),
    (("jfp:targetUpper 90", "jfp:targetComparator jfp:comparator-at-most"),
     f"The target of {METRIC} is both a range and a bound (at most, below, at least or above): give one."),
    (("jfp:targetComparator jfp:per-year",),
     f"The target comparator of {METRIC} is not exactly, at most, below, at least or above."),
    (("jfp:targetPer jfp:comparator-below",),
     f"The period of the target of {METRIC} is not a week, a month, a quarter or a year."),
    (("jfp:deliveryStatus jfp:scope-nhs-only",),
     f"The delivery status of {METRIC} is not on track, not on track, met or not reported."),
], ids=["upside-down-range", "range-and-bound", "comparator", "period", "status"])  # fmt: skip
def test_a_target_or_status_that_cannot_be_right_is_reported(facts, sentence, tmp_path):
    assert findings(tmp_path, metric(*facts)) == [("warning", "delivery-focused", sentence)]


# -- edition changes ---------------------------------------------------------------------------------------------
def edition(year: int, comparator: str, upper: int, status: str) -> str:
    revises = f"wasRevisionOf: plan/QRL/{year - 1}\n" if year == 2032 else ""
    return (f"'@context': https://w3id.org/jfp-graph/context.jsonld\nid: plan/QRL/{year}\ntype: JointForwardPlan\n"
            f"forICB: icb/QRL\n{revises}hasObjective:\n  id: plan/QRL/{year}/objective/1\n  type: Objective\n"
            # Titled: on Virtuoso an untitled objective of both editions also comes out as added and removed.
            "  title: Maternity\n"
            f"  hasMetric:\n    id: plan/QRL/{year}/metric/1\n    type: Metric\n    title: Pre-term births\n"
            f"    target: 6\n    targetComparator: {comparator}\n    targetUpper: {upper}\n    targetPer: year\n"
            f"    deliveryStatus: {status}\n    statusDate: {year}\n")


CHANGES = [
    ("status changed", "plan/QRL/2032/metric/1", "plan/QRL/2031/metric/1", "Pre-term births",
     "jfp:delivery-on-track", "jfp:delivery-not-on-track"),
    ("target changed", "plan/QRL/2032/metric/1", "plan/QRL/2031/metric/1", "Pre-term births",
     "8", "9"),
    ("target changed", "plan/QRL/2032/metric/1", "plan/QRL/2031/metric/1", "Pre-term births",
     "jfp:comparator-exactly", "jfp:comparator-below"),
]


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editions")
    (folder / "QRL-2031.yaml").write_text(edition(2031, "exactly", 8, "on track"), encoding="utf-8")
    (folder / "QRL-2032.yaml").write_text(edition(2032, "below", 9, "not on track"), encoding="utf-8")
    return folder


def changes(store, name: str) -> list[tuple]:
    query = load_query(name)
    return cells(store.select(query.text, query.bindings({"edition_iri": PLAN})))


def test_the_edition_diff_reports_a_changed_comparator_upper_end_and_status_with_both_values(two_editions):
    api = connect(store="memory")
    api.load(two_editions)
    assert changes(api.store, "edition-diff") == CHANGES
    assert changes(api.store, "edition-target-changes") == [row for row in CHANGES if row[0] == "target changed"]
    assert changes(api.store, "edition-status-changes") == [row for row in CHANGES if row[0] == "status changed"]


def test_virtuoso_reports_the_same_changes(two_editions):
    server = VirtuosoServer()
    try:
        remote = RemoteStore(server.query_url)
        quads = [q for path in sorted(two_editions.iterdir()) for q in read_document(path).quads]
        for plan in (ID + "plan/QRL/2031", PLAN):
            remote.write_graph(graph_for_document(plan), [q for q in quads if q.subject.value.startswith(plan)])
        assert changes(remote, "edition-diff") == CHANGES
        assert changes(remote, "edition-target-changes") == [r for r in CHANGES if r[0] == "target changed"]
        assert changes(remote, "edition-status-changes") == [r for r in CHANGES if r[0] == "status changed"]
    finally:
        server.stop()


def test_targets_trajectories_gives_the_kind_of_each_target(tmp_path):
    path = tmp_path / "QRL-2032.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    api = connect(store="memory")
    api.load(path)
    query = load_query("targets-trajectories")
    rows = cells(api.store.select(query.text, query.bindings({"plan_iri": PLAN})))
    assert [(r[1], r[4], r[5], r[9], r[10], r[11], r[12], r[13]) for r in rows] == [
        ("plan/QRL/2032/metric/bound", "6", "2024-03", "jfp:comparator-below", None, None, None, None),
        ("plan/QRL/2032/metric/range", "70", "2024/25", None, "75", None, None, None),
        ("plan/QRL/2032/metric/rate", "1", None, None, "2", "jfp:per-year", None, None),
        ("plan/QRL/2032/metric/value", "50", "2025", None, None, None, "jfp:delivery-not-on-track", "2023-07"),
    ]
