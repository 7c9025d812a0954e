"""Tests of collab_analysis.membership: who is in what, on a date and over time.

Expected values are worked out by hand from tests/data/analysis/memberships.csv (the fixture) and,
at the end, from the shipped data's sources (seed 002 and the research pack).
"""
from __future__ import annotations


import pandas as pd
import pytest

import collab_analysis as ca
from collab_analysis.errors import ParameterError




# --------------------------------------------------------------------------------------------
# members()

def test_member_until_the_day_before_end(t):
    """Is a force a member up to the day before its end date, and not on it?"""
    assert "nottinghamshire" in ca.members(t, "ops", on="2018-04-30")
    assert ca.members(t, "ops", on="2018-05-01") == ["leicestershire", "lincolnshire"]


def test_member_from_start_day(t):
    """Does a day-precision start count from that day exactly?"""
    assert ca.members(t, "ops", on="2015-03-30") == []
    assert ca.members(t, "ops", on="2015-03-31") == ["leicestershire", "lincolnshire", "nottinghamshire"]


def test_month_precision_counts_from_first_day_of_month(t):
    """Does a start written 2003-06 count from 1 June 2003?"""
    assert "lincolnshire" not in ca.members(t, "alpha", on="2003-05-31")
    assert "lincolnshire" in ca.members(t, "alpha", on="2003-06-01")


def test_year_precision_counts_from_first_of_january(t):
    """Does a start written 2015 count from 1 January 2015?"""
    assert "leicestershire" not in ca.members(t, "alpha-fs", on="2014-12-31")
    assert "leicestershire" in ca.members(t, "alpha-fs", on="2015-01-01")


def test_blank_start_counts_from_known_by(t):
    """Does a membership with no start date count only from the date a source shows it (known_by)?"""
    assert ca.members(t, "hr", on="2019-07-21") == []
    assert ca.members(t, "hr", on="2019-07-22") == ["derbyshire", "leicestershire"]


def test_members_sorted_and_accepts_names(t):
    """Are results sorted force ids, and can the collaboration be named by its short name or name?"""
    expected = ["derbyshire", "leicestershire", "lincolnshire", "nottinghamshire"]
    assert ca.members(t, "alpha", on="2019-06-01") == expected
    assert ca.members(t, "Alpha Unit", on="2019-06-01") == expected
    assert ca.members(t, "alpha special operations unit", on=pd.Timestamp("2019-06-01")) == expected


def test_unknown_collaboration_suggests_the_right_id(t):
    """Does a misspelt collaboration give a ParameterError naming the likely one?"""
    with pytest.raises(ParameterError, match="did you mean 'ops'"):
        ca.members(t, "opss", on="2019-06-01")


def test_financial_year_is_not_a_date(t):
    """Is a financial year passed as a date rejected with the fix (year_end)?"""
    with pytest.raises(ParameterError, match="year_end"):
        ca.members(t, "ops", on="2019-20")


# --------------------------------------------------------------------------------------------
# membership_matrix()

def test_matrix_values_on_a_date(t):
    """Does the grid say member / not a member / unknown as the fixture implies on 31 March 2019?"""
    m = ca.membership_matrix(t, on="2019-03-31")
    assert m.index.name == "collab_id" and m.columns.name == "force_id"
    assert m.loc["alpha", "lincolnshire"] == "member"
    assert m.loc["ops", "derbyshire"] == "not a member"
    assert m.loc["ops", "nottinghamshire"] == "not a member"      # left 1 May 2018
    assert m.loc["hr", "derbyshire"] == "unknown"                 # known only from 22 July 2019
    assert m.loc["hr", "lincolnshire"] == "not a member"
    assert m.loc["air", "leicestershire"] == "unknown"
    assert m.loc["jou", "hampshire"] == "member"
    assert set(m.to_numpy().ravel()) <= {"member", "not a member", "unknown"}


def test_matrix_default_columns_follow_forces_table(t):
    """Are the default columns every force ever in a collaboration, in forces-table order?"""
    m = ca.membership_matrix(t, on="2019-03-31")
    assert list(m.columns) == ["derbyshire", "leicestershire", "lincolnshire", "nottinghamshire", "hampshire",
                               "thames-valley"]
    assert list(m.index) == ["alpha", "alpha-fs", "ops", "train", "hr", "air", "jou"]


def test_matrix_subset_keeps_the_order_asked(t):
    """Do forces= and collaborations= choose and order the grid?"""
    m = ca.membership_matrix(t, on="2020-03-31", forces=["Notts", "leicestershire"], collaborations=["hr", "ops"])
    assert m.to_dict() == {"nottinghamshire": {"hr": "not a member", "ops": "not a member"},
                           "leicestershire": {"hr": "member", "ops": "member"}}


# --------------------------------------------------------------------------------------------
# membership_changes()

