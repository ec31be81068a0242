"""Load under pressure: 64 connections on loopback, varied addresses, mixed with abusive requests.

``python -m bench.load [--seconds 60]`` starts ``jfp-graph serve`` twice on a fresh store, with the answer cache
on and off, and drives each with 64 concurrent connections for the time given: half the requests for a few
popular pages, the rest spread over pages of every ICB, plan, HWB and requirement, named queries with each
ICB and SPARQL queries that differ in their text, and about one request in ten of the abuse corpus's kinds
(SERVICE, updates, deep nesting, unknown graphs, bombs, missing tokens, oversize headers and queries, path
traversal). It prints, as JSON, per run: requests, rate, latency percentiles, statuses, 5xx answers other
than admission control's 503 (with Retry-After), connections dropped without an answer (a hostile request's
may be: a server can close a connection whose body it refused unread), and the peak memory (VmHWM) of the
server and of its worker processes. Loopback only; the test suite runs a short version.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

HOST = "127.0.0.1"
CONNECTIONS = 64
ID = "https://w3id.org/jfp-graph/id/"
TOKEN = "load-token-0123456789abcdef"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def server(store: Path, cache_mb: int, *options: str):
    """``jfp-graph serve`` on a free loopback port, its log beside ``store``; yields (process, base URL)."""
    port = _free_port()
    log = store.parent / f"server-cache-{cache_mb}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "jfp_graph", "serve", "--store", str(store), "--port", str(port),
         "--cache-mb", str(cache_mb), *options],
        stdout=subprocess.DEVNULL, stderr=log.open("w"), env=dict(os.environ, JFP_GRAPH_TOKEN=TOKEN),
    )
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(url + "/graphs", timeout=5).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start: " + log.read_text()) from None
                time.sleep(0.2)
        yield process, url
    finally:
        process.terminate()
        process.wait(timeout=60)


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return json.loads(answer.read())


def requests_for(url: str, rng: random.Random) -> list[tuple[str, str, dict, bytes, bool]]:
    """(method, path, headers, body, abusive) for the addresses the store holds, and hostile ones."""
    icbs = [i["iri"] for i in _get(url + "/icbs?format=json")["icbs"]]
    requirements = [r["iri"] for r in _get(url + "/requirements?format=json")["requirements"]]
    plans = ["plan/QRL/2024", "plan/QRL/2023", "plan/QNQ/2024"]
    hwbs = ["E06000044", "E06000045", "E06000036", "E10000014", "E10000030"]
    json_accept = {"accept": "application/json"}
    html = {"accept": "text/html"}
    cheap: list[tuple[str, str, dict, bytes, bool]] = []
    for iri in icbs:
        local = iri[len(ID):]
        cheap += [("GET", f"/id/{local}.json", {}, b"", False), ("GET", f"/id/{local}", html, b"", False),
                  ("GET", "/queries/plans?" + urlencode({"icb_iri": iri, "format": "json"}), {}, b"", False),
                  ("GET", "/queries/relevant-hwbs?" + urlencode({"icb_iri": iri, "format": "csv"}), {}, b"", False)]
    for plan in plans:
        cheap += [("GET", f"/id/{plan}.json", {}, b"", False), ("GET", f"/id/{plan}", html, b"", False),
                  ("GET", f"/id/{plan}.ttl", {}, b"", False)]
    cheap += [("GET", f"/id/hwb/{code}.json", {}, b"", False) for code in hwbs]
    cheap += [("GET", "/id/" + iri[len(ID):] + ".json", {}, b"", False) for iri in requirements]
    cheap += [("GET", path, html, b"", False) for path in ("/", "/icbs", "/requirements", "/coverage")]
    cheap += [("GET", path, {}, b"", False) for path in ("/coverage.json", "/graphs", "/queries")]
    for limit in range(1, 200):
        query = f"SELECT ?s ?label WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }} LIMIT {limit}"
        cheap.append(("GET", "/sparql?query=" + quote(query), json_accept, b"", False))
    deep = "SELECT * WHERE " + "{" * 500 + "}" * 500
    yaml_bomb = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
                          + [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 8)]).encode()
    hostile = [
        ("GET", "/sparql?query=" + quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
         json_accept, b"", True),
        ("GET", "/sparql?query=" + quote("DROP ALL"), json_accept, b"", True),
        ("GET", "/sparql?query=" + quote(deep), json_accept, b"", True),
        ("GET", "/sparql?query=" + quote("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"), json_accept, b"", True),
        ("POST", "/sparql", {"content-type": "application/sparql-query"}, b"ASK {}\n#" + b"x" * 70_000, True),
        ("POST", "/validate", {"content-type": "application/yaml"}, yaml_bomb, True),
        ("POST", "/validate", {"content-type": "application/ld+json"}, b'{"@context": ' * 3000 + b"{}" + b"}" * 3000,
         True),
        ("PUT", "/id/plan/QRL/2031", {"content-type": "text/turtle"}, b"<a> <b> <c> .", True),
        ("PUT", "/id/plan/QRL/2031", {"content-type": "text/turtle", "authorization": "Bearer wrong"}, b"x", True),
        ("PUT", "/id/icb/QRL", {"content-type": "text/turtle"}, b"x" * 100_000, True),
        ("GET", "/id/../../etc/passwd", {}, b"", True),
        ("GET", "/graphs", {"x-padding": "p" * 20_000}, b"", True),
        ("GET", "/id/icb/QRL.json?x=" + "y" * 9_000, {}, b"", True),
    ]
    popular = [("GET", "/", html, b"", False), ("GET", "/coverage", html, b"", False),
               ("GET", "/id/icb/QRL", html, b"", False), ("GET", "/id/plan/QRL/2024", html, b"", False),
               ("GET", "/id/icb/QNQ.json", {}, b"", False), ("GET", "/coverage.json", {}, b"", False)]
    rng.shuffle(cheap)
    mix = []
    for n, item in enumerate(cheap):
        # Half the requests are for a few popular pages, the rest spread over every address; about one in
        # ten is hostile.
        mix += [item, popular[n % len(popular)]]
        if n % 5 == 0:
            mix.append(hostile[(n // 5) % len(hostile)])
    return mix


async def drive(url: str, seconds: float, mix: list, connections: int = CONNECTIONS) -> dict:
    """``connections`` clients, each asking the next request of ``mix`` until ``seconds`` have passed."""
    import httpx

    statuses: dict[int, int] = {}
    unexpected: list[tuple[str, int]] = []  # 5xx other than admission control's 503 with Retry-After
    latencies: list[float] = []
    dropped: list[tuple[str, str, str]] = []  # connections closed without an answer
    hostile_dropped: list[tuple[str, str, str]] = []
    position = 0
    deadline = time.monotonic() + seconds
    # The server closes a connection idle for 5 s (uvicorn's keep-alive): a client must not reuse one that old,
    # or the two may close and send at the same moment.
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=3)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def one_client() -> None:
            nonlocal position
            while time.monotonic() < deadline:
                method, path, headers, body, hostile = mix[position % len(mix)]
                position += 1
                started = time.monotonic()
                try:
                    answer = await client.request(method, path, headers=headers, content=body or None)
                except httpx.TransportError as error:
                    # A server may close the connection on a request it refuses before reading its body.
                    (hostile_dropped if hostile else dropped).append((method, path[:80], type(error).__name__))
                    continue
                latencies.append(time.monotonic() - started)
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
                if answer.status_code >= 500 and not (answer.status_code == 503 and "retry-after" in answer.headers):
                    unexpected.append((path[:80], answer.status_code))

        await asyncio.gather(*(one_client() for _ in range(connections)))
    latencies.sort()
    count = len(latencies)
    return {
        "requests": count,
        "per_second": round(count / seconds, 1),
        "p50_ms": round(1000 * latencies[count // 2], 1),
        "p99_ms": round(1000 * latencies[min(count - 1, int(count * 0.99))], 1),
        "statuses": dict(sorted(statuses.items())),
        "unexpected_5xx": unexpected,
        "dropped": dropped,
        "hostile_dropped": len(hostile_dropped),
    }


def peak_memory_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return found


def run(seconds: float, folder: Path, seed: int = 1) -> dict:
    """Both runs (answer cache on, then off) over one store in ``folder``."""
    figures = {}
    for cache_mb in (64, 0):
        with server(folder / "store", cache_mb) as (process, url):
            mix = requests_for(url, random.Random(seed))
            # An event loop of its own, in a thread of its own: the caller may be running one already.
            with ThreadPoolExecutor(1) as thread:
                driven = thread.submit(asyncio.run, drive(url, seconds, mix)).result()
            figures[f"cache {'on' if cache_mb else 'off'}"] = dict(
                driven,
                server_peak_mb=round(peak_memory_kb(process.pid) / 1024, 1),
                workers_peak_mb=[round(peak_memory_kb(pid) / 1024, 1) for pid in children(process.pid)],
            )
        log = (folder / f"server-cache-{cache_mb}.log").read_text()
        figures[f"cache {'on' if cache_mb else 'off'}"]["tracebacks"] = log.count("Traceback")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jfp-graph-load-") as folder:
        print(json.dumps(run(arguments.seconds, Path(folder)), indent=1))


if __name__ == "__main__":
    main()
