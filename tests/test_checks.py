"""Do the rules across rows and tables (schema v2) name file, row, column, value and the fix?

Each case changes one or two cells of the good fixture (tests/data/loader/good); the expected row
and column are read off the fixture by hand (the header is row 1).
"""
from __future__ import annotations

import pytest

from loader_helpers import assert_names, copy_good, errors_in, only_error, set_cell

# ------------------------------------------------------------------------------------------ savings


def test_percent_needs_percent_of(tmp_path):
    """savings.csv row 3 (10-15% of the cost of functions before collaboration) without its base."""
    data = copy_good(tmp_path)
    set_cell(data, "savings", 3, "percent_of", "")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 3, "percent_of")
    assert problem.rule == "percent-of-required"
    assert str(problem) == ("savings.csv, row 3, column percent_of: percent is given but percent_of is blank; say "
                            'whose base the percentage is of, in the source\'s terms (e.g. "the cost of functions '
                            'before collaboration").')


def test_amount_needs_its_precision(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 2, "precision_gbp", "")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 2, "precision_gbp")
    assert problem.rule == "precision-required"
    assert "1000000 for £4 million" in problem.fix


def test_precision_without_an_amount(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 3, "precision_gbp", "1000")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 3, "precision_gbp")
    assert problem.message == "precision_gbp is given without amount_gbp"


def test_collaboration_coverage_needs_the_collaboration(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 2, "collab_id", "")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 2, "collab_id")
    assert problem.rule == "coverage"
    assert "set coverage to programme" in problem.fix


def test_programme_coverage_needs_no_collaboration(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 2, "collab_id", "")
    set_cell(data, "savings", 2, "coverage", "programme")
    assert errors_in(data) == []


def test_coverage_must_be_one_of_the_three(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 2, "coverage", "procurement and collaboration")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 2, "coverage")
    assert problem.fix.endswith("collaboration, programme, force-wide")


def test_made_by_is_required(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 3, "made_by", "")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 3, "made_by")
    assert problem.rule == "required"


# ------------------------------------------------------------------------------------------- events


def test_event_about_nobody(tmp_path):
    """events.csv row 5 (a region-wide seminar) with its region removed concerns no one."""
    data = copy_good(tmp_path)
    set_cell(data, "events", 5, "region", "")
    problem = only_error(data)
    assert_names(problem, "events.csv", 5, "region")
    assert problem.rule == "event-scope"
    assert problem.message == "collab_id, forces and region are all blank, so no paper would show the event"


def test_new_event_kinds_and_key(tmp_path):
    data = copy_good(tmp_path)
    for kind in ("withdrew", "decided", "hosted", "governance", "overspent", "budget", "proposed", "reported"):
        set_cell(data, "events", 4, "event", kind)
        assert errors_in(data) == [], kind
    set_cell(data, "events", 3, "key", "no")
    problem = only_error(data)
    assert_names(problem, "events.csv", 3, "key")
    assert problem.fix == "write one of: yes"


def test_a_question_needs_its_theme(tmp_path):
    """events.csv row 4 (Notts withdrew) asks a governance question; without its theme it is refused."""
    data = copy_good(tmp_path)
    set_cell(data, "events", 4, "theme", "")
    problem = only_error(data)
    assert_names(problem, "events.csv", 4, "theme")
    assert problem.message == "question is given but theme is blank"


def test_a_question_only_on_a_key_development(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "events", 4, "key", "")
    problem = only_error(data)
    assert_names(problem, "events.csv", 4, "question")
    assert problem.message == "the row has a question but key is not yes"


@pytest.mark.parametrize("question", ["The PCC should explain the withdrawal.", 'Is the "saving" real?',
                                      "Why " + "really " * 40 + "?"])
def test_a_question_is_a_short_plain_question(tmp_path, question):
    data = copy_good(tmp_path)
    set_cell(data, "events", 4, "question", question)
    problem = only_error(data)
    assert_names(problem, "events.csv", 4, "question")
    assert problem.rule == "event-question"


def test_theme_is_one_of_the_six(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "events", 4, "theme", "money")
    problem = only_error(data)
    assert problem.fix == "write one of: governance, value, workstreams, monitoring, challenge, other"


# ------------------------------------------------------------------------------------- memberships


def test_evidence_must_be_one_of_the_five(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 4, "evidence", "members")
    problem = only_error(data)
    assert_names(problem, "memberships.csv", 4, "evidence")
    assert problem.fix == "did you mean 'member'? Write one of: joined, member, left, not-member, unclear"


