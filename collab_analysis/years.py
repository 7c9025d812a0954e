"""Financial years and dates: the only place either is read, written or counted.

A financial year runs from 1 April to 31 March and is written ``2019-20``. A date is kept as the
first day of the period the source gives, with its precision (``day``, ``month``, ``year`` or
``unknown``), so "May 2018" is never turned into a made-up 1 May 2018 on paper.

>>> parse_financial_year("2019/20")
'2019-20'
>>> year_span("2019-20")
'1 April 2019 to 31 March 2020'
>>> parse_date("2018-05")
(Timestamp('2018-05-01 00:00:00'), 'month')
>>> format_date(pd.Timestamp("2018-05-01"), "month")
'May 2018'
>>> period_end(pd.Timestamp("2018-05-01"), "month")
Timestamp('2018-05-31 00:00:00')
>>> as_at_default("2019-20")
datetime.date(2020, 3, 31)
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

import pandas as pd

from .data.cells import clean, quote
from .errors import InvalidValue, ParameterError

#: Years a date or financial year may fall in.
MIN_YEAR, MAX_YEAR = 1800, 2200
#: Precisions a date can have, from the finest.
PRECISIONS = ("day", "month", "year", "unknown")
DATE_FIX = ("write dates as YYYY-MM-DD (e.g. 2018-05-01), or YYYY-MM or YYYY when only the month or year "
            "is known, or leave the cell blank when it is not known")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
_MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

__all__ = ["DATE_FIX", "MAX_YEAR", "MIN_YEAR", "MONTH_NAMES", "PRECISIONS", "as_at_default", "dates_in",
           "financial_year_bounds", "financial_year_of", "financial_year_starting", "financial_years_in", "format_date", "iso_date",
           "next_year", "parse_date", "parse_financial_year", "period_end", "previous_year", "without_dates",
           "year_span"]


# ------------------------------------------------------------------------------------ financial years

_FY = re.compile(r"^(?:FY\s*)?(?P<y1>[0-9]{4})\s*[-/–]\s*(?P<y2>[0-9]{2}|[0-9]{4})$", re.IGNORECASE)
_FY_SHORT = re.compile(r"^(?P<y1>[0-9]{2})\s*[-/–]\s*(?P<y2>[0-9]{2})$")


def financial_year_starting(year: int) -> str:
    """The financial year that starts on 1 April of ``year``: ``2019`` -> ``"2019-20"``."""
    return f"{year}-{(year + 1) % 100:02d}"


_fy = financial_year_starting


def parse_financial_year(text: str) -> str | None:
    """Read a financial year as ``2019-20``; blank gives ``None``.

    ``2019/20``, ``2019/2020``, ``2019-2020`` and ``2019-20`` all mean the year from 1 April 2019 to
    31 March 2020.

    Raises
    ------
    InvalidValue
        For anything else, e.g. ``2019-21`` (two years) or ``19/20`` (century not written).

    >>> parse_financial_year("2019/2020")
    '2019-20'
    """
    text = clean(text)
    if not text:
        return None
    fix = "write the financial year as 2019-20 (the year from 1 April 2019 to 31 March 2020)"
    match = _FY.match(text)
    if match:
        y1, y2 = int(match["y1"]), match["y2"]
        second = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        if len(y2) == 2 and y1 % 100 == 99 and y2 == "00":
            second = y1 + 1
        if not MIN_YEAR <= y1 <= MAX_YEAR:
            raise InvalidValue(f"{quote(text)} is not a plausible financial year", fix, rule="financial-year")
        if second != y1 + 1:
            raise InvalidValue(f"{quote(text)} is not one financial year (it spans {y1} to {second})",
                               f"write {_fy(y1)} for the year starting 1 April {y1}, or give each year its own row",
                               rule="financial-year")
        return _fy(y1)
    short = _FY_SHORT.match(text)
    if short and (int(short["y1"]) + 1) % 100 == int(short["y2"]):
        raise InvalidValue(f"{quote(text)} does not say the century",
                           f"write the first year in full, e.g. 20{short['y1']}-{short['y2']}", rule="financial-year")
    if re.fullmatch(r"[0-9]{4}", text):
        year = int(text)
        raise InvalidValue(f"{quote(text)} is a calendar year, not a financial year",
                           f"write {_fy(year - 1)} or {_fy(year)}, whichever the source means", rule="financial-year")
    raise InvalidValue(f"{quote(text)} is not a financial year", fix, rule="financial-year")


def _first_year(financial_year: str) -> int:
    year = parse_financial_year(financial_year)
    if year is None:
        raise InvalidValue("the financial year is blank", "write it as 2019-20", rule="financial-year")
    return int(year[:4])


def financial_year_bounds(financial_year: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and the last day of a financial year: ``2019-20`` -> (1 April 2019, 31 March 2020).

    Both days belong to the year, so ``start <= day <= end`` asks whether a day falls in it.
    """
    first = _first_year(financial_year)
    return pd.Timestamp(first, 4, 1), pd.Timestamp(first + 1, 3, 31)


