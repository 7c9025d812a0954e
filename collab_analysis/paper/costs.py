"""The paper's "what it costs": the force's contributions for the year, how they add up to its
published totals, the share of its budget (derived), last year's figures, and the old cost shares.

Where the year's contributions are not published, the section says so and shows the latest year
that is (labelled with its year), never a zero.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import budgets
from ..sources import citable
from ..years import format_date, next_year, previous_year
from . import charts
from .context import Context
from .model import Note
from .render import Section
from .words import money, pct

MAX_BARS = 12
#: Lines the figures table lists, each with its note; the rest are counted and summed, never cited one by
#: one (2,000 lines would otherwise make a paper of megabytes and notes).
MAX_LINES = 40


@dataclass(frozen=True)
class Line:
    collab_id: str
    name: str
    amount: int
    precision: int
    basis: str
    notes: tuple[Note, ...]
    revised_from: str = ""      # "£2.155m original budget": the figure this one replaced, never added to it


@dataclass(frozen=True)
class Total:
    amount: int
    precision: int
    description: str
    result: str            # exact | within rounding | does not add up | no itemised rows
    difference: int | None
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Share:
    share: str             # "5.1%"
    total: str
    budget: str
    measure: str
    notes: tuple[Note, ...]


class _Listed:
    """Lines shown one by one (each with its note) and the rest counted and summed."""

    lines: tuple[Line, ...]

    @property
    def listed(self) -> tuple[Line, ...]:
        """The lines a table lists, each with its note."""
        return self.lines[:MAX_LINES]

    @property
    def unlisted(self) -> tuple[int, int]:
        """(how many lines are not listed, their sum)."""
        rest = self.lines[MAX_LINES:]
        return len(rest), sum(line.amount for line in rest)


@dataclass(frozen=True)
class Costs(_Listed, Section):
    template = "costs.html.j2"

    force_name: str
    financial_year: str
    shown_year: str | None          # the year whose figures are shown (this one, or the latest before)
    lines: tuple[Line, ...]
    rows_sum: int | None
    bases: tuple[str, ...]          # the different bases, when more than one
    totals: tuple[Total, ...]
    share: Share | None
    previous: tuple[str, tuple[tuple[str, tuple[Note, ...]], ...]]   # last year: (lead, (words, notes) ...)
    cost_shares: tuple[tuple[str, str, str, tuple[Note, ...]], ...]   # (collab, period, share, notes)
    chart: charts.Chart | None
    aggregate: tuple[Total, ...]    # published totals not itemised by collaboration
    ahead: tuple[tuple[str, Total], ...] = ()   # (year, total) published already for the next year

    @property
    def collaborations(self) -> int:
        """How many collaborations the lines are for (a collaboration may have lines on several bases)."""
        return len({line.collab_id for line in self.lines})


def _year_shown(ctx: Context, force_id: str) -> str | None:
    """The paper's year if its figures are published, else the latest year before it that has some."""
    years = [y for y in budgets.years_published(ctx.tables, force_id, as_at=ctx.as_at) if y <= ctx.financial_year]
    return ctx.financial_year if ctx.financial_year in years else (years[-1] if years else None)


