"""The paper's "what we are part of": the membership grid as at the paper's date, one count, and the
year's changes.

The grid shows the region's collaborations that any source published by the paper's date mentions,
each parent with those of its branches whose membership differs from it, and collaborations outside
the region that the force is shown in. A cell is one of the four states of
:mod:`collab_analysis.membership`; a qualifier the source attaches ("to a lesser extent", "appears
to have left", "through EMCHRS OH") is shown as a lettered mark beside the cell.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import events as _events
from .. import membership as ms
from ..sources import published_by
from ..years import format_date
from .context import Context
from .model import Note, text
from .render import Section
from .words import and_list, how_many_of

LABELS = {ms.MEMBER: "Yes", ms.NOT_MEMBER: "No", ms.NOT_KNOWN: "Not known", ms.DIFFER: "Sources differ"}
MAX_ROWS = 30


@dataclass(frozen=True)
class Cell:
    force_id: str
    state: str
    label: str
    mark: str                 # a letter pointing to a qualifier below the grid, or ""
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Row:
    collab_id: str
    name: str
    full_name: str
    branch_of: str            # the parent's short name, for a branch row
    cells: tuple[Cell, ...]
    others: str               # members outside the grid's columns ("Cheshire Constabulary")


@dataclass(frozen=True)
class Change:
    force: str
    collab: str
    before: str
    after: str
    kind: str                 # "left", "joined", "differ"
    when: str                 # "1 May 2018", or "" when no source dates it
    words: str                # the change as a clause: "left EMOpSS on 1 May 2018"
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Membership(Section):
    template = "membership.html.j2"

    force_id: str | None
    subject: str                      # "Leicestershire Police" or "the region's forces"
    as_at: pd.Timestamp
    region_name: str
    columns: tuple[tuple[str, str], ...]   # (force_id, heading)
    rows: tuple[Row, ...]
    marks: tuple[tuple[str, str], ...]     # (letter, what it means)
    count: int
    counted: int
    count_names: tuple[str, ...]
    unsure: tuple[tuple[str, str], ...]     # (parent, "doubt" or "differ") where the force's state is unclear
    national: tuple[tuple[str, tuple[Note, ...]], ...]
    changes: tuple[Change, ...]
    since: pd.Timestamp
    omitted: int                            # rows beyond MAX_ROWS, grouped and said so
    ended: tuple[tuple[str, str, tuple[Note, ...]], ...] = ()   # (name, when, notes): no longer running

    @property
    def taking_part(self) -> str:
        """"three of the five collaborations", "both collaborations": the force's share of the grid."""
        return how_many_of(self.count, self.counted, "collaboration")


def _read(ctx: Context, collab_id: str, force_id: str, on=None) -> ms.Reading:
    """A membership on ``on`` (default the paper's date) as known at the paper's date."""
    return ms.reading(ctx.tables, collab_id, force_id, ctx.as_at if on is None else on, known_by=ctx.as_at)


def _grid_collabs(ctx: Context, usable: set[str]) -> tuple[list[str], list[str]]:
    """(regional and cross-region rows, national ones) with evidence published by the paper's date."""
    tables = ctx.tables
    rows = tables.memberships[tables.memberships["source_id"].isin(usable)]
    parent = {str(k): text(v) for k, v in zip(tables.collaborations["collab_id"], tables.collaborations["parent_id"])}
    lift = lambda cid: parent.get(cid) or cid  # noqa: E731  (a branch's evidence shows its parent)
    seen = {lift(c) for c in rows["collab_id"]}
    # the force's own collaborations; in the overview, those of any force in the region (MFSS, cross-region)
    ours = (rows["force_id"] == ctx.force_id) if ctx.force_id else \
        rows["force_id"].isin(tables.forces.loc[tables.forces["region"] == ctx.region, "force_id"])
    mine = {lift(c) for c in rows.loc[ours, "collab_id"]}
    grid, national = [], []
    for _, c in tables.collaborations.iterrows():
        cid = c["collab_id"]
        if cid not in seen or text(c["parent_id"]):
            continue
        if text(c["scope"]) == "national":
            if cid in mine and ctx.force_id:
                national.append(cid)
        elif text(c["region"]) == ctx.region or cid in mine:
            grid.append(cid)
    return grid, national


