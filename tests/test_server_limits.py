"""Every limit the server keeps, each tested where it bites: exact sizes, right statuses, bounded work, fair
admission, writes that keep to their plan, full disks, workers and readers that die, and the server whose
death takes its workers with it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port
from fastapi.testclient import TestClient

from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.web import Settings, create_app

TOKEN = "limits-token-0123456789abcdef"
ID = "https://w3id.org/jfp-graph/id/"
JSON = {"accept": "application/sparql-results+json"}
AUTH = {"authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"}
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PLAN_HEAD = (
    "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@base <https://w3id.org/jfp-graph/id/> .\n"
)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(store="memory", workers=2, write_token=TOKEN))) as client:
        yield client


def _plan(address: str, icb: str = "icb/QRL", extra: str = "") -> bytes:
    return (PLAN_HEAD + f"<{address}> a jfp:JointForwardPlan ; jfp:forICB <{icb}> .\n" + extra).encode()


def _padded(query: str, size: int) -> str:
    """``query`` followed by a comment, ``size`` bytes in all."""
    return query + "\n#" + "x" * (size - len(query) - 2)


# -- sizes -----------------------------------------------------------------------------------------------
def test_a_query_may_be_exactly_64_kib_in_a_body_and_a_form(client):
    direct = {"content-type": "application/sparql-query", **JSON}
    exact, over = _padded("ASK {}", 65_536), _padded("ASK {}", 65_537)
    assert client.post("/sparql", content=exact.encode(), headers=direct).json()["boolean"] is True
    too_big = client.post("/sparql", content=over.encode(), headers=direct)
    assert (too_big.status_code, too_big.json()["error"]) == (413, "the query is larger than the limit of 65536 bytes")
    # Form encoding may triple a query's bytes (braces, spaces): the query is what is counted.
    braces = _padded("ASK {" + "{}" * 10_000 + "}", 65_536)
    assert client.post("/sparql", data={"query": braces}, headers=JSON).json()["boolean"] is True
    assert client.post("/sparql", data={"query": braces + "x"}, headers=JSON).status_code == 413


def test_an_address_is_at_most_what_the_http_parser_reads_and_8_kib_off_sparql(client):
    fits = _padded("ASK {}", 60_000)
    assert client.get("/sparql", params={"query": fits}, headers=JSON).status_code == 200
    long_query = client.get("/sparql", params={"query": _padded("ASK {}", 65_520)}, headers=JSON)
    assert (long_query.status_code, long_query.json()["error"]) == (
        414, "the address is longer than the limit of 65535 bytes")
    assert client.get("/id/icb/QRL.json", params={"x": "y" * 8_000}).status_code == 200  # and now kept
    page = client.get("/id/icb/QRL.json", params={"x": "y" * 8_200})  # the same kept answer, but too long an address
    assert (page.status_code, page.json()["error"]) == (414, "the address is longer than the limit of 8192 bytes")


def test_request_headers_past_16_kib_are_431(client):
    big = client.get("/graphs", headers={"x-padding": "p" * 16_400})
    assert (big.status_code, big.json()["error"]) == (
        431, "the request headers are larger than the limit of 16384 bytes")
    assert client.get("/graphs", headers={"x-padding": "p" * 16_000}).status_code == 200


def test_a_put_to_anything_but_a_plan_edition_is_405_before_its_size_is_looked_at(client):
    body = b"x" * (6 * 2**20)  # over the upload limit
    for path in ("/id/icb/QRL", "/id/plan/QRL/2024/objective/1", "/coverage", "/sparql"):
        refused = client.put(path, content=body, headers=AUTH)
        assert refused.status_code == 405, path
        assert "PUT" not in refused.headers["allow"] and refused.headers["allow"]
    assert client.put("/id/plan/QRL/2024", content=body, headers=AUTH).status_code == 413


# -- bounded work --------------------------------------------------------------------------------------------
def test_the_answer_is_cut_at_the_byte_cap_as_it_is_written():
    pad = "p" * 1_000
    query = f'SELECT ?s ?pad WHERE {{ ?s ?p ?o BIND("{pad}" AS ?pad) }}'
    with TestClient(create_app(Settings(store="memory", workers=1, result_mb=1))) as capped:
        for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
            answer = capped.get("/sparql", params={"query": query}, headers={"accept": accept})
            assert answer.status_code == 200 and answer.headers["jfp-truncated"] == "true", accept
            assert 0.9 * 2**20 < len(answer.content) <= 2**20, accept
        rows = capped.get("/sparql", params={"query": query}, headers=JSON).json()
        assert rows["truncated"] is True and 500 < len(rows["results"]["bindings"]) < 1_000
        construct = f'CONSTRUCT {{ ?s <http://x/pad> "{pad}" }} WHERE {{ ?s ?p ?o }}'
        graph = capped.get("/sparql", params={"query": construct}, headers={"accept": "application/n-triples"})
        assert graph.headers["jfp-truncated"] == "true" and len(graph.content) <= 2**20


def test_a_query_past_its_memory_limit_ends_its_worker_and_nothing_else():
    doubled = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(34))
    query = f'SELECT (STRLEN(?v34) AS ?n) WHERE {{ BIND("0123456789abcdef" AS ?v0) {doubled} }}'
    with TestClient(create_app(Settings(store="memory", workers=1, worker_memory_mb=300))) as limited:
        [before] = limited.app.state.service.runner.worker_pids()
        answer = limited.get("/sparql", params={"query": query}, headers=JSON)
        assert (answer.status_code, answer.json()["error"]) == (503, (
            "the query's worker process ended before answering (a query may use at most 300 MiB of memory); "
            "it has been replaced"))
        assert limited.app.state.service.runner.worker_pids() != [before]
        assert limited.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON).json()["boolean"] is True


def test_a_worker_killed_in_the_middle_of_a_query_is_replaced():
    with TestClient(create_app(Settings(store="memory", workers=1, query_timeout=60))) as one:
        runner = one.app.state.service.runner
        [worker] = runner.worker_pids()
        answers = []
        asking = threading.Thread(target=lambda: answers.append(one.get("/sparql", params={"query": ENDLESS})))
        asking.start()
        time.sleep(1)
        os.kill(worker, signal.SIGKILL)
        asking.join(60)
        assert answers and answers[0].status_code == 503
        assert answers[0].json()["error"].startswith("the query's worker process ended before answering")
        assert runner.worker_pids() != [worker]
        assert one.get("/sparql", params={"query": "ASK {}"}, headers=JSON).json()["boolean"] is True


def test_the_answer_cache_ignores_parameters_a_route_does_not_read():
    with TestClient(create_app(Settings(store="memory", workers=1, query_timeout=3))) as one:
        page = one.get("/id/icb/QRL.json")
        sparql = one.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
        [worker] = one.app.state.service.runner.worker_pids()
        os.kill(worker, signal.SIGSTOP)  # from now on, anything not kept waits for the limit and is a 503
        try:
            again = one.get("/id/icb/QRL.json", params={"x": "1", "utm_source": "y"})
            assert (again.status_code, again.headers["etag"]) == (200, page.headers["etag"])
            more = one.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "nocache": "2"}, headers=JSON)
            assert (more.status_code, more.headers["etag"]) == (200, sparql.headers["etag"])
            update = one.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "update": "DROP ALL"}, headers=JSON)
            assert update.status_code == 400
            # A parameter the route reads is part of the key: this answer is computed, by the stopped worker.
            other = one.get("/id/icb/QRL", params={"format": "ttl"})
            assert other.status_code == 503
        finally:
            with contextlib.suppress(ProcessLookupError):  # replaced once its query ran past the limit
                os.kill(worker, signal.SIGCONT)


# -- writes keep to their plan --------------------------------------------------------------------------------
def test_a_put_may_only_describe_its_plan_and_the_plan_s_parts(client):
    before = client.get("/id/icb/QRL.json").json()
    defaced = _plan("plan/QRL/2032", extra='<icb/QRL> rdfs:label "DEFACED" .\n')
    refused = client.put("/id/plan/QRL/2032", content=defaced, headers=AUTH)
    assert (refused.status_code, refused.json()["error"]) == (400, (
        f"a plan upload may only describe <{ID}plan/QRL/2032> and its parts (<{ID}plan/QRL/2032/...>): "
        f"it also describes <{ID}icb/QRL>"))
    many = "".join(f'<plan/QRL/2031/x> rdfs:label "{n}" . <plan/QNQ/{2024 + n}> rdfs:label "x" .\n' for n in range(7))
    crowded = client.put("/id/plan/QRL/2032", content=_plan("plan/QRL/2032", extra=many), headers=AUTH)
    assert crowded.json()["error"].endswith(
        f"<{ID}plan/QNQ/2024>, <{ID}plan/QNQ/2025>, <{ID}plan/QNQ/2026>, <{ID}plan/QNQ/2027>, "
        f"<{ID}plan/QNQ/2028> and 3 more")
    assert client.get("/id/icb/QRL.json").json() == before
    parts = '<plan/QRL/2032/objective/1> rdfs:label "one" ; rdfs:comment [ rdfs:label "b" ] .\n'
    own = _plan("plan/QRL/2032", extra=parts)
    done = client.put("/id/plan/QRL/2032", content=own, headers=AUTH)
    assert (done.status_code, done.json()["triples"]) == (200, 5)


def test_put_load_and_validate_refuse_the_same_plan_identifiers_with_the_same_message(client, tmp_path):
    for address, reason in (
        ("plan/ZZZ/2024",
         f"<{ID}plan/ZZZ/2024>: no integrated care board has the ODS code 'ZZZ' in the reference graph"),
        ("plan/QRL/abc", f"<{ID}plan/QRL/abc>: 'abc' is not a year (the year the plan's first financial year starts, "
                         "e.g. 2024)"),
    ):
        put = client.put(f"/id/{address}", content=_plan(address, "icb/QNQ"), headers=AUTH)
        assert (put.status_code, put.json()["error"]) == (400, reason)
        validated = client.post("/validate", content=_plan(address, "icb/QNQ"), headers={"content-type": "text/turtle"})
        assert validated.status_code == 400
        assert validated.json() == {"error": f"the upload could not be read: upload.ttl: {reason}", "status": 400,
                                    "line": 4, "column": 1}
        path = tmp_path / "plan.ttl"
        path.write_bytes(_plan(address, "icb/QNQ"))
        loaded = subprocess.run([sys.executable, "-m", "jfp_graph", "load", "--store", str(tmp_path / address[5:8]),
                                 str(path)], capture_output=True, text=True)
        assert (loaded.returncode, loaded.stderr) == (2, f"error: {path}:4:1: {reason}\n")
    mismatch = client.put("/id/plan/QRL/2033", content=_plan("plan/QRL/2033", "icb/QNQ"), headers=AUTH)
    assert mismatch.json()["error"] == f"<{ID}plan/QRL/2033> says it is for <{ID}icb/QNQ>, not for <{ID}icb/QRL>"


# -- uploads are read within their limits ---------------------------------------------------------------------
def test_an_upload_past_its_reading_time_is_stopped_and_the_reader_replaced():
    rows = "".join(f"  - id: plan/QNQ/2030/objective/{n}\n    type: Objective\n    title: Objective {n}\n"
                   for n in range(12_000))
    slow = ("'@context': https://w3id.org/jfp-graph/context.jsonld\nid: plan/QNQ/2030\ntype: JointForwardPlan\n"
            "forICB: icb/QNQ\nhasObjective:\n" + rows).encode()
    with TestClient(create_app(Settings(store="memory", workers=1, upload_timeout=1))) as quick:
        readers = quick.app.state.service.uploads.worker_pids()
        answer = quick.post("/validate", content=slow, headers={"content-type": "application/yaml"})
        assert (answer.status_code, answer.json()["error"]) == (
            503, "the upload took longer than the limit of 1 s to read and was stopped")
        assert quick.app.state.service.uploads.worker_pids() != readers
        small = (EXAMPLES_DIR / "plans" / "QRL-2024.ttl").read_bytes()
        assert quick.post("/validate", content=small, headers={"content-type": "text/turtle"}).status_code == 200


def test_an_upload_that_needs_more_memory_than_a_reader_may_have_is_413():
    values = json.dumps({"@context": {"v": "http://x/v"}, "@id": "http://x/a", "v": ["a"] * 1_200_000}).encode()
    settings = Settings(store="memory", workers=1, worker_memory_mb=256, max_upload_bytes=8 * 2**20,
                        write_token=TOKEN)
    with TestClient(create_app(settings)) as small:
        for answer in (
            small.post("/validate", content=values, headers={"content-type": "application/ld+json"}),
            small.put("/id/plan/QRL/2034", content=values,
                      headers=dict(AUTH, **{"content-type": "application/ld+json"})),
        ):
            assert (answer.status_code, answer.json()["error"]) == (
                413, "reading the upload needs more memory than the limit of 256 MiB")
        assert small.get("/id/icb/QRL.json").status_code == 200


# -- real servers ---------------------------------------------------------------------------------------------
class Server:
    """``jfp-graph serve`` in a process of its own (optionally under another command, such as ``unshare``)."""

    def __init__(self, store: Path, *options: str, wrap: list[str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        serve = [sys.executable, "-m", "jfp_graph", "serve", "--store", str(store), "--port", str(self.port), *options]
        self.process = subprocess.Popen(
            (wrap or []) + serve, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=dict(os.environ, JFP_GRAPH_TOKEN=TOKEN),
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.url + "/graphs", timeout=5):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start: " + self.stop())

    def call(self, path: str, data: bytes | None = None, method: str = "GET", headers: dict | None = None):
        """(status, headers, body) of one request."""
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                return answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def children(self) -> list[int]:
        return _children(self.process.pid)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        return self.process.stderr.read()


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its entry waits to be collected


def test_the_workers_end_when_their_server_is_killed_in_the_middle_of_a_query(tmp_path):
    server = Server(tmp_path / "store", "--workers", "2", "--timeout", "120")
    workers = server.children()
    assert len(workers) == 4  # two query workers and two upload readers
    def ask() -> None:
        with contextlib.suppress(OSError):  # the server dies before it answers
            server.call("/sparql?query=" + urllib.request.quote(ENDLESS))

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    time.sleep(2)  # the query is running in a worker
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in workers if _alive(pid)] == []


def test_slow_queries_wait_in_a_bounded_queue_while_pages_and_cheap_answers_go_on(tmp_path):
    # Two workers: the endpoint's queries may hold one of them, and one more may wait; the pages keep the other.
    server = Server(tmp_path / "store", "--workers", "2", "--timeout", "8", "--queue", "1")
    try:
        kept = server.call("/id/icb/QRL.json")
        assert kept[0] == 200
        finished: list[tuple[str, int, dict]] = []
        lock = threading.Lock()

        def ask(name: str, path: str) -> None:
            status, headers, _ = server.call(path, headers={"accept": "application/sparql-results+json"})
            with lock:
                finished.append((name, status, headers))

        # Distinct texts: the same request asked again would wait for the first one's answer instead.
        threads = [threading.Thread(target=ask, args=(f"slow-{n}", "/sparql?query=" + urllib.request.quote(
            f"{ENDLESS} # {n}"))) for n in range(4)]
        for thread in threads:
            thread.start()
        # Two of the four are taken (one running, one waiting); the other two are turned away at once.
        deadline = time.monotonic() + 60
        while sum(status == 503 for _, status, _ in finished) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        cheap = [("ask", "/sparql?query=ASK%20%7B%7D"), ("kept", "/id/icb/QRL.json"), ("page", "/id/icb/QNQ.json"),
                 ("named", "/queries/plans?format=json")]
        for name, path in cheap:
            ask(name, path)
        for thread in threads:
            thread.join(60)
        order = [name for name, _, _ in finished]
        status = {name: code for name, code, _ in finished}
        # The turned-away slow queries and the cheap requests all came back before either admitted slow one.
        assert sorted(order[:6]) == sorted([o for o in order if o.startswith("slow")][:2] + [n for n, _ in cheap])
        assert [status[name] for name, _ in cheap] == [503, 200, 200, 200]
        busy = [headers for name, code, headers in finished if code == 503 and name in ("ask", *order[:2])]
        assert all(int(headers["retry-after"]) == 8 for headers in busy)
        assert [status[name] for name in order[6:]] == [503, 503]  # the time limit, or the wait for a worker
        assert json.loads(server.call("/sparql?query=ASK%20%7B%7D", headers=JSON)[2])["boolean"] is True
    finally:
        assert "Traceback" not in server.stop()


# -- a full disk ------------------------------------------------------------------------------------------------
def _on_a_small_disk(folder: Path, megabytes: int, command: list[str], store: Path | None = None) -> list[str]:
    """``command`` run in a mount namespace of its own in which ``folder`` is a tmpfs of ``megabytes``, holding
    a copy of ``store`` (as ``folder/store``) if given."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = f'cp -a "{store}" "$1/store" && ' if store else ""
    script = f'mount -t tmpfs -o size={megabytes}m tmpfs "$1" && {copy}shift && exec "$@"'
    return ["unshare", "--mount", "--map-root-user", "sh", "-c", script, "sh", str(folder), *command]


