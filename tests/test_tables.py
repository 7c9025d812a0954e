"""Does load() read the data set exactly, and name file, row, column and fix for every mistake?

The good fixture (tests/data/loader/good) is a small, hand-written, valid data set: three forces,
three collaborations, a few rows per table, in schema v2 (SPEC-data.md). Each bad case copies it and changes one cell (or a few),
so the expected row and column are known by hand.
"""
from __future__ import annotations

import hashlib
import os
import shutil

import pandas as pd
import pytest

from collab_analysis import paths
from collab_analysis.data import processed as processed_module
from collab_analysis.data.loader import load, validate
from collab_analysis.data.models import TABLES
from collab_analysis.data.processed import write_processed
from collab_analysis.data.tables import Tables
from collab_analysis.errors import CollabAnalysisError, DataError, ParameterError
from loader_helpers import GOOD, append_copy, assert_names, copy_good, errors_in, only_error, set_cell, write_xlsx


# ------------------------------------------------------------------------------------ the good set


def test_good_fixture_loads_without_warnings(good):
    """Does the hand-written valid data set load with no problem at all?"""
    assert isinstance(good, Tables)
    assert good.warnings == []
    assert validate(GOOD) == []


def test_every_table_is_a_dataframe_with_a_range_index(good):
    for name in TABLES:
        frame = getattr(good, name)
        assert isinstance(frame, pd.DataFrame)
        assert isinstance(frame.index, pd.RangeIndex)
        assert list(frame.columns) == TABLES[name].output_columns
    assert list(TABLES) == ["forces", "collaborations", "memberships", "member_lists", "events", "budgets",
                            "budget_totals", "cost_shares", "savings", "context", "sources", "meetings"]
    assert [len(getattr(good, n)) for n in TABLES] == [3, 3, 9, 1, 4, 4, 2, 3, 2, 2, 3, 3]


def test_column_types_follow_the_contract(good):
    """Ids and text are "string", fixed values "category", money Int64, percent Float64, dates datetime64[ns]."""
    budgets, memberships, savings = good.budgets, good.memberships, good.savings
    assert budgets["collab_id"].dtype == "string"
    assert budgets["financial_year"].dtype == "string"
    assert budgets["amount_gbp"].dtype == "Int64"
    assert isinstance(budgets["status"].dtype, pd.CategoricalDtype)
    assert list(budgets["status"].cat.categories) == ["S", "C", "C2", "D"]
    assert memberships["date"].dtype == "datetime64[ns]"
    assert list(memberships["date_precision"].cat.categories) == ["day", "month", "year", "unknown"]
    assert list(memberships["evidence"].cat.categories) == ["joined", "member", "left", "not-member", "unclear"]
    assert good.cost_shares["precision_pct"].dtype == "Float64"
    assert good.budgets["precision_gbp"].dtype == "Int64"
    assert savings["percent"].dtype == "Float64"
    assert good.cost_shares["share_pct"].dtype == "Float64"
    assert good.context["value"].dtype == "Float64"


def test_aliases_are_resolved_to_ids(good):
    """Are "Notts", "Leics" and "EMOpSS" in the fixture read as their ids?"""
    # memberships.csv row 3 says Notts; budgets.csv row 3 says Leics; collaborations row 3 host_force Leics;
    # events.csv row 3 says EMOpSS (a short name); context.csv row 3 says Notts.
    assert good.memberships.loc[1, "force_id"] == "nottinghamshire"
    assert good.budgets.loc[1, "force_id"] == "leicestershire"
    assert good.collaborations.loc[1, "host_force"] == "leicestershire"
    assert good.events.loc[1, "collab_id"] == "emopss"
    assert good.context.loc[1, "force_id"] == "nottinghamshire"


def test_force_lists_are_resolved_and_joined(good):
    """Is "Leics;Notts" written back as ids joined with ";" (and spaces after ; dropped)?"""
    assert good.events.loc[0, "forces"] == "leicestershire;nottinghamshire"
    assert good.events.loc[1, "forces"] == "leicestershire;nottinghamshire;northamptonshire"
    assert good.savings.loc[0, "forces"] == "leicestershire;northamptonshire;nottinghamshire"
    assert pd.isna(good.savings.loc[1, "forces"])
    assert good.forces.loc[0, "aliases"] == "Leics;LLR"


