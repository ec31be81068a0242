"""The named query library as pages and endpoints: ``/queries`` and one ``/queries/{name}`` per query.

Each query gets its own route so its parameters appear in the OpenAPI schema; values are checked and
bound by ``jfp_graph.queries`` (as ``VALUES``), never pasted into the query text.
"""

from __future__ import annotations

import inspect

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from jfp_graph.queries import NamedQuery, QueryError, all_queries
from jfp_graph.rendering import page_json, plain
from jfp_graph.results import select_csv
from jfp_graph.sparql import inject_values
from jfp_graph.web.formats import NotAcceptable, media_type
from jfp_graph.web.links import local_path
from jfp_graph.web.respond import json_response, page_format, render
from jfp_graph.web.runner import QueryFailed, QueryTimeout

FORMATS = ["html", "json", "csv"]


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
    async def run(request: Request, **values):
        fmt = values.pop("format", None)
        try:
            chosen = page_format(request, None, FORMATS) if fmt is None else page_format(request, fmt, FORMATS)
        except NotAcceptable as error:
            raise HTTPException(406, str(error)) from None
        if fmt is not None and fmt not in FORMATS:
            raise HTTPException(406, f"format '{fmt}' is not offered; choose one of: {', '.join(FORMATS)}")
        given = {name: value for name, value in values.items() if value not in (None, "")}
        listing = _listing(query)
        if chosen == "html" and not given and any(not p.optional and p.default is None for p in query.parameters):
            # A page visit without the required values: show the form only.
            return render(request.app.state.templates, request, "query.html",
                          {"q": listing, "values": {}, "result": None, "text": query.text})
        try:
            text = inject_values(query.text, query.bindings(given))
        except QueryError as error:
            raise HTTPException(400, str(error)) from None
        service = request.app.state.service
        try:
            outcome = await run_in_threadpool(service.runner.run, text)
        except QueryTimeout:
            raise HTTPException(503, f"the query ran longer than {service.settings.query_timeout:g} s and was stopped") from None
        except QueryFailed as failed:
            raise HTTPException(400, f"SPARQL error: {failed.message}") from None
        headers = {"JFP-Truncated": "true"} if outcome.truncated else {}
        if chosen == "csv":
            return Response(select_csv(outcome.variables, outcome.rows), media_type=media_type("csv"), headers=headers)
        if chosen == "json":
            return json_response(
                {
                    "query": query.name,
                    "parameters": {k: str(v) for k, v in given.items()},
                    "columns": outcome.variables,
                    "rows": [{v: plain(t) for v, t in zip(outcome.variables, row)} for row in outcome.rows],
                    "truncated": outcome.truncated,
                },
                headers=headers,
            )
        rows = [[page_json(t, local_path) for t in row] for row in outcome.rows]
        return render(
            request.app.state.templates,
            request,
            "query.html",
            {"q": listing, "values": given, "text": query.text,
             "result": {"columns": outcome.variables, "rows": rows, "truncated": outcome.truncated}},
        )

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
        inspect.Parameter("format", inspect.Parameter.KEYWORD_ONLY, annotation=str | None,
                          default=Query(None, description="html, json or csv; overrides Accept"))
    )
    run.__signature__ = inspect.Signature(parameters)
    run.__name__ = "query_" + query.name.replace("-", "_")
    return run


def build_router() -> APIRouter:
    router = APIRouter(tags=["queries"])
    queries = all_queries()

    @router.get("/queries", summary="The named query library")
    def listing(request: Request, format: str | None = Query(None, description="html or json; overrides Accept")):
        data = {"queries": [_listing(q) for q in queries]}
        try:
            chosen = page_format(request, None, ["html", "json"])
        except NotAcceptable as error:
            raise HTTPException(406, str(error)) from None
        if chosen == "json":
            return json_response(data)
        return render(request.app.state.templates, request, "queries.html", data)

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
