"""The paper's "what it saved": savings claims as their sources made them, never added up.

Each claim keeps who made it, what it covers (one collaboration, a programme of collaborations, or
the force as a whole) and its period. The source's own words are in the claim's note; the words in
the paper are ours. Force-wide totals (PEEL statements) are shown apart, as context: they are not
savings from collaboration.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .. import savings as sv
from ..sources import equals, published
from ..years import format_date
from .context import Context
from .model import Note, text
from .render import Section
from .words import and_list, money, pct, possessive

KIND_HEADINGS = {"claimed": "Claimed as achieved", "projected": "Projected (expected at the time)",
                 "inspectorate": "Found by an inspectorate"}
_QUALIFIERS = {"exact": "", "about": "about ", "more than": "more than ", "up to": "up to ", "nearly": "nearly ",
               "at least": "at least ", "range": "", "average": "an average of "}
MAX_CLAIMS = 20
#: Claims of one kind the body lists; the appendix's table has every claim.
BODY_PER_KIND = 3


@dataclass(frozen=True)
class Claim:
    saving_id: str
    kind: str
    amount: str             # "more than £70m", "£170,000 a year", "20% of the cost of the functions ..."
    period: str
    covers: str
    made_by: str
    notes: tuple[Note, ...]
    what: str = ""          # the claim's own description: what the figure is of (shown for national claims)
    scope: str = ""         # the part of the collaboration the source limits the figure to


@dataclass(frozen=True)
class Savings(Section):
    template = "savings.html.j2"

    subject: str
    groups: tuple[tuple[str, str, tuple[Claim, ...]], ...]     # (kind, heading, claims)
    force_wide: tuple[Claim, ...]
    national: tuple[Claim, ...]
    conflicts: tuple[tuple[Claim, Claim, bool], ...]    # (a, b, same figure on different bases)
    counts: tuple[tuple[str, int], ...]
    omitted: int

    @property
    def body(self) -> tuple[tuple[str, str, tuple[Claim, ...], int], ...]:
        """(kind, heading, the first claims of the kind, how many more are in the appendix)."""
        return tuple((k, h, cs[:BODY_PER_KIND], max(0, len(cs) - BODY_PER_KIND)) for k, h, cs in self.groups)


def claim_amount(row) -> str:
    """The claim's figure in words, as the source qualified it."""
    q = _QUALIFIERS.get(text(row.get("qualifier")), "")
    if pd.notna(row.get("amount_gbp")):
        figure = q + money(row["amount_gbp"], row.get("precision_gbp") if pd.notna(row.get("precision_gbp")) else None)
    elif pd.notna(row.get("percent")):
        high = row.get("percent_high")
        figure = q + (f"{float(row['percent']):g}–{pct(high)}" if pd.notna(high) else pct(row["percent"]))
        base = text(row.get("percent_of"))
        if base and not base.startswith("not stated"):
            figure += " of " + base
        elif base:
            figure += " (the source does not say of what)"
    else:
        figure = "a saving not given as a figure"
    if text(row.get("per")) == "year" and pd.notna(row.get("amount_gbp")):
        figure += " a year"
    return figure


def _covers(ctx: Context, row) -> str:
    named = [f for f in text(row.get("forces")).split(";") if f.strip()]
    if text(row.get("coverage")) == "force-wide":
        return f"{ctx.force_name(row['force_id'])} as a whole, not collaboration alone"
    if text(row.get("collab_id")):
        who = f" ({and_list(ctx.force_label(f.strip()) for f in named)})" if named else ""
        return ctx.short(row["collab_id"]) + who
    if text(row.get("force_id")):
        return f"{possessive(ctx.force_label(row['force_id']))} share of the region's estimated savings"
    if named:
        return and_list(ctx.force_label(f.strip()) for f in named)
    if text(row.get("region")) == "national":
        return "police forces nationally"
    return f"the {ctx.region_name(text(row.get('region')) or ctx.region)} collaborations together"


_YEARLY = re.compile(r"^(a year|per year|annual|each year|per annum)[\s,;.]*", re.I)


def claim(ctx: Context, row) -> Claim:
    period = text(row.get("period_label"))
    if text(row.get("per")) == "year":      # the amount already says "a year"
        period = _YEARLY.sub("", period)
    if text(row.get("kind")) == "projected":  # a projection is read against when it was made
        said = ctx.source(row["source_id"])
        # a source dated only by month or year is known to exist by then, no more: "said by April 2015"
        on = "said on" if said["date_precision"] == "day" else "in a source of"
        period = ", ".join(p for p in (period, f"{on} {format_date(said['date'], said['date_precision'])}") if p)
    covers = _covers(ctx, row)
    if text(row.get("scope")):           # the source limits the figure to part of the collaboration
        covers += f"; the source limits it to {text(row.get('scope'))}"
    return Claim(row["saving_id"], row["kind"], claim_amount(row), period,
                 covers, text(row.get("made_by")), (ctx.cite.row(row),), text(row.get("description")),
                 text(row.get("scope")))


def savings(ctx: Context) -> Savings:
    rows = sv.savings_claims(ctx.tables, ctx.force_id, as_at=ctx.as_at) if ctx.force_id else \
        sv.savings_claims(ctx.tables, as_at=ctx.as_at, region=ctx.region)
    wide = rows[equals(rows["coverage"], "force-wide")]
    nation = rows[equals(rows["region"], "national") & rows["collab_id"].isna() & rows["force_id"].isna()]
    rows = rows[~equals(rows["coverage"], "force-wide") & ~rows.index.isin(nation.index)]
    # newest first within each kind, so the body's first claims are the latest said
    said = rows["source_id"].map(published(ctx.tables))
    rows = rows.loc[said.sort_values(ascending=False, kind="stable").index]
    made = {r["saving_id"]: claim(ctx, r) for _, r in rows.iterrows()}
    shown = list(made)[:MAX_CLAIMS]
    groups = tuple((k, KIND_HEADINGS[k], tuple(made[i] for i in shown if made[i].kind == k)) for k in sv.KINDS)
    groups = tuple(g for g in groups if g[2])
    amount = dict(zip(rows["saving_id"], rows["amount_gbp"]))
    conflicts = tuple((made[a], made[b], amount[a] == amount[b]) for a, b in sv.conflicting_claims(rows)
                      if a in made and b in made)
    counts = tuple((k, sum(1 for c in made.values() if c.kind == k)) for k in sv.KINDS)
    force_wide = tuple(claim(ctx, r) for _, r in wide.iterrows()) if ctx.force_id else ()
    subject = ctx.force_name() if ctx.force_id else f"the {ctx.region_name()} region"
    national = tuple(claim(ctx, r) for _, r in nation.iterrows())
    return Savings(subject, groups, force_wide, national, conflicts, counts, max(0, len(made) - MAX_CLAIMS))