def test_evidence_needs_a_date(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 4, "date", "")
    problem = only_error(data)
    assert_names(problem, "memberships.csv", 4, "date")
    assert problem.rule == "required"


def test_member_list_naming_no_member(tmp_path):
    """member_lists.csv row 2 lists EMOpSS at 2019-03 in seed-000; the members it names are memberships rows 9-10."""
    data = copy_good(tmp_path)
    set_cell(data, "member_lists", 2, "date", "2019-04")
    problem = only_error(data)
    assert_names(problem, "member_lists.csv", 2, "collab_id")
    assert problem.rule == "member-list-empty"
    assert "collab_id emopss, source_id seed-000 and date 2019-04" in problem.message


def test_member_list_complete_is_yes_or_no(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "member_lists", 2, "complete", "true")
    problem = only_error(data)
    assert_names(problem, "member_lists.csv", 2, "complete")
    assert problem.fix == "write one of: yes, no"


def test_member_list_key(tmp_path):
    from loader_helpers import append_copy

    data = copy_good(tmp_path)
    append_copy(data, "member_lists", 2)
    problem = only_error(data)
    assert_names(problem, "member_lists.csv", 3, "collab_id")
    assert problem.rule == "unique-key"


# ----------------------------------------------------------------------------------------- meetings


def test_meeting_for_a_force_without_a_panel(tmp_path):
    """Northamptonshire (forces.csv row 4) has no panel_name, so meetings.csv row 4 made Northants is refused."""
    data = copy_good(tmp_path)
    set_cell(data, "meetings", 4, "force_id", "Northants")
    problem = only_error(data)
    assert_names(problem, "meetings.csv", 4, "force_id")
    assert problem.rule == "meeting-no-panel"
    assert problem.message == "northamptonshire has no panel_name in forces.csv, so no paper is built for it"


def test_meeting_outside_its_year(tmp_path):
    """A 2019-20 meeting on 1 April 2020 is the first day of 2020-21."""
    data = copy_good(tmp_path)
    set_cell(data, "meetings", 4, "meeting_date", "2020-04-01")
    problem = only_error(data)
    assert_names(problem, "meetings.csv", 4, "meeting_date")
    assert problem.message == ("the meeting on 1 April 2020 is not in the financial year 2019-20 (1 April 2019 to 31 "
                               "March 2020)")


def test_meeting_on_the_last_day_of_its_year_is_fine(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "meetings", 4, "meeting_date", "2020-03-31")
    assert errors_in(data) == []


def test_meeting_date_must_be_a_day(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "meetings", 4, "meeting_date", "2019-07")
    problem = only_error(data)
    assert_names(problem, "meetings.csv", 4, "meeting_date")
    assert problem.message == 'meeting_date "2019-07" is not a day'


def test_one_meeting_per_panel_and_year(tmp_path):
    """meetings.csv row 4 (Notts 2019-20) made Leics repeats row 3 (Leicestershire 2019-20)."""
    data = copy_good(tmp_path)
    set_cell(data, "meetings", 4, "force_id", "LLR")
    problem = only_error(data)
    assert_names(problem, "meetings.csv", 4, "force_id")
    assert problem.message == ('repeats row 3: the key (force_id "leicestershire", financial_year "2019-20") must be '
                               "unique")


def test_sourced_meeting_needs_its_status_and_a_status_needs_its_source(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "meetings", 2, "status", "")
    problem = only_error(data)
    assert_names(problem, "meetings.csv", 2, "status")
    data = copy_good(tmp_path / "second")
    set_cell(data, "meetings", 3, "status", "S")
    problem = only_error(data)
    assert_names(problem, "meetings.csv", 3, "source_id")
    assert problem.message == "status is given but source_id is blank"


def test_secretariat_rows_need_no_provenance(good):
    """meetings.csv rows 3 and 4 have no source, locator, excerpt or status, and load."""
    assert good.meetings["source_id"].isna().tolist() == [False, True, True]


# -------------------------------------------------------------------------------------- sources


def test_source_date_is_required(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "sources", 3, "date", "")
    problem = only_error(data)
    assert_names(problem, "sources.csv", 3, "date")
    assert problem.rule == "required"


def test_collaboration_scope_may_be_blank(good):
    """EMOpSS (collaborations.csv row 4) has no scope: v2 leaves it blank when no source says."""
    assert good.collaborations["scope"].isna().tolist() == [False, False, True]
