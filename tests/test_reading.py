"""Does a paper's record of what it read tell, soundly, whether a corrected row can change it?

The expectations come from what each paper shows (design.md, "what a paper contains"): a force's
paper lists that force's own contributions; it never shows another force's contribution. So
correcting Derbyshire's figure cannot change Leicestershire's paper, and correcting Leicestershire's
EMSOU figure for 2019-20 (seed 002's table after para 10: "£6.352m") must.
"""
from __future__ import annotations

import pandas as pd
import pytest

import collab_analysis as ca
from collab_analysis.data.reading import Reading, slice_hash, unchanged
from collab_analysis.paper import facts as paper_facts


def _leicestershire_record(tables) -> list:
    reading = Reading(tables)
    paper_facts(reading, "leicestershire", "2019-20", "2019-07-22")
    return reading.record()


def _with_amount(tables, collab: str, force: str, year: str, amount: int):
    budgets = tables.budgets.copy()
    row = (budgets["collab_id"] == collab) & (budgets["force_id"] == force) & (budgets["financial_year"] == year)
    assert row.sum() == 1
    budgets.loc[row, "amount_gbp"] = amount
    return tables.replace(budgets=budgets)


def test_a_paper_reads_its_own_forces_budget_rows_by_key(real):
    record = _leicestershire_record(real)
    reads = {(table, tuple(map(tuple, key))) for table, key, _ in record}
    assert ("budgets", (("force_id", "leicestershire"),)) in reads
    assert ("budgets", ()) not in reads           # never the whole table
    assert ("sources", ()) in reads                # read whole: every note cites one
    assert unchanged(record, real)


def test_another_forces_correction_leaves_the_record_unchanged(real):
    record = _leicestershire_record(real)
    corrected = _with_amount(real, "mfss", "nottinghamshire", "2017-18", 899_000)
    assert unchanged(record, corrected)


def test_the_papers_own_figure_corrected_changes_the_record(real):
    record = _leicestershire_record(real)
    corrected = _with_amount(real, "emsou", "leicestershire", "2019-20", 6_353_000)
    assert not unchanged(record, corrected)


def test_a_change_to_a_table_read_whole_changes_the_record(real):
    record = _leicestershire_record(real)
    sources = real.sources.copy()
    sources.loc[sources["source_id"] == "seed-000", "title"] = "Another title"
    assert not unchanged(record, real.replace(sources=sources))


def test_a_row_moving_into_the_papers_key_changes_the_record(real):
    """A row that was another force's and is corrected to be Leicestershire's is a row the paper now reads."""
    record = _leicestershire_record(real)
    budgets = real.budgets.copy()
    budgets.loc[budgets["force_id"] == "nottinghamshire", "force_id"] = "leicestershire"
    assert not unchanged(record, real.replace(budgets=budgets))


def test_tables_where_gives_the_rows_a_filter_gives_in_file_order(real):
    by_filter = real.budgets[real.budgets["force_id"] == "leicestershire"]
    pd.testing.assert_frame_equal(real.where("budgets", force_id="leicestershire"), by_filter)
    both = real.where("budgets", force_id=("nottinghamshire", "leicestershire"))
    assert list(both.index) == sorted(both.index)
    assert len(both) == 9                         # 6 Leicestershire rows and 3 Nottinghamshire MFSS rows
    assert real.where("budgets", force_id="no-such-force").empty


def test_a_record_from_another_version_is_not_trusted(real):
    assert not unchanged([["budgets", [["no_such_column", "x"]], "0" * 32]], real)
    assert not unchanged([["no_such_table", [], "0" * 32]], real)


def test_a_swapped_table_is_indexed_afresh(real):
    tables = real.copy()
    before = slice_hash(tables, "budgets", (("force_id", "leicestershire"),))
    tables.budgets = tables.budgets.iloc[:1]       # what an analyst might do in a notebook
    assert len(tables.where("budgets", force_id="leicestershire")) == 1
    assert slice_hash(tables, "budgets", (("force_id", "leicestershire"),)) != before


@pytest.mark.parametrize("table", ["forces", "memberships", "events"])
def test_every_table_a_paper_reads_whole_is_written_down(real, table):
    """Code that reads a table as a whole (membership, events, names) counts as reading all of it."""
    reads = {t for t, key, _ in _leicestershire_record(real) if not key}
    assert table in reads


def test_the_reading_carries_no_cache_built_on_the_tables(real):
    ca.forces.resolve_force(real, "Leics")        # builds the name lookup on the tables
    reading = Reading(real)
    ca.forces.resolve_force(reading, "Leics")
    assert ("forces", ()) in {(t, tuple(k)) for t, k, _ in reading.record()}
