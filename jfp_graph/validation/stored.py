"""Validating a plan edition as a store holds it, with the store's strategies, JSNAs and capital plans as context."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from jfp_graph.iris import GRAPH
from jfp_graph.layout import graph_for_document
from jfp_graph.store import GraphStore
from jfp_graph.validation.model import PlanReport
from jfp_graph.validation.runner import PlanValidator

# The graphs of the documents a plan is checked against (see the graph layout in docs/queries.md).
SUPPORTING_GRAPHS = tuple(GRAPH + kind for kind in ("ics/", "jlhws/", "jsna/", "capital/"))


def supporting_quads(store: GraphStore) -> list[ox.Quad]:
    """Integrated care strategies, JLHWSs, JSNAs and capital plans in the store."""
    return [quad for graph in store.graph_names() if graph.startswith(SUPPORTING_GRAPHS) for quad in store.quads(graph)]


def validate_stored_plan(store: GraphStore, plan: str, validator: PlanValidator) -> PlanReport:
    """The report of the edition ``plan`` as stored (its own graph), checked as ``jfp-graph validate`` checks files.

    An ``InputError`` when it cannot be checked, e.g. it names an ICB the reference data lacks. ``validator``'s
    context holds the store's supporting documents while the plan is checked, so callers sharing a validator
    run one check at a time.
    """
    graph = graph_for_document(plan)
    quads = list(store.quads(graph))
    context = validator.context
    context.add_supporting(supporting_quads(store))
    try:
        icb = context.check_plan(plan, quads, plan, "")
        return validator.validate_plan(plan, icb, quads, Path(graph))
    finally:
        context.clear_supporting()
