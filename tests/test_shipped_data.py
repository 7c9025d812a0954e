"""Does the shipped data set in data/raw say what the seed documents say?

Every expected value below was typed by hand from the seed documents in ../shared/seeds/ (the
paragraph is named next to each), never copied from the program's output.
"""
from __future__ import annotations

import csv

import pandas as pd
import pytest

import collab_analysis as ca
from collab_analysis import paths

EM5 = ["derbyshire", "leicestershire", "lincolnshire", "northamptonshire", "nottinghamshire"]


def test_shipped_data_validate_without_errors():
    """Does validation of data/raw report zero errors?"""
    errors = [p for p in ca.validate() if p.severity == "error"]
    assert errors == [], "\n".join(str(p) for p in errors)


def test_leicestershire_2019_20_contributions_match_seed_002_para_10(real):
    """Are Leicestershire's six 2019-20 figures those of seed 002 para 10?"""
    expected = {  # seed 002 para 10, £m written out as whole pounds
        "emsou": 6_352_000,
        "emchrs": 1_082_000,
        "emopss": 758_000,
        "em-hr-service-centre": 745_000,
        "em-legal": 376_000,
        "emcjs": 174_000,
    }
    got = ca.contributions(real, "leicestershire", "2019-20")
    assert dict(zip(got["collab_id"], got["amount_gbp"].astype(int))) == expected
    assert sum(expected.values()) == 9_487_000  # the seed's six figures add up to its own total


def test_leicestershire_2019_20_bases_are_the_seed_headings(real):
    """Does each 2019-20 row carry the basis its seed 002 heading gives?"""
    b = real.budgets
    rows = b[(b["force_id"] == "leicestershire") & (b["financial_year"] == "2019-20")]
    bases = dict(zip(rows["collab_id"], rows["basis"]))
    assert bases["emopss"] == "net budget for centrally funded staff"  # heading before para 20
    assert bases["em-legal"] == "budget"  # heading before para 26
    assert bases["emsou"] == "net budget"  # heading before para 11
    assert set(rows["total_id"]) == {"leics-2019-20"}


def test_leicestershire_published_totals(real):
    """Are the £9.487m total (para 10) and the rounded £9.5m (para 4) both recorded?"""
    t = real.budget_totals.set_index("total_id")
    assert int(t.loc["leics-2019-20", "amount_gbp"]) == 9_487_000
    assert int(t.loc["leics-2019-20", "precision_gbp"]) == 1_000
    assert int(t.loc["leics-2019-20-summary", "amount_gbp"]) == 9_500_000
    assert int(t.loc["leics-2019-20-summary", "precision_gbp"]) == 100_000
    assert t.loc["leics-2019-20-summary", "same_as"] == "leics-2019-20"


@pytest.mark.parametrize(
    ("collab_id", "expected"),
    [
        # seed 000 para 4, "Five Force Collaborations"
        ("emsou", EM5),
        ("em-legal", EM5),
        ("emchrs-oh", EM5),
        ("em-collab-team", EM5),
        ("em-ict-pmo", EM5),
        # "Four Force Collaborations"
        ("emchrs-ld", ["derbyshire", "leicestershire", "northamptonshire", "nottinghamshire"]),
        ("emopss", ["leicestershire", "lincolnshire", "northamptonshire", "nottinghamshire"]),
        ("emcjs", ["leicestershire", "lincolnshire", "northamptonshire", "nottinghamshire"]),
        # "Two-force collaboration"
        ("em-hr-service-centre", ["derbyshire", "leicestershire"]),
    ],
)
def test_members_on_31_january_2018_match_seed_000(real, collab_id, expected):
    """Does each collaboration have the members seed 000 lists on 31 January 2018?"""
    assert ca.members(real, collab_id, on="2018-01-31") == expected


def test_nottinghamshire_outside_emopss_in_june_2019(real):
    """Is Nottinghamshire out of EMOpSS after 1 May 2018 (seed 002 para 20; pack §3a) but in before?"""
    assert ca.members(real, "emopss", on="2019-06-01") == ["leicestershire", "lincolnshire", "northamptonshire"]
    assert "nottinghamshire" in ca.members(real, "emopss", on="2018-04-30")


def test_no_status_nc_anywhere():
    """Is there no NC (not confirmed) status, or any NC cell, in any shipped file?"""
    for path in sorted(paths.DATA_RAW.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row_number, row in enumerate(csv.DictReader(fh), start=2):
                assert "NC" not in [v.strip().upper() for v in row.values()], f"{path.name} row {row_number}"


def test_loaded_statuses_are_only_s_c_c2_d(real):
    """Does every fact table carry only the shippable status codes?"""
    for name in ["forces", "collaborations", "memberships", "events", "budgets", "budget_totals",
                 "cost_shares", "savings", "context"]:
        statuses = set(getattr(real, name)["status"].astype(str))
        assert statuses <= {"S", "C", "C2", "D"}, name


def test_both_emsou_founding_dates_are_kept(real):
    """Are the conflicting EMSOU founding years (2001 and 2002) both kept, from different sources?"""
    e = real.events
    formed = e[(e["collab_id"] == "emsou") & (e["event"] == "formed")]
    assert sorted(formed["date"].dt.year.tolist()) == [2001, 2002]
    assert formed["source_id"].nunique() == 2


def test_both_emopss_savings_claims_are_kept(real):
    """Are the ~£4m (press) and £5.2m first-year (vendor) EMOpSS claims both present?"""
    s = real.savings
    emopss = s[s["collab_id"] == "emopss"]
    assert sorted(emopss["amount_gbp"].astype(int).tolist()) == [4_000_000, 5_200_000]
    assert set(emopss["claimant"].astype(str)) == {"press", "vendor"}


def test_emsou_cost_shares_c2012(real):
    """Are the c.2012 EMSOU shares those of the pack's §1a rows 1-5, summing to 100%?"""
    cs = real.cost_shares
    shares = dict(zip(cs["force_id"], cs["share_pct"].astype(float)))
    assert shares == {"nottinghamshire": 27.6, "derbyshire": 22.0, "leicestershire": 23.1,
                      "lincolnshire": 12.6, "northamptonshire": 14.7}
    assert sum(shares.values()) == pytest.approx(100.0)


def test_emopss_review_after_notts_left_has_no_invented_date(real):
    """Seed 002 paras 21-23 say the service 'is now a hybrid model' but give no date for the change."""
    row = real.events.set_index("event_id").loc["emopss-restructured-after-2018-05"]
    assert pd.isna(row["date"]) and row["source_id"] == "seed-002" and row["locator"] == "paras 21-23"
