"""Request size limits, enforced before the body reaches any parser."""

from __future__ import annotations

import json

from fastapi import HTTPException

from jfp_graph.web.settings import Settings

UPLOAD_PATHS = ("/validate", "/id/plan/")


class SizeLimit:
    """ASGI middleware: 413 for bodies over the limit (declared or streamed), 414 for over-long query strings."""

    def __init__(self, app, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def limit_for(self, path: str) -> int:
        if path.startswith(UPLOAD_PATHS):
            return self.settings.max_upload_bytes
        return self.settings.max_query_bytes + 1024  # the query plus form encoding and other fields

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope["path"])
        # Percent-encoding can triple a query's size in the URL.
        if len(scope.get("query_string", b"")) > 3 * self.settings.max_query_bytes + 1024:
            return await _refuse(send, 414, f"the query string is longer than {3 * self.settings.max_query_bytes} bytes")
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                return await _refuse(send, 400, "Content-Length is not a number")
            if too_big:
                return await _refuse(send, 413, f"the request body is larger than the limit of {limit} bytes")
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, f"the request body is larger than the limit of {limit} bytes")
            return message

        await self.app(scope, counted, send)


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps({"error": message, "status": status}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
