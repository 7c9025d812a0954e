"""Who is in which collaboration, on a date and over time.

The rules every function here follows (and the papers repeat in plain English):

* A membership row counts on date ``d`` when ``start <= d < end``. ``end`` is the first day the
  force is no longer a member (Nottinghamshire leaves EMOpSS: ``end`` 2018-05-01, so it is still a
  member on 30 April 2018 and not on 1 May 2018). A blank ``end`` means "still a member".
* A start written with month or year precision (``2015-03``, ``2015``) counts from the **first day
  of that period** (1 March 2015, 1 January 2015). That is the loader's convention for every date
  column, and it is the only reading that needs no invented day. Papers show the date at the
  precision the source gave ("March 2015", "2015"), never a made-up day.
* A blank ``start`` (the sources do not say when the force joined) counts from ``known_by``, the
  date a source first shows the force as a member. Before ``known_by`` the answer is "unknown",
  not "no": :func:`membership_matrix` says so, :func:`members` leaves the force out.
* ``known_until`` is the last date a source shows a membership whose end the sources do not give
  but cast doubt on (the tri-force alliance "not delivered as planned"; a 2010 project). After it the
  answer is "unknown" again, never a silent "still a member".

>>> import collab_analysis as ca
>>> tables = ca.load()                                        # doctest: +SKIP
>>> ca.members(tables, "emopss", on="2019-06-01")              # doctest: +SKIP
['leicestershire', 'lincolnshire', 'northamptonshire']
"""
from __future__ import annotations

import datetime as _dt
import logging
import re
from typing import Iterable

import pandas as pd

from .errors import ParameterError

log = logging.getLogger(__name__)

MEMBER = "member"
NOT_MEMBER = "not a member"
UNKNOWN = "unknown"

_DATE_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


# ---------------------------------------------------------------------------------------------
# small shared helpers (used by budgets, savings, charts and paper too)
# ---------------------------------------------------------------------------------------------

def to_date(value, name: str = "on") -> pd.Timestamp:
    """Return ``value`` as a ``pandas.Timestamp`` (midnight), reading partial dates as the first day.

    Accepts ``"YYYY-MM-DD"``, ``"YYYY-MM"``, ``"YYYY"``, :class:`datetime.date`,
    :class:`datetime.datetime` and :class:`pandas.Timestamp`.

    Raises
    ------
    ParameterError
        If ``value`` is blank or not one of those forms (a financial year such as ``"2019-20"`` is
        rejected with a hint to use ``budgets.year_end``).
    """
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            raise ParameterError(name, value, message=f"{name} must be a date, not a blank (NaT)")
        return value.normalize().tz_localize(None) if value.tzinfo else value.normalize()
    if isinstance(value, (_dt.datetime, _dt.date)):
        return pd.Timestamp(value).normalize()
    if isinstance(value, str):
        m = _DATE_RE.match(value)
        if m:
            year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
            try:
                return pd.Timestamp(year=year, month=month, day=day)
            except ValueError:
                pass
        hint = ""
        if re.match(r"^\s*\d{4}[-/]\d{2,4}\s*$", value) and not re.match(r"^\s*\d{4}-(0?[1-9]|1[0-2])\s*$", value):
            hint = (" It looks like a financial year: use budgets.year_end(...) for the 31 March at its end.")
        raise ParameterError(name, value, message=(
            f"{name} {value!r} is not a date; write it as YYYY-MM-DD, YYYY-MM or YYYY." + hint))
    raise ParameterError(name, value, message=f"{name} must be a date (YYYY-MM-DD), not {type(value).__name__}")


def _is_blank(value) -> bool:
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and value.strip() == ""


def split_list(value) -> list[str]:
    """Split a ``;`` multi-valued cell into stripped, non-blank items (blank -> ``[]``)."""
    if _is_blank(value):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def resolve_force(tables, force: str) -> str:
    """Return the force id for ``force`` (an id, a name or an alias, any case): :meth:`Tables.resolve_force`.

    Raises
    ------
    ParameterError
        Naming the closest force id ("did you mean ...") and the valid choices.
    """
    return tables.resolve_force(force)


def resolve_collab(tables, collaboration: str) -> str:
    """Return the collab id for ``collaboration`` (an id, short name or name, any case): :meth:`Tables.resolve_collab`.

    Raises
    ------
    ParameterError
        Naming the closest collab id and the valid choices.
    """
    return tables.resolve_collab(collaboration)


def force_name(tables, force_id: str) -> str:
    """The force's display name: :meth:`Tables.force_name`."""
    return tables.force_name(force_id)


def collab_name(tables, collab_id: str) -> str:
    """The collaboration's short display name (short_name, else name): :meth:`Tables.collab_name`."""
    return tables.collab_name(collab_id)


def _as_list(value) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)


def _effective_start(memberships: pd.DataFrame) -> pd.Series:
    """``start``, or ``known_by`` where the start is not known."""
    start = memberships["start"]
    if "known_by" in memberships:
        start = start.fillna(memberships["known_by"])
    return start