def test_financial_years_are_normalised(good):
    """Are 2019/20 and 2019-2020 in budgets.csv rows 2 and 3 both read as 2019-20?"""
    assert list(good.budgets["financial_year"]) == ["2019-20"] * 4
    assert list(good.budget_totals["financial_year"]) == ["2019-20", "2019-20"]


def test_money_is_exact(good):
    """£1,000,000, £523k, 1200000 and £6.352m; £1.523m and £1.5m; £1.2m savings; £187.6m context."""
    assert list(good.budgets["amount_gbp"]) == [1_000_000, 523_000, 1_200_000, 6_352_000]
    assert list(good.budget_totals["amount_gbp"]) == [1_523_000, 1_500_000]
    assert list(good.budget_totals["precision_gbp"]) == [1000, 100_000]
    assert good.savings.loc[0, "amount_gbp"] == 1_200_000
    assert pd.isna(good.savings.loc[1, "amount_gbp"])
    assert good.context.loc[1, "value"] == 187_600_000.0
    assert good.context.loc[0, "value"] == 1800.0


def test_percentages(good):
    """40.5, "35.5%" and 24 are read as 40.5, 35.5 and 24.0; savings 10 to 15."""
    assert list(good.cost_shares["share_pct"]) == [40.5, 35.5, 24.0]
    assert (good.savings.loc[1, "percent"], good.savings.loc[1, "percent_high"]) == (10.0, 15.0)


def test_dates_and_precision(good):
    """2002 -> year, 2015-04-01 -> day, 2015-04 -> month, blank -> NaT/unknown."""
    m = good.memberships
    assert m.loc[0, "date"] == pd.Timestamp("2002-01-01") and m.loc[0, "date_precision"] == "year"
    assert m.loc[5, "date"] == pd.Timestamp("2018-05-01") and m.loc[5, "date_precision"] == "day"
    assert m.loc[6, "date"] == pd.Timestamp("2015-04-01") and m.loc[6, "date_precision"] == "month"
    assert list(m["evidence"]) == ["joined", "joined", "member", "joined", "joined", "left", "joined", "member",
                                   "member"]
    assert good.sources.loc[0, "date_precision"] == "month"
    meetings = good.meetings
    assert meetings.loc[0, "meeting_date"] == pd.Timestamp("2019-03-04")
    assert pd.isna(meetings.loc[1, "meeting_date"]) and meetings.loc[1, "meeting_date_precision"] == "unknown"


def test_blank_text_is_missing_not_empty(good):
    assert pd.isna(good.forces.loc[2, "panel_name"])
    assert pd.isna(good.forces.loc[0, "excerpt"])
    assert pd.isna(good.collaborations.loc[2, "scope"])  # v2: blank when no source says
    assert pd.isna(good.events.loc[3, "collab_id"]) and good.events.loc[3, "region"] == "east-midlands"
    assert pd.isna(good.meetings.loc[1, "source_id"]) and pd.isna(good.meetings.loc[1, "status"])
    assert pd.isna(good.collaborations.loc[0, "parent_id"])
    assert good.collaborations.loc[1, "parent_id"] == "emsou"


def test_names(good):
    assert good.force_name("leicestershire") == "Leicestershire Police"
    assert good.force_name("Notts") == "Nottinghamshire Police"
    assert good.collab_name("emsou") == "EMSOU"
    assert good.collab_name("emsou-mc") == "EMSOU Major Crime"  # no short name: the name
    assert good.resolve_force("LLR") == "leicestershire"
    assert good.resolve_collab("EMOpSS") == "emopss"


def test_unknown_force_name_is_a_parameter_error(good):
    with pytest.raises(ParameterError) as caught:
        good.force_name("leicestershre")
    assert caught.value.suggestion == "leicestershire"
    assert "did you mean 'leicestershire'?" in str(caught.value)
    with pytest.raises(ParameterError):
        good.collab_name("nope")