def previous_year(financial_year: str) -> str:
    """The financial year before: ``2019-20`` -> ``2018-19``."""
    return _fy(_first_year(financial_year) - 1)


def next_year(financial_year: str) -> str:
    """The financial year after: ``2019-20`` -> ``2020-21``."""
    return _fy(_first_year(financial_year) + 1)


def financial_year_of(day) -> str:
    """The financial year a day falls in: 31 March 2020 -> ``2019-20``, 1 April 2020 -> ``2020-21``."""
    stamp = pd.Timestamp(day)
    return _fy(stamp.year if stamp.month >= 4 else stamp.year - 1)


def year_span(financial_year: str) -> str:
    """The financial year in words: ``2019-20`` -> ``"1 April 2019 to 31 March 2020"``."""
    start, end = financial_year_bounds(financial_year)
    return f"{format_date(start)} to {format_date(end)}"


def as_at_default(financial_year: str) -> dt.date:
    """The date a paper for the year is as at when no meeting date is given: 31 March at its end."""
    return financial_year_bounds(financial_year)[1].date()


# ----------------------------------------------------------------------------------------------- dates

_DATE = re.compile(r"^(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?$")
_UK_DATE = re.compile(r"^(?P<d>[0-9]{1,2})[/.](?P<m>[0-9]{1,2})[/.](?P<y>[0-9]{4})$")
_WORDY_DATE = re.compile(r"^(?:(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?\s+)?(?P<mon>[A-Za-z]+)\.?,?\s+(?P<y>[0-9]{4})$")
_APPROX_YEAR = re.compile(r"^(?:c\.?|circa|about|around|early|mid|late|pre|post|before|after)[\s-]*(?P<y>[0-9]{4})s?$",
                          re.IGNORECASE)


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _no_such_day(year: int, month: int, day: int) -> str:
    """The fix for a day the month does not have: never itself an invalid date."""
    days = calendar.monthrange(year, month)[1]
    return (f"there is no {day} {MONTH_NAMES[month - 1]} {year} ({MONTH_NAMES[month - 1]} {year} has {days} days): "
            f"check the day in the source and write the date as YYYY-MM-DD, or {year:04d}-{month:02d} if only the "
            "month is known")


def parse_date(text: str) -> tuple[pd.Timestamp, str]:
    """Read an ISO date as (first day of the period, precision); blank gives ``(NaT, "unknown")``.

    ``2018-05-01`` -> day, ``2018-05`` -> month, ``2018`` -> year.

    Raises
    ------
    InvalidValue
        For any other form; the fix says how to write it (``01/05/2018`` -> ``2018-05-01``, taking the
        UK day-first reading, which the user must confirm). A suggested date is always a real one.
    """
    text = clean(text)
    if not text:
        return pd.NaT, "unknown"
    match = _DATE.match(text)
    if match:
        year, month, day = int(match["y"]), int(match["m"] or 1), int(match["d"] or 1)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidValue(f"{quote(text)} is not a plausible date (year {year})", DATE_FIX, rule="date")
        if not _valid(year, month, day):
            fix = _no_such_day(year, month, day) if 1 <= month <= 12 else DATE_FIX
            raise InvalidValue(f"{quote(text)} is not a date in the calendar", fix, rule="date")
        return pd.Timestamp(year, month, day), "day" if match["d"] else "month" if match["m"] else "year"
    raise InvalidValue(f"{quote(text)} is not a date written YYYY-MM-DD, YYYY-MM or YYYY", _date_fix(text),
                       rule="date")


def _date_fix(text: str) -> str:
    uk, wordy, approx = _UK_DATE.match(text), _WORDY_DATE.match(text), _APPROX_YEAR.match(text)
    if uk:
        d, m, y = int(uk["d"]), int(uk["m"]), int(uk["y"])
        if not MIN_YEAR <= y <= MAX_YEAR:
            return DATE_FIX
        if _valid(y, m, d):
            return (f"write {y:04d}-{m:02d}-{d:02d} if this means {d} {MONTH_NAMES[m - 1]} {y} "
                    "(dates are written YYYY-MM-DD so that they cannot be misread)")
        if _valid(y, d, m):
            return (f"write {y:04d}-{d:02d}-{m:02d} if this means {m} {MONTH_NAMES[d - 1]} {y} (written month "
                    "first); dates are written YYYY-MM-DD so that they cannot be misread")
        return _no_such_day(y, m, d) if 1 <= m <= 12 else DATE_FIX
    if wordy and wordy["mon"].lower() in _MONTHS and MIN_YEAR <= int(wordy["y"]) <= MAX_YEAR:
        m, y = _MONTHS[wordy["mon"].lower()], int(wordy["y"])
        if not wordy["d"]:
            return f"write {y:04d}-{m:02d}"
        d = int(wordy["d"])
        return f"write {y:04d}-{m:02d}-{d:02d}" if _valid(y, m, d) else _no_such_day(y, m, d)
    if approx:
        return f"write {approx['y']} (the year) and say that the date is approximate in the note or description"
    return DATE_FIX


