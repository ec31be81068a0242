"""Deciding whether a SPARQL request may run, before anything executes.

The endpoint is read-only and closed to the outside: updates (including LOAD) are refused, SERVICE is
refused wherever it appears, and FROM / FROM NAMED / protocol graph parameters may only name graphs the
store holds. Both rdflib and pyoxigraph would otherwise fetch remote or ``file:`` IRIs.

Most queries need no parse here: when none of the letters ``SERVICE`` or ``FROM`` (in any ASCII case) and
no ``\\u`` escape appear anywhere in the text, no SERVICE or FROM clause can be in it, and Oxigraph, which
runs the query, parses it anyway and cannot run an update through its query API. Only texts that
mention those words (even in a string, an IRI or a comment) get the full parse with rdflib's grammar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue


class RefusedQuery(ValueError):
    """A query that is not run: malformed, or asking for something the endpoint does not allow."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def as_dict(self) -> dict:
        found = {"error": self.message}
        if self.line is not None:
            found.update(line=self.line, column=self.column)
        return found


@dataclass(frozen=True)
class CheckedQuery:
    text: str
    parsed: bool  # False when the quick check let it through: syntax is left to the engine
    default_graphs: list[str] = field(default_factory=list)  # FROM
    named_graphs: list[str] = field(default_factory=list)  # FROM NAMED


_FORMS = {"SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"}
# Oxigraph matches keywords in ASCII case only and reads ``\u`` escapes only inside strings and IRIs;
# rdflib decodes escapes everywhere first. A text without these letters cannot hold SERVICE or FROM.
_NEEDS_PARSE = re.compile(r"service|from|\\u", re.IGNORECASE | re.ASCII)


def _walk(node) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or hasattr(node, "asList"):
        for value in node:
            yield from _walk(value)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseBaseException, RecursionError, ValueError, TypeError):
        return False
    return True


def check_query(text: str, held_graphs: Callable[[], Collection[str]], quick: bool = True) -> CheckedQuery:
    """Refuse ``text`` unless it is a read-only query over graphs in ``held_graphs()``.

    With ``quick``, a text that cannot name SERVICE or FROM passes unparsed; the engine that runs it must
    then parse it (and refuse anything but a query): see ``CheckedQuery.parsed``.
    """
    if not text.strip():
        raise RefusedQuery("the query is empty")
    if quick and not _NEEDS_PARSE.search(text):
        return CheckedQuery(text, parsed=False)
    try:
        parsed = parseQuery(text)
    except ParseBaseException as error:
        if _is_update(text):
            raise RefusedQuery("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused") from None
        raise RefusedQuery(f"SPARQL syntax error: {error}", error.lineno, error.col) from None
    except RecursionError:
        raise RefusedQuery("the query is nested too deeply") from None
    nodes = list(_walk(parsed))
    if any(node.name == "ServiceGraphPattern" for node in nodes):
        raise RefusedQuery("SERVICE is refused: this endpoint makes no outbound requests")
    if not any(node.name in _FORMS for node in nodes):
        raise RefusedQuery("expected a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    try:
        translated = translateQuery(parsed)
    except RecursionError:
        raise RefusedQuery("the query is nested too deeply") from None
    except Exception as error:  # noqa: BLE001 - rdflib raises plain Exception for undeclared prefixes
        raise RefusedQuery(f"SPARQL error: {error}") from None
    default_graphs: list[str] = []
    named_graphs: list[str] = []
    for clause in translated.algebra.get("datasetClause") or []:
        if "default" in clause:
            default_graphs.append(str(clause["default"]))
        if "named" in clause:
            named_graphs.append(str(clause["named"]))
    check_graphs(default_graphs + named_graphs, held_graphs)
    return CheckedQuery(text, True, default_graphs, named_graphs)


def check_graphs(graphs: Collection[str], held_graphs: Callable[[], Collection[str]]) -> None:
    if not graphs:
        return
    held = set(held_graphs())
    unknown = [g for g in graphs if g not in held]
    if unknown:
        raise RefusedQuery(
            "FROM / FROM NAMED / graph parameters may only name graphs this store holds (see /graphs); unknown: "
            + ", ".join(f"<{g}>" for g in unknown)
        )
