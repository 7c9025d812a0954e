"""STAND-INS, replaced at merge: the other streams' contracts, as small as publishing needs them.

Everything here exists only because the modules that own it have not landed in this branch yet:

- ``collab_analysis.years`` (data stream): ``parse_financial_year``, ``financial_year_bounds``,
  ``format_date``;
- ``collab_analysis.meetings`` (data stream): ``Meeting``, ``cycle_year``, ``meeting_for``,
  ``papers_for_cycle``;
- ``collab_analysis.paper.facts`` / ``overview_facts`` (the lead's rewrite): ``PaperFacts`` with
  ``digest()``, ``to_json()`` and ``title``. Until then :func:`_provisional_digest` builds a digest
  from the table rows that concern one force, so a change to one force's figure leaves the other
  forces' digests as they were.

Each name is taken from its real module when that module has it, so the stand-in retires itself;
the lead deletes this file at merge and imports the real names in ``plan.py`` and ``build.py``.
Pure Python at import time: a build with nothing to do must not import pandas.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from ..errors import ParameterError

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


# ----------------------------------------------------------------------------- years (stand-in)

def _parse_financial_year(text) -> str:
    """``"2019/20"``, ``"2019-2020"`` -> ``"2019-20"``; anything else is a ParameterError."""
    value = str(text).strip()
    m = re.fullmatch(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})", value)
    if m:
        start, end = int(m.group(1)), m.group(2)
        end_full = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_full == start + 1:
            return f"{start}-{end_full % 100:02d}"
    raise ParameterError("year", value, message=f"{value!r} is not a financial year; write it as 2019-20")


def _financial_year_bounds(financial_year: str) -> tuple[dt.date, dt.date]:
    start = int(_parse_financial_year(financial_year)[:4])
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)


def _format_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


try:  # the data stream's module, once merged
    from ..years import financial_year_bounds, format_date, parse_financial_year  # type: ignore
except ImportError:
    parse_financial_year, financial_year_bounds, format_date = (_parse_financial_year, _financial_year_bounds,
                                                                _format_date)


# -------------------------------------------------------------------------- meetings (stand-in)

@dataclass(frozen=True)
class _Meeting:
    force_id: str
    financial_year: str
    as_at: dt.date
    date_given: bool = False
    agenda_item: str | None = None
    title: str | None = None
    author: str | None = None
    recommendation: str | None = None


def _meetings_frame(tables):
    return getattr(tables, "meetings", None)


def _blank(value) -> bool:
    if value is None:
        return True
    try:
        if value != value:  # NaN, NaT
            return True
    except (TypeError, ValueError):
        pass
    return str(value).strip() in ("", "<NA>", "NaT", "nan")


def _cycle_year(tables) -> str | None:
    """The latest financial year in the meetings table; without one, the year with the most forces'
    itemised contributions (ties: the later year)."""
    meetings = _meetings_frame(tables)
    if meetings is not None and len(meetings):
        return max(str(y) for y in meetings["financial_year"])
    forces_by_year: dict[str, set] = {}
    for force, year in zip(tables.budgets["force_id"], tables.budgets["financial_year"]):
        forces_by_year.setdefault(str(year), set()).add(str(force))
    if not forces_by_year:
        return None
    return max(forces_by_year, key=lambda y: (len(forces_by_year[y]), y))


def _meeting_for(tables, force_id: str, financial_year: str) -> _Meeting:
    year_end = _financial_year_bounds(financial_year)[1]
    meetings = _meetings_frame(tables)
    if meetings is not None:
        rows = meetings[(meetings["force_id"].astype(str) == force_id)
                        & (meetings["financial_year"].astype(str) == financial_year)]
        if len(rows):
            row = rows.iloc[0]
            date = row.get("meeting_date")
            given = not _blank(date)
            as_at = (date.date() if hasattr(date, "date") else dt.date.fromisoformat(str(date)[:10])) if given \
                else year_end
            text = {k: (None if _blank(row.get(k)) else str(row.get(k)))
                    for k in ("agenda_item", "title", "author", "recommendation")}
            return _Meeting(force_id, financial_year, as_at, given, **text)
    return _Meeting(force_id, financial_year, year_end)


def _papers_for_cycle(tables, financial_year: str) -> list[_Meeting]:
    forces = tables.forces
    return [_meeting_for(tables, str(f), financial_year)
            for f, panel in zip(forces["force_id"], forces["panel_name"]) if not _blank(panel)]


try:
    from ..meetings import Meeting, cycle_year, meeting_for, papers_for_cycle  # type: ignore
except ImportError:
    Meeting, cycle_year, meeting_for, papers_for_cycle = _Meeting, _cycle_year, _meeting_for, _papers_for_cycle


# ----------------------------------------------------------------------------- facts (stand-in)

class ProvisionalFacts:
    """What publishing needs of ``PaperFacts``: ``title``, ``digest()``, ``to_json()``, ``tables_used``."""

    def __init__(self, title: str, digest: dict[str, str], tables_used: list[str]):
        self.title, self._digest, self.tables_used = title, digest, tables_used

    def digest(self) -> dict[str, str]:
        return dict(self._digest)

    def to_json(self) -> str:
        return json.dumps({"title": self.title, "digest": self._digest}, sort_keys=True, indent=1,
                          ensure_ascii=False)


def _text(value) -> str:
    if _blank(value):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _row_text(row: dict, skip=()) -> str:
    return "; ".join(f"{k} {_text(v)}" for k, v in sorted(row.items()) if k not in skip and _text(v))


def _provisional_digest(tables, force_id: str | None, financial_year: str, as_at: dt.date,
                        region: str | None = None) -> tuple[dict[str, str], list[str]]:
    """A flat digest of the rows a paper for ``force_id`` (None: the region's overview) can show.

    The panel paper shows its own force's figures, and the region's memberships and events (the
    matrix and timeline); the overview shows everything in the region.
    """
    forces = tables.forces
    region_of = {str(f): str(r) for f, r in zip(forces["force_id"], forces["region"])}
    region = region or (region_of.get(force_id) if force_id else "east-midlands")
    in_region = {f for f, r in region_of.items() if r == region}
    mine = {force_id} if force_id else in_region
    collabs = tables.collaborations
    regional = {str(c) for c, r in zip(collabs["collab_id"], collabs["region"]) if str(r) == region}
    regional |= {str(c) for c, f in zip(tables.memberships["collab_id"], tables.memberships["force_id"])
                 if str(f) in in_region}
    digest: dict[str, str] = {"as at": as_at.isoformat(), "financial year": financial_year}
    used: set[str] = set()
    cited: set[str] = set()

    def add(label: str, table: str, row: dict) -> None:
        key, n = label, 1
        while key in digest:
            n += 1
            key = f"{label} ({n})"
        digest[key] = _row_text(row)
        used.add(table)
        if not _blank(row.get("source_id")):
            cited.add(str(row["source_id"]))

    def rows(table: str, keep):
        frame = getattr(tables, table, None)
        if frame is None:
            return []
        return [r for r in frame.to_dict("records") if keep(r)]

    name = tables.collab_name
    for r in rows("forces", lambda r: str(r["force_id"]) in mine):
        add(f"force {r['force_id']}", "forces", r)
    for r in rows("collaborations", lambda r: str(r["collab_id"]) in regional):
        add(f"collaboration {name(str(r['collab_id']))}", "collaborations", r)
    for r in rows("memberships", lambda r: str(r["collab_id"]) in regional):
        add(f"membership {name(str(r['collab_id']))} {tables.force_name(str(r['force_id']))}", "memberships", r)
    for r in rows("events", lambda r: str(r["collab_id"]) in regional):
        add(f"event {r['event_id']}", "events", r)
    for r in rows("budgets", lambda r: str(r["force_id"]) in mine):
        label = f"contribution {name(str(r['collab_id']))} {r['financial_year']}"
        add(label if force_id else f"{label} {tables.force_name(str(r['force_id']))}", "budgets", r)
    for r in rows("budget_totals", lambda r: str(r["force_id"]) in mine):
        add(f"total {r['total_id']}", "budget_totals", r)
    for r in rows("cost_shares", lambda r: str(r["force_id"]) in mine):
        add(f"cost share {name(str(r['collab_id']))} {r['force_id']} {r['period']}", "cost_shares", r)
    for r in rows("context", lambda r: str(r["force_id"]) in mine):
        add(f"context {r['context_id']}", "context", r)
    for r in rows("savings", lambda r: str(r.get("force_id")) in mine or str(r.get("region")) == region
                  or bool(mine & set(str(r.get("forces") or "").split(";")))):
        add(f"saving {r['saving_id']}", "savings", r)
    for r in rows("meetings", lambda r: str(r["force_id"]) in mine and str(r["financial_year"]) == financial_year):
        add(f"meeting {r['force_id']} {r['financial_year']}", "meetings", r)
    for r in rows("sources", lambda r: str(r["source_id"]) in cited):
        add(f"source {r['source_id']}", "sources", r)
    return digest, sorted(used)


def _provisional_facts(tables, force_id: str | None, financial_year: str, as_at: dt.date,
                       region: str) -> ProvisionalFacts:
    digest, used = _provisional_digest(tables, force_id, financial_year, as_at, None if force_id else region)
    if force_id:
        panel = tables.forces.loc[tables.forces["force_id"] == force_id, "panel_name"].iloc[0]
        title = f"Cross-force collaboration: paper for the {panel}, {financial_year}"
    else:
        title = (f"Cross-force collaboration in the {region.replace('-', ' ').title()}: "
                 f"regional overview, {financial_year}")
    return ProvisionalFacts(title, digest, used)


def paper_facts(tables, force_id: str | None, financial_year: str, meeting_date: dt.date,
                editions_dir=None, region: str = "east-midlands"):
    """The paper's facts: the lead's ``paper.facts``/``overview_facts`` when present, else the stand-in."""
    from .. import paper

    if force_id is not None and hasattr(paper, "facts"):
        return paper.facts(tables, force_id, financial_year, meeting_date, editions_dir=editions_dir)
    if force_id is None and hasattr(paper, "overview_facts"):
        return paper.overview_facts(tables, financial_year, meeting_date, region=region)
    return _provisional_facts(tables, force_id, financial_year, meeting_date, region)
