"""``POST /validate``: check an uploaded plan against the statute and answer with the report."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

router = APIRouter(tags=["validation"])


@router.post("/validate", summary="Validate an uploaded plan (JSON, SARIF or HTML report)",
             responses={501: {"description": "validation is not available in this build"}})
async def validate(request: Request):
    raise HTTPException(501, "plan validation is not available in this build yet")
