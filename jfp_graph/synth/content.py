"""What synthetic documents say: invented titles, targets, steps, needs and priorities, and the people consulted.

Nothing here is about a real organisation; the generator combines these pools with real codes and names.
"""

from __future__ import annotations

from typing import NamedTuple


class ObjectiveTemplate(NamedTuple):
    title: str
    metric: str  # the title of its metric
    unit: str
    baseline: float
    target: float
    topic: str | None  # the recommended content topic it covers, if any: a name in jfp: (topic-...)


OBJECTIVES = (
    ObjectiveTemplate(
        "Improve the timeliness of urgent and emergency care",
        "A&E attendances admitted, transferred or discharged within four hours",
        "percent",
        72.0,
        78.0,
        "topic-performance",
    ),
    ObjectiveTemplate(
        "Timely neurology diagnosis and community neuro-rehabilitation",
        "Median wait from GP referral to first neurology outpatient appointment",
        "weeks",
        26.0,
        18.0,
        None,
    ),
    ObjectiveTemplate(
        "Improve access to mental health support for children and young people",
        "Children and young people with at least one contact with NHS-funded mental health services",
        "people",
        24000.0,
        29500.0,
        None,
    ),
    ObjectiveTemplate(
        "Prevent cardiovascular disease by finding and treating high blood pressure",
        "Patients with hypertension treated to the NICE target",
        "percent",
        68.0,
        80.0,
        "topic-population-health-management",
    ),
    ObjectiveTemplate(
        "Diagnose cancer earlier in Core20PLUS communities",
        "Cancers diagnosed at stage 1 or 2",
        "percent",
        55.0,
        75.0,
        None,
    ),
    ObjectiveTemplate(
        "Safeguard and support victims of domestic and sexual abuse",
        "GP practices accredited in a domestic abuse identification and referral programme",
        "GP practices",
        38.0,
        140.0,
        None,
    ),
    ObjectiveTemplate(
        "Recover access to general practice and NHS dentistry",
        "Adults seen by an NHS dentist in the previous 24 months",
        "percent",
        41.0,
        46.0,
        None,
    ),
    ObjectiveTemplate(
        "Reduce waits for elective care",
        "Patients waiting more than 52 weeks for elective treatment",
        "people",
        9000.0,
        0.0,
        "topic-performance",
    ),
    ObjectiveTemplate(
        "Grow and retain our workforce",
        "Nursing vacancy rate across partner trusts",
        "percent",
        9.5,
        6.0,
        "topic-workforce",
    ),
    ObjectiveTemplate(
        "Join up records across health and care",
        "Care providers connected to the shared care record",
        "providers",
        120.0,
        400.0,
        "topic-digital-data",
    ),
    ObjectiveTemplate(
        "Reduce the carbon footprint of our estate",
        "Emissions from the estate",
        "tonnes CO2e",
        52000.0,
        40000.0,
        "topic-estates",
    ),
    ObjectiveTemplate(
        "Support people with a learning disability and autistic people",
        "Annual health checks for people with a learning disability",
        "percent",
        71.0,
        80.0,
        None,
    ),
    ObjectiveTemplate(
        "Improve maternity safety and equity",
        "Women on a continuity of carer pathway from Black and Asian communities",
        "percent",
        30.0,
        75.0,
        None,
    ),
    ObjectiveTemplate(
        "Help people stay well at home",
        "Emergency admissions of people aged 65 and over",
        "per 100,000",
        24000.0,
        21500.0,
        None,
    ),
)