def test_replace_swaps_tables_and_looks_names_up_afresh(good):
    """A what-if copy: the swapped table is read, the original is untouched, and names follow the new table."""
    collabs = good.collaborations.copy()
    collabs.loc[collabs["collab_id"] == "emsou", "short_name"] = "Regional SOC unit"
    twin = good.replace(collaborations=collabs)
    assert twin.collab_name("emsou") == "Regional SOC unit"
    assert twin.resolve_collab("regional soc unit") == "emsou"
    assert good.collab_name("emsou") == "EMSOU"
    assert twin.budgets is good.budgets and twin.data_hashes() == good.data_hashes()
    with pytest.raises(ParameterError, match="unknown table 'budget'; did you mean 'budgets'"):
        good.replace(budget=good.budgets)


def test_files_and_hashes(good):
    """Does the Tables object record each file read and the sha256 of its bytes, sorted by name?"""
    assert good.files["budgets"] == GOOD / "budgets.csv"
    hashes = good.data_hashes()
    assert list(hashes) == sorted(f"{n}.csv" for n in TABLES)
    assert hashes["forces.csv"] == hashlib.sha256((GOOD / "forces.csv").read_bytes()).hexdigest()


def test_row_of(good):
    """Can a caller find the spreadsheet row a loaded row came from?"""
    assert good.row_of("budgets", 0) == 2
    assert good.row_of("budgets", 3) == 5
    assert good.row_of("budgets", 99) is None


def test_relative_data_dir_starts_at_the_current_directory(monkeypatch, tmp_path):
    """Issue 13: does load("tables") mean ./tables, as every command-line tool reads a relative path?"""
    data = copy_good(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert load("data", processed=False).files["forces"] == data / "forces.csv"
    monkeypatch.chdir(data)
    assert load(".", processed=False).files["forces"] == data / "forces.csv"
    problems = validate("data")  # from inside data/ there is no data/data
    assert [p.rule for p in problems] == ["data-dir"] and str(data / "data") in problems[0].message + problems[0].file


def test_default_data_dir_is_the_projects_data_raw_wherever_the_command_runs(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "DATA_RAW", GOOD)
    monkeypatch.setattr(paths, "DATA_PROCESSED", tmp_path / "processed")
    monkeypatch.chdir(tmp_path)
    assert load().files["forces"] == GOOD / "forces.csv"
    assert load("").files["forces"] == GOOD / "forces.csv"


def test_missing_data_dir(tmp_path):
    problems = validate(tmp_path / "nowhere")
    assert len(problems) == 1 and "does not exist" in problems[0].message
    with pytest.raises(DataError):
        load(tmp_path / "nowhere")


# ---------------------------------------------------------------------------------- normalisation


def test_money_not_whole_pounds(tmp_path):
    """The house-style example: the message names file, row, column, value and the fix."""
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 4, "amount_gbp", "£6.3525555m")
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 4, "amount_gbp")
    assert str(problem) == ('budgets.csv, row 4, column amount_gbp: "£6.3525555m" is not a whole number of pounds; '
                            "write 6352556 or the exact figure.")
    assert problem.value == "£6.3525555m"


@pytest.mark.parametrize(("value", "rule"), [("c.£4m", "money-qualifier"), ("about 4m", "money-qualifier"),
                                             (">70m", "money-qualifier"), ("-5000", "money-negative"),
                                             ("four million", "money")])
def test_money_rejected(tmp_path, value, rule):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 5, "amount_gbp", value)
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 5, "amount_gbp")
    assert problem.rule == rule
    assert f'"{value}"' in problem.message


def test_savings_qualifier_fix_points_at_the_qualifier_column(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 2, "amount_gbp", "about £1.2m")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 2, "amount_gbp")
    assert problem.fix == "write 1200000 and put the qualifier in the qualifier column"


def test_bad_financial_year(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 3, "financial_year", "2019-21")
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 3, "financial_year")
    assert "write 2019-20" in problem.fix