def _cell(ctx: Context, reading: ms.Reading, marks: dict[str, str]) -> Cell:
    words = reading.qualifier
    if reading.via:
        words = (words + "; " if words else "") + f"through {ctx.short(reading.via)}"
    if reading.state == ms.DIFFER:
        # say what each side says, when, and about which part (a branch, or the parent)
        words = (words + "; " if words else "") + _sides(ctx, reading)
    stale = pd.Timedelta(days=3 * 366)
    if reading.state == ms.MEMBER and reading.last_shown is not None and ctx.as_at - reading.last_shown > stale:
        words = (words + "; " if words else "") + f"last shown {format_date(reading.last_shown, 'year')}"
    newest = max((e.effective for e in reading.evidence), default=None)
    if reading.state == ms.NOT_MEMBER and newest is not None and ctx.as_at - newest > stale:
        words = (words + "; " if words else "") + f"as at {format_date(newest, 'year')}"
    mark = ""
    if words:
        mark = marks.setdefault(words, "abcdefghijklmnopqrstuvwxyz"[len(marks) % 26])
    # a cell cites the newest statement that decides it (both sides where the sources differ), each
    # source and place once
    cited = reading.evidence if reading.state == ms.DIFFER else reading.evidence[-1:]
    if reading.via and reading.state != ms.DIFFER:      # "through EMCHRS L&D" cites what says so
        cited = [e for e in reading.evidence if e.via == reading.via][-1:] or cited
    notes = tuple(dict.fromkeys(ctx.cite.cite(e.source_id, e.locator, e.excerpt, e.status) for e in cited))
    return Cell(reading.force_id, reading.state, LABELS[reading.state], mark, notes)


_IN = ("joined", "member")


def _side(ctx: Context, reading: ms.Reading, inside: bool) -> str:
    """Who says a force is in (or not in): "sources of 31 January 2018 and 4 June 2018 (about EMCHRS OH)"."""
    side = [e for e in reading.evidence if (e.evidence in _IN) == inside]
    if not side:
        return ""
    dates = sorted({e.date: format_date(e.date, e.precision if e.precision in ("day", "month") else "year")
                    for e in side}.items())
    many = len({e.source_id for e in side}) > 1
    about = sorted({ctx.short(e.via) for e in side if e.via})
    return (f"{'sources' if many else 'a source'} of {and_list(d for _, d in dates)}"
            + (f" (about {and_list(about)})" if about else ""))


def _sides(ctx: Context, reading: ms.Reading) -> str:
    """"in: sources of 2018 (about EMCHRS OH); not in: a source of 22 July 2019"."""
    parts = [f"{label}: {who}" for label, who in (("in", _side(ctx, reading, True)),
                                                  ("not in", _side(ctx, reading, False))) if who]
    return "; ".join(parts)


def _others(ctx: Context, collab_id: str, columns: list[str]) -> str:
    """Members outside the grid's columns, with the year they were last shown when that is years ago
    ("as at 2010, Bedfordshire Police, ...")."""
    named = set(ctx.tables.memberships.loc[ctx.tables.memberships["collab_id"] == collab_id, "force_id"])
    readings = [r for r in (_read(ctx, collab_id, f) for f in sorted(named - set(columns))) if r.is_member]
    if not readings:
        return ""
    names = ", ".join(ctx.force_name(r.force_id) for r in readings)
    shown = [r.last_shown for r in readings if r.last_shown is not None]
    if shown and ctx.as_at - max(shown) > pd.Timedelta(days=3 * 366):
        return f"in {format_date(max(shown), 'year')}: {names}"
    return names


