"""What a force pays into collaborations, how that adds up to the published totals, and what share of
the force's budget it is.

Money is whole pounds throughout. Nothing here fills a gap with a zero: where the sources hold no
figure, the result has no row, and papers say "not published in the sources held".

>>> import collab_analysis as ca
>>> tables = ca.load()                                              # doctest: +SKIP
>>> ca.reconcile(tables, "leicestershire", "2019-20")[["total_id", "difference_gbp"]]   # doctest: +SKIP
"""
from __future__ import annotations

import logging
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .errors import ParameterError
from .membership import _is_blank, collab_name, resolve_force
from .data.cells import InvalidValue, format_gbp, parse_financial_year

log = logging.getLogger(__name__)

#: Context measures that are a force's own budget or spend, so a share of them means something.
#: "funding" (the Home Office settlement, which assumes the maximum precept) is deliberately absent.
BUDGET_MEASURES = ("budget", "net revenue budget", "revenue budget", "planned total spend")

def normalise_year(fy) -> str:
    """Return a financial year as ``"2019-20"`` (accepts ``2019/20``, ``2019/2020``, ``2019-2020``).

    The same reading as the loader's (:func:`collab_analysis.normalise.parse_financial_year`).

    Raises
    ------
    ParameterError
        If ``fy`` is blank or not one financial year; the message says how to write it.
    """
    try:
        year = parse_financial_year("" if fy is None else str(fy))
    except InvalidValue as bad:
        raise ParameterError("financial_year", fy, message=f"financial year {bad.message}; {bad.fix}.") from None
    if year is None:
        raise ParameterError("financial_year", fy, message=(
            "a financial year is needed; write it like \"2019-20\" (1 April 2019 to 31 March 2020)."))
    return year


def year_end(fy) -> pd.Timestamp:
    """31 March at the end of financial year ``fy``: ``year_end("2019-20")`` -> 2020-03-31.

    A financial year's membership is read "as at 31 March" at its end.
    """
    start = int(normalise_year(fy)[:4])
    return pd.Timestamp(year=start + 1, month=3, day=31)


def year_start(fy) -> pd.Timestamp:
    """1 April at the start of financial year ``fy``: ``year_start("2019-20")`` -> 2019-04-01."""
    return pd.Timestamp(year=int(normalise_year(fy)[:4]), month=4, day=1)


