"""Issue 13, the data side: whatever the files and cells hold, validate reads it exactly or refuses it.

Each test here failed on main as it stood (e7aa38c) and passes now. Tests run as root, so a file
cannot be made unreadable with chmod: faults are injected instead.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import signal
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest

from collab_analysis.data import read as read_module
from collab_analysis.data.loader import load, validate
from collab_analysis.years import parse_date
from loader_helpers import GOOD, assert_names, copy_good, csv_to_workbook, errors_in, only_error, set_cell

SECRET = "root:x:0:0:SECRET-FIRST-LINE:/root:/bin/bash"


@contextmanager
def time_limit(seconds: int):
    """Fail (rather than hang) if the block runs longer than ``seconds``."""
    def stop(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def no_message_mentions(problems, text: str) -> bool:
    return all(text not in str(p) and text not in str(p.value) for p in problems)


# --------------------------------------------------------------------------------- a huge sheet


def _workbook_with_a_far_cell(data: Path, table: str, value="x") -> None:
    (data / f"{table}.csv").unlink()
    book, sheet = csv_to_workbook(GOOD / f"{table}.csv")
    sheet["XFD1048576"] = value
    book.save(data / f"{table}.xlsx")


def test_a_cell_at_xfd1048576_does_not_make_validate_build_every_cell(tmp_path, monkeypatch):
    """One stray cell at the sheet's last corner: the reader builds only the cells written, and names the row."""
    data = copy_good(tmp_path)
    _workbook_with_a_far_cell(data, "sources")
    assert (data / "sources.xlsx").stat().st_size < 10_000
    built = []
    real_init = openpyxl.cell.cell.Cell.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        if len(built) > 10_000:
            raise AssertionError("validate is building every cell of the sheet's range")
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(openpyxl.cell.cell.Cell, "__init__", counting_init)
    with time_limit(20):
        problem = only_error(data)
    assert (problem.file, problem.row, problem.rule) == ("sources.xlsx", 1048576, "csv-extra-cells")
    assert problem.message == 'the row has 16,384 cells but the header has 7 columns (extra value "x")'
    assert problem.fix == "delete the cells to the right of the table, or add a column name for them"
    assert len(built) < 10_000


