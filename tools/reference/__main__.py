"""``python -m tools.reference [--sources DIR] [--output FILE]``: rebuild ``data/reference.ttl``.

A source file that cannot be used is reported as the jfp-graph command reports unreadable input: one line,
``error: FILE:LINE: reason``, and exit code 2.
"""

from __future__ import annotations

from pathlib import Path

import click

from jfp_graph.cli.common import handle_errors
from jfp_graph.rdfio import InputError
from tools.reference.build import write_reference
from tools.reference.rows import ReferenceBuildError

# The checkout's own data folder: this tool rewrites the repository's file, never an installed copy.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--sources",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of source CSVs (default: data/sources).",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Default: data/reference.ttl."
)
@handle_errors
def main(sources: Path | None, output: Path | None) -> None:
    """Rebuild the reference graph (ICBs, regions, HWB areas, trusts) from the source CSVs."""
    output = output or DATA_DIR / "reference.ttl"
    try:
        write_reference(output, sources or DATA_DIR / "sources")
    except ReferenceBuildError as error:
        raise InputError(str(error.path), error.reason, error.line) from None
    click.echo(f"wrote {output}")


if __name__ == "__main__":
    main()
