"""Does years.py read, write and count financial years and dates the one way the project does?

Expected values are worked out by hand from the calendar, never copied from the program's output.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from collab_analysis.errors import InvalidValue
from collab_analysis.years import (
    as_at_default,
    dates_in,
    financial_year_bounds,
    financial_year_of,
    financial_year_starting,
    financial_years_in,
    format_date,
    iso_date,
    next_year,
    parse_date,
    parse_financial_year,
    period_end,
    previous_year,
    without_dates,
    year_span,
)

# ---------------------------------------------------------------------------------- financial years


@pytest.mark.parametrize("text", ["2019-20", "2019/20", "2019/2020", "2019-2020", " 2019 / 20 ", "2019–20"])
def test_financial_years_are_normalised(text):
    """Is every way of writing the year from 1 April 2019 read as 2019-20?"""
    assert parse_financial_year(text) == "2019-20"


def test_financial_year_across_a_century():
    assert parse_financial_year("1999/2000") == "1999-00"
    assert parse_financial_year("1999-00") == "1999-00"


def test_two_year_span_is_refused():
    """Is 2019-21 (two years) refused with the year that starts in 2019 as the fix?"""
    with pytest.raises(InvalidValue) as caught:
        parse_financial_year("2019-21")
    assert caught.value.message == '"2019-21" is not one financial year (it spans 2019 to 2021)'
    assert caught.value.fix.startswith("write 2019-20 for the year starting 1 April 2019")


def test_short_financial_year_is_refused():
    """Is 19/20 refused (the century is not written) rather than guessed?"""
    with pytest.raises(InvalidValue) as caught:
        parse_financial_year("19/20")
    assert "century" in caught.value.message
    assert "2019-20" in caught.value.fix


@pytest.mark.parametrize("text", ["2019", "FY19", "twenty nineteen", "2019-2", "2019/2021"])
def test_other_financial_years_are_refused(text):
    with pytest.raises(InvalidValue) as caught:
        parse_financial_year(text)
    assert caught.value.rule == "financial-year"
    assert "20" in caught.value.fix


# ------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "stamp", "precision"),
                         [("2018-05-01", "2018-05-01", "day"), ("2018-05", "2018-05-01", "month"),
                          ("2018", "2018-01-01", "year"), ("2024-02-29", "2024-02-29", "day")])
def test_dates_with_precision(text, stamp, precision):
    """Is an ISO date read as the first day of its period, with its precision?"""
    assert parse_date(text) == (pd.Timestamp(stamp), precision)


def test_blank_date_is_unknown():
    value, precision = parse_date("")
    assert pd.isna(value) and precision == "unknown"


def test_uk_date_is_refused_with_the_iso_form_in_the_fix():
    """Is 01/05/2018 refused (never guessed), with 2018-05-01 offered for 1 May 2018?"""
    with pytest.raises(InvalidValue) as caught:
        parse_date("01/05/2018")
    assert caught.value.message == '"01/05/2018" is not a date written YYYY-MM-DD, YYYY-MM or YYYY'
    assert caught.value.fix.startswith("write 2018-05-01 if this means 1 May 2018")


@pytest.mark.parametrize(("text", "fix"), [("May 2018", "write 2018-05"), ("1 May 2018", "write 2018-05-01"),
                                           ("c.2012", "write 2012"), ("2019-02-30", "YYYY-MM-DD"),
                                           ("2019-13", "YYYY-MM-DD"), ("0001-01-01", "YYYY-MM-DD"),
                                           ("20180501", "YYYY-MM-DD")])
def test_other_dates_are_refused(text, fix):
    with pytest.raises(InvalidValue) as caught:
        parse_date(text)
    assert caught.value.rule == "date"
    assert fix in caught.value.fix




def test_invalid_day_gets_a_fix_that_is_itself_a_date():
    """31/02/2019: the fix must not be "write 2019-02-31" (no such day); it names February 2019's 28 days."""
    with pytest.raises(InvalidValue) as caught:
        parse_date("31/02/2019")
    fix = caught.value.fix
    assert "2019-02-31" not in fix
    assert "there is no 31 February 2019 (February 2019 has 28 days)" in fix
    assert "2019-02 if only the month is known" in fix
    for suggested in ("2019-02",):
        parse_date(suggested)  # every date the fix offers is itself valid


def test_iso_date_not_in_the_calendar():
    """2019-02-30 and 2024-02-30 (a leap year has 29) are refused; the fix offers only the month."""
    with pytest.raises(InvalidValue) as caught:
        parse_date("2024-02-30")
    assert caught.value.message == '"2024-02-30" is not a date in the calendar'
    assert "February 2024 has 29 days" in caught.value.fix


def test_month_first_date_is_offered_the_other_way_round():
    """05/13/2019 cannot be day-first (no month 13), so the fix offers 13 May 2019, written month first."""
    with pytest.raises(InvalidValue) as caught:
        parse_date("05/13/2019")
    assert caught.value.fix.startswith("write 2019-05-13 if this means 13 May 2019 (written month first)")


def test_wordy_date_without_such_a_day():
    with pytest.raises(InvalidValue) as caught:
        parse_date("30 February 2019")
    assert "2019-02-30" not in caught.value.fix and "February 2019 has 28 days" in caught.value.fix


# ---------------------------------------------------------------------------------- year arithmetic


def test_financial_year_bounds():
    """2019-20 runs from 1 April 2019 to 31 March 2020, both days included."""
    assert financial_year_bounds("2019-20") == (pd.Timestamp("2019-04-01"), pd.Timestamp("2020-03-31"))
    assert financial_year_bounds("2019/2020") == (pd.Timestamp("2019-04-01"), pd.Timestamp("2020-03-31"))


