"""Converting terms between pyoxigraph and rdflib."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def graph_from(triples: Iterable[ox.Triple | ox.Quad], graph: Graph | None = None) -> Graph:
    graph = graph if graph is not None else Graph()
    # Terms repeat (predicates, classes, the plan's own IRIs): converting each once and adding in one
    # addN call halves the cost of building a plan's data graph, most of a validation run's time.
    converted: dict = {}

    def convert(term):
        node = converted.get(term)
        if node is None:
            node = converted[term] = to_rdflib(term)
        return node

    graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph) for t in triples)
    return graph