def previous_year(fy) -> str:
    """The financial year before ``fy``: ``previous_year("2019-20")`` -> ``"2018-19"``."""
    start = int(normalise_year(fy)[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def year_span(fy) -> str:
    """Plain-English span: ``"1 April 2019 to 31 March 2020"``."""
    s, e = year_start(fy), year_end(fy)
    return f"{s.day} {s:%B %Y} to {e.day} {e:%B %Y}"


def _int_or_na(value):
    return pd.NA if _is_blank(value) else int(value)


def _contrib_frame(rows: pd.DataFrame, tables) -> pd.DataFrame:
    cols = ["collab_id", "name", "financial_year", "amount_gbp", "basis", "source_id", "locator", "status", "total_id"]
    if rows.empty:
        out = pd.DataFrame({c: pd.Series(dtype="string") for c in cols})
        out["amount_gbp"] = out["amount_gbp"].astype("Int64")
        return out
    out = pd.DataFrame({
        "collab_id": rows["collab_id"].astype("string"),
        "name": rows["collab_id"].map(lambda c: collab_name(tables, str(c))).astype("string"),
        "financial_year": rows["financial_year"].astype("string"),
        "amount_gbp": rows["amount_gbp"].astype("Int64"),
        "basis": rows["basis"].astype("string"),
        "source_id": rows["source_id"].astype("string"),
        "locator": rows["locator"].astype("string"),
        "status": rows["status"].astype("string"),
        "total_id": (rows["total_id"] if "total_id" in rows else pd.Series(pd.NA, index=rows.index)).astype("string"),
    })
    return out


def contributions(tables, force: str, year=None) -> pd.DataFrame:
    """A force's published contributions to collaborations.

    Parameters
    ----------
    tables : Tables
    force : str
        Force id, name or alias.
    year : str, optional
        Financial year (``"2019-20"``). Default: every year.

    Returns
    -------
    pandas.DataFrame
        ``collab_id, name, financial_year, amount_gbp, basis, source_id, locator, status, total_id`` (the
        published total the row is itemised in, if any);
        sorted by year, then amount (largest first). Empty (same columns) when nothing is published.
    """
    force_id = resolve_force(tables, force)
    b = tables.budgets
    rows = b[b["force_id"] == force_id]
    if year is not None:
        rows = rows[rows["financial_year"] == normalise_year(year)]
    out = _contrib_frame(rows, tables)
    if out.empty:
        return out.reset_index(drop=True)
    out = out.sort_values(["financial_year", "amount_gbp", "collab_id"], ascending=[True, False, True], kind="stable")
    return out.reset_index(drop=True)


def _root_total(totals: pd.DataFrame, total_id: str) -> str:
    """Follow ``same_as`` links to the total that is restated (guarding against loops)."""
    by_id = {str(t): s for t, s in zip(totals["total_id"], totals["same_as"])} if "same_as" in totals else {}
    seen = set()
    current = total_id
    while current in by_id and not _is_blank(by_id[current]) and current not in seen:
        seen.add(current)
        current = str(by_id[current])
    return current


def reconcile(tables, force: str, year) -> pd.DataFrame:
    """Check each published total for a force and year against the itemised rows behind it.

    A total that restates another (``same_as``, e.g. "£9.5m" restating "£9.487m") is checked against
    the same itemised rows as the total it restates.

    Returns
    -------
    pandas.DataFrame
        One row per published total: ``total_id, description, amount_gbp, precision_gbp, same_as,
        itemised_gbp`` (NA when no itemised rows are published), ``n_rows, difference_gbp``
        (published minus itemised), ``within_rounding`` (nullable boolean:
        ``|difference| <= precision_gbp / 2``; NA when there is nothing to compare), ``result``
        (``"reconciles exactly"``, ``"within rounding"``, ``"does not reconcile"`` or
        ``"no itemised rows published"``), ``basis, source_id, locator, status``.
    """
    force_id = resolve_force(tables, force)
    fy = normalise_year(year)
    totals = tables.budget_totals
    mine = totals[(totals["force_id"] == force_id) & (totals["financial_year"] == fy)]
    budgets = tables.budgets
    rows = []
    for _, t in mine.iterrows():
        tid = str(t["total_id"])
        root = _root_total(totals, tid)
        group = {root} | {str(x) for x in totals["total_id"] if _root_total(totals, str(x)) == root}
        items = budgets[budgets["total_id"].isin(list(group))] if "total_id" in budgets else budgets.iloc[0:0]
        amount = int(t["amount_gbp"])
        precision = _int_or_na(t.get("precision_gbp"))
        if len(items):
            itemised = int(items["amount_gbp"].astype("Int64").sum())
            diff = amount - itemised
            tol = Decimal(int(precision) if precision is not pd.NA else 1) / 2
            within = Decimal(abs(diff)) <= tol
            result = "reconciles exactly" if diff == 0 else ("within rounding" if within else "does not reconcile")
        else:
            itemised, diff, within, result = pd.NA, pd.NA, pd.NA, "no itemised rows published"
        rows.append({
            "total_id": tid, "description": t.get("description", pd.NA), "amount_gbp": amount,
            "precision_gbp": precision, "same_as": t.get("same_as", pd.NA), "itemised_gbp": itemised,
            "n_rows": len(items), "difference_gbp": diff, "within_rounding": within, "result": result,
            "basis": t.get("basis", pd.NA), "source_id": t.get("source_id", pd.NA),
            "locator": t.get("locator", pd.NA), "status": t.get("status", pd.NA),
        })
    cols = ["total_id", "description", "amount_gbp", "precision_gbp", "same_as", "itemised_gbp", "n_rows",
            "difference_gbp", "within_rounding", "result", "basis", "source_id", "locator", "status"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("amount_gbp", "precision_gbp", "itemised_gbp", "n_rows", "difference_gbp"):
        out[c] = out[c].astype("Int64")
    out["within_rounding"] = out["within_rounding"].astype("boolean")
    for c in ("total_id", "description", "same_as", "result", "basis", "source_id", "locator", "status"):
        out[c] = out[c].astype("string")
    # finest precision first, so the first row is the total to quote
    out = out.sort_values(["precision_gbp", "total_id"], kind="stable", na_position="last")
    return out.reset_index(drop=True)


def contribution_changes(tables, force: str, year) -> pd.DataFrame:
    """What changed in a force's contributions since the previous financial year.

    Figures are compared only when their ``basis`` is the same: "net budget" and "net budget for
    centrally funded staff" are different things, and a difference between them means nothing.

    Returns
    -------
    pandas.DataFrame
        ``collab_id, name, previous_year, financial_year, previous_gbp, amount_gbp,
        difference_gbp, previous_basis, basis, change, note`` where ``change`` is one of
        ``"new"`` (published this year, not last), ``"ended"`` (published last year, not this),
        ``"changed"``, ``"unchanged"``, ``"basis differs"`` (no difference is given) or
        ``"no previous figures"`` (nothing at all is published for the force for the previous year,
        so nothing can be called new).
    """
    force_id = resolve_force(tables, force)
    fy = normalise_year(year)
    prev = previous_year(fy)
    cur_rows = contributions(tables, force_id, fy)
    prev_rows = contributions(tables, force_id, prev)
    out = []

    def add(cid, p, c, change, note=""):
        out.append({
            "collab_id": cid, "name": collab_name(tables, cid), "previous_year": prev, "financial_year": fy,
            "previous_gbp": pd.NA if p is None else int(p["amount_gbp"]),
            "amount_gbp": pd.NA if c is None else int(c["amount_gbp"]),
            "difference_gbp": (int(c["amount_gbp"]) - int(p["amount_gbp"])
                               if (p is not None and c is not None and change in ("changed", "unchanged")) else pd.NA),
            "previous_basis": pd.NA if p is None else p["basis"],
            "basis": pd.NA if c is None else c["basis"],
            "change": change, "note": note or pd.NA,
        })

    collab_order = list(dict.fromkeys(list(cur_rows["collab_id"]) + list(prev_rows["collab_id"])))
    for cid in collab_order:
        cs = [r for _, r in cur_rows[cur_rows["collab_id"] == cid].iterrows()]
        ps = [r for _, r in prev_rows[prev_rows["collab_id"] == cid].iterrows()]
        if prev_rows.empty:
            for c in cs:
                add(cid, None, c, "no previous figures", f"no {prev} contributions are published in the sources held")
            continue
        unmatched_c, unmatched_p = [], list(ps)
        for c in cs:
            match = next((p for p in unmatched_p if str(p["basis"]) == str(c["basis"])), None)
            if match is None:
                unmatched_c.append(c)
                continue
            unmatched_p.remove(match)
            same = int(match["amount_gbp"]) == int(c["amount_gbp"])
            add(cid, match, c, "unchanged" if same else "changed")
        if unmatched_c and unmatched_p:
            # figures exist in both years but on different bases: say so, and never subtract them
            prev_bases = "; ".join(dict.fromkeys(str(p["basis"]) for p in unmatched_p))
            for c in unmatched_c:
                add(cid, None, c, "basis differs",
                    f"{prev} figure is \"{prev_bases}\", {fy} figure is \"{c['basis']}\"; not compared")
                out[-1]["previous_basis"] = prev_bases
            continue
        for c in unmatched_c:
            add(cid, None, c, "new")
        for p in unmatched_p:
            add(cid, p, None, "ended", f"published for {prev} but not for {fy}")
    cols = ["collab_id", "name", "previous_year", "financial_year", "previous_gbp", "amount_gbp", "difference_gbp",
            "previous_basis", "basis", "change", "note"]
    frame = pd.DataFrame(out, columns=cols)
    for c in ("previous_gbp", "amount_gbp", "difference_gbp"):
        frame[c] = frame[c].astype("Int64")
    for c in ("collab_id", "name", "previous_year", "financial_year", "previous_basis", "basis", "change", "note"):
        frame[c] = frame[c].astype("string")
    return frame


def budget_share(tables, force: str, year) -> pd.DataFrame:
    """A force's collaboration contributions as a share of its own budget (a derived figure).

    The numerator is each published total for the force and year (not a rounded restatement; if no
    total is published, the sum of the itemised contributions). The denominator is a context
    measure of the same force and year that is a budget or planned spend (``BUDGET_MEASURES``);
    never "funding", which is a different thing. A row exists only where both figures exist.

    Returns
    -------
    pandas.DataFrame
        ``force_id, financial_year, numerator_gbp, numerator, numerator_source_id, numerator_status,
        denominator_gbp, measure, definition, denominator_source_id, denominator_status,
        share_pct`` (float), ``status`` (always ``"D"``), ``label`` (``"derived: £9.487m ÷ £187.1m"``).
    """
    force_id = resolve_force(tables, force)
    fy = normalise_year(year)
    nums = []
    totals = tables.budget_totals
    mine = totals[(totals["force_id"] == force_id) & (totals["financial_year"] == fy)]
    if "same_as" in mine:
        mine = mine[mine["same_as"].map(_is_blank).astype(bool)]
    for _, t in mine.iterrows():
        desc = t.get("description")
        nums.append((int(t["amount_gbp"]), "published total" + ("" if _is_blank(desc) else f": {desc}"),
                     t.get("source_id"), t.get("status")))
    if not nums:
        items = contributions(tables, force_id, fy)
        if len(items):
            srcs = list(dict.fromkeys(str(s) for s in items["source_id"]))
            stats = list(dict.fromkeys(str(s) for s in items["status"]))
            nums.append((int(items["amount_gbp"].sum()), "sum of the published contributions",
                         "; ".join(srcs), "; ".join(stats)))
    ctx = tables.context
    dens = ctx[(ctx["force_id"] == force_id) & (ctx["financial_year"] == fy)
               & (ctx["measure"].astype("string").isin(list(BUDGET_MEASURES)))
               & (ctx["unit"].astype("string") == "gbp") & ctx["value"].notna()]
    rows = []
    for num, num_label, num_src, num_status in nums:
        for _, c in dens.iterrows():
            den = int(round(float(c["value"])))
            if den <= 0:
                continue
            share = float(Decimal(num) * 100 / Decimal(den))
            rows.append({
                "force_id": force_id, "financial_year": fy, "numerator_gbp": num, "numerator": num_label,
                "numerator_source_id": num_src, "numerator_status": num_status,
                "denominator_gbp": den, "measure": c["measure"], "definition": c.get("definition", pd.NA),
                "denominator_source_id": c.get("source_id"), "denominator_status": c.get("status"),
                "share_pct": share, "status": "D",
                "label": f"derived: {format_gbp(num, 'published')} ÷ {format_gbp(den, 'published')}",
            })
    cols = ["force_id", "financial_year", "numerator_gbp", "numerator", "numerator_source_id", "numerator_status",
            "denominator_gbp", "measure", "definition", "denominator_source_id", "denominator_status", "share_pct",
            "status", "label"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("numerator_gbp", "denominator_gbp"):
        out[c] = out[c].astype("Int64")
    out["share_pct"] = out["share_pct"].astype("Float64")
    for c in cols:
        if c not in ("numerator_gbp", "denominator_gbp", "share_pct"):
            out[c] = out[c].astype("string")
    return out


def latest_year(tables, force: str | None = None) -> str | None:
    """The latest financial year with a contribution or a published total (for ``force``, or any).

    Returns ``None`` when there is none.
    """
    b, t = tables.budgets, tables.budget_totals
    if force is not None:
        force_id = resolve_force(tables, force)
        b = b[b["force_id"] == force_id]
        t = t[t["force_id"] == force_id]
    years = [str(y) for y in list(b["financial_year"].dropna()) + list(t["financial_year"].dropna())]
    if not years:
        return None
    return max(years, key=lambda y: int(normalise_year(y)[:4]))


def round_half_up(value: Decimal | float, places: int = 0) -> Decimal:
    """Round like people do (2.5 -> 3), not like floats do."""
    q = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
