"""HermiT reasoning over the ontology: consistency, unsatisfiable classes and, when inconsistent, why."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal
from rdflib.namespace import OWL, XSD

from jfp_graph.ontology.explanation import explain_inconsistency
from jfp_graph.ontology.hermit import run_hermit

_DATE = re.compile(r"^(-?\d{4,}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$")


@dataclass
class ReasonerResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)  # IRIs of classes inferred equivalent to owl:Nothing
    explanation: str = ""  # why the ontology is inconsistent, when it is
    violated_disjointness: list[tuple[str, ...]] = field(default_factory=list)  # classes of each violated axiom

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable

    def summary(self) -> str:
        if not self.consistent:
            return f"HermiT: inconsistent. {self.explanation}".rstrip()
        if self.unsatisfiable:
            return f"HermiT: consistent, {len(self.unsatisfiable)} unsatisfiable class(es): " + ", ".join(
                self.unsatisfiable
            )
        return "HermiT: consistent, no unsatisfiable classes"


def check_reasoner(graph: Graph) -> ReasonerResult:
    """Classify ``graph`` with HermiT (via owlready2) and report consistency and unsatisfiable classes.

    HermiT is given a copy in RDF/XML (owlready2 silently loads nothing from Turtle) in which owl:imports are
    dropped and ``xsd:date`` (outside the OWL 2 datatype map, which HermiT rejects) is rewritten to
    ``xsd:dateTime`` in literals and datatype references alike, so date ranges are still checked. When the
    ontology is inconsistent, each disjointness axiom is tried on its own to name the ones that are violated.
    """
    prepared = _reasoner_input(graph)
    consistent, unsatisfiable = run_hermit(prepared)
    if consistent:
        return ReasonerResult(True, unsatisfiable)
    explanation, violated = explain_inconsistency(prepared)
    return ReasonerResult(False, [], explanation, violated)


def _reasoner_input(graph: Graph) -> Graph:
    prepared = Graph()
    for s, p, o in graph:
        if p == OWL.imports:
            continue  # already merged; owlready2 would try to download them
        if isinstance(o, Literal) and o.datatype == XSD.date:
            o = _date_to_datetime(o)
        elif o == XSD.date:
            o = XSD.dateTime
        prepared.add((s, p, o))
    return prepared


def _date_to_datetime(literal: Literal) -> Literal:
    match = _DATE.match(str(literal))
    if match is None:
        return Literal(str(literal))  # not a valid date: HermiT sees a plain string (and may then find a clash)
    return Literal(f"{match.group(1)}T00:00:00{match.group(2) or ''}", datatype=XSD.dateTime)