def test_short_financial_year(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budget_totals", 2, "financial_year", "19/20")
    problem = only_error(data)
    assert_names(problem, "budget_totals.csv", 2, "financial_year")
    assert "2019-20" in problem.fix


def test_uk_date(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 5, "date", "01/04/2015")
    problem = only_error(data)
    assert_names(problem, "memberships.csv", 5, "date")
    assert problem.fix.startswith("write 2015-04-01 if this means 1 April 2015")


def test_nc_is_rejected(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 2, "status", "NC")
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 2, "status")
    assert str(problem) == ('budgets.csv, row 2, column status: "NC" is not allowed: NC (not confirmed) figures are '
                            "never shipped; remove the row or find a source that confirms it.")


@pytest.mark.parametrize(("table", "row", "column", "typo", "meant"),
                         [("budgets", 2, "force_id", "leicestershre", "leicestershire"),
                          ("budgets", 2, "collab_id", "emsouu", "emsou"),
                          ("budgets", 2, "source_id", "seed-00", "seed-000"),
                          ("memberships", 2, "force_id", "Notingham", "nottinghamshire"),
                          ("collaborations", 3, "parent_id", "emsuo", "emsou"),
                          ("budgets", 2, "total_id", "leics-2019-2O", "leics-2019-20"),
                          ("budget_totals", 3, "same_as", "leics-2019-2", "leics-2019-20"),
                          ("collaborations", 3, "host_force", "Northant", "northamptonshire")])
def test_did_you_mean(tmp_path, table, row, column, typo, meant):
    """Is a near miss refused with the id it probably meant, never corrected silently?"""
    data = copy_good(tmp_path)
    set_cell(data, table, row, column, typo)
    problem = only_error(data)
    assert_names(problem, f"{table}.csv", row, column)
    assert problem.rule == "reference"
    assert f"did you mean {meant!r}?" in str(problem)


def test_missing_reference_without_a_near_miss(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 3, "force_id", "Police Scotland")
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 3, "force_id")
    assert problem.message == '"Police Scotland" is not a force_id in forces.csv'
    assert "did you mean" not in str(problem)


def test_each_bad_force_in_a_list_is_its_own_problem(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "events", 2, "forces", "Leics;Nots;Lancs")
    errors = errors_in(data)
    assert [(p.file, p.row, p.column) for p in errors] == [("events.csv", 2, "forces")] * 2
    assert '"Nots"' in errors[0].message and '"Lancs"' in errors[1].message


# ------------------------------------------------------------------------------------ schema checks


def test_unique_key(tmp_path):
    """Does a second row with the same (collab_id, force_id, financial_year, basis) name the first?"""
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 4, "collab_id", "emsou")
    set_cell(data, "budgets", 4, "force_id", "Leics")
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 4, "collab_id")
    assert problem.rule == "unique-key"
    assert problem.message.startswith("repeats row 2")


def test_unique_id(tmp_path):
    data = copy_good(tmp_path)
    row = append_copy(data, "sources", 2)
    problem = only_error(data)
    assert_names(problem, "sources.csv", 5, "source_id")
    assert row == 5
    assert problem.rule == "unique-key"
    assert problem.message == 'repeats row 2: the key (source_id "seed-000") must be unique'


def test_unique_key_with_a_date(tmp_path):
    """Row 6 says Notts joined EMOpSS on 2015-04-01 (seed-000); made to say Leics, it repeats row 5."""
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 6, "force_id", "Leics")
    problem = only_error(data)
    assert_names(problem, "memberships.csv", 6, "collab_id")
    assert problem.message == ('repeats row 5: the key (collab_id "emopss", force_id "leicestershire", date '
                               '"2015-04-01", evidence "joined", source_id "seed-000") must be unique')


def test_the_same_day_at_another_precision_is_another_key(tmp_path):
    """2015-04 (a month) and 2015-04-01 (a day) are different statements, not a repeated row."""
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 6, "force_id", "Leics")
    set_cell(data, "memberships", 6, "date", "2015-04")
    set_cell(data, "memberships", 6, "excerpt", "launched in April 2015")
    assert errors_in(data) == []


def test_id_format(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "events", 3, "event_id", "EMOpSS launched")
    problem = only_error(data)
    assert_names(problem, "events.csv", 3, "event_id")
    assert problem.rule == "id-format"
    assert "'emopss-launched'" in problem.fix


