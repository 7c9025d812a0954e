"""Savings claims, kept as claims.

Savings figures in the sources are claims of different kinds (claimed, projected, an
inspectorate's finding), over different periods (a year, four years, "since 2010"), made by
different people (a PCC, a vendor, the press). They are **not additive**, so nothing in this module
adds them up, and nothing downstream should: show them side by side with their kind and period.

>>> import collab_analysis as ca
>>> tables = ca.load()                                              # doctest: +SKIP
>>> ca.savings_claims(tables, force="leicestershire", kind="claimed")   # doctest: +SKIP
"""
from __future__ import annotations

import logging

import pandas as pd

from .errors import ParameterError
from .membership import (_as_list, _is_blank, collab_name, ever_members, force_name, resolve_collab,
                         resolve_force, split_list)
from .data.cells import format_gbp

log = logging.getLogger(__name__)

KINDS = ("claimed", "projected", "inspectorate")
KIND_LABELS = {"claimed": "claimed (achieved, as reported)", "projected": "projected (expected in future)",
               "inspectorate": "inspectorate finding"}

_QUALIFIER_WORDS = {"exact": "", "about": "about ", "more than": "more than ", "up to": "up to ",
                    "nearly": "nearly ", "at least": "at least ", "range": ""}

REGION_NAMES = {
    "east-midlands": "East Midlands", "south-east": "South East", "eastern": "Eastern",
    "west-midlands-region": "West Midlands", "north-west": "North West", "national": "England and Wales",
}


def region_name(region_id) -> str:
    """Display name of a region id (``"east-midlands"`` -> ``"East Midlands"``)."""
    if _is_blank(region_id):
        return ""
    return REGION_NAMES.get(str(region_id), str(region_id).replace("-", " ").title())


#: What a savings table says when a claim names no collaboration (PEEL's force-wide figures, a budget cut).
NO_COLLABORATION = "none named: may be force-wide, not from collaboration alone"


def collaboration_label(tables, collab_id) -> str:
    """The collaboration a claim is about, or :data:`NO_COLLABORATION`."""
    return NO_COLLABORATION if _is_blank(collab_id) else collab_name(tables, str(collab_id))


def claim_text(row) -> str:
    """The claim in words, as the source qualified it: ``"more than £70m"``, ``"up to £6.7m a year"``,
    ``"about 20%"``, ``"30–40%"``."""
    q = "" if _is_blank(row.get("qualifier")) else str(row.get("qualifier"))
    prefix = _QUALIFIER_WORDS.get(q, f"{q} " if q else "")
    if not _is_blank(row.get("amount_gbp")):
        text = prefix + format_gbp(int(row["amount_gbp"]))
    elif not _is_blank(row.get("percent")):
        pct = float(row["percent"])
        high = row.get("percent_high")
        if not _is_blank(high):
            text = prefix + f"{pct:g}–{float(high):g}%"
        else:
            text = prefix + f"{pct:g}%"
    else:
        text = "an unquantified saving"
    if str(row.get("per")) == "year":
        text += " a year"
    return text


def covers_text(tables, row) -> str:
    """Who a claim covers, in words: a force, a list of forces, a collaboration's members or a region."""
    if not _is_blank(row.get("force_id")):
        return force_name(tables, str(row["force_id"]))
    listed = split_list(row.get("forces"))
    if listed:
        return ", ".join(force_name(tables, f) for f in listed)
    if not _is_blank(row.get("collab_id")):
        return f"{collab_name(tables, str(row['collab_id']))} forces"
    if not _is_blank(row.get("region")):
        name = region_name(row["region"])
        return f"{name} region" if row["region"] != "national" else "all forces in England and Wales"
    return "not stated"


def _force_region(tables, force_id: str):
    rows = tables.forces.loc[tables.forces["force_id"] == force_id, "region"]
    return None if not len(rows) or _is_blank(rows.iloc[0]) else str(rows.iloc[0])


def _match(tables, row, force_id: str, region) -> str | None:
    """How a claim covers ``force_id`` (or None): the reason is shown, so a reader can judge it."""
    if not _is_blank(row.get("force_id")):
        return "attributed to the force" if str(row["force_id"]) == force_id else None
    listed = split_list(row.get("forces"))
    if listed:
        return "force listed" if force_id in listed else None
    if not _is_blank(row.get("collab_id")):
        return "member of the collaboration" if force_id in ever_members(tables, str(row["collab_id"])) else None
    if not _is_blank(row.get("region")) and region is not None and str(row["region"]) == region:
        return "in the region"
    return None


def _descendants(tables, collab_id: str) -> list[str]:
    collabs = tables.collaborations
    if "parent_id" not in collabs:
        return [collab_id]
    out, frontier = [collab_id], [collab_id]
    while frontier:
        kids = [str(c) for c, p in zip(collabs["collab_id"], collabs["parent_id"])
                if not _is_blank(p) and str(p) in frontier and str(c) not in out]
        out += kids
        frontier = kids
    return out


