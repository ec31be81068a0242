"""What every ``jfp-graph`` command shares: exit codes, error handling and the store options.

Exit codes (the same for every command):
  0  success / nothing at or above the failure threshold
  1  findings at or above the threshold (validation, ontology checks)
  2  input could not be read (the message names file, line, column and reason)
  3  internal or configuration error (store cannot be opened, bundled data missing)
"""

from __future__ import annotations

import functools
import os
import sys

import click

from jfp_graph.store import MEMORY, GraphStore, open_store

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
ENDPOINT_ENV = "JFP_GRAPH_ENDPOINT"


def handle_errors(command):
    """Turn known failures into one clear line on stderr and a documented exit code; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        # The exit happens outside the except block so no traceback (which would keep an on-disk store
        # locked) outlives the failure.
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`jfp-graph query --list | head`): stop quietly, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except Exception as error:  # noqa: BLE001 - the last line of defence for users
            message, code = describe_error(error)
        click.echo(message, err=True)
        sys.exit(code)

    return wrapper


def describe_error(error: Exception) -> tuple[str, int]:
    """The line a user sees for ``error``, and the exit code."""
    # Imported here, not at start-up: the bundle module brings in rdflib, which most commands never need.
    from jfp_graph.bundle import BundleError
    from jfp_graph.queries import QueryError
    from jfp_graph.rdfio import InputError
    from jfp_graph.store import QueryInputError, StoreError

    if isinstance(error, (InputError, QueryError, QueryInputError)):
        # Queries that cannot run as asked are the user's input, like unreadable files.
        return f"error: {error}", EXIT_INPUT
    if isinstance(error, (StoreError, BundleError)):
        return f"error: {error}", EXIT_INTERNAL
    return f"internal error: {type(error).__name__}: {error}", EXIT_INTERNAL


def store_options(command):
    """``--store PATH`` or ``--endpoint URL`` (with where updates and Graph Store Protocol requests go)."""
    options = [
        click.option(
            "--store",
            "store_location",
            default=None,
            help=f"Embedded store folder, or '{MEMORY}' [default: $JFP_GRAPH_STORE or ~/.local/share/jfp-graph/store].",
        ),
        click.option(
            "--endpoint",
            default=lambda: os.environ.get(ENDPOINT_ENV),
            help=f"SPARQL 1.1 query endpoint URL instead of the embedded store [default: ${ENDPOINT_ENV}].",
        ),
        click.option(
            "--update-endpoint",
            default=None,
            help="SPARQL Update URL (default: .../query → .../update, GraphDB .../statements, else the endpoint).",
        ),
        click.option("--graph-store", default=None, help="Graph Store Protocol URL, used for uploads when given."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def connect_store(
    store_location: str | None, endpoint: str | None, update_endpoint: str | None, graph_store: str | None
) -> GraphStore:
    from jfp_graph.validation.refresh import derived_graphs

    try:
        return open_store(store_location, endpoint, update_endpoint=update_endpoint, graph_store=graph_store,
                          derived=derived_graphs)
    except ValueError as error:
        raise click.UsageError(f"{error} (--store, --endpoint, --update-endpoint, --graph-store)") from None
