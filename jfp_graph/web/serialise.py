"""Query answers written out: SPARQL results and graphs, in each format the endpoint offers.

Kept apart from the response code (and free of FastAPI) because the query workers import it: a worker writes
the answer in the format the client asked for, inside the query's time limit, and hands back bytes.

Where pyoxigraph writes the format itself (``NATIVE``), a whole answer is written by it, in Rust, several times
faster than the row-by-row writers here; an answer past the row cap or the byte cap is then written again by
those writers, which alone can cut it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from jfp_graph.iris import PREFIXES
from jfp_graph.media import BY_NAME
from jfp_graph.results import serialise_boolean, serialise_select

if TYPE_CHECKING:
    from jfp_graph.web.runner import Outcome


def _results(word: str) -> Callable[[Outcome], bytes]:
    """SPARQL 1.1 results (or any table of terms) in ``jfp_graph.results``' format ``word``."""

    def render(outcome: Outcome) -> bytes:
        if outcome.form == "boolean":
            return serialise_boolean(word, outcome.boolean)
        return serialise_select(word, outcome.variables, outcome.rows, outcome.truncated)

    return render


def _graph(name: str) -> Callable[[Outcome], bytes]:
    fmt = BY_NAME[name].rdf

    def render(outcome: Outcome) -> bytes:
        if fmt == ox.RdfFormat.TURTLE:
            return ox.serialize(outcome.triples, format=fmt, prefixes=PREFIXES)
        return ox.serialize(outcome.triples, format=fmt)

    return render


def _jsonld(outcome: Outcome) -> bytes:
    # rdflib's JSON-LD writer compacts with the project's prefixes, which reads better than a flat list.
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(outcome.triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    used = {k: v for k, v in PREFIXES.items() if any(v in t.predicate.value for t in outcome.triples)}
    return graph.serialize(format="json-ld", context=used or None, auto_compact=bool(used)).encode()


# Format name → how an answer is written in it.
WRITERS: dict[str, Callable[[Outcome], bytes]] = {
    "sparql-json": _results("json"),
    "sparql-xml": _results("xml"),
    "csv": _results("csv"),
    "tsv": _results("tsv"),
    "ttl": _graph("ttl"),
    "nt": _graph("nt"),
    "rdf": _graph("rdf"),
    "jsonld": _jsonld,
}


def write_answer(outcome: Outcome, name: str, limit: int) -> Outcome:
    """``outcome`` with its answer written in format ``name``, cut (and marked truncated) to fit ``limit``
    bytes. Its rows and triples are dropped: whoever passes it on needs only the bytes."""
    write = WRITERS[name]
    body = write(outcome)
    while len(body) > limit and (outcome.rows or outcome.triples):
        # Markup and escaping make some answers larger than their terms: keep the share that fits.
        keep = len(outcome.rows or outcome.triples) * limit // len(body)
        outcome.rows, outcome.triples = outcome.rows[:keep], outcome.triples[:keep]
        outcome.truncated = True
        body = write(outcome)
    outcome.body, outcome.written_as = body, name
    outcome.rows, outcome.triples = [], []
    return outcome


# Formats pyoxigraph writes itself, by query form and format name: its format, and a mark that stands about once
# per row (or triple) in what it writes, counted as it writes, to stop early once an answer is plainly too long.
NATIVE: dict[tuple[str, str], tuple[ox.QueryResultsFormat | ox.RdfFormat, bytes]] = {
    ("select", "sparql-json"): (ox.QueryResultsFormat.JSON, b"},{"),
    ("select", "sparql-xml"): (ox.QueryResultsFormat.XML, b"<result>"),
    ("select", "csv"): (ox.QueryResultsFormat.CSV, b"\n"),
    ("select", "tsv"): (ox.QueryResultsFormat.TSV, b"\n"),
    ("graph", "nt"): (ox.RdfFormat.N_TRIPLES, b"\n"),
}
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_CSV_QUOTED = re.compile(rb'"[^"]*"')


class _PastCap(Exception):
    """The answer being written has passed the byte cap, or plainly the row cap."""


class _CappedSink:
    """A binary file for pyoxigraph to write an answer into, which stops it past ``limit`` bytes or once
    ``mark`` has been written more than twice ``cap`` + 1 times (values may hold the mark too: an answer within
    the cap is stopped only if they hold it as often as there are rows)."""

    def __init__(self, limit: int, cap: int, mark: bytes) -> None:
        self.limit, self.cap, self.mark = limit, cap, mark
        self.parts: list[bytes] = []
        self.size = self.marks = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        self.marks += data.count(self.mark)  # a mark cut in two by a write goes uncounted: no early stop
        if self.size > self.limit or self.marks > 2 * (self.cap + 1):
            raise _PastCap()
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass


def write_natively(result: ox.QuerySolutions | ox.QueryTriples, form: str, name: str, cap: int,
                   limit: int) -> bytes | None:
    """The whole of ``result`` as pyoxigraph writes it in format ``name`` (a ``NATIVE`` one), or ``None`` when it
    has more than ``cap`` rows (or triples) or more than ``limit`` bytes: it is then to be cut, and written again
    by the writers above. ``result`` is used up either way."""
    fmt, mark = NATIVE[(form, name)]
    sink = _CappedSink(limit, cap, mark)
    try:
        result.serialize(sink, fmt)
    except _PastCap:
        return None
    body = b"".join(sink.parts)
    return body if _rows_at_most(name, body) <= cap or native_rows(name, body) <= cap else None


def _rows_at_most(name: str, body: bytes) -> int:
    """At least as many rows as ``body`` holds, found faster than ``native_rows`` finds them exactly."""
    if name == "sparql-json":
        # Each "{" opens the document, its head, its results, a solution or a term ("type": "..." in each),
        # or is in a value (where a quote cannot stand unescaped, so "type":" never does).
        return body.count(b"{") - body.count(b'"type":"') - 3
    return native_rows(name, body)


def native_rows(name: str, body: bytes) -> int:
    """Exactly how many rows (or triples) ``body``, a whole answer pyoxigraph wrote in format ``name``, holds."""
    if name == "sparql-json":
        # Once strings are gone (inside them every quote is escaped), only a solution's object follows "[" or
        # ",": a term's object follows a name's ":".
        structure = _JSON_STRING.sub(b"", body)
        return structure.count(b"[{") + structure.count(b",{")
    if name == "sparql-xml":
        return body.count(b"<result>")  # a "<" in a value is written "&lt;"
    if name == "csv":
        return _CSV_QUOTED.sub(b"", body).count(b"\n") - 1  # quoted values may hold line breaks; less the header
    if name == "tsv":
        return body.count(b"\n") - 1  # values escape line breaks; less the header
    return body.count(b"\n")  # N-Triples: a triple a line, line breaks in values escaped