def savings_claims(tables, force: str | None = None, collaboration: str | None = None,
                   kind: str | list[str] | None = None) -> pd.DataFrame:
    """Savings claims, filtered; never summed.

    Parameters
    ----------
    force : str, optional
        Keep claims that cover this force: attributed to it (``force_id``), or listing it in
        ``forces``, or (when neither is given) about a collaboration it has ever been a member of,
        or (when no collaboration is given either) about its whole region.
    collaboration : str, optional
        Keep claims about this collaboration or one of its branches (``parent_id``).
    kind : str or list of str, optional
        ``"claimed"``, ``"projected"`` and/or ``"inspectorate"``.

    Returns
    -------
    pandas.DataFrame
        The savings rows, plus ``claim`` (the claim in words, e.g. "more than £70m"), ``covers``
        (who it covers, in words) and ``matched_by`` (why it matched ``force``; NA without one).
        Sorted by kind (claimed, projected, inspectorate), period start, then id.
    """
    s = tables.savings.copy()
    if kind is not None:
        kinds = _as_list(kind)
        bad = [k for k in kinds if k not in KINDS]
        if bad:
            raise ParameterError("kind", bad[0], choices=list(KINDS))
        s = s[s["kind"].astype("string").isin(kinds)]
    if collaboration is not None:
        cid = resolve_collab(tables, collaboration)
        s = s[s["collab_id"].isin(_descendants(tables, cid))]
    matched = pd.Series(pd.NA, index=s.index, dtype="string")
    if force is not None:
        fid = resolve_force(tables, force)
        region = _force_region(tables, fid)
        matched = pd.Series([_match(tables, r, fid, region) for _, r in s.iterrows()], index=s.index, dtype="string")
        s = s[matched.notna()]
        matched = matched[matched.notna()]
    s = s.assign(
        claim=pd.Series([claim_text(r) for _, r in s.iterrows()], index=s.index, dtype="string"),
        covers=pd.Series([covers_text(tables, r) for _, r in s.iterrows()], index=s.index, dtype="string"),
        matched_by=matched,
    )
    order = {k: i for i, k in enumerate(KINDS)}
    s["_k"] = s["kind"].astype("string").map(lambda k: order.get(k, len(order)))
    s = s.sort_values(["_k", "period_start", "saving_id"], kind="stable", na_position="last").drop(columns="_k")
    return s.reset_index(drop=True)


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    lo_a = a_start if not pd.isna(a_start) else pd.Timestamp.min
    hi_a = a_end if not pd.isna(a_end) else pd.Timestamp.max
    lo_b = b_start if not pd.isna(b_start) else pd.Timestamp.min
    hi_b = b_end if not pd.isna(b_end) else pd.Timestamp.max
    return lo_a <= hi_b and lo_b <= hi_a


def _scope_key(row) -> tuple:
    return (str(row.get("force_id")) if not _is_blank(row.get("force_id")) else "",
            tuple(sorted(split_list(row.get("forces")))))


def conflicting_claims(claims: pd.DataFrame) -> list[tuple[str, list[str], str]]:
    """Pairs of money claims about the same thing that cannot both be right as worded.

    Two claims conflict when they are about the same collaboration, of the same kind, covering the
    same forces, over overlapping periods, and either

    * give different amounts and come from different claimants ("about £4m", press, against
      "£5.2m in its first year", a vendor): ``"amount"``; or
    * give the same amount, once as a saving each year and once over a period ("£6.7m by
      2012/13" against "up to £6.7m a year"): ``"per"``.

    Different amounts from the same kind of claimant are often about different parts of a
    collaboration (a four-unit saving inside a wider alliance), so they are not flagged.
    This is a heuristic to prompt a question, not a finding.

    Returns
    -------
    list of (collab_id, [saving_id, saving_id], reason)
    """
    out = []
    money = claims[claims["amount_gbp"].notna() & claims["collab_id"].notna()]
    for (cid, _kind), grp in money.groupby([money["collab_id"].astype(str), money["kind"].astype(str)], sort=False):
        rows = list(grp.iterrows())
        for i, (_, a) in enumerate(rows):
            for _, b in rows[i + 1:]:
                if _scope_key(a) != _scope_key(b):
                    continue
                if not _overlap(a.get("period_start"), a.get("period_end"), b.get("period_start"), b.get("period_end")):
                    continue
                same_amount = int(a["amount_gbp"]) == int(b["amount_gbp"])
                if not same_amount and str(a.get("claimant")) != str(b.get("claimant")):
                    out.append((cid, [str(a["saving_id"]), str(b["saving_id"])], "amount"))
                elif same_amount and str(a.get("per")) != str(b.get("per")):
                    out.append((cid, [str(a["saving_id"]), str(b["saving_id"])], "per"))
    return out
