"""Running the queries the pages are made from, as ``/queries/{name}`` runs the named queries.

Every query a page runs is a named query: the pages' own in ``queries/pages/*.rq`` (named ``pages/...``, kept
out of the public library) or one of the library's. Parameters are checked and bound as ``VALUES`` by
``NamedQuery.bindings`` and ``inject_values``, and the query runs through the server's runner: in a worker
process with the time limit and row cap, or on the remote endpoint. A page that would need more than either
allows is answered with a 503 saying which query and which limit, not with part of the page. A page whose
client has gone (a closed tab, a reload, a timed-out client) stops before its next query, so abandoned pages
do not hold the workers that the next requests wait for. It asks before its first query, then at most every
``CHECK_EVERY_S``: each asking waits for the event loop, which under load costs a page more than a quick query.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

import anyio.from_thread
import pyoxigraph as ox
from fastapi import HTTPException, Request

from jfp_graph.paths import QUERIES_DIR
from jfp_graph.queries import NamedQuery, load_query
from jfp_graph.sparql import inject_values
from jfp_graph.web.runner import LocalRunner, Outcome, QueryTimeout, RemoteRunner

PAGES = "pages/"
PAGE_QUERIES_DIR = QUERIES_DIR / "pages"
# How long a page goes on before asking again whether its client is still there.
CHECK_EVERY_S = 0.05

Row = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]


@cache
def named_query(name: str) -> NamedQuery:
    """``pages/plan-claims`` from ``queries/pages/``; any other name from the public library."""
    if name.startswith(PAGES):
        return load_query(name.removeprefix(PAGES), PAGE_QUERIES_DIR)
    return load_query(name)


def page_query_names() -> list[str]:
    return sorted(PAGES + path.stem for path in PAGE_QUERIES_DIR.glob("*.rq"))


class ClientGone(Exception):
    """The page's client closed its connection before the page was made."""


async def _client_gone(request: Request) -> bool:
    """Whether the client has closed the connection. The first read of a request without a body gives the
    request itself (a page never reads it), so a first look that learns nothing looks once more."""
    return await request.is_disconnected() or await request.is_disconnected()


class PageQueries:
    """The named queries a page runs, through one runner; ``client_gone`` says whether to stop."""

    def __init__(self, runner: LocalRunner | RemoteRunner, client_gone: Callable[[], bool] | None = None) -> None:
        self.runner = runner
        self.client_gone = client_gone
        self._asked: float | None = None  # when it last asked; the first query asks (a request may wait long)

    def for_request(self, request: Request) -> PageQueries:
        """The queries of one page request, made from a worker thread: the first query, and any after
        ``CHECK_EVERY_S`` or more since the page last asked, first asks the event loop whether the client is
        still connected."""
        return PageQueries(self.runner, lambda: anyio.from_thread.run(_client_gone, request))

    def run(self, name: str, **values: object) -> Outcome:
        if self.client_gone is not None and (self._asked is None or time.monotonic() - self._asked >= CHECK_EVERY_S):
            if self.client_gone():
                raise ClientGone()
            self._asked = time.monotonic()
        query = named_query(name)
        text = inject_values(query.text, query.bindings(values))
        try:
            outcome = self.runner.run(text, names_dataset=query.names_dataset)
        except QueryTimeout:
            raise HTTPException(
                503, f"this page could not be made in time: its query {name} ran longer than the limit of "
                     f"{self.runner.timeout:g} s and was stopped"
            ) from None
        if outcome.truncated:
            raise HTTPException(
                503, f"this page is too large to show: its query {name} found more than the row cap of "
                     f"{self.runner.cap} rows"
            )
        return outcome

    def rows(self, name: str, **values: object) -> list[Row]:
        """The solutions of a SELECT query, each as a dict by variable name (``None`` where unbound)."""
        outcome = self.run(name, **values)
        return [dict(zip(outcome.variables, row, strict=True)) for row in outcome.rows]

    def ask(self, name: str, **values: object) -> bool:
        return self.run(name, **values).boolean
