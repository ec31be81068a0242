"""``POST /validate``: check an uploaded plan against the statute and answer with the report.

The upload is the body itself (its Content-Type names the format) or a multipart form field ``file``
(its file name's suffix names the format). It is first read in a reader process, within the upload limits
(``jfp_graph.web.uploads``): only an upload that reads there, in bounded time and memory, goes on to the
validator, which reads it again from a private temporary folder exactly as ``jfp-graph validate`` reads
files. Nothing reaches the store.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool

from jfp_graph.media import READABLE, MediaFormat, formats, suffix_by_media_type
from jfp_graph.web.negotiate import offers
from jfp_graph.web.respond import Report, answer
from jfp_graph.web.uploads import Upload
from jfp_graph.web.write import input_refused, read_upload

router = APIRouter(tags=["validation"])

# An upload's Content-Type, or its file name's suffix in a form, names its format.
SUFFIX_FOR_TYPE = suffix_by_media_type()
SUFFIXES = {suffix for f in READABLE for suffix in f.suffixes}
REPORT_FORMATS = formats("json", "sarif", "html")
Reported = Annotated[MediaFormat, offers(*(f.name for f in REPORT_FORMATS))]
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


def _validated(service, path: Path):
    """Validation runs one at a time (the validator is shared): a bounded queue waits, the rest is Busy."""
    with service.validations.slot():
        return service.validate_paths([path])


@router.post(
    "/validate",
    summary="Validate an uploaded plan: the report as JSON, SARIF 2.1.0 or HTML",
    responses={
        200: {"description": "the validation report", "content": {f.content_type: {} for f in REPORT_FORMATS}},
        400: {"description": "the upload could not be read (line and reason) or holds no plan"},
        413: {"description": "upload too large, or too costly to read"},
        415: {"description": "unsupported format"},
        503: {"description": "the upload took too long to read, or every reader is busy (Retry-After)"},
    },
    openapi_extra=_BODY,
)
async def validate(
    request: Request,
    chosen: Reported,
    fail_on: str = Query("violation", pattern="^(violation|warning|info|none)$",
                         description="the severity from which the report's exit code is 1"),
):
    from jfp_graph.validation import THRESHOLDS

    name, data = await _upload(request)
    if not data.strip():
        raise HTTPException(400, "the upload is empty")
    await read_upload(request, Upload(data, Path(name).suffix.lower(), name), want_quads=False)
    service = request.app.state.service
    with tempfile.TemporaryDirectory(prefix="jfp-graph-validate-") as folder:
        path = Path(folder) / (_SAFE_NAME.sub("_", name) or "plan.ttl")
        path.write_bytes(data)
        run = await run_in_threadpool(_validated, service, path)
    if run.errors:
        raise input_refused(replace(run.errors[0], path=name))
    if not run.plans:
        raise HTTPException(400, "the upload holds no plan edition (a jfp:JointForwardPlan)")
    threshold = THRESHOLDS[fail_on]
    if chosen.name == "html":
        return answer(request, chosen, {"run": run, "threshold": threshold, "name": name}, "report.html")
    return answer(request, chosen, Report(run, threshold))
