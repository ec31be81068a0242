"""The pages and their twins, named queries, validation and writes, in-process through the ASGI app."""

from concurrent.futures import ThreadPoolExecutor

import anyio
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic

from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.web import Settings, create_app, pagequeries

TOKEN = "test-token-0123456789abcdef"
ID = "https://w3id.org/jfp-graph/id/"
JFP = "https://w3id.org/jfp-graph/def#"
QRL_2024 = (EXAMPLES_DIR / "plans" / "QRL-2024.ttl").read_bytes()
# What a PUT may carry: the example edition without its statement about the ICB (a plan upload may describe
# only the plan and its parts).
ABOUT_THE_ICB = b"""<icb/QRL>
    jfp:holdsDelegatedSpecialisedServices true ;
    jfp:delegatedFrom "2025-04-01"^^xsd:date .
"""
assert ABOUT_THE_ICB in QRL_2024
QRL_2024_PLAN_ONLY = QRL_2024.replace(ABOUT_THE_ICB, b"")


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


def test_icb_page_gives_its_latest_editions_verdict_from_the_stored_report(client, requirement_count):
    assert client.get("/id/icb/QRL.json").json()["latest"] == {
        "plan": {"iri": ID + "plan/QRL/2024", "href": "/id/plan/QRL/2024"}, "validated": True,
        "met": requirement_count, "requirements": requirement_count,
        "not_met": {"must": 0, "should": 0, "could": 0},
    }
    assert client.get("/id/icb/QXU.json").json()["latest"] is None  # no edition in the graph
    page = client.get("/id/icb/QRL", headers=HTML).text
    assert (f'<a href="/id/plan/QRL/2024">{ID}plan/QRL/2024</a>: {requirement_count} of {requirement_count} '
            "requirements met or not applicable;\n0 must, 0 should and 0 could requirements not met.") in page


def test_west_yorkshires_latest_edition_is_its_2024_plan_though_no_source_states_its_period(client):
    icb = client.get("/id/icb/QWO.json").json()
    assert icb["latest"]["plan"] == {"iri": ID + "plan/QWO/2024", "href": "/id/plan/QWO/2024"}
    assert [(d["href"], d["period_start"]) for d in icb["documents"]["JointForwardPlan"]] == [
        ("/id/plan/QWO/2024", None), ("/id/plan/QWO/2023", None)]
    editions = client.get("/id/plan/QWO/2023.json").json()["editions"]["editions"]
    assert [(e["href"], e["revision_of"]) for e in editions] == [
        ("/id/plan/QWO/2023", None), ("/id/plan/QWO/2024", ID + "plan/QWO/2023")]


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


@pytest.fixture(scope="module")
def plan(client) -> dict:
    return client.get("/id/plan/QRL/2024.json").json()


EVIDENCE = "https://www.hantsiowhealthandcare.org.uk/jfp-graph-example/joint-forward-plan-2024-2029.pdf"


