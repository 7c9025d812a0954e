"""Do hostile files get a clear Problem (never a traceback, never a silent misread)?

Each test damages one file of a copy of the good fixture the way files really get damaged: saved in
the wrong encoding, renamed, merged in Excel, emptied, or grown huge.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from collab_analysis.data import read as read_module
from collab_analysis.data.loader import load, validate
from collab_analysis.data.models import TABLES
from collab_analysis.errors import DataError
from loader_helpers import GOOD, copy_good, csv_to_workbook, only_error


def assert_same_tables(a, b) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


# ------------------------------------------------------------------------------------ empty files


def test_empty_file(tmp_path):
    """Is a 0-byte file an error naming the file and the header it needs?"""
    data = copy_good(tmp_path)
    (data / "budgets.csv").write_bytes(b"")
    problem = only_error(data)
    assert problem.file == "budgets.csv" and problem.rule == "file-empty"
    assert problem.message == "budgets.csv is empty (0 bytes)"
    assert "collab_id,force_id,financial_year,amount_gbp" in problem.fix


def test_blank_file(tmp_path):
    data = copy_good(tmp_path)
    (data / "budgets.csv").write_bytes(b"\r\n \r\n")
    assert only_error(data).rule == "file-empty"


def test_header_only_optional_table_is_valid(tmp_path):
    """Is a table with a header and no rows read as zero rows (with its columns and types)?"""
    data = copy_good(tmp_path)
    path = data / "cost_shares.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    tables = load(data)
    assert len(tables.cost_shares) == 0
    assert list(tables.cost_shares.columns) == TABLES["cost_shares"].output_columns
    assert tables.cost_shares["share_pct"].dtype == "Float64"


@pytest.mark.parametrize("table", ["forces", "sources", "collaborations"])
def test_header_only_required_table_is_an_error(tmp_path, table):
    """Are forces, collaborations and sources, which every other table refers to, refused when empty?"""
    data = copy_good(tmp_path)
    path = data / f"{table}.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    problem = only_error(data)  # one error, not one per reference to the empty table
    assert problem.file == f"{table}.csv" and problem.rule == "no-rows"
    assert "has no rows" in problem.message


# ------------------------------------------------------------------------------ not text, not UTF-8


def test_binary_file_renamed_csv(tmp_path):
    data = copy_good(tmp_path)
    (data / "events.csv").write_bytes(bytes(range(256)) * 4)
    problem = only_error(data)
    assert problem.file == "events.csv" and problem.rule == "file-not-text"
    assert "is not a text CSV file" in problem.message


def test_excel_workbook_renamed_csv(tmp_path):
    data = copy_good(tmp_path)
    book, _ = csv_to_workbook(GOOD / "events.csv")
    book.save(data / "events.csv")
    problem = only_error(data)
    assert "Excel workbook with a .csv name" in problem.message
    assert "rename it to events.xlsx" in problem.fix


def test_not_utf8(tmp_path):
    """Is a Windows-1252 file refused, naming the line of the first bad byte, never decoded by a guess?"""
    data = copy_good(tmp_path)
    text = (GOOD / "budgets.csv").read_text(encoding="utf-8")
    (data / "budgets.csv").write_bytes(text.encode("cp1252"))
    problem = only_error(data)
    assert problem.file == "budgets.csv" and problem.rule == "file-not-utf8"
    # Row 2 of budgets.csv (line 2) is the first with a £ sign, byte 0xA3 in Windows-1252.
    assert "byte 0xA3 on line 2" in problem.message
    assert "save it as UTF-8" in problem.fix


def test_utf16(tmp_path):
    data = copy_good(tmp_path)
    (data / "budgets.csv").write_bytes((GOOD / "budgets.csv").read_text(encoding="utf-8").encode("utf-16"))
    problem = only_error(data)
    assert problem.rule == "file-not-utf8" and "UTF-16" in problem.message


def test_utf8_bom_and_windows_line_endings_are_fine(tmp_path, good):
    """Does a file saved by Excel as "CSV UTF-8" (BOM, CRLF) load exactly like the plain one?"""
    data = copy_good(tmp_path)
    for name in ("forces", "budgets"):
        raw = (GOOD / f"{name}.csv").read_bytes()
        (data / f"{name}.csv").write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    loaded = load(data)
    assert_same_tables(loaded, good)
    assert loaded.forces.columns[0] == "force_id"  # the BOM is not part of the first column's name


def test_old_mac_line_endings_are_fine(tmp_path, good):
    data = copy_good(tmp_path)
    (data / "sources.csv").write_bytes((GOOD / "sources.csv").read_bytes().replace(b"\n", b"\r"))
    assert_same_tables(load(data), good)


def test_no_break_spaces_and_stray_spaces_are_stripped(tmp_path, good):
    data = copy_good(tmp_path)
    text = (GOOD / "budget_totals.csv").read_text(encoding="utf-8")
    (data / "budget_totals.csv").write_text(text.replace(",1000,", ",\xa01000 ,").replace("leics-2019-20,l",
                                                                                          " leics-2019-20\t,l"),
                                            encoding="utf-8")
    assert_same_tables(load(data), good)


# ---------------------------------------------------------------------------------- CSV structure


def test_semicolon_separated(tmp_path):
    data = copy_good(tmp_path)
    text = (GOOD / "sources.csv").read_text(encoding="utf-8")
    (data / "sources.csv").write_text(text.replace(",", ";"), encoding="utf-8")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.rule) == ("sources.csv", 1, "csv-separator")


def test_unclosed_quote(tmp_path):
    """Is an unclosed quote refused, rather than the rest of the file read into one cell?"""
    data = copy_good(tmp_path)
    text = (GOOD / "budgets.csv").read_text(encoding="utf-8")
    (data / "budgets.csv").write_text(text.replace('"EMSOU £1,000,000"', '"EMSOU £1,000,000'), encoding="utf-8")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.rule) == ("budgets.csv", 2, "csv-syntax")
    assert "opened in the row starting on line 2 is never closed" in problem.message


def test_extra_cells(tmp_path):
    """Is an unquoted comma (a row longer than the header) refused, naming the row?"""
    data = copy_good(tmp_path)
    text = (GOOD / "budgets.csv").read_text(encoding="utf-8")
    (data / "budgets.csv").write_text(text.replace("1200000,100000,net budget", "1,200,000,100000,net budget"), encoding="utf-8")
    errors = [p for p in validate(data) if p.severity == "error"]
    assert ("budgets.csv", 4, "csv-extra-cells") in [(p.file, p.row, p.rule) for p in errors]


def test_trailing_empty_cells_are_fine(tmp_path, good):
    data = copy_good(tmp_path)
    lines = (GOOD / "sources.csv").read_text(encoding="utf-8").splitlines()
    lines[1] += ",,"  # empty cells beyond the header, as Excel sometimes writes
    (data / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_same_tables(load(data), good)


def test_short_row_reads_the_missing_cells_as_blank(tmp_path):
    """A row with its last cell left off has that cell blank (here a required one: an error at that row)."""
    data = copy_good(tmp_path)
    lines = (GOOD / "sources.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0]
    (data / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.column, problem.rule) == ("sources.csv", 4, "kind", "required")


def test_blank_lines_keep_spreadsheet_row_numbers(tmp_path):
    """With a blank line after the header, the row with the mistake is row 4, as a spreadsheet shows it."""
    data = copy_good(tmp_path)
    lines = (GOOD / "budgets.csv").read_text(encoding="utf-8").splitlines()
    lines.insert(1, ",,,,,,,,")
    lines[3] = lines[3].replace("2019-2020", "2019-2021")
    (data / "budgets.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.column) == ("budgets.csv", 4, "financial_year")


def test_cell_with_a_line_break_counts_as_one_row(tmp_path):
    data = copy_good(tmp_path)
    text = (GOOD / "collaborations.csv").read_text(encoding="utf-8")
    text = text.replace('"Roads policing, firearms and dogs"', '"Roads policing,\nfirearms and dogs"')
    text = text.replace("operational-support-services", "operational-support-service")
    (data / "collaborations.csv").write_text(text, encoding="utf-8")
    problem = only_error(data)
    assert (problem.row, problem.column) == (4, "area_of_work")


def test_enormous_cell(tmp_path):
    data = copy_good(tmp_path)
    text = (GOOD / "sources.csv").read_text(encoding="utf-8")
    (data / "sources.csv").write_text(text.replace("Fixture Panel", '"' + "x" * 200_000 + '"'), encoding="utf-8")
    problem = only_error(data)
    assert problem.file == "sources.csv" and problem.rule == "csv-syntax"


def test_column_without_a_name(tmp_path):
    data = copy_good(tmp_path)
    lines = (GOOD / "sources.csv").read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ","] + [line + ",stray" for line in lines[1:]]
    (data / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    [warning] = load(data).warnings
    assert warning.file == "sources.csv" and "column H has values but no name" in warning.message


def test_data_dir_is_a_file(tmp_path):
    path = tmp_path / "file.csv"
    path.write_text("x", encoding="utf-8")
    [problem] = validate(path)
    assert "is not a folder" in problem.message


# ------------------------------------------------------------------------------------------ Excel


def test_merged_header(tmp_path):
    """Is a header with merged cells refused with "unmerge the header cells"?"""
    data = copy_good(tmp_path)
    (data / "events.csv").unlink()
    book, sheet = csv_to_workbook(GOOD / "events.csv")
    sheet.merge_cells("A1:B1")
    book.save(data / "events.xlsx")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.rule) == ("events.xlsx", 1, "xlsx-merged-header")
    assert problem.fix.startswith("unmerge the header cells")


def test_merged_data_cells(tmp_path):
    """Are merged cells below the header refused (only the first would have a value)?"""
    data = copy_good(tmp_path)
    (data / "cost_shares.csv").unlink()
    book, sheet = csv_to_workbook(GOOD / "cost_shares.csv")
    sheet.merge_cells("G3:G4")
    book.save(data / "cost_shares.xlsx")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.column, problem.rule) == ("cost_shares.xlsx", 3, "basis",
                                                                          "xlsx-merged-cells")


def test_formula_without_a_saved_value(tmp_path):
    data = copy_good(tmp_path)
    (data / "budgets.csv").unlink()
    book, sheet = csv_to_workbook(GOOD / "budgets.csv")
    sheet["D4"] = "=1000000+200000"
    book.save(data / "budgets.xlsx")
    problem = only_error(data)
    assert (problem.file, problem.row, problem.column, problem.rule) == ("budgets.xlsx", 4, "amount_gbp",
                                                                          "xlsx-formula")


def test_other_sheets_are_ignored_with_a_warning(tmp_path):
    data = copy_good(tmp_path)
    (data / "sources.csv").unlink()
    book, _ = csv_to_workbook(GOOD / "sources.csv")
    book.create_sheet("notes")["A1"] = "working notes"
    book.save(data / "sources.xlsx")
    [warning] = load(data).warnings
    assert warning.file == "sources.xlsx" and warning.rule == "xlsx-extra-sheet"


def test_not_a_workbook(tmp_path):
    data = copy_good(tmp_path)
    (data / "sources.csv").unlink()
    (data / "sources.xlsx").write_bytes(b"source_id,title\n")
    problem = only_error(data)
    assert problem.rule == "file-not-xlsx" and "is not an Excel .xlsx workbook" in problem.message


def test_broken_workbook(tmp_path):
    data = copy_good(tmp_path)
    (data / "sources.csv").unlink()
    (data / "sources.xlsx").write_bytes(b"PK\x03\x04" + os.urandom(200))
    problem = only_error(data)
    assert problem.rule == "file-not-xlsx" and "cannot be opened as an Excel workbook" in problem.message


def test_old_xls_renamed_xlsx(tmp_path):
    data = copy_good(tmp_path)
    (data / "sources.csv").unlink()
    (data / "sources.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    problem = only_error(data)
    assert "Excel 97-2003" in problem.message


def test_excel_lock_file_is_ignored(tmp_path, good):
    data = copy_good(tmp_path)
    (data / "~$budgets.xlsx").write_bytes(b"\x00lock")
    assert load(data).warnings == []


# ------------------------------------------------------------------------------------------- size


def test_large_file_is_refused_before_reading(tmp_path, monkeypatch):
    """Is a file over the limit refused with its size and the limit, without reading its bytes?"""
    data = copy_good(tmp_path)
    monkeypatch.setattr(read_module, "MAX_FILE_BYTES", 1000)
    (data / "context.csv").write_bytes((GOOD / "context.csv").read_bytes() + b"\n" * 5000)
    real_read_bytes = Path.read_bytes

    def guarded(self):
        assert self.name != "context.csv", "an oversized file was read"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    problem = only_error(data)
    assert problem.file == "context.csv" and problem.rule == "file-too-large"
    size = (data / "context.csv").stat().st_size
    assert f"context.csv is {size:,} bytes, more than the 1,000 bytes a table may be" == problem.message


@pytest.mark.slow
def test_100_mb_file_is_refused_unread(tmp_path, monkeypatch):
    """A real file of just over 100 MB (sparse where the file system allows) is refused without reading it."""
    data = copy_good(tmp_path)
    size = 100 * 1024 * 1024 + 1
    with (data / "events.csv").open("r+b") as fh:
        fh.truncate(size)
    real_read_bytes = Path.read_bytes

    def guarded(self):
        assert self.name != "events.csv", "the 100 MB file was read"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    with pytest.raises(DataError) as caught:
        load(data)
    [problem] = caught.value.errors
    assert problem.file == "events.csv" and problem.rule == "file-too-large"
    assert problem.message == "events.csv is 100.0 MB, more than the 50.0 MB a table may be"
