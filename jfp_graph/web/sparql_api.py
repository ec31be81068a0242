"""``/sparql``: the SPARQL 1.1 Protocol, read-only and closed to the outside, plus the YASGUI page."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from jfp_graph.media import formats
from jfp_graph.web.cache import NO_STORE
from jfp_graph.web.guard import RefusedQuery
from jfp_graph.web.negotiate import NotAcceptable, choose, negotiate, prefers_html
from jfp_graph.web.respond import RENDERERS, answer, render
from jfp_graph.web.runner import QueryFailed, QueryTimeout

router = APIRouter(tags=["sparql"])
# What an answer can be written as: SELECT and ASK results, or the graph of a CONSTRUCT or DESCRIBE.
RESULTS_FORMATS = formats("sparql-json", "sparql-xml", "csv", "tsv", "html")
GRAPH_FORMATS = formats("ttl", "nt", "jsonld", "rdf", "html")
TRUNCATED_HEADER = "JFP-Truncated"
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
ONE_QUERY = "give exactly one query: the 'query' parameter appears more than once"
# Relative IRIs in a query are resolved against this base (a query's own BASE still wins): the same for every
# host name the server is reached by, so answers can be kept and compared.
QUERY_BASE = "https://w3id.org/jfp-graph/id/"
_RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.\-]*:)[^<>\"{}|^`\\\s]*>")
# Functions whose value differs between two runs over the same store: such answers are not kept.
VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)

_RESPONSES = {
    200: {
        "description": "Query results (SELECT/ASK) or a graph (CONSTRUCT/DESCRIBE), as negotiated",
        "content": {f.media_type: {} for f in RESULTS_FORMATS + GRAPH_FORMATS if f.name != "html"},
    },
    400: {"description": "Malformed or refused query (update, SERVICE, unknown FROM graph, nested too deeply), "
                         "with the reason"},
    406: {"description": "No acceptable result format"},
    413: {"description": "Query too large (in a body)"},
    414: {"description": "Query too large (in the address)"},
    503: {"description": "The query ran past the time limit or the memory limit, or too many queries are waiting "
                         "(Retry-After)"},
}
_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": ["query"],
                    "properties": {
                        "query": {"type": "string", "description": "SPARQL 1.1 query"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            "application/sparql-query": {"schema": {"type": "string", "description": "SPARQL 1.1 query"}},
        },
    }
}


def _written_formats(request: Request) -> dict[str, str]:
    """For each query form, the format its answer is to be written in by the worker (none for an HTML page,
    made here from the rows, or where nothing is acceptable: that 406 is answered once the form is known)."""
    # What ``negotiate`` reads, for an address without a suffix: the format fields, else Accept.
    named = getattr(request.state, "formats", None) or request.query_params.getlist("format")
    return dict(_formats_for(request.headers.get("accept"), tuple(named)))


@functools.lru_cache(maxsize=256)
def _formats_for(accept: str | None, named: tuple[str, ...]) -> dict[str, str]:
    """``_written_formats`` for the Accept header and format fields given (clients send the same ones again)."""
    chosen = {}
    for forms, offered in ((("select", "boolean"), RESULTS_FORMATS), (("graph",), GRAPH_FORMATS)):
        try:
            fmt = choose(offered, accept, named)
        except NotAcceptable:
            continue
        if fmt.name != "html":
            chosen.update(dict.fromkeys(forms, fmt.name))
    return chosen


async def _answer(request: Request, query: str | None, default_graphs: list[str], named_graphs: list[str]):
    service = request.app.state.service
    settings = request.app.state.settings
    if query is None:
        raise HTTPException(
            400, "no query given: send it as the 'query' parameter or as an application/sparql-query body"
        )
    if len(query.encode()) > settings.max_query_bytes:
        # In the address it is the address that is too long; in a body, the body.
        status = 414 if request.method == "GET" else 413
        raise HTTPException(status, f"the query is larger than the limit of {settings.max_query_bytes} bytes")
    try:
        # The guard's reading and the wait for a worker are off the event loop; the worker parses, runs and
        # writes the answer within the time limit.
        outcome = await service.runner.in_thread(
            service.run_query, query, default_graphs, named_graphs, _written_formats(request)
        )
    except RefusedQuery as refused:
        raise HTTPException(400, refused.as_dict()) from None
    except QueryTimeout:
        raise HTTPException(
            503, f"the query ran longer than the limit of {settings.query_timeout:g} s and was stopped"
        ) from None
    except QueryFailed as failed:
        where = {"line": failed.line, "column": failed.column} if failed.line is not None else {}
        kind = "SPARQL syntax error" if failed.syntax else "SPARQL error"
        raise HTTPException(400, {"error": f"{kind}: {failed.reason}", **where}) from None
    headers = {TRUNCATED_HEADER: "true"} if outcome.truncated else {}
    if VOLATILE.search(query):
        headers["Cache-Control"] = NO_STORE
    if outcome.written_as is not None:  # in the format negotiated for its form
        return Response(outcome.body, media_type=RENDERERS[outcome.written_as].media_type, headers=headers)
    # What can be offered depends on the query's form, known only now that it has run: an HTML page, or a 406.
    chosen = negotiate(request, GRAPH_FORMATS if outcome.form == "graph" else RESULTS_FORMATS)
    content = {"query": query, "outcome": outcome, "row_cap": settings.row_cap}
    return await run_in_threadpool(answer, request, chosen, content, "results.html", headers)


def _refuse_updates(fields: list[tuple[str, str]]) -> None:
    if any(name == "update" for name, _ in fields):
        raise HTTPException(400, READ_ONLY)


def _the_query(fields: list[tuple[str, str]], body: str | None = None) -> str | None:
    """The one query of a request (the body of a direct POST, or the ``query`` field); 400 for two."""
    given = [value for name, value in fields if name == "query"] + ([body] if body is not None else [])
    if len(given) > 1:
        raise HTTPException(400, ONE_QUERY)
    if not given:
        return None
    return with_base(given[0])


def with_base(query: str) -> str:
    """``query``, with ``QUERY_BASE`` declared first when it holds a relative IRI (on its first line, so other
    lines keep their numbers in error messages)."""
    return f"BASE <{QUERY_BASE}> {query}" if _RELATIVE_IRI.search(query) else query


def _utf8(request: Request, raw: bytes, what: str) -> str:
    charset = request.headers.get("content-type", "").partition("charset=")[2].split(";")[0].strip().strip('"')
    if charset and charset.lower() not in ("utf-8", "utf8"):
        raise HTTPException(415, f"{what} must be UTF-8 text, not {charset}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, f"{what} is not UTF-8 text") from None


async def _read_request(request: Request) -> tuple[str | None, list[str], list[str]]:
    """The query of a GET or POST ``/sparql`` request (``None`` if it has none), with its default and named graph
    parameters; a 400 for an update or two queries, 415 for a body that cannot hold a query."""
    fields = list(request.query_params.multi_items())
    if request.method == "GET":
        _refuse_updates(fields)
        query = _the_query(fields)
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            raise HTTPException(400, READ_ONLY)
        if content_type == "application/sparql-query":
            query = _the_query(fields, _utf8(request, await request.body(), "the query"))
        elif content_type == "application/x-www-form-urlencoded":
            fields += parse_qsl(_utf8(request, await request.body(), "the form"), keep_blank_values=True)
            query = _the_query(fields)
        else:
            raise HTTPException(
                415, "send the query as application/x-www-form-urlencoded (query=...) or application/sparql-query"
            )
        _refuse_updates(fields)
        # A form's format fields choose the answer's format as ?format= does (SPARQLWrapper sends them in the body).
        request.state.formats = [value for name, value in fields if name == "format"]
    defaults = [value for name, value in fields if name == "default-graph-uri"]
    named = [value for name, value in fields if name == "named-graph-uri"]
    return query, defaults, named


async def sparql_request(request: Request) -> Response:
    """A GET or POST ``/sparql`` request answered: the query's answer, or without a query the YASGUI editor
    (for a browser's GET)."""
    query, defaults, named = await _read_request(request)
    if query is None and request.method == "GET" and prefers_html(request):
        return render(request, "sparql.html", {})
    return await _answer(request, query, defaults, named)


@router.get(
    "/sparql",
    summary="SPARQL 1.1 query (GET); without a query, browsers get the YASGUI editor",
    responses=_RESPONSES,
)
async def sparql_get(
    request: Request,
    query: str | None = Query(None, description="SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE)"),
    default_graph_uri: list[str] = Query([], alias="default-graph-uri", description="graphs to query as default"),
    named_graph_uri: list[str] = Query([], alias="named-graph-uri", description="graphs available to GRAPH"),
    format: list[str] = Query([], description="json, xml, csv, tsv (results); ttl, nt, jsonld, rdf (graphs); "
                                              "or media types. The first offered wins; overrides Accept"),
):
    return await sparql_request(request)


@router.post("/sparql", summary="SPARQL 1.1 query (POST form or POST direct)", responses=_RESPONSES,
             openapi_extra=_POST_BODY)
async def sparql_post(request: Request):
    return await sparql_request(request)