def _stamp(value) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp


def _precision(precision) -> str:
    text = "" if precision is None or (not isinstance(precision, str) and pd.isna(precision)) else str(precision)
    return text or "day"


def financial_year_parameter(value, parameter: str = "financial_year") -> str:
    """A financial year given as a parameter, ``"2019/20"`` -> ``"2019-20"``; blank or malformed is
    refused with the fix, naming the parameter (``year`` on the command line)."""
    try:
        year = parse_financial_year(str(value))
    except InvalidValue as exc:
        raise ParameterError(parameter, value, message=f"{exc.message}; {exc.fix}") from None
    if year is None:
        raise ParameterError(parameter, value, message=f"{parameter} is blank; write it as 2019-20")
    return year


def to_timestamp(value) -> pd.Timestamp:
    """A day as a ``Timestamp`` at midnight, from a Timestamp, a date or ``YYYY-MM-DD`` text.

    The only reader of a parameter date (``on``, ``as_at``, ``meeting_date``): partial dates and
    impossible days are refused with the fix, as in the tables.

    Raises
    ------
    ParameterError
        If ``value`` is blank or not a day.
    """
    if isinstance(value, str):
        try:
            stamp, precision = parse_date(value.strip())
        except InvalidValue as bad:
            raise ParameterError("date", value, message=f"{value!r} is not a date: {bad.message}; {bad.fix}") from None
        if stamp is None or precision != "day":
            raise ParameterError("date", value, message=f"{value!r} is not a day; write it as YYYY-MM-DD, like 2019-07-22")
        return stamp
    stamp = _stamp(value)
    if stamp is None:
        raise ParameterError("date", value, message="a date is needed; write it as YYYY-MM-DD, like 2019-07-22")
    return stamp.normalize()


def format_date(value, precision: str | None = "day") -> str:
    """A date as a paper writes it, at the precision the source gave.

    ``22 July 2019`` (day), ``May 2018`` (month), ``2015`` (year); a blank date or the precision
    ``unknown`` gives ``date not known``. ``value`` is a Timestamp, a date or ISO text.
    """
    stamp, p = _stamp(value), _precision(precision)
    if stamp is None or p == "unknown":
        return "date not known"
    if p == "year":
        return f"{stamp.year}"
    if p == "month":
        return f"{MONTH_NAMES[stamp.month - 1]} {stamp.year}"
    return f"{stamp.day} {MONTH_NAMES[stamp.month - 1]} {stamp.year}"


def iso_date(value, precision: str | None = "day") -> str:
    """A date as the tables write it: ``2018-05-01``, ``2018-05`` or ``2018`` (blank: ``""``)."""
    stamp, p = _stamp(value), _precision(precision)
    if stamp is None or p == "unknown":
        return ""
    return {"year": f"{stamp.year:04d}", "month": f"{stamp.year:04d}-{stamp.month:02d}"}.get(
        p, f"{stamp.year:04d}-{stamp.month:02d}-{stamp.day:02d}")


def period_end(value, precision: str | None = "day") -> pd.Timestamp:
    """The last day of the period a date stands for: ``2019`` -> 31 December 2019; NaT when unknown.

    The as-at rule uses it: a source dated ``2019`` is known by a paper as at T only if 31 December
    2019 is on or before T, because "2019" may mean any day of that year.
    """
    stamp, p = _stamp(value), _precision(precision)
    if stamp is None or p == "unknown":
        return pd.NaT
    stamp = stamp.normalize()
    if p == "year":
        return pd.Timestamp(stamp.year, 12, 31)
    if p == "month":
        return pd.Timestamp(stamp.year, stamp.month, calendar.monthrange(stamp.year, stamp.month)[1])
    return stamp


# -------------------------------------------------------------------------------- dates in free text

_FY_IN_TEXT = re.compile(r"(?<![0-9])(?:FY\s*)?(?P<y1>(?:18|19|20|21)[0-9]{2})\s*[-/–]\s*(?P<y2>[0-9]{4}|[0-9]{2})"
                         r"(?![0-9])", re.IGNORECASE)
