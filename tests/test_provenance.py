"""Can every figure be traced to the source's own words? The locator, excerpt and status rules.

The good fixture's excerpts state their figures (budgets.csv row 5: "2019-20 Net Budget £6.352m" for
6352000 to the nearest 1000). Each case breaks one and checks the message names the file, the
spreadsheet row, the column, the value and the fix.
"""
from __future__ import annotations

import pytest

from collab_analysis.data.loader import load
from loader_helpers import assert_names, copy_good, errors_in, only_error, set_cell


def test_locator_into_the_research_pack_is_refused(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 3, "locator", "§1a row 10")
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 3, "locator")
    assert problem.rule == "locator-pack" and problem.value == "§1a row 10"
    assert str(problem) == ('budgets.csv, row 3, column locator: locator "§1a row 10" points into the research pack '
                            "(§), not into the public source; write where the fact is in the source itself: a page, "
                            "paragraph, table, heading or bullet (e.g. para 10, table after para 10, headline, "
                            "article text).")


@pytest.mark.parametrize("table", ["forces", "collaborations", "member_lists", "meetings"])
def test_every_table_with_a_locator_refuses_the_pack(tmp_path, table):
    data = copy_good(tmp_path)
    set_cell(data, table, 2, "locator", "§2 row 8")
    problem = only_error(data)
    assert_names(problem, f"{table}.csv", 2, "locator")


def test_excerpt_over_160_characters(tmp_path):
    data = copy_good(tmp_path)
    long = "2019-20 Net Budget £6.352m" + " and then the whole paragraph around it" * 4
    assert len(long) > 160
    set_cell(data, "budgets", 5, "excerpt", long)
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 5, "excerpt")
    assert problem.rule == "text-too-long" and problem.value == long
    assert f"the excerpt is {len(long)} characters long" in problem.message
    assert "more than the 160 allowed here" in problem.message
    assert problem.fix.startswith("an excerpt is the source's few words around the figure")


def test_excerpt_of_exactly_160_characters_is_fine(tmp_path):
    data = copy_good(tmp_path)
    text = "2019-20 Net Budget £6.352m "
    set_cell(data, "budgets", 5, "excerpt", text + "x" * (160 - len(text)))
    assert errors_in(data) == []


@pytest.mark.parametrize(("table", "row", "what"), [("budgets", 2, "amount_gbp"), ("cost_shares", 2, "share_pct"),
                                                    ("savings", 3, "percent, percent_high"), ("context", 3, "value"),
                                                    ("memberships", 7, "date"), ("events", 3, "date"),
                                                    ("memberships", 4, "the membership"),
                                                    ("meetings", 2, "meeting_date")])
def test_sourced_figure_without_an_excerpt(tmp_path, table, row, what):
    data = copy_good(tmp_path)
    set_cell(data, table, row, "excerpt", "")
    problem = only_error(data)
    assert_names(problem, f"{table}.csv", row, "excerpt")
    assert problem.rule == "excerpt-missing"
    assert f"carries a figure ({what}) but excerpt is blank" in problem.message


def test_rows_without_a_figure_may_have_no_excerpt(good):
    """Forces, collaborations and secretariat meetings carry no figure: their blank excerpts are fine."""
    assert good.forces["excerpt"].isna().all()


@pytest.mark.parametrize(("table", "row", "excerpt", "figure"), [
    ("budgets", 5, "2019-20 Net Budget £6.35m", "amount_gbp 6352000 (£6.352m, to the nearest £1,000)"),
    ("budgets", 4, "£1.3m", "amount_gbp 1200000 (£1.2m, to the nearest £100,000)"),
    ("budget_totals", 2, "Total £1.5m", "amount_gbp 1523000 (£1.523m, to the nearest £1,000)"),
    ("cost_shares", 2, "Leicestershire 40%", "share_pct 40.5 (40.5%, to the nearest 0.1)"),
    ("savings", 2, "about £1.5m in its first year", "amount_gbp 1200000 (£1.2m, to the nearest £100,000)"),
    ("savings", 3, "savings of 10-16%", "percent_high 15 (15%)"),
    ("context", 2, "1,850 officers", "value 1800, to the nearest 1"),
    ("memberships", 7, "left in May 2018", "date 2018-05-01 (1 May 2018)"),
    ("events", 3, "launched on 1 April 2016", "date 2015-04-01 (1 April 2015)"),
    ("meetings", 2, "MONDAY 11 MARCH 2019", "meeting_date 2019-03-04 (4 March 2019)"),
])
def test_excerpt_that_does_not_state_its_figure(tmp_path, table, row, excerpt, figure):
    data = copy_good(tmp_path)
    set_cell(data, table, row, "excerpt", excerpt)
    problem = only_error(data)
    assert_names(problem, f"{table}.csv", row, "excerpt")
    assert problem.rule == "excerpt-figure" and problem.value == excerpt
    assert problem.message == f'the excerpt "{excerpt}" does not state {figure}'
    assert problem.fix.startswith("copy the source's words that")


