"""What figures a phrase of a source states: the reading behind validate's excerpt check.

An ``excerpt`` is the source's own words around a figure (``2019-20 Net Budget £6.352m``). The
excerpt check asks whether those words state the row's figure; this module answers the first half,
"which figures do these words state?", as plain values that a test can work out by hand:

>>> figures = figures_in("2019-20 Net Budget £6.352m")
>>> figures.amounts, figures.financial_years
([Decimal('6.352E+6')], ['2019-20'])
>>> figures_in("Nottinghamshire 27.6%").percents
[Decimal('27.6')]

and :func:`states_number`, :func:`states_in_table` and :func:`states_date` the second, "does one
of them match the row, within the precision published?". A number is stated when the text's figure, rounded to the row's
precision, is the row's figure (``£9.487m`` states 9,500,000 to the nearest £100,000; ``£6.35m``
does not state 6,352,000 to the nearest £1,000). A date is stated by a date at least as precise that
falls in the row's period (``1 May 2018`` states ``2018-05``; ``May 2018`` does not state
``2018-05-01``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pandas as pd

from ..years import PRECISIONS, dates_in, financial_years_in, without_dates

__all__ = ["Figures", "figures_in", "states_date", "states_number", "states_in_table"]

#: Each scale word as a power of ten.
_SCALES = {"k": 3, "thousand": 3, "m": 6, "mn": 6, "million": 6, "bn": 9, "billion": 9}
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.,])(?P<pound>£\s?)?(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|bn|mn|m|k)(?![A-Za-z]))?"
    r"(?:\s?(?P<percent>%|per\s?cent|percent)(?![A-Za-z]))?",
    re.IGNORECASE)
_RANGE = re.compile(r"^\s*(?:-|–|to|and|or)\s*$", re.IGNORECASE)


@dataclass
class Figures:
    """The figures a phrase states: amounts and counts (one list), percentages, dates and financial years.

    Each number keeps the last digit published as its exponent: ``£6.352m`` is ``Decimal("6.352E+6")``
    (6,352,000 to the nearest 1,000), ``£898,000`` is ``Decimal("898000")`` (to the pound, the finest
    reading of its trailing zeros), ``£4m`` is ``Decimal("4E+6")``.
    """

    amounts: list[Decimal] = field(default_factory=list)
    percents: list[Decimal] = field(default_factory=list)
    #: Numbers with a decimal point but no £, scale word or %: a table row's figures (``Derbyshire 102.8``).
    bare: list[Decimal] = field(default_factory=list)
    dates: list[tuple[pd.Timestamp, str]] = field(default_factory=list)
    financial_years: list[str] = field(default_factory=list)


def figures_in(text: str) -> Figures:
    """Read every figure stated in ``text``.

    Amounts and counts: ``£6.352m``, ``6.352 million``, ``£6,352,000``, ``£745k``, ``£1.2bn``,
    ``1,772`` (all numbers that are not percentages, with the scale applied). Percentages:
    ``27.6%``, ``27.6 per cent``. In a range the scale of the second figure applies to the first
    (``£4-5m`` states 4,000,000 and 5,000,000; ``10-15%`` states 10% and 15%). Dates and financial
    years are read by :func:`collab_analysis.years.dates_in` and ``financial_years_in`` and are not
    counted as numbers too.
    """
    figures = Figures(dates=dates_in(text), financial_years=financial_years_in(text))
    rest = without_dates(text)
    tokens = list(_NUMBER.finditer(rest))
    values: list[tuple[Decimal, str | None, bool]] = []
    for match in tokens:
        try:
            number = Decimal(match["num"].replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern lets only digits through
            continue
        scale = (match["scale"] or "").lower() or None
        values.append((number, scale, bool(match["percent"])))
        if not (match["pound"] or scale or match["percent"]) and "." in match["num"]:
            figures.bare.append(number)
    for i in range(len(values) - 1):
        number, scale, percent = values[i]
        between = rest[tokens[i].end():tokens[i + 1].start()]
        if scale is None and not percent and _RANGE.match(between):
            _, next_scale, next_percent = values[i + 1]
            values[i] = (number, next_scale, next_percent)
    for number, scale, percent in values:
        if percent:
            figures.percents.append(number)
        else:
            figures.amounts.append(number.scaleb(_SCALES[scale]) if scale else number)
    return figures


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(float(value))) if isinstance(value, float) \
        else Decimal(str(value))


def states_number(candidates: list[Decimal], value, precision=None) -> bool:
    """Does one of ``candidates`` (from :func:`figures_in`) state ``value`` to the nearest ``precision``?

    ``precision`` is the value of the last digit the row claims (1000 for £6.352m); ``None`` asks
    for the exact figure (a percentage without a precision column). A candidate states the value
    when, rounded to ``precision``, it is the value, and it is published at least that precisely:
    ``£9.487m`` states 9,500,000 to the nearest 100,000, but ``£9.5m`` does not state 9,500,000 to
    the nearest 1,000 (the source does not say the thousands).

    >>> states_number([Decimal("9.487E+6")], 9500000, 100000)
    True
    >>> states_number([Decimal("6.35E+6")], 6352000, 1000)
    False
    >>> states_number([Decimal("9.5E+6")], 9500000, 1000)
    False
    """
    target = _decimal(value)
    step = _decimal(precision) if precision is not None and not pd.isna(precision) else None
    if step is not None and step <= 0:
        step = None
    for candidate in candidates:
        if step is None:
            if candidate == target:
                return True
            continue
        published = Decimal(1).scaleb(candidate.as_tuple().exponent)
        if step >= published and (candidate / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step == target:
            return True
    return False


def states_in_table(bare: list[Decimal], value, precision) -> bool:
    """Does a table row's bare figure state a money ``value`` in £ thousands or £ millions?

    Published tables give money in a unit their heading names ("£ million"), so a row quoted as an
    excerpt reads ``Derbyshire 102.8 123.6``. Such a figure states £102,800,000 when its last digit
    is exactly the row's ``precision`` (102.8 in millions is to the nearest 100,000). Only numbers
    with a decimal point count, so "4 forces" never states £4m.

    >>> states_in_table([Decimal("102.8")], 102800000, 100000)
    True
    >>> states_in_table([Decimal("102.8")], 102800000, 1000)
    False
    """
    if precision is None or pd.isna(precision):
        return False
    target, step = _decimal(value), _decimal(precision)
    for number in bare:
        for power in (3, 6):
            scaled = number.scaleb(power)
            if scaled == target and Decimal(1).scaleb(scaled.as_tuple().exponent) == step:
                return True
    return False


def states_date(candidates: list[tuple[pd.Timestamp, str]], value: pd.Timestamp, precision: str) -> bool:
    """Does one of ``candidates`` state ``value``, a date at ``precision``?

    A candidate states it when it is at least as precise and falls in the date's period: for
    ``2018-05`` (month) ``1 May 2018`` and ``May 2018`` do, ``2018`` does not.
    """
    if pd.isna(value) or precision not in ("day", "month", "year"):
        return True  # no date, nothing to state
    rank = PRECISIONS.index(precision)
    for stamp, found in candidates:
        if PRECISIONS.index(found) > rank:
            continue
        if stamp.year != value.year:
            continue
        if precision == "year" or (stamp.month == value.month and (precision == "month" or stamp.day == value.day)):
            return True
    return False
