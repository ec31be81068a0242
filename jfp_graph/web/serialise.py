"""Query answers written out: SPARQL results and graphs, in each format the endpoint offers.

Kept apart from the response code (and free of FastAPI) because the query workers import it: a worker writes
the answer in the format the client asked for, inside the query's time limit, and hands back bytes.
"""

from __future__ import annotations

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