def test_the_figure_changed_but_not_its_excerpt(tmp_path):
    """The usual slip: amount_gbp corrected, the excerpt left saying the old figure."""
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 5, "amount_gbp", "6353000")
    problem = only_error(data)
    assert str(problem) == ('budgets.csv, row 5, column excerpt: the excerpt "2019-20 Net Budget £6.352m" does not '
                            "state amount_gbp 6353000 (£6.353m, to the nearest £1,000); copy the source's words that "
                            'state the figure into excerpt (e.g. "£6.353m"), or correct amount_gbp or precision_gbp.')


def test_a_precision_finer_than_published_is_not_stated(tmp_path):
    """£1.2m gives the figure to the nearest £100,000; claiming the nearest £1,000 goes beyond the source."""
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 4, "precision_gbp", "1000")
    problem = only_error(data)
    assert problem.rule == "excerpt-figure"


@pytest.mark.parametrize(("table", "row", "column", "value", "excerpt"), [
    ("budgets", 5, "amount_gbp", "6352000", "£6,352,000"),
    ("budgets", 5, "amount_gbp", "6352000", "6.352 million"),
    ("cost_shares", 2, "share_pct", "40.5", "40.5 per cent"),
    ("memberships", 7, "date", "2018-05", "left in May 2018"),
    ("memberships", 7, "date", "2018", "left in 2018"),
    ("events", 3, "date", "2015-04-01", "launched 2015-04-01"),
])
def test_other_ways_of_stating_the_figure(tmp_path, table, row, column, value, excerpt):
    data = copy_good(tmp_path)
    set_cell(data, table, row, column, value)
    set_cell(data, table, row, "excerpt", excerpt)
    assert errors_in(data) == []


def test_derived_row_carries_its_working(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "context", 3, "status", "D")
    set_cell(data, "context", 3, "excerpt", "")
    problem = only_error(data)
    assert_names(problem, "context.csv", 3, "excerpt")
    assert problem.rule == "excerpt-working"
    assert problem.fix == 'write the working in excerpt, e.g. "9,487,000 / 187,100,000"'


def test_derived_row_with_working_is_not_checked_for_the_figure(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "context", 3, "status", "D")
    set_cell(data, "context", 3, "excerpt", "93,800,000 x 2")
    assert errors_in(data) == []


def test_membership_excerpt_that_names_neither_the_force_nor_a_list_is_a_warning(tmp_path):
    """memberships.csv row 4 (Northants in EMSOU, 2013) quoting words without the force's name."""
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 4, "excerpt", "officers from three forces")
    [warning] = load(data).warnings
    assert_names(warning, "memberships.csv", 4, "excerpt")
    assert warning.rule == "excerpt-names-force"


@pytest.mark.parametrize("excerpt", ["Northants officers", "Northamptonshire Police", "northamptonshire"])
def test_membership_excerpt_may_name_the_force_by_an_alias(tmp_path, excerpt):
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 4, "excerpt", excerpt)
    assert load(data).warnings == []


def test_a_not_member_row_from_the_forces_own_source_need_not_name_it(tmp_path):
    """A force's own page says "the force": the source (publisher Nottinghamshire Police) names it."""
    data = copy_good(tmp_path)
    set_cell(data, "sources", 4, "publisher", "Nottinghamshire Police")
    set_cell(data, "memberships", 7, "evidence", "not-member")
    set_cell(data, "memberships", 7, "excerpt", "the force has withdrawn from the service")
    assert load(data).warnings == []
    set_cell(data, "sources", 4, "publisher", "Example News")
    [warning] = load(data).warnings
    assert_names(warning, "memberships.csv", 7, "excerpt")


def test_an_unclear_row_quotes_the_doubt_not_the_force(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 4, "evidence", "unclear")
    set_cell(data, "memberships", 4, "excerpt", "not delivered as planned")
    assert load(data).warnings == []


def test_a_table_row_states_money_in_the_tables_unit(tmp_path):
    """context.csv row 3 (£187.6m to the nearest £100,000) quoted from a table in £ million: "Notts 187.6 190.2"."""
    data = copy_good(tmp_path)
    set_cell(data, "context", 3, "excerpt", "Nottinghamshire 187.6 190.2")
    assert errors_in(data) == []
    set_cell(data, "context", 3, "precision", "1000")  # 187.6 in millions does not give the thousands
    assert only_error(data).rule == "excerpt-figure"


def test_a_bare_whole_number_never_states_millions(tmp_path):
    """ "4 forces" must not state £4m: only figures with a decimal point are read in a table's unit."""
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 4, "amount_gbp", "4000000")
    set_cell(data, "budgets", 4, "precision_gbp", "1000000")
    set_cell(data, "budgets", 4, "excerpt", "shared by 4 forces")
    assert only_error(data).rule == "excerpt-figure"