def test_plan_page_scorecard_is_the_validation_of_the_stored_edition_with_its_claims(plan, requirement_count):
    assert plan["kind"] == "plan"
    card = {row["slug"]: row for row in plan["scorecard"]}
    modalities = [row["modality"] for row in plan["scorecard"]]
    assert len(card) == requirement_count and modalities == sorted(modalities, key=["must", "should", "could"].index)
    assert {slug for slug, row in card.items() if row["status"] != "met"} == {"first-edition-dates"}
    assert card["first-edition-dates"]["status"] == "n/a" and card["first-edition-dates"]["addressed"] is True
    assert card["published"] == {
        "iri": ID + "requirement/published", "href": "/id/requirement/published", "slug": "published",
        "label": "Plan is published", "modality": "must", "group": "process",
        "fix_hint": "Publish the final plan on the ICB website and record the publication date and web address.",
        "legal_basis": [{"iri": "http://www.legislation.gov.uk/id/ukpga/2006/41/section/14Z52/3",
                         "href": "/legislation/ukpga/2006/41/section/14Z52/3", "label": "2006 c.41 s.14Z52(3)"}],
        "claims": [{"iri": ID + "plan/QRL/2024/claim/published", "href": "/id/plan/QRL/2024/claim/published",
                    "parts": [{"iri": ID + "plan/QRL/2024/section/introduction",
                               "href": "/id/plan/QRL/2024/section/introduction", "title": "About this plan"}],
                    "strategy": None,
                    "evidence": {"document": EVIDENCE, "page": "4",
                                 "quote": "This plan is published on our website (20 June 2024)."}}],
        "findings": [], "status": "met", "addressed": True, "validated": True,
    }
    assert [b["href"] for b in card["jlhws-steps"]["legal_basis"]] == [
        "/legislation/ukpga/2006/41/section/14Z52/2/c", "/legislation/ukpga/2007/28/section/116B/1"]
    assert sorted((c["href"], c["strategy"]["href"]) for c in card["jlhws-steps"]["claims"]) == [
        (f"/id/plan/QRL/2024/claim/jlhws-steps/{code}", f"/id/jlhws/{code}/2023")
        for code in ("E06000044", "E06000045", "E06000046", "E10000014")]
    (opinions_claim,) = card["hwb-opinion-statement"]["claims"]
    assert sorted(p["title"] for p in opinions_claim["parts"]) == [
        "Opinion of Hampshire Health and Wellbeing Board", "Opinion of Isle of Wight Health and Wellbeing Board",
        "Opinion of Portsmouth Health and Wellbeing Board", "Opinion of Southampton Health and Wellbeing Board",
        "Opinions of the health and wellbeing boards"]


def test_plan_page_traces_objectives_to_priorities_needs_and_jlhws(plan):
    trace = plan["trace"]
    assert [(o["href"].rsplit("/", 1)[1], len(o["priorities"]), len(o["steps"])) for o in trace] == [
        ("1", 1, 2), ("2", 1, 2), ("3", 2, 3), ("4", 1, 3), ("5", 1, 2), ("7", 1, 3), ("8", 1, 1)]

    def jlhws(code: str, place: str) -> dict:
        return {"iri": ID + f"jlhws/{code}/2023", "href": f"/id/jlhws/{code}/2023",
                "title": f"{place} joint local health and wellbeing strategy 2023 to 2028 (illustrative example)"}

    def need(jsna: str, number: int, label: str) -> dict:
        return {"iri": ID + f"jsna/{jsna}/2022/need/{number}", "href": f"/id/jsna/{jsna}/2022/need/{number}",
                "label": label, "jsna": {"iri": ID + f"jsna/{jsna}/2022", "href": f"/id/jsna/{jsna}/2022"}}

    assert trace[0] == {
        "iri": ID + "plan/QRL/2024/objective/1", "href": "/id/plan/QRL/2024/objective/1",
        "title": "Improve the timeliness of urgent and emergency care",
        "priorities": [{
            "iri": ID + "ics/QRL/2023/priority/4", "href": "/id/ics/QRL/2023/priority/4",
            "label": "Joined-up care closer to home",
            "strategy": {"iri": ID + "ics/QRL/2023", "href": "/id/ics/QRL/2023",
                         "title": "Hampshire and Isle of Wight integrated care strategy 2023 (illustrative example)"},
            "needs": [need("E06000046", 1, "An older age profile and rising frailty"),
                      need("E10000014", 1, "An ageing population with rising frailty")],
        }],
        "steps": [
            {"iri": ID + "plan/QRL/2024/step/1-1", "href": "/id/plan/QRL/2024/step/1-1",
             "title": "Open a single point of access for urgent care in each place, staffed by clinicians from the "
                      "ambulance service and community providers", "implements": []},
            {"iri": ID + "plan/QRL/2024/step/1-2", "href": "/id/plan/QRL/2024/step/1-2",
             "title": "Run an Island urgent community response and frailty hub at St Mary's Hospital",
             "implements": [jlhws("E06000046", "Isle of Wight"),
                            {"iri": ID + "jlhws/E06000046/2023/priority/1",
                             "href": "/id/jlhws/E06000046/2023/priority/1", "title": "Ageing well on the Island"}]},
        ],
    }
    implemented = {i["href"].split("/priority/")[0] for o in trace for s in o["steps"] for i in s["implements"]}
    assert implemented == {"/id/jlhws/E06000044/2023", "/id/jlhws/E06000045/2023", "/id/jlhws/E06000046/2023",
                           "/id/jlhws/E10000014/2023"}


