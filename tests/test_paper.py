"""A paper's facts, worked out by hand from the seeds: what the Leicestershire 2019-20 paper (the
panel of 22 July 2019, seed 002) and the Thames Valley 2016-17 paper (21 October 2016, seed 003) say,
that they cite nothing published after their date, and a few words."""
from __future__ import annotations

import importlib
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
    (seed 000's five-force, four-force and two-force lists and seed 002). Seed 002 paras 18-19 put crime
    training among the responsibilities of EMCHRS L&D, which is counted under EMCHRS: regional crime
    training is not counted a second time (its cells are "Not known", with the reason). Lincolnshire's
    EMCHRS membership is in dispute (seed 000 lists EMCHRS OH as five-force; seed 002 says it is not in
    EMCHRS)."""
    m = leics.membership
    assert m.count == 8
    assert set(m.count_names) == {"EMSOU", "EMCHRS", "EMOpSS", "EMCJS", "EMPLS", "HR Service Centre",
                                  "EM Collaboration Team", "Regional IS PMO"}
    crime = next(r for r in m.rows if r.collab_id == "em-crime-training")
    assert {c.label for c in crime.cells} == {"Not known"}
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


def test_a_collaboration_that_had_ended_leaves_the_grid_and_is_named_as_ended(tvp):
    """The Chiltern Air Support Unit merged into the National Police Air Service on 1 October 2012
    (research pack, C2). As at 21 October 2016 it is no longer a row of the grid, and the paper says why."""
    assert "Chiltern Air Support Consortium" not in [r.name for r in tvp.membership.rows]
    assert [(name, when) for name, when, _ in tvp.membership.ended] == [("Chiltern Air Support Consortium",
                                                                         "1 October 2012")]
    assert "No longer running at this date, so not in the grid: Chiltern Air Support Consortium (ended 1 October " \
           "2012)" in tvp.membership.html()


def test_the_same_figure_on_two_bases_is_not_called_a_disagreement(real):
    """Newbury Today gives the joint operations unit's saving as £6.7m by 2012/13, The News (Portsmouth) as
    up to £6.7m a year: the same figure, one a total and one yearly. Neither is wrong; the paper says the
    bases differ and does not say the claims disagree."""
    paper = ca.paper.facts(real, "thames-valley", "2019-20")
    assert [(a.amount, b.amount, bool(same)) for a, b, same in paper.savings.conflicts] == [
        ("up to £6.7m a year", "£6.7m", True)]
    html = paper.savings.html()
    assert "the same figure on different bases" in html and "Two claims disagree" not in html


def test_an_old_premise_says_what_prompted_the_question(real, tvp):
    """Seed 003 is the Thames Valley panel's report of 21 October 2016. In that year's paper its points are
    news, so those questions need no date (a question resting on a 2011 or 2012 report does); as at
    31 March 2020 they are more than three years old, so each says it was prompted by "a report of
    21 October 2016"."""
    asked = [q for _, _, qs in tvp.questions.themes for q in qs] + [q for _, q in tvp.questions.further]
    assert asked and not any(q.prompted == "a report of 21 October 2016" for q in asked)
    assert {q.prompted for q in asked} >= {"a report of January 2012", "a report of 2011"}
    later = ca.paper.facts(real, "thames-valley", "2019-20")
    asked = [q for _, _, qs in later.questions.themes for q in qs] + [q for _, q in later.questions.further]
    prompted = [q for q in asked if q.prompted == "a report of 21 October 2016"]
    assert prompted
    html = later.questions.html() + later.more_questions.html()
    assert "a report of 21 October 2016" in html


def test_a_long_paper_moves_its_lightest_developments_to_the_appendix(real, monkeypatch):
    """The committee pack's length limit: when the body is too long, key developments move to the appendix
    one at a time, and the paper says how many are where. events.csv holds ten key developments for
    Leicestershire dated (or, undated, published) between 1 April 2018 and the panel of 22 July 2019: eight
    from seed 002 (22 July 2019) and two on Nottinghamshire leaving EMOpSS in May 2018, one of which rests on a
    mirror published in 2021, after the paper's date. That leaves nine. With no room at all, one stays in
    the body: the withdrawal, which ranks first."""
    facts_module = importlib.import_module("collab_analysis.paper.facts")
    monkeypatch.setattr(facts_module, "BODY_WORDS", 0)
    paper = facts_module._panel_facts(real, "leicestershire", "2019-20", None, None)
    assert len(paper.developments.items) == 1 and paper.developments.more_key == 8
    assert "Nottinghamshire" in paper.developments.items[0].text
    assert "Nine key developments reported since 1 April 2018: the weightiest here, the other eight in the " \
           "appendix." in " ".join(re.sub(r"<[^>]+>", " ", paper.developments.html()).split())
    assert len(paper.earlier.more_key) == 8
    # nothing dangles: every note is cited and numbered from 1 in this paper's own pass
    assert [n.number for n, _ in paper.notes.notes] == list(range(1, len(paper.notes.notes) + 1))


def test_every_shipped_paper_fits_its_body_budget(real):
    facts_module = importlib.import_module("collab_analysis.paper.facts")
    for force in ("derbyshire", "leicestershire", "lincolnshire", "northamptonshire", "nottinghamshire",
                  "thames-valley"):
        paper = ca.paper.facts(real, force, "2019-20")
        assert facts_module.body_words(paper) <= facts_module.BODY_WORDS, force