# Steps of objective N are STEPS[N + K] for K = 1, 2, ...
STEPS = [
    "Open a single point of access for urgent care in each place",
    "Commission community rehabilitation teams for people with long-term conditions",
    "Expand mental health support teams in schools and colleges",
    "Commission blood pressure case-finding in community pharmacies",
    "Run targeted lung health checks in the most deprived neighbourhoods",
    "Take screening outreach to inclusion health groups with voluntary sector partners",
    "Place independent domestic violence advisers in every emergency department",
    "Commission additional urgent dental sessions in areas with the lowest access",
    "Offer tobacco dependence treatment to every smoker admitted to hospital",
    "Provide healthy weight support in the most deprived wards",
    "Run virtual wards for frail older people",
    "Offer international recruits a pastoral support programme",
    "Connect care homes to the shared care record",
    "Replace gas boilers with heat pumps at community hospitals",
]
MILESTONES = [
    "Service open in every place",
    "Contract awarded",
    "Pilot evaluated and decision on roll-out taken",
    "Programme reaches half of eligible people",
    "Full roll-out complete",
]
STATUSES = ["on track", "on track", "on track", "delayed", "complete"]
ICS_PRIORITIES = [
    "Children and young people have the best start in life",
    "Good mental health and wellbeing for everyone",
    "Preventing ill health and reducing health inequalities",
    "Joined-up care closer to home",
    "Safe and supportive communities",
    "Our people: a sustainable health and care workforce",
]
NEEDS = [
    (
        "Smoking in the most deprived neighbourhoods",
        "Smoking prevalence is highest in the most deprived neighbourhoods.",
    ),
    ("Child poverty and its effect on health", "Children in low-income households have more emergency admissions."),
    ("Mental health and wellbeing of adults", "Adults report lower wellbeing scores than the regional average."),
    ("Healthy ageing and frailty", "The number of people aged 85 and over will rise by a third in ten years."),
    ("Excess weight in children", "More than a third of children leave primary school overweight or obese."),
]
JLHWS_PRIORITIES = [
    "Starting well",
    "Living well",
    "Ageing well",
    "Healthy places",
    "Tackling poverty and its effects on health",
]


class Group(NamedTuple):
    slug: str  # its name in the plan's IRIs
    label: str
    kinds: tuple[str, ...]  # consultee group types, names in jfp:
    condition: str | None = None  # for a condition community


GROUPS = (
    Group(
        "core-population",
        "People registered with our GP practices and residents of our area",
        ("consultee-core-population",),
    ),
    Group(
        "inclusion-health",
        "People experiencing homelessness and people seeking asylum",
        ("consultee-underserved", "consultee-inclusion-health"),
    ),
    Group(
        "neurological-community",
        "People affected by neurological conditions and their carers",
        ("consultee-condition-community",),
        "neurological conditions",
    ),
    Group("vcse", "Voluntary, community and social enterprise organisations", ("consultee-vcse",)),
    Group(
        "partners",
        "The integrated care partnership, health and wellbeing boards and NHS England",
        ("consultee-icp", "consultee-hwb", "consultee-nhs-england"),
    ),
)
# Consultation activities: title and the groups consulted.
CONSULTATIONS = (
    ("Survey and public events on the priorities and the draft plan", ("core-population",)),
    ("Community conversations with inclusion health groups", ("inclusion-health", "vcse")),
    ("Workshops with people affected by neurological conditions", ("neurological-community", "vcse")),
    ("Stakeholder review of the draft plan", ("partners",)),
)
VIEW_TEXT = "People asked for quicker access and clearer information."
VIEW_CHANGED = "We added a step and a target in response."
VIEW_NOT_CHANGED = "Not changed in this edition; reported at the next annual review."


class Pathway(NamedTuple):
    slug: str  # its name in the plan's IRIs
    aims: tuple[str, ...]  # names in jfp: (aim-...)
    specialised: bool  # a delegated specialised service


# Each pathway serves all three aims (Neurological Alliance, 2023).
ALL_AIMS = ("aim-quality", "aim-inequalities", "aim-value")
PATHWAYS = (
    Pathway("neurology", ALL_AIMS, True),
    Pathway("cardiovascular", ALL_AIMS, False),
    Pathway("cyp-mental-health", ALL_AIMS, False),
)
