"""The cycle: which financial year the papers are for, and each panel's meeting (the paper's date).

The secretariat fills in ``meetings.csv`` each cycle. A paper is *as at* its panel's meeting date,
or, when the date is blank or the panel has no row for the year, 31 March at the year's end. The
cycle's year is the latest year in the table, so every panel's paper in a cycle is for the same
year. Nothing here reads the clock: the same tables always give the same dates.

>>> import collab_analysis as ca
>>> from collab_analysis import meetings
>>> tables = ca.load()                                                # doctest: +SKIP
>>> year = meetings.cycle_year(tables)                                 # doctest: +SKIP
>>> [m.as_at for m in meetings.papers_for_cycle(tables, year)][:2]     # doctest: +SKIP
[datetime.date(2020, 3, 31), datetime.date(2019, 7, 22)]
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .errors import ParameterError
from .forces import force_name, panels, resolve_force
from .years import as_at_default, financial_year_parameter

__all__ = ["Meeting", "cycle_year", "meeting_for", "papers_for_cycle"]


@dataclass(frozen=True)
class Meeting:
    """One panel's meeting for a financial year: the date its paper is as at, and what the paper is for.

    ``date_given`` is False when ``as_at`` is the year's last day because no meeting date is known.
    Text fields are ``None`` when blank; the provenance fields say where a recorded meeting comes from.
    """

    force_id: str
    financial_year: str
    as_at: dt.date
    date_given: bool
    agenda_item: str | None = None
    title: str | None = None
    author: str | None = None
    recommendation: str | None = None
    purpose: str | None = None
    source_id: str | None = None
    locator: str | None = None
    excerpt: str | None = None
    status: str | None = None


def cycle_year(tables) -> str | None:
    """The financial year of the current cycle: the latest year in the meetings table (``None`` if empty)."""
    years = [str(y) for y in tables.meetings["financial_year"].dropna()]
    return max(years) if years else None


def _year(financial_year: str) -> str:
    return financial_year_parameter(financial_year)


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) or str(value) == "" else str(value)


def meeting_for(tables, force_id: str, financial_year: str) -> Meeting:
    """The meeting a panel's paper for ``financial_year`` is for (the force may be named by an alias).

    Raises
    ------
    ParameterError
        When the force is unknown or has no panel, or the year is not a financial year.
    """
    force = resolve_force(tables, force_id)
    year = _year(financial_year)
    if force not in {f for f, _, _ in panels(tables)}:
        raise ParameterError("force", force_id, [f for f, _, _ in panels(tables)], message=(
            f"{force_name(tables, force)} has no panel_name in forces.csv, so it has no panel paper; choose one of "
            + ", ".join(f for f, _, _ in panels(tables))))
    frame = tables.meetings
    match = frame[(frame["force_id"] == force) & (frame["financial_year"] == year)]
    if match.empty:
        return Meeting(force_id=force, financial_year=year, as_at=as_at_default(year), date_given=False)
    row = match.iloc[0]
    given = not pd.isna(row["meeting_date"])
    return Meeting(force_id=force, financial_year=year,
                   as_at=row["meeting_date"].date() if given else as_at_default(year), date_given=given,
                   **{name: _text(row[name]) for name in ("agenda_item", "title", "author", "recommendation",
                                                          "purpose", "source_id", "locator", "excerpt", "status")})


def papers_for_cycle(tables, financial_year: str) -> list[Meeting]:
    """One meeting per panel (every force with a ``panel_name``, in forces.csv order) for the year."""
    year = _year(financial_year)
    return [meeting_for(tables, force, year) for force, _, _ in panels(tables)]
