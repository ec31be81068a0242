"""`ontology check` and `ontology docs`: tools for ontology authors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jfp_graph.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    handle_errors,
)


@click.group()
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
    errors = sum(1 for finding in findings if finding.severity == "error")
    if not no_reasoner:
        result = check_reasoner(graph)
        click.echo(result.summary())
        errors += 0 if result.ok else 1  # an inconsistent ontology or an unsatisfiable class is one error
    click.echo(f"{len(findings)} QA finding(s), {errors} error(s)")
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)


@ontology.command("docs")
@click.option(
    "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/ontology"), show_default=True
)
@handle_errors
def ontology_docs(output: Path) -> None:
    """Write human-readable HTML documentation of the ontology."""
    from jfp_graph.ontology import load_ontology_graph, write_docs

    write_docs(load_ontology_graph(), output)
    click.echo(f"wrote {output}")
