"""The pages and their twins, named queries, validation and writes, in-process through the ASGI app."""

import json

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic

from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.web import Settings, create_app

TOKEN = "test-token-0123456789abcdef"
ID = "https://w3id.org/jfp-graph/id/"
JFP = "https://w3id.org/jfp-graph/def#"
QRL_2024 = (EXAMPLES_DIR / "plans" / "QRL-2024.ttl").read_bytes()


@pytest.fixture(scope="module")
def client():
    app = create_app(Settings(store="memory", workers=1, write_token=TOKEN, max_upload_bytes=400_000))
    with TestClient(app) as client:
        yield client


HTML = {"accept": "text/html"}


def test_icb_page_links_to_its_plans_strategy_and_relevant_hwbs(client):
    page = client.get("/id/icb/QRL", headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    for href in ('href="/id/plan/QRL/2024"', 'href="/id/plan/QRL/2023"', 'href="/id/ics/QRL/2023"',
                 'href="/id/hwb/E06000044"', 'href="/id/jlhws/E06000044/2023"'):
        assert href in page.text


def test_every_resource_has_json_jsonld_and_turtle_twins_by_suffix_and_accept(client):
    by_suffix = client.get("/id/icb/QRL.json").json()
    by_accept = client.get("/id/icb/QRL", headers={"accept": "application/json"}).json()
    assert by_suffix == by_accept
    assert by_suffix["label"] == "NHS Hampshire and Isle of Wight Integrated Care Board"
    assert by_suffix["types"] == [
        {"iri": JFP + "IntegratedCareBoard", "href": "/def/IntegratedCareBoard", "label": "Integrated care board"}
    ]
    assert (by_suffix["iri"], by_suffix["path"]) == (ID + "icb/QRL", "/id/icb/QRL")
    turtle = client.get("/id/icb/QRL.ttl")
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    assert turtle.content == client.get("/id/icb/QRL", headers={"accept": "text/turtle"}).content
    jsonld = client.get("/id/icb/QRL", headers={"accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json; charset=utf-8"
    from_turtle = rdflib.Graph().parse(data=turtle.text, format="turtle")
    from_jsonld = rdflib.Graph().parse(data=jsonld.text, format="json-ld")
    assert isomorphic(from_turtle, from_jsonld)
    label = rdflib.URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert str(from_turtle.value(rdflib.URIRef(ID + "icb/QRL"), label)) == by_suffix["label"]


def test_plan_page_has_scorecard_trace_opinions_consultation_and_editions(client, requirement_count):
    plan = client.get("/id/plan/QRL/2024.json").json()
    assert plan["kind"] == "plan"
    card = {row["slug"]: row for row in plan["scorecard"]}
    assert len(card) == requirement_count
    assert card["jlhws-steps"]["status"] == "met" and card["jlhws-steps"]["validated"] is True
    assert [b["href"] for b in card["jlhws-steps"]["legal_basis"]] == [
        "/legislation/ukpga/2006/41/section/14Z52/2/c", "/legislation/ukpga/2007/28/section/116B/1"]
    (opinions_claim,) = card["hwb-opinion-statement"]["claims"]
    assert sorted(p["title"] for p in opinions_claim["parts"] if "/opinion/" in p["href"]) == [
        "Opinion of Hampshire Health and Wellbeing Board", "Opinion of Isle of Wight Health and Wellbeing Board",
        "Opinion of Portsmouth Health and Wellbeing Board", "Opinion of Southampton Health and Wellbeing Board"]
    assert sorted(o["hwb"]["href"] for o in plan["opinions"]) == [
        "/id/hwb/E06000044", "/id/hwb/E06000045", "/id/hwb/E06000046", "/id/hwb/E10000014"]
    assert plan["editions"]["changes"] == {
        "previous": {"iri": ID + "plan/QRL/2023", "href": "/id/plan/QRL/2023"},
        "objectives_added": ["Recover access to general practice and NHS dentistry"],
        "objectives_removed": ["Eliminate waits of more than 65 weeks for planned care"],
    }
    first = plan["trace"][0]
    assert first["title"] == "Improve the timeliness of urgent and emergency care"
    assert first["priorities"][0]["strategy"]["href"] == "/id/ics/QRL/2023"
    assert plan["consultation"]["views"][0]["changed"]["href"] == "/id/plan/QRL/2024/objective/8"
    implemented = {i["href"].split("/priority/")[0] for o in plan["trace"] for s in o["steps"] for i in s["implements"]}
    assert {"/id/jlhws/E06000044/2023", "/id/jlhws/E06000045/2023", "/id/jlhws/E06000046/2023",
            "/id/jlhws/E10000014/2023"} <= implemented


def test_requirement_links_to_its_statute_and_the_section_links_to_legislation_gov_uk(client):
    page = client.get("/id/requirement/jlhws-steps", headers=HTML)
    assert 'href="/legislation/ukpga/2006/41/section/14Z52/2/c"' in page.text
    section = client.get("/legislation/ukpga/2006/41/section/14Z52.json").json()
    assert section["legislation_gov_uk"] == "https://www.legislation.gov.uk/ukpga/2006/41/section/14Z52"
    html = client.get("/legislation/ukpga/2006/41/section/14Z52", headers=HTML).text
    assert 'href="https://www.legislation.gov.uk/ukpga/2006/41/section/14Z52"' in html


def test_unknown_resources_are_404_as_json_and_as_html(client):
    missing = client.get("/id/icb/NOPE")
    assert (missing.status_code, missing.json()) == (
        404, {"error": f"nothing is known about <{ID}icb/NOPE>", "status": 404})
    page = client.get("/id/icb/NOPE", headers=HTML)
    assert page.status_code == 404 and "nothing is known about" in page.text and "Traceback" not in page.text
    assert client.get("/id/icb/a%3Eb").status_code == 404


def test_unacceptable_format_is_406(client):
    response = client.get("/id/icb/QRL", headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "offered" in response.json()["error"]


def test_national_coverage_heatmap_table_and_csv(client, requirement_count):
    page = client.get("/coverage", headers=HTML).text
    assert "<svg" in page and page.count('<rect ') == 42 * requirement_count
    data = client.get("/coverage.json").json()
    assert len(data["rows"]) == 42 and len(data["requirements"]) == requirement_count
    with_plans = {row["icb"]["href"]: row["plan"]["href"] for row in data["rows"] if row["plan"]}
    assert with_plans == {"/id/icb/QRL": "/id/plan/QRL/2024", "/id/icb/QNQ": "/id/plan/QNQ/2024"}
    lines = client.get("/coverage", params={"format": "csv"}).text.splitlines()
    assert len(lines) == 43 and lines[0].startswith("icb,icb_name,plan,")


def test_named_query_as_json_csv_and_form_with_parameters_in_openapi(client):
    params = {"icb_iri": ID + "icb/QRL"}
    result = client.get("/queries/relevant-hwbs", params=dict(params, format="json")).json()
    assert result["columns"][:3] == ["icb", "icb_name", "hwb"]
    assert sorted(r["hwb"] for r in result["rows"]) == sorted(
        ID + f"hwb/{code}" for code in ("E06000044", "E06000045", "E06000046", "E10000014"))
    csv_lines = client.get("/queries/relevant-hwbs", params=dict(params, format="csv")).text.splitlines()
    assert len(csv_lines) == 1 + len(result["rows"])
    form = client.get("/queries/relevant-hwbs", headers=HTML).text
    assert '<input name="icb_iri"' in form
    spec = client.get("/openapi.json").json()
    names = [p["name"] for p in spec["paths"]["/queries/relevant-hwbs"]["get"]["parameters"]]
    assert names == ["icb_iri", "format"]
    listing = client.get("/queries", headers={"accept": "application/json"}).json()
    assert "relevant-hwbs" in [q["name"] for q in listing["queries"]]


def test_bad_query_parameter_and_unknown_query_are_4xx(client):
    bad = client.get("/queries/relevant-hwbs", params={"icb_iri": "not an iri", "format": "json"})
    assert bad.status_code == 400 and bad.json()["error"].startswith("parameter icb_iri: not a valid IRI")
    unknown = client.get("/queries/no-such-query")
    assert unknown.status_code == 404 and unknown.json()["error"].startswith("unknown query 'no-such-query'")


def test_validate_returns_json_sarif_and_html(client):
    ok = client.post("/validate", content=QRL_2024, headers={"content-type": "text/turtle"})
    assert ok.status_code == 200
    assert ok.json()["summary"]["violations"] == 0 and ok.json()["plans"][0]["plan"] == ID + "plan/QRL/2024"
    sarif = client.post("/validate", params={"format": "sarif"}, files={"file": ("QRL-2024.ttl", QRL_2024)})
    assert sarif.headers["content-type"] == "application/sarif+json" and sarif.json()["version"] == "2.1.0"
    html = client.post("/validate", params={"format": "html"}, content=QRL_2024,
                       headers={"content-type": "text/turtle"})
    assert "1 plan checked, 0 violations" in html.text


def test_validate_names_line_and_reason_of_a_malformed_upload(client):
    response = client.post("/validate", content=b"@prefix x: <http://x/> .\nx:a x:b .\n",
                           headers={"content-type": "text/turtle"})
    assert response.status_code == 400
    assert response.json() == {"error": "the upload could not be read: upload.ttl: . is not a valid RDF object",
                               "status": 400, "line": 2, "column": 9}
    assert client.post("/validate", content=b"x", headers={"content-type": "image/png"}).status_code == 415


def _plan_title(client) -> str:
    return client.get("/id/plan/QRL/2024.json").json()["label"]


def test_writes_need_the_bearer_token_and_write_nothing_without(client):
    before = client.get("/graphs").json()
    changed = QRL_2024.replace(b"(illustrative example)\"@en-GB", b"(edited)\"@en-GB", 1)
    for headers in ({}, {"authorization": "Bearer wrong-token-0123456789"}, {"authorization": TOKEN}):
        refused = client.put("/id/plan/QRL/2024", content=changed, headers=dict(headers, **{"content-type": "text/turtle"}))
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == 'Bearer realm="jfp-graph"'
    assert client.get("/graphs").json() == before


def test_a_write_with_the_token_replaces_the_edition_and_queries_see_it(client):
    changed = QRL_2024.replace(b"(illustrative example)\"@en-GB", b"(edited)\"@en-GB", 1)
    auth = {"authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"}
    try:
        done = client.put("/id/plan/QRL/2024", content=changed, headers=auth)
        assert done.status_code == 200 and done.json()["plan"] == ID + "plan/QRL/2024"
        assert _plan_title(client).endswith("(edited)")
        ask = client.get("/sparql", params={"query": 'ASK { ?p <http://purl.org/dc/terms/title> ?t FILTER(STRENDS(?t, "(edited)")) }'},
                         headers={"accept": "application/sparql-results+json"})
        assert ask.json()["boolean"] is True
    finally:
        client.put("/id/plan/QRL/2024", content=QRL_2024, headers=auth)
    assert _plan_title(client).endswith("(illustrative example)")


def test_a_write_must_describe_the_edition_in_its_address_and_parse(client):
    auth = {"authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"}
    before = client.get("/graphs").json()
    wrong = client.put("/id/plan/QNQ/2024", content=QRL_2024, headers=auth)
    assert wrong.status_code == 400 and "exactly the document" in wrong.json()["error"]
    broken = client.put("/id/plan/QRL/2024", content=b"@prefix x: <http://x/> .\n\nx:a x:b", headers=auth)
    assert broken.status_code == 400 and broken.json()["line"] == 3
    assert client.get("/graphs").json() == before


def test_rdf_xml_uploads_with_entities_are_refused_before_parsing(client):
    laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
              b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
              b'rdf:about="http://x/a"><rdf:value>&b;</rdf:value></rdf:Description></rdf:RDF>\n')
    auth = {"authorization": f"Bearer {TOKEN}", "content-type": "application/rdf+xml"}
    refused = client.put("/id/plan/QRL/2024", content=laughs, headers=auth)
    assert refused.status_code == 400
    assert "<!DOCTYPE> declaration is refused" in refused.json()["error"] and refused.json()["line"] == 2
    validated = client.post("/validate", content=laughs, headers={"content-type": "application/rdf+xml"})
    assert validated.status_code == 400 and "<!DOCTYPE> declaration is refused" in validated.json()["error"]


def test_oversize_uploads_are_413(client):
    response = client.post("/validate", content=b"#" * 400_001, headers={"content-type": "text/turtle"})
    assert response.status_code == 413 and "larger than the limit" in response.json()["error"]


def test_home_and_lists(client, requirement_count):
    home = client.get("/", headers={"accept": "application/json"}).json()
    counts = {c["what"]: c["count"] for c in home["counts"]}
    assert counts["integrated care boards"] == 42 and counts["joint forward plan editions"] == 3
    assert len(client.get("/icbs", headers={"accept": "application/json"}).json()["icbs"]) == 42
    reqs = client.get("/requirements", headers={"accept": "application/json"}).json()["requirements"]
    assert len(reqs) == requirement_count and reqs[0]["modality"] == "must"
    assert json.loads(client.get("/openapi.json").text)["info"]["title"] == "jfp-graph"


def test_labels_are_looked_up_once_per_iri_in_label_order():
    import pyoxigraph as ox

    from jfp_graph.store import EmbeddedStore
    from jfp_graph.web.describe import labels

    store = EmbeddedStore()
    x = "http://example.org/"
    rdfs, skos, dct, jfp = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
                            "http://purl.org/dc/terms/title", JFP + "sectionNumber")
    facts = [("a", rdfs, "A label"), ("a", dct, "A title"), ("b", dct, "B title"), ("b", jfp, "B number"),
             ("c", jfp, "14Z52"), ("d", x + "other", "not a label"), ("f", jfp, "F number"), ("f", skos, "F pref")]
    graph = ox.NamedNode(x + "g")
    store.write_graphs({graph.value: [ox.Quad(ox.NamedNode(x + s), ox.NamedNode(p), ox.Literal(o), graph)
                                      for s, p, o in facts]})
    terms = [ox.NamedNode(x + n) for n in "abcdef"] + [ox.Literal("a"), ox.BlankNode(), ox.NamedNode(x + "a")]
    assert labels(store, terms) == {x + "a": "A label", x + "b": "B title", x + "c": "14Z52", x + "f": "F pref"}
    assert labels(store, [ox.Literal("only literals")]) == {}
