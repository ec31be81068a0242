"""The YAML authoring format (and JSON-LD with the project's context) reaches the store: the same file gives the
same graph through `validate`, `load`, the Python API and a web PUT; bad input is refused with file, line and
column, and nothing is written."""

from __future__ import annotations

import gc
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from jfp_graph.api import connect
from jfp_graph.authoring import quads_to_yaml, yaml_to_quads
from jfp_graph.cli import main
from jfp_graph.layout import graph_for_document
from jfp_graph.loader import find_files
from jfp_graph.paths import DATA_DIR
from jfp_graph.store import EmbeddedStore
from jfp_graph.validation.inputs import read_document
from jfp_graph.web import Settings, create_app
from jfp_graph.web.write import outside

YAML_FILES = find_files([DATA_DIR], (".yaml", ".yml"))[0]
TOKEN = "authoring-token-0123456789"
ID = "https://w3id.org/jfp-graph/id/"
PLAN_TYPE = "https://w3id.org/jfp-graph/def#JointForwardPlan"


def canonical(quads) -> set[str]:
    """The triples of ``quads`` (any graph), literals in the canonical form a store keeps ("78.0" is "78") and
    blank nodes named canonically, as N-Triples lines."""
    kept = ox.Store()
    kept.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    dataset = ox.Dataset(kept)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in dataset}


def plan_of(quads) -> str:
    (plan,) = {q.subject.value for q in quads if q.predicate.value.endswith("type") and q.object.value == PLAN_TYPE}
    return plan


def test_the_bundle_has_yaml_files_to_check():
    assert DATA_DIR / "examples" / "yaml" / "QNQ-2024.yaml" in YAML_FILES


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(DATA_DIR)))
def test_validate_load_and_the_api_read_the_same_graph(path, tmp_path):
    read = read_document(path).quads
    plan = plan_of(read)
    graph = graph_for_document(plan)

    location = tmp_path / "store"
    result = CliRunner().invoke(main, ["load", "--store", str(location), str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"← {path}" in result.output or f"← {path.relative_to(DATA_DIR.parent)}" in result.output
    del result
    gc.collect()
    store = EmbeddedStore(location)
    try:
        assert canonical(store.quads(graph)) == canonical(read)
    finally:
        del store
        gc.collect()

    api = connect(store="memory")
    assert api.load(path) == [graph]
    assert canonical(api.store.quads(graph)) == canonical(read)


@pytest.fixture(scope="module")
def writer():
    with TestClient(create_app(Settings(store="memory", workers=1, write_token=TOKEN))) as client:
        yield client


def put(client, address: str, body: bytes, content_type: str = "application/yaml"):
    return client.put(address, content=body,
                      headers={"authorization": f"Bearer {TOKEN}", "content-type": content_type})


def stored(client, plan: str) -> set[str]:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_for_document(plan)}> {{ ?s ?p ?o }} }}"
    answer = client.get("/sparql", params={"query": query}, headers={"accept": "application/n-triples"})
    assert answer.status_code == 200, answer.text
    return canonical(ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(DATA_DIR)))
def test_a_put_of_the_same_yaml_file_stores_the_same_graph(path, writer):
    read = read_document(path).quads
    plan = plan_of(read)
    address = "/id/" + plan[len(ID):]
    strays = outside(plan, read)
    answer = put(writer, address, path.read_bytes())
    if strays:
        # A plan upload may describe only the plan and its parts: the file says something about another
        # resource (the ICB), so the PUT is refused naming it, and the same file without it is taken.
        assert answer.status_code == 400, answer.text
        assert all(f"<{s}>" in answer.json()["error"] for s in strays)
        return
    assert answer.status_code == 200, answer.text
    assert answer.json()["triples"] == len(canonical(read))
    assert stored(writer, plan) == canonical(read)


def test_a_put_of_the_yaml_example_without_the_icb_statement_stores_what_load_reads(writer):
    path = DATA_DIR / "examples" / "yaml" / "QNQ-2024.yaml"
    text = path.read_text(encoding="utf-8")
    about_the_icb = "- id: icb/QNQ\n  holdsDelegatedSpecialisedServices: true\n  delegatedFrom: '2025-04-01'\n"
    assert about_the_icb in text
    edited = text.replace(about_the_icb, "- icb/QNQ\n")
    read = read_document(path).quads
    expected = canonical(q for q in read if q.subject.value != ID + "icb/QNQ")
    assert len(expected) == len(canonical(read)) - 2
    answer = put(writer, "/id/plan/QNQ/2024", edited.encode())
    assert answer.status_code == 200, answer.text
    assert stored(writer, ID + "plan/QNQ/2024") == expected


def test_json_ld_with_the_project_context_loads_through_every_way_in(tmp_path, writer):
    document = {
        "@context": "https://w3id.org/jfp-graph/context.jsonld",
        "id": "plan/QRL/2031",
        "type": "JointForwardPlan",
        "title": "A plan written as JSON-LD",
        "forICB": "icb/QRL",
    }
    path = tmp_path / "QRL-2031.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    read = read_document(path).quads
    assert canonical(read) == {
        f"<{ID}plan/QRL/2031> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PLAN_TYPE}>",
        f'<{ID}plan/QRL/2031> <http://purl.org/dc/terms/title> "A plan written as JSON-LD"@en-gb',
        f"<{ID}plan/QRL/2031> <https://w3id.org/jfp-graph/def#forICB> <{ID}icb/QRL>",
    }
    api = connect(store="memory")
    assert api.load(path) == [graph_for_document(ID + "plan/QRL/2031")]
    assert canonical(api.store.quads(graph_for_document(ID + "plan/QRL/2031"))) == canonical(read)
    answer = put(writer, "/id/plan/QRL/2031", path.read_bytes(), "application/ld+json")
    assert answer.status_code == 200, answer.text
    assert stored(writer, ID + "plan/QRL/2031") == canonical(read)