def test_plan_page_opinions_of_each_board(plan):
    def opinion(code: str, board: str, given: str, priority: str) -> dict:
        return {"iri": ID + f"plan/QRL/2024/opinion/{code}", "href": f"/id/plan/QRL/2024/opinion/{code}",
                "hwb": {"iri": ID + f"hwb/{code}", "href": f"/id/hwb/{code}",
                        "name": f"{board} Health and Wellbeing Board"},
                "strategy": {"iri": ID + f"jlhws/{code}/2023", "href": f"/id/jlhws/{code}/2023"},
                "given_on": given, "final": True, "takes_proper_account": True,
                "text": f"The {board} Health and Wellbeing Board considers that the draft plan takes proper account of "
                        f"the {board} joint local health and wellbeing strategy, in particular its priority "
                        f"'{priority}'."}

    assert plan["opinions"] == [
        opinion("E10000014", "Hampshire", "2024-03-07", "Starting well"),
        opinion("E06000046", "Isle of Wight", "2024-03-14", "Ageing well on the Island"),
        opinion("E06000044", "Portsmouth", "2024-03-13", "A smokefree Portsmouth"),
        opinion("E06000045", "Southampton", "2024-03-11", "Closing the gap in life expectancy"),
    ]


def test_plan_page_consultation_and_views(plan):
    activities = plan["consultation"]["activities"]
    # The order of the groups within an activity is left open (GROUP_CONCAT).
    assert [(a["href"], a["start"], a["end"], set(a["groups"].split("; "))) for a in activities] == [
        ("/id/plan/QRL/2024/consultation/1", "2023-11-13T09:00:00Z", "2024-01-31T17:00:00Z",
         {"people for whom the ICB has core responsibility"}),
        ("/id/plan/QRL/2024/consultation/2", "2023-11-13T09:00:00Z", "2024-01-31T17:00:00Z",
         {"inclusion health groups", "underserved groups", "voluntary, community and social enterprise sector"}),
        ("/id/plan/QRL/2024/consultation/3", "2023-11-13T09:00:00Z", "2024-01-31T17:00:00Z",
         {"voluntary, community and social enterprise sector", "condition communities"}),
        ("/id/plan/QRL/2024/consultation/4", "2024-01-19T09:00:00Z", "2024-01-31T17:00:00Z",
         {"primary care providers (consultees)", "relevant health and wellbeing boards",
          "integrated care partnership (consultee)", "NHS England (consultee)"}),
    ]
    assert (activities[0]["title"], activities[0]["method"]) == (
        "Survey and public events on the priorities and the draft plan",
        "online and paper survey, with public events in each place")
    views = plan["consultation"]["views"]
    assert sorted((v["href"], (v["changed"] or {}).get("href")) for v in views) == [
        ("/id/plan/QRL/2024/view/1", "/id/plan/QRL/2024/objective/8"),
        ("/id/plan/QRL/2024/view/2", "/id/plan/QRL/2024/step/5-2"),
        ("/id/plan/QRL/2024/view/3", "/id/plan/QRL/2024/objective/2"),
        ("/id/plan/QRL/2024/view/3", "/id/plan/QRL/2024/pathway/neurology"),
        ("/id/plan/QRL/2024/view/4", None),
    ]
    assert views[0] == {
        "iri": ID + "plan/QRL/2024/view/1", "href": "/id/plan/QRL/2024/view/1",
        "text": "People want quicker access to GP and dental appointments and clearer information about where to go "
                "for urgent care.",
        "how_taken_into_account": "We added an objective on access to general practice and NHS dentistry and a single "
                                  "point of access for urgent care in each place.",
        "changed": {"iri": ID + "plan/QRL/2024/objective/8", "href": "/id/plan/QRL/2024/objective/8",
                    "title": "Recover access to general practice and NHS dentistry"},
    }


