"""Identifiers as people write them: a full IRI, the CURIE the tool prints, or a short form.

``jfpid:plan/QRL/2024``, ``plan/QRL/2024``, ``QRL/2024`` and ``https://w3id.org/jfp-graph/id/plan/QRL/2024`` all
name the same plan edition; ``QRL`` (an ICB's ODS code) names the ICB. An identifier that names nothing in the
store is an error that suggests the closest ones that exist, so a typo never quietly returns no rows. One
resolver serves ``query -p``, ``new --from``, the named-query web forms and the Python API.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence

import pyoxigraph as ox

from jfp_graph.iris import ID, PREFIXES, compact
from jfp_graph.queries import NamedQuery, QueryError
from jfp_graph.rdfio import InputError
from jfp_graph.store import GraphStore

# A function that runs a SELECT over every graph and gives its rows as the text of each term (None if unbound).
Rows = Callable[[str], Sequence[Sequence[str | None]]]

_ODS = re.compile(r"[A-Za-z0-9]{3}")
_EDITION = re.compile(r"([A-Za-z0-9]{3})/(\d{4})")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
SUGGESTED = 3  # closest existing identifiers named in an error


class IdentifierError(InputError, QueryError):
    """An identifier that cannot be used (a query given it cannot run as asked, hence also a ``QueryError``)."""


class NotAnIdentifier(IdentifierError):
    """Text that is no IRI, CURIE, short form or ODS code."""


class UnknownIdentifier(IdentifierError):
    """A well-formed identifier that names nothing in the store."""


def expand(text: str) -> str:
    """The full IRI an identifier stands for (whether anything has it is not asked here)."""
    iri = _expanded(text)
    try:
        return ox.NamedNode(iri).value  # only a valid IRI is ever written into a lookup query
    except ValueError as error:
        raise NotAnIdentifier(text, f"not a valid IRI: <{iri}> ({error})") from None


def _expanded(text: str) -> str:
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if _SCHEME.match(value) or value.startswith("urn:"):
        return value
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    if match := _EDITION.fullmatch(value):
        return f"{ID}plan/{match[1].upper()}/{match[2]}"
    if _ODS.fullmatch(value):
        return f"{ID}icb/{value.upper()}"
    if value and not colon and not value.startswith("/") and " " not in value:
        return ID + value  # a short form: plan/QRL/2024, hwb/E06000044, requirement/jlhws-steps
    raise NotAnIdentifier(text, "not an identifier: give an IRI, a CURIE (jfpid:plan/QRL/2024), a short form "
                                  "(plan/QRL/2024, QRL/2024) or an ICB's ODS code (QRL)")


def resolve(text: str, rows: Rows, kind: str | None = None) -> str:
    """The full IRI ``text`` names, which the store must hold (as a subject or object of some statement).

    ``kind`` (a class IRI) also requires the resource to be of that class: ``--from`` wants a plan edition.
    Otherwise an ``UnknownIdentifier`` suggests the closest existing identifiers of the same kind.
    """
    iri = expand(text)
    if rows(_exists(iri, kind)):
        return iri
    raise UnknownIdentifier(text, _not_found(iri, kind, rows))


def _exists(iri: str, kind: str | None) -> str:
    if kind:
        return f"SELECT ?s WHERE {{ BIND(<{iri}> AS ?s) ?s a <{kind}> }} LIMIT 1"
    return f"SELECT ?s WHERE {{ BIND(<{iri}> AS ?s) {{ ?s ?p ?o }} UNION {{ ?x ?p ?s }} }} LIMIT 1"


def _not_found(iri: str, kind: str | None, rows: Rows) -> str:
    shown = compact(iri)
    candidates = _candidates(iri, kind, rows)
    close = difflib.get_close_matches(shown, {compact(c): c for c in candidates}, n=SUGGESTED, cutoff=0.5)
    what = "names no " + compact(kind).split(":", 1)[-1] if kind else "names nothing"
    message = f"{what} in the store (read as <{iri}>)"
    if close:
        message += "; did you mean " + ", ".join(close) + "?"
    return message


def _candidates(iri: str, kind: str | None, rows: Rows) -> list[str]:
    """Identifiers that exist of the same kind: the class asked for, else those under the same path
    (``.../id/plan/``), else in the same namespace."""
    if kind:
        query = f"SELECT DISTINCT ?s WHERE {{ ?s a <{kind}> }}"
    else:
        local = iri[len(ID):] if iri.startswith(ID) else None
        stem = _namespace(iri) if local is None else ID + (local.split("/", 1)[0] + "/" if "/" in local else "")
        query = (f"SELECT DISTINCT ?s WHERE {{ ?s a ?type FILTER(isIRI(?s) && STRSTARTS(STR(?s), "
                 f"{_string(stem)})) }}")
    found = [row[0] for row in rows(query) if row and row[0]]
    # Identifiers as deep as the one asked for (plan/QRL/2024 for plan/QRL/2025, not plan/QRL/2024/step/5-1).
    alike = [c for c in found if c.count("/") == iri.count("/")]
    return alike or found


def _namespace(iri: str) -> str:
    for namespace in sorted(PREFIXES.values(), key=len, reverse=True):
        if iri.startswith(namespace):
            return namespace
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def store_rows(store: GraphStore) -> Rows:
    """``Rows`` over a store (embedded or remote)."""

    def run(sparql: str) -> list[list[str | None]]:
        result = store.select(sparql)
        return [[None if row[c] is None else row[c].value for c in result.columns] for row in result.rows]

    return run


def resolve_parameters(named: NamedQuery, values: Mapping[str, object], rows: Rows) -> dict[str, object]:
    """``values`` with each IRI parameter's identifiers resolved to the full IRIs they name (see ``resolve``);
    other parameters, and unknown names (``NamedQuery.bindings`` reports those), are left as given."""
    kinds = {p.name: p.kind for p in named.parameters}
    resolved: dict[str, object] = {}
    for name, value in values.items():
        if kinds.get(name) != "iri" or value is None or value == "":
            resolved[name] = value
        elif isinstance(value, list | tuple):
            resolved[name] = [_parameter(name, item, rows) for item in value]
        else:
            resolved[name] = _parameter(name, value, rows)
    return resolved


def _parameter(name: str, value: object, rows: Rows) -> str:
    text = value.value if isinstance(value, ox.NamedNode) else str(value)
    try:
        return resolve(text, rows)
    except IdentifierError as error:
        raise type(error)(f"parameter {name}={text}", error.reason) from None
