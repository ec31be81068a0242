import datetime

import pytest

from jfp_graph.dates import DATE, FINANCIAL_YEAR, YEAR, YEAR_MONTH, DateError, parse, period


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-03-31", ("2024-03-31", DATE)),
        ("March 2024", ("2024-03", YEAR_MONTH)),
        ("mar 2024", ("2024-03", YEAR_MONTH)),
        ("Sept. 2025", ("2025-09", YEAR_MONTH)),
        ("Smarch 2024", None),
        ("2024-03", ("2024-03", YEAR_MONTH)),
        ("2025", ("2025", YEAR)),
        ("2024/25", ("2024/25", FINANCIAL_YEAR)),
        ("2024-25", ("2024/25", FINANCIAL_YEAR)),
        ("FY 2024/2025", ("2024/25", FINANCIAL_YEAR)),
        ("1999/00", ("1999/00", FINANCIAL_YEAR)),
    ],
)
def test_each_form_a_plan_writes_keeps_its_precision(text, expected):
    if expected is None:
        with pytest.raises(DateError, match="'Smarch' is not a month"):
            parse(text)
    else:
        assert parse(text) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2024-02-30", "day is out of range for month"),
        ("2024-13", "2024 is followed by 2025"),
        ("2024/26", "2024 is followed by 2025"),
        ("TBC", "is not a date; write a day"),
        ("by 2025", "'by' is not a month"),
        ("", "is not a date"),
    ],
)
def test_anything_else_is_refused_with_the_reason(text, reason):
    with pytest.raises(DateError, match=reason):
        parse(text)


def test_each_precision_covers_its_whole_period():
    d = datetime.date
    assert period("2024-03-28", DATE) == (d(2024, 3, 28), d(2024, 3, 28))
    assert period("2024-02", YEAR_MONTH) == (d(2024, 2, 1), d(2024, 2, 29))
    assert period("2025", YEAR) == (d(2025, 1, 1), d(2025, 12, 31))
    assert period("2024/25", FINANCIAL_YEAR) == (d(2024, 4, 1), d(2025, 3, 31))


@pytest.mark.parametrize(
    "lexical, datatype",
    [("2024-03-28T00:00:00", DATE), ("2024-02-30", DATE), ("2024-13", YEAR_MONTH), ("24", YEAR),
     ("2024/26", FINANCIAL_YEAR), ("2024-03", DATE)],
)
def test_ill_typed_literals_have_no_period(lexical, datatype):
    assert period(lexical, datatype) is None