def test_allowed_values_with_did_you_mean(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "collaborations", 2, "scope", "regionl")
    problem = only_error(data)
    assert_names(problem, "collaborations.csv", 2, "scope")
    assert problem.rule == "allowed-values"
    assert problem.fix.startswith("did you mean 'regional'? Write one of: regional, sub-regional")


def test_allowed_values_ignore_case(tmp_path):
    """Is "Regional" the value "regional" (the same word), not an error?"""
    data = copy_good(tmp_path)
    set_cell(data, "collaborations", 2, "scope", "Regional")
    set_cell(data, "budgets", 2, "status", "s")
    assert load(data).collaborations.loc[0, "scope"] == "regional"
    assert load(data).budgets.loc[0, "status"] == "S"


def test_required_cell_blank(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 3, "basis", "")
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 3, "basis")
    assert problem.rule == "required"
    assert problem.message == "basis is blank"


def test_required_reference_blank(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "forces", 3, "source_id", "")
    problem = only_error(data)
    assert_names(problem, "forces.csv", 3, "source_id")
    assert "sources.csv" in problem.fix


def test_percentage_out_of_range(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "cost_shares", 2, "share_pct", "140")
    problem = only_error(data)
    assert_names(problem, "cost_shares.csv", 2, "share_pct")
    assert "at most 100" in problem.message


def test_precision_must_be_positive(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budget_totals", 2, "precision_gbp", "0")
    problem = only_error(data)
    assert_names(problem, "budget_totals.csv", 2, "precision_gbp")


def test_missing_column(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 1, "basis", "basys")
    problems = validate(data)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1
    assert_names(errors[0], "budgets.csv", 1, "basis")
    assert errors[0].message == 'budgets.csv has no column "basis"'
    assert errors[0].fix == 'rename the column "basys" to basis'
    unknown = [p for p in problems if p.rule == "column-unknown"]
    assert len(unknown) == 1 and unknown[0].column == "basys" and unknown[0].severity == "warning"


def test_unknown_column_is_a_warning_and_dropped(tmp_path):
    data = copy_good(tmp_path)
    path = data / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",notes"] + [line + ",x" for line in lines[1:]]) + "\n", encoding="utf-8")
    tables = load(data)
    assert "notes" not in tables.sources.columns
    [warning] = tables.warnings
    assert_names(warning, "sources.csv", 1, "notes")
    assert warning.rule == "column-unknown"


def test_duplicate_column(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "sources", 1, "url", "title")
    errors = errors_in(data)
    assert {(p.rule, p.column) for p in errors} == {("column-duplicate", "title"), ("column-missing", "url")}


# ------------------------------------------------------------------------------ cross-table checks


def test_savings_need_amount_or_percent(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 2, "amount_gbp", "")
    set_cell(data, "savings", 2, "precision_gbp", "")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 2, "amount_gbp")
    assert problem.message == "has neither amount_gbp nor percent"


def test_savings_not_both(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 2, "percent", "5")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 2, "percent")
    assert problem.message == "has both amount_gbp and percent"


def test_savings_period_end_before_start(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "savings", 3, "period_end", "2009")
    problem = only_error(data)
    assert_names(problem, "savings.csv", 3, "period_end")


def test_parent_cycle(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "collaborations", 2, "parent_id", "emsou-mc")
    errors = errors_in(data)
    assert {(p.rule, p.row) for p in errors} == {("parent-cycle", 2), ("parent-cycle", 3)}


def test_total_for_another_year(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 2, "financial_year", "2018-19")
    problem = only_error(data)
    assert_names(problem, "budgets.csv", 2, "total_id")
    assert problem.rule == "total-mismatch"


def test_alias_clash(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "forces", 3, "aliases", "Notts;Leics")
    problem = only_error(data)
    assert_names(problem, "forces.csv", 3, "aliases")
    assert problem.message == ('the alias "Leics" already means \'leicestershire\', so it cannot also mean '
                               "'nottinghamshire'")


# --------------------------------------------------------------------------------------- warnings


