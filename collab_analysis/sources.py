"""What a paper may know: which sources were published by a date, and the rows they support.

A paper is *as at* a date (its panel's meeting, or 31 March at its year's end). It states and cites
nothing published after that date. A source dated at month or year precision counts as published
at the **end** of that period (a source dated ``2019`` is usable from 31 December 2019), because the
day it appeared is not known and a paper must never cite something that may not yet exist.

>>> import collab_analysis as ca
>>> tables = ca.load()                                              # doctest: +SKIP
>>> "seed-002" in ca.sources.published_by(tables, "2019-07-22")      # doctest: +SKIP
True
"""
from __future__ import annotations

import weakref

import pandas as pd

from .errors import ParameterError
from .years import financial_year_of, next_year, period_end, to_timestamp


_PUBLISHED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def published(tables) -> pd.Series:
    """Each source's publication date, as the last day it could have appeared (index ``source_id``)."""
    if tables not in _PUBLISHED:
        frame = tables.sources
        ends = [period_end(d, p) for d, p in zip(frame["date"], frame["date_precision"])]
        _PUBLISHED[tables] = pd.Series(ends, index=frame["source_id"].astype(str), dtype="datetime64[ns]")
    return _PUBLISHED[tables]


def published_by(tables, on) -> frozenset[str]:
    """Ids of the sources a paper as at ``on`` may cite."""
    when = published(tables)
    return frozenset(when.index[when <= to_timestamp(on)])


def citable(tables, frame: pd.DataFrame, on) -> pd.DataFrame:
    """The rows of ``frame`` whose source was published by ``on`` (all rows when ``on`` is None)."""
    if on is None or frame.empty:
        return frame
    return frame[frame["source_id"].astype(str).isin(published_by(tables, on))]


def source_row(tables, source_id: str) -> dict:
    """One source as a plain dict (title, publisher, date, date_precision, url, kind, document)."""
    rows = tables.sources[tables.sources["source_id"] == source_id]
    if rows.empty:
        raise KeyError(source_id)
    return {k: (None if pd.isna(v) else v) for k, v in rows.iloc[0].to_dict().items()}


def equals(series: pd.Series, value: str) -> pd.Series:
    """``series == value`` as plain booleans, whatever the column's dtype (category, string with
    missing values): a missing cell is simply not equal."""
    return pd.Series([isinstance(v, str) and v == value for v in series.tolist()], index=series.index, dtype=bool)


def years_covered(tables) -> list[str]:
    """The financial years a paper can be built for: from the year of the oldest source to the year of
    the newest source or meeting (a later year would have nothing to say)."""
    dates = tables.sources["date"].dropna()
    if dates.empty:
        return sorted({str(y) for y in tables.meetings["financial_year"].dropna()})
    first = financial_year_of(dates.min())
    last = max([financial_year_of(dates.max())] + [str(y) for y in tables.meetings["financial_year"].dropna()])
    years = [first]
    while years[-1] < last:
        years.append(next_year(years[-1]))
    return years


def check_year(tables, year: str) -> str:
    """``year`` if the sources cover it, else a ParameterError listing the years that can be built
    (the build and the notebooks give this same message)."""
    years = years_covered(tables)
    if year not in years:
        from .data.cells import did_you_mean

        guess = did_you_mean(year, years, cutoff=0.6)
        raise ParameterError("year", year, years, guess, message=(
            f"no data for the year {year!r}" + (f"; did you mean {guess!r}?" if guess else ".")
            + f" Years with data: {', '.join(years) or 'none'}."))
    return year
