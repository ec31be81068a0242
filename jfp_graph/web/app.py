"""The web application: pages for people, JSON and RDF for programs, and a safe SPARQL endpoint."""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from jfp_graph import __version__
from jfp_graph.web.admission import Busy
from jfp_graph.web.cache import KeptAnswers, ResponseCache
from jfp_graph.web.fastpath import FastPaths
from jfp_graph.web.limits import SPARQL_PATH, SizeLimit
from jfp_graph.web.links import local_path
from jfp_graph.web.pagequeries import ClientGone
from jfp_graph.web.respond import error_response
from jfp_graph.web.runner import UpstreamFailed, WorkerLost
from jfp_graph.web.service import GraphService
from jfp_graph.web.settings import Settings
from jfp_graph.web.templating import page_templates

HERE = Path(__file__).resolve().parent
log = logging.getLogger("jfp_graph.web")

DESCRIPTION = """Joint forward plans of NHS England's integrated care boards, linked to the strategies they deliver
and the statute they answer to. Every resource has an HTML page and JSON, JSON-LD and Turtle twins (by suffix
or `Accept`). `/sparql` is a read-only SPARQL 1.1 Protocol endpoint. Writes need a bearer token."""


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


# Query parameters a route reads from the raw query string rather than declaring them: /sparql looks for
# ``update`` to refuse it (``sparql_api._refuse_updates``).
READ_BY_HAND = {"/sparql": frozenset({"update"})}


def _declared(dependant) -> set[str]:
    """The query parameters a route (or any of its dependencies, such as ``offers``) declares."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _declared(sub)
    return names


def route_parameters(routes: list[APIRoute]) -> Callable[[dict], frozenset[str] | None]:
    """For a request's scope, the query parameters its route reads (``None`` if no route takes it)."""
    found: dict[int, frozenset[str]] = {}

    def parameters(scope: dict) -> frozenset[str] | None:
        for route in routes:
            if route.matches(scope)[0] == Match.FULL:
                if id(route) not in found:
                    found[id(route)] = frozenset(_declared(route.dependant) | READ_BY_HAND.get(route.path, set()))
                return found[id(route)]
        return None

    return parameters


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    settings.check()
    service = GraphService(settings)
    # Not on lifespan shutdown: test clients start and stop the lifespan many times over one app. Workers
    # also end by themselves when this process ends (their input closes).
    atexit.register(service.close)
    templates = page_templates(HERE / "templates", local_path=local_path, version=__version__)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Requests waiting for a worker, a reader or the validator each hold a thread: room for all of them,
        # and as many again for everything else (pages, writes), so bounded waits never starve the rest.
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(limiter.total_tokens, 2 * service.threads_needed())
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="jfp-graph",
        version=__version__,
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.service = service
    app.state.settings = settings
    app.state.templates = templates

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        detail = error.detail if isinstance(error.detail, str) else "request refused"
        extra = error.detail if isinstance(error.detail, dict) else None
        if extra:
            detail = extra.pop("error", detail)
        return error_response(request, error.status_code, detail, extra, getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError):
        return error_response(request, 400, _validation_message(error))

    @app.exception_handler(UpstreamFailed)
    async def upstream_failed(request: Request, error: UpstreamFailed):
        return error_response(request, error.status, error.message)

    @app.exception_handler(Busy)
    async def busy(request: Request, error: Busy):
        return error_response(request, 503, error.message, headers={"Retry-After": str(error.retry_after)})

    @app.exception_handler(ClientGone)
    async def client_gone(request: Request, error: ClientGone):
        # Never delivered; the status is for the access log (499, "client closed request", as nginx logs it).
        return error_response(request, 499, "the client closed the connection before its page was made")

    @app.exception_handler(WorkerLost)
    async def worker_lost(request: Request, error: WorkerLost):
        log.warning("a worker ended before answering %s %s: %s", request.method, request.url.path, error)
        return error_response(
            request, 503, f"the query's worker process ended before answering (a query may use at most "
                          f"{settings.worker_memory_mb} MiB of memory); it has been replaced"
        )

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception):
        # Logged in full on the server; the client learns only that it was not its fault.
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal error: the server log has the details")

    from jfp_graph.web import named, pages, sparql_api, validate, write

    # pages last: it holds the catch-all resource paths.
    routers = [sparql_api.router, named.build_router(), validate.router, write.router, pages.router]
    for router in routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    # The routes as declared, in the order they are tried: the limits and the cache look a request's up.
    routes = [route for router in routers for route in router.routes if isinstance(route, APIRoute)]
    # A kept answer skips routing entirely. Only an embedded store is kept: every write to it passes through
    # this server and bumps the generation; a remote endpoint can change unseen.
    cache_bytes = settings.cache_mb * 2**20 if service.embedded else 0
    app.state.answers = KeptAnswers(lambda: service.runner.generation, cache_bytes)
    # Inside the cache, which keeps their answers as it keeps any route's; the handlers are the ones above.
    fast = {SPARQL_PATH: (("GET", "POST"), sparql_api.sparql_request)}
    fast |= {path: (("GET",), endpoint) for path, endpoint in named.direct_endpoints().items()}
    app.add_middleware(FastPaths, endpoints=fast, handlers=app.exception_handlers)
    app.add_middleware(ResponseCache, answers=app.state.answers, parameters=route_parameters(routes))
    # Outermost: a request over a limit is refused the same way whether or not its answer is kept.
    app.add_middleware(SizeLimit, settings=settings, routes=routes)
    return app
