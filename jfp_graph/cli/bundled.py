"""`info` and `build-reference`: the bundled graph."""

from __future__ import annotations

from pathlib import Path

import click

from jfp_graph import __version__
from jfp_graph.cli import connect_store, handle_errors, main, store_options
from jfp_graph.rdfio import InputError


@main.command()
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


@main.command("build-reference")
@click.option(
    "--sources",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of source CSVs (default: the bundled data/sources).",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Default: data/reference.ttl."
)
@handle_errors
def build_reference(sources: Path | None, output: Path | None) -> None:
    """Rebuild the reference graph (ICBs, regions, HWB areas, trusts) from the source CSVs."""
    from jfp_graph.paths import DATA_DIR
    from jfp_graph.reference import ReferenceBuildError, write_reference

    try:
        write_reference(output or DATA_DIR / "reference.ttl", sources or DATA_DIR / "sources")
    except ReferenceBuildError as error:
        raise InputError(str(error.path), error.reason, error.line) from None
    click.echo(f"wrote {output or DATA_DIR / 'reference.ttl'}")
