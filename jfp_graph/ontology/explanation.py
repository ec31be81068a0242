"""Why an ontology is inconsistent: each disjointness axiom is tried on its own to name the ones that are violated,
with the individuals typed (directly or through subclasses, domains and ranges) as members of two disjoint classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from jfp_graph.ontology.graph import display_name
from jfp_graph.ontology.hermit import run_hermit


@dataclass
class _Disjointness:
    classes: tuple[URIRef | BNode, ...]
    triples: list[tuple]


def explain_inconsistency(graph: Graph) -> tuple[str, list[tuple[str, ...]]]:
    """A sentence saying why ``graph`` (already prepared for HermiT) is inconsistent, and the violated class sets."""
    axioms = _disjointness_axioms(graph)
    base = Graph()
    all_axiom_triples = {t for axiom in axioms for t in axiom.triples}
    for triple in graph:
        if triple not in all_axiom_triples:
            base.add(triple)
    if not axioms or not run_hermit(base)[0]:
        clashes = _functional_clashes(graph)
        detail = f" Functional properties with more than one value: {'; '.join(clashes)}." if clashes else ""
        return (
            f"The ontology is inconsistent even without its {len(axioms)} disjointness axiom(s); look at "
            f"functional properties, owl:oneOf, owl:hasValue and datatype ranges.{detail}",
            [],
        )
    violated: list[tuple[str, ...]] = []
    messages = []
    for axiom in axioms:
        trial = Graph()
        for triple in base:
            trial.add(triple)
        for triple in axiom.triples:
            trial.add(triple)
        if run_hermit(trial)[0]:
            continue
        witnesses = _witnesses(graph, axiom.classes)
        if not witnesses:
            violated.append(tuple(str(c) for c in axiom.classes))
            shown = ", ".join(display_name(c) for c in axiom.classes) or "(unreadable member list)"
            messages.append(
                f"the disjointness of {shown} is violated, but no individual is asserted in two of them: "
                "a class or property axiom (e.g. a domain or range) forces the overlap"
            )
            continue
        for individual, shared in witnesses:
            pair = tuple(str(c) for c in shared)
            if pair not in violated:
                violated.append(pair)
            messages.append(
                f"{' and '.join(display_name(c) for c in shared)} are disjoint, but {display_name(individual)} "
                "is typed (directly, by subclass, or by a property's domain or range) as both"
            )
    if not messages:
        return (
            "The ontology is inconsistent only when its disjointness axioms are combined; no single one fails.",
            [],
        )
    return "Violated disjointness: " + "; ".join(messages) + ".", violated


def _disjointness_axioms(graph: Graph) -> list[_Disjointness]:
    axioms = []
    for a, b in graph.subject_objects(OWL.disjointWith):
        axioms.append(_Disjointness((a, b), [(a, OWL.disjointWith, b)]))
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(node, OWL.members)
        triples = list(graph.triples((node, None, None)))
        classes: tuple = ()
        if members is not None:
            collection = Collection(graph, members)
            classes = tuple(collection)
            cell = members
            while cell is not None and cell != RDF.nil:
                triples.extend(graph.triples((cell, None, None)))
                cell = graph.value(cell, RDF.rest)
        axioms.append(_Disjointness(classes, triples))
    return axioms


def _types_closure(graph: Graph, individual) -> set:
    """Classes an individual belongs to by assertion, rdfs:domain/range of its properties, and rdfs:subClassOf."""
    types = set(graph.objects(individual, RDF.type))
    for p in set(graph.predicates(individual, None)):
        types.update(d for d in graph.objects(p, RDFS.domain) if isinstance(d, URIRef))
    for p in set(graph.predicates(None, individual)):
        types.update(r for r in graph.objects(p, RDFS.range) if isinstance(r, URIRef))
    closed = set()
    todo = list(types)
    while todo:
        cls = todo.pop()
        if cls in closed:
            continue
        closed.add(cls)
        todo.extend(graph.objects(cls, RDFS.subClassOf))
    return closed


def _witnesses(graph: Graph, classes: tuple) -> list[tuple]:
    members = set(classes)
    found = []
    candidates = set(graph.subjects(RDF.type, None)) - {
        s for s in graph.subjects(RDF.type, OWL.Class)
    } - {s for s in graph.subjects(RDF.type, OWL.AllDisjointClasses)}
    for individual in sorted(candidates, key=str):
        shared = sorted((c for c in _types_closure(graph, individual) if c in members), key=str)
        if len(shared) >= 2:
            found.append((individual, tuple(shared)))
    return found


def _functional_clashes(graph: Graph) -> list[str]:
    clashes = []
    for prop in sorted(set(graph.subjects(RDF.type, OWL.FunctionalProperty)), key=str):
        for subject in sorted(set(graph.subjects(prop, None)), key=str):
            values = set(graph.objects(subject, prop))
            if len(values) > 1:
                clashes.append(f"{display_name(subject)} {display_name(prop)} has {len(values)} values")
    return clashes
