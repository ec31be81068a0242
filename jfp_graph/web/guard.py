"""Deciding whether a SPARQL request may run, before any engine sees it, without parsing it.

The endpoint is read-only and closed to the outside: updates are refused, SERVICE is refused wherever it
appears, and FROM / FROM NAMED / protocol graph parameters may only name graphs the store holds. The query
is then parsed once, by Oxigraph, in the worker process that runs it, inside the time limit; nothing here
builds a parse tree, so no text can make this check slow, deep or unsafe to run beside other requests.

The check reads the text as Oxigraph's tokeniser does: comments run to the end of a line (``\\n`` or
``\\r``), strings follow the SPARQL string rules, IRIs may hold ``\\u`` escapes, and a backslash outside
them escapes one character of a local name. Keywords are matched in ASCII case only, as Oxigraph does, and
conservatively: Oxigraph splits ``services:x`` into ``SERVICE s:x`` and ``trueSERVICE`` into ``true SERVICE``,
so any occurrence of the letters that is not inside a variable, a local name or a plain longer name counts.
Only ``<`` is ambiguous without a parse (an IRI, or "less than" in an expression), so the text is read both
ways and a keyword found either way counts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import pyoxigraph as ox

# Deeper nesting of { ( [ than this is refused before any engine parses it: Oxigraph's parser recurses per
# level and overflows its stack (the process dies) at about 2,500; real queries nest a dozen levels.
MAX_QUERY_DEPTH = 100
READ_ONLY = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused"
NO_SERVICE = "SERVICE is refused: this endpoint makes no outbound requests"


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
    default_graphs: list[str] = field(default_factory=list)  # FROM
    named_graphs: list[str] = field(default_factory=list)  # FROM NAMED
    names_dataset: bool = False  # whether it has FROM / FROM NAMED clauses at all

    @property
    def dataset(self) -> tuple[list[str], list[str]] | None:
        """The dataset its own clauses name (checked), or ``None``: the union of the store's graphs."""
        return (self.default_graphs, self.named_graphs) if self.names_dataset else None


# -- reading the text as Oxigraph's tokeniser does --------------------------------------------------------
_SPECIAL = re.compile(r"[#\"'<\\{}()\[\]]")
_IRI = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
_SHORT_STRING = {q: re.compile(q + r"(?:[^" + q + r"\\\n\r]|\\.)*" + q) for q in "\"'"}
_LONG_STRING_END = {q: re.compile(r"\\.|" + q * 3, re.DOTALL) for q in "\"'"}
_LINE_END = re.compile(r"[\r\n]")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPENERS, _CLOSERS = "{([", "})]"


@dataclass
class _Reading:
    """One reading of a query: its code with strings, comments and IRIs blanked out (same length)."""

    code: str
    iris: dict[int, int]  # start -> end of each IRI
    iri_starts: list[int]  # the same starts, in order
    escaped_at: int | None  # where a \u escape stands outside strings and IRIs (never valid SPARQL)
    too_deep_at: int | None  # where nesting first passes MAX_QUERY_DEPTH


def _operand_end(char: str) -> bool:
    return char.isalnum() or char in "_)]\"'>"


def _read(text: str, less_than_in_expressions: bool) -> _Reading:
    """Blank out what is not code. With ``less_than_in_expressions``, a ``<`` inside parentheses that follows
    an operand is "less than", as a parser would take it, rather than the start of an IRI."""
    out: list[str] = []
    iris: dict[int, int] = {}
    escaped_at = too_deep_at = None
    depth = parens = 0
    last = ""  # the last character of code (a blanked string or IRI counts as an operand)
    i, n = 0, len(text)
    while i < n:
        found = _SPECIAL.search(text, i)
        if found is None:
            out.append(text[i:])
            break
        start, char = found.start(), found.group()
        if start > i:
            chunk = text[i:start]
            out.append(chunk)
            last = chunk.rstrip()[-1:] or last
        i = start
        if char == "#":
            line_end = _LINE_END.search(text, i)
            end = line_end.start() if line_end else n
        elif char in "\"'":
            end = _string_end(text, i, char)
            last = '"'
        elif char == "<":
            iri = None
            if not (less_than_in_expressions and parens and _operand_end(last)):
                iri = _IRI.match(text, i)
            if iri is None:
                out.append(char)
                last, i = char, i + 1
                continue
            end = iris[i] = iri.end()
            last = ">"
        elif char == "\\":
            escape = _UCHAR.match(text, i)
            if escape:
                escaped_at = i if escaped_at is None else escaped_at
                out.append(escape.group())
                i = escape.end()
            else:  # a local name's escaped character (\# \' ...): part of the name, never a comment or string
                out.append("_" * len(text[i : i + 2]))
                i += 2
            last = "_"
            continue
        else:  # a bracket
            if char in _OPENERS:
                depth += 1
                parens += char == "("
                if depth > MAX_QUERY_DEPTH and too_deep_at is None:
                    too_deep_at = i
            elif depth:
                depth -= 1
                if char == ")" and parens:
                    parens -= 1
            out.append(char)
            last, i = char, i + 1
            continue
        out.append(" " * (end - i))
        i = end
    return _Reading("".join(out), iris, list(iris), escaped_at, too_deep_at)


