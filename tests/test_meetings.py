"""Does the cycle give each panel's paper its year and date from meetings.csv, never from the clock?

The good fixture's meetings.csv: Leicestershire 2018-19 on 4 March 2019 (from seed-000, "MONDAY 4
MARCH 2019"); Leicestershire 2019-20 with no date (a secretariat row); Notts 2019-20 on 22 July
2019. Northamptonshire has no panel.
"""
from __future__ import annotations

import datetime as dt

import pytest

from collab_analysis import meetings
from collab_analysis.errors import ParameterError


def test_cycle_year_is_the_latest_year_in_the_meetings_table(good):
    assert meetings.cycle_year(good) == "2019-20"


def test_cycle_year_of_an_empty_table_is_none(good):
    assert meetings.cycle_year(good.replace(meetings=good.meetings.iloc[0:0])) is None


def test_a_meeting_with_a_date(good):
    meeting = meetings.meeting_for(good, "Notts", "2019/20")
    assert meeting == meetings.Meeting(force_id="nottinghamshire", financial_year="2019-20",
                                       as_at=dt.date(2019, 7, 22), date_given=True, agenda_item="Item 5",
                                       title="Collaboration update")


def test_a_recorded_meeting_carries_its_provenance(good):
    meeting = meetings.meeting_for(good, "leicestershire", "2018-19")
    assert (meeting.as_at, meeting.author, meeting.purpose) == (dt.date(2019, 3, 4), "Chief Executive",
                                                                  "To update the Panel")
    assert (meeting.source_id, meeting.locator, meeting.excerpt, meeting.status) == (
        "seed-000", "title block", "MONDAY 4 MARCH 2019", "S")


def test_a_blank_date_is_31_march_at_the_years_end(good):
    meeting = meetings.meeting_for(good, "LLR", "2019-20")
    assert (meeting.as_at, meeting.date_given) == (dt.date(2020, 3, 31), False)
    assert meeting.recommendation == "The Panel is asked to note the report."
    assert meeting.agenda_item is None and meeting.source_id is None


def test_a_panel_without_a_row_for_the_year_is_as_at_31_march(good):
    meeting = meetings.meeting_for(good, "nottinghamshire", "2017-18")
    assert meeting == meetings.Meeting(force_id="nottinghamshire", financial_year="2017-18",
                                       as_at=dt.date(2018, 3, 31), date_given=False)


def test_a_force_without_a_panel_has_no_meeting(good):
    with pytest.raises(ParameterError) as caught:
        meetings.meeting_for(good, "Northants", "2019-20")
    assert str(caught.value) == ("Northamptonshire Police has no panel_name in forces.csv, so it has no panel paper; "
                                 "choose one of leicestershire, nottinghamshire")


def test_a_bad_year_is_a_parameter_error(good):
    with pytest.raises(ParameterError, match="write 2019-20 for the year starting 1 April 2019"):
        meetings.meeting_for(good, "Notts", "2019-21")


def test_papers_for_the_cycle_are_one_per_panel_in_forces_order(good):
    papers = meetings.papers_for_cycle(good, "2019-20")
    assert [(m.force_id, m.as_at, m.date_given) for m in papers] == [
        ("leicestershire", dt.date(2020, 3, 31), False), ("nottinghamshire", dt.date(2019, 7, 22), True)]


def test_meetings_are_frozen(good):
    meeting = meetings.meeting_for(good, "Notts", "2019-20")
    with pytest.raises(AttributeError):
        meeting.as_at = dt.date(2019, 1, 1)