FORMS = 'a day ("2024-03-31"), a month ("March 2024" or "2024-03"), a year ("2025") or a financial year ("2024/25")'
BAD_YAML = [
    ("titel: x\n", "unknown key 'titel': not a term of the jfp-graph context; did you mean 'title'?", 5, 1),
    ("issued: 31st March 2024\n", f"issued: '31st March 2024' is not a date; write {FORMS}", 5, 9),
    ("hasObjective:\n  - id: plan/QRL/2032/objective/1\n    hasMilestone:\n      - dueDate: [2025, Marchh 2026]\n",
     f"dueDate: 'Marchh 2026' is not a date: 'Marchh' is not a month; write {FORMS}", 8, 25),
]


def _plan_yaml(extra: str) -> str:
    return ('"@context": https://w3id.org/jfp-graph/context.jsonld\nid: plan/QRL/2032\n'
            "type: JointForwardPlan\nforICB: icb/QRL\n" + extra)


@pytest.mark.parametrize(("extra", "reason", "line", "column"), BAD_YAML)
def test_bad_yaml_is_refused_by_load_and_put_with_line_and_column_and_nothing_is_written(
    extra, reason, line, column, tmp_path, writer
):
    path = tmp_path / "QRL-2032.yaml"
    path.write_text(_plan_yaml(extra), encoding="utf-8")
    assert_refused_everywhere(path, "plan/QRL/2032", (line, column, reason), writer)


def assert_refused_everywhere(path, plan: str, where: tuple[int, int, str], writer) -> None:
    """``load`` exits 2 naming the file, line and column, a PUT of the file to ``plan`` answers 400 with them, and
    neither writes anything."""
    line, column, reason = where
    location = path.parent / "store"
    result = CliRunner().invoke(main, ["load", "--store", str(location), str(path)], catch_exceptions=False)
    assert (result.exit_code, result.output) == (2, f"error: {path}:{line}:{column}: {reason}\n")
    del result
    gc.collect()
    store = EmbeddedStore(location)
    try:
        assert store.graph_sizes() == {}
    finally:
        del store
        gc.collect()
    answer = put(writer, "/id/" + plan, path.read_bytes())
    assert (answer.status_code, answer.json()) == (400, {
        "error": f"the upload could not be read: upload for {plan}: {reason}", "line": line, "column": column,
        "status": 400})
    assert stored(writer, ID + plan) == set()


def test_dates_are_kept_at_the_precision_the_plan_writes_them():
    text = _plan_yaml("created: March 2024\nissued: 2024-06-30\nhasObjective:\n  - id: plan/QRL/2032/objective/1\n"
                      "    hasMilestone:\n      - id: plan/QRL/2032/milestone/1\n        dueDate: 2025\n"
                      "      - id: plan/QRL/2032/milestone/2\n        dueDate: 2025/26\n")
    path_free = {(q.subject.value[len(ID):], q.predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1], q.object)
                 for q in yaml_to_quads(text, "dates.yaml") if isinstance(q.object, ox.Literal)}
    xsd, jfp = "http://www.w3.org/2001/XMLSchema#", "https://w3id.org/jfp-graph/def#"
    assert path_free == {
        ("plan/QRL/2032", "created", ox.Literal("2024-03", datatype=ox.NamedNode(xsd + "gYearMonth"))),
        ("plan/QRL/2032", "issued", ox.Literal("2024-06-30", datatype=ox.NamedNode(xsd + "date"))),
        ("plan/QRL/2032/milestone/1", "dueDate", ox.Literal("2025", datatype=ox.NamedNode(xsd + "gYear"))),
        ("plan/QRL/2032/milestone/2", "dueDate", ox.Literal("2025/26", datatype=ox.NamedNode(jfp + "financialYear"))),
    }
    written = quads_to_yaml(yaml_to_quads(text, "dates.yaml"), ID + "plan/QRL/2032")
    assert "created: 2024-03\n" in written and "dueDate: 2025/26\n" in written
    assert canonical(yaml_to_quads(written, "again.yaml")) == canonical(yaml_to_quads(text, "dates.yaml"))


def test_a_plan_may_have_other_names():
    quads = yaml_to_quads(_plan_yaml("altLabel: [Shared Delivery Plan, Our joint forward plan]\n"), "names.yaml")
    assert {str(q.object) for q in quads if q.predicate.value == "http://www.w3.org/2004/02/skos/core#altLabel"} == {
        '"Shared Delivery Plan"@en-gb', '"Our joint forward plan"@en-gb'}
    assert "altLabel:\n- Shared Delivery Plan\n" in quads_to_yaml(quads, ID + "plan/QRL/2032")


def test_a_yaml_file_loads_with_a_folder_of_rdf(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "QRL-2032.yaml").write_text(_plan_yaml("title: From YAML\n"), encoding="utf-8")
    (folder / "QRL-2033.ttl").write_text(
        "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n"
        "<plan/QRL/2033> a jfp:JointForwardPlan ; jfp:forICB <icb/QRL> .\n", encoding="utf-8")
    api = connect(store="memory")
    assert api.load(folder) == [graph_for_document(ID + "plan/QRL/2032"), graph_for_document(ID + "plan/QRL/2033")]

