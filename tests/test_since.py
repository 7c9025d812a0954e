"""What changed since the last paper: a paper compares its facts with the edition last issued to its
panel, marks itself issued when it is exactly what was sent, and draft otherwise."""
from __future__ import annotations

import datetime as dt

import pandas as pd

import collab_analysis as ca
from collab_analysis.editions import PaperToIssue, issue
from collab_analysis.paper.front import DRAFT


def _issue(real, editions, force, year, as_at):
    paper = ca.paper.facts(real, force, year, as_at, editions_dir=editions)
    issue(editions, [PaperToIssue(panel=force, financial_year=year, as_at=dt.date.fromisoformat(as_at),
                                  title=paper.title, facts_json=paper.to_json(), digest=paper.digest())],
          data_sha256="0" * 64)
    return paper


def test_a_first_paper_says_there_is_nothing_to_compare_and_is_a_draft(real, tmp_path):
    paper = ca.paper.facts(real, "leicestershire", "2019-20", editions_dir=tmp_path / "editions")
    assert paper.since.edition == "" and paper.since.lines == ()
    assert paper.front.status == DRAFT


def test_an_issued_paper_is_marked_issued_not_draft(real, tmp_path):
    editions = tmp_path / "editions"
    _issue(real, editions, "leicestershire", "2019-20", "2019-07-22")
    again = ca.paper.facts(real, "leicestershire", "2019-20", "2019-07-22", editions_dir=editions)
    assert again.front.status == "Issued for the meeting of 22 July 2019"


def test_the_next_paper_says_what_changed_since_the_issued_one(real, tmp_path):
    """Issued as at 31 January 2018 (seed 000's meeting); the paper of 22 July 2019 then reports, with
    their notes, seed 002's contributions as newly published and Nottinghamshire's EMOpSS withdrawal."""
    editions = tmp_path / "editions"
    _issue(real, editions, "leicestershire", "2017-18", "2018-01-31")
    later = ca.paper.facts(real, "leicestershire", "2019-20", "2019-07-22", editions_dir=editions)
    assert later.since.edition == "31 January 2018"
    lines = [text for text, _ in later.since.lines]
    assert any(text.startswith("EMSOU: contribution of £6.352m now published") for text in lines)
    assert "Nottinghamshire, EMOpSS: Yes → No" in lines
    assert later.membership.since == pd.Timestamp("2018-01-31")
