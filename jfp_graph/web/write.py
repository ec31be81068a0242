"""Loading or replacing a plan edition: the only write, and only with the configured bearer token.

A PUT writes one plan edition's graph and nothing else: its address must name a real ICB and a year (the
rule ``load`` and ``validate`` apply), the upload is read in a reader process within the upload limits, and
every statement must be about the plan or one of its parts (``plan/QRL/2024/objective/1``), or about a blank
node: a plan cannot say anything about an ICB, another plan or the statute.
"""

from __future__ import annotations

import hmac

import pyoxigraph as ox
from fastapi import APIRouter, Header, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool

from jfp_graph.identifiers import plan_problem
from jfp_graph.layout import LayoutError, documents_in
from jfp_graph.media import JSON, suffix_by_media_type
from jfp_graph.namespaces import JFPID
from jfp_graph.rdfio import InputError
from jfp_graph.web.respond import answer
from jfp_graph.web.service import DiskFull, WritesUnavailable
from jfp_graph.web.uploads import Upload, UploadTimeout, UploadTooCostly

router = APIRouter(tags=["writes"])

# An upload's Content-Type names its format: any RDF format, or the YAML authoring format.
SUFFIX_FOR_TYPE = suffix_by_media_type()
SHOWN = 5  # statements outside the plan named in a refusal


def authorise(request: Request, authorization: str | None) -> None:
    """401 unless the request carries the configured token; 403 when the server takes no writes at all."""
    token = request.app.state.settings.write_token
    if token is None:
        raise HTTPException(403, "this server takes no writes: no write token is configured (JFP_GRAPH_TOKEN)")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(
            401, "writes need 'Authorization: Bearer <token>' with the server's write token",
            headers={"WWW-Authenticate": 'Bearer realm="jfp-graph"'},
        )


def input_refused(error: InputError) -> HTTPException:
    """A 400 naming the reason, and the line and column where known."""
    extra = {"line": error.line, "column": error.column} if error.line is not None else {}
    return HTTPException(400, {"error": f"the upload could not be read: {error.path}: {error.reason}", **extra})


async def read_upload(request: Request, upload: Upload, want_quads: bool = True) -> list[ox.Quad]:
    """The upload read in a reader process: 400 (unreadable, with line and column), 413 (past the memory a
    reader may use), 503 (past the time limit; or every reader busy, with Retry-After)."""
    service, settings = request.app.state.service, request.app.state.settings
    try:
        return await run_in_threadpool(service.uploads.read, upload, want_quads)
    except InputError as error:
        raise input_refused(error) from None
    except UploadTimeout:
        raise HTTPException(
            503, f"the upload took longer than the limit of {settings.upload_timeout:g} s to read and was stopped"
        ) from None
    except UploadTooCostly:
        raise HTTPException(
            413, f"reading the upload needs more memory than the limit of {settings.worker_memory_mb} MiB"
        ) from None


def outside(plan: str, quads: list[ox.Quad]) -> list[str]:
    """Subjects of statements that are neither about ``plan``, one of its parts, nor a blank node."""
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    return sorted(s for s in subjects if s != plan and not s.startswith(plan + "/"))


@router.put(
    "/id/plan/{ods}/{year}",
    summary="Load or replace a plan edition (needs the bearer token)",
    responses={
        200: {"description": "the edition's graph was replaced"},
        400: {"description": "no such ICB or year; unreadable upload (line and reason); it does not describe "
                             "this edition, or says something about another resource"},
        401: {"description": "missing or wrong bearer token; nothing written"},
        409: {"description": "this server reads a remote endpoint and takes no writes"},
        413: {"description": "upload too large, or too costly to read"},
        415: {"description": "unsupported content type"},
        503: {"description": "the upload took too long to read, or every reader is busy (Retry-After)"},
        507: {"description": "the store's disk is full; nothing was written"},
    },
    openapi_extra={"requestBody": {"required": True, "content": {t: {"schema": {"type": "string"}}
                                                                  for t in SUFFIX_FOR_TYPE}}},
)
async def put_plan(
    request: Request,
    ods: str = Path(..., description="ICB ODS code, e.g. QRL"),
    year: str = Path(..., description="start year of the plan's first financial year, e.g. 2024"),
    authorization: str | None = Header(None),
):
    authorise(request, authorization)
    service = request.app.state.service
    if not service.embedded:
        raise HTTPException(409, str(WritesUnavailable()))
    plan = f"{JFPID}plan/{ods}/{year}"
    if problem := plan_problem(plan, []):
        raise HTTPException(400, problem)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in SUFFIX_FOR_TYPE:
        known = ", ".join(SUFFIX_FOR_TYPE)
        raise HTTPException(415, f"unsupported content type '{content_type}'; send one of: {known}")
    data = await request.body()
    upload = Upload(data, SUFFIX_FOR_TYPE[content_type], f"upload for plan/{ods}/{year}")
    quads = await read_upload(request, upload)
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise HTTPException(400, "the upload must describe the plan in its default graph (no named graphs)")
    found = documents_in(quads)
    if found != [plan]:
        raise HTTPException(
            400, f"the upload must describe exactly the document <{plan}> (found: {', '.join(found) or 'none'})"
        )
    if problem := plan_problem(plan, quads):
        raise HTTPException(400, problem)
    if strays := outside(plan, quads):
        shown = ", ".join(f"<{s}>" for s in strays[:SHOWN])
        if len(strays) > SHOWN:
            shown += f" and {len(strays) - SHOWN} more"
        raise HTTPException(
            400, f"a plan upload may only describe <{plan}> and its parts (<{plan}/...>): it also describes {shown}"
        )
    try:
        written = await run_in_threadpool(service.replace_document, plan, quads)
    except (WritesUnavailable, LayoutError) as error:
        raise HTTPException(409, str(error)) from None
    except DiskFull as error:
        raise HTTPException(507, f"the store's disk is full; nothing was written: {error}") from None
    return answer(request, JSON, {"plan": plan, "href": f"/id/plan/{ods}/{year}", "triples": written})
