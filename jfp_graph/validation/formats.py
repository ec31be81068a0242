"""Rendering a validation run: text, JSON, JUnit XML, SARIF 2.1.0, GitHub annotations, Markdown, Turtle."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from jfp_graph import __version__
from jfp_graph.namespaces import JFPID
from jfp_graph.validation.model import Finding, Requirement, RunReport, Severity, Status

Renderer = Callable[[RunReport, Severity | None], str]

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://w3id.org/jfp-graph"
_SARIF_LEVEL = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def short(iri: str) -> str:
    return "jfpid:" + iri[len(str(JFPID)) :] if iri.startswith(str(JFPID)) else iri


def display_path(path: Path | str) -> str:
    """Paths relative to the working folder where possible, with forward slashes (CI systems expect them);
    a stored report's graph IRI as it is."""
    if isinstance(path, str):
        return path
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.as_posix() if relative.parts[:1] == ("..",) else relative.as_posix()


# -- text ---------------------------------------------------------------------------------------
def render_text(run: RunReport, threshold: Severity | None) -> str:
    lines: list[str] = []
    for plan in run.plans:
        worst = plan.worst()
        verdict = (
            "conforms" if worst is None else f"{len(plan.findings)} finding{'s' if len(plan.findings) != 1 else ''}"
        )
        lines.append(f"{display_path(plan.source)}: {plan.label} <{plan.plan}>: {verdict}")
        for requirement, findings in plan.by_requirement():
            lines.append(f"  {requirement.severity.label.upper()} {requirement.slug}: {requirement.label}")
            lines.append(f"    statute: {requirement.statute}")
            if requirement.guidance:
                lines.append(f"    guidance: {requirement.guidance.label}")
            for finding in findings:
                lines.append(f"    - {finding.message}{_found(finding)}")
            if requirement.fix_hint:
                lines.append(f"    fix: {requirement.fix_hint}")
        lines.append("")
    for error in run.errors:
        lines.append(f"error: {error}")
    if run.errors:
        lines.append("")
    lines.append(run.summary(threshold))
    return "\n".join(lines) + "\n"


# -- coverage -----------------------------------------------------------------------------------
_MARK = {Status.MET: "ok", Status.NOT_MET: "FAIL", Status.NOT_APPLICABLE: "n/a"}


def render_coverage(run: RunReport) -> str:
    """Requirement x plan matrix: ok, FAIL or n/a (the requirement did not apply to the plan)."""
    if not run.plans:
        return "no plans checked\n"
    columns = [short(p.plan) for p in run.plans]
    width = max(len(r.slug) for r in run.requirements) + 2
    col = max(max(len(c) for c in columns), 4) + 2
    lines = ["requirement".ljust(width) + "sev  " + "".join(c.ljust(col) for c in columns)]
    for requirement in run.requirements:
        marks = "".join(_MARK[p.status(requirement)].ljust(col) for p in run.plans)
        lines.append(requirement.slug.ljust(width) + requirement.severity.label[:4].ljust(5) + marks)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _found(finding: Finding) -> str:
    return f" (found: {finding.shown_value})" if finding.shown_value else ""


# -- json ---------------------------------------------------------------------------------------
def _sources_json(requirement: Requirement) -> dict:
    """What a requirement rests on and how to meet it: on each requirement, and again on each finding so that
    a finding read alone says it."""
    return {
        "statute": requirement.statute,
        "legalBasis": [
            {"iri": c.iri, "label": c.label, "citation": c.text, "confirmation": c.status or None}
            for c in requirement.legal_basis
        ],
        "guidance": {"iri": requirement.guidance.iri, "label": requirement.guidance.label}
        if requirement.guidance
        else None,
        "fixHint": requirement.fix_hint,
    }


def _requirement_json(requirement: Requirement) -> dict:
    return {
        "id": requirement.slug,
        "iri": requirement.iri,
        "label": requirement.label,
        "modality": requirement.modality,
        "severity": requirement.severity.label,
        **_sources_json(requirement),
    }


