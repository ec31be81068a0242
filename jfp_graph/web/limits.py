"""Request size limits, enforced before a body, an address or a header reaches any parser.

Two layers. The HTTP protocol (``http_protocol``, for uvicorn) bounds what the server will buffer at all:
an address past the longest any route accepts is a 414 and a request head past the header limit a 431, as
soon as that many bytes have arrived. The ``SizeLimit`` middleware then applies each route's own limits: 414
for an address longer than its route allows (only ``/sparql`` may carry a whole query), 431 for headers, 413
for a body past the limit, declared or streamed, but only on a route that takes the method: anything else
goes on to its 404 or 405 without the body being read.
"""

from __future__ import annotations

import json

from fastapi import HTTPException
from starlette.routing import BaseRoute, Match

from jfp_graph.web.settings import Settings

UPLOAD_PATHS = ("/validate", "/id/plan/")
SPARQL_PATH = "/sparql"
# httptools finds the path and query of an address with 16-bit offsets: it cannot read a longer address, so
# none is accepted (a query longer than fits goes in a POST body).
MAX_ADDRESS = 65_535


def _refusal(status: int, message: str) -> bytes:
    return json.dumps({"error": message, "status": status}).encode()


class SizeLimit:
    """ASGI middleware: 414, 431 and 413 by the limits of the route a request is for."""

    def __init__(self, app, settings: Settings, routes: list[BaseRoute]) -> None:
        self.app = app
        self.settings = settings
        self.routes = routes

    def body_limit(self, path: str) -> int:
        if path.startswith(UPLOAD_PATHS):
            return self.settings.max_upload_bytes
        if path == SPARQL_PATH:  # a query at the size limit, form-encoded (up to 3 bytes each)
            return self.settings.max_sparql_url_bytes
        return self.settings.max_query_bytes + 1024

    def url_limit(self, path: str) -> int:
        if path == SPARQL_PATH:
            return min(self.settings.max_sparql_url_bytes, MAX_ADDRESS)
        return min(self.settings.max_url_bytes, MAX_ADDRESS)

    def routed(self, scope) -> bool:
        """Whether some route takes this method at this path (else the app answers 404 or 405)."""
        return any(route.matches(scope)[0] == Match.FULL for route in self.routes)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        address = len(scope.get("raw_path") or path.encode()) + len(scope.get("query_string", b""))
        if address > self.url_limit(path):
            return await _refuse(send, 414, f"the address is longer than the limit of {self.url_limit(path)} bytes")
        headers = scope.get("headers") or []
        if sum(len(name) + len(value) for name, value in headers) > self.settings.max_header_bytes:
            return await _refuse(
                send, 431, f"the request headers are larger than the limit of {self.settings.max_header_bytes} bytes"
            )
        named = dict(headers)
        declared = named.get(b"content-length")
        if (declared is None and b"transfer-encoding" not in named) or not self.routed(scope):
            # No body; or no route takes this method here, so the app answers 404 or 405 without reading it.
            return await self.app(scope, receive, send)
        limit = self.body_limit(path)
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
    body = _refusal(status, message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _Refused(Exception):
    """Raised inside a parser callback to stop reading a request that is over a limit."""


def http_protocol(settings: Settings) -> type:
    """uvicorn's httptools protocol, bounded: an address longer than any route takes is a 414 and a request
    head larger than the header limit a 431, before more of either is buffered (httptools alone buffers any
    amount). The connection is closed after the answer."""
    import httptools
    from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

    url_limit = min(max(settings.max_url_bytes, settings.max_sparql_url_bytes), MAX_ADDRESS)
    header_limit = settings.max_header_bytes
    head_limit = url_limit + header_limit + 1024  # the request line's method and version, line ends

    class BoundedHttpToolsProtocol(HttpToolsProtocol):
        reading_head = False
        head_bytes = header_bytes = 0
        refusal: tuple[int, str] | None = None

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.reading_head, self.head_bytes, self.header_bytes, self.refusal = True, 0, 0, None

        def on_url(self, url: bytes) -> None:
            super().on_url(url)
            if len(self.url) > url_limit:
                self.refusal = (414, f"the address is longer than the limit of {url_limit} bytes")
                raise _Refused()

        def on_header(self, name: bytes, value: bytes) -> None:
            self.header_bytes += len(name) + len(value)
            if self.header_bytes > header_limit:
                self.refusal = (431, f"the request headers are larger than the limit of {header_limit} bytes")
                raise _Refused()
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self.reading_head = False
            super().on_headers_complete()

        def data_received(self, data: bytes) -> None:
            # uvicorn's own, except that a refusal raised in a callback is answered instead of its generic 400.
            was_reading = self.reading_head
            self._unset_keepalive_if_required()
            try:
                self.parser.feed_data(data)
            except httptools.HttpParserUpgrade:
                if self._should_upgrade():
                    self.handle_websocket_upgrade()
                else:
                    self._unsupported_upgrade_warning()
                return
            except httptools.HttpParserError:
                if self.refusal is not None:
                    self.refuse(*self.refusal)
                else:
                    self.logger.warning("Invalid HTTP request received.")
                    self.send_400_response("Invalid HTTP request received.")
                return
            if self.reading_head:
                # httptools keeps a header it has not finished in a buffer of its own: count what arrived.
                self.head_bytes += len(data) if was_reading else len(self.url) + self.header_bytes
                if self.head_bytes > head_limit:
                    status = 431 if self.headers else 414
                    self.refuse(status, f"the request head is larger than the limit of {head_limit} bytes")

        def refuse(self, status: int, message: str) -> None:
            body = _refusal(status, message)
            self.transport.write(
                STATUS_LINE[status]
                + b"content-type: application/json\r\ncontent-length: " + str(len(body)).encode()
                + b"\r\nconnection: close\r\n\r\n" + body
            )
            self.transport.close()

    return BoundedHttpToolsProtocol
