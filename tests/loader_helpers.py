"""Helpers for the loader tests: copy the good fixture, change a cell, and read back the problems.

The good fixture (tests/data/loader/good) is a small, hand-written, valid data set. Each bad case
copies it and changes one cell (or a few), so the expected file, row and column are known by hand.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from collab_analysis.errors import Problem
from collab_analysis.data import validate

GOOD = Path(__file__).parent / "data" / "loader" / "good"


def copy_good(tmp_path: Path) -> Path:
    """A copy of the good fixture at ``tmp_path / "data"``."""
    target = tmp_path / "data"
    shutil.copytree(GOOD, target)
    return target


def read_records(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_records(path: Path, records: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(records)


def set_cell(data_dir: Path, table: str, row: int, column: str, value: str) -> None:
    """Write ``value`` into spreadsheet ``row`` (header = 1) of ``column`` in ``<table>.csv``."""
    path = data_dir / f"{table}.csv"
    records = read_records(path)
    records[row - 1][records[0].index(column)] = value
    write_records(path, records)


def append_copy(data_dir: Path, table: str, row: int) -> int:
    """Append a copy of spreadsheet ``row`` of ``<table>.csv``; returns the new row's number."""
    path = data_dir / f"{table}.csv"
    records = read_records(path)
    records.append(list(records[row - 1]))
    write_records(path, records)
    return len(records)


def errors_in(data_dir: Path) -> list[Problem]:
    return [p for p in validate(data_dir) if p.severity == "error"]


def only_error(data_dir: Path) -> Problem:
    errors = errors_in(data_dir)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def assert_names(problem: Problem, file: str, row: int | None, column: str | None) -> None:
    """Does the problem (and its message) name the file, the row and the column?"""
    assert (problem.file, problem.row, problem.column) == (file, row, column), str(problem)
    text = str(problem)
    assert text.startswith(file)
    if row is not None:
        assert f"row {row}" in text
    if column is not None:
        assert f"column {column}" in text


def csv_to_workbook(csv_path: Path):
    """An openpyxl workbook holding ``csv_path``'s cells as text: ``(book, sheet)``."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for record in read_records(csv_path):
        sheet.append(record)
    return book, sheet


def write_xlsx(source: Path, target: Path) -> None:
    """Save every ``<table>.csv`` in ``source`` as ``target/<table>.xlsx``."""
    target.mkdir()
    for path in sorted(source.glob("*.csv")):
        book, _ = csv_to_workbook(path)
        book.save(target / f"{path.stem}.xlsx")
