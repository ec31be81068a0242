"""Binding parameters into SPARQL as values, the same way for every store.

A ``VALUES`` block is placed at the start of the query's top-level group, so parameters join with the
rest of the query exactly as if they had been matched there. Terms are serialised by pyoxigraph (IRIs
validated, literals escaped), never pasted from user text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

Term = ox.NamedNode | ox.Literal


def _top_level_group_start(query: str) -> int:
    """Index just after the ``{`` that opens the query's WHERE group (CONSTRUCT templates skipped)."""
    i, n = 0, len(query)
    depth = 0
    groups_seen = 0
    construct_template = _is_construct_with_template(query)
    while i < n:
        c = query[i]
        if c == "#":
            i = query.find("\n", i)
            if i < 0:
                break
            continue
        if c in "\"'":
            i = _skip_string(query, i)
            continue
        if c == "<" and _looks_like_iri(query, i):
            i = query.index(">", i) + 1
            continue
        if c == "{":
            if depth == 0:
                groups_seen += 1
                if groups_seen == (2 if construct_template else 1):
                    return i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    raise ValueError("query has no WHERE group to bind parameters into")


def _is_construct_with_template(query: str) -> bool:
    body = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith(("#", "PREFIX", "prefix", "BASE")))
    words = body.split()
    if not words or words[0].upper() != "CONSTRUCT":
        return False
    rest = body.split(None, 1)[1].lstrip() if len(words) > 1 else ""
    return rest.startswith("{")


def _skip_string(query: str, i: int) -> int:
    quote = query[i]
    long = query.startswith(quote * 3, i)
    delimiter = quote * 3 if long else quote
    j = i + len(delimiter)
    while j < len(query):
        if query[j] == "\\":
            j += 2
            continue
        if query.startswith(delimiter, j):
            return j + len(delimiter)
        j += 1
    return j


def _looks_like_iri(query: str, i: int) -> bool:
    end = query.find(">", i)
    return end > i and not any(ch in query[i + 1 : end] for ch in ' \n\t"{}|^`\\<')


def inject_values(query: str, bindings: Mapping[str, Term | Sequence[Term]]) -> str:
    """Return ``query`` with ``VALUES`` for each binding (variable names without ``?``).

    A list (or tuple) of terms binds its variable to each in turn: one ``VALUES`` row per term, none for an
    empty list.
    """
    if not bindings:
        return query
    names = list(bindings)
    columns = [list(value) if isinstance(value, list | tuple) else [value] for value in bindings.values()]
    rows = " ".join("(" + " ".join(str(term) for term in row) + ")" for row in itertools.product(*columns))
    block = " VALUES (" + " ".join(f"?{name}" for name in names) + ") { " + rows + " } "
    at = _top_level_group_start(query)
    return query[:at] + block + query[at:]


def code_only(query: str) -> str:
    """``query`` with comments, strings and IRIs blanked out (same length), for looking at its keywords."""
    out = list(query)
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            end = n if end < 0 else end
        elif c in "\"'":
            end = _skip_string(query, i)
        elif c == "<" and _looks_like_iri(query, i):
            end = query.index(">", i) + 1
        else:
            i += 1
            continue
        out[i:end] = " " * (end - i)
        i = end
    return "".join(out)


_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w?$:])FROM(?![\w:])", re.IGNORECASE)
_PARAMETER = re.compile(r"[?$](_[A-Za-z0-9_]+)")


def uses_service(query: str) -> bool:
    """Whether the query federates with ``SERVICE``: both engines would follow it over the network."""
    return bool(_SERVICE.search(code_only(query)))


def uses_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``), which then replaces the default
    of querying the union of the store's named graphs."""
    return bool(_FROM.search(code_only(query)))


def parameter_variables(query: str) -> list[str]:
    """The ``?_name`` parameter variables a query uses, in order of first use (names without ``?``)."""
    return list(dict.fromkeys(_PARAMETER.findall(code_only(query))))
