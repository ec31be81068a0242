"""``jfp-graph new``: a plan in the YAML authoring format for a real ICB, with every required part stubbed.

What the reference graph knows is filled in: the ICB, its partner trusts (named in its constitution), the
five-year period, and each health and wellbeing board whose area overlaps the ICB's. Everything the ICB must
write is a stub marked ``TODO <requirement>``; ``jfp-graph validate`` reports exactly those requirements
until they are filled in.
"""

from __future__ import annotations

import json
import re

from jfp_graph.namespaces import JFP, JFPID, RDFS
from jfp_graph.validation.context import ValidationContext
from jfp_graph.validation.model import Requirement

ODS = re.compile(r"^[A-Z0-9]{3}$")
# Requirements a scaffold meets from reference data, or that do not apply to it until the plan says more.
PREFILLED = frozenset({"five-year-period"})
CONDITIONAL = {
    "first-edition-dates": "applies to first editions (2023/24) once they record publication and sharing dates",
    "priority-pathways": "applies once the plan states that the ICB holds delegated specialised services",
}
# Requirements checked through claims are stubbed as claims; the others have structural stubs below.
STRUCTURAL = frozenset(
    {
        "five-year-period",
        "prepared-before-year",
        "published",
        "first-edition-dates",
        "consultation",
        "views-summary",
        "hwb-draft-shared",
        "hwb-opinion-statement",
        "plan-shared",
        "underserved-views",
        "draft-shared-icp-nhse",
        "condition-communities-consulted",
        "jlhws-steps",
        "delivery-focused",
        "priority-pathways",
        "capital-plan-consistency",
    }
    | {
        f"topic-{t}"
        for t in (
            "workforce",
            "performance",
            "digital-data",
            "estates",
            "procurement",
            "population-health-management",
            "system-development",
            "wider-development",
        )
    }
)


class ScaffoldError(ValueError):
    pass


