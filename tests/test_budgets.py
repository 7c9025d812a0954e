"""Contributions, totals and the derived share of a force's budget, worked out by hand from seed 002
and the research pack."""
from __future__ import annotations

from decimal import Decimal

import pytest

import collab_analysis as ca
from collab_analysis.budgets import round_significant, significant_figures


@pytest.mark.parametrize("amount, precision, figures", [
    (9487000, 1000, 4), (187100000, 100000, 4), (4000000, 1000000, 1), (128000000, 1000000, 3),
])
def test_significant_figures_follow_the_published_precision(amount, precision, figures):
    assert significant_figures(amount, precision) == figures


def test_a_share_is_never_finer_than_its_inputs():
    """£4m (to the nearest £1m) of £128m is 3%, not 3.13% (issue 10, point 5)."""
    assert round_significant(4_000_000 * 100 / 128_000_000, 1) == Decimal("3")
    assert round_significant(9_487_000 * 100 / 187_100_000, 4) == Decimal("5.1")


def test_leicestershire_2019_20_contributions_are_seed_002s_table(real):
    """Seed 002 para 10: six lines, largest first, adding up to the published £9.487m."""
    rows = ca.contributions(real, "Leics", "2019-20", as_at="2019-07-22")
    assert list(zip(rows["collab_id"], rows["amount_gbp"])) == [
        ("emsou", 6352000), ("emchrs", 1082000), ("emopss", 758000), ("em-hr-service-centre", 745000),
        ("em-legal", 376000), ("emcjs", 174000)]
    check = ca.budgets.reconcile(real, "leicestershire", "2019-20", as_at="2019-07-22").set_index("total_id")
    assert check.loc["leics-2019-20", "result"] == "exact"
    assert check.loc["leics-2019-20-summary", "result"] == "within rounding"      # £9.5m, para 4
    assert int(check.loc["leics-2019-20-summary", "difference_gbp"]) == 13000


def test_leicestershire_share_of_budget_is_derived_at_the_inputs_precision(real):
    """£9.487m ÷ £187.1m (PR-284) = 5.0705...%: four significant figures, at most one decimal: 5.1%."""
    share = ca.budget_share(real, "leicestershire", "2019-20", as_at="2019-07-22")
    assert list(share["share_pct"]) == [Decimal("5.1")]


def test_nothing_published_after_the_date_is_used(real):
    """As at 1 July 2019 the PCC's report of 22 July 2019 does not exist yet: no contributions."""
    assert ca.contributions(real, "leicestershire", "2019-20", as_at="2019-07-01").empty
