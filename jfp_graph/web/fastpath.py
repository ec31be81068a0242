"""The hot endpoints past FastAPI's routing: GET and POST ``/sparql`` and GET ``/queries/{name}``.

Routing (tried route by route, the named queries' among them), dependency solving and the exception layers cost
the server more time per query than the rest of the request (the guard, the hand-off to a worker, the answer).
Here such a request is answered by the endpoint's own function, which its route calls too
(``sparql_api.sparql_request``, ``named.direct_endpoints``), and its errors by the application's own handlers,
so it is answered exactly as the route would answer it. The routes stay declared for ``/openapi.json``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from starlette.requests import Request
from starlette.responses import Response

Endpoint = Callable[[Request], Awaitable[Response]]


class FastPaths:
    """ASGI middleware answering requests for ``endpoints`` (path → methods and function of the request);
    ``handlers`` are the application's exception handlers (by exception class)."""

    def __init__(self, app, endpoints: Mapping[str, tuple[tuple[str, ...], Endpoint]],
                 handlers: Mapping[type, Callable]) -> None:
        self.app = app
        self.endpoints = endpoints
        self.handlers = handlers

    async def __call__(self, scope, receive, send):
        found = self.endpoints.get(scope["path"]) if scope["type"] == "http" else None
        if found is None or scope["method"] not in found[0]:
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        try:
            response = await found[1](request)
        except Exception as error:
            handler = self._handler(error)
            if handler is None:
                raise  # the server's error layer answers it (500) and logs it, as for any route
            response = await handler(request, error)
        await response(scope, receive, send)

    def _handler(self, error: Exception) -> Callable | None:
        """The handler the application gives ``error``'s class or nearest base, short of ``Exception`` itself."""
        for cls in type(error).__mro__:
            if cls is Exception:
                return None
            if cls in self.handlers:
                return self.handlers[cls]
        return None