def _published(ctx: Context, force_id: str, year: str, most: int | None = None) -> tuple[list[Line], list[Total]]:
    """A force's contribution lines for a year, and its published totals checked against them (the
    first ``most`` of them: a total is cited only where it is shown)."""
    rows = budgets.contributions(ctx.tables, force_id, year, as_at=ctx.as_at)
    found = []      # (amount, collab, name, precision, basis, rows to cite, revised from), cited once sorted
    for cid, group in rows.groupby("collab_id", sort=False):
        # a budget revised in the year (MFSS: original, then revised) is one figure: the revised one,
        # saying what it replaced; the two are never added up
        revised = group[group["basis"].str.startswith("revised")]
        original = group[group["basis"].str.startswith("original")]
        if len(revised) and len(original):
            o, r = original.iloc[0], revised.iloc[0]
            found.append((int(r["amount_gbp"]), cid, ctx.short(cid), int(r["precision_gbp"]), r["basis"], (o, r),
                          f"{money(o['amount_gbp'], o['precision_gbp'])} {o['basis']}"))
            group = group.drop(index=list(original.index) + list(revised.index))
        name = ctx.short(cid) + (" ({basis})" if len(group) > 1 else "")
        found += [(int(r["amount_gbp"]), cid, name.format(basis=r["basis"]), int(r["precision_gbp"]), r["basis"], (r,), "")
                  for _, r in group.iterrows()]
    found.sort(key=lambda f: -f[0])
    # only the lines a reader is shown are cited (the figures table lists MAX_LINES)
    lines = [Line(cid, name, amount, precision, basis,
                  tuple(ctx.cite.row(r) for r in cite) if i < MAX_LINES else (), revised)
             for i, (amount, cid, name, precision, basis, cite, revised) in enumerate(found)]
    checks = budgets.reconcile(ctx.tables, force_id, year, as_at=ctx.as_at).set_index("total_id")
    totals = []
    for _, t in budgets.totals(ctx.tables, force_id, year, as_at=ctx.as_at).head(most).iterrows():
        check = checks.loc[t["total_id"]]
        totals.append(Total(int(t["amount_gbp"]), int(t["precision_gbp"]), t["description"], check["result"],
                            None if check["result"] == "no itemised rows" else int(check["difference_gbp"]),
                            (ctx.cite.row(t),)))
    return lines, totals


def costs(ctx: Context) -> Costs:
    fid, fy = ctx.force_id, ctx.financial_year
    shown = _year_shown(ctx, fid)
    lines, totals, share, aggregate, rows_sum = [], [], None, [], None
    if shown:
        lines, published = _published(ctx, fid, shown)
        rows_sum = sum(line.amount for line in lines) if lines else None
        totals = [t for t in published if t.result != "no itemised rows"]
        aggregate = [t for t in published if t.result == "no itemised rows"]
        share = _share(ctx, shown)
    bases = tuple(dict.fromkeys(line.basis for line in lines)) if len({line.basis for line in lines}) > 1 else ()
    chart = None
    if len(lines) > 1:
        chart = charts.contributions(ctx.force_name(), shown, lines[:MAX_BARS], rest=lines[MAX_BARS:])
    return Costs(ctx.force_name(), fy, shown, tuple(lines), rows_sum, bases, tuple(totals), share,
                 _previous(ctx, shown), tuple(_cost_shares(ctx)), chart, tuple(aggregate), _ahead(ctx, fid))


def _ahead(ctx: Context, force_id: str) -> tuple[tuple[str, Total], ...]:
    """Totals already published for the year after the paper's (a budget set before the year starts)."""
    nxt = next_year(ctx.financial_year)
    return tuple((nxt, t) for t in _published(ctx, force_id, nxt)[1] if t.result == "no itemised rows")


def _share(ctx: Context, year: str) -> Share | None:
    shares = budgets.budget_share(ctx.tables, ctx.force_id, year, as_at=ctx.as_at)
    if shares.empty:
        return None
    s = shares.iloc[0]
    ctx_row = ctx.tables.where("context", context_id=s["context_id"]).iloc[0]
    total_text = money(s["numerator_gbp"], s["numerator_precision"])
    budget_text = money(s["denominator_gbp"], s["denominator_precision"])
    working = f"{total_text} ÷ {budget_text} × 100, rounded to the precision of the figures"
    return Share(pct(s["share_pct"]), total_text, budget_text, str(s["measure"]),
                 (ctx.cite.row(ctx_row), ctx.cite.derived(working)))