def test_changes_list_joins_with_precision(t):
    """Between 31 March 2014 and 31 March 2015: three Training joins (April 2014), Leicestershire into
    Alpha Forensics (2015) and three Ops Service joins (31 March 2015)."""
    ch = ca.membership_changes(t, "2014-03-31", "2015-03-31")
    assert list(ch.columns[:6]) == ["collab_id", "force_id", "change", "date", "date_precision", "source_id"]
    got = [(r.collab_id, r.force_id, r.change, r.date.strftime("%Y-%m-%d"), r.date_precision) for r in ch.itertuples()]
    assert got == [
        ("train", "derbyshire", "joined", "2014-04-01", "month"),
        ("train", "leicestershire", "joined", "2014-04-01", "month"),
        ("train", "nottinghamshire", "joined", "2014-04-01", "month"),
        ("alpha-fs", "leicestershire", "joined", "2015-01-01", "year"),
        ("ops", "leicestershire", "joined", "2015-03-31", "day"),
        ("ops", "lincolnshire", "joined", "2015-03-31", "day"),
        ("ops", "nottinghamshire", "joined", "2015-03-31", "day"),
    ]


def test_changes_list_a_withdrawal(t):
    """Is Nottinghamshire leaving Ops Service on 1 May 2018 the only change in 2018-19?"""
    ch = ca.membership_changes(t, "2018-03-31", "2019-03-31")
    assert [(r.collab_id, r.force_id, r.change, r.date, r.source_id) for r in ch.itertuples()] == [
        ("ops", "nottinghamshire", "left", pd.Timestamp("2018-05-01"), "src-press")]


def test_changes_window_is_after_start_up_to_end(t):
    """Is a change on the end date included and one on the start date left out (start < date <= end)?"""
    assert len(ca.membership_changes(t, "2018-04-30", "2018-05-01")) == 1
    assert len(ca.membership_changes(t, "2018-05-01", "2019-01-01")) == 0


def test_changes_end_before_start_is_an_error(t):
    with pytest.raises(ParameterError, match="before start"):
        ca.membership_changes(t, "2019-01-01", "2018-01-01")


def test_unknown_starts_are_not_joins(t):
    """Are memberships with no start date (hr, air) left out of the joins, as their dates are not known?"""
    ch = ca.membership_changes(t, "2000-01-01", "2025-01-01")
    assert not ch["collab_id"].isin(["hr", "air"]).any()


# --------------------------------------------------------------------------------------------
# timeline()

def test_timeline_intervals_for_one_force(t):
    """Does the timeline give Leicestershire's six memberships, with unknown starts drawn from known_by?"""
    tl = ca.timeline(t, forces="leicestershire")
    assert list(tl["collab_id"]) == ["alpha", "alpha-fs", "ops", "train", "hr", "air"]
    hr = tl[tl["collab_id"] == "hr"].iloc[0]
    assert not hr["start_known"] and hr["start_precision"] == "unknown"
    assert hr["draw_start"] == pd.Timestamp("2019-07-22")
    alpha = tl[tl["collab_id"] == "alpha"].iloc[0]
    assert alpha["start_known"] and alpha["start_precision"] == "year" and alpha["start"] == pd.Timestamp("2001-01-01")


def test_timeline_keeps_ends(t):
    tl = ca.timeline(t, collaborations="ops")
    notts = tl[tl["force_id"] == "nottinghamshire"].iloc[0]
    assert notts["end"] == pd.Timestamp("2018-05-01") and notts["end_precision"] == "day"


# --------------------------------------------------------------------------------------------
# the shipped data

def test_real_lincolnshire_outside_emchrs(real):
    """Seed 002 para 18: EMCHRS serves four of the five forces, Lincolnshire not participating."""
    m = ca.membership_matrix(real, on="2020-03-31", collaborations=["emchrs"],
                             forces=["derbyshire", "leicestershire", "lincolnshire", "northamptonshire", "nottinghamshire"])
    assert m.loc["emchrs"].to_dict() == {"derbyshire": "member", "leicestershire": "member",
                                         "lincolnshire": "not a member", "northamptonshire": "member",
                                         "nottinghamshire": "member"}


def test_real_notts_withdrawal_is_a_change_in_2018_19(real):
    ch = ca.membership_changes(real, "2018-03-31", "2019-03-31")
    left = ch[(ch["change"] == "left") & (ch["collab_id"] == "emopss")]
    assert list(left["force_id"]) == ["nottinghamshire"]
    assert left.iloc[0]["date"] == pd.Timestamp("2018-05-01")


def test_after_known_until_a_membership_is_unknown_not_current(real):
    """The tri-force alliance is last shown in May 2016 and its end is not confirmed (pack §6)."""
    tables = real
    assert ca.members(tables, "tri-force-alliance", on="2016-01-01") == [
        "leicestershire", "northamptonshire", "nottinghamshire"]
    assert ca.members(tables, "tri-force-alliance", on="2018-01-01") == []
    grid = ca.membership_matrix(tables, on="2018-01-01", forces=["leicestershire", "derbyshire"],
                                collaborations=["tri-force-alliance"])
    assert grid.loc["tri-force-alliance", "leicestershire"] == "unknown"
    assert grid.loc["tri-force-alliance", "derbyshire"] == "not a member"
