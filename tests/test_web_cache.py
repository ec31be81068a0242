"""Answers kept until the store changes: ETags, 304s, never stale after a write, bounded, and opt-outs."""

import pytest
from fastapi.testclient import TestClient

from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.web import Settings, create_app
from jfp_graph.web.cache import Kept, KeptAnswers

TOKEN = "cache-token-0123456789abcdef"
ID = "https://w3id.org/jfp-graph/id/"
# The example edition as a PUT may carry it: without its statement about the ICB (a plan upload may describe
# only the plan and its parts).
ABOUT_THE_ICB = b"""<icb/QRL>
    jfp:holdsDelegatedSpecialisedServices true ;
    jfp:delegatedFrom "2025-04-01"^^xsd:date .
"""
QRL_2024 = (EXAMPLES_DIR / "plans" / "QRL-2024.ttl").read_bytes().replace(ABOUT_THE_ICB, b"")
EDITED = QRL_2024.replace(b"(illustrative example)\"@en-GB", b"(edited)\"@en-GB", 1)
JSON_RESULTS = {"accept": "application/sparql-results+json"}
TITLE_QUERY = (f"SELECT ?t WHERE {{ <{ID}plan/QRL/2024> <http://purl.org/dc/terms/title> ?t }}")
AUTH = {"authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(store="memory", workers=1, write_token=TOKEN))) as client:
        yield client


def _reads(client):
    """The plan page's JSON twin, its HTML, a named query and /sparql: each read of the plan's title."""
    return {
        "page": client.get("/id/plan/QRL/2024.json"),
        "html": client.get("/id/plan/QRL/2024", headers={"accept": "text/html"}),
        "named": client.get("/queries/plans", params={"icb_iri": ID + "icb/QRL", "format": "json"}),
        "sparql": client.get("/sparql", params={"query": TITLE_QUERY}, headers=JSON_RESULTS),
    }


def _titles(reads) -> dict:
    return {
        "page": reads["page"].json()["label"],
        "html": "(edited)" in reads["html"].text,
        "named": [r["title"] for r in reads["named"].json()["rows"] if r["plan"] == ID + "plan/QRL/2024"],
        "sparql": [b["t"]["value"] for b in reads["sparql"].json()["results"]["bindings"]],
    }


def test_a_repeated_read_is_the_same_answer_with_an_etag_and_304_when_unchanged(client):
    first, second = client.get("/id/icb/QRL.json"), client.get("/id/icb/QRL.json")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    etag = first.headers["etag"]
    assert etag == second.headers["etag"] and etag.startswith('"') and len(etag) == 34
    assert (first.headers["cache-control"], first.headers["vary"]) == ("no-cache", "Accept")
    assert first.headers["content-type"] == "application/json"
    unchanged = client.get("/id/icb/QRL.json", headers={"if-none-match": etag})
    assert (unchanged.status_code, unchanged.content, unchanged.headers["etag"]) == (304, b"", etag)
    assert client.get("/id/icb/QRL.json", headers={"if-none-match": f'"other", W/{etag}'}).status_code == 304
    assert client.get("/id/icb/QRL.json", headers={"if-none-match": '"other"'}).status_code == 200
    # Another representation of the same resource is another answer, with its own tag.
    as_turtle = client.get("/id/icb/QRL", headers={"accept": "text/turtle"})
    assert as_turtle.headers["etag"] != etag and as_turtle.headers["content-type"] == "text/turtle; charset=utf-8"


def test_the_first_answer_already_honours_if_none_match(client):
    fresh = TestClient(create_app(Settings(store="memory", workers=1)))
    with fresh:
        etag = client.get("/id/icb/QNQ.json").headers["etag"]  # the same content in another server
        assert fresh.get("/id/icb/QNQ.json", headers={"if-none-match": etag}).status_code == 304


def test_nothing_stale_is_served_after_a_put(client):
    assert client.put("/id/plan/QRL/2024", content=QRL_2024, headers=AUTH).status_code == 200
    before = _reads(client)
    assert _titles(before) == {
        "page": "Hampshire and Isle of Wight joint forward plan 2024/25 to 2028/29 (illustrative example)",
        "html": False,
        "named": ["Hampshire and Isle of Wight joint forward plan 2024/25 to 2028/29 (illustrative example)"],
        "sparql": ["Hampshire and Isle of Wight joint forward plan 2024/25 to 2028/29 (illustrative example)"],
    }
    again = _reads(client)
    assert all(before[name].headers["etag"] == again[name].headers["etag"] for name in before)
    try:
        assert client.put("/id/plan/QRL/2024", content=EDITED, headers=AUTH).status_code == 200
        after = _reads(client)
        edited = "Hampshire and Isle of Wight joint forward plan 2024/25 to 2028/29 (edited)"
        assert _titles(after) == {"page": edited, "html": True, "named": [edited], "sparql": [edited]}
        for name, response in after.items():
            assert response.headers["etag"] != before[name].headers["etag"], name
            # A client holding the old tag gets the new answer, not a 304.
            path = str(response.request.url).split("testserver", 1)[1]
            revalidated = client.get(path, headers={"if-none-match": before[name].headers["etag"],
                                                    "accept": response.request.headers["accept"]})
            assert revalidated.status_code == 200 and revalidated.content == response.content
    finally:
        assert client.put("/id/plan/QRL/2024", content=QRL_2024, headers=AUTH).status_code == 200
    restored = _reads(client)
    assert _titles(restored) == _titles(before)
    # The same content gives the same tag; the plan's pages show when its report was made, which is now later.
    assert all(restored[n].headers["etag"] == before[n].headers["etag"] for n in ("named", "sparql"))
    restored_page, before_page = restored["page"].json(), before["page"].json()
    assert restored_page["validation"]["generated"] >= before_page["validation"]["generated"]
    for page in (restored_page, before_page):
        del page["validation"]["generated"]
    assert restored_page == before_page


def test_errors_and_volatile_queries_are_not_kept(client):
    missing = client.get("/id/icb/NOPE")
    assert missing.status_code == 404 and "etag" not in missing.headers
    refused = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}, headers=JSON_RESULTS)
    assert refused.status_code == 400 and "etag" not in refused.headers
    answers = client.app.state.answers
    volatile = ["SELECT (NOW() AS ?t) WHERE {}", "select (rand () as ?r) where {}", "SELECT (STRUUID() AS ?u) WHERE {}",
                "CONSTRUCT { ?s <http://x/p> ?b } WHERE { BIND(BNODE() AS ?b) }"]
    for query in volatile:
        kept_before = len(answers.entries)
        response = client.get("/sparql", params={"query": query}, headers={"accept": "*/*"})
        assert response.status_code == 200, query
        assert response.headers["cache-control"] == "no-store" and "etag" not in response.headers
        assert len(answers.entries) == kept_before


