"""RDF terms as people and programs read them: the one place that turns a term into text, JSON or a value.

Every surface (the command line's tables, CSV and TSV, SPARQL JSON and XML results, the pages' JSON twins
and HTML, the Python API, validation findings) renders terms through these functions, so a term reads the
same everywhere. ``None`` stands for an unbound variable.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable

import pyoxigraph as ox

from jfp_graph.iris import XSD, compact

Term = ox.NamedNode | ox.BlankNode | ox.Literal
XSD_STRING = XSD + "string"
_INTEGERS = {XSD + name for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


def plain(term: Term | None) -> str:
    """The term's own text, as SPARQL CSV writes it: the IRI, the lexical form, ``_:label``; "" if unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def readable(term: Term | None) -> str:
    """As a person reads it in a table: IRIs compacted with the project's prefixes, else as ``plain``."""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    return plain(term)


def ntriples(term: Term | None) -> str:
    """In N-Triples syntax (SPARQL TSV); "" if unbound."""
    return "" if term is None else str(term)


def sparql_json(term: Term) -> dict:
    """A bound term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        found["datatype"] = term.datatype.value
    return found


def page_json(term: Term | None, link: Callable[[str], str | None] = lambda iri: None) -> dict | None:
    """A term as the pages' JSON twins and HTML templates show it: value and kind, and for an IRI with a page
    of its own (``link`` gives its path) the ``href``."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        found = {"iri": term.value}
        href = link(term.value)
        if href:
            found["href"] = href
        return found
    if isinstance(term, ox.BlankNode):
        return {"bnode": term.value}
    found = {"value": term.value}
    if term.language:
        found["lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        found["datatype"] = term.datatype.value
    return found


def python_value(term: Term | None):
    """A Python value: IRIs and strings as ``str``, numbers as ``int``/``Decimal``/``float``, ``xsd:date`` as a
    ``datetime.date``, booleans as ``bool``; an ill-typed or other literal as its text."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return plain(term) if isinstance(term, ox.BlankNode) else term.value
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == XSD + "decimal":
            return decimal.Decimal(term.value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == XSD + "date":
            return datetime.date.fromisoformat(term.value)
    except (ValueError, decimal.InvalidOperation):
        pass  # an ill-typed literal is shown as it was written
    return term.value