_ISO_DAY_IN_TEXT = re.compile(r"(?<![0-9])(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?![0-9])")
_ISO_MONTH_IN_TEXT = re.compile(r"(?<![0-9-])(?P<y>[0-9]{4})-(?P<m>[0-9]{2})(?![0-9-])")
_UK_DAY_IN_TEXT = re.compile(r"(?<![0-9/.])(?P<d>[0-9]{1,2})[/.](?P<m>[0-9]{1,2})[/.](?P<y>[0-9]{4})(?![0-9])")
_MONTH_WORD = r"(?P<mon>[A-Za-z]{3,9})\.?"
_DAY_MONTH_YEAR = re.compile(r"(?<![0-9A-Za-z])(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_WORD
                             + r",?\s+(?P<y>[0-9]{4})(?![0-9])", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(r"(?<![A-Za-z])" + _MONTH_WORD + r"\s+(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+"
                             r"(?P<y>[0-9]{4})(?![0-9])", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(?<![A-Za-z])" + _MONTH_WORD + r",?\s+(?P<y>[0-9]{4})(?![0-9])", re.IGNORECASE)
_YEAR = re.compile(r"(?<![0-9.,£$€])(?P<y>(?:18|19|20|21)[0-9]{2})(?![0-9]|\.[0-9]|,[0-9]{3})")


def financial_years_in(text: str) -> list[str]:
    """The financial years a phrase names: ``"2019-20 Net Budget"`` -> ``["2019-20"]``.

    ``2019-20``, ``2019/20``, ``2019/2020``, ``2019–20`` and ``FY2019/20`` count; ``2019-21`` does not.
    """
    found = []
    for match in _FY_IN_TEXT.finditer(text):
        y1, y2 = int(match["y1"]), match["y2"]
        second = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2) + (100 if y2 == "00" else 0)
        if second == y1 + 1:
            found.append(_fy(y1))
    return list(dict.fromkeys(found))


def _blank(text: str, match: re.Match) -> str:
    return text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]


def dates_in(text: str) -> list[tuple[pd.Timestamp, str]]:
    """The dates a phrase of a source states, each as (first day, precision), in the order found.

    Reads ``22 July 2019``, ``MONDAY 22 JULY 2019``, ``22nd July 2019``, ``July 22, 2019``,
    ``April 1st 2012``, ``2019-07-22`` and ``22/07/2019`` (UK order) as days; ``April 2012``, ``Apr 2012`` and ``2012-04``
    as months; ``2015`` as a year. A financial year (``2019-20``) is not read as the year 2019, and
    impossible days (``31 February 2019``) are not read at all.

    >>> dates_in("left on 1 May 2018")
    [(Timestamp('2018-05-01 00:00:00'), 'day')]
    """
    found, _ = _scan(text, bare_years=True)
    return [(stamp, precision) for _, stamp, precision in sorted(found, key=lambda item: item[0])]


def without_dates(text: str) -> str:
    """``text`` with its financial years and dates (but not bare years) blanked out.

    So that a reader of numbers does not take the 22 of "22 July 2019" or the 20 of "2019-20" for a
    figure: ``without_dates("on 22 July 2019, £4m")`` keeps ``£4m`` in place.
    """
    return _scan(text, bare_years=False)[1]


def _scan(text: str, bare_years: bool) -> tuple[list[tuple[int, pd.Timestamp, str]], str]:
    found: list[tuple[int, pd.Timestamp, str]] = []
    rest = text

    def take(pattern: re.Pattern, precision: str) -> None:
        nonlocal rest
        for match in list(pattern.finditer(rest)):
            groups = match.groupdict()
            month = groups.get("m")
            if groups.get("mon") is not None:
                month = _MONTHS.get(groups["mon"].lower())
                if month is None:
                    continue
            year, month, day = int(groups["y"]), int(month or 1), int(groups.get("d") or 1)
            if not MIN_YEAR <= year <= MAX_YEAR:
                continue
            if _valid(year, month, day):
                found.append((match.start(), pd.Timestamp(year, month, day), precision))
            rest = _blank(rest, match)  # an impossible day states nothing, not even its month

    for match in list(_FY_IN_TEXT.finditer(rest)):
        if financial_years_in(match.group(0)):
            rest = _blank(rest, match)
    for pattern, precision in ((_ISO_DAY_IN_TEXT, "day"), (_UK_DAY_IN_TEXT, "day"), (_DAY_MONTH_YEAR, "day"),
                               (_MONTH_DAY_YEAR, "day"), (_ISO_MONTH_IN_TEXT, "month"), (_MONTH_YEAR, "month")):
        take(pattern, precision)
    if bare_years:
        take(_YEAR, "year")
    return found, rest