def test_contribution_without_membership_is_a_warning(tmp_path):
    """Notts left EMOpSS on 2018-05-01 (memberships row 7), so a 2019-20 EMOpSS contribution from Notts is flagged."""
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 5, "force_id", "nottinghamshire")
    tables = load(data)
    [warning] = tables.warnings
    assert_names(warning, "budgets.csv", 5, "force_id")
    assert warning.rule == "contribution-without-membership"
    assert "1 April 2019 to 31 March 2020" in warning.message


def test_contribution_in_the_year_of_leaving_is_fine(tmp_path):
    """Notts joined EMOpSS on 2015-04-01 and left on 2018-05-01, part of 2018-19: no warning."""
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 5, "force_id", "nottinghamshire")
    set_cell(data, "budgets", 5, "financial_year", "2018-19")
    assert load(data).warnings == []


def test_membership_counts_from_its_first_evidence(tmp_path):
    """Northants is first shown in EMSOU in 2013 (row 4): a 2012-13 contribution is fine (January 2013 is in that
    year), a 2011-12 one is not (before the first evidence, membership is not known)."""
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 5, "collab_id", "emsou")
    set_cell(data, "budgets", 5, "financial_year", "2012-13")
    assert load(data).warnings == []
    set_cell(data, "budgets", 5, "financial_year", "2011-12")
    [warning] = load(data).warnings
    assert warning.rule == "contribution-without-membership"


def test_contribution_to_a_branch_counts_membership_of_its_parent(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 4, "collab_id", "emsou-mc")
    assert load(data).warnings == []


def test_evidence_on_a_branch_counts_for_the_parent(tmp_path):
    """Northants' only EMSOU evidence moved to the branch EMSOU-MC still covers a 2019-20 EMSOU contribution."""
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 4, "collab_id", "emsou-mc")
    set_cell(data, "budgets", 5, "collab_id", "emsou")
    assert load(data).warnings == []


def test_unreconciled_total_warning_shows_the_difference(tmp_path):
    """Rows itemised in leics-2019-20 add up to £1,523,000; a total of £1,530,000 at £1,000 precision is £7,000 out."""
    data = copy_good(tmp_path)
    set_cell(data, "budget_totals", 2, "amount_gbp", "£1.53m")
    set_cell(data, "budget_totals", 2, "excerpt", "Total £1.530m")
    tables = load(data)
    [warning] = tables.warnings
    assert_names(warning, "budget_totals.csv", 2, "amount_gbp")
    assert warning.rule == "total-unreconciled"
    assert "£7,000 less than this total of £1,530,000" in warning.message
    assert "add up to £1,523,000" in warning.message


def test_total_within_its_rounding_is_fine(tmp_path):
    """£1.525m to the nearest £10,000 vs £1,523,000 is £2,000 out: within half the £10,000 precision."""
    data = copy_good(tmp_path)
    set_cell(data, "budget_totals", 2, "amount_gbp", "1525000")
    set_cell(data, "budget_totals", 2, "precision_gbp", "5000")
    set_cell(data, "budget_totals", 2, "excerpt", "Total £1.525m")
    assert load(data).warnings == []


def test_cost_shares_not_adding_to_100(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "cost_shares", 3, "share_pct", "35")
    set_cell(data, "cost_shares", 3, "precision_pct", "1")
    set_cell(data, "cost_shares", 3, "excerpt", "Nottinghamshire 35%")
    [warning] = load(data).warnings
    assert_names(warning, "cost_shares.csv", 2, "share_pct")
    assert "add up to 99.5%" in warning.message


def test_cost_shares_within_tolerance(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "cost_shares", 3, "share_pct", "35.55")
    set_cell(data, "cost_shares", 3, "precision_pct", "0.01")
    set_cell(data, "cost_shares", 3, "excerpt", "Nottinghamshire 35.55%")
    assert load(data).warnings == []


# ------------------------------------------------------------------------------------ one pass


