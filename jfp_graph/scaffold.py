"""``jfp-graph new``: a plan in the YAML authoring format for a real ICB, with every required part stubbed.

What the reference graph knows is filled in: the ICB, its partner trusts (named in its constitution), the
five-year period, and each health and wellbeing board whose area overlaps the ICB's. Everything the ICB must
write is a stub marked ``TODO <requirement>``; ``jfp-graph validate`` reports exactly those requirements
until they are filled in.

The plan's layout is the template ``templates/plan.yaml.j2``; this module gathers its data. What each stub says
comes from the statute graph (fix hints), which requirements get a claim from the shapes (those checked from a
claim), and when a requirement applies only to some plans from the shapes and the ontology (see ``conditions``).
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from jfp_graph.authoring import dump_yaml, quads_to_document
from jfp_graph.iris import PROV, RDF_TYPE
from jfp_graph.layout import ONTOLOGY_GRAPH
from jfp_graph.namespaces import JFP, JFPID, JFPV, RDFS, SH, SKOS
from jfp_graph.validation.context import ValidationContext
from jfp_graph.validation.model import Requirement

ODS = re.compile(r"^[A-Z0-9]{3}$")
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "plan.yaml.j2"
WIDTH = 110  # comment lines are wrapped to this many characters


class ScaffoldError(ValueError):
    pass


@dataclass(frozen=True)
class Condition:
    """A class of plans derived during validation (``jfpv:``), as the ontology labels and defines it."""

    iri: str
    label: str
    definition: str


@dataclass(frozen=True)
class Previous:
    """The edition a new one starts from (``new --from``): its IRI and its triples."""

    iri: str
    quads: list[ox.Quad]


def scaffold(ods: str, year: int, context: ValidationContext | None = None, previous: Previous | None = None) -> str:
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
        {"id": _rel(row["trust"].value), "name": row["name"].value}
        for row in context.store.select(
            f"SELECT ?trust ?name WHERE {{ <{icb}> <{JFP.partnerTrust}> ?trust . ?trust <{RDFS.label}> ?name }} "
            "ORDER BY ?name"
        ).rows
    ]
    hwbs = [
        {"id": _rel(hwb), "gss": hwb.rsplit("/", 1)[-1], "name": hwb_name}
        for hwb, hwb_name in context.relevant_hwbs(icb)
    ]
    by_slug = {r.slug: r for r in context.requirements.values()}
    stubs = _Stubs(by_slug, conditions(context))
    plan = f"{JFPID}plan/{ods}/{year}"
    carried = ""
    if previous is not None:
        document = quads_to_document(carry_forward(previous, plan), plan)
        carried = dump_yaml({"hasObjective": document.get("hasObjective", [])})
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            ods=ods,
            year=year,
            name=name,
            plan=f"plan/{ods}/{year}",
            fy=f"{year}-{(year + 1) % 100:02d}",
            span=f"{year}/{(year + 1) % 100:02d} to {year + 4}/{(year + 5) % 100:02d}",
            trusts=trusts,
            hwbs=hwbs,
            partners=[
                {"id": f"icp/{ods}", "name": "the integrated care partnership"},
                {"id": "org/nhs-england", "name": "NHS England"},
            ],
            requirements=list(by_slug.values()),
            claimed=[r for r in by_slug.values() if r.iri in context.shapes.claim_checked],
            todo=stubs.todo,
            condition=stubs.condition,
            revises=_rel(previous.iri) if previous else None,
            carried=carried,
        )
    )


# The parts of a plan an edition carries forward, each linked to the part it revises.
CARRIED_CLASSES = frozenset(str(JFP[name]) for name in ("Objective", "Metric", "Milestone", "Step"))
_REVISION_OF = ox.NamedNode(PROV + "wasRevisionOf")
JFP_HAS_OBJECTIVE = ox.NamedNode(str(JFP.hasObjective))


def carry_forward(previous: Previous, plan: str) -> list[ox.Quad]:
    """The previous edition's objectives, with their metrics, milestones, steps (and what else hangs under
    them: trajectories, evidence), as parts of ``plan``: each keeps its path under the plan
    (``plan/QRL/2024/metric/4-1`` becomes ``plan/QRL/2025/metric/4-1``), so its identity is stable, and each
    objective, metric, milestone and step says which part it revises (``prov:wasRevisionOf``)."""
    old, new = previous.iri + "/", plan + "/"
    by_subject: dict[str, list[ox.Quad]] = {}
    for quad in previous.quads:
        by_subject.setdefault(str(quad.subject), []).append(quad)
    objectives = [q.object for q in by_subject.get(f"<{previous.iri}>", [])
                  if q.predicate.value == str(JFP.hasObjective)]

    def renamed(term):
        if isinstance(term, ox.NamedNode) and term.value.startswith(old):
            return ox.NamedNode(new + term.value[len(old):])
        return term

    carried: list[ox.Quad] = [ox.Quad(ox.NamedNode(plan), JFP_HAS_OBJECTIVE, renamed(o)) for o in objectives]
    seen: set[str] = set()
    frontier = list(objectives)
    while frontier:
        node = frontier.pop()
        if str(node) in seen:
            continue
        seen.add(str(node))
        for quad in by_subject.get(str(node), []):
            if quad.predicate == _REVISION_OF:
                continue  # the link to the edition before: this edition's own links are written below
            carried.append(ox.Quad(renamed(quad.subject), quad.predicate, renamed(quad.object)))
            if isinstance(quad.object, ox.BlankNode) or (
                isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(old)
            ):
                frontier.append(quad.object)
            if quad.predicate.value == RDF_TYPE and quad.object.value in CARRIED_CLASSES and isinstance(
                quad.subject, ox.NamedNode
            ):
                carried.append(ox.Quad(renamed(quad.subject), _REVISION_OF, quad.subject))
    return list(dict.fromkeys(carried))  # once each, in the previous edition's order


@dataclass(frozen=True)
class _Stubs:
    """What the template writes for a requirement it names: a TODO line, or which plans the requirement is for.

    Naming a requirement the statute graph lacks, or stubbing one that applies only to some plans as if it
    applied to all (or the reverse), is a mistake in the template: it fails loudly instead of writing a stub
    that ``validate`` would never report.
    """

    requirements: dict[str, Requirement]  # by slug
    conditional: dict[str, tuple[Condition, ...]]  # by slug, from ``conditions``

    def todo(self, slug: str) -> str:
        if slug in self.conditional:
            raise LookupError(f"the scaffold template stubs '{slug}', which applies only to some plans")
        return f"TODO {slug}: {self._named(slug).fix_hint}"

    def condition(self, slug: str) -> str:
        if slug not in self.conditional:
            raise LookupError(f"the scaffold template calls '{slug}' conditional, but it applies to every plan")
        classes = " or ".join(
            f"{_lower_first(c.label)} ({_lower_first(c.definition).rstrip('.')})" for c in self.conditional[slug]
        )
        return f"{slug} applies only to a {classes}. {self._named(slug).fix_hint}"

    def _named(self, slug: str) -> Requirement:
        if slug not in self.requirements:
            raise LookupError(f"the scaffold template names '{slug}', which the statute graph does not define")
        return self.requirements[slug]


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["yaml"] = _yaml
    environment.filters["comment"] = _comment
    return environment


def conditions(context: ValidationContext) -> dict[str, tuple[Condition, ...]]:
    """Requirements that apply only to some plans, with the classes of those plans, by slug.

    A requirement applies only to some plans when every shape enforcing it targets a class the validator
    derives (``jfpv:FirstEdition``, ``jfpv:PlanOfDelegatedICB``): plans not of that class are never checked.
    """
    found: dict[str, tuple[Condition, ...]] = {}
    for requirement in context.requirements.values():
        targets = context.shapes.targets.get(requirement.iri, [])
        if targets and all(kind == str(SH.targetClass) and value.startswith(str(JFPV)) for kind, value in targets):
            classes = sorted({value for _kind, value in targets})
            found[requirement.slug] = tuple(_derived_class(context, iri) for iri in classes)
    return found


def _derived_class(context: ValidationContext, iri: str) -> Condition:
    rows = context.store.select(
        f"SELECT ?label ?definition WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> "
        f"{{ <{iri}> <{RDFS.label}> ?label ; <{SKOS.definition}> ?definition }} }}"
    ).rows
    if not rows:
        raise LookupError(f"the shapes target {iri}, which the ontology does not label and define")
    return Condition(iri, rows[0]["label"].value, rows[0]["definition"].value)


def _rel(iri: str) -> str:
    return iri[len(str(JFPID)) :]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _yaml(text: str) -> str:
    """A YAML-safe scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: int = 0) -> str:
    """``text`` as YAML comment lines, wrapped, at ``indent`` spaces."""
    prefix = " " * indent + "# "
    return "\n".join(
        textwrap.wrap(
            text, WIDTH, initial_indent=prefix, subsequent_indent=prefix, break_on_hyphens=False, break_long_words=False
        )
    )


def stubbed_requirements(text: str) -> set[str]:
    """Slugs named in the TODO comments of a scaffold."""
    return set(re.findall(r"TODO ([a-z0-9]+(?:-[a-z0-9]+)*):", text))
