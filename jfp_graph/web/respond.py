"""Answering in the chosen format, from one table of renderers, and errors that say what went wrong (never a
traceback).

A view picks its format (``jfp_graph.web.negotiate``) and returns its content through ``answer``: HTML is its
template filled with the content; every other format is ``RENDERERS[name]``, which turns the content into bytes
and says its media type. What each renderer takes:

* ``json``: JSON-ready data (dicts, lists, strings, numbers), or a validation ``Report``;
* ``sparql-json``, ``sparql-xml``, ``csv``, ``tsv``: an ``Outcome`` with solutions or a boolean (a table of terms);
* ``ttl``, ``nt``, ``jsonld``, ``rdf``: an ``Outcome`` with triples;
* ``sarif``: a validation ``Report``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from jfp_graph.media import BY_NAME, HTML, MediaFormat
from jfp_graph.web.negotiate import prefers_html
from jfp_graph.web.serialise import WRITERS

if TYPE_CHECKING:
    from jfp_graph.validation import RunReport, Severity


@dataclass(frozen=True)
class Report:
    """A validation run as ``POST /validate`` answers it, written as ``jfp-graph validate --format`` writes it."""

    run: RunReport
    threshold: Severity | None

    def written(self, name: str) -> bytes:
        from jfp_graph.validation.formats import FORMATS

        return FORMATS[name](self.run, self.threshold).encode()


@dataclass(frozen=True)
class Renderer:
    media_type: str
    render: Callable[[Any], bytes]


def _json(content) -> bytes:
    if isinstance(content, Report):
        return content.written("json")
    return json.dumps(content, ensure_ascii=False, indent=1).encode()


_RENDER: dict[str, Callable[[Any], bytes]] = {
    "json": _json,
    **WRITERS,
    "sarif": lambda report: report.written("sarif"),
}
# Format name → (media type, render function), for every view.
RENDERERS: dict[str, Renderer] = {
    name: Renderer(BY_NAME[name].content_type, render) for name, render in _RENDER.items()
}


def render(request: Request, template: str, context: dict, status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def answer(
    request: Request, fmt: MediaFormat, content, template: str | None = None, headers: dict | None = None
) -> Response:
    """``content`` in format ``fmt``: HTML fills ``template`` with it (a dict), the others are rendered."""
    if fmt is HTML:
        response: Response = render(request, template, content)
        response.headers.update(headers or {})
        return response
    renderer = RENDERERS[fmt.name]
    return Response(renderer.render(content), media_type=renderer.media_type, headers=headers)


def error_response(
    request: Request, status: int, message: str, extra: dict | None = None, headers: dict | None = None
) -> Response:
    """A 4xx/5xx in the client's language: an HTML page for browsers, JSON for everything else."""
    if prefers_html(request):
        context = {"status": status, "message": message, "extra": extra or {}}
        response: Response = render(request, "error.html", context, status=status)
    else:
        response = JSONResponse({"error": message, "status": status, **(extra or {})}, status_code=status)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response
