"""Binding parameters into SPARQL as values, the same way for every store.

A ``VALUES`` block is placed at the start of the query's top-level group (of each operation's WHERE group,
for an update), so parameters join with the rest of the query exactly as if they had been matched there; for a
query, also inside the groups and sub-selects that start from a parameter, which engines evaluate on their own.
Terms are serialised by pyoxigraph (IRIs validated, literals escaped), never pasted from user text.
"""

from __future__ import annotations

import functools
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
    prologue = ("#", "PREFIX", "prefix", "BASE")
    body = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith(prologue))
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


def _values_block(bindings: Mapping[str, Term | Sequence[Term]]) -> str:
    """A ``VALUES`` block; a list (or tuple) of terms binds its variable to each in turn: one row per term."""
    names = list(bindings)
    columns = [list(value) if isinstance(value, list | tuple) else [value] for value in bindings.values()]
    rows = " ".join("(" + " ".join(str(term) for term in row) + ")" for row in itertools.product(*columns))
    return " VALUES (" + " ".join(f"?{name}" for name in names) + ") { " + rows + " } "


def inject_values(query: str, bindings: Mapping[str, Term | Sequence[Term]]) -> str:
    """Return ``query`` with ``VALUES`` for each binding (variable names without ``?``).

    A list (or tuple) of terms binds its variable to each in turn: one ``VALUES`` row per term, none for an
    empty list.
    """
    if not bindings:
        return query
    for at, names in _insertion_points(query, tuple(bindings)):
        query = query[:at] + _values_block({name: bindings[name] for name in names}) + query[at:]
    return query


