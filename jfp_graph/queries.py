"""The named query library: ``queries/*.rq`` files with grlc-style ``#+`` headers.

A query's parameters are its ``?_name`` variables, typed by suffix: ``_iri`` an IRI, ``_date`` an
``xsd:date``, ``_integer`` an ``xsd:integer``, anything else a plain string. The header documents them
(``params``), gives defaults (``defaults``, as grlc does) and may list the ``optional`` ones, which are
left unbound when not given. Values are bound with ``VALUES`` (``jfp_graph.sparql.inject_values``), never
pasted into the query text, and each is checked against its type first.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
import yaml

from jfp_graph.paths import QUERIES_DIR
from jfp_graph.sparql import Term, parameter_variables, uses_dataset_clause
from jfp_graph.store import GraphStore, SelectResult

XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")


class QueryError(ValueError):
    """A named query that cannot be run as asked: unknown name, missing or malformed parameter."""


class UnknownQuery(QueryError, LookupError):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"unknown query '{name}'; known queries: {', '.join(known) or 'none'}")


@dataclass(frozen=True)
class Parameter:
    name: str  # as given on the command line: ``icb_iri``
    description: str
    default: str | None
    optional: bool

    @property
    def variable(self) -> str:
        return "_" + self.name

    @property
    def kind(self) -> str:
        for suffix in ("iri", "date", "integer"):
            if self.name.endswith("_" + suffix) or self.name == suffix:
                return suffix
        return "string"

    def term(self, value: object) -> ox.NamedNode | ox.Literal:
        """The RDF term for ``value``, or a ``QueryError`` saying what is wrong with it."""
        if self.kind == "iri":
            if isinstance(value, ox.NamedNode):
                return value
            try:
                return ox.NamedNode(str(value))
            except ValueError as error:
                raise QueryError(f"parameter {self.name}: not a valid IRI: {value!r} ({error})") from None
        if self.kind == "date":
            text = value.isoformat() if isinstance(value, datetime.date) else str(value)
            try:
                if not _DATE.match(text):
                    raise ValueError
                datetime.date.fromisoformat(text)
            except ValueError:
                raise QueryError(f"parameter {self.name}: not a date (YYYY-MM-DD): {value!r}") from None
            return ox.Literal(text, datatype=ox.NamedNode(XSD + "date"))
        if self.kind == "integer":
            text = str(value)
            if isinstance(value, bool) or not _INTEGER.match(text):
                raise QueryError(f"parameter {self.name}: not an integer: {value!r}")
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
        return ox.Literal(str(value))


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    header: dict
    text: str

    @property
    def summary(self) -> str:
        return str(self.header.get("summary", ""))

    @property
    def description(self) -> str:
        return str(self.header.get("description", "")).strip()

    @property
    def tags(self) -> list[str]:
        return [str(tag) for tag in self.header.get("tags") or []]

    @cached_property
    def names_dataset(self) -> bool:
        """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``): its text read once, not at every
        run."""
        return uses_dataset_clause(self.text)

    @cached_property
    def parameters(self) -> list[Parameter]:
        described = _mapping(self.header.get("params"))
        defaults = _mapping(self.header.get("defaults"))
        optional = {str(name) for name in self.header.get("optional") or []}
        return [
            Parameter(
                name,
                " ".join(str(described.get(name, "")).split()),
                None if defaults.get(name) is None else _scalar(defaults[name]),
                name in optional,
            )
            for name in (variable[1:] for variable in parameter_variables(self.text))
        ]

    def bindings(self, values: Mapping[str, object]) -> dict[str, Term | list[Term]]:
        """Typed, checked bindings for ``values`` (parameter names without the leading ``_``).

        A list binds its parameter to each of its values in turn (``VALUES`` rows: see ``inject_values``).
        """
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise QueryError(f"query {self.name} has no parameter {', '.join(unknown)} (its parameters: {expected})")
        bound: dict[str, Term | list[Term]] = {}
        for parameter in self.parameters:
            value = values.get(parameter.name, parameter.default)
            if value is None or value == "":
                if parameter.optional:
                    continue
                raise QueryError(f"query {self.name} needs parameter {parameter.name}: {parameter.description}")
            if isinstance(value, list | tuple):
                bound[parameter.variable] = [parameter.term(item) for item in value]
            else:
                bound[parameter.variable] = parameter.term(value)
        return bound

    def run(self, store: GraphStore, **values: object) -> SelectResult:
        return store.select(self.text, self.bindings(values))


def _mapping(entries) -> dict:
    """grlc writes both ``defaults`` and our ``params`` as a list of one-key mappings; a mapping is fine too."""
    if isinstance(entries, dict):
        return entries
    merged: dict = {}
    for entry in entries or []:
        if isinstance(entry, dict):
            merged.update(entry)
    return merged


def _scalar(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def parse_header(text: str) -> dict:
    lines = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    return yaml.safe_load("\n".join(line[1:] if line.startswith(" ") else line for line in lines)) or {}


def query_names(directory: Path = QUERIES_DIR) -> list[str]:
    return sorted(path.stem for path in directory.glob("*.rq"))


def load_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    path = directory / f"{name}.rq"
    if "/" in name or not path.is_file():
        raise UnknownQuery(name, query_names(directory))
    text = path.read_text(encoding="utf-8")
    header = parse_header(text)
    if header.get("union"):
        text = union_of(text, [load_query(str(part), directory) for part in header["union"]])
    return NamedQuery(name, path, header, text)


_SELECT_CLAUSE = re.compile(r"^SELECT(\s+DISTINCT)?\s", re.MULTILINE)
_ORDER_BY = re.compile(r"^ORDER BY\b", re.MULTILINE)
_PREFIX_LINE = re.compile(r"^PREFIX\s.*$", re.MULTILINE)


def union_of(text: str, parts: list[NamedQuery]) -> str:
    """``text`` (a query whose WHERE group is empty) with the queries ``parts`` as the branches of a UNION.

    Each part becomes a sub-select that projects its parameters too, so they are bound inside it
    (``jfp_graph.sparql``): every branch starts from the parameters, as the part does on its own. A query
    made this way gives the rows of its parts together, and costs what they cost.
    """
    branches = []
    prefixes = dict.fromkeys(_PREFIX_LINE.findall(text))
    for part in parts:
        prefixes.update(dict.fromkeys(_PREFIX_LINE.findall(part.text)))
        select = _SELECT_CLAUSE.search(part.text)
        order = _ORDER_BY.search(part.text)
        if select is None:
            raise QueryError(f"query {part.name} has no SELECT at the start of a line to take into a union")
        passed = " ".join("?" + p.variable for p in part.parameters)
        body = part.text[select.end() : order.start() if order else len(part.text)].rstrip()
        branches.append(f"  {{\n{select.group()}{passed} {body}\n  }}")
    where = _EMPTY_WHERE.search(text)
    if where is None:
        raise QueryError("a query made of a union must have an empty WHERE group for it")
    # The prefixes go where the file's own are, else after its header.
    first = _PREFIX_LINE.search(text) or re.search(r"^(?!#)\S", text, re.MULTILINE)
    at = first.start() if first else 0
    own = re.sub(r"\n{3,}", "\n\n", _PREFIX_LINE.sub("", text[at : where.start()]))
    return (text[:at] + "\n".join(prefixes) + "\n" + own + "WHERE {\n" + "\n  UNION\n".join(branches) + "\n}"
            + text[where.end() :])


_EMPTY_WHERE = re.compile(r"(?<![\w?$:])WHERE\s*\{(?:\s*#[^\n]*)*\s*\}")


def all_queries(directory: Path = QUERIES_DIR) -> list[NamedQuery]:
    return [load_query(name, directory) for name in query_names(directory)]
