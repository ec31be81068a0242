"""A plan edition's validation report as RDF: what the store keeps, and what ``validate --format turtle`` prints.

Each edition's report lives in a named graph of its own, ``jfpg:report/plan/{ODS}/{YYYY}``, written with the
W3C SHACL report vocabulary and links of the project's own:

    jfpid:report/plan/QRL/2024  a sh:ValidationReport, jfp:PlanValidationReport ;
        jfp:validates jfpid:plan/QRL/2024 ;  sh:conforms false ;
        sh:result jfpid:report/plan/QRL/2024/result/1, ... ;            # one per finding
        jfp:hasRequirementOutcome jfpid:report/plan/QRL/2024/outcome/published, ... ;   # one per requirement
        jfp:validatedWith jfpid:engine/shacl/0.3.4 ;                      # engine/{name}/{version}
        jfp:shapesDigest "sha256:..." ;  jfp:contextDigest "sha256:..." ;
        prov:generatedAtTime "2026-11-30T00:00:00+00:00"^^xsd:dateTime .

Results and outcomes have IRIs under the report's (no blank nodes), so any store keeps them as written and
a report can be replaced as a whole. Every surface that tells whether a plan meets a requirement reads the
outcomes; they say exactly what ``jfp-graph validate`` says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from jfp_graph.iris import DEF, ID, PROV, RDF_TYPE, RDFS, SH, XSD
from jfp_graph.layout import REPORT_GRAPHS
from jfp_graph.validation.model import Finding, PlanReport, Requirement, RunReport, Severity, Status

OUTCOMES = {
    Status.MET: DEF + "outcome-met",
    Status.NOT_MET: DEF + "outcome-not-met",
    Status.NOT_APPLICABLE: DEF + "outcome-not-applicable",
}


def report_iri(plan: str) -> str:
    """``jfpid:plan/QRL/2024`` → ``jfpid:report/plan/QRL/2024``."""
    return ID + "report/" + plan[len(ID) :]


def report_graph(plan: str) -> str:
    """The named graph that holds a plan edition's report: ``jfpg:report/plan/QRL/2024``."""
    return REPORT_GRAPHS + plan[len(ID) :]


@dataclass(frozen=True)
class Provenance:
    """How a report was made: the engine and the inputs it read."""

    engine: str
    engine_version: str
    shapes_digest: str
    context_digest: str
    generated: datetime | None = None  # now, when not given


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


class _Graph:
    """The quads of one report graph, added statement by statement."""

    def __init__(self, plan: str) -> None:
        self.graph = _n(report_graph(plan))
        self.quads: list[ox.Quad] = []

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(subject, _n(predicate), obj, self.graph))


def _header(out: _Graph, plan: str, provenance: Provenance) -> ox.NamedNode:
    """The statements every report makes: what it validates, with what, from what, and when."""
    node = _n(report_iri(plan))
    engine = _n(f"{ID}engine/{provenance.engine}/{provenance.engine_version}")
    generated = (provenance.generated or datetime.now(UTC)).isoformat(timespec="seconds")
    out.add(node, RDF_TYPE, _n(SH + "ValidationReport"))
    out.add(node, RDF_TYPE, _n(DEF + "PlanValidationReport"))
    out.add(node, DEF + "validates", _n(plan))
    # Only the link: the engine's own description, repeated in every report graph, would repeat every row
    # of a query over the union of the graphs.
    out.add(node, DEF + "validatedWith", engine)
    out.add(node, DEF + "shapesDigest", _text(provenance.shapes_digest))
    out.add(node, PROV + "generatedAtTime", ox.Literal(generated, datatype=_n(XSD + "dateTime")))
    return node


def error_report_quads(plan: str, reason: str, provenance: Provenance) -> list[ox.Quad]:
    """The report of an edition that could not be validated as stored: the reason, and no outcomes."""
    out = _Graph(plan)
    node = _header(out, plan, provenance)
    out.add(node, DEF + "validationError", _text(reason))
    return out.quads


