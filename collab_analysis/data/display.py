"""Figures for people to read: money and percentages as papers and messages write them.

The inverse of :mod:`cells`: ``cells.parse_money("£6.352m")`` is 6352000, and
``format_gbp(6352000, "published")`` is ``"£6.352m"``. Dates are formatted by
:func:`collab_analysis.years.format_date`.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..errors import ParameterError

__all__ = ["format_gbp", "format_pct", "pounds"]


def _is_missing(value) -> bool:
    """None, NaN, NaT or pd.NA (a number that is not there)."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _strip(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_gbp(amount, style: str = "short") -> str:
    """Money for people to read.

    Parameters
    ----------
    amount : int
        Whole pounds. A missing value gives "not published in the sources held", never "£0".
    style : {"short", "published", "exact"}
        ``"short"``: ``£6.35m`` (two decimals at most, trailing zeros dropped: ``£4m``, ``£10.5m``),
        ``£745k`` below £1m, exact pounds below £10,000. ``"published"``: as a document writes a
        figure it knows to the thousand (``£9.487m``, ``£187.1m``, ``£745k``), exact otherwise.
        ``"exact"``: ``£9,487,000``.

    Examples
    --------
    >>> format_gbp(6352000)
    '£6.35m'
    >>> format_gbp(745000)
    '£745k'
    >>> format_gbp(9487000, "exact")
    '£9,487,000'
    >>> format_gbp(187100000, "published")
    '£187.1m'
    """
    if _is_missing(amount):
        return "not published in the sources held"
    value = int(amount)
    sign = "-" if value < 0 else ""
    a = abs(value)
    if style == "exact":
        return f"{sign}£{a:,}"
    if style == "published":
        if a >= 1_000_000 and a % 1000 == 0:
            return f"{sign}£{_strip(Decimal(a) / Decimal(1_000_000))}m"
        if 1000 <= a < 1_000_000 and a % 1000 == 0:
            return f"{sign}£{a // 1000}k"
        return f"{sign}£{a:,}"
    if style != "short":
        raise ParameterError("style", style, choices=["short", "published", "exact"])
    if a >= 1_000_000_000:
        d = (Decimal(a) / Decimal(10**9)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{sign}£{_strip(d)}bn"
    if a >= 1_000_000:
        d = (Decimal(a) / Decimal(10**6)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{sign}£{_strip(d)}m"
    if a >= 10_000:
        k = (Decimal(a) / Decimal(1000)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        if k >= 1000:
            return f"{sign}£1m"
        return f"{sign}£{k}k"
    return f"{sign}£{a:,}"


def format_pct(value, places: int = 0) -> str:
    """``66.95`` -> ``"67%"`` (half up, as people round); ``format_pct(5.0705, 2)`` -> ``"5.07%"``."""
    if _is_missing(value):
        return "not published in the sources held"
    q = Decimal(1).scaleb(-places)
    return f"{Decimal(str(float(value))).quantize(q, rounding=ROUND_HALF_UP)}%"




def pounds(amount) -> str:
    """Money in a message, to the pound: ``pounds(9487000)`` -> ``"£9,487,000"``."""
    return format_gbp(int(amount), "exact")
