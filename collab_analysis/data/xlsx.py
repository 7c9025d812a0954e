"""Read the first sheet of an Excel workbook as text rows: only the cells that hold something.

A workbook's sheet says how big it is (its "dimension"), and a spreadsheet library asked for its
rows pads every row to that size: one stray cell at ``XFD1048576`` makes that 17 billion cells.
So this reader walks the sheet's XML itself (through openpyxl's parser) and keeps only the cells
written in it, by position; and it refuses a workbook whose unpacked parts exceed the size limit a
CSV file has (:data:`read.MAX_FILE_BYTES`), so a sheet never costs more than a CSV of the same
size would.

Each cell becomes the text it shows: numbers exactly (``Decimal`` from the stored digits; a
percent-formatted 0.276 is ``27.6``), dates as ISO at the precision their format shows (``mmm-yy``
is a month), booleans as ``TRUE``/``FALSE``. What cannot be read exactly is refused with its
cell: a formula without a saved value, an error value (``#DIV/0!``), a duration, merged cells.
"""
from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

from ..years import iso_date
from .cells import clean
from .problems import Problems
from . import read
from .read import Record, letter

_FIX_SAVE = "open it in Excel and save it again as {stem}.xlsx, or as CSV UTF-8"


def read_xlsx(file: str, data: bytes, problems: Problems) -> list[Record] | None:
    """The first sheet's rows as ``(row number, {column position: text})``, or ``None`` with a problem."""
    stem = Path(file).stem
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.add(file, None, None, None, "file-not-xlsx", f"{file} is an old Excel 97-2003 (.xls) workbook",
                     f"open it in Excel and save it as {stem}.xlsx (Excel Workbook)")
        return None
    if not data.startswith(b"PK\x03\x04"):
        problems.add(file, None, None, None, "file-not-xlsx", f"{file} is not an Excel .xlsx workbook",
                     f"save it from Excel as {stem}.xlsx, or as CSV UTF-8")
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        _broken(file, stem, exc, problems)
        return None
    if unpacked > read.MAX_FILE_BYTES:
        problems.add(file, None, None, unpacked, "file-too-large",
                     f"{file} unpacks to {unpacked / 1024 / 1024:.1f} MB, more than the "
                     f"{read.MAX_FILE_BYTES / 1024 / 1024:.1f} MB a table may be",
                     "check it is the right file: the tables hold a few hundred rows (a workbook this size "
                     "usually has formatting or values far outside the table; delete those rows and columns)")
        return None
    import openpyxl  # here, so that CSV-only users do not pay for importing it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                return _read_book(file, book, problems)
            finally:
                book.close()
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        _broken(file, stem, exc, problems)
        return None


def _broken(file: str, stem: str, exc: Exception, problems: Problems) -> None:
    problems.add(file, None, None, None, "file-not-xlsx",
                 f"{file} cannot be opened as an Excel workbook ({type(exc).__name__})",
                 _FIX_SAVE.format(stem=stem))


