"""Membership read from evidence: the four states, the rules of the data dictionary, and the
shipped data against cases worked out by hand from the seeds and the research pack."""
from __future__ import annotations

import pandas as pd
import pytest

from collab_analysis import membership as ms
from collab_analysis.membership import DIFFER, MEMBER, NOT_KNOWN, NOT_MEMBER, Evidence, decide

from membership_cases import CASES


def ev(kind: str, date: str, precision: str = "day", source: str = "s1", via: str = "", qualifier: str = "") -> Evidence:
    return Evidence("c", "f", pd.Timestamp(date), precision, kind, source, "para 1", "words", "S",
                    qualifier=qualifier, via=via)


def state(evidence: list[Evidence], on: str) -> str:
    return decide(sorted(evidence, key=lambda e: e.effective), pd.Timestamp(on))[0]


# --- the rules, on hand-made evidence ----------------------------------------------------------

def test_no_evidence_is_not_known():
    """With no source saying anything, is the answer "not known" rather than "no"?"""
    assert state([], "2019-01-01") == NOT_KNOWN


def test_a_spell_shown_at_two_dates_holds_in_between_and_after():
    """Does a membership shown in 2012 and 2019 hold in 2015, and after 2019 when nothing says it lapsed?"""
    evidence = [ev("member", "2012-01-20"), ev("member", "2019-07-22", source="s2")]
    assert state(evidence, "2015-06-01") == MEMBER
    assert state(evidence, "2021-01-01") == MEMBER
    assert state(evidence, "2011-12-31") == NOT_KNOWN


def test_a_withdrawal_ends_the_spell_on_its_first_day():
    """Nottinghamshire left EMOpSS on 1 May 2018: a member on 30 April, not on 1 May?"""
    evidence = [ev("member", "2018-01-31"), ev("left", "2018-05-01", source="bbc")]
    assert state(evidence, "2018-04-30") == MEMBER
    assert state(evidence, "2018-05-01") == NOT_MEMBER


def test_a_complete_list_without_the_force_says_not_a_member():
    """Seed 000's four-force EMOpSS list leaves Derbyshire out: is Derbyshire "not a member" from then?"""
    assert state([ev("listed-without", "2018-01-31")], "2018-01-30") == NOT_KNOWN
    assert state([ev("listed-without", "2018-01-31")], "2018-01-31") == NOT_MEMBER


def test_a_later_not_member_without_a_withdrawal_is_a_conflict():
    """Lincolnshire: in EMCHRS OH in January 2018, "not participating" in July 2019, no withdrawal
    recorded: do the sources differ, rather than one silently winning?"""
    evidence = [ev("member", "2018-01-31", source="seed-000"), ev("not-member", "2019-07-22", source="seed-002")]
    assert state(evidence, "2018-10-01") == MEMBER
    assert state(evidence, "2019-07-22") == DIFFER


def test_a_join_after_a_complete_list_is_a_join_not_a_conflict():
    """Not in a 2012 complete list, shown as a member in 2016: a member in 2016, no conflict?"""
    evidence = [ev("listed-without", "2012-04-01"), ev("member", "2016-01-08", source="s2")]
    assert state(evidence, "2014-01-01") == NOT_MEMBER
    assert state(evidence, "2016-01-08") == MEMBER


def test_a_date_known_only_to_the_year_is_not_known_inside_that_year():
    """A join dated only "2015": not known on 1 June 2015, a member on 31 December 2015, and not a
    member before 2015 (the join is still to come)?"""
    evidence = [ev("joined", "2015-01-01", precision="year")]
    assert state(evidence, "2014-06-01") == NOT_MEMBER
    assert state(evidence, "2015-06-01") == NOT_KNOWN
    assert state(evidence, "2015-12-31") == MEMBER


def test_unclear_makes_a_membership_not_known_with_its_qualifier():
    """A source saying Northamptonshire "appears to have left": not known, with the words kept?"""
    evidence = [ev("member", "2019-07-22"), ev("unclear", "2021-01-01", precision="year", source="wiki",
                                             qualifier="appears to have left")]
    result = decide(evidence, pd.Timestamp("2022-01-01"))
    assert result[0] == NOT_KNOWN and result[1] == "appears to have left"


def test_through_a_branch_is_said():
    """A member of the parent only through a branch: does the reading name the branch?"""
    result = decide([ev("member", "2018-01-31", via="emchrs-oh")], pd.Timestamp("2018-02-01"))
    assert result[:3] == (MEMBER, "", "emchrs-oh")


# --- the shipped data, as the sources say ------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.collab}-{c.force}-{c.on}")
def test_shipped_membership_matches_the_sources(real, case):
    """Does the shipped data give the answer worked out by hand from the sources?"""
    assert ms.reading(real, case.collab, case.force, case.on).state == case.expect, case.why


def test_a_paper_reads_membership_as_known_at_its_date(real):
    """Seed 002 (22 July 2019) says EMSOU Forensic Services served all five forces from 2015. A paper
    as at 1 January 2016 cannot cite it, so Leicestershire is still outside (the June 2012 source
    says it was working separately); read with every source held, it is a member."""
    assert ms.reading(real, "emsou-fs", "leicestershire", "2016-01-01").state == MEMBER
    as_known = ms.reading(real, "emsou-fs", "leicestershire", "2016-01-01", known_by="2016-01-01")
    assert as_known.state == NOT_MEMBER


def test_qualifiers_stay_with_the_membership(real):
    """Kent is in SEROCU "to a lesser extent": does the reading keep the words?"""
    reading = ms.reading(real, "serocu", "kent", "2019-01-01")
    assert reading.state == MEMBER and reading.qualifier == "to a lesser extent"


def test_members_lists_the_three_forces_left_in_emopss(real):
    """Seed 002 para 20: "three force model in operation (Leicestershire, Lincolnshire and Northamptonshire)"."""
    assert ms.members(real, "emopss", "2019-07-22") == ["leicestershire", "lincolnshire", "northamptonshire"]