def _previous(ctx: Context, shown: str | None):
    """Last year's figures against this year's: a lead and, per collaboration, its words and notes."""
    if shown is None:
        return ("", ())
    prev = previous_year(shown)
    changes = budgets.contribution_changes(ctx.tables, ctx.force_id, shown, as_at=ctx.as_at)
    if changes.empty:
        return (f"The force's contributions for {prev} are not published in the sources held, so no change can be "
                "shown.", ())
    earlier = budgets.contributions(ctx.tables, ctx.force_id, prev, as_at=ctx.as_at).set_index("collab_id")
    parts = []
    for _, c in changes.iterrows():
        name = ctx.short(c["collab_id"])
        # last year's figure is cited beside it (this year's are cited in the chart)
        notes = (ctx.cite.row(earlier.loc[c["collab_id"]]),) if c["collab_id"] in earlier.index else ()
        was = "" if pd.isna(c["previous_gbp"]) else money(c["previous_gbp"])
        if c["change"] == "changed":
            parts.append((f"{name} from {was} to {money(c['amount_gbp'])}", notes))
        elif c["change"] == "unchanged":
            parts.append((f"{name} unchanged at {was}", notes))
        elif c["change"] in ("new", "ended"):
            parts.append((f"{name} {'first published' if c['change'] == 'new' else 'not published this year'}", notes))
        elif c["change"] == "basis differs":
            parts.append((f"{name} not compared, as the bases differ ({prev}: {was}, {c['previous_basis']}; "
                          f"{shown}: {money(c['amount_gbp'])}, {c['basis']})", notes))
    return (f"Since {prev}: ", tuple(parts)) if parts else (f"No changes since {prev}.", ())


def _cost_shares(ctx: Context):
    rows = citable(ctx.tables, ctx.tables.where("cost_shares", force_id=ctx.force_id), ctx.as_at)
    for _, r in rows.iterrows():
        yield (ctx.short(r["collab_id"]), format_date(r["as_of"], r["as_of_precision"]), pct(r["share_pct"]),
               (ctx.cite.row(r),))


@dataclass(frozen=True)
class ForceSpend(_Listed):
    force_id: str
    force: str
    shown_year: str | None
    lines: tuple[Line, ...]
    totals: tuple[Total, ...]
    ahead: tuple[tuple[str, Total], ...] = ()   # (year, total) already published for the next year


@dataclass(frozen=True)
class RegionCosts(Section):
    """The overview's "what it costs": each force's published contributions side by side."""

    template = "region_costs.html.j2"

    financial_year: str
    forces: tuple[ForceSpend, ...]
    cost_shares: tuple[tuple[str, str, str, str, tuple[Note, ...]], ...]   # (force, collab, period, share, notes)
    chart: charts.Chart | None
    # what the glance and the appendix ask of any costs section
    lines: tuple[Line, ...] = ()
    totals: tuple[Total, ...] = ()
    aggregate: tuple[Total, ...] = ()
    shown_year: str | None = None
    share: Share | None = None
    previous: tuple = ("", ())
    rows_sum: int | None = None
    bases: tuple[str, ...] = ()


def region_costs(ctx: Context) -> RegionCosts:
    out = []
    for fid in ctx.region_forces():
        shown = _year_shown(ctx, fid)
        lines, tots = _published(ctx, fid, shown, most=1) if shown else ([], [])
        out.append(ForceSpend(fid, ctx.force_name(fid), shown, tuple(lines), tuple(tots), _ahead(ctx, fid)))
    rows = citable(ctx.tables, ctx.tables.where("cost_shares", force_id=tuple(ctx.region_forces())), ctx.as_at)
    rows = rows.sort_values("share_pct", ascending=False)
    shares = tuple((ctx.force_label(r["force_id"]), ctx.short(r["collab_id"]),
                    format_date(r["as_of"], r["as_of_precision"]), pct(r["share_pct"]),
                    (ctx.cite.row(r),)) for _, r in rows.iterrows())
    chart = None
    if len(shares) > 1:
        collab, period = shares[0][1], shares[0][2]
        labels = [s[0] for s in shares]
        values = [float(r["share_pct"]) for _, r in rows.iterrows()]
        alt = (f"Bar chart of each force's share of {collab}'s costs as at {period}, largest first: "
               + "; ".join(f"{a} {s[3]}" for a, s in zip(labels, shares)) + ".")
        chart = charts.hbar("cost-shares", f"Shares of {collab}'s costs as at {period}", labels, values,
                            [s[3] for s in shares], alt)
    return RegionCosts(ctx.financial_year, tuple(out), shares, chart)
