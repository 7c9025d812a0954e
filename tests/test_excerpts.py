"""Does the excerpt reader find exactly the figures a phrase of a source states?

Each case is a phrase of the kind the seeds and the research pack quote, with the figures worked
out by hand: "£6.352m" is 6,352,000 published to the nearest £1,000.
"""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from collab_analysis.data.excerpts import figures_in, states_date, states_in_table, states_number


@pytest.mark.parametrize(("text", "amounts"), [
    ("2019-20 Net Budget £6.352m", [6_352_000]),
    ("£6,352,000", [6_352_000]),
    ("6.352 million", [6_352_000]),
    ("£176.255M", [176_255_000]),
    ("£1.2bn", [1_200_000_000]),
    ("£170k", [170_000]),
    ("£0.758m", [758_000]),
    ("Annual budget ~£22,000,000 GBP", [22_000_000]),
    ("from £2.155 million to £3.155 million", [2_155_000, 3_155_000]),
    ("fell from 1,772 to 1,765", [1772, 1765]),
    ("between £4-5m", [4_000_000, 5_000_000]),
    ("on 22 July 2019, £4m", [4_000_000]),
    ("5 months", [5]),
])
def test_amounts_and_counts(text, amounts):
    assert figures_in(text).amounts == [Decimal(a) for a in amounts]


@pytest.mark.parametrize(("text", "last_digit"), [("£6.352m", 1000), ("£9.5m", 100_000), ("£4 million", 1_000_000),
                                                  ("£898,000", 1), ("£170k", 1000), ("1,772", 1), ("£1.2bn", 10**8)])
def test_each_amount_keeps_the_last_digit_published(text, last_digit):
    """The exponent of each amount is the value of its last published digit (trailing zeros read finest)."""
    [amount] = figures_in(text).amounts
    assert Decimal(1).scaleb(amount.as_tuple().exponent) == last_digit


@pytest.mark.parametrize(("text", "percents"), [("Nottinghamshire 27.6%", ["27.6"]), ("27.6 per cent", ["27.6"]),
                                                ("4.1 percent", ["4.1"]), ("10-15%", ["10", "15"]),
                                                ("between 10% and 15%", ["10", "15"]), ("32% and 47%", ["32", "47"])])
def test_percentages(text, percents):
    figures = figures_in(text)
    assert figures.percents == [Decimal(p) for p in percents]
    assert figures.amounts == []


def test_dates_and_years_are_not_numbers_too():
    figures = figures_in("MONDAY 22 JULY 2019, 2019/20")
    assert figures.dates == [(pd.Timestamp("2019-07-22"), "day")]
    assert figures.financial_years == ["2019-20"]
    assert figures.amounts == []


@pytest.mark.parametrize(("text", "value", "precision", "stated"), [
    ("£6.352m", 6_352_000, 1000, True),
    ("£6,352,000", 6_352_000, 1000, True),
    ("6.352 million", 6_352_000, 1000, True),
    ("£9.5m", 9_500_000, 100_000, True),
    ("£9.487m", 9_500_000, 100_000, True),     # 9,487,000 to the nearest 100,000 is 9,500,000
    ("£9.5m", 9_500_000, 1000, False),         # the row claims the thousands; the source does not give them
    ("£6.35m", 6_352_000, 1000, False),        # 6,350,000 is not 6,352,000
    ("£6.4m", 6_352_000, 1000, False),
    ("£4 million", 4_000_000, 1_000_000, True),
    ("£898,000", 898_000, 1000, True),
    ("£898,000", 899_000, 1000, False),
    ("fell from 1,772 to 1,765", 1765, 1, True),
])
def test_states_an_amount(text, value, precision, stated):
    assert states_number(figures_in(text).amounts, value, precision) is stated


@pytest.mark.parametrize(("text", "value", "precision", "stated"), [
    ("Nottinghamshire 27.6%", 27.6, 0.1, True), ("Derbyshire 22%", 22, 1, True), ("27.6%", 27.7, 0.1, False),
    ("22%", 22.0, 0.1, False), ("savings of 10-15%", 15, None, True), ("savings of 10-15%", 12.5, None, False)])
def test_states_a_percentage(text, value, precision, stated):
    assert states_number(figures_in(text).percents, value, precision) is stated


@pytest.mark.parametrize(("text", "value", "precision", "stated"), [
    ("left on 1 May 2018", "2018-05-01", "day", True),
    ("2018-05-01", "2018-05-01", "day", True),
    ("in May 2018", "2018-05-01", "day", False),     # the row claims a day the source does not give
    ("in May 2018", "2018-05-01", "month", True),
    ("left on 1 May 2018", "2018-05-01", "month", True),
    ("April 2012", "2012-04-01", "month", True),
    ("Apr 2012", "2012-04-01", "month", True),
    ("in 2015", "2015-01-01", "year", True),
    ("in 2015", "2016-01-01", "year", False),
    ("in 2015/16", "2015-01-01", "year", False),     # a financial year is not the calendar year 2015
])
def test_states_a_date(text, value, precision, stated):
    assert states_date(figures_in(text).dates, pd.Timestamp(value), precision) is stated


@pytest.mark.parametrize(("text", "value", "precision", "stated"), [
    ("Derbyshire 102.8 123.6 108.6", 123_600_000, 100_000, True),    # a table in £ million
    ("Derbyshire 102.8 123.6 108.6", 123_600_000, 1000, False),      # one decimal of a million is not the thousands
    ("Northamptonshire 60.0 62.8", 60_000_000, 100_000, True),
    ("Leicestershire 1,523.5", 1_523_500, 100, True),                # a table in £ thousands
    ("shared by 4 forces", 4_000_000, 1_000_000, False),             # whole numbers are never read in £m
    ("£102.8m", 102_800_000, 100_000, False),                        # not bare: states_number reads it
])
def test_states_in_a_tables_unit(text, value, precision, stated):
    assert states_in_table(figures_in(text).bare, value, precision) is stated

