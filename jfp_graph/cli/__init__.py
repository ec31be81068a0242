"""The ``jfp-graph`` command line: the group, shared options and error handling.

Each command group lives in its own module below and registers itself on ``main``.

Exit codes (the same for every command):
  0  success / nothing at or above the failure threshold
  1  findings at or above the threshold (validation, ontology checks)
  2  input could not be read (the message names file, line, column and reason)
  3  internal or configuration error (store cannot be opened, bundled data missing)
"""

from __future__ import annotations

import functools
import sys

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
        # The exit happens outside the except block so no traceback (which would keep an on-disk store
        # locked) outlives the failure.
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except InputError as error:
            message, code = f"error: {error}", EXIT_INPUT
        except (StoreError, BundleError) as error:
            message, code = f"error: {error}", EXIT_INTERNAL
        except Exception as error:  # noqa: BLE001 - the last line of defence for users
            message, code = f"internal error: {type(error).__name__}: {error}", EXIT_INTERNAL
        click.echo(message, err=True)
        sys.exit(code)

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


# Command modules register themselves on ``main``; imported last so they can use the helpers above.
from jfp_graph.cli import bundled, ontology, store, validate  # noqa: E402,F401
from jfp_graph.cli import serve  # noqa: E402,F401
from jfp_graph.cli import synth  # noqa: E402,F401
