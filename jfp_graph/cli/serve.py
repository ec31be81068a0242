"""`serve`: the web pages, JSON API and SPARQL endpoint over the same store as the other commands."""

from __future__ import annotations

import click

from jfp_graph.cli.common import handle_errors
from jfp_graph.store import default_store_path


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--store",
    "store_location",
    default=None,
    help="Embedded store folder, or 'memory' [default: $JFP_GRAPH_STORE or ~/.local/share/jfp-graph/store].",
)
@click.option("--endpoint", default=None, help="Read from this SPARQL 1.1 query endpoint instead of a store.")
@click.option("--timeout", "query_timeout", type=float, default=None, help="Query time limit in seconds [default: 10].")
@click.option("--row-cap", type=int, default=None, help="Most rows a query may return [default: 10000].")
@click.option("--workers", type=int, default=None, help="Query worker processes [default: cores + 1, at most 9].")
@click.option("--cache-mb", type=int, default=None,
              help="Memory for answers kept until the store changes; 0 keeps none [default: 64].")
@click.option("--queue", type=int, default=None,
              help="Requests that may wait for a worker; more get 503 with Retry-After [default: 8].")
@click.option("--result-mb", type=int, default=None,
              help="Largest query answer in MiB; more is cut off and flagged truncated [default: 32].")
@click.option("--no-bundle", is_flag=True, help="Do not load the bundled graph and examples into the store.")
@handle_errors
def serve(host, port, store_location, endpoint, query_timeout, row_cap, workers, cache_mb, queue, result_mb,
          no_bundle) -> None:
    """Serve pages for people, JSON/RDF for programs and a read-only SPARQL endpoint.

    On a fresh machine this loads the bundled ontology, statute, reference data and example plans first.
    Writes (PUT /id/plan/{ODS}/{YEAR}) need the bearer token in $JFP_GRAPH_TOKEN.
    """
    import uvicorn

    from jfp_graph.web import Settings, create_app
    from jfp_graph.web.limits import http_protocol

    if store_location and endpoint:
        raise click.UsageError("give --store or --endpoint, not both")
    if not endpoint and not store_location:
        store_location = default_store_path()
    try:
        settings = Settings.from_env(
            store=store_location,
            endpoint=endpoint,
            query_timeout=query_timeout,
            row_cap=row_cap,
            workers=workers,
            cache_mb=cache_mb,
            queue=queue,
            result_mb=result_mb,
            load_bundle=not no_bundle and not endpoint,
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"jfp-graph: loading {'endpoint ' + endpoint if endpoint else 'store ' + store_location} ...", err=True)
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"jfp-graph serving at http://{shown}:{port}/ (SPARQL at /sparql, API docs at /docs)")
    # No access log: formatting a line per request costs more than answering from the cache. uvicorn
    # picks uvloop by itself; the HTTP protocol is httptools' with bounds on the address and headers.
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, http=http_protocol(settings))
