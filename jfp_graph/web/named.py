"""The named query library as pages and endpoints: ``/queries`` and one ``/queries/{name}`` per query.

Each query gets its own route so its parameters appear in the OpenAPI schema; values are checked and
bound by ``jfp_graph.queries`` (as ``VALUES``), never pasted into the query text.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, HTTPException, Query, Request, Response

from jfp_graph.media import MediaFormat, formats
from jfp_graph.queries import NamedQuery, QueryError, all_queries
from jfp_graph.rendering import page_json, plain
from jfp_graph.resolve import UnknownIdentifier, resolve_parameters
from jfp_graph.sparql import inject_values
from jfp_graph.web.links import local_path
from jfp_graph.web.negotiate import negotiate, offers
from jfp_graph.web.respond import answer
from jfp_graph.web.runner import LookupEmpty, Outcome, QueryFailed, QueryTimeout

RESULT_FORMATS = formats("html", "json", "csv")
RESULT = offers(*(f.name for f in RESULT_FORMATS))
LISTING = offers("html", "json")


def _listing(query: NamedQuery) -> dict:
    return {
        "name": query.name,
        "href": f"/queries/{query.name}",
        "summary": query.summary,
        "description": query.description,
        "tags": query.tags,
        "parameters": [
            {"name": p.name, "type": p.kind, "description": p.description, "default": p.default,
             "optional": p.optional}
            for p in query.parameters
        ],
    }


def _endpoint(query: NamedQuery):
    async def run(request: Request, chosen: MediaFormat, **values):
        given = {name: value for name, value in values.items() if value not in (None, "")}
        listing = _listing(query)
        if chosen.name == "html" and not given and any(not p.optional and p.default is None for p in query.parameters):
            # A page visit without the required values: show the form only.
            return answer(request, chosen, {"q": listing, "values": {}, "result": None, "text": query.text},
                          "query.html")
        service = request.app.state.service
        try:
            # One hand-off for the lookups and the query: each waits for a worker.
            outcome = await service.runner.in_thread(_resolve_and_run, query, given, service.runner)
        except UnknownIdentifier as error:
            raise HTTPException(404, str(error)) from None
        except QueryError as error:
            raise HTTPException(400, str(error)) from None
        except QueryFailed as failed:
            raise HTTPException(400, f"SPARQL error: {failed.message}") from None
        except QueryTimeout:
            raise HTTPException(
                503, f"the query ran longer than {service.settings.query_timeout:g} s and was stopped"
            ) from None
        headers = {"JFP-Truncated": "true"} if outcome.truncated else {}
        if chosen.name == "json":
            content = {
                "query": query.name,
                "parameters": {k: str(v) for k, v in given.items()},
                "columns": outcome.variables,
                "rows": [{v: plain(t) for v, t in zip(outcome.variables, row, strict=True)} for row in outcome.rows],
                "truncated": outcome.truncated,
            }
        elif chosen.name == "html":
            rows = [[page_json(t, local_path) for t in row] for row in outcome.rows]
            content = {"q": listing, "values": given, "text": query.text,
                       "result": {"columns": outcome.variables, "rows": rows, "truncated": outcome.truncated}}
        else:
            content = outcome
        return answer(request, chosen, content, "query.html", headers)

    parameters = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)]
    for p in query.parameters:
        parameters.append(
            inspect.Parameter(
                p.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=str | None,
                default=Query(p.default, description=f"{p.description} ({p.kind})".strip()),
            )
        )
    parameters.append(
        inspect.Parameter("chosen", inspect.Parameter.KEYWORD_ONLY, annotation=MediaFormat, default=RESULT)
    )
    run.__signature__ = inspect.Signature(parameters)
    run.__name__ = "query_" + query.name.replace("-", "_")
    return run


def _resolve_and_run(query: NamedQuery, given: dict[str, str], runner) -> Outcome:
    """``query`` run with the values ``given``; IRI parameters may be CURIEs or short forms (QRL/2024), and one
    that names nothing is refused (``UnknownIdentifier``).

    Each identifier is first taken to name something, and the lookups that say so run in the query's own
    worker request, before it: one hand-off to a worker rather than one per identifier. Only if one finds nothing
    (or the values are refused) are they run again one by one, for the error and the closest identifiers."""
    lookups: list[str] = []
    try:
        resolved = resolve_parameters(query, given, _taken_as_found(lookups))
        text = inject_values(query.text, query.bindings(resolved))
        return runner.run(text, lookups=lookups, names_dataset=query.names_dataset)
    except QueryError:
        if lookups:
            resolve_parameters(query, given, _rows(runner))  # an identifier naming nothing is reported first
        raise
    except LookupEmpty:
        resolve_parameters(query, given, _rows(runner))  # raises UnknownIdentifier
        return runner.run(text)  # a write landed between the two: every identifier names something now


def _taken_as_found(lookups: list[str]):
    """Lookups answered with a row without being run, and kept in ``lookups`` to be run with the query."""

    def found(sparql: str) -> list[list[str | None]]:
        lookups.append(sparql)
        return [[None]]

    return found


def _rows(runner):
    """The resolver's lookups, run through the server's runner (in a worker, with its limits)."""

    def run(sparql: str) -> list[list[str | None]]:
        return [[None if term is None else term.value for term in row] for row in runner.run(sparql).rows]

    return run


def direct_endpoints() -> dict[str, Callable[[Request], Awaitable[Response]]]:
    """Each named query's endpoint by its path, as a function of the request alone, reading the values and the
    format as its route does (the last of a repeated parameter; the default for a missing one): for
    ``jfp_graph.web.fastpath``, which answers these paths past the routing."""
    endpoints = {}
    for query in all_queries():
        run = _endpoint(query)

        async def direct(request: Request, run=run, query=query) -> Response:
            values = {p.name: request.query_params.get(p.name, p.default) for p in query.parameters}
            return await run(request, negotiate(request, RESULT_FORMATS), **values)

        endpoints[f"/queries/{query.name}"] = direct
    return endpoints


def build_router() -> APIRouter:
    router = APIRouter(tags=["queries"])
    queries = all_queries()

    @router.get("/queries", summary="The named query library")
    def listing(request: Request, chosen: MediaFormat = LISTING):
        return answer(request, chosen, {"queries": [_listing(q) for q in queries]}, "queries.html")

    for query in queries:
        router.add_api_route(
            f"/queries/{query.name}",
            _endpoint(query),
            methods=["GET"],
            summary=query.summary or query.name,
            description=query.description,
            responses={200: {"content": {"text/html": {}, "application/json": {}, "text/csv": {}}},
                       400: {"description": "missing or malformed parameter"}},
        )

    @router.get("/queries/{name}", include_in_schema=False)
    def unknown(name: str):
        known = ", ".join(q.name for q in queries)
        raise HTTPException(404, f"unknown query '{name}'; known queries: {known}")

    return router
