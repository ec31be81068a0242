"""Running the shapes over plans, one plan at a time against a context prepared once."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDFS, SH, SKOS

from jfp_graph.layout import describes_documents
from jfp_graph.rdfio import InputError, locate
from jfp_graph.validation import messages
from jfp_graph.validation.context import ValidationContext
from jfp_graph.validation.derive import TYPE
from jfp_graph.validation.engines import DEFAULT_ENGINE, ShapeResult, make_engine
from jfp_graph.validation.inputs import InputDocument, expand, read_document
from jfp_graph.validation.model import Finding, PlanReport, RunReport, Severity

Progress = Callable[[int, int, Path], None]


class PlanValidator:
    """Validates plans against one prepared context, with the shapes compiled once for the chosen engine."""

    def __init__(self, context: ValidationContext | None = None, engine: str = DEFAULT_ENGINE) -> None:
        self.context = context or ValidationContext()
        self.engine = make_engine(engine, self.context.shapes)

    def validate_plan(self, plan: str, icb: str, quads, source: Path, text: str = "") -> PlanReport:
        triples = self.context.data_graph(plan, icb, quads)
        run = self.engine.run(triples)
        digest = hashlib.sha256("\n".join(sorted(map(str, triples))).encode()).hexdigest()
        values = {r.value_term.value for r in run.results if isinstance(r.value_term, ox.NamedNode)}
        labels = _labels(triples, {plan} | {result.focus for result in run.results} | values)
        line, _ = locate(text, plan) if text else (None, None)
        return PlanReport(
            source=source,
            plan=plan,
            label=messages.label(labels, plan),
            icb=icb,
            findings=self._findings(_found(run.results, triples), labels, plan, triples),
            applicable=self._applicable(triples),
            line=line,
            report=run.report,
            data_digest="sha256:" + digest,
        )

    def _findings(
        self, results: list[ShapeResult], labels: dict[str, str], plan: str, triples: list[ox.Quad]
    ) -> list[Finding]:
        findings = []
        for result in results:
            requirement = self.context.shapes.requirement_for(result.shape)
            if requirement is None:
                # Only shapes reached from a requirement's shape produce results; anything else is a bug.
                raise RuntimeError(f"validation result from a shape that enforces no requirement: {result.shape}")
            # Claim shapes start from the requirement itself; the finding is about the plan.
            focus = plan if result.focus == requirement.iri else result.focus
            focus_label = messages.label(labels, focus)
            value_label = messages.value_label(labels, result.value_term)
            sentence = messages.period_sentence(result.path, focus, triples) or result.message or requirement.label
            findings.append(
                Finding(
                    requirement=requirement,
                    severity=Severity.from_iri(result.severity),
                    focus=focus,
                    focus_label=focus_label,
                    message=messages.compose(sentence, requirement, focus_label, value_label),
                    path=result.path,
                    value=result.value,
                    value_term=result.value_term,
                    shape=result.shape,
                    value_label=value_label,
                )
            )
        # Two constraints of one property shape failing on one value say the same thing: one finding.
        findings = list(dict.fromkeys(findings))
        findings.sort(key=lambda f: (-f.severity, f.requirement.slug, f.focus, f.message, f.value or ""))
        return findings

    def _applicable(self, triples: list[ox.Quad]) -> frozenset[str]:
        """Requirements at least one of whose shapes found a focus node in this plan's data."""
        types = {t.object.value for t in triples if t.predicate == TYPE}
        predicates = {t.predicate.value for t in triples}
        applicable = set()
        for requirement_iri, targets in self.context.shapes.targets.items():
            if any(_has_focus(types, predicates, kind, value) for kind, value in targets):
                applicable.add(self.context.requirements[requirement_iri].slug)
        return frozenset(applicable)


# The first of these a node has is its label (as rdflib's Graph.value would pick, predicate by predicate).
_LABEL_PREDICATES = (str(RDFS.label), str(DCTERMS.title), str(SKOS.prefLabel))


def _has_focus(types: set[str], predicates: set[str], kind: str, value: str) -> bool:
    if kind == str(SH.targetClass):
        return value in types
    if kind in (str(SH.targetObjectsOf), str(SH.targetSubjectsOf)):
        return value in predicates
    return True  # sh:targetNode: the node is a focus node whether or not the data mentions it


def _labels(triples: list[ox.Quad], nodes: set[str]) -> dict[str, str]:
    """A label for each of ``nodes`` that has one in ``triples``."""
    found: dict[str, dict[str, str]] = {}
    for t in triples:
        if t.predicate.value in _LABEL_PREDICATES and t.subject.value in nodes and isinstance(t.object, ox.Literal):
            found.setdefault(t.subject.value, {}).setdefault(t.predicate.value, t.object.value)
    return {
        node: next(by_predicate[p] for p in _LABEL_PREDICATES if p in by_predicate)
        for node, by_predicate in found.items()
    }


