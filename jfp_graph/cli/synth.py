"""`synth`: write a deterministic synthetic national graph for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import click

from jfp_graph.cli.common import handle_errors


@click.command()
@click.option("--triples", type=click.IntRange(min=1), required=True, help="Approximate size in triples (within 10%).")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed and size give byte-identical files.")
@click.option("--output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to (re)create.")
@click.option(
    "--nquads", is_flag=True, help="One N-Quads file (each document in its own graph) instead of one file per document."
)
@handle_errors
def synth(triples: int, seed: int, output: Path, nquads: bool) -> None:
    """Write plans for the real ICBs, their strategies, JLHWSs and JSNAs, with a share of known defects.

    Organisations and codes come from the reference graph; all content is invented and says so.
    manifest.json lists every plan with its defect (if any) and the requirements validation must report.
    """
    from jfp_graph.synth import synthesise

    result = synthesise(triples, seed, output, nquads=nquads)
    scale = result.scale
    click.echo(
        f"wrote {result.triples} triples in {result.files} file(s) to {output}: {scale.icbs} ICBs, "
        f"{scale.editions} edition(s) each, {scale.objectives} objectives per edition, "
        f"{len(result.defects)} plan(s) with a defect (manifest.json)",
        err=True,
    )
