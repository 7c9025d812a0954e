"""A paper's facts, worked out by hand from the seeds: what the Leicestershire 2019-20 paper (the
panel of 22 July 2019, seed 002) and the Thames Valley 2016-17 paper (21 October 2016, seed 003) say,
that they cite nothing published after their date, and a few words."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import collab_analysis as ca
from collab_analysis.errors import ParameterError
from collab_analysis.sources import published


@pytest.fixture(scope="module")
def leics(real):
    return ca.paper.facts(real, "leicestershire", "2019-20")


@pytest.fixture(scope="module")
def tvp(real):
    return ca.paper.facts(real, "thames-valley", "2016-17")


def test_the_paper_is_as_at_its_panels_meeting(leics):
    """The meetings table gives Leicestershire's panel of 22 July 2019 (seed 002's date)."""
    assert leics.as_at == pd.Timestamp("2019-07-22")
    assert leics.front.meeting == "22 July 2019"
    assert leics.front.author.startswith("Martin Henry")
    assert leics.front.recommendation == "The Police and Crime Panel is asked to note the report."


def test_a_panel_without_a_meeting_date_is_as_at_the_year_end(real):
    """Derbyshire's 2019-20 row leaves the date blank: the paper is as at 31 March 2020."""
    assert ca.paper.facts(real, "Derbys", "2019-20").as_at == pd.Timestamp("2020-03-31")


def test_costs_are_seed_002s_table_with_its_total(leics):
    costs = leics.costs
    assert [(line.name, line.amount) for line in costs.lines] == [
        ("EMSOU", 6352000), ("EMCHRS", 1082000), ("EMOpSS", 758000), ("HR Service Centre", 745000),
        ("EMPLS", 376000), ("EMCJS", 174000)]
    assert costs.rows_sum == 9487000
    assert [(t.amount, t.result) for t in costs.totals] == [(9487000, "exact"), (9500000, "within rounding")]
    assert costs.share.share == "5.1%" and costs.share.notes[-1].derived


def test_membership_counts_parents_once_and_shows_the_conflict(leics):
    """As at 22 July 2019 the sources show Leicestershire in eight East Midlands collaborations
    (seed 000's five-force, four-force and two-force lists and seed 002), and Lincolnshire's EMCHRS
    membership in dispute (seed 000 lists EMCHRS OH as five-force; seed 002 says it is not in EMCHRS)."""
    m = leics.membership
    assert m.count == 8
    assert set(m.count_names) == {"EMSOU", "EMCHRS", "EMOpSS", "EMCJS", "EMPLS", "HR Service Centre",
                                  "EM Collaboration Team", "Regional IS PMO"}
    lincs = [f for f, _ in m.columns].index("lincolnshire")
    emchrs = next(r for r in m.rows if r.collab_id == "emchrs")
    assert emchrs.cells[lincs].state == "sources differ"
    assert {name for name, _ in m.national} == {"NPAS", "Police ICT Company", "NWCU", "NABIS"}


def test_nottinghamshires_withdrawal_from_emopss_is_in_the_paper(leics):
    """Seed 002 para 20: Nottinghamshire withdrew in 2018; the grid says No, and the body reports the
    service became a hybrid model."""
    m = leics.membership
    notts = [f for f, _ in m.columns].index("nottinghamshire")
    emopss = next(r for r in m.rows if r.collab_id == "emopss")
    assert emopss.cells[notts].state == "not a member"
    assert any("hybrid" in item.text for item in leics.developments.items)


def test_nothing_cited_was_published_after_the_papers_date(real, leics, tvp):
    when = published(real)
    for paper in (leics, tvp):
        late = [n.source_id for n, _ in paper.notes.notes if n.source_id and when[n.source_id] > paper.as_at]
        assert not late, late


def test_sources_list_exactly_the_sources_cited(leics):
    cited = {n.source_id for n, _ in leics.notes.notes if n.source_id}
    listed = {s.source_id for s in leics.sources.sources}
    assert cited == listed
    assert all(s.notes for s in leics.sources.sources)