def _string_end(text: str, start: int, quote: str) -> int:
    if text.startswith(quote * 3, start):
        for match in _LONG_STRING_END[quote].finditer(text, start + 3):
            if match.group() == quote * 3:
                return match.end()
        return len(text)
    short = _SHORT_STRING[quote].match(text, start)
    return short.end() if short else len(text)  # unterminated: Oxigraph refuses the text anyway


def _position(text: str, at: int) -> tuple[int, int]:
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


# -- what the code says -----------------------------------------------------------------------------------
_PROLOGUE_ITEM = re.compile(r"\s*(?:(?P<base>BASE)|PREFIX\s*(?P<prefix>[^\s:<]*:))", re.IGNORECASE | re.ASCII)
_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_KEYWORD = re.compile(r"service|from", re.IGNORECASE | re.ASCII)
_NAME_CHAR = re.compile(r"[\w.\-\u00B7:]")
# Words that end a token Oxigraph would split a longer word after ("trueSERVICE" is "true SERVICE").
_SPLIT_AFTER = ("true", "false", "undef", "ask", "select", "construct", "describe", "distinct", "reduced",
                "named", "where", "limit", "offset", "by", "as", "in")
_NAMED = re.compile(r"named(?![\w:])", re.IGNORECASE | re.ASCII)
_SPACE = re.compile(r"\s*")
_PNAME = re.compile(
    r"(?:[^\W\d_][\w.\-\u00B7]*)?:(?:[\w:\-\u00B7%]|\\[_~.\-!$&'()*+,;=/?#@%]|\.(?=[\w:\-\u00B7%\\]))*"
)


def _next_token(reading: _Reading, at: int) -> int:
    """Where the next token starts after ``at``: past white space and comments, but not into an IRI (both
    are blank in the code)."""
    blank_end = _SPACE.match(reading.code, at).end()
    iri = bisect.bisect_left(reading.iri_starts, at)
    if iri < len(reading.iri_starts) and reading.iri_starts[iri] < blank_end:
        return reading.iri_starts[iri]
    return blank_end


def _prologue(reading: _Reading, text: str) -> tuple[list[str], int]:
    """The prologue's declarations as Turtle directives, and where the query form begins."""
    directives, at = [], 0
    while item := _PROLOGUE_ITEM.match(reading.code, at):
        start = _next_token(reading, item.end())
        if start not in reading.iris:
            break
        iri = text[start : reading.iris[start]]
        directives.append(f"@base {iri} ." if item.group("base") else f"@prefix {item.group('prefix')} {iri} .")
        at = reading.iris[start]
    return directives, at


def _is_keyword(code: str, at: int) -> bool:
    """Whether the keyword letters at ``at`` may be read as the keyword (not part of a variable or name)."""
    start = at
    while start and _NAME_CHAR.match(code[start - 1]):
        start -= 1
    before, run = code[start - 1 : start], code[start:at]
    if before in ("?", "$") or ":" in run:
        return False  # a variable, or a prefixed name's local part (Oxigraph reads both greedily)
    if not run or run[-1] in "0123456789.-":
        return True
    return run.lower().endswith(_SPLIT_AFTER)


