"""The project's identifiers for plan editions: their form, and the integrated care boards that exist.

A plan edition is ``jfpid:plan/{ODS}/{YYYY}``: the ODS code of a real ICB (one the bundled reference graph
knows) and the calendar year its first financial year starts in. The same rule holds wherever a plan
enters the store or the validator: ``load``, a web ``PUT`` and ``validate``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox

from jfp_graph.iris import DEF, ID, RDF_TYPE
from jfp_graph.paths import DATA_DIR

PLAN_CLASS = DEF + "JointForwardPlan"
ICB_CLASS = DEF + "IntegratedCareBoard"
FOR_ICB = DEF + "forICB"
_PLAN = re.compile("^" + re.escape(ID) + r"plan/([^/]*)/([^/]*)$")


@cache
def known_icbs() -> frozenset[str]:
    """The IRIs of the ICBs in the bundled reference graph."""
    return frozenset(
        quad.subject.value
        for quad in ox.parse(path=str(DATA_DIR / "reference.ttl"), format=ox.RdfFormat.TURTLE)
        if quad.predicate.value == RDF_TYPE and quad.object.value == ICB_CLASS
    )


def plan_problem(plan: str, quads: Iterable[ox.Quad]) -> str | None:
    """Why ``plan`` (described by ``quads``) cannot be a plan edition, or ``None`` when it can."""
    match = _PLAN.match(plan)
    if not match:
        return f"<{plan}> is not a plan edition identifier: expected {ID}plan/{{ODS code}}/{{year}}"
    ods, year = match.groups()
    if not re.fullmatch(r"\d{4}", year):
        return f"<{plan}>: '{year}' is not a year (the year the plan's first financial year starts, e.g. 2024)"
    icb = f"{ID}icb/{ods}"
    if icb not in known_icbs():
        return f"<{plan}>: no integrated care board has the ODS code '{ods}' in the reference graph"
    named = {q.object.value for q in quads if q.subject.value == plan and q.predicate.value == FOR_ICB}
    if named and named != {icb}:
        return f"<{plan}> says it is for {', '.join(f'<{i}>' for i in sorted(named))}, not for <{icb}>"
    return None


def edition_parts(plan: str) -> tuple[str, int]:
    """The ODS code and year of a plan edition's IRI (one ``plan_problem`` accepts the form of)."""
    match = _PLAN.match(plan)
    if not match or not re.fullmatch(r"\d{4}", match[2]):
        raise ValueError(f"<{plan}> is not a plan edition identifier")
    return match[1], int(match[2])


def plans_in(quads: Iterable[ox.Quad]) -> list[str]:
    """The plan editions ``quads`` type as such (sorted)."""
    return sorted(
        {
            q.subject.value
            for q in quads
            if q.predicate.value == RDF_TYPE and q.object.value == PLAN_CLASS and isinstance(q.subject, ox.NamedNode)
        }
    )
