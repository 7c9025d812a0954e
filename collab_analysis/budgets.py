"""What a force pays into collaborations, how that adds up to its published totals, and what share of
its own budget that is.

Money is whole pounds. Each figure keeps the precision it was published to (``precision_gbp``: 1000
for "£6.352m"), so a derived share is never quoted more finely than its inputs allow. Nothing here
fills a gap with a zero: where the sources hold no figure there is no row, and a paper says "not
published in the sources held". Every function takes ``as_at``: only sources published by then count.

>>> import collab_analysis as ca
>>> tables = ca.load()                                                       # doctest: +SKIP
>>> ca.contributions(tables, "leicestershire", "2019-20")[["collab_id", "amount_gbp"]]   # doctest: +SKIP
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .forces import resolve_force
from .sources import citable, equals
from .years import parse_financial_year, previous_year

#: Context measures that are a force's own budget or spend, so a share of them means something.
#: "funding" (the Home Office settlement, which assumes the maximum precept) is deliberately absent.
BUDGET_MEASURES = ("budget", "net revenue budget", "revenue budget", "planned total spend")


def contributions(tables, force: str, financial_year=None, *, as_at=None) -> pd.DataFrame:
    """A force's published contributions to collaborations, largest first.

    Columns are those of ``budgets.csv``. Empty (same columns) when nothing is published.
    """
    force_id = resolve_force(tables, force)
    rows = citable(tables, tables.where("budgets", force_id=force_id), as_at)
    if financial_year is not None:
        rows = rows[rows["financial_year"] == parse_financial_year(financial_year)]
    return rows.sort_values(["financial_year", "amount_gbp", "collab_id"], ascending=[True, False, True],
                            kind="stable").reset_index(drop=True)


def years_published(tables, force: str, *, as_at=None) -> list[str]:
    """The financial years with a contribution or a published total for ``force``, oldest first."""
    force_id = resolve_force(tables, force)
    b = citable(tables, tables.where("budgets", force_id=force_id), as_at)
    t = citable(tables, tables.where("budget_totals", force_id=force_id), as_at)
    years = set(b["financial_year"]) | set(t["financial_year"])
    return sorted(str(y) for y in years)


def totals(tables, force: str, financial_year, *, as_at=None) -> pd.DataFrame:
    """The force's published totals for the year, finest precision first."""
    force_id = resolve_force(tables, force)
    t = citable(tables, tables.where("budget_totals", force_id=force_id), as_at)
    t = t[t["financial_year"] == parse_financial_year(financial_year)]
    return t.sort_values(["precision_gbp", "total_id"], kind="stable").reset_index(drop=True)


def reconcile(tables, force: str, financial_year, *, as_at=None) -> pd.DataFrame:
    """Each published total against the sum of the itemised rows behind it.

    A total that restates another (``same_as``: "£9.5m" restating "£9.487m") is checked against the
    same rows. Columns: total_id, amount_gbp, precision_gbp, rows_gbp (NA without rows), n_rows,
    difference_gbp (published minus rows), result ("exact", "within rounding", "does not add up",
    "no itemised rows").
    """
    tots = totals(tables, force, financial_year, as_at=as_at)
    items = contributions(tables, force, financial_year, as_at=as_at)
    out = []
    for _, t in tots.iterrows():
        root = t["same_as"] if isinstance(t.get("same_as"), str) and t["same_as"] else t["total_id"]
        rows = items[equals(items["total_id"], root)]
        amount, precision = int(t["amount_gbp"]), int(t["precision_gbp"])
        if rows.empty:
            summed, diff, result = pd.NA, pd.NA, "no itemised rows"
        else:
            summed = int(rows["amount_gbp"].sum())
            diff = amount - summed
            result = "exact" if diff == 0 else ("within rounding" if abs(diff) * 2 <= precision else "does not add up")
        out.append({"total_id": t["total_id"], "amount_gbp": amount, "precision_gbp": precision,
                    "rows_gbp": summed, "n_rows": len(rows), "difference_gbp": diff, "result": result})
    return pd.DataFrame(out, columns=["total_id", "amount_gbp", "precision_gbp", "rows_gbp", "n_rows",
                                      "difference_gbp", "result"])


def significant_figures(amount, precision) -> int:
    """How many significant figures a published figure has: £9.487m (precision 1000) has 4, £4m has 1."""
    amount, precision = abs(float(amount)), float(precision)
    if amount == 0 or precision <= 0:
        return 1
    return max(1, math.floor(math.log10(amount)) - math.floor(math.log10(precision)) + 1)


