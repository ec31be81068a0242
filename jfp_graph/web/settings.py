"""The web server's settings: where the graph is and the limits that keep the server safe.

Values come from the caller (``jfp-graph serve`` options) or from ``JFP_GRAPH_WEB_*`` environment variables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

ENV_PREFIX = "JFP_GRAPH_WEB_"
TOKEN_ENV = "JFP_GRAPH_TOKEN"


@dataclass(frozen=True)
class Settings:
    store: str | None = None  # folder of an embedded Oxigraph store; "memory" gives a throw-away one
    endpoint: str | None = None  # a SPARQL 1.1 query endpoint to read from instead of a store
    write_token: str | None = field(default=None, repr=False)  # bearer token for writes; None = writes refused
    query_timeout: float = 10.0  # seconds of wall-clock time a query may run before its worker is killed
    row_cap: int = 10_000  # rows (or triples) a query may return; more are cut off and flagged "truncated"
    max_query_bytes: int = 64 * 1024  # size of a SPARQL query, in the URL or the body
    max_upload_bytes: int = 5 * 1024 * 1024  # size of an uploaded plan
    workers: int = 2  # query worker processes
    cache_mb: int = 64  # answers kept until the store changes (pages, query results); 0 keeps none
    load_bundle: bool = True  # load the bundled graph and examples into the store at start-up
    base_url: str = ""  # public prefix, when served behind a proxy under a path

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
            ("workers", int),
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
        if self.cache_mb < 0:
            raise ValueError("cache_mb must be 0 (no cache) or more")
        if self.write_token is not None and len(self.write_token) < 16:
            raise ValueError(f"the write token ({TOKEN_ENV}) must be at least 16 characters")
