"""Media types, content negotiation and the serialisers for graphs (query results: ``jfp_graph.results``)."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from jfp_graph.namespaces import PREFIXES

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