def test_a_sheet_whose_dimension_claims_the_whole_grid_reads_like_its_cells(tmp_path, good):
    """A sheet that only *says* it is A1:XFD1048576 (its dimension record) loads exactly like the CSV."""
    import zipfile

    data = copy_good(tmp_path)
    (data / "budgets.csv").unlink()
    book, _ = csv_to_workbook(GOOD / "budgets.csv")
    book.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as source, \
            zipfile.ZipFile(data / "budgets.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, n = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', content)
                assert n == 1
            target.writestr(item, content)
    with time_limit(20):
        tables = load(data)
    assert list(tables.budgets["amount_gbp"]) == list(good.budgets["amount_gbp"])


def test_a_workbook_that_unpacks_beyond_the_size_limit_is_refused(tmp_path, monkeypatch):
    """The limit a CSV file has applies to what a workbook unpacks to (a zip bomb costs no more than a CSV)."""
    data = copy_good(tmp_path)
    (data / "events.csv").unlink()
    book, sheet = csv_to_workbook(GOOD / "events.csv")
    for row in range(6, 400):
        sheet.cell(row=row, column=8, value="the same long description, which compresses well " * 5)
    book.save(data / "events.xlsx")
    assert (data / "events.xlsx").stat().st_size < 20_000
    monkeypatch.setattr(read_module, "MAX_FILE_BYTES", 20_000)
    problem = only_error(data)
    assert (problem.file, problem.rule) == ("events.xlsx", "file-too-large")
    assert re.fullmatch(r"events\.xlsx unpacks to [0-9.]+ MB, more than the 0\.0 MB a table may be", problem.message)


# ------------------------------------------------------------------------- links and foreign files


def test_a_link_leaving_the_data_folder_is_refused_unread(tmp_path):
    data = copy_good(tmp_path)
    outside = tmp_path / "passwd"
    outside.write_text(SECRET + "\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n", encoding="utf-8")
    (data / "budgets.csv").unlink()
    os.symlink(outside, data / "budgets.csv")
    problems = validate(data)
    [problem] = [p for p in problems if p.severity == "error"]
    assert (problem.file, problem.rule) == ("budgets.csv", "file-link")
    assert str(problem) == ("budgets.csv: budgets.csv is a link to a file outside the data folder, and is not read; "
                            "copy the budgets table itself into the data folder in place of the link.")
    assert no_message_mentions(problems, "SECRET")


def test_a_link_to_a_system_file_is_refused(tmp_path):
    data = copy_good(tmp_path)
    (data / "sources.csv").unlink()
    os.symlink("/etc/passwd", data / "sources.csv")
    problems = validate(data)
    assert [p.rule for p in problems if p.severity == "error"] == ["file-link"]
    assert no_message_mentions(problems, "root:")


def test_a_link_within_the_data_folder_is_read(tmp_path, good):
    data = copy_good(tmp_path)
    (data / "archive").mkdir()
    (data / "budgets.csv").rename(data / "archive" / "budgets-2019.csv")
    os.symlink(Path("archive") / "budgets-2019.csv", data / "budgets.csv")
    assert list(load(data).budgets["amount_gbp"]) == list(good.budgets["amount_gbp"])


def test_a_file_that_is_not_the_table_is_refused_without_repeating_it(tmp_path):
    """A system file copied over budgets.csv: one error, and no message quotes its first line."""
    data = copy_good(tmp_path)
    (data / "budgets.csv").write_text(SECRET + "\nbin:x:2:2::/bin:/usr/sbin/nologin\n", encoding="utf-8")
    problems = validate(data)
    [problem] = [p for p in problems if p.severity == "error"]
    assert (problem.file, problem.row, problem.rule) == ("budgets.csv", 1, "not-a-table")
    assert problem.message == ("the first row of budgets.csv is not the header of the budgets table: none of its "
                               "cells is one of the table's column names")
    assert no_message_mentions(problems, "SECRET")


def test_an_unreadable_file_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    """Root can read anything, so the fault is injected: opening budgets.csv fails with permission denied."""
    data = copy_good(tmp_path)
    real_open = Path.open

    def failing_open(self, *args, **kwargs):
        if self.name == "budgets.csv":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    problem = only_error(data)
    assert (problem.file, problem.rule) == ("budgets.csv", "file-unreadable")
    assert problem.message == "budgets.csv cannot be read (Permission denied)"


# ------------------------------------------------------------------------------------ text limits


@pytest.mark.parametrize(("table", "row", "column", "limit"), [
    ("forces", 2, "name", 150), ("forces", 2, "panel_name", 150), ("collaborations", 2, "short_name", 40),
    ("collaborations", 2, "name", 150), ("collaborations", 2, "description", 1000), ("memberships", 4, "note", 1000),
    ("events", 2, "description", 1000), ("sources", 2, "title", 300), ("budgets", 2, "basis", 200),
    ("budgets", 2, "locator", 200), ("meetings", 2, "recommendation", 1000), ("savings", 2, "made_by", 200),
])
def test_text_cells_have_limits(tmp_path, table, row, column, limit):
    """A 10,000-character cell (the issue's 83 MB paper) is refused, naming the length and the limit."""
    data = copy_good(tmp_path)
    set_cell(data, table, row, column, "A" + "x" * 9_999)
    problem = only_error(data)
    assert_names(problem, f"{table}.csv", row, column)
    assert problem.rule == "text-too-long"
    assert "is 10,000 characters long" in problem.message and f"more than the {limit:,} allowed" in problem.message


def test_an_alias_has_a_limit_of_its_own(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "forces", 3, "aliases", "Notts;" + "N" * 81)
    problem = only_error(data)
    assert_names(problem, "forces.csv", 3, "aliases")
    assert "more than the 80 allowed" in problem.message


def test_a_url_must_be_a_web_address(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "sources", 3, "url", "javascript:alert(1)")
    problem = only_error(data)
    assert_names(problem, "sources.csv", 3, "url")
    assert problem.rule == "url"


def test_control_characters_in_a_name_are_refused(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "forces", 2, "name", "Leicestershire\u202e Police")
    problem = only_error(data)
    assert_names(problem, "forces.csv", 2, "name")
    assert problem.rule == "text-control" and "U+202E" in problem.message


def test_dollars_and_hashes_are_just_text(tmp_path):
    """``$`` is mathtext to matplotlib; to the data it is a character (charts must draw it literally: the lead's)."""
    data = copy_good(tmp_path)
    set_cell(data, "collaborations", 2, "short_name", "EMSOU ($2m #1 and $3m)")
    set_cell(data, "collaborations", 3, "description", "US$ and A$ 50% _under_ \\alpha {x}")
    tables = load(data)
    assert tables.collaborations.loc[0, "short_name"] == "EMSOU ($2m #1 and $3m)"
    assert tables.collaborations.loc[1, "description"] == "US$ and A$ 50% _under_ \\alpha {x}"


# ------------------------------------------------------------------------------------------ dates


def test_the_fix_for_31_february_is_itself_a_date(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 5, "date", "31/02/2019")
    problem = only_error(data)
    assert_names(problem, "memberships.csv", 5, "date")
    assert "2019-02-31" not in problem.fix
    for suggested in re.findall(r"\b\d{4}-\d{2}(?:-\d{2})?\b", problem.fix):
        parse_date(suggested)  # raises if the fix offers a date that does not exist
    assert "there is no 31 February 2019" in problem.fix


# ----------------------------------------------------------------------- what a spreadsheet cell holds


def _xlsx(data: Path, table: str):
    (data / f"{table}.csv").unlink()
    return csv_to_workbook(GOOD / f"{table}.csv")


def test_an_error_value_is_refused_with_its_cell(tmp_path):
    """#N/A in a description would be read as the text "#N/A" and printed in a paper."""
    data = copy_good(tmp_path)
    book, sheet = _xlsx(data, "collaborations")
    sheet["I3"] = "#N/A"
    sheet["I3"].data_type = "e"
    book.save(data / "collaborations.xlsx")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.column, problem.rule) == ("collaborations.xlsx", 3, "description",
                                                                          "xlsx-error-value")
    assert problem.message == "cell I3 shows the error #N/A instead of a value"


