"""The paper's developments: what happened, and what the sources found, about the force's collaborations.

The body shows the key developments since the last paper (or, before any paper was issued, since the
start of the previous financial year); an appendix lists every other development the sources report
up to the paper's date, so each finding reaches every paper dated on or after it.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..events import developments as _developments
from ..sources import equals
from ..years import format_date
from .context import Context
from .model import Note, text
from .render import Section

MAX_ITEMS = 60
MAX_BODY = 5
#: Developments that change what a force is in, pays or answers for: the body shows these first.
WEIGHTY = ("withdrew", "restructured", "ended", "overspent", "inspected", "governance", "budget", "decided",
           "hosted")


@dataclass(frozen=True)
class Item:
    event_id: str
    event: str
    when: str                   # "1 May 2018", or "reported 22 July 2019" for an undated finding
    collab: str
    text: str
    key: bool
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Developments(Section):
    template = "developments.html.j2"

    subject: str
    since: pd.Timestamp
    since_text: str
    items: tuple[Item, ...]
    earlier: int                # how many more are in the appendix


@dataclass(frozen=True)
class EarlierDevelopments(Section):
    template = "earlier.html.j2"

    items: tuple[Item, ...]
    omitted: int


def _item(ctx: Context, row) -> Item:
    if pd.notna(row.get("date")):
        when = format_date(row["date"], row["date_precision"])
    else:
        source = ctx.source(row["source_id"])
        when = "reported " + format_date(source["date"], source["date_precision"])
    return Item(row["event_id"], row["event"], when, ctx.short(text(row.get("collab_id"))), text(row["description"]),
                text(row.get("key")) == "yes", (ctx.cite.row(row),))


def developments(ctx: Context, since: pd.Timestamp, since_text: str) -> tuple[Developments, EarlierDevelopments]:
    """(key developments since ``since`` for the body, every other one for the appendix)."""
    rows = _developments(ctx.tables, ctx.force_id, as_at=ctx.as_at, region=None if ctx.force_id else ctx.region)
    is_recent = ((rows["when"] > since).fillna(False).astype(bool) & equals(rows["key"], "yes")).to_numpy()
    candidates = [i for i, flag in enumerate(is_recent) if flag]
    # the body keeps the weightiest (a withdrawal, a restructure, an overspend ...), newest first
    ranked = sorted(candidates, key=lambda i: (str(rows.iloc[i]["event"]) not in WEIGHTY, -i))[:MAX_BODY]
    recent_mask = pd.Series([i in ranked for i in range(len(rows))], index=rows.index)
    recent = [_item(ctx, r) for _, r in rows[recent_mask].iterrows()]
    other = rows[~recent_mask].iloc[::-1]               # newest first
    earlier = [_item(ctx, r) for _, r in other.head(MAX_ITEMS).iterrows()]
    subject = ctx.force_name() if ctx.force_id else f"the {ctx.region_name()} region"
    return (Developments(subject, since, since_text, tuple(recent), len(other)),
            EarlierDevelopments(tuple(earlier), max(0, len(other) - MAX_ITEMS)))
