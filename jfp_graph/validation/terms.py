"""Converting terms between pyoxigraph and rdflib."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from jfp_graph.iris import XSD

# XSD 1.1 lexical spaces of the datatypes whose rdflib parsers accept more than XSD does: rdflib reads
# "2024-03-28T00:00:00"^^xsd:date as a date, " 1"^^xsd:integer as 1, "1e3"^^xsd:decimal as 1000 and any
# text as an xsd:boolean (false), so pySHACL would pass sh:datatype, and compare the value, where the
# compiled engine (and the SHACL specification) finds an ill-typed literal.
# Values outside these patterns are ill-typed; values inside them are still checked by rdflib (31 February).
_YEAR = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})"
_DAY = _YEAR + r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN")
_INTEGER_TYPES = (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
)  # fmt: skip
LEXICAL_SPACE: dict[str, re.Pattern[str]] = {
    XSD + "date": re.compile(_DAY + _ZONE),
    XSD + "dateTime": re.compile(_DAY + "T" + _TIME + _ZONE),
    XSD + "decimal": re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"),
    XSD + "boolean": re.compile("true|false|1|0"),
    **{XSD + name: _FLOAT for name in ("double", "float")},
    **{XSD + name: _INTEGER for name in _INTEGER_TYPES},
}


def well_formed(lexical: str, datatype: str) -> bool:
    """False when ``lexical`` is outside the XSD lexical space of ``datatype`` (for the datatypes above)."""
    pattern = LEXICAL_SPACE.get(datatype)
    return pattern is None or pattern.fullmatch(lexical) is not None


class _IllTyped(Literal):
    """A literal outside its datatype's lexical space: it has no value, so it is neither less than, greater than
    nor equal in order to anything (SHACL's sh:lessThan, sh:lessThanOrEquals, sh:minInclusive... then fail).
    rdflib's own comparisons answer True for such a literal (``NotImplemented`` is truthy inside ``__le__``);
    being a subclass, this class's reflected methods are also asked first when it is the right-hand operand."""

    def __lt__(self, other):
        return False

    __le__ = __gt__ = __ge__ = __lt__
    __hash__ = Literal.__hash__


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == XSD + "string":
        return Literal(term.value)
    # The lexical form as written: rdflib's normalising would turn an ill-typed literal into a valid one,
    # and report a value the plan does not hold.
    literal = Literal(term.value, datatype=URIRef(datatype), normalize=False)
    if literal.ill_typed or not well_formed(term.value, datatype):
        literal = _IllTyped(term.value, datatype=URIRef(datatype), normalize=False)
        # rdflib has no public way to say so: mark it as it marks a literal it cannot parse, so that
        # sh:datatype fails, and without a value (rdflib keeps False for an ill-typed boolean) so that no
        # comparison sees one.
        literal._value, literal._ill_typed = None, True  # noqa: SLF001
    return literal


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