def test_a_duration_is_refused(tmp_path):
    data = copy_good(tmp_path)
    book, sheet = _xlsx(data, "collaborations")
    sheet["I3"] = dt.timedelta(hours=36)
    sheet["I3"].number_format = "[h]:mm"
    book.save(data / "collaborations.xlsx")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.column, problem.rule) == ("collaborations.xlsx", 3, "description",
                                                                          "xlsx-duration")


def test_numbers_are_read_exactly_or_refused(tmp_path):
    """Half a pound is refused with the cell's own digits; a whole number stored as a float is read to the pound."""
    data = copy_good(tmp_path)
    book, sheet = _xlsx(data, "budgets")
    sheet["D3"] = 523_000.5
    sheet["D4"] = 1_200_000.0
    book.save(data / "budgets.xlsx")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.column, problem.rule) == ("budgets.xlsx", 3, "amount_gbp", "money")
    assert problem.message == '"523000.5" is not a whole number of pounds'


def test_a_percent_formatted_cell_reads_as_what_it_shows(tmp_path):
    data = copy_good(tmp_path)
    book, sheet = _xlsx(data, "cost_shares")
    sheet["E2"] = 0.405
    sheet["E2"].number_format = "0.0%"
    book.save(data / "cost_shares.xlsx")
    assert load(data).cost_shares.loc[0, "share_pct"] == 40.5


def test_a_date_with_a_time_is_refused_not_truncated(tmp_path):
    data = copy_good(tmp_path)
    book, sheet = _xlsx(data, "sources")
    sheet["D3"] = dt.datetime(2013, 5, 1, 14, 30)
    book.save(data / "sources.xlsx")
    problem = only_error(data)
    assert (problem.row, problem.column, problem.rule) == (3, "date", "date")
    assert '"2013-05-01 14:30:00"' in problem.message


def test_errors_in_the_good_fixture_as_xlsx_are_none(tmp_path):
    """The reader gives the same answer as CSV for a plain workbook (the rest of these cases are changes to it)."""
    from loader_helpers import write_xlsx

    write_xlsx(GOOD, tmp_path / "xlsx")
    assert errors_in(tmp_path / "xlsx") == []
