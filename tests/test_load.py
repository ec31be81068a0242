"""Load under pressure, briefly (``python -m bench.load`` runs it longer): 64 connections on loopback, varied
addresses, the answer cache on and off, mixed with hostile requests. Every 5xx is admission control's 503 with
Retry-After, no connection is dropped without an answer, and memory stays bounded."""

from bench.load import run
from jfp_graph.web import Settings

SECONDS = 12


def test_64_connections_of_mixed_and_hostile_requests_get_answers_and_memory_stays_bounded(tmp_path):
    figures = run(SECONDS, tmp_path)
    for name, found in figures.items():
        assert found["unexpected_5xx"] == [], name
        assert found["dropped"] == [], name
        assert found["tracebacks"] == 0, name
        statuses = found["statuses"]
        assert statuses.get(200, 0) > 100, (name, statuses)
        assert {400, 401, 405, 413, 414, 431} <= set(statuses), (name, statuses)  # the hostile ones were refused
        assert found["server_peak_mb"] < 1024, (name, found["server_peak_mb"])
        started = Settings().workers + Settings().upload_readers  # the default query workers and upload readers
        assert len(found["workers_peak_mb"]) == started and max(found["workers_peak_mb"]) < 2048, name
