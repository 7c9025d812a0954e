"""Contributions, totals and the derived share of a force's budget, worked out by hand from seed 002
and the research pack."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

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


def test_last_years_figures_are_compared_only_on_the_same_basis(tmp_path):
    """Seed 002 gives 2019-20 only. Give Leicestershire a 2018-19 year by hand: EMSOU £6.000m on a
    "budget" basis (2019-20: £6.352m, net budget), EMCHRS £1.000m net budget (2019-20: £1.082m),
    EMCJS £0.174m net budget (2019-20 the same). EMSOU is not compared and both bases are named;
    EMCHRS changed; EMCJS is unchanged; EMOpSS, the HR Service Centre and EMPLS are new."""
    import shutil

    data = tmp_path / "raw"
    shutil.copytree(Path(ca.__file__).resolve().parent.parent / "data" / "raw", data)
    with (data / "budgets.csv").open("a", encoding="utf-8") as f:
        f.write("emsou,leicestershire,2018-19,6000000,1000,budget,,seed-002,para 10,EMSOU £6.000m,S\n"
                "emchrs,leicestershire,2018-19,1000000,1000,net budget,,seed-002,para 10,EMCHRS £1.000m,S\n"
                "emcjs,leicestershire,2018-19,174000,1000,net budget,,seed-002,para 10,EMCJS £0.174m,S\n")
    tables = ca.load(data)
    changes = ca.budgets.contribution_changes(tables, "leicestershire", "2019-20", as_at="2019-07-22")
    by_id = changes.set_index("collab_id")
    assert by_id.loc["emsou", ["previous_basis", "basis", "change"]].tolist() == ["budget", "net budget",
                                                                                  "basis differs"]
    assert by_id.loc["emchrs", ["previous_gbp", "amount_gbp", "change"]].tolist() == [1000000, 1082000, "changed"]
    assert by_id.loc["emcjs", "change"] == "unchanged"
    assert sorted(by_id.index[by_id["change"] == "new"]) == ["em-hr-service-centre", "em-legal", "emopss"]
    paper = ca.paper.facts(tables, "leicestershire", "2019-20")
    lead, parts = paper.costs.previous
    words = [w for w, _ in parts]
    assert lead == "Since 2018-19: "
    assert "EMSOU not compared, as the bases differ (2018-19: £6,000,000, budget; 2019-20: £6,352,000, net " \
           "budget)" in words
    assert "EMCHRS from £1,000,000 to £1,082,000" in words and "EMCJS unchanged at £174,000" in words
    # last year's figure is cited beside it
    assert all(notes for w, notes in parts if "first published" not in w)