def test_one_file_with_three_errors_gives_three_problems(tmp_path):
    """Are all the errors in a file collected in one pass, in row order, rather than the first only?"""
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 2, "amount_gbp", "c.£1m")
    set_cell(data, "budgets", 3, "financial_year", "19/20")
    set_cell(data, "budgets", 5, "status", "NC")
    with pytest.raises(DataError) as caught:
        load(data)
    errors = caught.value.errors
    assert [(p.file, p.row, p.column) for p in errors] == [("budgets.csv", 2, "amount_gbp"),
                                                           ("budgets.csv", 3, "financial_year"),
                                                           ("budgets.csv", 5, "status")]
    text = str(caught.value)
    assert text.startswith("3 error(s) in the data:")
    assert "budgets.csv, row 5, column status" in text
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, CollabAnalysisError)


def test_errors_in_several_files_come_in_table_order(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "sources", 3, "kind", "blog")
    set_cell(data, "forces", 2, "region", "midlands")
    files = [p.file for p in errors_in(data)]
    assert files == ["forces.csv", "sources.csv"]


def test_warnings_ride_along_with_errors(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "cost_shares", 3, "share_pct", "35")
    set_cell(data, "cost_shares", 3, "precision_pct", "1")
    set_cell(data, "cost_shares", 3, "excerpt", "Nottinghamshire 35%")
    set_cell(data, "sources", 3, "kind", "blog")
    with pytest.raises(DataError) as caught:
        load(data)
    assert len(caught.value.errors) == 1 and len(caught.value.warnings) == 1
    problems = validate(data)
    assert [p.severity for p in problems] == ["error", "warning"]


# --------------------------------------------------------------------------------- csv and xlsx


def test_xlsx_loads_the_same_as_csv(tmp_path, good):
    """Does the good fixture saved as Excel workbooks load into identical DataFrames?"""
    write_xlsx(GOOD, tmp_path / "xlsx")
    from_excel = load(tmp_path / "xlsx")
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(from_excel, name), getattr(good, name), check_exact=True)
    assert from_excel.files["forces"].name == "forces.xlsx"
    assert from_excel.warnings == []


def test_xlsx_typed_cells(tmp_path):
    """Are Excel numbers, percent-formatted cells and month-formatted dates read as what they show?"""
    import datetime

    import openpyxl

    write_xlsx(GOOD, tmp_path / "xlsx")
    data = tmp_path / "xlsx"
    book = openpyxl.load_workbook(data / "memberships.xlsx")
    sheet = book.active
    sheet["C2"] = datetime.datetime(2002, 1, 1)
    sheet["C2"].number_format = "yyyy"
    sheet["C8"] = datetime.datetime(2015, 4, 1)
    sheet["C8"].number_format = "mmm-yy"
    sheet["C5"] = datetime.datetime(2015, 4, 1)
    sheet["C5"].number_format = "dd/mm/yyyy"
    book.save(data / "memberships.xlsx")
    book = openpyxl.load_workbook(data / "cost_shares.xlsx")
    sheet = book.active
    sheet["E2"] = 0.405
    sheet["E2"].number_format = "0.0%"
    book.save(data / "cost_shares.xlsx")
    book = openpyxl.load_workbook(data / "budgets.xlsx")
    sheet = book.active
    sheet["D2"] = 1000000
    sheet["D3"] = 523000.0
    book.save(data / "budgets.xlsx")
    tables = load(data)
    assert list(tables.memberships["date_precision"])[:7] == ["year", "year", "year", "day", "day", "day", "month"]
    assert tables.cost_shares.loc[0, "share_pct"] == 40.5
    assert list(tables.budgets["amount_gbp"][:2]) == [1_000_000, 523_000]


def test_csv_and_xlsx_together_is_an_error(tmp_path):
    data = copy_good(tmp_path)
    write_xlsx(GOOD, tmp_path / "xlsx")
    shutil.copy(tmp_path / "xlsx" / "events.xlsx", data / "events.xlsx")
    problem = only_error(data)
    assert problem.file == "events.csv" and problem.rule == "file-duplicate"
    assert "both events.csv and events.xlsx" in problem.message


def test_missing_table(tmp_path):
    data = copy_good(tmp_path)
    (data / "context.csv").unlink()
    problem = only_error(data)
    assert problem.rule == "file-missing"
    assert "there is no context.csv or context.xlsx" in problem.message
    assert problem.fix.startswith("add context.csv (or context.xlsx) with the header row context_id,force_id")


