"""Whatever is thrown at load(), does it either load or raise one of our errors, never anything else?

Hypothesis damages the good fixture at random: cells replaced by random or tricky text, columns
dropped, random rows appended, whole files replaced by random bytes. The parsers get round-trip
properties: every whole-pound amount written in any accepted form reads back as itself.
"""
from __future__ import annotations

import csv
import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collab_analysis.data.cells import parse_money
from collab_analysis.data.loader import load
from collab_analysis.data.models import TABLES
from collab_analysis.data.tables import Tables
from collab_analysis.errors import CollabAnalysisError, DataError, Problem
from collab_analysis.years import parse_date, parse_financial_year
from loader_helpers import GOOD, read_records

RECORDS = {name: read_records(GOOD / f"{name}.csv") for name in TABLES}

TRICKY = ["", " ", "NC", "nc", "£6.3525555m", "c.£4m", "-1", "9" * 40, "1e400", "nan", "inf", "2019/2021",
          "19/20", "01/05/2018", "0001-01-01", "9999-12-31", "2019-02-30", "\x00", "\ufeff", "=1+1", '"', ",",
          "\n", "\r", ";", ";;", "Leics;", "leicestershre", "emsou", "seed-000", "S", "C2", "D", "100", "100.05",
          "27.6%", "٣٠٠", "£", "k", "m", "¬", "\u200b", "x" * 300, "2019-20", "2019", "2015-04", "regional",
          "range", "about", "year", "claimed"]

cell_text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40),
                      st.text(alphabet=st.characters(codec="utf-8"), max_size=12))


def write(directory: Path, records: dict[str, list[list[str]]], raw: dict[str, bytes]) -> None:
    for name in TABLES:
        path = directory / f"{name}.csv"
        if name in raw:
            path.write_bytes(raw[name])
            continue
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows(records[name])
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


@st.composite
def damaged_data_sets(draw):
    records = {name: [list(r) for r in rows] for name, rows in RECORDS.items()}
    raw: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(sorted(TABLES)))
        rows = records[name]
        action = draw(st.sampled_from(["cell", "cell", "cell", "drop-column", "add-row", "drop-row", "bytes",
                                       "header-cell"]))
        if action == "cell" and len(rows) > 1:
            r = draw(st.integers(1, len(rows) - 1))
            c = draw(st.integers(0, len(rows[r]) - 1))
            rows[r][c] = draw(cell_text)
        elif action == "header-cell":
            c = draw(st.integers(0, len(rows[0]) - 1))
            rows[0][c] = draw(cell_text)
        elif action == "drop-column":
            c = draw(st.integers(0, len(rows[0]) - 1))
            for row in rows:
                if c < len(row):
                    del row[c]
        elif action == "add-row":
            width = draw(st.integers(0, len(rows[0]) + 2))
            rows.append([draw(cell_text) for _ in range(width)])
        elif action == "drop-row" and len(rows) > 1:
            del rows[draw(st.integers(1, len(rows) - 1))]
        elif action == "bytes":
            raw[name] = draw(st.binary(max_size=200))
    return records, raw


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_data_sets())
def test_load_either_loads_or_raises_our_error(damaged):
    """Random damage: load() returns Tables or raises CollabAnalysisError, never anything else."""
    records, raw = damaged
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        write(directory, records, raw)
        try:
            tables = load(directory)
        except DataError as exc:
            assert exc.errors, "a DataError must carry at least one error"
            assert all(isinstance(p, Problem) and str(p) for p in exc.problems)
        except CollabAnalysisError as exc:
            assert str(exc)
        else:
            assert isinstance(tables, Tables)
            for name in TABLES:
                assert list(getattr(tables, name).columns) == TABLES[name].output_columns


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**11))
def test_money_round_trips_in_every_form(pounds):
    """Every whole-pound amount reads back as itself, however it is written."""
    assert parse_money(str(pounds)) == pounds
    assert parse_money(f"{pounds:,}") == pounds
    assert parse_money(f"£{pounds:,}") == pounds
    assert parse_money(f"£{Decimal(pounds) / 10**6}m") == pounds
    assert parse_money(f"£{Decimal(pounds) / 1000}k") == pounds


@settings(max_examples=100, deadline=None)
@given(st.integers(1900, 2100), st.sampled_from(["{y}-{s}", "{y}/{s}", "{y}/{n}", "{y}-{n}"]))
def test_financial_years_round_trip(year, form):
    text = form.format(y=year, s=f"{(year + 1) % 100:02d}", n=year + 1)
    assert parse_financial_year(text) == f"{year}-{(year + 1) % 100:02d}"


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=pd.Timestamp("1800-01-01").date(), max_value=pd.Timestamp("2200-12-31").date()))
def test_iso_dates_round_trip(day):
    assert parse_date(day.isoformat()) == (pd.Timestamp(day), "day")
    assert parse_date(day.isoformat()[:7]) == (pd.Timestamp(day.year, day.month, 1), "month")
