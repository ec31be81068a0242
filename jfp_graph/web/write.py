"""Loading or replacing a plan edition: the only write, and only with the configured bearer token."""

from __future__ import annotations

import hmac

import pyoxigraph as ox
from fastapi import APIRouter, Header, HTTPException, Path, Request

from jfp_graph.layout import LayoutError, documents_in
from jfp_graph.media import JSON, rdf_by_media_type
from jfp_graph.namespaces import JFPID
from jfp_graph.rdfio import InputError, parse_bytes
from jfp_graph.web.respond import answer
from jfp_graph.web.service import WritesUnavailable

router = APIRouter(tags=["writes"])

# An upload's Content-Type names its RDF format.
UPLOAD_FORMATS = rdf_by_media_type()


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


def parse_upload(data: bytes, content_type: str, source: str) -> list[ox.Quad]:
    fmt = UPLOAD_FORMATS.get(content_type)
    if fmt is None:
        raise HTTPException(415, f"unsupported content type '{content_type}'; send one of: {', '.join(UPLOAD_FORMATS)}")
    try:
        return parse_bytes(data, fmt, source, base_iri=str(JFPID))
    except InputError as error:
        extra = {"line": error.line, "column": error.column} if error.line is not None else {}
        raise HTTPException(400, {"error": f"the upload could not be read: {error}", **extra}) from None


@router.put(
    "/id/plan/{ods}/{year}",
    summary="Load or replace a plan edition (needs the bearer token)",
    responses={
        200: {"description": "the edition's graph was replaced"},
        400: {"description": "unreadable upload (line and reason), or it does not describe this edition"},
        401: {"description": "missing or wrong bearer token; nothing written"},
        413: {"description": "upload too large"},
        415: {"description": "unsupported content type"},
    },
    openapi_extra={"requestBody": {"required": True, "content": {t: {"schema": {"type": "string"}}
                                                                  for t in UPLOAD_FORMATS}}},
)
async def put_plan(
    request: Request,
    ods: str = Path(..., pattern=r"^[A-Z0-9]{3,5}$", description="ICB ODS code, e.g. QRL"),
    year: int = Path(..., ge=2022, le=2100, description="start year of the plan's first financial year"),
    authorization: str | None = Header(None),
):
    authorise(request, authorization)
    plan = f"{JFPID}plan/{ods}/{year}"
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    data = await request.body()
    quads = parse_upload(data, content_type, f"upload for plan/{ods}/{year}")
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise HTTPException(400, "the upload must describe the plan in its default graph (no named graphs)")
    found = documents_in(quads)
    if found != [plan]:
        raise HTTPException(
            400, f"the upload must describe exactly the document <{plan}> (found: {', '.join(found) or 'none'})"
        )
    try:
        written = request.app.state.service.replace_document(plan, quads)
    except (WritesUnavailable, LayoutError) as error:
        raise HTTPException(409, str(error)) from None
    return answer(request, JSON, {"plan": plan, "href": f"/id/plan/{ods}/{year}", "triples": written})
