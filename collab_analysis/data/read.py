"""Find a table's file in the data folder and read it as text rows: CSV or Excel, within limits.

Nothing here guesses a type: every cell is kept as the text a person typed (or, for a workbook,
the text the cell shows), and :mod:`normalise` reads it by its column's kind. A file is refused,
with a :class:`~collab_analysis.errors.Problem` naming it and the fix, when it is missing, twice
present (``.csv`` and ``.xlsx``), empty, binary, not UTF-8, over :data:`MAX_FILE_BYTES`, a link
leading out of the data folder, or not the table at all. No message quotes the contents of a file
that is not a table: a link to a system file is refused before it is read, and a first row with
none of the table's column names is reported without repeating it.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .cells import clean, did_you_mean, quote
from .models import TABLES, TableSpec
from .problems import Problems, Raw

#: Files larger than this are refused before they are read (the shipped tables are a few kB); a
#: workbook's unpacked contents are held to the same limit, so a sheet costs what a CSV would.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Extensions a table may be saved with, in the order they are looked for.
EXTENSIONS = (".csv", ".xlsx")
SAVE_AS_CSV = 'save it from Excel as "CSV UTF-8 (Comma delimited) (*.csv)"'

#: One row of a file: its spreadsheet row number and its cells, as a list (CSV) or by column position (Excel).
Record = tuple[int, "list[str] | dict[int, str]"]


def find_table_file(directory: Path, name: str, listing: dict[str, Path], problems: Problems) -> Path | None:
    """The file holding table ``name`` (``<name>.csv`` or ``<name>.xlsx``), or ``None`` with a problem added."""
    present = [directory / f"{name}{ext}" for ext in EXTENSIONS if f"{name}{ext}" in listing]
    if len(present) > 1:
        problems.add(present[0].name, None, None, " and ".join(p.name for p in present), "file-duplicate",
                     f"both {present[0].name} and {present[1].name} are in the data folder, "
                     "so it is not clear which one holds the table",
                     "keep one of them and delete (or move away) the other")
        return None
    if present:
        return present[0] if _is_table_file(directory, present[0], name, problems) else None
    columns = ",".join(TABLES[name].column_names)
    others = [n for n in listing if n.lower() in {f"{name}{ext}" for ext in EXTENSIONS}]
    other_format = [n for n in listing if n.lower() in {f"{name}.xls", f"{name}.ods", f"{name}.xlsm"}]
    if others:
        fix = f"rename {others[0]} to {name}{Path(others[0]).suffix.lower()} (file names are lower case)"
    elif other_format:
        fix = f"save {other_format[0]} as {name}.xlsx (Excel workbook) or {name}.csv (CSV UTF-8)"
    else:
        fix = f"add {name}.csv (or {name}.xlsx) with the header row {columns}"
    problems.add(f"{name}.csv", None, None, None, "file-missing",
                 f"the {name} table is missing: there is no {name}.csv or {name}.xlsx in the data folder", fix)
    return None


def _is_table_file(directory: Path, path: Path, name: str, problems: Problems) -> bool:
    """Is ``path`` a plain file inside the data folder (a link may point only within it)?"""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
            inside = target.is_relative_to(directory.resolve())
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            problems.add(path.name, None, None, None, "file-link",
                         f"{path.name} is a link to a file outside the data folder, and is not read",
                         f"copy the {name} table itself into the data folder in place of the link")
            return False
    if not path.is_file():
        problems.add(path.name, None, None, None, "file-unreadable", f"{path.name} is not a file",
                     f"replace it with the {name} table")
        return False
    return True


def warn_unknown_files(listing: dict[str, Path], problems: Problems) -> None:
    """Warn about spreadsheets in the folder that are not one of the tables (a misspelt name, usually)."""
    known = {f"{name}{ext}" for name in TABLES for ext in EXTENSIONS}
    for file_name in sorted(listing):
        if file_name in known or file_name.startswith((".", "~$")):
            continue
        suffix = Path(file_name).suffix.lower()
        if suffix not in {".csv", ".xlsx", ".xls", ".ods", ".xlsm"}:
            continue
        stem = Path(file_name).stem
        if stem.lower() in TABLES:
            continue  # reported by find_table_file when it matters
        guess = did_you_mean(stem, list(TABLES), cutoff=0.7)
        fix = (f"rename it to {guess}{suffix if suffix in EXTENSIONS else '.csv'} if it holds the {guess} table"
               if guess else "move it out of the data folder if it is not part of the data set")
        problems.warn(file_name, None, None, file_name, "unknown-file",
                      f"{file_name} is not one of the tables ({', '.join(TABLES)}) and is ignored", fix)


def read_bytes(path: Path, problems: Problems) -> bytes | None:
    """The file's bytes, or ``None`` (with a problem) when it is too large or cannot be read.

    The size is checked before reading, and the read itself stops at the limit, so a file whose
    size the system misreports (a device, a special file) still costs no more than a real one.
    """
    try:
        size = path.stat().st_size
        if size <= MAX_FILE_BYTES:
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            size = max(size, len(data))
    except OSError as exc:
        problems.add(path.name, None, None, None, "file-unreadable",
                     f"{path.name} cannot be read ({exc.strerror or type(exc).__name__})",
                     "check the file can be opened (close it in Excel if it is open, check permissions)")
        return None
    if size > MAX_FILE_BYTES:
        problems.add(path.name, None, None, size, "file-too-large",
                     f"{path.name} is {_size(size)}, more than the {_size(MAX_FILE_BYTES)} a table may be",
                     "check it is the right file: the tables hold a few hundred rows (a file this size is "
                     "usually an export of something else, or has millions of blank rows or columns)")
        return None
    return data


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def read_table(name: str, path: Path, data: bytes, problems: Problems) -> Raw | None:
    """Table ``name`` from its file's bytes, as text by column, or ``None`` when it cannot be read."""
    if path.suffix == ".xlsx":
        from .xlsx import read_xlsx  # here, so that CSV-only users do not pay for importing openpyxl

        records = read_xlsx(path.name, data, problems)
    else:
        records = read_csv(path.name, data, problems)
    if records is None:
        return None
    return columns(TABLES[name], path, records, problems)


