"""A synthetic plan's objectives, each with a metric, a milestone, a trajectory and steps.

The first step of each objective implements the JLHWS of one relevant HWB in turn (and one of its
priorities); a board left without one, when there are fewer objectives than boards, gets a step of its own.
The first objective also has a step for children and young people and one for victims of abuse (NHS Act 2006
s.14Z52(2)(d), (e)). Later editions revise the objectives of the one before.
"""

from __future__ import annotations

from jfp_graph.iris import DCTERMS, ID, PROV, RDF_TYPE
from jfp_graph.iris import DEF as JFP
from jfp_graph.synth.content import ICS_PRIORITIES, MILESTONES, OBJECTIVES, STATUSES, STEPS, ObjectiveTemplate
from jfp_graph.synth.document import date, decimal, plain, text
from jfp_graph.synth.draft import FIRST_YEAR, PlanDraft, plan_iri
from jfp_graph.synth.model import HWB, Scale

QUARTER_ENDS = ("09-30", "12-31", "03-31")  # trajectory points through the plan's first year


def add_objectives(plan: PlanDraft, scale: Scale) -> list[str]:
    """Add ``scale.objectives`` objectives and return their IRIs."""
    hwbs = plan.icb.hwbs
    objectives = []
    for n in range(1, scale.objectives + 1):
        template = OBJECTIVES[(n - 1) % len(OBJECTIVES)]
        objective = add_objective(plan, n, template)
        objectives.append(objective)
        start = add_metric(plan, objective, n, template)
        add_milestone(plan, objective, n)
        add_trajectory(plan, objective, n, template, start)
        add_steps(plan, objective, n, scale.steps, hwbs[(n - 1) % len(hwbs)])
    for hwb in hwbs[scale.objectives :]:
        add_jlhws_step(plan, objectives[0], hwb)
    for key, (title, population) in POPULATION_STEPS.items():
        add_population_step(plan, objectives[0], key, title, population)
    return objectives


def add_objective(plan: PlanDraft, n: int, template: ObjectiveTemplate) -> str:
    objective = plan.part(f"objective/{n}")
    doc = plan.doc
    doc.add(plan.iri, JFP + "hasObjective", objective)
    doc.add(objective, RDF_TYPE, JFP + "Objective")
    doc.add(objective, DCTERMS + "title", text(template.title if n <= len(OBJECTIVES) else f"{template.title} ({n})"))
    doc.add(objective, JFP + "contributesTo", f"{plan.strategy}/priority/{plan.rng.randint(1, len(ICS_PRIORITIES))}")
    if template.topic:
        doc.add(objective, JFP + "topic", JFP + template.topic)
    if plan.year > FIRST_YEAR:
        doc.add(objective, PROV + "wasRevisionOf", f"{plan_iri(plan.icb, plan.year - 1)}/objective/{n}")
    return objective


def add_metric(plan: PlanDraft, objective: str, n: int, template: ObjectiveTemplate) -> float:
    """The objective's metric; returns its baseline, where its trajectory starts."""
    metric, doc, rng = plan.part(f"metric/{n}-1"), plan.doc, plan.rng
    start = template.baseline * rng.uniform(0.9, 1.1)
    doc.add(objective, JFP + "hasMetric", metric)
    doc.add(metric, RDF_TYPE, JFP + "Metric")
    doc.add(metric, DCTERMS + "title", text(template.metric))
    doc.add(metric, JFP + "baseline", decimal(start))
    doc.add(metric, JFP + "baselineDate", date(f"{plan.year - 1}-12-31"))
    doc.add(metric, JFP + "target", decimal(template.target))
    doc.add(metric, JFP + "dueDate", date(f"{plan.year + 1 + rng.randint(0, 2)}-03-31"))
    doc.add(metric, JFP + "unit", plain(template.unit))
    return start


