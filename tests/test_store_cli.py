"""The store commands as a user runs them: load, graphs, export, query, sparql; exit codes and messages."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import triples_in
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic

from jfp_graph.cli import main
from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.store import EmbeddedStore

PLANS = EXAMPLES_DIR / "plans"
STRATEGIES = EXAMPLES_DIR / "strategies"
GRAPHS = "https://w3id.org/jfp-graph/graph/"
QRL23_T, QRL24_T, QNQ24_T = (triples_in(PLANS / f"{name}.ttl") for name in ("QRL-2023", "QRL-2024", "QNQ-2024"))
ICS_T = triples_in(STRATEGIES / "ics-QRL-2023.ttl")
QRL24 = "https://w3id.org/jfp-graph/id/plan/QRL/2024"


def cli(*args: str, input: str | None = None) -> SimpleNamespace:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    # Keep only what the user sees: an exception's traceback would keep the on-disk store locked.
    seen = SimpleNamespace(exit_code=result.exit_code, output=result.output, stdout_bytes=result.stdout_bytes)
    del result
    gc.collect()
    return seen


def reopen(location: Path) -> EmbeddedStore:
    # An on-disk store is locked while any object holds it; a failed command's traceback may still do so.
    gc.collect()
    return EmbeddedStore(location)


def report_sizes(location: Path) -> dict[str, int]:
    """The sizes of the validation report graphs a load writes with the documents (derived, so read back)."""
    store = reopen(location)
    try:
        return {graph: n for graph, n in store.graph_sizes().items() if graph.startswith(GRAPHS + "report/")}
    finally:
        del store


def snapshot(location: Path) -> set[tuple[str, str, str, str]]:
    store = reopen(location)
    try:
        return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store.quads()}
    finally:
        del store


@pytest.fixture
def loaded(tmp_path) -> Path:
    location = tmp_path / "store"
    result = cli("load", "--store", str(location), str(PLANS / "QRL-2023.ttl"), str(PLANS / "QRL-2024.ttl"))
    assert result.exit_code == 0, result.output
    return location


def test_load_puts_each_document_in_its_graph_and_graphs_lists_them(loaded):
    result = cli("graphs", "--store", str(loaded))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["graph", "triples", "source"]
    reports = report_sizes(loaded)
    assert [line.split()[:2] for line in lines[2:-2]] == [
        ["jfpg:catalogue", "6"],
        ["jfpg:plan/QRL/2023", str(QRL23_T)],
        ["jfpg:plan/QRL/2024", str(QRL24_T)],
    ] + [[f"jfpg:report/plan/QRL/{year}", str(reports[f"{GRAPHS}report/plan/QRL/{year}"])] for year in (2023, 2024)]
    assert lines[3].split()[2] == "data/examples/plans/QRL-2023.ttl"
    assert lines[-1] == f"5 graph(s), {6 + QRL23_T + QRL24_T + sum(reports.values())} triples"


def test_a_graph_already_loaded_is_refused_without_replace(loaded):
    before = snapshot(loaded)
    result = cli("load", "--store", str(loaded), str(PLANS / "QRL-2024.ttl"))
    assert result.exit_code == 2
    assert result.output == (
        f"error: {PLANS / 'QRL-2024.ttl'}: graph <https://w3id.org/jfp-graph/graph/plan/QRL/2024> is already in the "
        "store; use --replace to replace it\n"
    )
    assert snapshot(loaded) == before


def test_replace_swaps_the_graph_for_the_files_content(loaded, tmp_path):
    smaller = tmp_path / "QRL-2024.ttl"
    smaller.write_text(
        "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n"
        f"<{QRL24}> a jfp:JointForwardPlan ; jfp:forICB <https://w3id.org/jfp-graph/id/icb/QRL> .\n"
    )
    result = cli("load", "--replace", "--store", str(loaded), str(smaller))
    assert result.exit_code == 0, result.output
    sizes = reopen(loaded).graph_sizes()
    assert sizes["https://w3id.org/jfp-graph/graph/plan/QRL/2024"] == 2
    assert sizes["https://w3id.org/jfp-graph/graph/plan/QRL/2023"] == QRL23_T  # untouched
    catalogue = cli("graphs", "--store", str(loaded)).output
    assert str(smaller.resolve()) in catalogue and "data/examples/plans/QRL-2024.ttl" not in catalogue


@pytest.fixture
def small_batches(monkeypatch):
    """Bulk-load calls of 100 quads, so earlier files are in the store before a later one fails."""
    monkeypatch.setattr(EmbeddedStore, "bulk_batch", 100)


def test_a_parse_error_in_the_third_of_four_files_leaves_the_store_exactly_as_it_was(loaded, tmp_path, small_batches):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n<a> jfp:p \"unterminated .\n")
    before = snapshot(loaded)
    result = cli(
        "load", "--replace", "--store", str(loaded),
        str(PLANS / "QNQ-2024.ttl"), str(STRATEGIES / "ics-QRL-2023.ttl"), str(broken), str(STRATEGIES / "ics-QNQ-2023.ttl"),
    )
    # (<a> is relative: it resolves against the instance namespace, as in a PUT; the string is what is broken.)
    assert (result.exit_code, result.output) == (2, f"error: {broken}:2:11: Unexpected end of file\n")
    assert snapshot(loaded) == before


def test_two_files_for_one_graph_stop_the_load_where_the_second_is_reached(loaded, tmp_path, small_batches):
    again = tmp_path / "again" / "QRL-2024.ttl"
    again.parent.mkdir()
    again.write_bytes((PLANS / "QRL-2024.ttl").read_bytes())
    before = snapshot(loaded)
    result = cli(
        "load", "--replace", "--store", str(loaded),
        str(PLANS / "QNQ-2024.ttl"), str(PLANS / "QRL-2024.ttl"), str(STRATEGIES / "ics-QRL-2023.ttl"), str(again),
    )
    assert (result.exit_code, result.output) == (
        2,
        f"error: {again}: graph <https://w3id.org/jfp-graph/graph/plan/QRL/2024> is also written by "
        f"{PLANS / 'QRL-2024.ttl'}; load them separately\n",
    )
    assert snapshot(loaded) == before


def test_replace_with_new_graphs_in_the_same_load(loaded, tmp_path, small_batches):
    smaller = tmp_path / "QRL-2024.ttl"
    smaller.write_text(
        "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n"
        f"<{QRL24}> a jfp:JointForwardPlan ; jfp:forICB <https://w3id.org/jfp-graph/id/icb/QRL> .\n"
    )
    result = cli(
        "load", "--replace", "--store", str(loaded),
        str(PLANS / "QNQ-2024.ttl"), str(smaller), str(STRATEGIES / "ics-QRL-2023.ttl"),
    )
    assert (result.exit_code, result.output.splitlines()) == (0, [
        f"jfpg:plan/QNQ/2024  {QNQ24_T} quads  ← {PLANS / 'QNQ-2024.ttl'}",
        f"jfpg:plan/QRL/2024  2 quads  ← {smaller}",
        f"jfpg:ics/QRL/2023  {ICS_T} quads  ← {STRATEGIES / 'ics-QRL-2023.ttl'}",
        f"loaded {QNQ24_T + 2 + ICS_T} quads from 3 file(s)",
    ])
    listing = cli("graphs", "--store", str(loaded)).output.splitlines()
    reports = report_sizes(loaded)
    assert listing[-2:] == ["", f"8 graph(s), {12 + ICS_T + QNQ24_T + QRL23_T + 2 + sum(reports.values())} triples"]
    assert [line.split() for line in listing[2:-2]] == [
        ["jfpg:catalogue", "12"],
        ["jfpg:ics/QRL/2023", str(ICS_T), "data/examples/strategies/ics-QRL-2023.ttl"],
        ["jfpg:plan/QNQ/2024", str(QNQ24_T), "data/examples/plans/QNQ-2024.ttl"],
        ["jfpg:plan/QRL/2023", str(QRL23_T), "data/examples/plans/QRL-2023.ttl"],
        ["jfpg:plan/QRL/2024", "2", str(smaller.resolve())],
    ] + [[f"jfpg:report/{plan}", str(reports[f"{GRAPHS}report/{plan}"])]
         for plan in ("plan/QNQ/2024", "plan/QRL/2023", "plan/QRL/2024")]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("not turtle at all", "plan.ttl", ":1:"),
        ("<a> <b> <c> .", "plan.csv", "unknown format '.csv'"),
        ("@prefix ex: <http://example.org/> . ex:a ex:b ex:c .", "plan.ttl",
         "expected exactly one document (plan edition, strategy, JLHWS, JSNA or capital plan) per file, found none"),
    ],
)
def test_malformed_files_are_input_errors(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content)
    result = cli("load", "--store", "memory", str(path))
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {path}")
    assert message in result.output
    missing = cli("load", "--store", "memory", str(tmp_path / "nope.ttl"))
    assert (missing.exit_code, missing.output) == (2, f"error: {tmp_path / 'nope.ttl'}: no such file or folder\n")


def test_graph_option_loads_non_document_files_into_a_named_graph(tmp_path):
    location = tmp_path / "store"
    data = tmp_path / "extra.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    result = cli("load", "--store", str(location), "--graph", "https://example.org/graph/extra", str(data))
    assert result.exit_code == 0, result.output
    assert reopen(location).graph_sizes()["https://example.org/graph/extra"] == 1
    bad = cli("load", "--store", str(location), "--graph", "not an iri", str(data))
    assert bad.exit_code == 2 and bad.output.startswith("error: --graph: not a valid IRI")


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_export_then_load_into_a_fresh_store_gives_an_isomorphic_dataset(loaded, tmp_path, fmt):
    output = tmp_path / f"dump.{'trig' if fmt == 'trig' else 'nq'}"
    result = cli("export", "--store", str(loaded), "--format", fmt, "--output", str(output))
    assert result.exit_code == 0, result.output
    fresh = tmp_path / "fresh"
    result = cli("load", "--store", str(fresh), str(output))
    assert result.exit_code == 0, result.output
    again = tmp_path / f"again.{output.suffix[1:]}"
    assert cli("export", "--store", str(fresh), "--output", str(again)).exit_code == 0
    first, second = Dataset(), Dataset()
    first.parse(output, format="trig" if fmt == "trig" else "nquads")
    second.parse(again, format="trig" if fmt == "trig" else "nquads")
    names = {g.identifier for g in first.graphs()} - {first.default_graph.identifier}
    assert names == {g.identifier for g in second.graphs()} - {second.default_graph.identifier}
    assert len(names) == 5  # the catalogue, two plan editions and their validation reports
    for name in names:
        # A load makes its reports afresh (the exported ones are not read back): only their time differs.
        for dataset in (first, second):
            dataset.graph(name).remove((None, URIRef("http://www.w3.org/ns/prov#generatedAtTime"), None))
        assert isomorphic(first.graph(name), second.graph(name)), name
    generated = "<http://www.w3.org/ns/prov#generatedAtTime>"
    assert {q for q in snapshot(fresh) if q[1] != generated} == {q for q in snapshot(loaded) if q[1] != generated}


def test_export_to_stdout_is_trig_by_default(loaded):
    result = cli("export", "--store", str(loaded))
    assert result.exit_code == 0
    quads = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.TRIG))
    assert len(quads) == 6 + QRL23_T + QRL24_T + sum(report_sizes(loaded).values())


def test_query_formats(tmp_path):
    location = tmp_path / "store"
    assert cli("load", "--bundle", "--store", str(location)).exit_code == 0
    args = ("query", "edition-diff", "--store", str(location), "-p", f"edition_iri={QRL24}")
    table = cli(*args).output.splitlines()
    assert table[0].split() == ["change", "part", "previous_part", "title", "previous_value", "new_value"]
    assert table[-1] == "(20 rows)"
    assert table[-2].split()[:3] == ["target", "changed", "jfpid:plan/QRL/2024/metric/4-1"]
    csv_lines = cli(*args, "--format", "csv").stdout_bytes.decode().split("\r\n")
    assert csv_lines[0] == "change,part,previous_part,title,previous_value,new_value"
    assert csv_lines[20] == (
        "target changed,https://w3id.org/jfp-graph/id/plan/QRL/2024/metric/4-1,"
        "https://w3id.org/jfp-graph/id/plan/QRL/2023/metric/4-1,Patients with hypertension treated to the NICE target,77,80"
    )
    tsv_lines = cli(*args, "--format", "tsv").output.splitlines()
    assert tsv_lines[0] == "?change\t?part\t?previous_part\t?title\t?previous_value\t?new_value"
    assert tsv_lines[10].split("\t")[:3] == [
        '"objective added"', "<https://w3id.org/jfp-graph/id/plan/QRL/2024/objective/8>", ""
    ]
    document = json.loads(cli(*args, "--format", "json").output)
    assert document["head"]["vars"][0] == "change"
    assert document["results"]["bindings"][19]["new_value"] == {
        "type": "literal", "value": "80", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"
    }
    # The same answer through the SPARQL results parser of pyoxigraph, as any client would read it.
    parsed = ox.parse_query_results(cli(*args, "--format", "json").stdout_bytes, format=ox.QueryResultsFormat.JSON)
    assert len(list(parsed)) == 20


def test_query_list_and_bad_queries(tmp_path):
    listing = cli("query", "--list")
    assert listing.exit_code == 0
    assert "duty-coverage: Duty coverage of one plan edition" in listing.output
    assert "    -p as_of_date=…  (date, default 2025-01-01) The date to look at (YYYY-MM-DD)." in listing.output
    unknown = cli("query", "nope", "--store", "memory")
    assert unknown.exit_code == 2 and unknown.output.startswith("error: unknown query 'nope'; known queries: ")
    missing = cli("query", "duty-coverage", "--store", "memory")
    assert missing.exit_code == 2
    assert missing.output.startswith("error: query duty-coverage needs parameter plan_iri")
    malformed = cli("query", "duty-coverage", "--store", "memory", "-p", "plan_iri=QRL 2024")
    assert (malformed.exit_code, malformed.output) == (
        2, "error: parameter plan_iri=QRL 2024: not an identifier: give an IRI, a CURIE (jfpid:plan/QRL/2024), "
           "a short form (plan/QRL/2024, QRL/2024) or an ICB's ODS code (QRL)\n"
    )
    shapeless = cli("query", "duty-coverage", "--store", "memory", "-p", "plan_iri")
    assert (shapeless.exit_code, shapeless.output) == (2, "error: parameter 'plan_iri' is not of the form key=value\n")
    both = cli("query", "plans", "--store", "memory", "--endpoint", "http://127.0.0.1:1/query")
    assert both.exit_code == 2 and "give either a store or an endpoint, not both" in both.output


def test_sparql_command(loaded, tmp_path):
    select = cli("sparql", "--store", str(loaded), "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/jfp-graph/def#Objective> }")
    assert select.output == "n\n--\n14\n(1 row)\n"
    ask = cli("sparql", "--store", str(loaded), f"ASK {{ <{QRL24}> ?p ?o }}")
    assert ask.output == "true\n"
    query_file = tmp_path / "q.rq"
    query_file.write_text(f"CONSTRUCT {{ <{QRL24}> <http://www.w3.org/ns/prov#wasRevisionOf> ?o }} WHERE {{ <{QRL24}> <http://www.w3.org/ns/prov#wasRevisionOf> ?o }}")
    construct = cli("sparql", "--store", str(loaded), str(query_file))
    assert construct.exit_code == 0
    assert [str(t) for t in ox.parse(construct.stdout_bytes, format=ox.RdfFormat.TURTLE)] == [
        f"<{QRL24}> <http://www.w3.org/ns/prov#wasRevisionOf> <https://w3id.org/jfp-graph/id/plan/QRL/2023>"
    ]
    from_stdin = cli("sparql", "--store", str(loaded), "-", input="ASK { ?s ?p 4242 }")
    assert from_stdin.output == "false\n"
    bad = cli("sparql", "--store", str(loaded), "SELECT ?x WHERE { ?x ")
    assert bad.exit_code == 2 and bad.output.startswith("error: not a valid SPARQL 1.1 query:")
    update = cli("sparql", "--store", str(loaded), "DELETE WHERE { ?s ?p ?o }")
    assert update.exit_code == 2 and update.output.startswith("error: not a valid SPARQL 1.1 query:")
    service = cli("sparql", "--store", str(loaded), "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert (service.exit_code, service.output) == (
        2, "error: SERVICE (federated query) is refused: queries run only over this store\n"
    )
    no_file = cli("sparql", "--store", str(loaded), "missing.rq")
    assert (no_file.exit_code, no_file.output) == (2, "error: missing.rq: no such query file (and not a SPARQL query)\n")
    assert len(snapshot(loaded)) == 6 + QRL23_T + QRL24_T + sum(report_sizes(loaded).values())


def test_the_installed_command_runs_a_query_and_reports_bad_input(tmp_path):
    executable = shutil.which("jfp-graph")
    assert executable is not None
    location = tmp_path / "store"
    loaded = subprocess.run(
        [executable, "load", "--store", str(location), str(PLANS / "QRL-2024.ttl")], capture_output=True, text=True
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.splitlines()[-1] == f"loaded {QRL24_T} quads from 1 file(s)"
    ran = subprocess.run(
        [executable, "query", "consultation-trace", "--store", str(location), "-p", f"plan_iri={QRL24}", "--format", "csv"],
        capture_output=True, text=True,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.count("\n") == 6  # header and five rows
    bad = subprocess.run(
        [executable, "query", "consultation-trace", "--store", str(location), "-p", "plan_iri=QRL/2025"],
        capture_output=True, text=True,
    )
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == (
        "error: parameter plan_iri=QRL/2025: names nothing in the store (read as "
        "<https://w3id.org/jfp-graph/id/plan/QRL/2025>); did you mean jfpid:plan/QRL/2024?\n"
    )
    unreachable = subprocess.run(
        [executable, "graphs", "--endpoint", "http://127.0.0.1:9/query"], capture_output=True, text=True
    )
    assert unreachable.returncode == 3
    assert unreachable.stderr == (
        "error: cannot reach SPARQL endpoint http://127.0.0.1:9/query: [Errno 111] Connection refused\n"
    )


@pytest.mark.parametrize(
    ("plan", "reason"),
    [
        ("plan/QRL/abc", "<{id}plan/QRL/abc>: 'abc' is not a year (the year the plan's first financial year starts, e.g. 2024)"),
        ("plan/ZZZ/2024", "<{id}plan/ZZZ/2024>: no integrated care board has the ODS code 'ZZZ' in the reference graph"),
        ("plan/QRL/2031", "<{id}plan/QRL/2031> says it is for <{id}icb/QNQ>, not for <{id}icb/QRL>"),
        ("plans/QRL/2031", None),
    ],
)
def test_load_refuses_plan_identifiers_that_name_no_real_icb_or_year(tmp_path, plan, reason):
    path = tmp_path / "plan.ttl"
    path.write_text(
        "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n@base <https://w3id.org/jfp-graph/id/> .\n\n"
        f"<{plan}> a jfp:JointForwardPlan ;\n  jfp:forICB <icb/QNQ> .\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    result = cli("load", "--store", str(store), str(path))
    identifier = "https://w3id.org/jfp-graph/id/"
    expected = (
        reason.format(id=identifier) if reason
        else f"<{identifier}{plan}> is not a plan edition identifier: expected {identifier}plan/{{ODS code}}/{{year}}"
    )
    assert (result.exit_code, result.output) == (2, f"error: {path}:4:1: {expected}\n")
    assert EmbeddedStore(store).graph_names() == []