def round_significant(value: float, figures: int, max_places: int = 1) -> Decimal:
    """``value`` to ``figures`` significant figures, half up, and at most ``max_places`` decimals."""
    if value == 0:
        return Decimal(0)
    places = min(max_places, figures - 1 - math.floor(math.log10(abs(value))))
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def budget_share(tables, force: str, financial_year, *, as_at=None) -> pd.DataFrame:
    """The force's published collaboration total as a share of its own budget: a derived figure.

    The numerator is the finest published total (or, without one, the sum of the itemised rows);
    the denominator a context figure of the same force and year that is a budget or planned spend
    (never "funding"). The share is rounded to the significant figures of the coarser input (£4m of
    £128m is 3%, not 3.13%). Columns: numerator_gbp, numerator_precision, numerator_row (the total's
    id or "rows"), context_id, denominator_gbp, denominator_precision, measure, share_pct (Decimal).
    """
    force_id = resolve_force(tables, force)
    fy = parse_financial_year(financial_year)
    tots = totals(tables, force_id, fy, as_at=as_at)
    tots = tots[[not isinstance(v, str) or not v for v in tots["same_as"].tolist()]]
    if len(tots):
        t = tots.iloc[0]
        num, num_p, num_row = int(t["amount_gbp"]), int(t["precision_gbp"]), str(t["total_id"])
    else:
        items = contributions(tables, force_id, fy, as_at=as_at)
        if items.empty:
            return pd.DataFrame(columns=_SHARE_COLUMNS)
        num, num_p, num_row = int(items["amount_gbp"].sum()), int(items["precision_gbp"].max()), "rows"
    ctx = citable(tables, tables.where("context", force_id=force_id), as_at)
    dens = ctx[(ctx["financial_year"] == fy) & (ctx["unit"] == "gbp")
               & ctx["measure"].isin(BUDGET_MEASURES)]
    out = []
    for _, c in dens.iterrows():
        den, den_p = int(c["value"]), int(c["precision"])
        figures = min(significant_figures(num, num_p), significant_figures(den, den_p))
        share = round_significant(num * 100 / den, figures)
        out.append({"numerator_gbp": num, "numerator_precision": num_p, "numerator_row": num_row,
                    "context_id": c["context_id"], "denominator_gbp": den, "denominator_precision": den_p,
                    "measure": c["measure"], "share_pct": share})
    return pd.DataFrame(out, columns=_SHARE_COLUMNS)


_SHARE_COLUMNS = ["numerator_gbp", "numerator_precision", "numerator_row", "context_id", "denominator_gbp",
                  "denominator_precision", "measure", "share_pct"]


def contribution_changes(tables, force: str, financial_year, *, as_at=None) -> pd.DataFrame:
    """This year's contributions against last year's, compared only on the same basis.

    Columns: collab_id, previous_gbp, amount_gbp, basis, previous_basis, change ("new", "ended", "changed",
    "unchanged", "basis differs"). Empty when no figures are published for the previous year:
    nothing can then be called new.
    """
    fy = parse_financial_year(financial_year)
    now = contributions(tables, force, fy, as_at=as_at)
    before = contributions(tables, force, previous_year(fy), as_at=as_at)
    if before.empty:
        return pd.DataFrame(columns=["collab_id", "previous_gbp", "amount_gbp", "basis", "previous_basis", "change"])
    out = []
    for cid in dict.fromkeys(list(now["collab_id"]) + list(before["collab_id"])):
        n, b = now[now["collab_id"] == cid], before[before["collab_id"] == cid]
        if b.empty or n.empty:
            row = (n if b.empty else b).iloc[0]
            out.append({"collab_id": cid, "previous_gbp": pd.NA if b.empty else int(row["amount_gbp"]),
                        "amount_gbp": int(row["amount_gbp"]) if b.empty else pd.NA, "basis": row["basis"],
                        "previous_basis": pd.NA if b.empty else row["basis"], "change": "new" if b.empty else "ended"})
            continue
        nb, bb = n.iloc[0], b.iloc[0]
        change = ("basis differs" if nb["basis"] != bb["basis"]
                  else "unchanged" if int(nb["amount_gbp"]) == int(bb["amount_gbp"]) else "changed")
        out.append({"collab_id": cid, "previous_gbp": int(bb["amount_gbp"]), "amount_gbp": int(nb["amount_gbp"]),
                    "basis": nb["basis"], "previous_basis": bb["basis"], "change": change})
    return pd.DataFrame(out, columns=["collab_id", "previous_gbp", "amount_gbp", "basis", "previous_basis", "change"])