def add_milestone(plan: PlanDraft, objective: str, n: int) -> None:
    milestone, doc, rng = plan.part(f"milestone/{n}-1"), plan.doc, plan.rng
    doc.add(objective, JFP + "hasMilestone", milestone)
    doc.add(milestone, RDF_TYPE, JFP + "Milestone")
    doc.add(milestone, DCTERMS + "title", text(rng.choice(MILESTONES)))
    due = f"{plan.year + rng.randint(0, 2)}-{rng.choice(('06-30', '09-30', '12-31'))}"
    doc.add(milestone, JFP + "dueDate", date(due))
    doc.add(milestone, JFP + "status", plain(rng.choice(STATUSES)))


def add_trajectory(plan: PlanDraft, objective: str, n: int, template: ObjectiveTemplate, start: float) -> None:
    """From the baseline to the target in three steps, at the ends of the plan's first three quarters."""
    trajectory, doc = plan.part(f"trajectory/{n}-1"), plan.doc
    doc.add(objective, JFP + "hasTrajectory", trajectory)
    doc.add(trajectory, RDF_TYPE, JFP + "Trajectory")
    doc.add(trajectory, DCTERMS + "title", text(f"Trajectory: {template.metric}"))
    for k, quarter_end in enumerate(QUARTER_ENDS, 1):
        point = f"{trajectory}/point/{k}"
        doc.add(trajectory, JFP + "hasTrajectoryPoint", point)
        doc.add(point, RDF_TYPE, JFP + "TrajectoryPoint")
        doc.add(point, JFP + "pointDate", date(f"{plan.year + (quarter_end == '03-31')}-{quarter_end}"))
        doc.add(point, JFP + "value", decimal(start + (template.target - start) * k / len(QUARTER_ENDS)))


def add_steps(plan: PlanDraft, objective: str, n: int, count: int, hwb: HWB) -> None:
    """``count`` steps, each by the ICB or a partner trust; the first implements ``hwb``'s JLHWS."""
    doc, rng = plan.doc, plan.rng
    for k in range(1, count + 1):
        step = plan.part(f"step/{n}-{k}")
        doc.add(objective, JFP + "hasStep", step)
        doc.add(step, RDF_TYPE, JFP + "Step")
        doc.add(step, DCTERMS + "title", text(STEPS[(n + k) % len(STEPS)]))
        doc.add(step, JFP + "responsibleOrganisation", rng.choice(plan.organisations))
        if k == 1:
            strategy = ID + hwb.jlhws
            doc.add(step, JFP + "implements", strategy, f"{strategy}/priority/{rng.randint(1, 3)}")


def add_jlhws_step(plan: PlanDraft, objective: str, hwb: HWB) -> None:
    """A step of its own implementing ``hwb``'s JLHWS, by the ICB and the board's local authority."""
    step, strategy = plan.part(f"step/hwb-{hwb.gss}"), ID + hwb.jlhws
    plan.doc.add(objective, JFP + "hasStep", step)
    plan.doc.add(step, RDF_TYPE, JFP + "Step")
    title = f"Deliver the {hwb.area} joint local health and wellbeing strategy's first priority"
    plan.doc.add(step, DCTERMS + "title", text(title))
    plan.doc.add(step, JFP + "responsibleOrganisation", plan.icb_iri, f"{ID}la/{hwb.gss}")
    plan.doc.add(step, JFP + "implements", strategy, f"{strategy}/priority/1")


# Steps for the populations the Act names, each by the ICB: (title, population concept).
POPULATION_STEPS = {
    "children-young-people": (
        "Expand mental health support teams in schools and colleges, up to the age of 25",
        "population-children-young-people",
    ),
    "victims-of-abuse": (
        "Place independent domestic violence advisers in every emergency department",
        "population-victims-of-abuse",
    ),
}


def add_population_step(plan: PlanDraft, objective: str, key: str, title: str, population: str) -> None:
    """A step of its own, by the ICB, that concerns ``population``."""
    step = plan.part(f"step/{key}")
    plan.doc.add(objective, JFP + "hasStep", step)
    plan.doc.add(step, RDF_TYPE, JFP + "Step")
    plan.doc.add(step, DCTERMS + "title", text(title))
    plan.doc.add(step, JFP + "responsibleOrganisation", plan.icb_iri)
    plan.doc.add(step, JFP + "concernsPopulation", JFP + population)
