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
@click.option("--icb", "icb", default=None, help="ODS code of the integrated care board, e.g. QNQ.")
@click.option("--year", type=int, default=None, help="Start year of the plan's first financial year, e.g. 2025.")
@click.option(
    "--from",
    "previous",
    default=None,
    metavar="PREVIOUS",
    help="Start from this edition (a file, or a stored edition: IRI, CURIE, plan/QRL/2024 or QRL/2024): its "
    "objectives, metrics, milestones and steps are carried forward with revision links. --icb and --year "
    "then default to its ICB and the following year.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@store_options
@handle_errors
def new(icb: str | None, year: int | None, previous: str | None, output: Path | None, force: bool,
        store_location: str | None, endpoint: str | None, update_endpoint: str | None,
        graph_store: str | None) -> None:
    """Start a plan in the YAML authoring format for a real ICB, or next year's edition of a plan (--from).

    The ICB, its partner trusts and every health and wellbeing board it must involve come from the reference
    graph; every required part is stubbed with a comment saying what to write. Validate it as you go.
    """
    from jfp_graph.scaffold import ScaffoldError, scaffold

    if output is not None and output.exists() and not force:
        raise click.ClickException(f"{output} exists (use --force to overwrite)")
    before = None
    if previous is not None:
        before = _previous_edition(previous, lambda: connect_store(store_location, endpoint, update_endpoint,
                                                                    graph_store))
        icb, year = _following(previous, before.iri, icb, year)
    elif icb is None or year is None:
        raise click.UsageError("give --icb and --year, or --from the previous edition")
    try:
        text = scaffold(icb, year, previous=before)
    except ScaffoldError as error:
        raise click.BadParameter(str(error), param_hint="--icb/--year") from None
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


def _previous_edition(previous: str, store):
    """The edition ``--from`` names: a file holding one plan edition, else an edition in the store."""
    from jfp_graph.identifiers import PLAN_CLASS, plans_in
    from jfp_graph.layout import graph_for_document
    from jfp_graph.rdfio import InputError, read_quads
    from jfp_graph.resolve import resolve, store_rows
    from jfp_graph.scaffold import Previous

    path = Path(previous)
    if path.is_file():
        quads = read_quads(path)
        plans = plans_in(quads)
        if len(plans) != 1:
            raise InputError(previous, f"--from needs a file holding one plan edition; it holds {len(plans)}")
        return Previous(plans[0], quads)
    opened = store()
    iri = resolve(previous, store_rows(opened), kind=PLAN_CLASS)
    return Previous(iri, list(opened.quads(graph_for_document(iri))))


def _following(previous: str, iri: str, icb: str | None, year: int | None) -> tuple[str, int]:
    """The ICB and year of the edition after ``iri``: the same ICB, a later year (the next by default)."""
    from jfp_graph.identifiers import edition_parts
    from jfp_graph.rdfio import InputError

    try:
        ods, previous_year = edition_parts(iri)
    except ValueError as error:
        raise InputError(previous, str(error)) from None
    if icb is not None and icb.strip().upper() != ods:
        raise InputError(previous, f"<{iri}> is an edition of {ods}'s plan, not of {icb.strip().upper()}'s: "
                                   f"start {icb.strip().upper()}'s plan from one of its own editions")
    year = previous_year + 1 if year is None else year
    if year <= previous_year:
        raise InputError(previous, f"--year {year} does not follow <{iri}> ({previous_year}): give a later year")
    return ods, year