def membership(ctx: Context, since: pd.Timestamp) -> Membership:
    """The membership section of a paper (or, with no force, of the regional overview)."""
    tables = ctx.tables
    usable = published_by(tables, ctx.as_at)
    grid, national = _grid_collabs(ctx, usable)
    # a collaboration that had ended by the paper's date leaves the grid: a row of "No" or "Not known"
    # would read as today's membership of something that no longer exists
    gone = _events.ended(tables, as_at=ctx.as_at)
    gone = gone[gone["collab_id"].isin(grid)]
    grid = [cid for cid in grid if cid not in set(gone["collab_id"])]
    ended = tuple((ctx.short(r["collab_id"]), format_date(r["date"], r["date_precision"]) if pd.notna(r["date"])
                   else "by " + format_date(r["when"], "day"), (ctx.cite.row(r),)) for _, r in gone.iterrows())
    columns = [f for f in ctx.region_forces()
               if f in set(tables.memberships.loc[tables.memberships["collab_id"].isin(grid), "force_id"])]
    if ctx.force_id and ctx.force_id not in columns:
        columns.insert(0, ctx.force_id)
    marks: dict[str, str] = {}
    rows: list[Row] = []
    count, names, unsure = 0, [], []
    for cid in grid:
        readings = [_read(ctx, cid, f) for f in columns]
        cells = tuple(_cell(ctx, r, marks) for r in readings)
        info = ctx.collab(cid)
        rows.append(Row(cid, ctx.short(cid), info.get("name", cid), "", cells, _others(ctx, cid, columns)))
        for branch in ms.branches_of(tables, cid):
            b_readings = [_read(ctx, branch, f) for f in columns]
            states = [r.state for r in b_readings]
            if states != [c.state for c in cells] and any(s != ms.NOT_KNOWN for s in states):
                b_cells = tuple(_cell(ctx, r, marks) for r in b_readings)
                rows.append(Row(branch, ctx.short(branch), ctx.collab(branch).get("name", branch), ctx.short(cid),
                                b_cells, ""))
        if ctx.force_id:
            mine = readings[columns.index(ctx.force_id)]
            if mine.is_member:
                count += 1
                names.append(ctx.short(cid))
            elif mine.state in (ms.NOT_KNOWN, ms.DIFFER) and any(e.force_id == ctx.force_id for e in mine.evidence):
                unsure.append((ctx.short(cid), "differ" if mine.state == ms.DIFFER else "doubt"))
    nat = []
    for cid in national:
        r = _read(ctx, cid, ctx.force_id)
        if r.is_member:
            nat.append((ctx.short(cid), tuple(ctx.cite.cite(e.source_id, e.locator, e.excerpt, e.status)
                                               for e in r.evidence)))
    omitted = max(0, len(rows) - MAX_ROWS)
    return Membership(
        force_id=ctx.force_id, subject=ctx.force_name() if ctx.force_id else f"the {ctx.region_name()} forces",
        as_at=ctx.as_at, region_name=ctx.region_name(),
        columns=tuple((f, ctx.force_label(f)) for f in columns), rows=tuple(rows[:MAX_ROWS]),
        marks=tuple((letter, words) for words, letter in marks.items()), count=count,
        counted=sum(1 for r in rows if not r.branch_of), count_names=tuple(names), unsure=tuple(unsure),
        national=tuple(nat), changes=tuple(changes(ctx, grid, columns, since)), since=since, omitted=omitted,
        ended=ended)


_FINEST = ("day", "month", "year")
_CHANGES = {
    (ms.MEMBER, ms.NOT_MEMBER): "left", (ms.NOT_MEMBER, ms.MEMBER): "joined",
    (ms.MEMBER, ms.DIFFER): "differ", (ms.NOT_MEMBER, ms.DIFFER): "differ",
}
# A member becoming "not known" is not listed as a change: it is the evidence ageing or a source's
# doubt, not something a source says happened; the section's summary names those collaborations.


def changes(ctx: Context, grid: list[str], columns: list[str], since: pd.Timestamp) -> list[Change]:
    """Cells whose state changed between ``since`` and the paper's date (as known at the paper's
    date): joins, withdrawals and disagreements."""
    out = []
    for cid in grid:
        for f in columns:
            before, after = _read(ctx, cid, f, since), _read(ctx, cid, f)
            kind = _CHANGES.get((before.state, after.state))
            if not kind:
                continue
            dated = sorted((e for e in after.evidence if e.evidence == ("left" if kind == "left" else "joined")),
                           key=lambda e: _FINEST.index(e.precision) if e.precision in _FINEST else 9)
            when = format_date(dated[0].date, dated[0].precision) if dated else ""
            name = ctx.short(cid)
            words = {"left": f"left {name}" + (f" ({when})" if when else ""),
                     "joined": f"joined {name}" + (f" ({when})" if when else ""),
                     "differ": (f"is not in {name} according to {_side(ctx, after, False)}, though earlier "
                                f"sources show it in: the sources differ" if before.state == ms.MEMBER else
                                f"is in {name} according to {_side(ctx, after, True)}, though earlier "
                                f"sources show it not in: the sources differ")}[kind]
            notes = tuple(ctx.cite.cite(e.source_id, e.locator, e.excerpt, e.status) for e in after.evidence)
            out.append(Change(ctx.force_name(f), name, LABELS[before.state], LABELS[after.state], kind, when, words, notes))
    return out
