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


PAPERS = [("derbyshire", None), ("leicestershire", "2019-07-22"), ("lincolnshire", None), ("northamptonshire", None),
          ("nottinghamshire", None), ("thames-valley", None), (None, None)]


def _digest(tables, force, date):
    if force is None:
        return ca.paper.overview_facts(tables, "2019-20", date).digest()
    return paper_facts(tables, force, "2019-20", date).digest()


@pytest.mark.slow
def test_a_paper_said_unchanged_by_its_record_has_the_same_facts_after_any_correction_to_a_table_read_by_key(real):
    """Soundness, tried cell by cell: for a correction to every row of the tables read by key (a figure changed,
    or the row moved to another force), does every 2019-20 paper whose record says "unchanged" give the same
    facts when worked out again? (A paper whose record says "changed" is simply worked out; that costs time,
    never truth.)"""
    records = {}
    for force, date in PAPERS:
        reading = Reading(real)
        if force is None:
            ca.paper.overview_facts(reading, "2019-20", date)
        else:
            paper_facts(reading, force, "2019-20", date)
        records[force] = (reading.record(), _digest(real, force, date))
    figure = {"budgets": "amount_gbp", "budget_totals": "amount_gbp", "cost_shares": "share_pct", "context": "value"}
    tried = kept = 0
    for table, column in figure.items():
        frame = getattr(real, table)
        rows = range(len(frame)) if len(frame) < 12 else range(0, len(frame), len(frame) // 4)  # context: 4 rows
        for i in rows:
            for change in ("figure", "force") if i < 2 else ("figure",):
                edited = frame.copy()
                if change == "figure":
                    edited.iloc[i, edited.columns.get_loc(column)] = edited.iloc[i][column] * 2
                else:
                    edited.iloc[i, edited.columns.get_loc("force_id")] = (
                        "leicestershire" if edited.iloc[i]["force_id"] != "leicestershire" else "derbyshire")
                corrected = real.replace(**{table: edited})
                tried += 1
                for force, date in PAPERS:
                    record, digest = records[force]
                    if unchanged(record, corrected):
                        kept += 1
                        assert _digest(corrected, force, date) == digest, (table, i, change, force)
    assert tried >= 20 and kept > tried   # most corrections leave most papers alone