def test_table_with_a_capital_letter(tmp_path):
    data = copy_good(tmp_path)
    (data / "context.csv").rename(data / "Context.csv")
    problem = only_error(data)
    assert problem.fix == "rename Context.csv to context.csv (file names are lower case)"


def test_unknown_file_is_a_warning(tmp_path):
    data = copy_good(tmp_path)
    (data / "budget.csv").write_text("x\n", encoding="utf-8")
    (data / "README.md").write_text("not a table\n", encoding="utf-8")
    [warning] = load(data).warnings
    assert warning.file == "budget.csv" and warning.rule == "unknown-file"
    assert "rename it to budgets.csv" in warning.fix


# ------------------------------------------------------------------------------ write_processed


def test_write_processed_round_trips(tmp_path, good):
    out = tmp_path / "processed"
    written = write_processed(good, out)
    assert written == [out / f"{name}.parquet" for name in TABLES]
    for name in TABLES:
        back = pd.read_parquet(out / f"{name}.parquet")
        pd.testing.assert_frame_equal(back, getattr(good, name), check_dtype=False, check_categorical=False)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_write_processed_loads_a_folder(tmp_path):
    written = write_processed(GOOD, tmp_path / "processed")
    assert len(written) == len(TABLES)


def test_write_processed_writes_nothing_when_the_data_are_bad(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 2, "status", "NC")
    with pytest.raises(DataError):
        write_processed(data, tmp_path / "processed")
    assert not (tmp_path / "processed").exists()


def test_write_processed_is_all_or_nothing(tmp_path, good, monkeypatch):
    """If the third table fails to write, are the previous parquet files left exactly as they were?"""
    out = tmp_path / "processed"
    write_processed(good, out)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}

    data = copy_good(tmp_path)
    set_cell(data, "forces", 2, "name", "Leicestershire Constabulary")
    changed = load(data)
    real_write = processed_module._write_parquet
    calls = []

    def failing_write(frame, path):
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_write(frame, path)

    monkeypatch.setattr(processed_module, "_write_parquet", failing_write)
    with pytest.raises(CollabAnalysisError) as caught:
        write_processed(changed, out)
    assert "could not write memberships.parquet" in str(caught.value)
    assert "nothing in" in str(caught.value)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]

    monkeypatch.setattr(processed_module, "_write_parquet", real_write)
    write_processed(changed, out)
    assert pd.read_parquet(out / "forces.parquet").loc[0, "name"] == "Leicestershire Constabulary"


def test_write_processed_relative_out_dir_starts_at_the_current_directory(tmp_path, good, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written = write_processed(good, "somewhere/processed")
    assert written[0].parent == tmp_path / "somewhere" / "processed"
    assert os.path.isfile(written[0])


def test_restated_total_that_differs_beyond_rounding(tmp_path):
    """£1.6m said to restate £1,523,000 is £77,000 out: more than rounding to £100,000 (±£50,000) allows."""
    data = copy_good(tmp_path)
    set_cell(data, "budget_totals", 3, "amount_gbp", "£1.6m")
    set_cell(data, "budget_totals", 3, "excerpt", "some £1.6 million")
    [warning] = load(data).warnings
    assert_names(warning, "budget_totals.csv", 3, "amount_gbp")
    assert warning.rule == "same-as-differs"
    assert "differs from it by £77,000" in warning.message


def test_total_restating_itself(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budget_totals", 3, "same_as", "leics-2019-20-rounded")
    problem = only_error(data)
    assert_names(problem, "budget_totals.csv", 3, "same_as")


def test_package_exports_the_loader():
    """Do ``ca.load``, ``ca.validate``, ``ca.write_processed`` and ``ca.Tables`` name these functions?"""
    import collab_analysis as ca

    assert (ca.load, ca.validate, ca.write_processed, ca.Tables) == (load, validate, write_processed, Tables)


def test_repr_and_frames(good):
    assert repr(good).startswith("<Tables forces=3, collaborations=3,")
    assert list(good.frames()) == list(TABLES)
