"""The ``jfp-graph`` command line: the group and every command on it, registered here in one place.

Each command lives in the module of its concern; what they share (exit codes, error handling, the store
options) is in ``jfp_graph.cli.common``.
"""

from __future__ import annotations

import click

from jfp_graph import __version__
from jfp_graph.cli import bundled, ontology, serve, store, synth, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="jfp-graph")
def main() -> None:
    """Joint forward plans as a knowledge graph: load, check, query and serve them."""


for command in (
    serve.serve,
    bundled.info,
    validate.validate,
    validate.new,
    store.load,
    store.graphs,
    store.export,
    store.query,
    store.sparql,
    ontology.ontology,
    synth.synth,
):
    main.add_command(command)
