"""Keeping every plan edition's stored validation report, and each ICB's current edition, current.

``derived_graphs`` is the ``Derive`` hook of a store (``open_store(..., derived=derived_graphs)``): every write
hands it the store as the write will leave it and the graphs it changes, and the reports (and the current
editions, jfp_graph.validation.editions) it returns are committed by the same transaction (the write's final
update; a report the store does not hold yet is bulk-loaded just before it, under the write's journal), so a
report is never older than what it describes. A change to a plan edition re-validates that edition; a change
to anything in every edition's context (the ontology, statute or reference graph, any strategy, JLHWS, JSNA or
capital plan) re-validates every edition; removing an edition removes its report.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import re
import threading
from collections.abc import Iterator, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.iris import GRAPH, ID
from jfp_graph.layout import (
    EDITIONS_GRAPH,
    NATIONAL_GRAPH,
    ONTOLOGY_GRAPH,
    PLAN_GRAPHS,
    REFERENCE_GRAPH,
    REPORT_GRAPHS,
    STATUTE_GRAPH,
    SUPPORTING_GRAPHS,
)
from jfp_graph.rdfio import InputError
from jfp_graph.store import PendingView, SpooledGraphs
from jfp_graph.validation.context import named_iris
from jfp_graph.validation.editions import current_editions, needs_update
from jfp_graph.validation.reports import Provenance, error_report_quads, report_graph, report_quads
from jfp_graph.validation.runner import PlanValidator

# Graphs whose change can change the verdict on every edition.
CONTEXT_GRAPHS = frozenset({ONTOLOGY_GRAPH, STATUTE_GRAPH, REFERENCE_GRAPH, NATIONAL_GRAPH})
# A document a plan may cite: jfpid:{kind}/{code}/{year}, and anything under it (a JLHWS priority, ...).
_CITED = re.compile("^" + re.escape(ID) + r"((?:ics|jlhws|jsna|capital)/[^/]+/\d{4})(?:/.*)?$")

_lock = threading.Lock()


@functools.cache
def shared_validator() -> PlanValidator:
    """One prepared validator per process (the ontology, statute and reference graphs and the shapes)."""
    return PlanValidator()


def _provenance(validator: PlanValidator, generated: datetime) -> Provenance:
    engine = validator.engine.name
    try:
        engine_version = version(engine)
    except PackageNotFoundError:
        engine_version = "unknown"
    return Provenance(engine, engine_version, shapes_digest(tuple(validator.context.shapes.files)),
                      "", generated)


@functools.cache
def shapes_digest(files: tuple[Path, ...]) -> str:
    sha = hashlib.sha256()
    for path in files:
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return "sha256:" + sha.hexdigest()


def affected_plans(view: PendingView, changed: set[str]) -> tuple[list[str], list[str]]:
    """(plan graphs to re-validate, plan graphs removed by the change)."""
    held = [graph for graph in view.graph_names() if graph.startswith(PLAN_GRAPHS)]
    if any(graph in CONTEXT_GRAPHS or graph.startswith(SUPPORTING_GRAPHS) for graph in changed):
        touched = held
    else:
        touched = [graph for graph in held if graph in changed]
    removed = sorted(graph for graph in changed if graph.startswith(PLAN_GRAPHS) and graph not in held)
    return touched, removed


def stored_reports(view: PendingView, changed: set[str]) -> MutableMapping[str, list[ox.Quad]]:
    """The report graphs to write with a change (an empty list removes a report)."""
    touched, removed = affected_plans(view, changed)
    reports = validate_plans(view, touched) if touched else SpooledGraphs()
    for graph in removed:
        reports[report_graph(ID + graph[len(GRAPH):])] = []
    return reports


def derived_graphs(view: PendingView, changed: set[str]) -> MutableMapping[str, list[ox.Quad]]:
    """The graphs to write with a change: its reports and, when editions change, the current editions."""
    graphs = stored_reports(view, changed)
    if needs_update(view, changed):
        graphs[EDITIONS_GRAPH] = current_editions(view)
    return graphs


def supporting_quads(view) -> list[ox.Quad]:
    """The strategies, JLHWSs, JSNAs and capital plans in a store (or a ``PendingView`` of one)."""
    return [quad for graph in view.graph_names() if graph.startswith(SUPPORTING_GRAPHS) for quad in view.quads(graph)]


# Plans are read from the store in batches of at most BATCH plans and BATCH_QUADS quads (so memory is bounded
# whatever a plan's size); a batch of PARALLEL_FROM plans or PARALLEL_QUADS quads or more is validated in forked
# processes that inherit the prepared context (the store itself is never touched in them).
BATCH = 64
BATCH_QUADS = 200_000
PARALLEL_FROM = 8
PARALLEL_QUADS = 50_000


def validate_plans(view, plan_graphs: list[str]) -> SpooledGraphs:
    """The report graph of each plan edition in ``plan_graphs``, validated against ``view``'s documents (kept
    out of memory until read: at 10M triples they would be a million quads)."""
    documents = {graph[len(GRAPH):] for graph in view.graph_names() if graph.startswith(SUPPORTING_GRAPHS)}
    supporting = supporting_quads(view)
    validator = shared_validator()
    context = validator.context
    provenance = _provenance(validator, datetime.now(UTC))
    reports = SpooledGraphs()
    with _lock:
        context.add_supporting(supporting)
        try:
            context.index  # noqa: B018 - read the context's indexes once, before any process is forked
            for batch in _batches(view, plan_graphs):
                for (plan, _), outcome in zip(batch, _validated(validator, batch), strict=True):
                    if isinstance(outcome, str):
                        reports[report_graph(plan)] = error_report_quads(plan, outcome, provenance)
                        continue
                    report, cited = outcome
                    reports[report_graph(plan)] = report_quads(
                        report, context.requirements.values(), replace(provenance, context_digest=report.data_digest),
                        missing=[ID + document for document in sorted(cited - documents)],
                    )
        finally:
            context.clear_supporting()
    return reports


def _batches(view, plan_graphs: list[str]) -> Iterator[list[tuple[str, list[ox.Quad]]]]:
    """The plans (IRI and quads) read from ``view``, a batch at a time."""
    batch: list[tuple[str, list[ox.Quad]]] = []
    held = 0
    for graph in plan_graphs:
        quads = list(view.quads(graph))
        if batch and (len(batch) == BATCH or held + len(quads) > BATCH_QUADS):
            yield batch
            batch, held = [], 0
        batch.append((ID + graph[len(GRAPH):], quads))
        held += len(quads)
    if batch:
        yield batch


_BATCH: tuple = ()  # the validator and batch being validated, for forked processes to inherit


def _validated(validator: PlanValidator, batch: list[tuple[str, list[ox.Quad]]]) -> list:
    """Each plan's report, or why it could not be validated, in order; in forked processes when worth it."""
    global _BATCH
    workers = min(len(os.sched_getaffinity(0)), 4)
    # One plan (a PUT) is never worth a fork; big plans are worth it from two.
    small = len(batch) < 2 or len(batch) < PARALLEL_FROM and sum(len(quads) for _, quads in batch) < PARALLEL_QUADS
    if small or workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_validate_one(validator, plan, quads) for plan, quads in batch]
    _BATCH = (validator, batch)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_validate_at, range(len(batch)), chunksize=max(1, len(batch) // (workers * 2))))
    finally:
        _BATCH = ()


def _validate_at(index: int):
    validator, batch = _BATCH
    return _validate_one(validator, *batch[index])


def _validate_one(validator: PlanValidator, plan: str, quads: list[ox.Quad]):
    """The plan's report and the documents it cites (worked out here, in the forked process), or why it could
    not be validated."""
    try:
        icb = validator.context.check_plan(plan, quads, plan, "")
        report = validator.validate_plan(plan, icb, quads, Path(plan))
    except InputError as error:
        return error.reason
    return report, {m.group(1) for iri in named_iris(quads) if (m := _CITED.match(iri))}


def refresh_all(store) -> list[str]:
    """Re-validate every plan edition in ``store`` and write the reports (one write); returns the plans."""
    names = store.graph_names()
    plans = [graph for graph in names if graph.startswith(PLAN_GRAPHS)]
    reports = validate_plans(PendingView(store, {}), plans)
    # Reports of editions no longer in the store go too.
    reports.update({graph: [] for graph in names if graph.startswith(REPORT_GRAPHS) and graph not in reports})
    reports[EDITIONS_GRAPH] = current_editions(PendingView(store, {}))
    _write(store, reports)
    return [ID + graph[len(GRAPH):] for graph in plans]


def refresh_missing(store) -> list[str]:
    """Validate the plan editions that have no stored report yet, and derive the current editions if they are
    missing (a store written before either was kept)."""
    names = set(store.graph_names())
    missing = sorted(g for g in names if g.startswith(PLAN_GRAPHS) and report_graph(ID + g[len(GRAPH):]) not in names)
    graphs = validate_plans(PendingView(store, {}), missing) if missing else {}
    if needs_update(PendingView(store, {}), set()):
        graphs[EDITIONS_GRAPH] = current_editions(PendingView(store, {}))
    if graphs:
        _write(store, graphs)
    return [ID + graph[len(GRAPH):] for graph in missing]


def _write(store, reports: MutableMapping[str, list[ox.Quad]]) -> None:
    derived, store.derived = store.derived, None  # the reports are the write: nothing to derive from them
    try:
        store.write((), lambda: reports, replace=True)
    finally:
        store.derived = derived
    store.flush()
