"""A policy officer's path through the site in headless Chromium, and a query run in YASGUI."""

import re


def test_from_an_icb_to_its_plan_a_jlhws_and_the_statute(page, server_url):
    page.goto(server_url + "/id/icb/QRL")
    assert page.locator("h1").inner_text() == "NHS Hampshire and Isle of Wight Integrated Care Board"
    page.locator('#documents a[href="/id/plan/QRL/2024"]').click()
    page.wait_for_url(server_url + "/id/plan/QRL/2024")
    summary = page.locator("#scorecard p.summary").inner_text()
    # The stored report's verdict, with the engine and the time it was made.
    assert re.fullmatch(
        r"Validated against the statutory shapes \(shacl [0-9.]+, \d{4}-\d\d-\d\dT[0-9:]+Z\): (\d+) of \1 "
        r"requirements met or not applicable; 0 must, 0 should and 0 could requirements not met\.", summary
    ), summary
    row = page.locator('tr[data-requirement="jlhws-steps"]')
    assert row.locator("td.status").inner_text() == "met"

    to_jlhws = page.locator('#trace a[href="/id/jlhws/E06000044/2023"]').first
    linked = to_jlhws.inner_text()
    to_jlhws.click()
    page.wait_for_url(server_url + "/id/jlhws/E06000044/2023")
    assert page.locator("h1").inner_text() == linked
    assert linked.startswith("Portsmouth joint local health and wellbeing strategy")

    page.go_back()
    page.wait_for_url(server_url + "/id/plan/QRL/2024")
    page.locator('tr[data-requirement="jlhws-steps"] a[href="/legislation/ukpga/2006/41/section/14Z52/2/c"]').click()
    page.wait_for_url(server_url + "/legislation/ukpga/2006/41/section/14Z52/2/c")
    out = page.locator("a.legislation")
    assert out.get_attribute("href") == "https://www.legislation.gov.uk/ukpga/2006/41/section/14Z52/2/c"


def test_a_query_runs_in_yasgui_served_from_the_package(page, server_url):
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((server_url, "data:", "blob:")) else None)
    page.goto(server_url + "/sparql")
    page.wait_for_function("window.jfpYasgui && window.jfpYasgui.getTab()")
    page.evaluate(
        """() => { window.jfpYasgui.getTab().setQuery(
             'PREFIX jfp: <https://w3id.org/jfp-graph/def#>\\n' +
             'SELECT ?plan WHERE { ?plan a jfp:JointForwardPlan } ORDER BY ?plan'); return true; }"""
    )
    page.locator(".yasqe_queryButton").click()
    cells = page.locator(".yasr table tbody td")
    cells.filter(has_text="plan/QRL/2024").first.wait_for()
    text = page.locator(".yasr table tbody").inner_text()
    assert [p for p in ("plan/QNQ/2024", "plan/QRL/2023", "plan/QRL/2024") if p in text] == [
        "plan/QNQ/2024", "plan/QRL/2023", "plan/QRL/2024"]
    assert outside == []


def test_a_construct_runs_in_yasgui_and_shows_its_triples(page, server_url, example_store):
    qrl = "https://w3id.org/jfp-graph/id/icb/QRL"
    query = f"CONSTRUCT {{ <{qrl}> ?p ?o }} WHERE {{ <{qrl}> ?p ?o }}"
    string = "^^<http://www.w3.org/2001/XMLSchema#string>"  # YASR names the type of every plain string
    expected = {
        (str(t.subject), str(t.predicate), str(t.object) + (string if str(t.object).endswith('"') else ""))
        for t in example_store.run_query(query)
    }
    page.goto(server_url + "/sparql")
    page.wait_for_function("window.jfpYasgui && window.jfpYasgui.getTab()")
    page.evaluate("query => { window.jfpYasgui.getTab().setQuery(query); return true; }", query)
    page.locator(".yasqe_queryButton").click()
    page.locator(".yasr table tbody td").filter(has_text="trust/R1F").first.wait_for()
    assert page.locator(".yasr_response_chip").inner_text().startswith(f"{len(expected)} results")
    rows = page.locator(".yasr table tbody tr").all()
    shown = {tuple(cell.inner_text().strip() for cell in row.locator("td").all()[1:]) for row in rows}
    assert shown == expected and len(rows) == len(expected) > 10