def _big_plan(address: str, objectives: int) -> bytes:
    rows = "".join(f'<{address}/objective/{n}> a jfp:Objective ; rdfs:label "Objective number {n} of many" .\n'
                   for n in range(objectives))
    return _plan(address, extra=rows)


def test_a_full_disk_is_a_507_for_a_put_and_exit_3_for_load_and_nothing_is_written(tmp_path):
    from jfp_graph.bundle import ensure_bundle
    from jfp_graph.store import EmbeddedStore

    seed = EmbeddedStore(tmp_path / "seed")  # the bundle, loaded where there is room; about 3 MB
    ensure_bundle(seed)
    seed.flush()
    del seed
    disk = tmp_path / "disk"
    # Room for the bundle and the reports the server writes when it starts, far too little for the big plan.
    server = Server(disk / "store", "--workers", "1", wrap=_on_a_small_disk(disk, 16, [], tmp_path / "seed"))
    try:
        before = server.call("/graphs")[2]
        status, _, body = server.call("/id/plan/QRL/2031", _big_plan("plan/QRL/2031", 45_000), "PUT", AUTH)
        assert status == 507
        assert json.loads(body)["error"].startswith("the store's disk is full; nothing was written: ")
        assert "No space left on device" in json.loads(body)["error"]
        assert server.call("/graphs")[2] == before
        assert server.call("/id/icb/QRL.json")[0] == 200
    finally:
        assert "Traceback" not in server.stop()
    plan = tmp_path / "plan.ttl"
    plan.write_bytes(_big_plan("plan/QRL/2031", 45_000))
    # On the full disk Oxigraph cannot even reopen the store (it writes a new manifest), so the disk is made
    # larger before the store is looked at.
    load_then_look = [sys.executable, "-c", (
        "import subprocess, sys\n"
        "store, plan, disk = sys.argv[1:]\n"
        "done = subprocess.run([sys.executable, '-m', 'jfp_graph', 'load', '--store', store, plan],"
        " capture_output=True, text=True)\n"
        "subprocess.run(['mount', '-o', 'remount,size=64m', disk], check=True)\n"
        "from jfp_graph.store import EmbeddedStore\n"
        "print(done.returncode, EmbeddedStore(store).graph_names(), done.stderr.strip())\n"
    ), str(disk / "cli"), str(plan), str(disk)]
    done = subprocess.run(_on_a_small_disk(disk, 2, load_then_look), capture_output=True, text=True)
    code, graphs, message = done.stdout.split(" ", 2)
    assert (code, graphs) == ("3", "[]")
    assert message.startswith(f"error: cannot write to the store at {disk / 'cli'}: ")
    assert "No space left on device" in message


def test_by_default_the_endpoint_may_run_a_query_on_every_core_and_one_worker_stays_for_the_site(monkeypatch):
    from jfp_graph.web.runner import OPEN, SITE, query_lanes

    cores = len(os.sched_getaffinity(0))
    lanes = query_lanes(Settings().workers, 8, 10.0)
    assert (lanes[OPEN].slots, lanes[SITE].slots) == (min(cores, 8), min(cores, 8) + 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(32)))
    assert Settings().workers == 9  # sized to at most eight cores
    monkeypatch.setenv("JFP_GRAPH_WEB_WORKERS", "2")
    assert Settings.from_env().workers == 2