def test_plan_page_editions_and_what_changed_since_the_previous(plan, client):
    editions = dict(plan["editions"], changes=dict(plan["editions"]["changes"]))
    parts = editions["changes"].pop("parts")
    # Every change edition-diff reports (the same named query), slips first, with the part and both values.
    assert [(c["change"], (c["part"] or c["previous_part"])["href"].split("/", 5)[-1]) for c in parts] == [
        ("date slipped", "metric/4-1"), ("date slipped", "milestone/1-1"), ("date slipped", "milestone/2-1"),
        ("date slipped", "milestone/4-1"), ("date slipped", "milestone/7-1"), ("target changed", "metric/4-1"),
        *(("status changed", f"milestone/{n}-1") for n in (1, 2, 3, 4, 5, 7)),
        ("metric added", "metric/8-1"), ("metric removed", "metric/6-1"), ("milestone added", "milestone/8-1"),
        ("milestone removed", "milestone/6-1"), ("objective added", "objective/8"),
        ("objective removed", "objective/6"), ("step added", "step/8-1"), ("step removed", "step/6-1"),
    ]
    assert parts[2] == {
        "change": "date slipped",
        "part": {"iri": ID + "plan/QRL/2024/milestone/2-1", "href": "/id/plan/QRL/2024/milestone/2-1"},
        "previous_part": {"iri": ID + "plan/QRL/2023/milestone/2-1", "href": "/id/plan/QRL/2023/milestone/2-1"},
        "title": "Community neuro-rehabilitation service open on the Isle of Wight",
        "previous_value": "2024-03-31", "new_value": "2025-03-31",
    }
    rows = client.get("/queries/edition-diff", params={"edition_iri": ID + "plan/QRL/2024", "format": "json"})
    # The page reads the kinds of change one by one; together they are edition-diff's rows, value for value.
    columns = ("change", "part", "previous_part", "title", "previous_value", "new_value")
    on_page = sorted(tuple(((c[k] or {}).get("iri") if k.endswith("part") else c[k]) or "" for k in columns)
                     for c in parts)
    assert on_page == sorted(tuple(row.get(k) or "" for k in columns) for row in rows.json()["rows"])
    html = client.get("/id/plan/QRL/2024", headers=HTML).text
    assert ('<li class="slipped">date slipped: <a href="/id/plan/QRL/2024/milestone/2-1">Community '
            "neuro-rehabilitation service open on the Isle of Wight</a> (2024-03-31 → 2025-03-31)</li>") in html
    assert html.index("date slipped:") < html.index("objective added:")
    assert editions == {
        "editions": [
            {"iri": ID + "plan/QRL/2023", "href": "/id/plan/QRL/2023", "period_start": "2023-04-01",
             "revision_of": None},
            {"iri": ID + "plan/QRL/2024", "href": "/id/plan/QRL/2024", "period_start": "2024-04-01",
             "revision_of": ID + "plan/QRL/2023"},
        ],
        "changes": {
            "previous": {"iri": ID + "plan/QRL/2023", "href": "/id/plan/QRL/2023"},
            "objectives_added": ["Recover access to general practice and NHS dentistry"],
            "objectives_removed": ["Eliminate waits of more than 65 weeks for planned care"],
        },
    }


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
    # The invented examples and the real plans (data/real-plans), which state no period but a first financial year.
    assert with_plans == {"/id/icb/QRL": "/id/plan/QRL/2024", "/id/icb/QNQ": "/id/plan/QNQ/2024",
                          "/id/icb/QJK": "/id/plan/QJK/2024", "/id/icb/QR1": "/id/plan/QR1/2023",
                          "/id/icb/QU9": "/id/plan/QU9/2023", "/id/icb/QWO": "/id/plan/QWO/2024"}
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
    assert bad.status_code == 400 and bad.json()["error"].startswith("parameter icb_iri=not an iri: not an identifier")
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
    changed = QRL_2024_PLAN_ONLY.replace(b"(illustrative example)\"@en-GB", b"(edited)\"@en-GB", 1)
    for headers in ({}, {"authorization": "Bearer wrong-token-0123456789"}, {"authorization": TOKEN}):
        refused = client.put("/id/plan/QRL/2024", content=changed, headers=dict(headers, **{"content-type": "text/turtle"}))
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == 'Bearer realm="jfp-graph"'
    assert client.get("/graphs").json() == before