def test_no_research_pack_references_reach_a_paper(leics, tvp):
    for paper in (leics, tvp):
        text = paper.to_json()
        assert "§" not in text and "research pack" not in text.lower()


def test_thames_valley_2016_17_reports_the_governance_lapse_and_asks_about_it(tvp):
    """Seed 003: Hampshire/TVP bilateral governance board meetings cancelled during 2015/16."""
    assert any("cancelled" in item.text for item in tvp.developments.items)
    assert tvp.as_at == pd.Timestamp("2016-10-21")


def test_facts_are_deterministic_json(real, leics):
    again = ca.paper.facts(real, "leicestershire", "2019-20")
    assert again.to_json() == leics.to_json()
    assert json.loads(leics.to_json())["costs"]["lines"][0]["amount"] == 6352000
    assert leics.digest() == again.digest()
    assert leics.digest()["contribution EMCJS 2019-20"] == "£174,000 net budget"


@pytest.mark.parametrize("force, year, words", [
    ("Leicestershir", "2019-20", "did you mean .leicestershire."),
    ("leicestershire", "2030-31", "no data for the year '2030-31'"),
    ("hampshire", "2019-20", "has no Police and Crime Panel"),
])
def test_bad_parameters_are_refused_with_the_choices(real, force, year, words):
    with pytest.raises(ParameterError, match=words):
        ca.paper.facts(real, force, year)


def test_a_meeting_outside_its_year_is_refused(real):
    with pytest.raises(ParameterError, match="not in financial year 2019-20"):
        ca.paper.facts(real, "leicestershire", "2019-20", "2021-01-01")


@pytest.fixture(scope="module")
def leics_2009(real):
    """As at 31 March 2010: before Police and Crime Commissioners (22 November 2012)."""
    return ca.paper.facts(real, "leicestershire", "2009-10")


def test_a_paper_before_pccs_says_who_the_force_answered_to_and_asks_the_successor(leics_2009):
    """Seed 004 (draft plan of 22 February 2010) is the only source for 2009-10. It expects
    "significant savings by April 2011", so the question about those savings is asked, of the PCC as
    the police authority's successor (no one else can answer it now)."""
    assert "police authority" in leics_2009.front.panel and "November 2012" in leics_2009.front.panel
    questions = [q for _, _, qs in leics_2009.questions.themes for q in qs] + \
        [q for _, q in leics_2009.questions.further]
    assert any("April 2011" in q.text for q in questions)
    assert leics_2009.questions.successor
    assert all("the police authority publish" not in q.text for q in questions)
    headings = [h for _, h, _ in leics_2009.questions.themes]
    assert any("police authority" in h for h in headings)
    html = leics_2009.questions.html()
    assert "questions are for the PCC as successor" in html


def test_a_single_claim_or_question_is_not_written_as_a_set(leics_2009):
    """Seed 004 holds one savings claim about Leicestershire's collaborations (regional crime
    training, £170,000 a year): one claim is "One", with who made it, never "shown side by side"."""
    glance = leics_2009.glance.html()
    assert "side by side" not in glance
    assert re.search(r"One, claimed as achieved, made by the five East Midlands forces", glance)
    assert not re.search(r"\b\d+ of the \d+\b", glance + leics_2009.membership.html())


def test_membership_changes_list_only_what_a_source_says_happened(tvp):
    """A member whose evidence ages into "not known" has not left or joined: only joins, withdrawals and
    disagreements are listed as changes."""
    assert {c.kind for c in tvp.membership.changes} <= {"left", "joined", "differ"}
    assert all("no longer clearly" not in c.words for c in tvp.membership.changes)


def test_the_overview_shows_a_budget_already_published_for_the_next_year(real):
    """The Lincolnite of 4 February 2020: the PCC's proposed 2020/21 budget holds £4 million for joint
    services with other regional forces. The 2019-20 overview (as at 31 March 2020) shows it."""
    overview = ca.paper.overview_facts(real, "2019-20")
    lincs = next(f for f in overview.costs.forces if f.force_id == "lincolnshire")
    assert [(year, t.amount) for year, t in lincs.ahead] == [("2020-21", 4_000_000)]
    assert "For 2020-21, already published: £4m" in overview.costs.html()
