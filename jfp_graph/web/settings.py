"""The web server's settings: where the graph is and the limits that keep the server safe.

Values come from the caller (``jfp-graph serve`` options) or from ``JFP_GRAPH_WEB_*`` environment variables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

ENV_PREFIX = "JFP_GRAPH_WEB_"
TOKEN_ENV = "JFP_GRAPH_TOKEN"
MOST_CORES_USED = 8  # cores the default number of query workers is sized to, at most


def default_workers() -> int:
    """One query worker for each core this process may run on (up to ``MOST_CORES_USED``), so that the endpoint,
    which may use all workers but one, runs a query on every core; and one more, kept for the site's own
    queries (pages and the named query library)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, MOST_CORES_USED) + 1


@dataclass(frozen=True)
class Settings:
    store: str | None = None  # folder of an embedded Oxigraph store; "memory" gives a throw-away one
    endpoint: str | None = None  # a SPARQL 1.1 query endpoint to read from instead of a store
    write_token: str | None = field(default=None, repr=False)  # bearer token for writes; None = writes refused
    query_timeout: float = 10.0  # seconds of wall-clock time a query may run before its worker is killed
    row_cap: int = 10_000  # rows (or triples) a query may return; more are cut off and flagged "truncated"
    max_query_bytes: int = 64 * 1024  # size of a SPARQL query, in the URL or the body
    max_upload_bytes: int = 5 * 1024 * 1024  # size of an uploaded plan
    max_url_bytes: int = 8 * 1024  # path and query string of any address but /sparql (which may carry a query)
    max_header_bytes: int = 16 * 1024  # all request headers together
    result_mb: int = 32  # bytes of a query's answer (with the row cap): more are cut off and flagged "truncated"
    workers: int = field(default_factory=default_workers)  # query worker processes: cores + 1 (at most 9)
    queue: int = 8  # requests that may wait for a query worker (each kind of request), or for an upload reader
    worker_memory_mb: int = 2048  # data memory of each query worker and upload reader
    upload_timeout: float = 20.0  # seconds an upload may take to read (YAML reads at about 80 KB/s)
    upload_readers: int = 2  # uploads read at once (each in a process of its own)
    cache_mb: int = 64  # answers kept until the store changes (pages, query results); 0 keeps none
    load_bundle: bool = True  # load the bundled graph and examples into the store at start-up
    base_url: str = ""  # public prefix, when served behind a proxy under a path

    @property
    def result_bytes(self) -> int:
        return self.result_mb * 2**20

    @property
    def worker_memory(self) -> int:
        """The memory limit of a worker or reader process, in bytes (0: none)."""
        return self.worker_memory_mb * 2**20

    @property
    def max_sparql_url_bytes(self) -> int:
        """The longest /sparql address: a query at the size limit, percent-encoded (up to 3 bytes each)."""
        return 3 * self.max_query_bytes + 1024

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Settings from ``JFP_GRAPH_WEB_*`` variables (and ``JFP_GRAPH_TOKEN``), then ``overrides``."""
        values: dict = {}
        for name, kind in (
            ("store", str),
            ("endpoint", str),
            ("query_timeout", float),
            ("row_cap", int),
            ("max_query_bytes", int),
            ("max_upload_bytes", int),
            ("max_url_bytes", int),
            ("max_header_bytes", int),
            ("result_mb", int),
            ("workers", int),
            ("queue", int),
            ("worker_memory_mb", int),
            ("upload_timeout", float),
            ("upload_readers", int),
            ("cache_mb", int),
        ):
            raw = os.environ.get(ENV_PREFIX + name.upper())
            if raw:
                try:
                    values[name] = kind(raw)
                except ValueError:
                    raise ValueError(f"{ENV_PREFIX + name.upper()} must be a {kind.__name__}, not {raw!r}") from None
        if os.environ.get(TOKEN_ENV):
            values["write_token"] = os.environ[TOKEN_ENV]
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        if self.store and self.endpoint:
            raise ValueError("give a store or an endpoint, not both")
        if self.query_timeout <= 0 or self.row_cap <= 0 or self.workers <= 0:
            raise ValueError("query_timeout, row_cap and workers must be positive")
        limits = ("max_query_bytes", "max_upload_bytes", "max_url_bytes", "max_header_bytes", "result_mb",
                  "upload_timeout", "upload_readers")
        if any(getattr(self, name) <= 0 for name in limits):
            raise ValueError(", ".join(limits) + " must be positive")
        if self.queue < 0 or self.worker_memory_mb < 0:
            raise ValueError("queue must be 0 (no waiting) or more; worker_memory_mb 0 (no limit) or more")
        if self.cache_mb < 0:
            raise ValueError("cache_mb must be 0 (no cache) or more")
        if self.write_token is not None and len(self.write_token) < 16:
            raise ValueError(f"the write token ({TOKEN_ENV}) must be at least 16 characters")
