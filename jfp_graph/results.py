"""SPARQL 1.1 query results as JSON, XML, CSV and TSV, the same for the command line and the web API.

``variables`` are the projected variable names and each row is a sequence of pyoxigraph terms (``None``
where a variable is unbound), in the order of ``variables``.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from jfp_graph.rendering import XSD_STRING, ntriples, plain, sparql_json


def select_json(variables, rows, truncated: bool = False, indent: int | None = None) -> bytes:
    bindings = [{v: sparql_json(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    if truncated:
        document["truncated"] = True
    return json.dumps(document, ensure_ascii=False, indent=indent).encode()


def boolean_json(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": value}).encode()


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def select_xml(variables, rows) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row) if t is not None
        ]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode()


def boolean_xml(value: bool) -> bytes:
    return (
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
        f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
    ).encode()


def select_csv(variables, rows) -> bytes:
    """SPARQL 1.1 CSV: plain values (IRIs, lexical forms, ``_:`` blank nodes), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([plain(t) for t in row])
    return buffer.getvalue().encode()


def select_tsv(variables, rows) -> bytes:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax."""
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(ntriples(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def boolean_text(value: bool) -> bytes:
    # CSV and TSV define no form for ASK; the bare word is what common endpoints send.
    return b"true\n" if value else b"false\n"


def serialise_select(name: str, variables, rows, truncated: bool) -> bytes:
    if name == "json":
        return select_json(variables, rows, truncated)
    if name == "xml":
        return select_xml(variables, rows)
    if name == "csv":
        return select_csv(variables, rows)
    return select_tsv(variables, rows)


def serialise_boolean(name: str, value: bool) -> bytes:
    if name == "json":
        return boolean_json(value)
    if name == "xml":
        return boolean_xml(value)
    return boolean_text(value)
