"""Media types, content negotiation and the serialisers for query results and graphs."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
import rdflib

from jfp_graph.namespaces import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

RESULTS_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
# Other names clients use for the same things.
ALIASES = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
FORMAT_NAMES = {"json", "xml", "csv", "tsv", "ttl", "turtle", "nt", "ntriples", "jsonld", "json-ld", "rdf", "rdfxml", "html"}
_NAME_ALIASES = {"turtle": "ttl", "ntriples": "nt", "json-ld": "jsonld", "rdfxml": "rdf"}


class NotAcceptable(ValueError):
    pass


def accepted(accept: str | None) -> list[tuple[str, float]]:
    """Media ranges from an Accept header, best first (stable for equal weights)."""
    ranges = []
    for position, part in enumerate((accept or "*/*").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        weight = 1.0
        for parameter in pieces[1:]:
            if parameter.startswith("q="):
                try:
                    weight = float(parameter[2:])
                except ValueError:
                    weight = 0.0
        ranges.append((pieces[0].lower(), weight, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, weight) for media, weight, _ in ranges if weight > 0]


def choose(accept: str | None, offered: list[str], explicit: str | None = None) -> str:
    """The short format name to answer with: ``explicit`` (a ``format`` parameter) wins over Accept."""
    if explicit:
        name = _NAME_ALIASES.get(explicit.lower(), explicit.lower())
        if name not in offered:
            raise NotAcceptable(f"format '{explicit}' is not offered here; choose one of: {', '.join(offered)}")
        return name
    for media, _ in accepted(accept):
        if media in ("*/*", "application/*", "text/*"):
            return offered[0]
        name = ALIASES.get(media)
        if name in offered:
            return name
    raise NotAcceptable(f"none of the accepted media types ({accept}) is offered; offered: {', '.join(offered)}")


def media_type(name: str) -> str:
    if name == "html":
        return "text/html; charset=utf-8"
    base = RESULTS_TYPES.get(name) or GRAPH_TYPES[name]
    return base + ("; charset=utf-8" if base.startswith("text/") or name in ("json", "jsonld", "xml") else "")


# -- SELECT / ASK results ------------------------------------------------------------------------
def _json_term(term) -> dict:
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


def select_json(variables, rows, truncated: bool) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    if truncated:
        document["truncated"] = True
    return json.dumps(document, ensure_ascii=False).encode()


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
        out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row) if t is not None]
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
        writer.writerow(["" if t is None else ("_:" + t.value if isinstance(t, ox.BlankNode) else t.value) for t in row])
    return buffer.getvalue().encode()


def select_tsv(variables, rows) -> bytes:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax."""
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
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


# -- graphs --------------------------------------------------------------------------------------
_OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}


def serialise_graph(name: str, triples: list[ox.Triple]) -> bytes:
    if name == "jsonld":
        # rdflib's JSON-LD writer compacts with the project's prefixes, which reads better than a flat list.
        graph = rdflib.Graph()
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        used = {k: v for k, v in PREFIXES.items() if any(v in t.predicate.value for t in triples)}
        return graph.serialize(format="json-ld", context=used or None, auto_compact=bool(used)).encode()
    if name == "ttl":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return ox.serialize(triples, format=_OX_FORMATS[name])
