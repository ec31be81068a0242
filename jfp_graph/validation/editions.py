"""Each ICB's current edition, kept with every write beside the validation reports.

An ICB's current edition is its plan edition whose first financial year has the greatest ``jfp:startYear``;
of editions with the same first year, the one with the greatest IRI; an edition without a first financial
year is never current. It is the "latest edition" the named queries describe, written as ``<icb>
jfp:currentEdition <plan>`` in ``jfpg:editions``, so that a national question starts from one edition per ICB:
Oxigraph does not carry an aggregate's answer into the patterns beside it, so a query choosing the latest
edition itself reads every edition's outcomes first (seconds at national size).
"""

from __future__ import annotations

import pyoxigraph as ox

from jfp_graph.iris import DEF, RDF_TYPE
from jfp_graph.layout import EDITIONS_GRAPH, PLAN_GRAPHS, REFERENCE_GRAPH
from jfp_graph.store import PendingView

CURRENT_EDITION = ox.NamedNode(DEF + "currentEdition")
_PLAN_CLASS, _FOR_ICB, _FIRST_YEAR, _START_YEAR = (
    DEF + "JointForwardPlan", DEF + "forICB", DEF + "firstFinancialYear", DEF + "startYear")

_EDITIONS = f"""SELECT ?g ?plan ?icb ?year WHERE {{
  GRAPH ?g {{ ?plan a <{_PLAN_CLASS}> ; <{_FOR_ICB}> ?icb . OPTIONAL {{ ?plan <{_FIRST_YEAR}> ?year }} }}
}}"""
_START_YEARS = f"SELECT ?g ?year ?start WHERE {{ GRAPH ?g {{ ?year <{_START_YEAR}> ?start }} }}"


def needs_update(view: PendingView, changed: set[str]) -> bool:
    """Whether a write changing ``changed`` can change any ICB's current edition (an edition, or the reference
    graph, which gives the financial years' start years), or the graph is missing."""
    return (any(graph.startswith(PLAN_GRAPHS) or graph == REFERENCE_GRAPH for graph in changed)
            or EDITIONS_GRAPH not in changed and EDITIONS_GRAPH not in view.graph_names()
            and any(graph.startswith(PLAN_GRAPHS) for graph in view.graph_names()))


def current_editions(view: PendingView) -> list[ox.Quad]:
    """``<icb> jfp:currentEdition <plan>`` for every ICB with an edition that has a first financial year."""
    editions: list[tuple[ox.NamedNode, ox.NamedNode, object]] = []  # (icb, plan, first financial year)
    start_years: dict[object, int] = {}
    for graph, pending in view.pending.items():
        quads = list(pending)
        types = {q.subject for q in quads if q.predicate.value == RDF_TYPE and q.object.value == _PLAN_CLASS}
        years = {}
        for quad in quads:
            if quad.predicate.value == _START_YEAR:
                _add_year(start_years, quad.subject, quad.object)
            elif quad.predicate.value == _FIRST_YEAR:
                years.setdefault(quad.subject, []).append(quad.object)
        if graph.startswith(PLAN_GRAPHS):
            editions += [(q.object, q.subject, year) for q in quads
                         if q.predicate.value == _FOR_ICB and q.subject in types
                         for year in years.get(q.subject, [None])]
    stored = view.store.graph_names()
    settled = set(view.pending) if view.replace else set()
    for row in view.store.select(_START_YEARS).rows:
        if row["g"].value not in settled:
            _add_year(start_years, row["year"], row["start"])
    if any(graph.startswith(PLAN_GRAPHS) and graph not in settled for graph in stored):
        editions += [(row["icb"], row["plan"], row["year"]) for row in view.store.select(_EDITIONS).rows
                     if row["g"].value.startswith(PLAN_GRAPHS) and row["g"].value not in settled]
    current: dict[ox.NamedNode, tuple[int, str, ox.NamedNode]] = {}
    for icb, plan, year in editions:
        start = start_years.get(year)
        if start is None or not isinstance(icb, ox.NamedNode) or not isinstance(plan, ox.NamedNode):
            continue
        candidate = (start, plan.value, plan)
        if icb not in current or candidate[:2] > current[icb][:2]:
            current[icb] = candidate
    graph = ox.NamedNode(EDITIONS_GRAPH)
    return [ox.Quad(icb, CURRENT_EDITION, plan, graph) for icb, (_, _, plan) in sorted(
        current.items(), key=lambda item: item[0].value)]


def _add_year(start_years: dict, year, start) -> None:
    """A financial year's start year (the greatest, should a year be given two)."""
    if isinstance(start, ox.Literal):
        try:
            value = int(start.value)
        except ValueError:
            return
        start_years[year] = max(value, start_years.get(year, value))
