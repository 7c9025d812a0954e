"""Tests of collab_analysis.budgets: contributions, reconciliation to published totals, changes
between years, the derived budget share and financial-year helpers.

Fixture values (tests/data/analysis/budgets.csv and budget_totals.csv), worked by hand:
Leicestershire 2019-20 = 3,000,000 + 500,000 + 250,000 + 125,000 = 3,875,000 (total leics-1920, to
the £1,000); the £3.9m summary (to the £100,000) is 25,000 more, within half of 100,000.
Leicestershire 2018-19 itemised in leics-1819 = 1,500,000 + 400,000 = 1,900,000 against a published
2,000,000 to the £1,000: 100,000 out, so it does not reconcile. Budget share 3,875,000 / 77,500,000
= 5%; Lincolnshire 2020-21 1,000,000 / 40,000,000 = 2.5%.
"""
from __future__ import annotations


import pandas as pd
import pytest

import collab_analysis as ca
from collab_analysis.budgets import normalise_year, previous_year, year_end, year_start
from collab_analysis.errors import ParameterError




# --------------------------------------------------------------------------------------------
# financial years

@pytest.mark.parametrize("raw", ["2019-20", "2019/20", "2019/2020", "2019-2020", " 2019-20 "])
def test_financial_year_forms(raw):
    assert normalise_year(raw) == "2019-20"


@pytest.mark.parametrize("raw", ["2019-21", "19-20", "2019", "", None, "2019-18"])
def test_bad_financial_years_are_rejected_with_the_form(raw):
    with pytest.raises(ParameterError, match="2019-20|one year to the next|20"):
        normalise_year(raw)


def test_year_end_is_31_march():
    """A financial year's membership is read as at 31 March at its end."""
    assert year_end("2019-20") == pd.Timestamp("2020-03-31")
    assert year_start("2019-20") == pd.Timestamp("2019-04-01")
    assert previous_year("2019-20") == "2018-19"
    assert previous_year("2000-01") == "1999-00"
    assert year_end("1999-00") == pd.Timestamp("2000-03-31")


# --------------------------------------------------------------------------------------------
# contributions()

def test_contributions_one_year(t):
    c = ca.contributions(t, "leicestershire", year="2019-20")
    assert list(c.columns) == ["collab_id", "name", "financial_year", "amount_gbp", "basis", "source_id", "locator",
                               "status", "total_id"]
    assert list(c["collab_id"]) == ["alpha", "ops", "hr", "train"]          # largest first
    assert list(c["amount_gbp"]) == [3_000_000, 500_000, 250_000, 125_000]
    assert int(c["amount_gbp"].sum()) == 3_875_000
    assert list(c["name"]) == ["Alpha Unit", "Ops Service", "HR Centre", "Training"]
    assert str(c["amount_gbp"].dtype) == "Int64"


def test_contributions_all_years_and_aliases(t):
    c = ca.contributions(t, "Leics")
    assert list(c["financial_year"].unique()) == ["2018-19", "2019-20"]
    assert len(c) == 7


def test_contributions_nothing_published_is_empty_not_zero(t):
    c = ca.contributions(t, "derbyshire", year="2019-20")
    assert c.empty and "amount_gbp" in c.columns


# --------------------------------------------------------------------------------------------
# reconcile()

def test_reconcile_exact_and_rounded_totals(t):
    r = ca.reconcile(t, "leicestershire", "2019-20").set_index("total_id")
    exact = r.loc["leics-1920"]
    assert (exact["amount_gbp"], exact["itemised_gbp"], exact["difference_gbp"]) == (3_875_000, 3_875_000, 0)
    assert bool(exact["within_rounding"]) and exact["result"] == "reconciles exactly"
    summary = r.loc["leics-1920-summary"]                  # same_as leics-1920: the same four rows
    assert (summary["itemised_gbp"], summary["n_rows"], summary["difference_gbp"]) == (3_875_000, 4, 25_000)
    assert bool(summary["within_rounding"]) and summary["result"] == "within rounding"


def test_reconcile_flags_a_total_that_does_not_add_up(t):
    r = ca.reconcile(t, "leicestershire", "2018-19").iloc[0]
    assert (r["amount_gbp"], r["itemised_gbp"], r["difference_gbp"]) == (2_000_000, 1_900_000, 100_000)
    assert not bool(r["within_rounding"]) and r["result"] == "does not reconcile"


def test_reconcile_total_without_itemised_rows(t):
    r = ca.reconcile(t, "lincolnshire", "2020-21").iloc[0]
    assert r["result"] == "no itemised rows published"
    assert pd.isna(r["itemised_gbp"]) and pd.isna(r["within_rounding"]) and r["n_rows"] == 0


