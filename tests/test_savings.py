"""Tests of collab_analysis.savings: claims kept as claims, filtered by who they cover, never summed.

Fixture (tests/data/analysis/savings.csv), by hand: Leicestershire is covered by the regional claim
(em-since-2010, no collaboration, region east-midlands), the claim attributed to it (leics-share),
both Ops Service claims (it is a member of ops) and the regional inspectorate finding; not by the
Alpha Forensics projection (its forces list omits Leicestershire) nor the South East JOU claim.
"""
from __future__ import annotations


import pytest

import collab_analysis as ca
from collab_analysis.errors import ParameterError
from collab_analysis.savings import claim_text, conflicting_claims




def test_claims_covering_a_force(t):
    s = ca.savings_claims(t, force="leicestershire")
    assert list(s["saving_id"]) == ["em-since-2010", "leics-share", "ops-press", "ops-vendor", "hmic-average"]
    how = dict(zip(s["saving_id"], s["matched_by"]))
    assert how == {"em-since-2010": "in the region", "leics-share": "attributed to the force",
                   "ops-press": "member of the collaboration", "ops-vendor": "member of the collaboration",
                   "hmic-average": "in the region"}


def test_forces_list_decides_coverage(t):
    """Nottinghamshire is in the Alpha Forensics forces list; it also counts for Ops Service, which it left."""
    s = ca.savings_claims(t, force="Notts")
    assert set(s["saving_id"]) == {"em-since-2010", "ops-press", "ops-vendor", "fs-projected", "hmic-average"}
    assert list(ca.savings_claims(t, force="hampshire")["saving_id"]) == ["jou-projected"]


def test_filter_by_collaboration_includes_branches(t):
    assert list(ca.savings_claims(t, collaboration="ops")["saving_id"]) == ["ops-press", "ops-vendor"]
    assert list(ca.savings_claims(t, collaboration="alpha")["saving_id"]) == ["fs-projected"]


def test_filter_by_kind(t):
    """Sorted by kind, then period start: the JOU projection (2011) before Alpha Forensics (April 2012)."""
    assert list(ca.savings_claims(t, kind="projected")["saving_id"]) == ["jou-projected", "fs-projected"]
    assert len(ca.savings_claims(t, kind=["claimed", "inspectorate"])) == 5
    with pytest.raises(ParameterError, match="claimed"):
        ca.savings_claims(t, kind="saved")


def test_claims_are_never_summed(t):
    """One row per claim, amounts untouched, and no total row or column."""
    s = ca.savings_claims(t)
    assert len(s) == len(t.savings)
    assert sorted(s["amount_gbp"].dropna().astype(int)) == sorted(t.savings["amount_gbp"].dropna().astype(int))
    assert not any("total" in str(c).lower() for c in s.columns)
    assert not s["saving_id"].str.contains("total").any()


def test_claim_text_keeps_the_qualifier(t):
    s = ca.savings_claims(t).set_index("saving_id")
    assert s.loc["em-since-2010", "claim"] == "more than £70m"
    assert s.loc["leics-share", "claim"] == "about £20m"
    assert s.loc["jou-projected", "claim"] == "up to £6.7m a year"
    assert s.loc["hmic-average", "claim"] == "about 20%"
    assert s.loc["fs-projected", "covers"] == "Derbyshire, Lincolnshire, Nottinghamshire"
    assert s.loc["em-since-2010", "covers"] == "East Midlands region"
    assert claim_text({"percent": 30.0, "percent_high": 40.0, "qualifier": "range", "per": "period"}) == "30–40%"


def test_conflicting_claims(t):
    """About £4m (press) and £5.2m (vendor) for Ops Service over overlapping periods cannot both be right."""
    assert conflicting_claims(ca.savings_claims(t)) == [("ops", ["ops-press", "ops-vendor"], "amount")]


def test_real_conflicts_are_the_known_ones(real):
    """Research pack §6: EMOpSS ~£4m vs £5.2m, and TVP-Hampshire £6.7m "by 2012/13" vs "a year"; the BCH
    claims (different parts of the alliance) and Norfolk-Suffolk (different forces covered) are not."""
    found = {cid: reason for cid, _, reason in conflicting_claims(ca.savings_claims(real))}
    assert found == {"emopss": "amount", "tvp-hants-jou": "per"}


def test_real_leicestershire_claims_include_the_seed_figures(real):
    s = ca.savings_claims(real, force="leicestershire").set_index("saving_id")
    assert s.loc["em-region-since-2010", "claim"] == "more than £70m"
    assert s.loc["em-llr-share-since-2010", "claim"] == "about £20m"
