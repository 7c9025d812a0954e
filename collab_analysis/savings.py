"""Savings claims, kept as claims: who made each, what it covers, over what period, in whose words.

The sources' savings figures are claims of different kinds (claimed as achieved, projected, an
inspectorate's finding), over different periods (a year, four years, "since 2010"), made by
different people (a PCC's finance officer, a vendor, a newspaper). They are **not additive**, and
nothing here adds them up. ``coverage`` says what a claim is about: one collaboration, a
``programme`` of collaborations, or ``force-wide`` (a force's savings from everything, such as the
PEEL statements) - the last are context, never savings from collaboration.

>>> import collab_analysis as ca
>>> tables = ca.load()                                                   # doctest: +SKIP
>>> ca.savings_claims(tables, force="leicestershire", as_at="2019-07-22")  # doctest: +SKIP
"""
from __future__ import annotations

import pandas as pd

from .forces import resolve_force
from .membership import gather
from .sources import citable, equals

KINDS = ("claimed", "projected", "inspectorate")
COVERAGES = ("collaboration", "programme", "force-wide")


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _listed(value) -> list[str]:
    return [] if not isinstance(value, str) or not value.strip() else [v.strip() for v in value.split(";")]


def _ever_member(tables, collab_id: str, force_id: str, as_at) -> bool:
    """Whether any source (published by ``as_at``) shows the force in the collaboration by then."""
    return any(e.evidence in ("joined", "member") and e.effective <= pd.Timestamp(as_at)
               for e in gather(tables, collab_id, force_id, as_at))


def covers(tables, row, force_id: str, as_at) -> bool:
    """Whether a claim is about ``force_id``: its own, naming it, about a collaboration it has been
    shown in, or about its region's programme as a whole."""
    if isinstance(row.get("force_id"), str) and row["force_id"]:
        return row["force_id"] == force_id
    named = _listed(row.get("forces"))
    if named:
        return force_id in named
    if isinstance(row.get("collab_id"), str) and row["collab_id"]:
        return _ever_member(tables, row["collab_id"], force_id, as_at)
    region = tables.forces.loc[tables.forces["force_id"] == force_id, "region"]
    return _text(row.get("region")) == "national" or (bool(len(region)) and _text(row.get("region")) == region.iloc[0])


def savings_claims(tables, force: str | None = None, *, as_at=None, kind: str | None = None,
                   coverage: str | None = None, region: str | None = None) -> pd.DataFrame:
    """The savings claims a paper may cite, in the order of the savings table.

    Parameters
    ----------
    force : str, optional
        Only claims about this force (see :func:`covers`).
    as_at : date-like, optional
        Only claims from sources published by then (and, with ``force``, membership by then).
    kind, coverage, region : str, optional
        Filters on those columns.
    """
    rows = citable(tables, tables.savings, as_at)
    if kind is not None:
        rows = rows[rows["kind"] == kind]
    if coverage is not None:
        rows = rows[rows["coverage"] == coverage]
    if region is not None:
        rows = rows[equals(rows["region"], region)]
    if force is not None:
        force_id = resolve_force(tables, force)
        when = as_at if as_at is not None else pd.Timestamp.max
        mask = [covers(tables, r, force_id, when) for _, r in rows.iterrows()]
        rows = rows[pd.Series(mask, index=rows.index, dtype=bool)]
    return rows.reset_index(drop=True)


def conflicting_claims(claims: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of claims about the same collaboration (and not limited to part of it), of the same kind, from
    different sources, whose
    amounts differ (EMOpSS "about £4m" against the vendor's "£5.2m in its first year"), or that give the
    same amount on different bases (the JOU's "£6.7m by 2012/13" against "up to £6.7m a year")."""
    pairs = []
    money = claims[claims["amount_gbp"].notna() & claims["collab_id"].notna() & equals(claims["coverage"], "collaboration")]
    if "scope" in money.columns:         # a claim the source limits to part of a collaboration contradicts no other
        money = money[money["scope"].isna() | (money["scope"].astype("string").str.strip() == "")]
    for _, group in money.groupby(["collab_id", "kind"], sort=False):
        rows = list(group.itertuples())
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                differ = int(a.amount_gbp) != int(b.amount_gbp) or a.per != b.per
                if a.source_id != b.source_id and differ:
                    pairs.append((a.saving_id, b.saving_id))
    return pairs


__all__ = ["KINDS", "COVERAGES", "covers", "savings_claims", "conflicting_claims"]
