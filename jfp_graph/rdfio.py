"""Reading RDF files from outside: format detection, safe parsing and located errors.

Everything that reads a user's file goes through here, so every failure names the file, the
line and column where known, and the parser's reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.media import rdf_by_suffix

# File suffix → pyoxigraph format (from the one table of formats). YAML plans are converted to JSON-LD before parsing.
RDF_FORMATS: dict[str, ox.RdfFormat] = rdf_by_suffix()

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


@dataclass
class InputError(Exception):
    """A file that could not be read as RDF. ``line``/``column`` are 1-based when known."""

    path: str
    reason: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.reason}"


def rdf_format_for(path: Path) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise InputError(str(path), f"unknown format '{path.suffix or path.name}' (known suffixes: {known})") from None


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from None


def read_quads(path: Path, default_graph: ox.NamedNode | ox.DefaultGraph | None = None) -> list[ox.Quad]:
    """Parse one file completely into memory; triples outside a named graph go to ``default_graph``."""
    fmt = rdf_format_for(path)
    return parse_bytes(read_bytes(path), fmt, str(path), default_graph)


def parse_bytes(
    data: bytes,
    fmt: ox.RdfFormat,
    source: str,
    default_graph: ox.NamedNode | ox.DefaultGraph | None = None,
    base_iri: str | None = None,
) -> list[ox.Quad]:
    if fmt == ox.RdfFormat.RDF_XML and _DOCTYPE.search(data):
        # Entity expansion in RDF/XML is a denial of service in both parsers; plans never need DTDs.
        line = data[: _DOCTYPE.search(data).start()].count(b"\n") + 1
        raise InputError(source, "RDF/XML with a <!DOCTYPE> declaration is refused (entities are not allowed)", line, 1)
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=base_iri, lenient=False))
    except SyntaxError as error:
        raise InputError(source, _reason(error), error.lineno, error.offset) from None
    except ValueError as error:
        raise InputError(source, str(error)) from None
    if default_graph is None or isinstance(default_graph, ox.DefaultGraph):
        return quads
    return [
        ox.Quad(q.subject, q.predicate, q.object, default_graph) if isinstance(q.graph_name, ox.DefaultGraph) else q
        for q in quads
    ]


def _reason(error: SyntaxError) -> str:
    message = error.msg or str(error)
    # pyoxigraph prefixes the span ("Parser error between line 3 column 11 and ...: reason"); the location is
    # reported separately, so keep only the reason.
    return message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
