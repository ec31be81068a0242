"""`info`: the bundled graph."""

from __future__ import annotations

import click

from jfp_graph import __version__
from jfp_graph.cli.common import connect_store, handle_errors, store_options


@click.command()
@store_options
@click.option("--no-examples", is_flag=True, help="Leave the example plans and strategies out.")
@handle_errors
def info(store_location, endpoint, update_endpoint, graph_store, no_examples: bool) -> None:
    """Load the bundled graph into the store (if needed) and print what it holds."""
    from jfp_graph.bundle import ensure_bundle
    from jfp_graph.queries import load_query

    store = connect_store(store_location, endpoint, update_endpoint, graph_store)
    written = ensure_bundle(store, include_examples=not no_examples)
    result = store.select(load_query("summary").text)
    click.echo(f"jfp-graph {__version__}  store: {store.location}")
    if written:
        click.echo(f"loaded {len(written)} graph(s) from the bundle")
    width = max(len(row["what"].value) for row in result.rows)
    for row in result.rows:
        click.echo(f"  {row['what'].value:<{width}}  {int(row['count'].value):>6}")

