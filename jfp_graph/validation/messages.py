"""What a finding says: the shape's sentence with names for IRIs, what was found, and the law it rests on.

A message is built once, when a plan is validated, and stored with the report, so every surface shows the same
words. The legal basis comes from the statute graph (each Act by name, each section marked when it is not
confirmed), never from the shape: a citation written into a shape's message is dropped, so a message cannot
cite twice or cite something the statute graph does not say.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

import pyoxigraph as ox

from jfp_graph import dates
from jfp_graph.iris import DEF, VALIDATION, compact
from jfp_graph.validation.model import Requirement

PERIOD_START, PERIOD_END = DEF + "periodStart", DEF + "periodEnd"
EXPECTED_START, EXPECTED_END = VALIDATION + "expectedPeriodStart", VALIDATION + "expectedPeriodEnd"

# A closing parenthesis citing a section ("(NHS Act 2006 s.14Z52(2)(c))", "(ss.223GB to 223N)"), one level of
# nested parentheses allowed; "(recommended content, Table 2)" cites guidance and stays.
_WRITTEN_CITATION = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\bss?\.\s?\d(?:[^()]|\([^()]*\))*\)(?=\.?$)")


def compose(sentence: str, requirement: Requirement, focus_label: str, value_label: str | None) -> str:
    """The finding's message: ``sentence`` with ``{focus}`` and ``{value}`` named, then its legal basis."""
    text = sentence.replace("{focus}", focus_label).replace("{value}", value_label or "")
    text = _WRITTEN_CITATION.sub("", text.rstrip()).rstrip(".")
    if not requirement.legal_basis:
        return text + "."
    return f"{text}. Legal basis: {requirement.statute}."


def label(labels: dict[str, str], node: str) -> str:
    """A node's name: its label in the plan's data, else its compact IRI (``jfpid:plan/QRL/2024``)."""
    return labels.get(node) or compact(node)


def value_label(labels: dict[str, str], value: ox.NamedNode | ox.Literal | None) -> str | None:
    if value is None:
        return None
    return label(labels, value.value) if isinstance(value, ox.NamedNode) else value.value


# -- the plan period ------------------------------------------------------------------------------------
def period_sentence(path: str | None, focus: str, triples: Iterable[ox.Quad]) -> str | None:
    """For a result about the plan period, what the plan's period actually is against what it must be;
    None when the result is about something else or the dates cannot be read."""
    if path not in (PERIOD_START, PERIOD_END):
        return None
    found = _days(triples, focus)
    if any(len(found.get(p, ())) != 1 for p in (PERIOD_START, PERIOD_END, EXPECTED_START, EXPECTED_END)):
        return None
    (start,), (end,) = found[PERIOD_START], found[PERIOD_END]
    (expected_start,), (expected_end,) = found[EXPECTED_START], found[EXPECTED_END]
    if path == PERIOD_START:
        return f"The plan period starts on {_day(start)}; it must start on {_day(expected_start)}."
    if end < start:
        return f"The plan period ends on {_day(end)}, before it starts on {_day(start)}."
    return (
        f"The plan covers {_years(start, end)}; it must cover {_count(expected_start, expected_end)} "
        f"({_fy(expected_start)} to {_fy(expected_end)}), ending on {_day(expected_end)}."
    )


def _days(triples: Iterable[ox.Quad], focus: str) -> dict[str, list[datetime.date]]:
    found: dict[str, list[datetime.date]] = {}
    for t in triples:
        if t.subject.value == focus and isinstance(t.object, ox.Literal) and t.object.datatype:
            if t.predicate.value in (PERIOD_START, PERIOD_END, EXPECTED_START, EXPECTED_END):
                covered = dates.period(t.object.value, t.object.datatype.value)
                if covered is not None and covered[0] == covered[1]:  # a day, not a month or a year
                    found.setdefault(t.predicate.value, []).append(covered[0])
    return found


def _first_year(day: datetime.date) -> int:
    """The calendar year a day's NHS financial year starts in (1 April to 31 March)."""
    return day.year if day.month >= 4 else day.year - 1


def _fy(day: datetime.date) -> str:
    year = _first_year(day)
    return f"{year}/{(year + 1) % 100:02d}"


def _count(start: datetime.date, end: datetime.date) -> int:
    return _first_year(end) - _first_year(start) + 1


def _years(start: datetime.date, end: datetime.date) -> str:
    count = _count(start, end)
    years = f"{count} financial year{'s' if count != 1 else ''}"
    return f"{years} ({_fy(start)})" if count == 1 else f"{years} ({_fy(start)} to {_fy(end)})"


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
