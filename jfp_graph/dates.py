"""Dates as plans write them: a day, a month, a year or an NHS financial year.

Real plans say "by 2025", "March 2024" and "2024/25" as often as they give a day. Each form is kept at its
own precision as a typed literal (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``, ``jfp:financialYear``)
rather than rounded to an invented day, and compared through the period it covers: "March 2024" is due by
31 March 2024, "2024/25" by 31 March 2025. An NHS financial year runs from 1 April to 31 March.

Plain strings only, so that the loading path never imports rdflib.
"""

from __future__ import annotations

import calendar
import datetime
import re

from jfp_graph.iris import DEF, XSD

DATE = XSD + "date"
YEAR_MONTH = XSD + "gYearMonth"
YEAR = XSD + "gYear"
FINANCIAL_YEAR = DEF + "financialYear"
PRECISIONS = (DATE, YEAR_MONTH, YEAR, FINANCIAL_YEAR)

FORMS = 'a day ("2024-03-31"), a month ("March 2024" or "2024-03"), a year ("2025") or a financial year ("2024/25")'

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_NAMED_MONTH = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_YEAR = re.compile(r"(\d{4})")
_FINANCIAL_YEAR = re.compile(r"(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})", re.IGNORECASE)


class DateError(ValueError):
    """Text that is none of the forms a plan date may take."""


def parse(text: str) -> tuple[str, str]:
    """The (lexical form, datatype IRI) of a plan date written in any of ``FORMS``."""
    value = text.strip()
    if match := _DAY.fullmatch(value):
        _checked_day(value, *map(int, match.groups()))
        return value, DATE
    if (match := _ISO_MONTH.fullmatch(value)) and 1 <= int(match[2]) <= 12:
        return _month(text, int(match[1]), int(match[2]))  # "2011-12" is a month; write "2011/12" for the year
    if match := _FINANCIAL_YEAR.fullmatch(value):
        start, end = int(match[1]), match[2]
        following = f"{start + 1:04d}"
        if end not in (following, following[2:]):
            raise DateError(f"'{text}' is not a financial year: {start} is followed by {following}")
        return f"{start}/{following[2:]}", FINANCIAL_YEAR
    if match := _ISO_MONTH.fullmatch(value):
        return _month(text, int(match[1]), int(match[2]))
    if match := _NAMED_MONTH.fullmatch(value):
        month = _MONTHS.get(match[1].lower())
        if month is None:
            raise DateError(f"'{text}' is not a date: '{match[1]}' is not a month; write {FORMS}")
        return _month(text, int(match[2]), month)
    if _YEAR.fullmatch(value):
        return value, YEAR
    raise DateError(f"'{text}' is not a date; write {FORMS}")


def period(lexical: str, datatype: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a plan date covers, or None when the literal is not a valid one of its kind."""
    try:
        if datatype == DATE and _DAY.fullmatch(lexical):
            day = datetime.date.fromisoformat(lexical)
            return day, day
        if datatype == YEAR_MONTH and (match := _ISO_MONTH.fullmatch(lexical)):
            year, month = int(match[1]), int(match[2])
            return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
        if datatype == YEAR and _YEAR.fullmatch(lexical):
            return datetime.date(int(lexical), 1, 1), datetime.date(int(lexical), 12, 31)
        if datatype == FINANCIAL_YEAR and (match := re.fullmatch(r"(\d{4})/(\d{2})", lexical)):
            start = int(match[1])
            if int(match[2]) == (start + 1) % 100:
                return datetime.date(start, 4, 1), datetime.date(start + 1, 3, 31)
    except ValueError:
        return None
    return None


def _month(text: str, year: int, month: int) -> tuple[str, str]:
    if not 1 <= month <= 12:
        raise DateError(f"'{text}' is not a date: there is no month {month}; write {FORMS}")
    return f"{year:04d}-{month:02d}", YEAR_MONTH


def _checked_day(text: str, year: int, month: int, day: int) -> None:
    try:
        datetime.date(year, month, day)
    except ValueError as error:
        raise DateError(f"'{text}' is not a date: {error}") from None