def _found(results: list[ShapeResult], triples: list[ox.Quad]) -> list[ShapeResult]:
    """The results without those reporting a value the focus node does not have on the path, where another
    result says what it does have: sh:equals reports both the value found and the value expected, and a
    reader needs the one found (the message says what was expected)."""
    paths = {r.path for r in results if r.value_term is not None}
    if not paths:
        return list(results)
    # Only the statements along the paths results report values on can tell whether a value is held.
    held = {(_name(t.subject), t.predicate.value, t.object) for t in triples if t.predicate.value in paths}
    about = {(r.shape, r.focus, r.path) for r in results if r.value_term is None or _held(r, held)}
    return [r for r in results if r.value_term is None or _held(r, held) or (r.shape, r.focus, r.path) not in about]


def _held(result: ShapeResult, held: set) -> bool:
    return (result.focus, result.path, result.value_term) in held


def _name(node: ox.NamedNode | ox.BlankNode) -> str:
    """A subject as the engines name a focus node: its IRI, or _:label."""
    return f"_:{node.value}" if isinstance(node, ox.BlankNode) else node.value


def validate_paths(
    paths: Sequence[Path],
    context_paths: Sequence[Path] = (),
    validator: PlanValidator | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Validate every plan in ``paths``; files without a plan are supporting documents for the others.

    A file that cannot be read is reported and the rest are still checked. Plan files are read twice: once
    to tell plans from supporting documents, and again when each plan is checked, so that memory holds one
    plan at a time rather than the whole country.
    """
    validator = validator or PlanValidator()
    context = validator.context
    report = RunReport(requirements=list(context.requirements.values()))
    files, report.errors = expand(list(paths))
    extra, extra_errors = expand(list(context_paths))
    report.errors += extra_errors

    jobs: list[tuple[Path, str]] = []
    supporting: list[Path] = []
    for survey in _map(_survey, files):
        if survey.error:
            report.errors.append(survey.error)
        elif survey.plans:
            jobs += [(survey.path, plan) for plan in survey.plans]
        elif survey.describes_documents:
            supporting.append(survey.path)
        else:
            # Neither a plan nor a supporting document: most likely the wrong file, so say so.
            report.errors.append(
                InputError(str(survey.path), "no joint forward plan or supporting document (strategy, JSNA, ...)")
            )
    for path in supporting + extra:
        try:
            document = read_document(path)
            document.plans()  # a dataset with two plans in one graph is refused here too
        except InputError as error:
            report.errors.append(error)
            continue
        context.add_supporting(document.quads)
        report.supporting.append(path)

    if not jobs and not report.errors:
        report.errors.append(InputError(", ".join(map(str, paths)), "no joint forward plan found"))
    global _VALIDATOR
    _VALIDATOR = validator
    context.index  # noqa: B018 - read the context's indexes once, here, for every worker to inherit
    try:
        for done, ((path, _), outcome) in enumerate(zip(jobs, _map(_check_plan, jobs), strict=True), start=1):
            if progress:
                progress(done, len(jobs), path)
            if isinstance(outcome, InputError):
                report.errors.append(outcome)
            else:
                report.plans.append(outcome)
    finally:
        _VALIDATOR = None
        _read.cache_clear()
        context.clear_supporting()
    return report


@dataclass(frozen=True)
class _Survey:
    """What one file given to ``validate`` holds."""

    path: Path
    plans: tuple[str, ...] = ()
    describes_documents: bool = False
    error: InputError | None = None


def _survey(path: Path) -> _Survey:
    try:
        document = read_document(path)
        plans = tuple(plan for plan, _ in document.plans())
    except InputError as error:
        return _Survey(path, error=error)
    return _Survey(path, plans, describes_documents(document.quads))


# The validator of the run in progress, for the forked workers of ``_map`` to inherit.
_VALIDATOR: PlanValidator | None = None


@lru_cache(maxsize=1)  # a dataset file holding several plans is read once for all of them
def _read(path: Path) -> InputDocument:
    return read_document(path)


def _check_plan(job: tuple[Path, str]) -> PlanReport | InputError:
    """One plan's report, or why the plan cannot be checked (say, it names a board the reference lacks)."""
    path, plan = job
    try:
        document = _read(path)
        quads = dict(document.plans())[plan]
        icb = _VALIDATOR.context.check_plan(plan, quads, str(path), document.text)
    except InputError as error:
        return error
    return _VALIDATOR.validate_plan(plan, icb, quads, path, document.text)


# Plans are independent once the context is prepared, so a run of many files is spread over forked worker
# processes that inherit the prepared context; fewer files are not worth the start of a process pool.
PARALLEL_FROM = 8


def _worker_count() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def _map(function: Callable, items: Sequence) -> Iterator:
    """``function`` over ``items`` in order: in forked worker processes when there are many."""
    workers = _worker_count()
    if len(items) < PARALLEL_FROM or workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(function, items, chunksize=max(1, len(items) // (workers * 4)))