def _parse(book, sheet, data_only: bool):
    from openpyxl.worksheet._reader import WorkSheetParser

    source = sheet._get_source()
    parser = WorkSheetParser(source, sheet._shared_strings, data_only=data_only, epoch=book.epoch,
                             date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    return source, parser


def _read_book(file: str, book, problems: Problems) -> list[Record] | None:
    sheet = book.worksheets[0]
    source, parser = _parse(book, sheet, data_only=False)
    cells: list[dict] = []
    with source:
        for _, row in parser.parse():
            cells += [c for c in row if c["value"] is not None]
        merged = [m.ref for m in (parser.merged_cells.mergeCell if parser.merged_cells else [])]
    header = {c["column"]: clean(c["value"]) for c in cells if c["row"] == 1 and isinstance(c["value"], str)}
    if _merged_problems(file, merged, header, problems):
        return None
    formulas = {(c["row"], c["column"]) for c in cells if c["data_type"] == "f"}
    saved = _saved_values(book, sheet, formulas) if formulas else {}
    records: dict[int, dict[int, str]] = {}
    for cell in cells:
        row, column = cell["row"], cell["column"]
        where = f"{letter(column - 1)}{row}"
        if (row, column) in formulas:
            cell = saved.get((row, column))
            if cell is None:
                problems.add(file, row, header.get(column), None, "xlsx-formula",
                             f"cell {where} holds a formula with no saved value",
                             "open the file in Excel and save it (so the value is stored), or type the value")
                continue
        text = _text(cell, _number_format(book, cell["style_id"]))
        if isinstance(text, _Refused):
            problems.add(file, row, header.get(column), None, text.rule, f"cell {where} {text.what}", text.fix)
            continue
        records.setdefault(row, {})[column - 1] = text
    _warn_extra_sheets(file, book, problems)
    return sorted(records.items())


def _merged_problems(file: str, merged: list[str], header: dict[int, str], problems: Problems) -> bool:
    from openpyxl.utils.cell import range_boundaries

    for ref in merged:
        min_col, min_row, _, _ = range_boundaries(ref)
        if min_row <= 1:
            problems.add(file, 1, None, ref, "xlsx-merged-header",
                         f"the header has merged cells ({ref}), so the column names cannot be read",
                         "unmerge the header cells and write one column name in each cell of row 1")
        else:
            problems.add(file, min_row, header.get(min_col), ref, "xlsx-merged-cells",
                         f"cells {ref} are merged, so only the first of them has a value",
                         "unmerge them and write the value in every row it applies to")
    return bool(merged)


def _saved_values(book, sheet, formulas: set[tuple[int, int]]) -> dict[tuple[int, int], dict]:
    """The values Excel saved for the formula cells (a second, value-only walk of the sheet)."""
    source, parser = _parse(book, sheet, data_only=True)
    found = {}
    with source:
        for _, row in parser.parse():
            for cell in row:
                if (cell["row"], cell["column"]) in formulas and cell["value"] is not None:
                    found[(cell["row"], cell["column"])] = cell
    return found


def _warn_extra_sheets(file: str, book, problems: Problems) -> None:
    first = book.worksheets[0]
    for extra in book.worksheets[1:]:
        source, parser = _parse(book, extra, data_only=True)
        with source:
            used = any(c["value"] is not None for _, row in parser.parse() for c in row)
        if used:
            problems.warn(file, None, None, extra.title, "xlsx-extra-sheet",
                          f"only the first sheet ({first.title!r}) is read; sheet {extra.title!r} is ignored",
                          "move the table to the first sheet if that is the one meant")


def _number_format(book, style_id) -> str:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    try:
        fmt_id = book._cell_styles[int(style_id or 0)].numFmtId
        if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
            return BUILTIN_FORMATS.get(fmt_id, "General")
        return book._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
    except (IndexError, AttributeError, TypeError):
        return "General"


class _Refused:
    """A cell whose value cannot be read exactly as text, with what it holds and the fix."""

    def __init__(self, rule: str, what: str, fix: str):
        self.rule, self.what, self.fix = rule, what, fix


def _text(cell: dict, fmt: str) -> str | _Refused:
    value, kind, fmt = cell["value"], cell["data_type"], (fmt or "").lower()
    if kind == "e":
        return _Refused("xlsx-error-value", f"shows the error {value} instead of a value",
                        "correct the formula (or type the value) in Excel and save the file again")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.timedelta):
        return _Refused("xlsx-duration", "holds a duration, which no column of these tables holds",
                        "type the value the column needs (a date is written YYYY-MM-DD)")
    if isinstance(value, dt.datetime):
        return _excel_date(value.date(), fmt) if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return _excel_date(value, fmt)
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return _Refused("xlsx-error-value", "holds a number that is not finite", "type the figure")
        if "%" in fmt:
            number *= 100
        return str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")
    if isinstance(value, str):
        return value
    return _Refused("xlsx-formula", f"holds a {type(value).__name__} that cannot be read as text",
                    "type the value in the cell and save the file again")


def _excel_date(value: dt.date, fmt: str) -> str:
    """A date cell as the ISO text its number format shows: ``mmm-yy`` shows only a month, ``yyyy`` a year."""
    shown = fmt.replace('"', "").replace("\\", "")
    precision = ("month" if "m" in shown else "year") if "y" in shown and "d" not in shown else "day"
    return iso_date(value, precision)