@functools.lru_cache(maxsize=1024)
def _insertion_points(query: str, names: tuple[str, ...]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Where ``VALUES`` for ``names`` go in ``query``, last first: (index, the names bound there). They depend on
    the text and on which parameters are bound, never on the values, so a named query's text is read once for
    each set of parameters, not on every request."""
    unbound = dict.fromkeys(names)
    at = _top_level_group_start(query)
    code = code_only(query)
    edits = [(at, unbound)] + _groups_starting_from(code, at - 1, unbound)
    edits += _subselects_passing_through(code, unbound)
    return tuple((at, tuple(bound)) for at, bound in sorted(edits, key=lambda edit: edit[0], reverse=True))


_SELECT = re.compile(r"(?<![\w?$:])SELECT(?![\w:])", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_]+)")
_AGGREGATE = re.compile(r"(?<![\w?$:])(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.IGNORECASE)
_GROUP_BY = re.compile(r"GROUP\s+BY(.*?)(?:HAVING|ORDER\s+BY|$)", re.IGNORECASE | re.DOTALL)
_SLICE = re.compile(r"(?<![\w?$:])(LIMIT|OFFSET)(?![\w:])", re.IGNORECASE)


# A group that an OPTIONAL, MINUS, EXISTS, GRAPH or SERVICE opens (the name after GRAPH or SERVICE blanked).
_KEYWORD_BEFORE = re.compile(r"(?<![\w?$:])(?:OPTIONAL|MINUS|EXISTS|GRAPH|SERVICE)(?:\s+SILENT)?(?:\s+\S+)?\s*$",
                             re.IGNORECASE)
# How far back from the last word before a group's "{" its keyword is looked for (the keyword, SILENT and a
# GRAPH or SERVICE name): a search from the start of the text for every group made long queries quadratic.
_KEYWORD_REACH = 600
_BRACE = re.compile(r"[{}]")
# What ends a group's first run of triple patterns (its first basic graph pattern).
_GROUP_ELEMENT = re.compile(
    r"[{}]|(?<![\w?$:])(?:FILTER|BIND|OPTIONAL|MINUS|VALUES|GRAPH|SERVICE|SELECT)(?![\w:])", re.IGNORECASE
)


def _groups_starting_from(
    code: str, top_open: int, bindings: Mapping[str, Term | Sequence[Term]]
) -> list[tuple[int, dict]]:
    """The same ``VALUES`` inside each group of the query's own group (a ``UNION`` branch, or a group of its
    own) that starts from a parameter.

    Engines evaluate such a group on its own, so a group starting from a parameter would otherwise match every
    plan in the store. Since the query's group joins the ``VALUES`` anyway, and a group whose first triple
    patterns (before any FILTER, BIND, OPTIONAL or inner group) match the parameter binds it before anything
    else in the group reads it, (V ⋈ A) ∪ (V ⋈ B) is exactly what V ⋈ (A ∪ B) means, and V ⋈ (V ⋈ A) what
    V ⋈ A means. Groups opened by OPTIONAL, MINUS, EXISTS, GRAPH or SERVICE are left as they are, and
    sub-selects to ``_subselects_passing_through``. Returns (index just after the group's ``{``, the bindings
    it starts from) for each.
    """
    edits, depth, start = [], 0, 0
    for brace in _BRACE.finditer(code, top_open, _group_end(code, top_open) + 1):
        i = brace.start()
        if code[i] == "{":
            depth += 1
            start = i if depth == 2 else start
        else:
            if depth == 2 and not _opened_by_keyword(code, start):
                first_triples = _GROUP_ELEMENT.split(code[start + 1 : i], maxsplit=1)[0]
                used = {name: value for name, value in bindings.items() if name in _VARIABLE.findall(first_triples)}
                if used:
                    edits.append((start + 1, used))
            depth -= 1
    return edits


def _opened_by_keyword(code: str, brace: int) -> bool:
    """Whether the group opened at ``brace`` follows OPTIONAL, MINUS, EXISTS, GRAPH or SERVICE (comments in
    ``code`` are blanked, so what lies between is whitespace)."""
    end = len(code[:brace].rstrip())
    return bool(_KEYWORD_BEFORE.search(code, max(0, end - _KEYWORD_REACH), end))


def _subselects_passing_through(code: str, bindings: Mapping[str, Term | Sequence[Term]]) -> list[tuple[int, dict]]:
    """Where a sub-select passes a parameter through unchanged, the same ``VALUES`` inside it as well.

    A sub-select is evaluated on its own, so engines would otherwise compute it for every plan in the store
    and join with the one asked for afterwards. A sub-select that projects the variable as it is, groups by
    it (or does not aggregate) and takes no slice (LIMIT, OFFSET) keeps only the rows with the parameter's
    value when bound inside: the same answer where it matches the parameter itself, and where it only reads
    it (a FILTER), it reads the parameter's value, as a query author means.
    Returns (index just after the sub-select's WHERE ``{``, the bindings it projects) for each.
    """
    edits = []
    for select in _SELECT.finditer(code):
        if code.count("{", 0, select.start()) == code.count("}", 0, select.start()):
            continue  # the query's own SELECT
        open_at = code.index("{", select.end())
        close_at = _group_end(code, open_at)
        head, tail = code[select.end() : open_at], code[close_at + 1 : code.index("}", close_at + 1)]
        projected = set(_VARIABLE.findall(_outside_parentheses(head)))
        group_by = _GROUP_BY.search(tail)
        if _SLICE.search(tail):
            continue
        if group_by:
            projected &= set(_VARIABLE.findall(group_by.group(1)))
        elif _AGGREGATE.search(head):
            continue
        passed = {name: value for name, value in bindings.items() if name in projected}
        if passed:
            edits.append((open_at + 1, passed))
            edits += _groups_starting_from(code, open_at, passed)
    return edits


def _outside_parentheses(text: str) -> str:
    depth, kept = 0, []
    for c in text:
        depth += c == "("
        if not depth:
            kept.append(c)
        depth -= c == ")"
    return "".join(kept)


_WHERE_OR_BRACE = re.compile(r"[{}]|(?<![\w?$:])WHERE(?![\w:])", re.IGNORECASE)
_ENDS_WITH_DELETE = re.compile(r"(?<![\w?$:])DELETE\s*$", re.IGNORECASE)


def inject_update_values(update: str, bindings: Mapping[str, Term]) -> str:
    """Return the SPARQL Update ``update`` with ``VALUES`` for each binding in every operation's WHERE group.

    The group bound is the one after each top-level ``WHERE`` keyword: in ``DELETE {..} INSERT {..} WHERE {..}``
    the first groups are templates, where ``VALUES`` cannot go. The short form ``DELETE WHERE { P }`` has no
    group of its own for them, so it is written out as ``DELETE { P } WHERE { VALUES .. P }``, which means the same.
    """
    if not bindings:
        return update
    code = code_only(update)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text
    depth = 0
    for match in _WHERE_OR_BRACE.finditer(code):
        token = match.group()
        if token in "{}":
            depth += 1 if token == "{" else -1
            continue
        if depth:
            continue  # a sub-select's WHERE
        open_at = len(code) - len(code[match.end() :].lstrip())
        if not code.startswith("{", open_at):
            raise ValueError("WHERE is not followed by a group")
        delete = _ENDS_WITH_DELETE.search(code, 0, match.start())
        if delete:
            close_at = _group_end(code, open_at)
            pattern = update[open_at : close_at + 1]
            written_out = f"DELETE {pattern} WHERE {{{_values_block(bindings)}{pattern[1:]}"
            edits.append((delete.start(), close_at + 1, written_out))
        else:
            edits.append((open_at + 1, open_at + 1, _values_block(bindings)))
    if not edits:
        raise ValueError("update has no WHERE group to bind parameters into")
    for start, end, replacement in reversed(edits):
        update = update[:start] + replacement + update[end:]
    return update


def _group_end(code: str, open_at: int) -> int:
    """Index of the ``}`` closing the group opened at ``open_at`` (``code`` as ``code_only`` gives it)."""
    depth = 0
    for brace in _BRACE.finditer(code, open_at):
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return brace.start()
    raise ValueError("unbalanced braces in update")


_CODE_MARK = re.compile(r"[#\"'<]")  # where a comment, a string or an IRI may begin


def code_only(query: str) -> str:
    """``query`` with comments, strings and IRIs blanked out (same length), for looking at its keywords."""
    out = list(query)
    i, n = 0, len(query)
    while (mark := _CODE_MARK.search(query, i)) is not None:
        i = mark.start()
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
