"""Writes are all-or-nothing even when the writing process is killed: real processes, ``kill -9``, many moments.

Each test measures how long an uninterrupted write takes, kills a fresh one at moments drawn with a fixed
seed across that time, reopens the store (which finishes what the killed write left) and checks the
invariant: every graph of the write is there in full with its catalogue entry, or none is. Then the same
write is simply run again.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port

from jfp_graph.journal import JOURNAL_FILE
from jfp_graph.layout import CATALOGUE_GRAPH
from jfp_graph.loader import expand_paths, load_files
from jfp_graph.store import EmbeddedStore, open_store
from jfp_graph.validation.refresh import derived_graphs

KILLS = 8
DCTERMS_IDENTIFIER = "http://purl.org/dc/terms/identifier"
PLAN = "https://w3id.org/jfp-graph/id/plan/QRL/2031"
TOKEN = "crash-test-token-0123456789"


@pytest.fixture(scope="module")
def synthetic(synthetic_national) -> list[Path]:
    """Six plan editions and every strategy of the synthetic national graph: a load of a few seconds."""
    return sorted((synthetic_national / "plans").glob("*.ttl"))[:6] + [synthetic_national / "strategies"]


@pytest.fixture(scope="module")
def expected(synthetic, tmp_path_factory) -> dict[str, int]:
    """Graph sizes after the same load, uninterrupted, in process (with the reports the command line writes)."""
    store = open_store(tmp_path_factory.mktemp("reference") / "store", derived=derived_graphs)
    load_files(store, expand_paths(synthetic))
    return store.graph_sizes()


def _moments(seconds: float, seed: int) -> list[float]:
    rng = random.Random(seed)
    return sorted(rng.uniform(0.02, seconds) for _ in range(KILLS))


def _timed(command: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    return time.monotonic() - started


def _kill_after(command: list[str], delay: float) -> bool:
    """Run ``command``, ``kill -9`` it after ``delay`` seconds; whether it was still running then."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return running


def _state(folder: Path, expected: dict[str, int]) -> str:
    """"none" or "all" of the load's graphs after reopening the store; anything else fails the test."""
    store = EmbeddedStore(folder)
    assert not (folder / JOURNAL_FILE).exists()
    sizes = store.graph_sizes()
    if not sizes:
        return "none"
    assert sizes == expected, f"partial store after recovery: {len(sizes)} of {len(expected)} graphs"
    catalogued = {q.subject.value for q in store.quads(CATALOGUE_GRAPH) if q.predicate.value == DCTERMS_IDENTIFIER}
    # Every document graph has its catalogue entry; the validation reports written with them are derived.
    assert catalogued == {graph for graph in expected if graph != CATALOGUE_GRAPH and "/graph/report/" not in graph}
    return "all"


def _load_killed_at_many_moments(tmp_path: Path, command, expected: dict[str, int], seed: int) -> list[str]:
    seconds = _timed(command(tmp_path / "timing"))
    states = []
    for n, delay in enumerate(_moments(seconds, seed)):
        folder = tmp_path / f"killed-{n}"
        running = _kill_after(command(folder), delay)
        journal_left = (folder / JOURNAL_FILE).exists()
        state = _state(folder, expected)
        states.append(f"{'running' if running else 'done'}/{'journal' if journal_left else 'clean'}/{state}")
        # The same load again: from scratch where nothing was kept, replacing where everything was.
        again = command(folder) + ([] if state == "none" else ["--replace"])
        subprocess.run(again, check=True, capture_output=True)
        assert _state(folder, expected) == "all"
    return states


def test_a_command_line_load_killed_at_any_moment_leaves_all_or_nothing(tmp_path, synthetic, expected):
    def command(folder: Path) -> list[str]:
        return [sys.executable, "-m", "jfp_graph", "load", "--store", str(folder), *map(str, synthetic)]

    states = _load_killed_at_many_moments(tmp_path, command, expected, seed=7)
    # Kills landed while the write was under way (its journal on disk), not only before or after it.
    assert any(s.startswith("running/journal/") for s in states), states


API_LOAD = """
import sys
from jfp_graph.api import connect
graph = connect(store=sys.argv[1])
graph.store.bulk_batch = 4000  # many bulk-loader calls, so kills land between and inside them
graph.load(*sys.argv[2:-1], replace=sys.argv[-1] == "--replace")
"""


