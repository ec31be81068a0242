"""Running the shapes over plans, one plan at a time against a context prepared once."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from jfp_graph.layout import describes_documents
from jfp_graph.namespaces import JFPID
from jfp_graph.rdfio import InputError
from jfp_graph.validation.context import ValidationContext, locate
from jfp_graph.validation.inputs import InputDocument, expand, read_document
from jfp_graph.validation.model import Finding, PlanReport, RunReport, Severity
from jfp_graph.validation.shapes import targets_of

Progress = Callable[[int, int, Path], None]

_LOGGER = logging.getLogger("jfp_graph.validation")
_LOGGER.setLevel(logging.ERROR)


class PlanValidator:
    """Validates plans against one prepared context; the shapes graph is parsed and harvested once."""

    def __init__(self, context: ValidationContext | None = None) -> None:
        self.context = context or ValidationContext()
        self._shapes_graph = None  # pySHACL's harvested shapes, reused for every plan

    def validate_plan(self, plan: str, icb: str, quads, source: Path, text: str = "") -> PlanReport:
        data = self.context.data_graph(plan, icb, quads)
        report_graph = self._run(data)
        findings = self._findings(report_graph, data, URIRef(plan))
        line, _ = locate(text, plan) if text else (None, None)
        return PlanReport(
            source=source,
            plan=plan,
            label=label_of(data, URIRef(plan)),
            icb=icb,
            findings=findings,
            applicable=self._applicable(data),
            line=line,
            report_graph=report_graph,
        )

    def _run(self, data: Graph) -> Graph:
        options = {"inplace": True, "logger": _LOGGER}
        validator = Validator(DataGraph.from_rdflib(data), shacl_graph=self.context.shapes.graph, options=options)
        if self._shapes_graph is None:
            self._shapes_graph = validator.shacl_graph
        else:
            validator.shacl_graph = self._shapes_graph
        _conforms, report_graph, _text = validator.run()
        return report_graph

    def _findings(self, report: Graph, data: Graph, plan: URIRef) -> list[Finding]:
        findings = []
        for result in report.objects(None, SH.result):
            shape = report.value(result, SH.sourceShape)
            requirement = self.context.shapes.requirement_for(shape)
            if requirement is None:
                # Only shapes reached from a requirement's shape produce results; anything else is a bug.
                raise RuntimeError(f"validation result from a shape that enforces no requirement: {shape}")
            focus = report.value(result, SH.focusNode)
            if str(focus) == requirement.iri:
                # Claim shapes start from the requirement itself; the finding is about the plan.
                focus = plan
            message = str(report.value(result, SH.resultMessage) or requirement.label)
            focus_label = label_of(data, focus)
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            findings.append(
                Finding(
                    requirement=requirement,
                    severity=Severity.from_iri(str(report.value(result, SH.resultSeverity))),
                    focus=str(focus),
                    focus_label=focus_label,
                    message=message.replace("{focus}", focus_label),
                    path=str(path) if isinstance(path, URIRef) else None,
                    value=str(value) if isinstance(value, (URIRef, Literal)) else None,
                )
            )
        findings.sort(key=lambda f: (-f.severity, f.requirement.slug, f.focus, f.message, f.value or ""))
        return findings

    def _applicable(self, data: Graph) -> frozenset[str]:
        """Requirements at least one of whose shapes found a focus node in this plan's data graph."""
        applicable = set()
        shapes = self.context.shapes
        for requirement_iri, nodes in shapes.enforcing.items():
            requirement = self.context.requirements[requirement_iri]
            if any(_has_focus(data, kind, value) for node in nodes for kind, value in targets_of(shapes.graph, node)):
                applicable.add(requirement.slug)
        return frozenset(applicable)


def _has_focus(data: Graph, kind: Node, value: Node) -> bool:
    if kind == SH.targetClass:
        return (None, RDF.type, value) in data
    if kind == SH.targetObjectsOf:
        return (None, value, None) in data
    if kind == SH.targetSubjectsOf:
        return (None, value, None) in data
    return True  # sh:targetNode: the node is a focus node whether or not the data mentions it


def label_of(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    for predicate in (RDFS.label, DCTERMS.title, SKOS.prefLabel):
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    text = str(node)
    return text[len(str(JFPID)) :] if text.startswith(str(JFPID)) else text


def validate_paths(
    paths: Sequence[Path],
    context_paths: Sequence[Path] = (),
    validator: PlanValidator | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Validate every plan in ``paths``; files without a plan are supporting documents for the others.

    A file that cannot be read is reported and the rest are still checked.
    """
    validator = validator or PlanValidator()
    context = validator.context
    report = RunReport(requirements=list(context.requirements.values()))
    files, report.errors = expand(list(paths))
    extra, extra_errors = expand(list(context_paths))
    report.errors += extra_errors

    documents: list[InputDocument] = []
    for path in files + extra:
        try:
            documents.append(read_document(path))
        except InputError as error:
            report.errors.append(error)

    plan_documents = []
    for document in documents:
        try:
            plans = document.plans()
        except InputError as error:
            report.errors.append(error)
            continue
        if plans and document.path not in extra:
            plan_documents.append((document, plans))
        elif document.path not in extra and not describes_documents(document.quads):
            # Neither a plan nor a supporting document: most likely the wrong file, so say so.
            report.errors.append(
                InputError(str(document.path), "no joint forward plan or supporting document (strategy, JSNA, ...)")
            )
        else:
            context.add_supporting(document.quads)
            report.supporting.append(document.path)

    if not plan_documents and not report.errors:
        report.errors.append(InputError(", ".join(map(str, paths)), "no joint forward plan found"))
    try:
        _check_plans(report, validator, plan_documents, progress)
    finally:
        context.clear_supporting()
    return report


# Plans are independent once the context is prepared, so a run of many plans is spread over forked worker
# processes that inherit the prepared context (pySHACL is pure Python: one process uses one core).
PARALLEL_FROM = 8
_FORKED_WORK: tuple[PlanValidator, list] | None = None


def _worker_count() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def _validate_job(index: int) -> PlanReport:
    validator, jobs = _FORKED_WORK
    document, plan, quads, icb = jobs[index]
    return validator.validate_plan(plan, icb, quads, document.path, document.text)


def _check_plans(report: RunReport, validator: PlanValidator, plan_documents, progress: Progress | None) -> None:
    global _FORKED_WORK
    context = validator.context
    jobs = []
    for document, plans in plan_documents:
        for plan, quads in plans:
            try:
                icb = context.check_plan(plan, quads, str(document.path), document.text)
            except InputError as error:
                report.errors.append(error)
                continue
            jobs.append((document, plan, quads, icb))
    workers = _worker_count()
    if len(jobs) < PARALLEL_FROM or workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        results = (_validate_one(validator, job) for job in jobs)
    else:
        _FORKED_WORK = (validator, jobs)
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        results = pool.map(_validate_job, range(len(jobs)), chunksize=max(1, len(jobs) // (workers * 4)))
    try:
        for done, ((document, *_), plan_report) in enumerate(zip(jobs, results, strict=True), start=1):
            if progress:
                progress(done, len(jobs), document.path)
            report.plans.append(plan_report)
    finally:
        if _FORKED_WORK is not None:
            pool.shutdown()
            _FORKED_WORK = None


def _validate_one(validator: PlanValidator, job) -> PlanReport:
    document, plan, quads, icb = job
    return validator.validate_plan(plan, icb, quads, document.path, document.text)