@pytest.mark.parametrize(("year", "before", "after"), [("2019-20", "2018-19", "2020-21"),
                                                        ("2000-01", "1999-00", "2001-02"),
                                                        ("1999/00", "1998-99", "2000-01")])
def test_previous_and_next_year(year, before, after):
    assert previous_year(year) == before
    assert next_year(year) == after


@pytest.mark.parametrize(("day", "year"), [("2020-03-31", "2019-20"), ("2020-04-01", "2020-21"),
                                           ("2019-01-15", "2018-19"), (dt.date(2019, 7, 22), "2019-20")])
def test_financial_year_of(day, year):
    assert financial_year_of(day) == year


def test_financial_year_starting():
    assert financial_year_starting(2019) == "2019-20"
    assert financial_year_starting(1999) == "1999-00"


def test_year_span():
    assert year_span("2019-20") == "1 April 2019 to 31 March 2020"
    assert year_span("1999-00") == "1 April 1999 to 31 March 2000"


def test_as_at_default_is_the_last_day_of_the_year():
    assert as_at_default("2019-20") == dt.date(2020, 3, 31)
    assert isinstance(as_at_default("2019-20"), dt.date)


def test_year_arithmetic_refuses_what_is_not_a_year():
    with pytest.raises(InvalidValue):
        previous_year("2019")
    with pytest.raises(InvalidValue):
        year_span("")


# -------------------------------------------------------------------------------- writing dates


@pytest.mark.parametrize(("value", "precision", "text", "iso"),
                         [(pd.Timestamp("2019-07-22"), "day", "22 July 2019", "2019-07-22"),
                          (pd.Timestamp("2018-05-01"), "month", "May 2018", "2018-05"),
                          (pd.Timestamp("2015-01-01"), "year", "2015", "2015"),
                          (dt.date(2012, 4, 1), "month", "April 2012", "2012-04"),
                          ("2019-07-22", None, "22 July 2019", "2019-07-22"),
                          (pd.Timestamp("2015-01-01"), "unknown", "date not known", ""),
                          (pd.NaT, "day", "date not known", ""), (None, None, "date not known", "")])
def test_format_date_and_iso_date(value, precision, text, iso):
    assert format_date(value, precision) == text
    assert iso_date(value, precision) == iso


@pytest.mark.parametrize(("value", "precision", "end"),
                         [("2019-07-22", "day", "2019-07-22"), ("2019-02-01", "month", "2019-02-28"),
                          ("2020-02-01", "month", "2020-02-29"), ("2019-12-01", "month", "2019-12-31"),
                          ("2019-01-01", "year", "2019-12-31")])
def test_period_end(value, precision, end):
    """The last day a date at its precision can mean: February 2020 ends on the 29th (a leap year)."""
    assert period_end(pd.Timestamp(value), precision) == pd.Timestamp(end)


def test_period_end_of_an_unknown_date_is_nat():
    assert pd.isna(period_end(pd.Timestamp("2019-01-01"), "unknown"))
    assert pd.isna(period_end(None, "day"))


# ------------------------------------------------------------------------------ dates in free text


@pytest.mark.parametrize(("text", "found"), [
    ("left on 1 May 2018", [("2018-05-01", "day")]),
    ("MONDAY 22 JULY 2019", [("2019-07-22", "day")]),
    ("on the 22nd July 2019", [("2019-07-22", "day")]),
    ("July 22, 2019", [("2019-07-22", "day")]),
    ("The MFSS went live on April 1st 2012", [("2012-04-01", "day")]),
    ("From April 1 2014, the unit", [("2014-04-01", "day")]),
    ("dated 2018-05-01", [("2018-05-01", "day")]),
    ("dated 22/07/2019", [("2019-07-22", "day")]),
    ("from April 2012", [("2012-04-01", "month")]),
    ("from Apr 2012", [("2012-04-01", "month")]),
    ("Sept 2016", [("2016-09-01", "month")]),
    ("2012-04", [("2012-04-01", "month")]),
    ("created in 2015", [("2015-01-01", "year")]),
    ("formed in 2001 and expanded in May 2012", [("2001-01-01", "year"), ("2012-05-01", "month")]),
    ("2019-20 Net Budget £6.352m", []),
    ("between 2011/12 and 2015/16", []),
    ("31 February 2019", []),
    ("£2015m and 1,2019", []),
])
def test_dates_in(text, found):
    """Each date a phrase states, at its precision; a financial year is not a date, an impossible day states nothing."""
    assert dates_in(text) == [(pd.Timestamp(day), precision) for day, precision in found]


@pytest.mark.parametrize(("text", "found"), [("2019-20 Net Budget", ["2019-20"]), ("in 2019/20", ["2019-20"]),
                                             ("2019/2020 - £208.9 million", ["2019-20"]), ("FY2019/20", ["2019-20"]),
                                             ("1999-00", ["1999-00"]), ("2019-21", []), ("2012-04", [])])
def test_financial_years_in(text, found):
    assert financial_years_in(text) == found


def test_without_dates_keeps_the_figures_in_place():
    """The 22 of "22 July 2019" and the 20 of "2019-20" are blanked; £4m and the bare year stay."""
    text = "on 22 July 2019 (2019-20), £4m since 2010"
    blanked = without_dates(text)
    assert len(blanked) == len(text)
    assert "22" not in blanked and "2019" not in blanked
    assert blanked.endswith("£4m since 2010")
