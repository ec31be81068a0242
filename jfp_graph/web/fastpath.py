"""GET and POST ``/sparql`` past FastAPI's routing: the endpoint's hot path.

Routing, dependency solving and the exception layers cost the server more time per query than the rest of the
request (the guard, the hand-off to a worker, the answer). Here a ``/sparql`` request is answered by the
endpoint's own function (``sparql_api.sparql_request``, which its routes call too) and its errors by the
application's own handlers, so it is answered exactly as the routes would answer it. The routes stay declared
for ``/openapi.json``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from starlette.requests import Request

from jfp_graph.web.limits import SPARQL_PATH
from jfp_graph.web.sparql_api import sparql_request


class SparqlFastPath:
    """ASGI middleware answering GET and POST ``/sparql``; ``handlers`` are the application's exception handlers
    (by exception class)."""

    def __init__(self, app, handlers: Mapping[type, Callable]) -> None:
        self.app = app
        self.handlers = handlers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != SPARQL_PATH or scope["method"] not in ("GET", "POST"):
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        try:
            response = await sparql_request(request)
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