def report_quads(
    report: PlanReport, requirements: Iterable, provenance: Provenance, missing: Iterable[str] = ()
) -> list[ox.Quad]:
    """The report graph of one plan edition (``requirements``: every requirement, in statute order;
    ``missing``: documents the edition cites that its context lacked)."""
    out = _Graph(report.plan)
    add = out.add
    node = _header(out, report.plan, provenance)
    add(node, SH + "conforms", ox.Literal("true" if not report.findings else "false", datatype=_n(XSD + "boolean")))
    add(node, DEF + "contextDigest", _text(provenance.context_digest))
    add(node, RDFS + "label", _text(f"Validation report of {report.label}"))
    add(node, DEF + "planLabel", _text(report.label))
    for document in missing:
        add(node, DEF + "missingDocument", _n(document))
    for number, finding in enumerate(report.findings, start=1):
        result = _n(f"{report_iri(report.plan)}/result/{number}")
        add(node, SH + "result", result)
        add(result, RDF_TYPE, _n(SH + "ValidationResult"))
        add(result, SH + "focusNode", _focus(finding.focus))
        if finding.path:
            add(result, SH + "resultPath", _n(finding.path))
        if finding.value_term is not None:
            add(result, SH + "value", finding.value_term)
        add(result, SH + "resultSeverity", _n(finding.severity.iri))
        if finding.shape:
            add(result, SH + "sourceShape", _n(finding.shape))
        add(result, SH + "resultMessage", ox.Literal(finding.message, language="en-gb"))
        add(result, DEF + "focusLabel", _text(finding.focus_label))
        add(result, DEF + "concernsRequirement", _n(finding.requirement.iri))
    worst = {}
    for finding in report.findings:
        slug = finding.requirement.slug
        worst[slug] = max(worst.get(slug, finding.severity), finding.severity)
    for requirement in requirements:
        outcome = _n(f"{report_iri(report.plan)}/outcome/{requirement.slug}")
        add(node, DEF + "hasRequirementOutcome", outcome)
        add(outcome, RDF_TYPE, _n(DEF + "RequirementOutcome"))
        add(outcome, DEF + "concernsRequirement", _n(requirement.iri))
        add(outcome, DEF + "outcome", _n(OUTCOMES[report.status(requirement)]))
        if requirement.slug in worst:
            add(outcome, DEF + "worstSeverity", _n(worst[requirement.slug].iri))
    return out.quads


def _focus(focus: str) -> ox.NamedNode | ox.Literal:
    # A blank focus node (a nameless part of the plan) cannot be pointed at from another graph: keep its label.
    return _text(focus) if focus.startswith("_:") else _n(focus)


def read_reports(store, requirements: dict[str, Requirement], plans: Iterable[str] | None = None) -> RunReport:
    """The stored reports of ``plans`` (every edition with one, when not given) as a ``RunReport``: the same
    findings `jfp-graph validate` gives on the editions' files. ``requirements`` are keyed by IRI."""
    from jfp_graph.queries import load_query
    from jfp_graph.rdfio import InputError

    outcomes, results = load_query("requirement-outcomes"), load_query("validation-results")
    # Each plan's rows by a query bound to it, or every plan's by one query each.
    bindings = [{}] if plans is None else [{"plan_iri": plan} for plan in plans]
    by_plan: dict[str, dict] = {}
    for row in (row for values in bindings for row in outcomes.run(store, **values).rows):
        plan = row["plan"].value
        entry = by_plan.setdefault(plan, {"applicable": set(), "error": None, "findings": [], "label": plan})
        if row["label"] is not None:
            entry["label"] = row["label"].value
        if row["validation_error"] is not None:
            entry["error"] = row["validation_error"].value
        elif row["requirement"] is not None and row["outcome"].value != "not applicable":
            entry["applicable"].add(requirements[row["requirement"].value].slug)
    for row in (row for values in bindings for row in results.run(store, **values).rows):
        plan = row["plan"].value
        if plan not in by_plan or row["requirement"] is None:
            continue
        focus = row["focus"].value
        by_plan[plan]["findings"].append(Finding(
            requirement=requirements[row["requirement"].value],
            severity=Severity.from_iri(row["severity"].value),
            focus=focus,
            focus_label=row["focus_label"].value,
            message=row["message"].value,
            path=None if row["path"] is None else row["path"].value,
            value=None if row["value"] is None else row["value"].value,
            shape=None if row["shape"] is None else row["shape"].value,
            value_term=row["value"],
        ))
    run = RunReport(requirements=list(requirements.values()))
    for plan, entry in sorted(by_plan.items()):
        source = report_graph(plan)
        if entry["error"] is not None:
            run.errors.append(InputError(source, entry["error"]))
            continue
        findings = sorted(entry["findings"], key=lambda f: (-f.severity, f.requirement.slug, f.focus, f.message,
                                                            f.value or ""))
        run.plans.append(PlanReport(
            source=source, plan=plan, label=entry["label"], icb=_icb(plan),
            findings=findings, applicable=frozenset(entry["applicable"]),
        ))
    return run


def _icb(plan: str) -> str:
    """``jfpid:plan/QRL/2024`` → ``jfpid:icb/QRL``."""
    return ID + "icb/" + plan[len(ID) :].split("/")[1]