def _keywords(code: str, word: str, after: int = 0) -> list[int]:
    return [
        m.start() for m in _KEYWORD.finditer(code, after)
        if m.group().lower() == word and _is_keyword(code, m.start())
    ]


def _dataset_terms(reading: _Reading, text: str, after: int) -> tuple[list[str], list[str], list[int]]:
    """The graph terms (as written) of each FROM and FROM NAMED clause, and where unreadable ones stand.

    Only a FROM outside every brace can be a dataset clause (``{ from:x ... }`` is a prefixed name)."""
    defaults, named, unreadable = [], [], []
    depth, counted = 0, 0
    for at in _keywords(reading.code, "from", after):
        depth += reading.code.count("{", counted, at) - reading.code.count("}", counted, at)
        counted = at
        if depth:
            continue
        at = _next_token(reading, at + 4)
        is_named = _NAMED.match(reading.code, at)
        if is_named:
            at = _next_token(reading, is_named.end())
        if at in reading.iris:
            term = text[at : reading.iris[at]]
        elif pname := _PNAME.match(text, at):
            term = pname.group()
        else:
            unreadable.append(at)
            continue
        (named if is_named else defaults).append(term)
    return defaults, named, unreadable


def _resolve(directives: list[str], terms: list[str]) -> list[str] | None:
    """Graph IRIs as Oxigraph resolves them: SPARQL's prologue and terms are Turtle's, so Turtle says."""
    if not terms:
        return []  # nothing to resolve (reading the prologue alone costs as much as the rest of the check)
    document = "\n".join(directives + [f"<urn:jfp-graph:from> <urn:jfp-graph:graph> {t} ." for t in terms])
    try:
        return [quad.object.value for quad in ox.parse(document.encode(), format=ox.RdfFormat.TURTLE)]
    except (SyntaxError, ValueError):
        return None


def check_query(text: str, held_graphs: Callable[[], Collection[str]]) -> CheckedQuery:
    """Refuse ``text`` unless it reads as a query with no SERVICE over graphs in ``held_graphs()``.

    Syntax is left to Oxigraph, which parses the text where it runs (and whose query interface cannot run
    an update); this only finds what must not reach it.
    """
    if not text.strip():
        raise RefusedQuery("the query is empty")
    readings = [_read(text, less_than_in_expressions=False)]
    second = _read(text, less_than_in_expressions=True)
    if second.code != readings[0].code:
        readings.append(second)
    for reading in readings:
        if reading.too_deep_at is not None:
            raise RefusedQuery(
                f"the query nests {{ ( [ more than {MAX_QUERY_DEPTH} levels deep", *_position(text, reading.too_deep_at)
            )
    first = readings[0]
    directives, form_at = _prologue(first, text)
    word = _FIRST_WORD.match(first.code, form_at)
    if word and word.group(1).upper().startswith(_UPDATES):
        raise RefusedQuery(READ_ONLY)
    if first.escaped_at is not None:
        # Never valid SPARQL, but a client spelling SERVICE this way learns why it is refused.
        decoded = _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), first.code)
        if _keywords(decoded, "service"):
            raise RefusedQuery(NO_SERVICE)
        raise RefusedQuery(
            "SPARQL syntax error: a \\u escape may stand only in a string or an IRI", *_position(text, first.escaped_at)
        )
    for reading in readings:
        if found := _keywords(reading.code, "service", form_at):
            raise RefusedQuery(NO_SERVICE, *_position(text, found[0]))
    defaults: list[str] = []
    named: list[str] = []
    names_dataset = False
    for reading in readings:
        default_terms, named_terms, unreadable = _dataset_terms(reading, text, form_at)
        if unreadable:
            raise RefusedQuery("FROM must be followed by a graph IRI", *_position(text, unreadable[0]))
        names_dataset = names_dataset or bool(default_terms or named_terms)
        resolved = _resolve(directives, default_terms + named_terms)
        if resolved is None:
            raise RefusedQuery("a FROM / FROM NAMED graph IRI cannot be read (an undeclared prefix or a relative "
                               "IRI without BASE?)")
        defaults += [g for g in resolved[: len(default_terms)] if g not in defaults]
        named += [g for g in resolved[len(default_terms) :] if g not in named]
    check_graphs(defaults + named, held_graphs)
    return CheckedQuery(text, defaults, named, names_dataset)


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