def _q(text: str) -> str:
    """A YAML-safe scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _rel(iri: str) -> str:
    return iri[len(str(JFPID)) :]


def scaffold(ods: str, year: int, context: ValidationContext | None = None) -> str:
    ods = ods.strip().upper()
    if not ODS.match(ods):
        raise ScaffoldError(f"'{ods}' is not an ICB ODS code (three letters or digits, e.g. QNQ)")
    if not 2023 <= year <= 2100:
        raise ScaffoldError(f"{year}: the first financial year must start in 2023 or later")
    context = context or ValidationContext()
    icb = f"{JFPID}icb/{ods}"
    if icb not in context.icbs:
        known = ", ".join(sorted(_rel(i)[4:] for i in context.icbs))
        raise ScaffoldError(f"no ICB with ODS code {ods} in the reference graph (known: {known})")
    name = context.icbs[icb]
    trusts = [
        (row["trust"].value, row["name"].value)
        for row in context.store.select(
            f"SELECT ?trust ?name WHERE {{ <{icb}> <{JFP.partnerTrust}> ?trust . ?trust <{RDFS.label}> ?name }} "
            "ORDER BY ?name"
        ).rows
    ]
    hwbs = list(context.relevant_hwbs(icb))
    requirements = {r.slug: r for r in context.requirements.values()}
    plan = f"plan/{ods}/{year}"
    fy = f"{year}-{(year + 1) % 100:02d}"
    span = f"{year}/{(year + 1) % 100:02d} to {year + 4}/{(year + 5) % 100:02d}"

    out: list[str] = []
    w = out.append
    w(f"# Joint forward plan {span}: {name} ({ods}).")
    w("# jfp-graph YAML authoring format (JSON-LD in YAML). Keys are defined by the jfp-graph context;")
    w("# an unknown key is reported with its line and column.")
    w("# Each 'TODO <requirement>:' comment marks a stub: `jfp-graph validate` reports that requirement until")
    w("# the stub is filled in.")
    w(f"# Check it with:  jfp-graph validate {ods}-{year}.yaml")
    w('"@context": https://w3id.org/jfp-graph/context.jsonld')
    w(f"id: {plan}")
    w("type: JointForwardPlan")
    w(f"title: {_q(f'{name} joint forward plan {span}')}")
    w(f"forICB: icb/{ods}  # {name}")
    w("# The ICB and its partner NHS trusts and foundation trusts, as named in the ICB's constitution.")
    w("preparedBy:")
    w(f"  - icb/{ods}")
    for trust, trust_name in trusts:
        w(f"  - {_rel(trust)}  # {trust_name}")
    w("# Five financial years starting with the next one (NHS Act 2006 s.14Z52(1)).")
    w(f"firstFinancialYear: fy/{fy}")
    w(f"periodStart: {year}-04-01")
    w(f"periodEnd: {year + 5}-03-31")
    w(f"# TODO prepared-before-year: {requirements['prepared-before-year'].fix_hint}")
    w(f"# created: {year}-03-31")
    w(f"# TODO published: {requirements['published'].fix_hint}")
    w(f"# issued: {year}-06-30")
    w("# webPage: https://example.org/our-joint-forward-plan")
    w(f"# TODO capital-plan-consistency: {requirements['capital-plan-consistency'].fix_hint}")
    w(f"# consistentWith: capital/{ods}/{year}")
    w("# The ICB's integrated care strategy this plan delivers (optional).")
    w(f"# delivers: ics/{ods}/{year - 1}")
    w("")
    w("hasSection:")
    w(f"  - id: {plan}/section/services")
    w("    type: PlanSection")
    w('    title: "TODO: the health services the ICB will arrange"')
    topics = [r for r in requirements.values() if r.slug.startswith("topic-")]
    for requirement in topics:
        topic = requirement.slug
        w(f"  # TODO {topic}: {requirement.label}. Add a section on it, or drop this comment.")
        w(f"  # - id: {plan}/section/{topic[6:]}")
        w("  #   type: PlanSection")
        w(f"  #   title: {_q(requirement.label)}")
        w(f"  #   topic: jfp:{topic}")
    w("")
    w(f"# TODO delivery-focused: {requirements['delivery-focused'].fix_hint}")
    w("# TODO jlhws-steps: each health and wellbeing board below needs at least one step that implements its")
    w("# joint local health and wellbeing strategy (or one of the strategy's priorities).")
    w("hasObjective:")
    w(f"  - id: {plan}/objective/1")
    w("    type: Objective")
    w('    title: "TODO: an objective"')
    w("    # hasMetric: [{type: Metric, title: ..., baseline: 0, target: 0, unit: percent, dueDate: ...}]")
    w("    # hasMilestone: [{type: Milestone, title: ..., dueDate: ...}]")
    w(
        "    # hasTrajectory: [{type: Trajectory, hasTrajectoryPoint: [{type: TrajectoryPoint, pointDate: ..., value: 0}]}]"  # noqa: E501 - one line of the scaffold
    )
    w("    hasStep:")
    for hwb, hwb_name in hwbs:
        gss = hwb.rsplit("/", 1)[-1]
        w(f"      - id: {plan}/step/jlhws-{gss}")
        w("        type: Step")
        w(f"        title: {_q(f'TODO: a step implementing the {hwb_name} strategy')}")
        w(f"        # implements: jlhws/{gss}/{year - 1}")
    w("")
    w("# If the ICB holds delegated specialised services, say so where the plan names its ICB (priority-pathways")
    w(
        f"# then applies):  forICB: {{id: icb/{ods}, holdsDelegatedSpecialisedServices: true, delegatedFrom: {year}-04-01}}"  # noqa: E501 - one line of the scaffold
    )
    w(f"# priority-pathways: {requirements['priority-pathways'].fix_hint}")
    w(
        "# hasPriorityPathway: [{type: PriorityPathway, title: ..., servesAim: [jfp:aim-quality, jfp:aim-inequalities, jfp:aim-value]}]"  # noqa: E501 - one line of the scaffold
    )
    w("")
    w(f"# TODO consultation: {requirements['consultation'].fix_hint}")
    w(f"# TODO underserved-views: {requirements['underserved-views'].fix_hint}")
    w(f"# TODO condition-communities-consulted: {requirements['condition-communities-consulted'].label}.")
    w("hasConsultation:")
    w(f"  - id: {plan}/consultation/1")
    w("    type: ConsultationActivity")
    w('    title: "TODO: how and when the ICB\'s population was consulted"')
    w("    # consulted:")
    w(f"    #   - {{id: {plan}/group/core-population, type: ConsulteeGroup, groupType: jfp:consultee-core-population}}")
    w(
        f"    #   - {{id: {plan}/group/inclusion-health, type: ConsulteeGroup, groupType: jfp:consultee-inclusion-health}}"  # noqa: E501 - one line of the scaffold
    )
    w(
        f"    #   - {{id: {plan}/group/neurological, type: ConsulteeGroup, groupType: jfp:consultee-condition-community, condition: neurological conditions}}"  # noqa: E501 - one line of the scaffold
    )
    w("")
    w(f"# TODO views-summary: {requirements['views-summary'].fix_hint}")
    w("hasViewsSummary:")
    w(f"  - id: {plan}/views-summary")
    w("    type: ViewsSummary")
    w("    # hasView: [{type: View, viewText: ..., howTakenIntoAccount: ...}]")
    w("")
    w(f"# TODO hwb-draft-shared: {requirements['hwb-draft-shared'].fix_hint}")
    w(f"# TODO draft-shared-icp-nhse: {requirements['draft-shared-icp-nhse'].fix_hint}")
    w("hasDraftSharing:")
    for hwb, hwb_name in hwbs:
        gss = hwb.rsplit("/", 1)[-1]
        w(f"  - id: {plan}/draft-sharing/{gss}")
        w("    type: DraftSharing")
        w(f"    sharedWith: {_rel(hwb)}  # {hwb_name}")
        w(f"    # sharedOn: {year}-01-31")
    for target, label in ((f"icp/{ods}", "the integrated care partnership"), ("org/nhs-england", "NHS England")):
        w(f"  - id: {plan}/draft-sharing/{target.rsplit('/', 1)[-1]}")
        w("    type: DraftSharing")
        w(f"    sharedWith: {target}  # {label}")
        w(f"    # sharedOn: {year}-01-31")
    w("")
    w(f"# TODO hwb-opinion-statement: {requirements['hwb-opinion-statement'].fix_hint}")
    w("hasOpinionStatement:")
    for hwb, hwb_name in hwbs:
        gss = hwb.rsplit("/", 1)[-1]
        w(f"  - id: {plan}/opinion/{gss}")
        w("    type: HWBOpinion")
        w(f"    opinionOf: {_rel(hwb)}  # {hwb_name}")
        w("    # isFinal: true")
        w(f"    # givenOn: {year}-03-15")
        w("    # opinionText: ...")
    w("")
    w(f"# TODO plan-shared: {requirements['plan-shared'].fix_hint}")
    w("hasPlanSharing:")
    for target, label in (
        *((_rel(h), n) for h, n in hwbs),
        (f"icp/{ods}", "the integrated care partnership"),
        ("org/nhs-england", "NHS England"),
    ):
        w(f"  - id: {plan}/plan-sharing/{target.rsplit('/', 1)[-1]}")
        w("    type: PlanSharing")
        w(f"    sharedWith: {target}  # {label}")
        w(f"    # sharedOn: {year}-06-30")
    w("")
    w("# One claim per requirement the plan must answer in its text: point it at the part of the plan that")
    w("# addresses it (addressedBy) or at the page of the published plan (hasEvidence).")
    w("hasClaim:")
    for requirement in _claimed(context):
        w(f"  # TODO {requirement.slug}: ({requirement.modality}) {requirement.label}. {requirement.fix_hint}")
        w(f"  - id: {plan}/claim/{requirement.slug}")
        w("    type: RequirementClaim")
        w(f"    addressesRequirement: jfpreq:{requirement.slug}")
        w(f"    # addressedBy: {plan}/section/services")
        w("    # hasEvidence: [{type: EvidencePointer, inDocument: https://example.org/plan.pdf, page: 1, quote: ...}]")
    return "\n".join(out) + "\n"


def _claimed(context: ValidationContext) -> list[Requirement]:
    """Requirements checked through claims, in the statute graph's order (must, should, could)."""
    return [r for r in context.requirements.values() if r.slug not in STRUCTURAL]


def stubbed_requirements(text: str) -> set[str]:
    """Slugs named in the TODO comments of a scaffold."""
    return set(re.findall(r"TODO ([a-z0-9]+(?:-[a-z0-9]+)*):", text))
