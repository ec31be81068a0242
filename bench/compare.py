"""Refusing ratios over different work: results from two engines must be the same before they are timed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from bench.errors import MismatchError

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + name for name in ("integer", "decimal", "double", "float", "long", "int", "nonNegativeInteger")}


def literal_key(value: str, datatype: str | None, language: str | None) -> str:
    """One spelling for equal literals: engines differ in numeric lexical forms and language-tag case."""
    if language:
        return f'"{value}"@{language.lower()}'
    if datatype in NUMERIC:
        try:
            return f"{float(Decimal(value)):.9g}"
        except (InvalidOperation, ValueError):
            return f'"{value}"^^<{datatype}>'
    if datatype and datatype != XSD + "string":
        return f'"{value}"^^<{datatype}>'
    tokens = value.split(" ")
    if len(tokens) > 1 and all(t.startswith(("http://", "https://")) or t.isdigit() for t in tokens):
        # GROUP_CONCAT of IRIs or numbers: SPARQL leaves the order within a group free, so engines differ in it.
        value = " ".join(sorted(tokens))
    return f'"{value}"'


def oxigraph_key(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return "_:b"
    language = term.language
    return literal_key(term.value, None if language else term.datatype.value, language)


def rdflib_key(term) -> str:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return "_:b"
    if isinstance(term, Literal):
        return literal_key(str(term), str(term.datatype) if term.datatype else None, term.language)
    return str(term)


def same_rows(what: str, ours: Sequence[Sequence[str]], theirs: Sequence[Sequence[str]], engine: str) -> None:
    """Rows (already keyed) must be equal as multisets; order is not compared (ties sort freely)."""
    mine, other = Counter(map(tuple, ours)), Counter(map(tuple, theirs))
    if mine == other:
        return
    only_ours = list((mine - other).elements())[:3]
    only_theirs = list((other - mine).elements())[:3]
    raise MismatchError(
        f"{what}: {engine} returned different results from jfp-graph "
        f"({sum(mine.values())} rows vs {sum(other.values())}); only ours: {only_ours}; only {engine}: {only_theirs}"
    )


def same_keys(what: str, ours: Iterable[tuple], theirs: Iterable[tuple], engine: str) -> None:
    """Validation results as sets of (plan, focus node, shape, severity) must be equal."""
    mine, other = set(ours), set(theirs)
    if mine == other:
        return
    raise MismatchError(
        f"{what}: {engine} reported different results from jfp-graph ({len(mine)} vs {len(other)}); "
        f"only ours: {sorted(mine - other)[:3]}; only {engine}: {sorted(other - mine)[:3]}"
    )


def same_count(what: str, ours: int, theirs: int, engine: str) -> None:
    if ours != theirs:
        raise MismatchError(f"{what}: {engine} holds {theirs} triples, jfp-graph {ours}: not the same work")
