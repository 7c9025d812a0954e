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
MAX_BODY = 4
#: Smaller developments (not key, not from a seed) older than this are counted, not listed.
OLD_YEARS = 3
#: Developments that change what a force is in, pays or answers for: the body shows these first, in
#: this order (a withdrawal before a restructure before an overspend ...), then the newest.
WEIGHTY = ("withdrew", "restructured", "ended", "overspent", "inspected", "governance", "budget", "decided",
           "hosted")
_WEIGHT = {event: rank for rank, event in enumerate(WEIGHTY)}


def weight(event) -> int:
    """Where a kind of development ranks: 0 for a withdrawal, and so on; the rest after WEIGHTY."""
    return _WEIGHT.get(str(event), len(WEIGHTY))


@dataclass(frozen=True)
class Item:
    event_id: str
    event: str
    when: str                   # "1 May 2018", or "reported 22 July 2019" for an undated finding
    collab: str
    text: str
    key: bool
    notes: tuple[Note, ...]
    on: pd.Timestamp | None = None      # the day it is placed on (its date, or its source's)


@dataclass(frozen=True)
class Developments(Section):
    template = "developments.html.j2"

    subject: str
    since: pd.Timestamp
    since_text: str
    items: tuple[Item, ...]      # the weightiest key developments since the last paper, for the body
    more_key: int                # further key developments since then, listed first in the appendix
    earlier: int                 # every other development, listed after them


@dataclass(frozen=True)
class EarlierDevelopments(Section):
    template = "earlier.html.j2"

    since_text: str
    more_key: tuple[Item, ...]
    items: tuple[Item, ...]
    omitted: int
    every_key: tuple[Item, ...] = ()     # every key development up to the paper's date (for the questions)
    old_years: int = OLD_YEARS


def _item(ctx: Context, row) -> Item:
    if pd.notna(row.get("date")):
        when = format_date(row["date"], row["date_precision"])
    else:
        source = ctx.source(row["source_id"])
        when = "reported " + format_date(source["date"], source["date_precision"])
    return Item(row["event_id"], row["event"], when, ctx.short(text(row.get("collab_id"))), text(row["description"]),
                text(row.get("key")) == "yes", (ctx.cite.row(row),), row.get("when"))


def developments(ctx: Context, since: pd.Timestamp, since_text: str,
                 limit: int = MAX_BODY) -> tuple[Developments, EarlierDevelopments]:
    """(the weightiest ``limit`` key developments since ``since`` for the body; the rest for the appendix:
    first the other key developments since then, then every earlier or smaller one)."""
    rows = _developments(ctx.tables, ctx.force_id, as_at=ctx.as_at, region=None if ctx.force_id else ctx.region)
    key = equals(rows["key"], "yes").to_numpy()
    recent = ((rows["when"] > since).fillna(False).astype(bool)).to_numpy() & key
    candidates = [i for i, flag in enumerate(recent) if flag]
    # the body keeps the weightiest (a withdrawal, a restructure, an overspend ...), newest first
    ranked = set(sorted(candidates, key=lambda i: (weight(rows.iloc[i]["event"]), -i))[:limit])
    made: dict[int, Item] = {}

    def item(i: int) -> Item:
        # made (and its note numbered) only when the paper shows it, so no note goes uncited
        if i not in made:
            made[i] = _item(ctx, rows.iloc[i])
        return made[i]

    n = len(rows)
    body = [item(i) for i in range(n) if i in ranked]
    more_key = [item(i) for i in reversed(candidates) if i not in ranked]
    # every key development and every finding of a seed stays; other smaller ones more than OLD_YEARS old
    # are counted, not listed
    recent_enough = (rows["when"] > ctx.as_at - pd.DateOffset(years=OLD_YEARS)).fillna(False).astype(bool).to_numpy()
    seeds = set(ctx.tables.sources.loc[equals(ctx.tables.sources["kind"], "seed"), "source_id"])
    from_seed = rows["source_id"].isin(seeds).to_numpy()
    older = [i for i in range(n) if i not in set(candidates) and not key[i] and not recent_enough[i] and not from_seed[i]]
    listed = [i for i in reversed(range(n)) if i not in set(candidates) and i not in set(older)]
    others = [item(i) for i in listed[:MAX_ITEMS]]
    every_key = [item(i) for i in reversed(range(n)) if key[i]]
    subject = ctx.force_name() if ctx.force_id else f"the {ctx.region_name()} region"
    return (Developments(subject, since, since_text, tuple(body), len(more_key), len(listed)),
            EarlierDevelopments(since_text, tuple(more_key), tuple(others),
                                max(0, len(listed) - MAX_ITEMS) + len(older), tuple(every_key)))
