"""Answering in the form the client asked for, and errors that say what went wrong (never a traceback)."""

from __future__ import annotations

import json

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from jfp_graph.web.formats import NotAcceptable, accepted, choose

PAGE_FORMATS = ["html", "json"]


def wants_html(request: Request) -> bool:
    for media, _ in accepted(request.headers.get("accept")):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in ("application/json", "application/ld+json", "application/sparql-results+json") or media.startswith(
            ("text/turtle", "application/n-triples", "text/csv", "application/rdf+xml", "application/sparql-results")
        ):
            return False
    return False


def page_format(request: Request, suffix: str | None, offered: list[str]) -> str:
    """Suffix (``.json``) first, then ``?format=``, then Accept."""
    if suffix:
        return suffix
    return choose(request.headers.get("accept"), offered, request.query_params.get("format"))


def render(templates: Jinja2Templates, request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, indent=1).encode(),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def error_response(
    request: Request,
    templates: Jinja2Templates,
    status: int,
    message: str,
    extra: dict | None = None,
    headers: dict | None = None,
) -> Response:
    """A 4xx/5xx in the client's language: an HTML page for browsers, JSON for everything else."""
    if wants_html(request):
        context = {"status": status, "message": message, "extra": extra or {}}
        response: Response = render(templates, request, "error.html", context, status=status)
    else:
        response = JSONResponse({"error": message, "status": status, **(extra or {})}, status_code=status)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


__all__ = ["NotAcceptable", "wants_html", "page_format", "render", "json_response", "error_response", "PAGE_FORMATS"]