def render_json(run: RunReport, threshold: Severity | None) -> str:
    counts = run.counts()
    document = {
        "tool": {"name": "jfp-graph", "version": __version__},
        "failOn": threshold.label if threshold else "none",
        "exitCode": run.exit_code(threshold),
        "summary": {
            "plans": len(run.plans),
            "violations": counts[Severity.VIOLATION],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
            "failingPlans": len(run.failing(threshold)),
            "unreadableFiles": len(run.errors),
        },
        "plans": [
            {
                "source": display_path(p.source),
                "plan": p.plan,
                "label": p.label,
                "icb": p.icb,
                "conforms": not p.findings,
                "findings": [
                    {
                        "requirement": f.requirement.slug,
                        "severity": f.severity.label,
                        "focus": f.focus,
                        "focusLabel": f.focus_label,
                        "message": f.message,
                        "path": f.path,
                        "value": f.value,
                        "valueLabel": f.shown_value,
                        **_sources_json(f.requirement),
                    }
                    for f in p.findings
                ],
                "coverage": {r.slug: p.status(r).value for r in run.requirements},
            }
            for p in run.plans
        ],
        "errors": [{"file": e.path, "line": e.line, "column": e.column, "reason": e.reason} for e in run.errors],
        "requirements": [_requirement_json(r) for r in run.requirements],
        "supportingFiles": [display_path(p) for p in run.supporting],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- junit --------------------------------------------------------------------------------------
def render_junit(run: RunReport, threshold: Severity | None) -> str:
    """One test suite per plan, one test case per requirement; findings at or above the threshold fail."""
    root = ET.Element("testsuites", name="jfp-graph validate")
    total_tests = total_failures = 0
    for plan in run.plans:
        suite = ET.SubElement(root, "testsuite", name=f"{display_path(plan.source)} {short(plan.plan)}")
        failures = skipped = 0
        for requirement in run.requirements:
            case = ET.SubElement(suite, "testcase", classname=short(plan.plan), name=requirement.slug)
            findings = [f for f in plan.findings if f.requirement.slug == requirement.slug]
            status = plan.status(requirement)
            if findings and threshold is not None and requirement.severity >= threshold:
                failures += 1
                failure = ET.SubElement(case, "failure", message=findings[0].message, type=requirement.severity.label)
                failure.text = _finding_block(requirement, findings)
            elif findings:
                out = ET.SubElement(case, "system-out")
                out.text = _finding_block(requirement, findings)
            elif status is Status.NOT_APPLICABLE:
                skipped += 1
                ET.SubElement(case, "skipped", message="does not apply to this plan")
        suite.set("tests", str(len(run.requirements)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(skipped))
        total_tests += len(run.requirements)
        total_failures += failures
    if run.errors:
        suite = ET.SubElement(root, "testsuite", name="unreadable input", tests=str(len(run.errors)))
        suite.set("failures", "0")
        suite.set("errors", str(len(run.errors)))
        suite.set("skipped", "0")
        for error in run.errors:
            case = ET.SubElement(suite, "testcase", classname="input", name=error.path)
            ET.SubElement(case, "error", message=error.reason, type="InputError").text = str(error)
        total_tests += len(run.errors)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(len(run.errors)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _finding_block(requirement: Requirement, findings: list[Finding]) -> str:
    lines = [f.message + _found(f) for f in findings]
    lines.append(f"statute: {requirement.statute}")
    if requirement.guidance:
        lines.append(f"guidance: {requirement.guidance.label}")
    if requirement.fix_hint:
        lines.append(f"fix: {requirement.fix_hint}")
    return "\n".join(lines)


# -- sarif --------------------------------------------------------------------------------------
def render_sarif(run: RunReport, threshold: Severity | None) -> str:
    rules = []
    index = {}
    for i, requirement in enumerate(run.requirements):
        index[requirement.slug] = i
        rule = {
            "id": requirement.slug,
            "name": "".join(part.capitalize() for part in requirement.slug.split("-")),
            "shortDescription": {"text": requirement.label},
            "fullDescription": {"text": f"{requirement.label}. Statute: {requirement.statute}."},
            "helpUri": requirement.iri,
            "defaultConfiguration": {"level": _SARIF_LEVEL[requirement.severity]},
            "properties": {
                "modality": requirement.modality,
                "legalBasis": [c.iri for c in requirement.legal_basis],
                "tags": [requirement.modality, requirement.group] if requirement.group else [requirement.modality],
            },
        }
        rule["help"] = _sarif_help(requirement)
        rules.append(rule)
    results = []
    for plan in run.plans:
        uri = display_path(plan.source)
        for finding in plan.findings:
            location = {
                "physicalLocation": {"artifactLocation": {"uri": uri}},
                "logicalLocations": [
                    {"fullyQualifiedName": finding.focus, "name": finding.focus_label, "kind": "object"}
                ],
            }
            if plan.line:
                location["physicalLocation"]["region"] = {"startLine": plan.line}
            results.append(
                {
                    "ruleId": finding.requirement.slug,
                    "ruleIndex": index[finding.requirement.slug],
                    "level": _SARIF_LEVEL[finding.severity],
                    "message": {"text": finding.message},
                    "locations": [location],
                    "properties": {
                        "plan": plan.plan,
                        "path": finding.path,
                        "value": finding.value,
                        "valueLabel": finding.shown_value,
                        "statute": finding.requirement.statute,
                        "guidance": finding.requirement.guidance.label if finding.requirement.guidance else None,
                        "fixHint": finding.requirement.fix_hint,
                    },
                }
            )
    notifications = [
        {
            "level": "error",
            "message": {"text": error.reason},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": Path(error.path).as_posix()},
                        **({"region": _region(error.line, error.column)} if error.line else {}),
                    }
                }
            ],
        }
        for error in run.errors
    ]
    invocation = {"executionSuccessful": not run.errors, "exitCode": run.exit_code(threshold)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jfp-graph",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _sarif_help(requirement: Requirement) -> dict:
    """The rule's help: how to fix it, then the statute and guidance section it rests on."""
    lines = [requirement.fix_hint] if requirement.fix_hint else []
    lines.append(f"Statute: {requirement.statute}.")
    if requirement.guidance:
        lines.append(f"Guidance: {requirement.guidance.label}.")
    return {"text": "\n".join(lines), "markdown": "\n\n".join(lines)}


def _region(line: int | None, column: int | None) -> dict:
    region = {"startLine": line}
    if column:
        region["startColumn"] = column
    return region


# -- github -------------------------------------------------------------------------------------
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(run: RunReport, threshold: Severity | None) -> str:
    """GitHub Actions workflow commands: one annotation per requirement not met, per plan."""
    lines = []
    for plan in run.plans:
        for requirement, findings in plan.by_requirement():
            props = f"file={_escape_property(display_path(plan.source))}"
            if plan.line:
                props += f",line={plan.line}"
            props += f",title={_escape_property(f'{requirement.slug}: {requirement.label}')}"
            body = "\n".join(f.message for f in findings) + f"\nStatute: {requirement.statute}"
            if requirement.fix_hint:
                body += f"\nFix: {requirement.fix_hint}"
            lines.append(f"::{_GITHUB_LEVEL[requirement.severity]} {props}::{_escape_data(body)}")
    for error in run.errors:
        props = f"file={_escape_property(Path(error.path).as_posix())}"
        if error.line:
            props += f",line={error.line}"
            if error.column:
                props += f",col={error.column}"
        props += ",title=unreadable input"
        lines.append(f"::error {props}::{_escape_data(error.reason)}")
    lines.append(run.summary(threshold))
    return "\n".join(lines) + "\n"


# -- markdown -----------------------------------------------------------------------------------
def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(run: RunReport, threshold: Severity | None) -> str:
    lines = ["## Joint forward plan validation", "", run.summary(threshold), ""]
    if run.plans:
        lines += ["| Plan | File | Violations | Warnings | Info |", "|---|---|---:|---:|---:|"]
        for plan in run.plans:
            c = {s: sum(1 for f in plan.findings if f.severity == s) for s in Severity}
            lines.append(
                f"| {_md(plan.label)} | `{display_path(plan.source)}` | {c[Severity.VIOLATION]} | "
                f"{c[Severity.WARNING]} | {c[Severity.INFO]} |"
            )
        lines.append("")
    for plan in run.plans:
        if not plan.findings:
            continue
        lines += [
            f"### {_md(plan.label)}",
            "",
            "| Severity | Requirement | Statute | Finding | Fix |",
            "|---|---|---|---|---|",
        ]
        for requirement, findings in plan.by_requirement():
            message = "<br>".join(_md(f.message) for f in findings)
            lines.append(
                f"| {requirement.severity.label} | `{requirement.slug}` {_md(requirement.label)} | "
                f"{_md(requirement.statute)} | {message} | {_md(requirement.fix_hint)} |"
            )
        lines.append("")
    if run.errors:
        lines += ["### Files that could not be read", ""]
        lines += [f"- `{_md(str(error))}`" for error in run.errors]
        lines.append("")
    return "\n".join(lines)


# -- turtle -------------------------------------------------------------------------------------
def render_turtle(run: RunReport, threshold: Severity | None) -> str:
    """The raw sh:ValidationReport of each plan, each linked to its plan by dcterms:subject."""
    merged = Graph()
    merged.bind("sh", SH)
    merged.bind("dcterms", DCTERMS)
    merged.bind("jfpid", JFPID)
    for plan in run.plans:
        # Each report is parsed on its own, so blank nodes of different plans' reports stay apart.
        graph = Graph().parse(data=plan.report, format="nt")
        for report in graph.subjects(RDF.type, SH.ValidationReport):
            merged.add((report, DCTERMS.subject, URIRef(plan.plan)))
        merged += graph
    return merged.serialize(format="turtle")


FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "sarif": render_sarif,
    "github": render_github,
    "markdown": render_markdown,
    "turtle": render_turtle,
}
