"""The synthetic national graph, document by document, and the size of it that comes closest to a request.

Size is reached by scaling, in this order, the number of ICBs (below one edition for every ICB), the annual
editions of each plan, and the objectives (each with metrics, milestones, trajectories and steps) in each
edition. A controlled share of plans carries one defect each: a patch of ``data/examples/defects``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from jfp_graph.iris import ID
from jfp_graph.synth import strategies
from jfp_graph.synth.defects import DEFECTS, Patch
from jfp_graph.synth.document import Document
from jfp_graph.synth.draft import FIRST_YEAR, plan_iri
from jfp_graph.synth.model import ICB, Scale
from jfp_graph.synth.plan import build_plan

MAX_EDITIONS = 12  # the reference graph has financial years up to 2035/36
PLAN_OBJECTIVES = 23  # what one edition of every ICB has at 100k triples
DEFECT_SHARE = 0.2


class Generator:
    def __init__(self, seed: int, scale: Scale, icbs: tuple[ICB, ...], plant_defects: bool = True) -> None:
        self.seed = seed
        self.scale = scale
        self.icbs = icbs[: scale.icbs]
        self.plant_defects = plant_defects

    def rng(self, *key: object) -> random.Random:
        """Random numbers of their own for each document, so that one document's never shift another's."""
        return random.Random(":".join(str(k) for k in (self.seed, *key)))

    def plans(self) -> list[str]:
        return [plan_iri(icb, FIRST_YEAR + e) for icb in self.icbs for e in range(self.scale.editions)]

    def defects(self) -> dict[str, Patch]:
        """Which plans carry which defect: a fifth of the plans, and every defect once there are as many plans
        as defects (so the smallest national graph, one edition of each of the 42 ICBs, plants every one)."""
        plans = self.plans()
        count = max(round(len(plans) * DEFECT_SHARE), min(len(DEFECTS), len(plans)))
        chosen = sorted(self.rng("defects").sample(plans, count))
        return {plan: DEFECTS[n % len(DEFECTS)] for n, plan in enumerate(chosen)}

    def documents(self) -> Iterator[Document]:
        defects = self.defects() if self.plant_defects else {}
        hwbs = sorted({h for i in self.icbs for h in i.hwbs}, key=lambda h: h.gss)
        for hwb in hwbs:
            icbs = sorted(i.ods for i in self.icbs if hwb in i.hwbs)
            yield strategies.jsna(hwb, icbs, self.rng("jsna", hwb.gss))
            yield strategies.jlhws(hwb, icbs, self.rng("jlhws", hwb.gss))
        for icb in self.icbs:
            yield strategies.ics(icb)
            for year in range(FIRST_YEAR, FIRST_YEAR + self.scale.editions):
                yield strategies.capital(icb, year)
                plan = build_plan(icb, year, self.scale, self.rng("plan", icb.ods, year))
                if plan.iri in defects:
                    plant(defects[plan.iri], plan, icb)
                yield plan


def plant(defect: Patch, plan: Document, icb: ICB) -> None:
    """Apply the defect's patch to the plan; a defect about one relevant HWB is about the ICB's first."""
    known = {"plan_iri": plan.iri, "hwb_iri": f"{ID}hwb/{icb.hwbs[0].gss}"}
    plan.change(*defect.changes(plan.ntriples(), **{name: known[name] for name in defect.parameters if name in known}))


def _count(scale: Scale, icbs: tuple[ICB, ...]) -> int:
    return sum(len(doc.triples) for doc in Generator(0, scale, icbs, plant_defects=False).documents())


def choose_scale(target: int, icbs: tuple[ICB, ...]) -> Scale:
    """ICBs, editions and objectives that come closest to ``target`` triples.

    The count is bilinear in editions and objectives, so four small trial generations fit it exactly
    (up to the triples a defect removes); the national documents add a fixed few.
    """
    steps, base = 3, 8
    one_each = _count(Scale(len(icbs), 1, base, steps), icbs)
    if target < one_each:
        # Below one edition for every ICB: fewer ICBs, in code order.
        n = max(1, min(len(icbs), round(target / (one_each / len(icbs)))))
        objectives = base
        while n == 1 and objectives > 1 and _count(Scale(1, 1, objectives, steps), icbs) > target * 1.1:
            objectives -= 1
        return Scale(n, 1, objectives, steps)
    t11, t12 = one_each, _count(Scale(len(icbs), 1, 2 * base, steps), icbs)
    t21, t22 = _count(Scale(len(icbs), 2, base, steps), icbs), _count(Scale(len(icbs), 2, 2 * base, steps), icbs)
    # T(E, O) = a + b*E + c*O + d*E*O through the four points (E in 1..2, O in base..2*base).
    d = (t22 - t21 - t12 + t11) / base
    c = (t12 - t11) / base - d
    b = t21 - t11 - d * base
    a = t11 - b - c * base - d * base

    def total(editions: int, objectives: float) -> float:
        return a + b * editions + (c + d * editions) * objectives

    # Plans keep one size while the country grows edition by edition, up to the financial years known; only
    # then do plans grow. So a question about one plan asks the same of it at 100k triples as at 1M, and the
    # bench's scale ratios measure the store, not a larger plan.
    editions = max(1, min(MAX_EDITIONS, round((target - a - c * PLAN_OBJECTIVES) / (b + d * PLAN_OBJECTIVES))))
    objectives = max(1, round((target - a - b * editions) / (c + d * editions)))
    return Scale(len(icbs), editions, objectives, steps)