def test_a_write_with_the_token_replaces_the_edition_and_queries_see_it(client):
    changed = QRL_2024_PLAN_ONLY.replace(b"(illustrative example)\"@en-GB", b"(edited)\"@en-GB", 1)
    auth = {"authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"}
    try:
        done = client.put("/id/plan/QRL/2024", content=changed, headers=auth)
        assert done.status_code == 200 and done.json()["plan"] == ID + "plan/QRL/2024"
        assert _plan_title(client).endswith("(edited)")
        ask = client.get("/sparql", params={"query": 'ASK { ?p <http://purl.org/dc/terms/title> ?t FILTER(STRENDS(?t, "(edited)")) }'},
                         headers={"accept": "application/sparql-results+json"})
        assert ask.json()["boolean"] is True
    finally:
        client.put("/id/plan/QRL/2024", content=QRL_2024_PLAN_ONLY, headers=auth)
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
    # The bundle: 3 invented example editions and 5 real plans (data/real-plans).
    assert counts["integrated care boards"] == 42 and counts["joint forward plan editions"] == 8
    assert len(client.get("/icbs", headers={"accept": "application/json"}).json()["icbs"]) == 42
    reqs = client.get("/requirements", headers={"accept": "application/json"}).json()["requirements"]
    assert len(reqs) == requirement_count and reqs[0]["modality"] == "must"


def test_labels_are_looked_up_once_per_iri_in_label_order(tmp_path):
    import pyoxigraph as ox

    from jfp_graph.store import EmbeddedStore
    from jfp_graph.web.describe import labels
    from jfp_graph.web.pagequeries import PageQueries
    from jfp_graph.web.runner import LocalRunner

    store = EmbeddedStore(tmp_path / "store")
    x = "http://example.org/"
    rdfs, skos = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel"
    dct, jfp = "http://purl.org/dc/terms/title", JFP + "sectionNumber"
    facts = [("a", rdfs, "A label"), ("a", dct, "A title"), ("b", dct, "B title"), ("b", jfp, "B number"),
             ("c", jfp, "14Z52"), ("d", x + "other", "not a label"), ("f", jfp, "F number"), ("f", skos, "F pref")]
    graph = ox.NamedNode(x + "g")
    store.write_graphs({graph.value: [ox.Quad(ox.NamedNode(x + s), ox.NamedNode(p), ox.Literal(o), graph)
                                      for s, p, o in facts]})
    store.flush()
    runner = LocalRunner(str(tmp_path / "store"), workers=1, timeout=10, cap=100)
    try:
        reader = PageQueries(runner)
        terms = [ox.NamedNode(x + n) for n in "abcdef"] + [ox.Literal("a"), ox.BlankNode(), ox.NamedNode(x + "a")]
        found = labels(reader, terms)
        assert found == {x + "a": "A label", x + "b": "B title", x + "c": "14Z52", x + "f": "F pref"}
        assert labels(reader, [ox.Literal("only literals")]) == {}
    finally:
        runner.close()


