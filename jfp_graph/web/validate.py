"""``POST /validate``: check an uploaded plan against the statute and answer with the report.

The upload is the body itself (its Content-Type names the format) or a multipart form field ``file``
(its file name's suffix names the format). It is written to a private temporary folder only so the
validator reads it exactly as ``jfp-graph validate`` reads files; nothing reaches the store.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from jfp_graph.web.formats import NotAcceptable
from jfp_graph.web.respond import page_format, render

router = APIRouter(tags=["validation"])

SUFFIX_FOR_TYPE = {
    "text/turtle": ".ttl",
    "application/x-turtle": ".ttl",
    "application/trig": ".trig",
    "application/n-triples": ".nt",
    "application/n-quads": ".nq",
    "application/ld+json": ".jsonld",
    "application/rdf+xml": ".rdf",
    "application/yaml": ".yaml",
    "application/x-yaml": ".yaml",
    "text/yaml": ".yaml",
}
SUFFIXES = {".ttl", ".turtle", ".trig", ".nt", ".nq", ".jsonld", ".json", ".rdf", ".owl", ".xml", ".yaml", ".yml"}
REPORT_TYPES = {"json": "application/json", "sarif": "application/sarif+json", "html": "text/html; charset=utf-8"}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            **{t: {"schema": {"type": "string"}} for t in SUFFIX_FOR_TYPE},
            "multipart/form-data": {
                "schema": {"type": "object", "required": ["file"],
                           "properties": {"file": {"type": "string", "format": "binary"}}}
            },
        },
    }
}


async def _upload(request: Request) -> tuple[str, bytes]:
    """(file name, bytes) of the uploaded plan."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        try:
            form = await request.form(max_files=1, max_fields=10)
        except HTTPException:
            raise
        except Exception:  # noqa: BLE001 - the multipart parser's many ways of saying "malformed"
            raise HTTPException(400, "the multipart form could not be read") from None
        field = form.get("file")
        if field is None or isinstance(field, str):
            raise HTTPException(400, "the form has no file field named 'file'")
        name = Path(field.filename or "plan").name
        if Path(name).suffix.lower() not in SUFFIXES:
            raise HTTPException(415, f"unsupported file type '{name}'; known suffixes: {', '.join(sorted(SUFFIXES))}")
        return name, await field.read()
    suffix = SUFFIX_FOR_TYPE.get(content_type)
    if suffix is None:
        known = ", ".join(list(SUFFIX_FOR_TYPE) + ["multipart/form-data"])
        raise HTTPException(415, f"unsupported content type '{content_type or 'none'}'; send one of: {known}")
    return "upload" + suffix, await request.body()


@router.post(
    "/validate",
    summary="Validate an uploaded plan: the report as JSON, SARIF 2.1.0 or HTML",
    responses={
        200: {"description": "the validation report", "content": {t: {} for t in REPORT_TYPES.values()}},
        400: {"description": "the upload could not be read (line and reason) or holds no plan"},
        413: {"description": "upload too large"},
        415: {"description": "unsupported format"},
    },
    openapi_extra=_BODY,
)
async def validate(
    request: Request,
    format: str | None = Query(None, description="json, sarif or html; overrides Accept"),
    fail_on: str = Query("violation", pattern="^(violation|warning|info|none)$",
                         description="the severity from which the report's exit code is 1"),
):
    from jfp_graph.validation import THRESHOLDS
    from jfp_graph.validation.formats import FORMATS

    try:
        chosen = page_format(request, None, ["json", "sarif", "html"]) if format is None else format
    except NotAcceptable as error:
        raise HTTPException(406, str(error)) from None
    if chosen not in REPORT_TYPES:
        raise HTTPException(406, f"format '{chosen}' is not offered; choose json, sarif or html")
    name, data = await _upload(request)
    if not data.strip():
        raise HTTPException(400, "the upload is empty")
    with tempfile.TemporaryDirectory(prefix="jfp-graph-validate-") as folder:
        path = Path(folder) / (_SAFE_NAME.sub("_", name) or "plan.ttl")
        path.write_bytes(data)
        run = await run_in_threadpool(request.app.state.service.validate_paths, [path])
    if run.errors:
        error = run.errors[0]
        extra = {"line": error.line, "column": error.column} if error.line is not None else {}
        raise HTTPException(400, {"error": f"the upload could not be read: {name}: {error.reason}", **extra})
    if not run.plans:
        raise HTTPException(400, "the upload holds no plan edition (a jfp:JointForwardPlan)")
    threshold = THRESHOLDS[fail_on]
    if chosen == "html":
        return render(request.app.state.templates, request, "report.html", {"run": run, "threshold": threshold,
                                                                             "name": name})
    return Response(FORMATS[chosen](run, threshold), media_type=REPORT_TYPES[chosen])