def _known_until(memberships: pd.DataFrame) -> pd.Series:
    if "known_until" in memberships:
        return memberships["known_until"]
    return pd.Series(pd.NaT, index=memberships.index, dtype="datetime64[ns]")


def _active_mask(memberships: pd.DataFrame, d: pd.Timestamp) -> pd.Series:
    start = _effective_start(memberships)
    end = memberships["end"]
    until = _known_until(memberships)
    return (start <= d) & (end.isna() | (d < end)) & (until.isna() | (d <= until))


def _unknown_mask(memberships: pd.DataFrame, d: pd.Timestamp) -> pd.Series:
    known_by = memberships["known_by"] if "known_by" in memberships else pd.Series(pd.NaT, index=memberships.index)
    end = memberships["end"]
    until = _known_until(memberships)
    before = memberships["start"].isna() & (d < known_by) & (end.isna() | (d < end))
    after = end.isna() & until.notna() & (d > until) & (_effective_start(memberships) <= d)
    return before | after


# ---------------------------------------------------------------------------------------------
# question functions
# ---------------------------------------------------------------------------------------------

def members(tables, collaboration: str, on) -> list[str]:
    """Force ids that are members of ``collaboration`` on date ``on``, sorted.

    Parameters
    ----------
    tables : Tables
        From :func:`collab_analysis.load`.
    collaboration : str
        A collab id (``"emopss"``), short name or name.
    on : str, date or Timestamp
        ``"YYYY-MM-DD"`` (or a partial date, read as the first day of the period).

    Returns
    -------
    list of str
        Sorted force ids. A force whose start date is not known is counted only from ``known_by``.

    Raises
    ------
    ParameterError
        If the collaboration is unknown or ``on`` is not a date.

    Examples
    --------
    >>> members(tables, "emopss", on="2019-06-01")             # doctest: +SKIP
    ['leicestershire', 'lincolnshire', 'northamptonshire']
    """
    collab_id = resolve_collab(tables, collaboration)
    d = to_date(on)
    ms = tables.memberships
    ms = ms[ms["collab_id"] == collab_id]
    active = ms[_active_mask(ms, d).fillna(False).astype(bool)]
    return sorted({str(f) for f in active["force_id"]})


def membership_matrix(tables, on, forces: Iterable[str] | None = None,
                      collaborations: Iterable[str] | None = None) -> pd.DataFrame:
    """Who is a member of what on date ``on``, as a grid.

    Parameters
    ----------
    tables : Tables
    on : str, date or Timestamp
        The date to read membership on (a financial year is read as at its 31 March:
        ``budgets.year_end("2019-20")``).
    forces : list of str, optional
        Columns, in this order. Default: every force that has ever been a member of one of the
        collaborations shown, in the order of the forces table.
    collaborations : list of str, optional
        Rows, in this order. Default: every collaboration, in the order of the collaborations table.

    Returns
    -------
    pandas.DataFrame
        Index ``collab_id``, columns ``force_id``, values ``"member"``, ``"not a member"`` or
        ``"unknown"`` (a source shows the force as a member only later, on ``known_by``, and the
        start date is not known).
    """
    d = to_date(on)
    collab_ids = ([resolve_collab(tables, c) for c in _as_list(collaborations)]
                  if collaborations is not None else [str(c) for c in tables.collaborations["collab_id"]])
    ms = tables.memberships
    ms = ms[ms["collab_id"].isin(collab_ids)]
    if forces is not None:
        force_ids = [resolve_force(tables, f) for f in _as_list(forces)]
    else:
        ever = set(str(f) for f in ms["force_id"])
        force_ids = [str(f) for f in tables.forces["force_id"] if str(f) in ever]
        force_ids += sorted(ever - set(force_ids))
    active = ms[_active_mask(ms, d).fillna(False).astype(bool)]
    unknown = ms[_unknown_mask(ms, d).fillna(False).astype(bool)]
    active_pairs = set(zip(active["collab_id"].astype(str), active["force_id"].astype(str)))
    unknown_pairs = set(zip(unknown["collab_id"].astype(str), unknown["force_id"].astype(str)))
    data = []
    for c in collab_ids:
        row = []
        for f in force_ids:
            if (c, f) in active_pairs:
                row.append(MEMBER)
            elif (c, f) in unknown_pairs:
                row.append(UNKNOWN)
            else:
                row.append(NOT_MEMBER)
        data.append(row)
    out = pd.DataFrame(data, index=pd.Index(collab_ids, name="collab_id"),
                       columns=pd.Index(force_ids, name="force_id"), dtype="string")
    return out


