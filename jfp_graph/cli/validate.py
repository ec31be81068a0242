"""`validate` and `new`: checking plans against the statute, and starting a new plan."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jfp_graph.cli.common import EXIT_INTERNAL, connect_store, handle_errors, store_options

FORMAT_NAMES = ("text", "json", "junit", "sarif", "github", "markdown", "turtle")
# The SHACL engines of jfp_graph.validation.engines, default first (named here to keep `--help` import-light).
ENGINE_NAMES = ("shacl", "pyshacl")
# Above this many files, progress goes to stderr (one line per plan).
PROGRESS_FROM = 5


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True, help="Report format."
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info", "none"]),
    default="violation",
    show_default=True,
    help="Exit 1 when a finding at or above this severity is found.",
)
@click.option(
    "--context",
    "context_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Supporting documents (strategies, JSNAs, capital plans) read as context only. Repeatable.",
)
@click.option("--coverage", is_flag=True, help="Also print the requirement x plan matrix (to stderr unless text).")
@click.option(
    "--progress/--no-progress", default=None, help=f"Progress on stderr (default: from {PROGRESS_FROM} files)."
)
@click.option(
    "--engine",
    type=click.Choice(ENGINE_NAMES),
    default=ENGINE_NAMES[0],
    show_default=True,
    help="SHACL engine: the compiled one, or pySHACL (the reference implementation; slower, same findings).",
)
@click.option("--refresh", is_flag=True, help="With --store or --endpoint: validate every edition again and "
              "write the reports before reading them.")
@store_options
@handle_errors
def validate(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    context_paths: tuple[Path, ...],
    coverage: bool,
    progress: bool | None,
    engine: str,
    refresh: bool,
    store_location: str | None,
    endpoint: str | None,
    update_endpoint: str | None,
    graph_store: str | None,
) -> None:
    """Check joint forward plans against every statutory requirement.

    PATHS are files or folders: Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML or the YAML authoring
    format. Files without a plan (strategies, JSNAs) are read as context for the plans. Without PATHS, with
    --store or --endpoint, the reports the store keeps for its plan editions are read instead (the same
    findings, in the same formats); --refresh validates the editions again and writes their reports first.

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 a file could not be read
    (the others are still checked and reported) or an edition could not be validated as stored; 3 internal
    or configuration error.
    """
    from jfp_graph.validation import THRESHOLDS, PlanValidator, ShapesError, validate_paths
    from jfp_graph.validation.formats import FORMATS, render_coverage
    from jfp_graph.validation.inputs import expand

    threshold = THRESHOLDS[fail_on]
    stored = store_location is not None or endpoint is not None
    if stored == bool(paths):
        raise click.UsageError("give plan files or folders to check, or --store / --endpoint to read its reports")
    if refresh and not stored:
        raise click.UsageError("--refresh needs --store or --endpoint")
    if progress is None:
        progress = not stored and len(expand(paths)[0]) >= PROGRESS_FROM

    def show_progress(done: int, total: int, path: Path) -> None:
        click.echo(f"[{done}/{total}] {path}", err=True)

    try:
        if stored:
            run = _stored_run(connect_store(store_location, endpoint, update_endpoint, graph_store), refresh)
        else:
            validator = PlanValidator(engine=engine)
            run = validate_paths(
                list(paths), list(context_paths), validator=validator, progress=show_progress if progress else None
            )
    except ShapesError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_INTERNAL)
    rendered = FORMATS[fmt](run, threshold)
    if coverage:
        matrix = render_coverage(run)
        if fmt == "text":
            rendered += "\n" + matrix
        else:
            click.echo(matrix, err=True, nl=False)
    if output:
        output.write_text(rendered, encoding="utf-8")
    else:
        click.echo(rendered, nl=False)
    if fmt != "text":
        # Unreadable files also go to stderr, so they are seen whatever the report format.
        for error in run.errors:
            click.echo(f"error: {error}", err=True)
    sys.exit(run.exit_code(threshold))


def _stored_run(store, refresh: bool):
    """The store's reports as a validation run (written afresh first when ``refresh``)."""
    from jfp_graph.validation.refresh import refresh_all, shared_validator
    from jfp_graph.validation.reports import read_reports

    if refresh:
        refreshed = refresh_all(store)
        click.echo(f"validated {len(refreshed)} plan edition(s) and wrote their reports", err=True)
    return read_reports(store, shared_validator().context.requirements)


@click.command()
@click.option("--icb", "icb", required=True, help="ODS code of the integrated care board, e.g. QNQ.")
@click.option("--year", type=int, required=True, help="Start year of the plan's first financial year, e.g. 2025.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@handle_errors
def new(icb: str, year: int, output: Path | None, force: bool) -> None:
    """Start a plan in the YAML authoring format for a real ICB.

    The ICB, its partner trusts and every health and wellbeing board it must involve come from the reference
    graph; every required part is stubbed with a comment saying what to write. Validate it as you go.
    """
    from jfp_graph.scaffold import ScaffoldError, scaffold

    try:
        text = scaffold(icb, year)
    except ScaffoldError as error:
        raise click.BadParameter(str(error), param_hint="--icb/--year") from None
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise click.ClickException(f"{output} exists (use --force to overwrite)")
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)