def test_static_files_keep_their_own_validators(client):
    script = client.get("/static/sparql.js")
    assert script.status_code == 200 and script.headers["etag"].count('"') == 2
    assert "cache-control" not in script.headers
    assert client.get("/static/sparql.js", headers={"if-none-match": script.headers["etag"]}).status_code == 304


def test_posts_are_answered_afresh(client):
    for _ in range(2):
        answer = client.post("/sparql", data={"query": TITLE_QUERY}, headers=JSON_RESULTS)
        assert answer.status_code == 200 and "etag" not in answer.headers


def test_the_cache_is_bounded_and_forgets_the_least_recently_used():
    with TestClient(create_app(Settings(store="memory", workers=1, cache_mb=1))) as client:
        answers = client.app.state.answers
        icbs = [i["href"] for i in client.get("/icbs", headers={"accept": "application/json"}).json()["icbs"]]
        page_size = len(client.get(icbs[0], headers={"accept": "text/html"}).content)
        answers.max_bytes, answers.max_entry = 10 * page_size, 2 * page_size  # room for about ten ICB pages
        for href in icbs:
            assert client.get(href, headers={"accept": "text/html"}).status_code == 200
        assert 0 < answers.size <= answers.max_bytes
        assert answers.size == sum(answers.cost(key, kept) for key, kept in answers.entries.items())
        kept_paths = [key[0] for key in answers.entries]
        assert kept_paths[-1] == icbs[-1] and icbs[0] not in kept_paths  # the oldest went first
        assert len(kept_paths) < len(icbs)


def test_no_cache_when_switched_off_or_reading_a_remote_endpoint(example_server):
    with TestClient(create_app(Settings(store="memory", workers=1, cache_mb=0))) as client:
        answer = client.get("/id/icb/QRL.json")
        assert answer.status_code == 200 and "etag" not in answer.headers
    with TestClient(create_app(Settings(endpoint=example_server.query_url, workers=1))) as client:
        answer = client.get("/id/icb/QRL.json")
        assert answer.status_code == 200 and "etag" not in answer.headers
        assert client.app.state.answers.max_bytes == 0


def test_an_answer_computed_while_the_store_changed_is_not_kept():
    generation = [3]
    answers = KeptAnswers(lambda: generation[0], max_bytes=10_000)
    kept = Kept(200, [(b"etag", b'"x"')], b"body", b'"x"')
    answers.put(("/a", b"", b""), kept, generation=3)
    assert answers.get(("/a", b"", b"")) is kept
    generation[0] = 4  # a write landed
    assert answers.get(("/a", b"", b"")) is None and answers.size == 0
    answers.put(("/b", b"", b""), kept, generation=3)  # started before the write, finished after it
    assert answers.get(("/b", b"", b"")) is None and answers.entries == {}
    too_big = Kept(200, [], b"x" * 1249, b'"y"')  # with its key, over an eighth of the budget
    answers.put(("/c", b"", b""), too_big, generation=4)
    long_key = ("/sparql", b"query=" + b"x" * 1300, b"*/*")  # a small answer to a long query string
    answers.put(long_key, kept, generation=4)
    assert answers.entries == {}
    answers.put(("/d", b"q", b"*/*"), kept, generation=4)
    assert answers.size == len(b"body") + len(b"etag") + len(b'"x"') + len(b"/d") + 1 + len(b"*/*")


def test_concurrent_requests_for_one_answer_compute_it_once(monkeypatch):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from jfp_graph.web import pages

    computed = []
    original = pages._resource

    def counted(request, chosen, kind, rest):
        computed.append(rest)
        return original(request, chosen, kind, rest)

    monkeypatch.setattr(pages, "_resource", counted)
    app = create_app(Settings(store="memory", workers=1))

    async def together(path: str, n: int = 8):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await asyncio.gather(*(client.get(path, headers={"accept": "text/html"}) for _ in range(n)))

    def run_apart(coroutine):
        # In a thread of its own: the browser tests keep an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    answers = run_apart(together("/id/plan/QRL/2024"))
    assert computed == ["plan/QRL/2024"]
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1 and len({a.headers["etag"] for a in answers}) == 1
    # An answer that cannot be kept is not shared: each request gets its own.
    computed.clear()
    missing = run_apart(together("/id/icb/NOPE", n=4))
    assert {a.status_code for a in missing} == {404} and computed == ["icb/NOPE"] * 4
    app.state.service.close()