def membership_changes(tables, start, end) -> pd.DataFrame:
    """Joins and withdrawals after ``start`` up to and including ``end``.

    A change on day ``x`` is listed when ``start < x <= end``: exactly the changes that make
    ``members(..., on=start)`` differ from ``members(..., on=end)``. Memberships whose start date
    is not known are not listed as joins (the sources do not say when they happened).

    Returns
    -------
    pandas.DataFrame
        Columns ``collab_id, force_id, change`` (``"joined"`` or ``"left"``), ``date``,
        ``date_precision``, ``source_id``, ``locator``, ``status``, ``note``; sorted by date.
    """
    a, b = to_date(start, "start"), to_date(end, "end")
    if b < a:
        raise ParameterError("end", end, message=f"end {end!r} is before start {start!r}; swap them.")
    ms = tables.memberships
    rows = []
    for kind, col in (("joined", "start"), ("left", "end")):
        sel = ms[(ms[col] > a) & (ms[col] <= b)]
        for _, r in sel.iterrows():
            rows.append({
                "collab_id": r["collab_id"], "force_id": r["force_id"], "change": kind,
                "date": r[col], "date_precision": r.get(f"{col}_precision", pd.NA),
                "source_id": r.get("source_id", pd.NA), "locator": r.get("locator", pd.NA),
                "status": r.get("status", pd.NA), "note": r.get("note", pd.NA),
            })
    cols = ["collab_id", "force_id", "change", "date", "date_precision", "source_id", "locator", "status", "note"]
    out = pd.DataFrame(rows, columns=cols)
    out["date"] = pd.to_datetime(out["date"])
    for c in ("collab_id", "force_id", "change", "source_id", "locator", "status", "note", "date_precision"):
        out[c] = out[c].astype("string")
    return out.sort_values(["date", "collab_id", "force_id"], kind="stable").reset_index(drop=True)


def timeline(tables, forces: Iterable[str] | str | None = None,
             collaborations: Iterable[str] | str | None = None) -> pd.DataFrame:
    """Membership intervals, ready for a Gantt chart.

    Parameters
    ----------
    forces, collaborations : str or list of str, optional
        Keep only these (ids, names or aliases). Default: all.

    Returns
    -------
    pandas.DataFrame
        One row per membership: ``collab_id, force_id, start, start_precision, end,
        end_precision, known_by, known_by_precision, known_until, known_until_precision,
        start_known`` (bool), ``draw_start`` (``start``, or ``known_by``
        when the start is not known), ``source_id, locator, status, note``. Sorted by collaboration
        (table order), then start.
    """
    ms = tables.memberships.copy()
    if forces is not None:
        ids = [resolve_force(tables, f) for f in _as_list(forces)]
        ms = ms[ms["force_id"].isin(ids)]
    if collaborations is not None:
        ids = [resolve_collab(tables, c) for c in _as_list(collaborations)]
        ms = ms[ms["collab_id"].isin(ids)]
    out = pd.DataFrame({
        "collab_id": ms["collab_id"].astype("string"),
        "force_id": ms["force_id"].astype("string"),
        "start": ms["start"],
        "start_precision": ms.get("start_precision", pd.Series(pd.NA, index=ms.index)).astype("string"),
        "end": ms["end"],
        "end_precision": ms.get("end_precision", pd.Series(pd.NA, index=ms.index)).astype("string"),
        "known_by": ms["known_by"] if "known_by" in ms else pd.Series(pd.NaT, index=ms.index),
        "known_by_precision": (ms["known_by_precision"].astype("string") if "known_by_precision" in ms
                               else pd.Series(pd.NA, index=ms.index, dtype="string")),
        "known_until": _known_until(ms),
        "known_until_precision": (ms["known_until_precision"].astype("string") if "known_until_precision" in ms
                                  else pd.Series(pd.NA, index=ms.index, dtype="string")),
    })
    out["start_precision"] = out["start_precision"].where(out["start"].notna(), "unknown")
    out["start_known"] = out["start"].notna()
    out["draw_start"] = out["start"].fillna(out["known_by"])
    for c in ("source_id", "locator", "status", "note"):
        out[c] = ms[c].astype("string") if c in ms else pd.Series(pd.NA, index=ms.index, dtype="string")
    order = {str(c): i for i, c in enumerate(tables.collaborations["collab_id"])}
    out["_o"] = out["collab_id"].map(lambda c: order.get(str(c), len(order)))
    out = out.sort_values(["_o", "draw_start", "force_id"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def ever_members(tables, collab_id: str) -> list[str]:
    """Every force that has ever been (or is recorded as) a member of ``collab_id``, sorted."""
    ms = tables.memberships
    return sorted({str(f) for f in ms.loc[ms["collab_id"] == collab_id, "force_id"]})


def collaborations_of(tables, force_id: str, on=None) -> list[str]:
    """Collab ids the force is a member of on ``on`` (default: ever), in collaborations-table order."""
    ms = tables.memberships
    ms = ms[ms["force_id"] == force_id]
    if on is not None:
        ms = ms[_active_mask(ms, to_date(on)).fillna(False).astype(bool)]
    have = set(str(c) for c in ms["collab_id"])
    return [str(c) for c in tables.collaborations["collab_id"] if str(c) in have]