def test_a_python_api_load_killed_at_any_moment_leaves_all_or_nothing(tmp_path, synthetic, expected):
    def command(folder: Path) -> list[str]:
        return [sys.executable, "-c", API_LOAD, str(folder), *map(str, synthetic), "--keep"]

    def with_replace(folder: Path) -> list[str]:
        return command(folder)[:-1]

    seconds = _timed(command(tmp_path / "timing"))
    states = []
    for n, delay in enumerate(_moments(seconds, seed=13)):
        folder = tmp_path / f"killed-{n}"
        running = _kill_after(command(folder), delay)
        journal_left = (folder / JOURNAL_FILE).exists()
        state = _state(folder, expected)
        states.append((running, journal_left, state))
        subprocess.run(with_replace(folder) + ["--replace" if state == "all" else "--keep"], check=True,
                       capture_output=True)
        assert _state(folder, expected) == "all"
    assert any(running and journal for running, journal, _ in states), states


def _big_plan(objectives: int) -> bytes:
    """A plan edition of about 10 triples per objective, as an author might upload it."""
    lines = [
        "@prefix jfp: <https://w3id.org/jfp-graph/def#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        f"<{PLAN}> a jfp:JointForwardPlan ; jfp:forICB <https://w3id.org/jfp-graph/id/icb/QRL> ;",
        '    dcterms:title "A large plan edition" .',
    ]
    for n in range(objectives):
        o = f"<{PLAN}/objective/{n}>"
        lines.append(
            f'<{PLAN}> jfp:hasObjective {o} . {o} a jfp:Objective ; dcterms:title "Objective {n}" ; '
            f'jfp:hasStep {o[:-1]}/step> . {o[:-1]}/step> a jfp:Step ; dcterms:title "Step {n}" ; '
            f'jfp:hasMetric {o[:-1]}/metric> . {o[:-1]}/metric> a jfp:Metric ; dcterms:title "Metric {n}" ; '
            f'jfp:target {n} .'
        )
    return "\n".join(lines).encode()


class _Server:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        env = dict(os.environ, JFP_GRAPH_TOKEN=TOKEN)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jfp_graph", "serve", "--store", str(folder), "--port", str(self.port),
             "--workers", "1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/graphs", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError("the server did not start")

    def put(self, body: bytes) -> urllib.request.Request:
        return urllib.request.Request(
            f"http://127.0.0.1:{self.port}/id/plan/QRL/2031", data=body, method="PUT",
            headers={"authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"},
        )

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def __enter__(self) -> _Server:
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:  # a failed test leaves no server behind
            self.kill()


def test_a_put_killed_at_any_moment_leaves_the_edition_whole_or_absent(tmp_path):
    folder = tmp_path / "store"
    body = _big_plan(6_500)
    with _Server(folder) as server:
        started = time.monotonic()
        with urllib.request.urlopen(server.put(body), timeout=120) as answer:
            assert answer.status == 200
        seconds = time.monotonic() - started
        server.kill()
    graph = "https://w3id.org/jfp-graph/graph/plan/QRL/2031"
    whole = EmbeddedStore(folder).graph_sizes()[graph]
    EmbeddedStore(folder).drop_graph(graph)

    outcomes = []
    rng = random.Random(5)
    for _ in range(4):
        with _Server(folder) as server:
            request = server.put(body)
            sender = subprocess.Popen(  # the client in a process of its own, so the server can die mid-request
                [sys.executable, "-c", "import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], "
                 "data=sys.stdin.buffer.read(), method='PUT', headers=dict(a.split(': ', 1) for a in sys.argv[2:])))",
                 request.full_url, *(f"{k}: {v}" for k, v in request.header_items())],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            sender.stdin.write(body)
            sender.stdin.close()
            time.sleep(rng.uniform(0.0, seconds))
            server.kill()
            sender.wait()
        sizes = EmbeddedStore(folder).graph_sizes()
        assert sizes.get(graph, whole) == whole, "a partial edition survived the server's death"
        outcomes.append(graph in sizes)
        EmbeddedStore(folder).drop_graph(graph)
    assert outcomes.count(False) >= 1, outcomes  # some PUTs were cut short, and left nothing