def test_a_resource_referred_to_from_across_the_country_shows_500_referrers_and_links_to_them_all(tmp_path):
    from urllib.parse import parse_qs, urlsplit

    import pyoxigraph as ox

    from jfp_graph.store import EmbeddedStore
    from jfp_graph.web.describe import properties
    from jfp_graph.web.pagequeries import PageQueries
    from jfp_graph.web.runner import LocalRunner

    store = EmbeddedStore(tmp_path / "store")
    x, graph = "http://example.org/", ox.NamedNode("http://example.org/g")
    addresses = ox.NamedNode(JFP + "addressesRequirement")
    quads = [ox.Quad(ox.NamedNode(f"{x}claim/{n:03}"), addresses, ox.NamedNode(x + target), graph)
             for target, count in (("crowded", 501), ("full", 500)) for n in range(count)]
    store.write_graphs({graph.value: quads})
    store.flush()
    runner = LocalRunner(str(tmp_path / "store"), workers=1, timeout=10, cap=1000)
    try:
        reader = PageQueries(runner)
        crowded, full = properties(reader, x + "crowded"), properties(reader, x + "full")
    finally:
        runner.close()
    # Up to 500, every referrer, in order; past that, 500 of them and the address of them all.
    assert [s["subject"]["iri"] for s in full["incoming"]] == [f"{x}claim/{n:03}" for n in range(500)]
    assert full["more_incoming"] is None
    shown = [s["subject"]["iri"] for s in crowded["incoming"]]
    assert len(shown) == len(set(shown)) == 500 and shown == sorted(shown)
    assert set(shown) < {f"{x}claim/{n:03}" for n in range(501)}
    link = urlsplit(crowded["more_incoming"])
    assert link.path == "/sparql"
    everyone = store.select(parse_qs(link.query)["query"][0])
    assert [r["s"].value for r in everyone.rows] == [f"{x}claim/{n:03}" for n in range(501)]


@pytest.fixture(scope="module")
def limited():
    """A server whose row cap is below the number of ICBs."""
    app = create_app(Settings(store="memory", workers=1, row_cap=41, query_timeout=5))
    with TestClient(app) as client:
        yield client


def test_a_page_past_the_row_cap_says_so_rather_than_showing_part_of_it(limited):
    too_many = limited.get("/icbs")
    assert (too_many.status_code, too_many.json()) == (503, {
        "error": "this page is too large to show: its query pages/icbs found more than the row cap of 41 rows",
        "status": 503})
    page = limited.get("/icbs", headers=HTML)
    assert page.status_code == 503 and "Server problem" in page.text
    assert "its query pages/icbs found more than the row cap of 41 rows" in page.text
    assert limited.get("/id/hwb/E06000044.json").json()["label"] == "Portsmouth Health and Wellbeing Board"


def test_a_page_past_the_time_limit_says_so_and_its_worker_is_replaced(limited):
    import os
    import signal

    runner = limited.app.state.service.runner
    [stopped] = runner.worker_pids()
    os.kill(stopped, signal.SIGSTOP)  # a worker that cannot answer: its query runs past any limit
    late = limited.get("/id/hwb/E06000045.json")  # not asked before: no kept answer
    assert (late.status_code, late.json()) == (503, {
        "error": "this page could not be made in time: its query pages/resource-exists ran longer than the limit of "
                 "5 s and was stopped",
        "status": 503})
    with pytest.raises(ProcessLookupError):
        os.kill(stopped, 0)
    assert runner.worker_pids() != [stopped]
    assert limited.get("/id/hwb/E06000045.json").json()["label"] == "Southampton Health and Wellbeing Board"


def test_one_negotiation_suffix_then_format_then_accept_for_every_view(client):
    def content_type(path: str, accept: str = "*/*", **params) -> str:
        answer = client.get(path, params=params, headers={"accept": accept})
        assert answer.status_code == 200, answer.text
        return answer.headers["content-type"]

    assert content_type("/id/icb/QRL.json", "text/html", format="ttl") == "application/json"
    assert content_type("/id/icb/QRL", "text/html", format="ttl") == "text/turtle; charset=utf-8"
    assert content_type("/id/icb/QRL", "text/plain") == "application/n-triples"
    assert content_type("/coverage.json", "text/csv") == "application/json"
    assert content_type("/coverage", "text/csv") == "text/csv; charset=utf-8"
    assert content_type("/icbs") == "text/html; charset=utf-8"  # the first format a view offers is its default
    assert content_type("/queries/plans", "application/json;q=0.5, text/csv") == "text/csv; charset=utf-8"
    assert content_type("/sparql", query="ASK {}", format="json") == "application/sparql-results+json; charset=utf-8"
    assert content_type("/sparql", "application/json", query="ASK {}") == (
        "application/sparql-results+json; charset=utf-8")
    assert client.get("/icbs", params={"format": "ttl"}).json() == {
        "error": "format 'ttl' is not offered here; choose one of: html, json", "status": 406}
    assert client.get("/queries/plans", headers={"accept": "image/png"}).json() == {
        "error": "none of the accepted media types (image/png) is offered; offered: html, json, csv", "status": 406}
    graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "format": "json"})
    assert graph.json() == {"error": "format 'json' is not offered here; choose one of: ttl, nt, jsonld, rdf, html",
                            "status": 406}
    # Errors are negotiated the same way, between JSON and an HTML page.
    assert client.get("/id/icb/NOPE.json", headers=HTML).headers["content-type"] == "application/json"
    assert client.get("/id/icb/NOPE", headers=HTML).headers["content-type"] == "text/html; charset=utf-8"