def read_csv(file: str, data: bytes, problems: Problems) -> list[Record] | None:
    """The rows of a UTF-8 CSV file (a BOM and any line endings allowed), or ``None`` with a problem."""
    if not data.strip():
        problems.add(file, None, None, None, "file-empty", f"{file} is empty ({len(data)} bytes)",
                     "it needs at least the header row, e.g. " + ",".join(TABLES[Path(file).stem].column_names))
        return None
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.add(file, None, None, None, "file-not-text",
                     f"{file} is not a text CSV file: it is an Excel workbook with a .csv name",
                     f"rename it to {Path(file).stem}.xlsx, or {SAVE_AS_CSV}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(file, None, None, None, "file-not-utf8", f"{file} is UTF-16 text, not UTF-8", SAVE_AS_CSV)
        return None
    if b"\x00" in data:
        problems.add(file, None, None, None, "file-not-text",
                     f"{file} is not a text CSV file (it contains binary data: NUL bytes)",
                     f"check it is the right file; {SAVE_AS_CSV}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, bad = data[: exc.start].count(b"\n") + 1, data[exc.start]
        try:
            hint = f' (in Windows-1252 it would be "{bytes([bad]).decode("cp1252")}")'
        except UnicodeDecodeError:
            hint = ""
        problems.add(file, None, None, f"0x{bad:02X}", "file-not-utf8",
                     f"{file} is not UTF-8 text: byte 0x{bad:02X} on line {line} cannot be read{hint}",
                     'save it as UTF-8: in Excel, "CSV UTF-8 (Comma delimited) (*.csv)" (the loader never '
                     "guesses another encoding)")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[Record] = []
    last_line = 0
    try:
        for record in reader:
            records.append((len(records) + 1, record))
            last_line = reader.line_num
    except csv.Error as exc:
        start = last_line + 1
        if "unexpected end of data" in str(exc):
            what = (f"a double quote opened in the row starting on line {start} is never closed, so the rest "
                    "of the file would be read as one cell")
        else:
            what = f"the row starting on line {start} cannot be read as CSV ({exc})"
        problems.add(file, len(records) + 1, None, None, "csv-syntax", what,
                     "a cell holding a comma, a quote or a line break must be in double quotes, with any quote "
                     "inside it doubled (\"\"); or " + SAVE_AS_CSV)
        return None
    return records


def _cells(record: list[str] | dict[int, str], width: int) -> tuple[list[str], list[str], int]:
    """A record's first ``width`` cells, the non-blank cells beyond them, and how many cells it spans."""
    if isinstance(record, dict):
        texts = [clean(record.get(i, "")) for i in range(width)]
        extra = [clean(v) for i, v in sorted(record.items()) if i >= width and clean(v)]
        return texts, extra, (max(record) + 1 if record else 0)
    texts = [clean(c) for c in record[:width]] + [""] * max(0, width - len(record))
    return texts, [clean(c) for c in record[width:] if clean(c)], len(record)


def columns(spec: TableSpec, path: Path, records: list[Record], problems: Problems) -> Raw | None:
    """Check the header row against the table's columns and collect each column's cells by name."""
    file = path.name
    header_row, header, body = (1, records[0][1], records[1:]) if records and records[0][0] == 1 else (1, [], records)
    width = (max(header) + 1 if header else 0) if isinstance(header, dict) else len(header)
    names, _, _ = _cells(header, width)
    if not any(names):
        problems.add(file, 1, None, None, "no-header", f"{file} has no header row in row 1",
                     "write the column names in row 1: " + ",".join(spec.column_names))
        return None
    expected = spec.column_names
    named = [n for n in names if n]
    if len(named) == 1 and any(sep in named[0] for sep in (";", "\t")):
        sep = '";"' if ";" in named[0] else "tabs"
        problems.add(file, 1, None, None, "csv-separator", f"{file} separates its columns with {sep}, not commas",
                     SAVE_AS_CSV)
        return None
    if not set(names) & set(expected):
        problems.add(file, header_row, None, None, "not-a-table",
                     f"the first row of {file} is not the header of the {spec.name} table: none of its cells is "
                     "one of the table's column names", "check it is the right file; row 1 must hold the column "
                     "names " + ",".join(expected))
        return None
    positions = _header_positions(file, header_row, names, problems)
    unknown = [n for n in positions if n not in expected]
    missing = [n for n in expected if n not in positions]
    for name in missing:
        guess = did_you_mean(name, unknown, cutoff=0.6)
        fix = (f"rename the column {quote(guess)} to {name}" if guess else
               f"add a column headed {name}" + ("" if spec.column(name).required else " (it may be left blank)"))
        problems.add(file, header_row, name, None, "column-missing", f"{file} has no column {quote(name)}", fix)
    for name in unknown:
        guess = did_you_mean(name, missing, cutoff=0.6)
        problems.warn(file, header_row, name, name, "column-unknown",
                      f"the column {quote(name)} is not one of the {spec.name} columns and is ignored",
                      f"rename it to {guess} if that is what it holds" if guess else "delete it, or leave it: it is "
                      "ignored")

    rows: list[int] = []
    cells: dict[str, list[str]] = {name: [] for name in expected if name in positions}
    unnamed = {p for p, n in enumerate(names) if not n}
    unnamed_with_values: set[int] = set()
    for row_number, record in body:
        texts, extra, spans = _cells(record, width)
        if not any(texts) and not extra:
            continue
        if extra:
            problems.add(file, row_number, None, None, "csv-extra-cells",
                         f"the row has {spans:,} cells but the header has {width} columns "
                         f"(extra value {quote(extra[0])})",
                         "delete the cells to the right of the table, or add a column name for them"
                         if path.suffix == ".xlsx" else "a cell holding a comma must be in double quotes; otherwise "
                         "remove the extra cells or add a column name for them")
            if not any(texts):
                continue  # a stray value far from the table is that one problem, not a row of blanks
        for name in cells:
            cells[name].append(texts[positions[name]])
        unnamed_with_values |= {p for p in unnamed if texts[p]}
        rows.append(row_number)
    for position in sorted(unnamed_with_values):
        problems.warn(file, header_row, None, None, "column-unknown",
                      f"column {letter(position)} has values but no name in the header, and is ignored",
                      "give it a column name, or delete it")
    if spec.needs_rows and not rows:
        problems.add(file, None, None, None, "no-rows", f"{file} has no rows (only a header)",
                     f"add the {spec.name} rows under the header: the other tables refer to them")
    return Raw(name=spec.name, path=path, file=file, rows=rows, cells=cells)


def _header_positions(file: str, header_row: int, names: list[str], problems: Problems) -> dict[str, int]:
    positions: dict[str, int] = {}
    for position, name in enumerate(names):
        if not name:
            continue
        if name in positions:
            problems.add(file, header_row, name, name, "column-duplicate",
                         f"the column {quote(name)} appears twice (columns {letter(positions[name])} and "
                         f"{letter(position)})", "delete or rename one of them")
            continue
        positions[name] = position
    return positions


def letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column letter a spreadsheet shows."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