def test_reconcile_within_rounding_is_half_the_precision(t):
    """|difference| <= precision / 2: 50,000 is within a £100k rounding, 50,001 is not."""
    totals = t.budget_totals.copy()
    for amount, expected in ((3_925_000, True), (3_925_001, False)):
        totals.loc[totals["total_id"] == "leics-1920-summary", "amount_gbp"] = amount
        tt = t.replace(budget_totals=totals)
        r = ca.reconcile(tt, "leicestershire", "2019-20").set_index("total_id").loc["leics-1920-summary"]
        assert bool(r["within_rounding"]) is expected


# --------------------------------------------------------------------------------------------
# contribution_changes()

def test_contribution_changes_compare_like_with_like(t):
    ch = ca.contribution_changes(t, "leicestershire", "2019-20").set_index("collab_id")
    assert ch.loc["alpha", "change"] == "changed" and ch.loc["alpha", "difference_gbp"] == 1_500_000
    # 400,000 "net budget" then 500,000 "net budget for centrally funded staff": never subtracted
    assert ch.loc["ops", "change"] == "basis differs" and pd.isna(ch.loc["ops", "difference_gbp"])
    assert "not compared" in ch.loc["ops", "note"]
    assert ch.loc["hr", "change"] == "new" and ch.loc["train", "change"] == "new"
    assert ch.loc["air", "change"] == "ended" and pd.isna(ch.loc["air", "amount_gbp"])


def test_contribution_changes_without_previous_year(t):
    """With nothing published for 2017-18, nothing in 2018-19 can be called new."""
    ch = ca.contribution_changes(t, "leicestershire", "2018-19")
    assert set(ch["change"]) == {"no previous figures"}


# --------------------------------------------------------------------------------------------
# budget_share()

def test_budget_share_is_derived_and_labelled(t):
    s = ca.budget_share(t, "leicestershire", "2019-20")
    assert len(s) == 1                     # the £3.9m restatement and the "funding" measure are not used
    r = s.iloc[0]
    assert r["share_pct"] == pytest.approx(5.0)
    assert r["status"] == "D" and r["label"] == "derived: £3.875m ÷ £77.5m"
    assert r["measure"] == "budget" and r["numerator_gbp"] == 3_875_000 and r["denominator_gbp"] == 77_500_000


def test_budget_share_from_a_total_without_rows(t):
    r = ca.budget_share(t, "lincolnshire", "2020-21").iloc[0]
    assert r["share_pct"] == pytest.approx(2.5)
    assert r["label"] == "derived: £1m ÷ £40m" and r["measure"] == "planned total spend"


def test_budget_share_never_uses_funding(t):
    """With only a "funding" figure for the year there is no share at all."""
    ctx = t.context[t.context["measure"] != "budget"].reset_index(drop=True)
    tt = t.replace(context=ctx)
    assert ca.budget_share(tt, "leicestershire", "2019-20").empty


def test_budget_share_needs_both_figures(t):
    assert ca.budget_share(t, "derbyshire", "2019-20").empty
    assert ca.budget_share(t, "leicestershire", "2018-19").empty        # no budget figure for 2018-19


# --------------------------------------------------------------------------------------------
# latest_year()

def test_latest_year(t):
    assert ca.latest_year(t) == "2020-21"
    assert ca.latest_year(t, "leicestershire") == "2019-20"
    assert ca.latest_year(t, "derbyshire") is None


# --------------------------------------------------------------------------------------------
# the shipped data (seed 002 para 10 and para 4; research pack §1a rows 18-19 and §4a row 3)

def test_real_leicestershire_reconciles(real):
    r = ca.reconcile(real, "leicestershire", "2019-20")
    exact = r[r["amount_gbp"] == 9_487_000].iloc[0]
    assert exact["difference_gbp"] == 0 and exact["result"] == "reconciles exactly"
    rounded = r[r["amount_gbp"] == 9_500_000].iloc[0]
    assert rounded["difference_gbp"] == 13_000 and bool(rounded["within_rounding"])


def test_real_leicestershire_budget_share(real):
    s = ca.budget_share(real, "leicestershire", "2019-20").iloc[0]
    assert s["share_pct"] == pytest.approx(5.07, abs=0.005)
    assert s["status"] == "D" and s["label"] == "derived: £9.487m ÷ £187.1m"


def test_real_notts_mfss_bases_are_not_compared(real):
    """Notts MFSS: 2017-18 "spend", 2018-19 "original budget" and "revised budget" (research pack
    §1a rows 15-16) are different bases, so no row is called new or given a difference."""
    ch = ca.contribution_changes(real, "nottinghamshire", "2018-19")
    assert set(ch["change"]) == {"basis differs"}
    assert ch["difference_gbp"].isna().all()