def _page_request(app, path: str, disconnect_after: int) -> int:
    """The status a page answers when its client is connected for the first ``disconnect_after`` reads of the
    connection and gone after. Only the checks read it: the first read gives the request (a GET has no body to
    read), every later one waits until the client goes."""
    reads = 0
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal reads
        reads += 1
        if reads > disconnect_after:
            return {"type": "http.disconnect"}
        if reads == 1:
            return {"type": "http.request", "body": b"", "more_body": False}
        await anyio.sleep_forever()  # connected: nothing more to read

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"accept", b"application/json")],
             "server": ("testserver", 80), "client": ("127.0.0.1", 50000)}
    # In a thread of its own: an event loop another test left set on this thread would refuse a second one.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(anyio.run, app, scope, receive, send).result()
    return sent[0]["status"]


@pytest.mark.parametrize("path", ["/id/plan/QRL/2023", "/id/icb/QNQ", "/id/requirement/hwb-opinion-statement"])
def test_a_page_stops_making_itself_once_its_client_has_gone(client, path, monkeypatch):
    # A check reads the connection until it learns something: past the request, then whether the client has
    # gone. Asked before every query, a client gone after the check before the second query stops the page
    # before its third, with 499 (client closed request) for the access log; one gone at once, before its first.
    monkeypatch.setattr(pagequeries, "CHECK_EVERY_S", 0)
    assert _page_request(client.app, path, disconnect_after=4) == 499
    assert _page_request(client.app, path, disconnect_after=0) == 499
    assert _page_request(client.app, path, disconnect_after=1) == 499  # gone before the page began
    # By default a page asks before its first query, then only once CHECK_EVERY_S has passed: a page made
    # sooner checks once, and a client gone after that gets its page. (Last: a page made is kept, and
    # answered from the cache after.)
    monkeypatch.setattr(pagequeries, "CHECK_EVERY_S", 3600)
    assert _page_request(client.app, path, disconnect_after=1) == 499
    assert _page_request(client.app, path, disconnect_after=2) == 200


def test_terms_and_links_are_written_escaped_as_the_pages_show_them():
    from jfp_graph.web.templating import link, term

    assert term({"iri": ID + "icb/QRL", "href": "/id/icb/QRL?a=1&b=2", "label": 'A&E "<b>"'}) == (
        '<a href="/id/icb/QRL?a=1&amp;b=2">A&amp;E &#34;&lt;b&gt;&#34;</a>')
    assert term({"iri": "https://example.org/x?a=<1>", "label": None}) == (
        '<a href="https://example.org/x?a=&lt;1&gt;" rel="external">https://example.org/x?a=&lt;1&gt;</a>')
    assert term({"bnode": "b<0>"}) == '<span class="bnode">_:b&lt;0&gt;</span>'
    assert term({"value": "5 < 6", "lang": "en-gb"}) == "5 &lt; 6 <small>@en-gb</small>"
    assert term({"value": 7}) == "7"
    assert term(None) == "" and link(None) == "" and link({}) == ""
    assert link({"iri": ID + "x"}) == ID + "x"  # no page of its own: the IRI, unlinked
    assert link({"href": "/id/x", "iri": ID + "x", "title": None, "name": "<X>"}) == '<a href="/id/x">&lt;X&gt;</a>'
    assert link({"href": "/id/x", "iri": ID + "x", "title": "T"}, "chosen") == '<a href="/id/x">chosen</a>'
