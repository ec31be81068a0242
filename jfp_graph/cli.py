"""The ``jfp-graph`` command line.

Exit codes (the same for every command):
  0  success / nothing at or above the failure threshold
  1  findings at or above the threshold (validation, ontology checks)
  2  input could not be read (the message names file, line, column and reason)
  3  internal or configuration error (store cannot be opened, bundled data missing)
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from jfp_graph import __version__
from jfp_graph.bundle import BundleError
from jfp_graph.rdfio import InputError
from jfp_graph.store import MEMORY, EmbeddedStore, StoreError, default_store_path

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def handle_errors(command):
    """Turn known failures into one clear line on stderr and a documented exit code; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_INPUT)
        except (StoreError, BundleError) as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_INTERNAL)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence for users
            click.echo(f"internal error: {type(error).__name__}: {error}", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper


store_option = click.option(
    "--store",
    "store_location",
    default=default_store_path,
    show_default="$JFP_GRAPH_STORE or ~/.local/share/jfp-graph/store",
    help=f"Embedded store folder, or '{MEMORY}' for a throw-away store.",
)


def open_store(location: str) -> EmbeddedStore:
    return EmbeddedStore(location)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="jfp-graph")
def main() -> None:
    """Joint forward plans as a knowledge graph: load, check, query and serve them."""


@main.command()
@store_option
@click.option("--no-examples", is_flag=True, help="Leave the example plans and strategies out.")
@handle_errors
def info(store_location: str, no_examples: bool) -> None:
    """Load the bundled graph into the store (if needed) and print what it holds."""
    from jfp_graph.bundle import ensure_bundle
    from jfp_graph.queries import load_query

    store = open_store(store_location)
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
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Default: data/reference.ttl.")
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


@main.group()
def ontology() -> None:
    """Tools for ontology authors: quality checks and documentation."""


@ontology.command("check")
@click.option("--no-reasoner", is_flag=True, help="Skip the HermiT consistency check (needs Java).")
@handle_errors
def ontology_check(no_reasoner: bool) -> None:
    """Run the QA checks (labels, definitions, sources, declarations) and HermiT; exit 1 on errors."""
    from jfp_graph.ontology import check_reasoner, load_ontology_graph, run_qa_checks

    graph = load_ontology_graph()
    findings = run_qa_checks(graph)
    for finding in findings:
        click.echo(f"{finding.severity}: [{finding.check}] {finding.term}: {finding.problem}")
    errors = [f for f in findings if f.severity == "error"]
    if not no_reasoner:
        result = check_reasoner(graph)
        click.echo(result.summary() if hasattr(result, "summary") else str(result))
        if not result.consistent or result.unsatisfiable:
            errors.append(result)
    click.echo(f"{len(findings)} QA finding(s), {len(errors)} error(s)")
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)


@ontology.command("docs")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/ontology"), show_default=True)
@handle_errors
def ontology_docs(output: Path) -> None:
    """Write human-readable HTML documentation of the ontology."""
    from jfp_graph.ontology import load_ontology_graph, write_docs

    write_docs(load_ontology_graph(), output)
    click.echo(f"wrote {output}")
