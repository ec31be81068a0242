"""SHACL engines: the same shapes run over one plan's data triples, with engine-neutral results.

``shacl`` (a compiled Rust engine) is the default: on a plan of a few thousand triples it takes a few
milliseconds where pySHACL, which is pure Python, takes about a hundred, and the national graph has
hundreds of plans. ``pyshacl`` is kept as the reference implementation; the tests run every example,
defect and synthetic plan through both and require identical findings.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH

from jfp_graph.rendering import plain
from jfp_graph.validation.shapes import ShapeSet

DEFAULT_ENGINE = "shacl"
# pySHACL logs every result as a warning; the findings are reported by the caller instead.
_PYSHACL_LOG = logging.getLogger("jfp_graph.validation.pyshacl")
_PYSHACL_LOG.setLevel(logging.ERROR)


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL validation result, reduced to what a finding needs."""

    focus: str  # IRI, or _:label for a blank node
    shape: str  # IRI of the named shape the result belongs to (property shapes report their node shape)
    severity: str  # severity IRI
    message: str | None
    path: str | None  # IRI when the path is a single predicate
    value: str | None  # IRI or lexical form; None for a blank node
    value_term: ox.NamedNode | ox.Literal | None = None  # the same, as a term


@dataclass(frozen=True)
class EngineRun:
    results: list[ShapeResult]
    report: str  # the sh:ValidationReport as N-Triples


class Engine(Protocol):
    name: str

    def run(self, triples: Sequence[ox.Quad]) -> EngineRun: ...


def _nt_triples(triples: Sequence[ox.Quad]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()


def _term(nt: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A term written in N-Triples syntax, as the ``shacl`` engine reports them."""
    if nt.startswith("<") and nt.endswith(">"):
        return ox.NamedNode(nt[1:-1])
    if nt.startswith("_:"):
        return ox.BlankNode(nt[2:])
    (triple,) = ox.parse(f"<urn:x> <urn:x> {nt} .".encode(), format=ox.RdfFormat.N_TRIPLES)
    return triple.object


def _from_rdflib(term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


class RustShacl:
    """The ``shacl`` package: shapes compiled once, each plan's triples handed over as N-Triples."""

    name = "shacl"

    def __init__(self, shapes: ShapeSet) -> None:
        import shacl

        self._shapes = shacl.Shapes.from_text(shapes.graph.serialize(format="nt"), format="ntriples")

    def run(self, triples: Sequence[ox.Quad]) -> EngineRun:
        report = self._shapes.validate_text(_nt_triples(triples), format="ntriples")
        results = []
        for result in report.results:
            path = result.path if result.path and result.path.startswith("<") else None
            value = _term(result.value) if result.value else None
            results.append(
                ShapeResult(
                    focus=plain(_term(result.focus_node)),
                    shape=_term(result.root_shape).value,
                    severity=result.severity_iri,
                    message=result.message,
                    path=path[1:-1] if path else None,
                    value=None if value is None or isinstance(value, ox.BlankNode) else value.value,
                    value_term=None if isinstance(value, ox.BlankNode) else value,
                )
            )
        return EngineRun(results, report.serialize("ntriples"))


class PyShacl:
    """pySHACL over an rdflib copy of the triples; the harvested shapes are reused for every plan."""

    name = "pyshacl"

    def __init__(self, shapes: ShapeSet) -> None:
        self._shape_set = shapes
        self._harvested = None
        self._owner = {prop: node for node, prop in shapes.graph.subject_objects(SH.property)}

    def run(self, triples: Sequence[ox.Quad]) -> EngineRun:
        from pyshacl import Validator
        from pyshacl.graph_abstraction import DataGraph

        from jfp_graph.validation.terms import graph_from

        validator = Validator(
            DataGraph.from_rdflib(graph_from(triples)),
            shacl_graph=self._shape_set.graph,
            options={"inplace": True, "logger": _PYSHACL_LOG},
        )
        if self._harvested is None:
            self._harvested = validator.shacl_graph
        else:
            validator.shacl_graph = self._harvested
        with _sparql_literal_order():
            _conforms, report, _text = validator.run()
        results = []
        for result in report.objects(None, SH.result):
            shape = report.value(result, SH.sourceShape)
            while not isinstance(shape, URIRef) and shape in self._owner:
                shape = self._owner[shape]
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            message = report.value(result, SH.resultMessage)
            results.append(
                ShapeResult(
                    focus=f"_:{focus}" if isinstance(focus, BNode) else str(focus),
                    shape=str(shape),
                    severity=str(report.value(result, SH.resultSeverity)),
                    message=str(message) if message is not None else None,
                    path=str(path) if isinstance(path, URIRef) else None,
                    value=str(value) if isinstance(value, URIRef | Literal) else None,
                    value_term=_from_rdflib(value) if isinstance(value, URIRef | Literal) else None,
                )
            )
        return EngineRun(results, report.serialize(format="nt"))


@contextmanager
def _sparql_literal_order() -> Iterator[None]:
    """rdflib orders literals of different datatypes by their datatype IRIs ("true"^^xsd:boolean before any
    xsd:date), so pySHACL would pass sh:maxInclusive and sh:lessThan on values SHACL cannot compare; with
    SPARQL's order they cannot be compared, and the constraint fails as in the compiled engine. rdflib reads
    the switch at each comparison, so it is set for the run only."""
    import rdflib

    before = rdflib.DAWG_LITERAL_COLLATION
    rdflib.DAWG_LITERAL_COLLATION = True
    try:
        yield
    finally:
        rdflib.DAWG_LITERAL_COLLATION = before


ENGINES: dict[str, type[RustShacl] | type[PyShacl]] = {"shacl": RustShacl, "pyshacl": PyShacl}


def make_engine(name: str, shapes: ShapeSet) -> Engine:
    try:
        return ENGINES[name](shapes)
    except KeyError:
        raise ValueError(f"unknown SHACL engine {name!r}: choose {', '.join(ENGINES)}") from None
