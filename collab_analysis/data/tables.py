"""Load the regional data set: read each table, normalise it, validate it, and check the tables agree.

>>> import collab_analysis as ca
>>> tables = ca.load()                                   # doctest: +SKIP
>>> tables.budgets.head()                                # doctest: +SKIP
>>> ca.validate("tests/data/loader/good")                # doctest: +SKIP
[]

``load()`` reads every table in one pass and raises :class:`~collab_analysis.errors.DataError` listing
*every* error found (file, spreadsheet row, column, value and fix), so the secretariat can fix a file
in one go rather than one message at a time. Warnings (a contribution without a membership, a total
its rows do not add up to) do not stop loading; they are kept in ``Tables.warnings``.

The steps, in order:

1. find ``<name>.csv`` or ``<name>.xlsx`` for each table and read it as text (never typed by a
   guess), refusing files that are empty, binary, not UTF-8, too large, or have merged header cells;
2. check the header against the contract (missing columns are errors, unknown ones warnings);
3. normalise each cell by its column's kind (``schemas.py``: ids and aliases, money, financial years,
   dates with precision, status codes), collecting a :class:`~collab_analysis.errors.Problem` for
   each cell that cannot be read exactly;
4. validate the typed table with its pandera model (types, blanks, allowed values, id format,
   unique keys), lazily, turning each failure case into a Problem;
5. check the tables against each other (intervals, known_by, savings amount or percent, totals),
   and warn about contributions without membership, unreconciled totals and cost shares that do not
   add up to 100%.

Each :class:`~collab_analysis.errors.Problem` carries a ``rule``:

- files: ``data-dir``, ``file-missing``, ``file-duplicate`` (csv and xlsx both), ``file-empty``,
  ``file-too-large`` (over ``MAX_FILE_BYTES``), ``file-unreadable``, ``file-not-text`` (binary, or a
  workbook named .csv), ``file-not-utf8``, ``file-not-xlsx``, ``csv-syntax`` (unclosed quote),
  ``csv-separator`` (``;`` or tabs), ``csv-extra-cells``, ``xlsx-merged-header``, ``xlsx-merged-cells``,
  ``xlsx-formula`` (no saved value), ``no-header``, ``no-rows`` (forces, collaborations, sources);
  warnings ``unknown-file``, ``xlsx-extra-sheet``;
- memberships: ``known-until-with-end`` (known_until is only for spells whose end is not known);
- columns: ``column-missing``, ``column-duplicate``; warning ``column-unknown``;
- cells: ``money``, ``money-qualifier``, ``money-negative``, ``number``, ``financial-year``, ``date``,
  ``status``, ``status-nc``, ``reference`` (with "did you mean"), ``alias-clash``;
- schema (pandera): ``required``, ``allowed-values``, ``id-format``, ``range``, ``unique-key``;
- across tables: ``interval``, ``known-by-required``, ``amount-or-percent``, ``parent-cycle``,
  ``total-mismatch``; warnings ``contribution-without-membership``, ``total-unreconciled``,
  ``same-as-differs``, ``cost-shares-sum``.
"""
from __future__ import annotations

import copy

import csv
import datetime as dt
import hashlib
import io
import logging
import os
import shutil
import tempfile
import warnings as _warnings
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import CollabAnalysisError, DataError, ParameterError, Problem
from .cells import (
    PRECISIONS,
    IdIndex,
    InvalidValue,
    clean,
    did_you_mean,
    financial_year_bounds,
    format_gbp,
    join_list,
    parse_date,
    parse_financial_year,
    parse_money,
    parse_number,
    parse_status,
    quote,
    split_list,
)
from .models import TABLES, ColumnSpec, TableSpec

log = logging.getLogger(__name__)

#: Files larger than this are refused before they are read (the shipped tables are a few kB).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Extensions a table may be saved with, in the order they are looked for.
EXTENSIONS = (".csv", ".xlsx")
#: Tables whose ids other tables refer to are read first.
LOAD_ORDER = ("sources", "forces", "collaborations", "budget_totals", "memberships", "events", "budgets",
              "cost_shares", "savings", "context")
#: Cost shares of one collaboration and period should add up to 100% within this many points.
SHARE_TOLERANCE = 0.1

#: Tables other tables refer to, and the column holding their ids.
_ID_COLUMNS = {"forces": "force_id", "collaborations": "collab_id", "sources": "source_id",
               "budget_totals": "total_id"}


# ------------------------------------------------------------------------------------------ Tables


class Tables:
    """The ten tables of the data set, typed, with the warnings found while loading them.

    Attributes
    ----------
    forces, collaborations, memberships, events, budgets, budget_totals, cost_shares, savings, context, sources
        One DataFrame per table (``RangeIndex``; columns as in ``schemas.py``).
    warnings
        Problems of severity ``"warning"`` found while loading.
    files
        Table name -> the file it was read from.
    """

    forces: pd.DataFrame
    collaborations: pd.DataFrame
    memberships: pd.DataFrame
    events: pd.DataFrame
    budgets: pd.DataFrame
    budget_totals: pd.DataFrame
    cost_shares: pd.DataFrame
    savings: pd.DataFrame
    context: pd.DataFrame
    sources: pd.DataFrame

    NAMES = tuple(TABLES)

    def __init__(self, frames: dict[str, pd.DataFrame], *, warnings: list[Problem] | None = None,
                 files: dict[str, Path] | None = None, hashes: dict[str, str] | None = None,
                 rows: dict[str, list[int]] | None = None, data_dir: Path | None = None):
        for name in self.NAMES:
            setattr(self, name, frames[name])
        self.warnings: list[Problem] = list(warnings or [])
        self.files: dict[str, Path] = dict(files or {})
        self.data_dir = data_dir
        self._hashes = dict(hashes or {})
        self._rows = dict(rows or {})
        self._force_index = IdIndex("force_id", "forces.csv", _force_names(self.forces))
        self._collab_index = IdIndex("collab_id", "collaborations.csv", _collab_names(self.collaborations))
        self._force_names: dict[str, str] | None = None
        self._collab_names: dict[str, str] | None = None

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(getattr(self, name))}" for name in self.NAMES)
        return f"<Tables {sizes}; {len(self.warnings)} warning(s)>"

    def frames(self) -> dict[str, pd.DataFrame]:
        """Table name -> DataFrame, in the contract's order."""
        return {name: getattr(self, name) for name in self.NAMES}

    def row_of(self, table: str, index: int) -> int | None:
        """The spreadsheet row (header = row 1) that ``getattr(tables, table).loc[index]`` was read from."""
        rows = self._rows.get(table)
        return rows[index] if rows is not None and 0 <= index < len(rows) else None

    def resolve_force(self, force: str) -> str:
        """The force_id that ``force`` names (an id or alias, any case: ``"Leics"`` -> ``"leicestershire"``).

        Raises
        ------
        ParameterError
            When ``force`` names no force; the message suggests the closest one.
        """
        return _resolve_parameter(self._force_index, "force", force)

    def resolve_collab(self, collaboration: str) -> str:
        """The collab_id that ``collaboration`` names (its id, short name or name, any case).

        Raises
        ------
        ParameterError
            When ``collaboration`` names no collaboration; the message suggests the closest one.
        """
        return _resolve_parameter(self._collab_index, "collaboration", collaboration)

    def force_name(self, force_id: str) -> str:
        """The force's name, e.g. ``"Leicestershire Police"``.

        Raises
        ------
        ParameterError
            When ``force_id`` names no force.
        """
        if self._force_names is None:  # papers ask hundreds of times: look the names up once
            self._force_names = {str(f): str(n) for f, n in zip(self.forces["force_id"], self.forces["name"])}
        name = self._force_names.get(force_id)
        return name if name is not None else self._force_names[self.resolve_force(force_id)]

    def collab_name(self, collab_id: str) -> str:
        """The collaboration's short name if it has one (``"EMSOU"``), else its name.

        Raises
        ------
        ParameterError
            When ``collab_id`` names no collaboration.
        """
        if self._collab_names is None:
            frame = self.collaborations
            self._collab_names = {
                str(c): (str(short) if not pd.isna(short) and str(short) else str(name))
                for c, short, name in zip(frame["collab_id"], frame["short_name"], frame["name"])}
        name = self._collab_names.get(collab_id)
        return name if name is not None else self._collab_names[self.resolve_collab(collab_id)]

    def copy(self) -> "Tables":
        """A copy whose DataFrames can be changed without touching this one's."""
        twin = copy.copy(self)
        for name in self.NAMES:
            setattr(twin, name, getattr(self, name).copy())
        twin.warnings = list(self.warnings)
        return twin

    def replace(self, **frames: pd.DataFrame) -> "Tables":
        """A new Tables with some tables swapped (``tables.replace(budgets=frame)``), for what-if questions.

        The names and aliases are looked up afresh, so a changed ``forces`` or ``collaborations``
        is what :meth:`resolve_force` and :meth:`collab_name` read. Nothing is validated again.
        """
        unknown = sorted(set(frames) - set(self.NAMES))
        if unknown:
            raise ParameterError("table", unknown[0], sorted(self.NAMES),
                                 suggestion=did_you_mean(unknown[0], list(self.NAMES), cutoff=0.6))
        return Tables({**self.frames(), **frames}, warnings=self.warnings, files=self.files, hashes=self._hashes,
                      rows=self._rows, data_dir=self.data_dir)

    def data_hashes(self) -> dict[str, str]:
        """File name -> sha256 of the file's bytes as read, sorted by file name (for the run record)."""
        return dict(sorted(self._hashes.items()))


def _resolve_parameter(index: IdIndex, what: str, value: str) -> str:
    try:
        return index.resolve(str(value))
    except InvalidValue:
        suggestion = did_you_mean(str(value), list(index.names), cutoff=0.6)
        raise ParameterError(what, value, sorted(index.ids),
                             suggestion=index.names[suggestion] if suggestion else None) from None


def _force_names(forces: pd.DataFrame) -> list[tuple[str, str]]:
    pairs = [(str(i), str(i)) for i in forces["force_id"].dropna()]
    for force_id, aliases, name in zip(forces["force_id"], forces["aliases"], forces["name"]):
        if pd.isna(force_id):
            continue
        pairs += [(alias, str(force_id)) for alias in split_list("" if pd.isna(aliases) else str(aliases))]
        if not pd.isna(name):
            pairs.append((str(name), str(force_id)))
    return pairs


def _collab_names(collaborations: pd.DataFrame) -> list[tuple[str, str]]:
    pairs = [(str(i), str(i)) for i in collaborations["collab_id"].dropna()]
    for collab_id, short, name in zip(collaborations["collab_id"], collaborations["short_name"],
                                      collaborations["name"]):
        if pd.isna(collab_id):
            continue
        pairs += [(str(n), str(collab_id)) for n in (short, name) if not pd.isna(n)]
    return pairs


# ------------------------------------------------------------------------------------- public API


def load(data_dir: str | Path | None = None) -> Tables:
    """Read, normalise and validate every table in ``data_dir``.

    Parameters
    ----------
    data_dir
        The folder holding ``forces.csv`` (or ``.xlsx``) and the other tables. ``None`` means
        ``data/raw``; a relative path is taken from the project root, not the current directory.

    Returns
    -------
    Tables
        The typed tables; warnings found while loading are in ``tables.warnings``.

    Raises
    ------
    DataError
        Listing every error found in one pass (and the warnings), each naming the file, the
        spreadsheet row, the column, the value and the fix.
    """
    folder = paths.resolve(data_dir, paths.DATA_RAW)
    key = _content_key(folder)
    if key is not None and key in _LOADED:
        return _LOADED[key].copy()
    tables, problems = _load(data_dir)
    if tables is None:
        raise DataError(problems)
    if key is not None:
        _LOADED.clear()  # keep one data set: the one being worked on
        _LOADED[key] = tables.copy()
    # INFO, not WARNING: Python prints unhandled warnings to stderr, which would end up in executed notebooks.
    log.info("loaded %s with %d warning(s)", paths.display_path(tables.data_dir), len(tables.warnings))
    for warning in tables.warnings:
        log.info("%s", warning)
    return tables


#: The last data set loaded, keyed by its folder and the sha256 of every file in it: loading the
#: same bytes again (re-running a notebook's load cell; every paper of a build) costs a copy, not
#: a parse and a validation. Changed bytes give a new key, so nothing stale is ever returned.
_LOADED: dict[tuple, Tables] = {}


def _content_key(folder: Path) -> tuple | None:
    from ..publish.cache import data_files

    try:
        return (str(folder), tuple(sorted(data_files(folder).items())))
    except OSError:
        return None


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in the data set in ``data_dir``: errors first, then warnings.

    Never raises for bad data; an empty list means the data set loads without a warning.
    """
    _, problems = _load(data_dir)
    return sorted(problems, key=lambda p: p.severity != "error")


def write_processed(tables_or_data_dir: Tables | str | Path | None = None,
                    out_dir: str | Path = paths.DATA_PROCESSED) -> list[Path]:
    """Write each table to ``<out_dir>/<name>.parquet``, all or nothing.

    The data are validated first (a :class:`DataError` writes nothing). Every table is written to a
    temporary folder next to ``out_dir`` and only then moved into place with :func:`os.replace`, so a
    failure part-way leaves the previous files exactly as they were.

    Parameters
    ----------
    tables_or_data_dir
        Loaded :class:`Tables`, or the folder to load them from (``None`` = ``data/raw``).
    out_dir
        Where the parquet files go (relative paths are taken from the project root).

    Returns
    -------
    list of Path
        The files written, in the contract's table order.

    Raises
    ------
    DataError
        When the data do not validate.
    CollabAnalysisError
        When a file cannot be written (nothing in ``out_dir`` is changed).
    """
    tables = tables_or_data_dir if isinstance(tables_or_data_dir, Tables) else load(tables_or_data_dir)
    out = paths.resolve(out_dir, paths.DATA_PROCESSED)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", suffix=".tmp", dir=out.parent))
    try:
        staged = []
        for name, frame in tables.frames().items():
            target = tmp / f"{name}.parquet"
            try:
                _write_parquet(frame, target)
            except Exception as exc:
                raise CollabAnalysisError(
                    f"could not write {name}.parquet ({type(exc).__name__}: {exc}); nothing in "
                    f"{paths.display_path(out)} was changed") from exc
            staged.append(target)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for path in staged:
            final = out / path.name
            os.replace(path, final)
            written.append(final)
        log.info("wrote %d tables to %s", len(written), out)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


# ------------------------------------------------------------------------------------- the pass


class _Problems:
    """Collects problems and remembers which cells already have one, so a cell is reported once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.flagged: set[tuple[str, int | None, str | None]] = set()

    def add(self, file: str, row: int | None, column: str | None, value: object, rule: str, message: str,
            fix: str = "", severity: str = "error") -> None:
        self.items.append(Problem(file=file, row=row, column=column, value=value, rule=rule, message=message,
                                  fix=fix, severity=severity))
        if severity == "error":
            self.flagged.add((file, row, column))

    def warn(self, file: str, row: int | None, column: str | None, value: object, rule: str, message: str,
             fix: str = "") -> None:
        self.add(file, row, column, value, rule, message, fix, severity="warning")

    def file_has_errors(self, file: str) -> bool:
        return any(f == file for f, _, _ in self.flagged)

    def row_has_errors(self, file: str, row: int | None) -> bool:
        return any(f == file and r == row for f, r, _ in self.flagged)

    def is_flagged(self, file: str, row: int | None, column: str | None) -> bool:
        return (file, row, column) in self.flagged or (file, None, column) in self.flagged

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)


@dataclass
class _Raw:
    """A table as text: the file it came from, its spreadsheet rows and its cells by column."""

    name: str
    path: Path
    file: str
    rows: list[int]
    cells: dict[str, list[str]]

    def __len__(self) -> int:
        return len(self.rows)


def _load(data_dir: str | Path | None) -> tuple[Tables | None, list[Problem]]:
    directory = paths.resolve(data_dir, paths.DATA_RAW)
    problems = _Problems()
    if not directory.is_dir():
        what = "is not a folder" if directory.exists() else "does not exist"
        problems.add(str(directory), None, None, str(directory), "data-dir",
                     f"the data folder {what}",
                     "pass the folder that holds forces.csv and the other tables (default data/raw)")
        return None, problems.items

    files, hashes, raws = {}, {}, {}
    listing = {p.name: p for p in directory.iterdir()}
    for name in LOAD_ORDER:
        found = _find_table_file(directory, name, listing, problems)
        if found is None:
            continue
        files[name] = found
        data = _read_bytes(found, problems)
        if data is None:
            continue
        hashes[found.name] = hashlib.sha256(data).hexdigest()
        raw = _read_table(name, found, data, problems)
        if raw is not None:
            raws[name] = raw
    _warn_unknown_files(listing, problems)

    indexes = _build_indexes(raws, problems)
    frames: dict[str, pd.DataFrame] = {}
    for name in LOAD_ORDER:
        if name in raws:
            frames[name] = _normalise_table(TABLES[name], raws[name], indexes, problems)
    _cross_checks(frames, raws, indexes, problems)

    ordered = _sorted(problems.items)
    if problems.has_errors:
        return None, ordered
    final = {name: _finalise(TABLES[name], frames[name]) for name in TABLES}
    tables = Tables(final, warnings=[p for p in ordered if p.severity == "warning"],
                    files={name: files[name] for name in TABLES}, hashes=hashes,
                    rows={name: raws[name].rows for name in TABLES}, data_dir=directory)
    return tables, ordered


def _sorted(problems: list[Problem]) -> list[Problem]:
    order = {name: i for i, name in enumerate(TABLES)}

    def key(p: Problem) -> tuple:
        stem = p.file.rsplit(".", 1)[0]
        return (order.get(stem, -1), p.row if p.row is not None else 0)

    return sorted(problems, key=key)


# ------------------------------------------------------------------------------------ finding files


def _find_table_file(directory: Path, name: str, listing: dict[str, Path], problems: _Problems) -> Path | None:
    present = [directory / f"{name}{ext}" for ext in EXTENSIONS if f"{name}{ext}" in listing]
    if len(present) > 1:
        problems.add(present[0].name, None, None, " and ".join(p.name for p in present), "file-duplicate",
                     f"both {present[0].name} and {present[1].name} are in {paths.display_path(directory)}, "
                     "so it is not clear which one holds the table",
                     "keep one of them and delete (or move away) the other")
        return None
    if present:
        if not present[0].is_file():
            problems.add(present[0].name, None, None, None, "file-unreadable", f"{present[0].name} is not a file",
                         f"replace it with the {name} table")
            return None
        return present[0]
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
                 f"the {name} table is missing: there is no {name}.csv or {name}.xlsx in "
                 f"{paths.display_path(directory)}", fix)
    return None


def _warn_unknown_files(listing: dict[str, Path], problems: _Problems) -> None:
    known = {f"{name}{ext}" for name in TABLES for ext in EXTENSIONS}
    for file_name in sorted(listing):
        if file_name in known or file_name.startswith((".", "~$")):
            continue
        suffix = Path(file_name).suffix.lower()
        if suffix not in {".csv", ".xlsx", ".xls", ".ods", ".xlsm"}:
            continue
        stem = Path(file_name).stem
        if stem.lower() in TABLES:
            continue  # reported by _find_table_file when it matters
        guess = did_you_mean(stem, list(TABLES), cutoff=0.7)
        fix = (f"rename it to {guess}{suffix if suffix in EXTENSIONS else '.csv'} if it holds the {guess} table"
               if guess else "move it out of the data folder if it is not part of the data set")
        problems.warn(file_name, None, None, file_name, "unknown-file",
                      f"{file_name} is not one of the tables ({', '.join(TABLES)}) and is ignored", fix)


def _read_bytes(path: Path, problems: _Problems) -> bytes | None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.add(path.name, None, None, None, "file-unreadable", f"{path.name} cannot be read ({exc.strerror})",
                     "check the file exists and can be opened")
        return None
    if size > MAX_FILE_BYTES:
        problems.add(path.name, None, None, size, "file-too-large",
                     f"{path.name} is {_size(size)}, more than the {_size(MAX_FILE_BYTES)} a table may be",
                     "check it is the right file: the tables hold a few hundred rows (a file this size is "
                     "usually an export of something else, or has millions of blank rows or columns)")
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.add(path.name, None, None, None, "file-unreadable", f"{path.name} cannot be read ({exc.strerror})",
                     "check the file can be opened (close it in Excel if it is open, check permissions)")
        return None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


# ------------------------------------------------------------------------------------ reading text


def _read_table(name: str, path: Path, data: bytes, problems: _Problems) -> _Raw | None:
    if path.suffix == ".xlsx":
        records = _read_xlsx(path.name, data, problems)
    else:
        records = _read_csv(path.name, data, problems)
    if records is None:
        return None
    return _columns(TABLES[name], path, records, problems)


def _read_csv(file: str, data: bytes, problems: _Problems) -> list[tuple[int, list[str]]] | None:
    save_as = 'save it from Excel as "CSV UTF-8 (Comma delimited) (*.csv)"'
    if not data.strip():
        problems.add(file, None, None, None, "file-empty",
                     f"{file} is empty ({len(data)} bytes)" if data else f"{file} is empty (0 bytes)",
                     "it needs at least the header row, e.g. " + ",".join(TABLES[Path(file).stem].column_names))
        return None
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.add(file, None, None, None, "file-not-text",
                     f"{file} is not a text CSV file: it is an Excel workbook with a .csv name",
                     f"rename it to {Path(file).stem}.xlsx, or {save_as}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(file, None, None, None, "file-not-utf8", f"{file} is UTF-16 text, not UTF-8", save_as)
        return None
    if b"\x00" in data:
        problems.add(file, None, None, None, "file-not-text",
                     f"{file} is not a text CSV file (it contains binary data: NUL bytes)",
                     f"check it is the right file; {save_as}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start]
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
    records: list[tuple[int, list[str]]] = []
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
                     "inside it doubled (\"\"); or " + save_as)
        return None
    return records


def _read_xlsx(file: str, data: bytes, problems: _Problems) -> list[tuple[int, list[str]]] | None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.add(file, None, None, None, "file-not-xlsx", f"{file} is an old Excel 97-2003 (.xls) workbook",
                     f"open it in Excel and save it as {Path(file).stem}.xlsx (Excel Workbook)")
        return None
    if not data.startswith(b"PK\x03\x04"):
        problems.add(file, None, None, None, "file-not-xlsx", f"{file} is not an Excel .xlsx workbook",
                     f"save it from Excel as {Path(file).stem}.xlsx, or as CSV UTF-8")
        return None
    import openpyxl  # here, so that CSV-only users do not pay for importing it

    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
            sheet = book.worksheets[0]
            formulas = any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
            values_sheet = (openpyxl.load_workbook(io.BytesIO(data), data_only=True).worksheets[0]
                            if formulas else sheet)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        problems.add(file, None, None, None, "file-not-xlsx",
                     f"{file} cannot be opened as an Excel workbook ({type(exc).__name__}: {exc})",
                     f"open it in Excel and save it again as {Path(file).stem}.xlsx, or as CSV UTF-8")
        return None
    first_row = next(sheet.iter_rows(max_row=1), ())
    header = {cell.column: clean(_cell_text(cell)) or None for cell in first_row}
    bad = False
    for cells in sheet.merged_cells.ranges:
        if cells.min_row <= 1:
            problems.add(file, 1, None, cells.coord, "xlsx-merged-header",
                         f"the header has merged cells ({cells.coord}), so the column names cannot be read",
                         "unmerge the header cells and write one column name in each cell of row 1")
        else:
            problems.add(file, cells.min_row, header.get(cells.min_col), cells.coord, "xlsx-merged-cells",
                         f"cells {cells.coord} are merged, so only the first of them has a value",
                         "unmerge them and write the value in every row it applies to")
        bad = True
    if bad:
        return None
    for extra in book.worksheets[1:]:
        if any(c.value is not None for row in extra.iter_rows() for c in row):
            problems.warn(file, None, None, extra.title, "xlsx-extra-sheet",
                          f"only the first sheet ({sheet.title!r}) is read; sheet {extra.title!r} is ignored",
                          "move the table to the first sheet if that is the one meant")
    records: list[tuple[int, list[str]]] = []
    for row, value_row in zip(sheet.iter_rows(), values_sheet.iter_rows()):
        texts = []
        for cell, value_cell in zip(row, value_row):
            if cell.data_type == "f" and value_cell.value is None:
                problems.add(file, cell.row, header.get(cell.column), cell.value, "xlsx-formula",
                             f"cell {cell.coordinate} holds a formula ({cell.value}) with no saved value",
                             "open the file in Excel and save it (so the value is stored), or type the value")
                texts.append("")
            else:
                texts.append(_cell_text(value_cell))
        records.append((row[0].row if row else len(records) + 1, texts))
    return records


def _cell_text(cell) -> str:
    value = cell.value
    fmt = (cell.number_format or "").lower()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return _excel_date(value.date(), fmt)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return _excel_date(value, fmt)
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in fmt:
            number *= 100
        if number == number.to_integral_value():
            return str(int(number))
        return format(number.normalize(), "f")
    return str(value)


def _excel_date(value: dt.date, fmt: str) -> str:
    """A date cell as the ISO text its number format shows: ``mmm-yy`` shows only a month."""
    shown = fmt.replace('"', "").replace("\\", "")
    if "y" in shown and "d" not in shown:
        return f"{value.year:04d}-{value.month:02d}" if "m" in shown else f"{value.year:04d}"
    return value.isoformat()


def _columns(spec: TableSpec, path: Path, records: list[tuple[int, list[str]]], problems: _Problems) -> _Raw | None:
    file = path.name
    if not records or not any(clean(c) for c in records[0][1]):
        problems.add(file, 1, None, None, "no-header", f"{file} has no header row in row 1",
                     "write the column names in row 1: " + ",".join(spec.column_names))
        return None
    header_row, header = records[0]
    names = [clean(h) for h in header]
    if len(names) == 1 and any(sep in names[0] for sep in (";", "\t")):
        sep = ";" if ";" in names[0] else "a tab"
        problems.add(file, 1, None, names[0], "csv-separator",
                     f"{file} separates its columns with {quote(sep) if sep == ';' else sep}, not commas",
                     'save it from Excel as "CSV UTF-8 (Comma delimited) (*.csv)"')
        return None
    positions: dict[str, int] = {}
    for position, name in enumerate(names):
        if not name:
            continue
        if name in positions:
            problems.add(file, header_row, name, name, "column-duplicate",
                         f"the column {quote(name)} appears twice (columns {_letter(positions[name])} and "
                         f"{_letter(position)})", "delete or rename one of them")
            continue
        positions[name] = position
    expected = spec.column_names
    unknown = [n for n in positions if n not in expected]
    missing = [n for n in expected if n not in positions]
    for name in missing:
        guess = did_you_mean(name, unknown, cutoff=0.6)
        fix = (f"rename the column {quote(guess)} to {name}" if guess else
               f"add a column headed {name}" + (" (it may be left blank)" if not spec.column(name).required
                                                 else ""))
        problems.add(file, header_row, name, None, "column-missing", f"{file} has no column {quote(name)}", fix)
    for name in unknown:
        guess = did_you_mean(name, missing, cutoff=0.6)
        fix = (f"rename it to {guess} if that is what it holds" if guess else
               "delete it, or leave it: it is ignored")
        problems.warn(file, header_row, name, name, "column-unknown",
                      f"the column {quote(name)} is not one of the {spec.name} columns and is ignored", fix)

    rows: list[int] = []
    cells: dict[str, list[str]] = {name: [] for name in expected if name in positions}
    width = len(names)
    for row_number, record in records[1:]:
        texts = [clean(c) for c in record]
        if not any(texts):
            continue
        if len(texts) > width:
            extra = [t for t in texts[width:] if t]
            if extra:
                problems.add(file, row_number, None, extra[0], "csv-extra-cells",
                             f"the row has {len(record)} cells but the header has {width} columns "
                             f"(extra value {quote(extra[0])})",
                             "a cell holding a comma must be in double quotes; otherwise remove the extra cells "
                             "or add a column name for them")
        for name in cells:
            position = positions[name]
            cells[name].append(texts[position] if position < len(texts) else "")
        rows.append(row_number)
    for position, name in enumerate(names):
        if not name and any(position < len(r) and clean(r[position]) for _, r in records[1:]):
            problems.warn(file, header_row, None, None, "column-unknown",
                          f"column {_letter(position)} has values but no name in the header, and is ignored",
                          "give it a column name, or delete it")
    if spec.needs_rows and not rows:
        problems.add(file, None, None, None, "no-rows", f"{file} has no rows (only a header)",
                     f"add the {spec.name} rows under the header: the other tables refer to them")
    return _Raw(name=spec.name, path=path, file=file, rows=rows, cells=cells)


def _letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column letter a spreadsheet shows."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ----------------------------------------------------------------------------------- id indexes


def _build_indexes(raws: dict[str, _Raw], problems: _Problems) -> dict[str, IdIndex | None]:
    """One index per table other tables refer to; ``None`` when that table could not be read."""
    indexes: dict[str, IdIndex | None] = {}
    for table, id_column in _ID_COLUMNS.items():
        raw = raws.get(table)
        if raw is None or id_column not in raw.cells or (TABLES[table].needs_rows and not raw.rows):
            indexes[table] = None  # its own problem is reported; checking references against it would only repeat it
            continue
        index = IdIndex(id_column, raw.file)
        for text in raw.cells[id_column]:
            if text:
                index.add(text, text)
        if table == "forces" and "aliases" in raw.cells:
            for row, force_id, aliases in zip(raw.rows, raw.cells[id_column], raw.cells["aliases"]):
                for alias in split_list(aliases):
                    if not force_id:
                        continue
                    other = index.add(alias, force_id)
                    if other is not None:
                        problems.add(raw.file, row, "aliases", alias, "alias-clash",
                                     f"the alias {quote(alias)} already means {other!r}, so it cannot also "
                                     f"mean {force_id!r}", "remove it from one of the two forces")
        names = {"forces": ("name",), "collaborations": ("short_name", "name")}.get(table, ())
        for column in names:
            for id_text, text in zip(raw.cells[id_column], raw.cells.get(column, [])):
                if id_text and text:
                    index.add(text, id_text)  # a clash with another's name is left to the ids
        indexes[table] = index
    return indexes


# ------------------------------------------------------------------------------------- normalising


def _normalise_table(spec: TableSpec, raw: _Raw, indexes: dict[str, IdIndex | None],
                     problems: _Problems) -> pd.DataFrame:
    columns: dict[str, object] = {}
    n = len(raw)
    for col in spec.columns:
        texts = raw.cells.get(col.name)
        if texts is None:
            problems.flagged.add((raw.file, None, col.name))
            texts = [""] * n
            if col.kind == "date":
                problems.flagged.add((raw.file, None, f"{col.name}_precision"))
        values = []
        precisions = []
        for row, text in zip(raw.rows, texts):
            try:
                value = _parse_cell(spec, col, text, indexes)
            except _InvalidParts as many:
                for exc in many.failures:
                    problems.add(raw.file, row, col.name, text, exc.rule, exc.message, exc.fix)
                value = None
            except InvalidValue as exc:
                problems.add(raw.file, row, col.name, text, exc.rule, exc.message, exc.fix)
                value = (pd.NaT, "unknown") if col.kind == "date" else None
            if col.kind == "date":
                value, precision = value
                precisions.append(precision)
            values.append(value)
        columns.update(_typed(col, values, precisions))
    frame = pd.DataFrame(columns, index=pd.RangeIndex(n))
    frame = frame[spec.output_columns]
    _run_schema(spec, raw, frame, problems)
    return frame


class _InvalidParts(Exception):
    """Several parts of one multi-valued cell are invalid; each becomes its own Problem."""

    def __init__(self, failures: list[InvalidValue]):
        super().__init__("; ".join(f.message for f in failures))
        self.failures = failures


def _parse_cell(spec: TableSpec, col: ColumnSpec, text: str, indexes: dict[str, IdIndex | None]):
    kind = col.kind
    if kind == "date":
        return parse_date(text)
    if not text:
        return None
    if kind in ("id", "text"):
        return text
    if kind == "ref":
        index = indexes.get(col.ref)
        return index.resolve(text) if index is not None else text
    if kind == "refs":
        index = indexes.get(col.ref)
        resolved, failures = [], []
        for part in split_list(text):
            try:
                resolved.append(index.resolve(part) if index is not None else part)
            except InvalidValue as exc:
                failures.append(exc)
        if failures:
            raise _InvalidParts(failures)
        return join_list(dict.fromkeys(resolved)) or None
    if kind == "list":
        return join_list(split_list(text)) or None
    if kind == "choice":
        for choice in col.choices:
            if choice.lower() == text.lower():
                return choice
        return text  # the schema's isin check reports it, with the allowed values
    if kind == "status":
        return parse_status(text)
    if kind == "money":
        qualifier = "qualifier" if "qualifier" in spec.column_names else None
        return parse_money(text, column=col.name, qualifier_column=qualifier)
    if kind == "number":
        return parse_number(text, percent=col.percent, money=col.money)
    if kind == "fy":
        return parse_financial_year(text)
    raise AssertionError(f"unknown column kind {kind!r}")  # pragma: no cover - schemas.py declares kinds


def _typed(col: ColumnSpec, values: list, precisions: list[str]) -> dict[str, object]:
    if col.kind == "date":
        return {col.name: pd.Series(pd.DatetimeIndex(values, dtype="datetime64[ns]")).array,
                f"{col.name}_precision": pd.Categorical(precisions, categories=PRECISIONS)}
    if col.kind == "money":
        return {col.name: pd.array(values, dtype="Int64")}
    if col.kind == "number":
        return {col.name: pd.array(values, dtype="Float64")}
    if col.kind in ("choice", "status"):
        return {col.name: pd.Categorical(values)}
    return {col.name: pd.array(values, dtype="string")}


def _finalise(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Give each category column the contract's categories, in the contract's order."""
    frame = frame.copy()
    for col in spec.columns:
        if col.kind in ("choice", "status"):
            frame[col.name] = pd.Categorical(frame[col.name].astype(object), categories=list(col.choices))
    return frame


# --------------------------------------------------------------------------------- pandera checks

_CHECK_RULES = {"not_nullable": "required", "isin": "allowed-values", "str_matches": "id-format",
                "uniqueness": "unique-key", "greater_than_or_equal_to": "range", "greater_than": "range",
                "less_than_or_equal_to": "range"}


def _run_schema(spec: TableSpec, raw: _Raw, frame: pd.DataFrame, problems: _Problems) -> None:
    import pandera.pandas as pa

    try:
        spec.schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return
    duplicates: dict[int, None] = {}
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = None if pd.isna(case.column) else str(case.column)
        index = None if pd.isna(case.index) else int(case.index)
        if "uniqueness" in check:
            if index is not None:
                duplicates[index] = None
            continue
        row = raw.rows[index] if index is not None and index < len(raw.rows) else None
        if column and column.endswith("_precision"):
            continue  # follows from its date column
        if problems.is_flagged(raw.file, row, column):
            continue
        text = raw.cells.get(column, [""] * len(raw))[index] if column and index is not None else case.failure_case
        _schema_problem(spec, raw, check, column, row, text, case.failure_case, problems)
    if duplicates:
        _duplicate_problems(spec, raw, frame, sorted(duplicates), problems)


def _schema_problem(spec: TableSpec, raw: _Raw, check: str, column: str | None, row: int | None, text: str,
                    value: object, problems: _Problems) -> None:
    col = spec.column(column) if column in spec.column_names else None
    if check == "not_nullable" and col is not None:
        fix = {"ref": f"write the {col.name} (one of the ids in {col.ref}.csv)",
               "id": f"give the row a {col.name}: a short id of lower-case words joined by hyphens",
               "status": "write S, C, C2 or D"}.get(col.kind, f"fill it in: every {spec.name} row needs a {col.name}")
        if col.kind == "choice":
            fix = "write one of: " + ", ".join(col.choices)
        problems.add(raw.file, row, column, "", "required", f"{column} is blank", fix)
        return
    if check.startswith("isin") and col is not None:
        guess = did_you_mean(text, col.choices, cutoff=0.6)
        hint = f"did you mean {guess!r}? Write" if guess else "write"
        problems.add(raw.file, row, column, text, "allowed-values",
                     f"{quote(text)} is not one of the {column} values",
                     f"{hint} one of: " + ", ".join(col.choices))
        return
    if check.startswith("str_matches") and col is not None and col.kind == "id":
        problems.add(raw.file, row, column, text, "id-format", f"{quote(text)} is not a valid id",
                     f"ids are lower-case letters and digits joined by single hyphens, e.g. {_slug(text)!r}")
        return
    if check.startswith(("greater_than", "less_than")) and col is not None:
        bound = check.split("(", 1)[1].rstrip(")")
        limit = {"greater_than_or_equal_to": f"at least {bound}", "greater_than": f"more than {bound}",
                 "less_than_or_equal_to": f"at most {bound}"}[check.split("(", 1)[0]]
        problems.add(raw.file, row, column, text, "range", f"{quote(text)} is out of range: it must be {limit}",
                     "check the figure (a percentage is written 27.6 for 27.6%)" if col.percent else
                     "check the figure")
        return
    problems.add(raw.file, row, column, value, "schema", f"{quote(str(value))} fails the check {check}",
                 "correct the value")  # pragma: no cover - every check the models use is handled above


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"


def _duplicate_problems(spec: TableSpec, raw: _Raw, frame: pd.DataFrame, indexes: list[int],
                        problems: _Problems) -> None:
    key = list(spec.key)
    first_seen: dict[tuple, int] = {}
    for index in indexes:
        values = tuple(_key_text(frame.at[index, k], frame.get(f"{k}_precision"), index) for k in key)
        row = raw.rows[index]
        if values not in first_seen:
            first_seen[values] = row
            continue
        if any(problems.is_flagged(raw.file, row, k) for k in key):
            continue
        shown = ", ".join(f"{k} {quote(v)}" for k, v in zip(key, values))
        problems.add(raw.file, row, key[0], values[0] if len(key) == 1 else "; ".join(values), "unique-key",
                     f"repeats row {first_seen[values]}: the key ({shown}) must be unique",
                     "delete the repeated row, or correct the one that is wrong"
                     + ("" if len(key) == 1 else f" (a row is identified by {', '.join(key)})"))


def _key_text(value: object, precision: pd.Series | None, index: int) -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return _date_text(value, precision.iloc[index] if precision is not None else "day")
    return str(value)


def _date_text(value: pd.Timestamp, precision: str) -> str:
    if pd.isna(value):
        return "blank"
    return {"year": f"{value.year}", "month": f"{value.year}-{value.month:02d}"}.get(precision,
                                                                                     value.strftime("%Y-%m-%d"))


# ------------------------------------------------------------------------------ cross-table checks


def _cross_checks(frames: dict[str, pd.DataFrame], raws: dict[str, _Raw], indexes: dict[str, IdIndex | None],
                  problems: _Problems) -> None:
    if "memberships" in frames:
        _check_memberships(frames["memberships"], raws["memberships"], problems)
    if "savings" in frames:
        _check_savings(frames["savings"], raws["savings"], problems)
    if "collaborations" in frames:
        _check_parents(frames["collaborations"], raws["collaborations"], problems)
    if "budget_totals" in frames:
        _check_same_as(frames["budget_totals"], raws["budget_totals"], problems)
    if any(indexes.get(t) is None for t in ("forces", "collaborations", "budget_totals")):
        return  # ids could not be resolved, so comparing them across tables would report noise
    if "budget_totals" in frames:
        if "budgets" in frames:
            _check_totals(frames["budgets"], raws["budgets"], frames["budget_totals"], raws["budget_totals"],
                          problems)
    if "budgets" in frames and "memberships" in frames and "collaborations" in frames \
            and not problems.file_has_errors(raws["memberships"].file):
        _warn_contributions_without_membership(frames, raws, problems)
    if "cost_shares" in frames:
        _warn_cost_shares(frames["cost_shares"], raws["cost_shares"], problems)


def _check_memberships(frame: pd.DataFrame, raw: _Raw, problems: _Problems) -> None:
    file = raw.file
    for i, row in enumerate(raw.rows):
        start, end, known_by = frame.at[i, "start"], frame.at[i, "end"], frame.at[i, "known_by"]
        if pd.notna(start) and pd.notna(end) and end <= start:
            if not problems.is_flagged(file, row, "end"):
                problems.add(file, row, "end", raw.cells["end"][i], "interval",
                             f"end {quote(raw.cells['end'][i])} is not after start {quote(raw.cells['start'][i])}",
                             "end is the first day the force is no longer a member; check both dates")
        if pd.isna(start) and pd.isna(known_by) and not problems.is_flagged(file, row, "start") \
                and not problems.is_flagged(file, row, "known_by"):
            problems.add(file, row, "known_by", "", "known-by-required",
                         "start is blank, so known_by is needed",
                         "write the date a source shows the force as a member in known_by (or the start date)")
        known_until = frame.at[i, "known_until"]
        begin = start if pd.notna(start) else known_by
        if pd.notna(known_until) and not problems.is_flagged(file, row, "known_until"):
            if pd.notna(begin) and known_until < begin:
                problems.add(file, row, "known_until", raw.cells["known_until"][i], "interval",
                             f"known_until {quote(raw.cells['known_until'][i])} is before the membership begins",
                             "known_until is the last date a source shows the force as a member; check the dates")
            elif pd.notna(end):
                problems.add(file, row, "known_until", raw.cells["known_until"][i], "known-until-with-end",
                             "has both an end date and known_until",
                             "leave known_until blank when the end date is known")


def _check_savings(frame: pd.DataFrame, raw: _Raw, problems: _Problems) -> None:
    file = raw.file
    for i, row in enumerate(raw.rows):
        amount, percent, high = frame.at[i, "amount_gbp"], frame.at[i, "percent"], frame.at[i, "percent_high"]
        if any(problems.is_flagged(file, row, c) for c in ("amount_gbp", "percent")):
            continue
        if pd.isna(amount) and pd.isna(percent):
            problems.add(file, row, "amount_gbp", "", "amount-or-percent",
                         "has neither amount_gbp nor percent",
                         "write the claim in amount_gbp (whole pounds) or in percent, as the source gives it")
        elif pd.notna(amount) and pd.notna(percent):
            problems.add(file, row, "percent", raw.cells["percent"][i], "amount-or-percent",
                         "has both amount_gbp and percent",
                         "keep the one the claim is made in and put the other in its own row")
        if pd.notna(high) and not problems.is_flagged(file, row, "percent_high"):
            if pd.isna(percent):
                problems.add(file, row, "percent_high", raw.cells["percent_high"][i], "amount-or-percent",
                             "percent_high is given without percent",
                             "write the bottom of the range in percent and the top in percent_high")
            elif high < percent:
                problems.add(file, row, "percent_high", raw.cells["percent_high"][i], "interval",
                             f"percent_high {quote(raw.cells['percent_high'][i])} is below percent "
                             f"{quote(raw.cells['percent'][i])}", "percent_high is the top of the range")
        start, end = frame.at[i, "period_start"], frame.at[i, "period_end"]
        if pd.notna(start) and pd.notna(end) and end < start and not problems.is_flagged(file, row, "period_end"):
            problems.add(file, row, "period_end", raw.cells["period_end"][i], "interval",
                         f"period_end {quote(raw.cells['period_end'][i])} is before period_start "
                         f"{quote(raw.cells['period_start'][i])}", "check both dates")


def _check_parents(frame: pd.DataFrame, raw: _Raw, problems: _Problems) -> None:
    parents = {c: p for c, p in zip(frame["collab_id"], frame["parent_id"]) if pd.notna(c) and pd.notna(p)}
    for i, row in enumerate(raw.rows):
        collab = frame.at[i, "collab_id"]
        if pd.isna(collab) or collab not in parents:
            continue
        seen, current = [collab], parents[collab]
        while current in parents and current not in seen:
            seen.append(current)
            current = parents[current]
        if current in seen:
            chain = " -> ".join(seen + [current])
            problems.add(raw.file, row, "parent_id", parents[collab], "parent-cycle",
                         f"the parent_id chain goes round in a circle ({chain})",
                         "parent_id names the collaboration this one is a branch of; leave it blank for the top")


def _check_same_as(frame: pd.DataFrame, raw: _Raw, problems: _Problems) -> None:
    by_id = {t: i for i, t in enumerate(frame["total_id"]) if pd.notna(t)}
    for i, row in enumerate(raw.rows):
        same = frame.at[i, "same_as"]
        if pd.isna(same):
            continue
        own = frame.at[i, "total_id"]
        if pd.notna(own) and same == own:
            problems.add(raw.file, row, "same_as", same, "reference", "same_as names the row's own total_id",
                         "same_as names another total this one restates; leave it blank otherwise")
            continue
        j = by_id.get(same)
        if j is None:
            continue
        a, b = frame.at[i, "amount_gbp"], frame.at[j, "amount_gbp"]
        precisions = frame.at[i, "precision_gbp"], frame.at[j, "precision_gbp"]
        if pd.isna(a) or pd.isna(b) or any(pd.isna(p) for p in precisions):
            continue
        coarser, gap = int(max(precisions)), abs(int(a) - int(b))
        if gap * 2 > coarser:
            problems.warn(raw.file, row, "amount_gbp", int(a), "same-as-differs",
                          f"restates total {quote(same)} ({_pounds(b)}) but differs from it by "
                          f"{_pounds(gap)}, more than rounding to the nearest {_pounds(coarser)} allows",
                          "check both figures, or clear same_as if they are different totals")


def _pounds(amount) -> str:
    """Money in a message, to the pound: ``£9,487,000``."""
    return format_gbp(int(amount), "exact")


def _check_totals(budgets: pd.DataFrame, braw: _Raw, totals: pd.DataFrame, traw: _Raw,
                  problems: _Problems) -> None:
    by_id = {t: i for i, t in enumerate(totals["total_id"]) if pd.notna(t)}
    itemised: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(braw.rows):
        total_id = budgets.at[i, "total_id"]
        if pd.isna(total_id) or total_id not in by_id:
            continue
        itemised[total_id].append(i)
        j = by_id[total_id]
        for column in ("force_id", "financial_year"):
            mine, theirs = budgets.at[i, column], totals.at[j, column]
            if pd.isna(mine) or pd.isna(theirs) or problems.is_flagged(braw.file, row, column):
                continue
            if mine != theirs:
                problems.add(braw.file, row, "total_id", total_id, "total-mismatch",
                             f"the row is for {column} {quote(mine)} but its total {quote(total_id)} is for "
                             f"{quote(theirs)}", "correct total_id (or the row), or leave total_id blank")
    for total_id, members in itemised.items():
        j = by_id[total_id]
        amount, precision = totals.at[j, "amount_gbp"], totals.at[j, "precision_gbp"]
        amounts = budgets["amount_gbp"].iloc[members]
        if pd.isna(amount) or pd.isna(precision) or amounts.isna().any() \
                or problems.row_has_errors(traw.file, traw.rows[j]) \
                or any(problems.row_has_errors(braw.file, braw.rows[i]) for i in members):
            continue  # the errors come first; the sum would only repeat them
        added = int(amounts.sum())
        difference = added - int(amount)
        if abs(difference) * 2 > int(precision):
            rows = ", ".join(str(braw.rows[i]) for i in members)
            direction = "more" if difference > 0 else "less"
            problems.warn(traw.file, traw.rows[j], "amount_gbp", int(amount), "total-unreconciled",
                          f"the budgets.csv rows itemised in {quote(total_id)} (rows {rows}) add up to "
                          f"{_pounds(added)}, {_pounds(abs(difference))} {direction} than this total of "
                          f"{_pounds(amount)}, beyond its rounding to the nearest {_pounds(precision)}",
                          "check the itemised rows and the total; if the gap is real, say so in the description")


def _warn_contributions_without_membership(frames: dict[str, pd.DataFrame], raws: dict[str, _Raw],
                                           problems: _Problems) -> None:
    memberships = frames["memberships"]
    spells: dict[tuple[str, str], list[tuple[pd.Timestamp, pd.Timestamp]]] = defaultdict(list)
    for collab, force, start, end, known_by in zip(memberships["collab_id"], memberships["force_id"],
                                                   memberships["start"], memberships["end"], memberships["known_by"]):
        begin = start if pd.notna(start) else known_by
        if pd.isna(collab) or pd.isna(force) or pd.isna(begin):
            continue
        spells[(collab, force)].append((begin, end))
    collabs = frames["collaborations"]
    parents = {c: p for c, p in zip(collabs["collab_id"], collabs["parent_id"]) if pd.notna(c) and pd.notna(p)}
    budgets, raw = frames["budgets"], raws["budgets"]
    for i, row in enumerate(raw.rows):
        collab, force, year = budgets.at[i, "collab_id"], budgets.at[i, "force_id"], budgets.at[i, "financial_year"]
        if pd.isna(collab) or pd.isna(force) or pd.isna(year):
            continue
        first, after = financial_year_bounds(year)
        lineage, current = [], collab
        while current is not None and current not in lineage:
            lineage.append(current)
            current = parents.get(current)
        member = any(begin < after and (pd.isna(end) or end > first)
                     for c in lineage for begin, end in spells.get((c, force), []))
        if not member:
            problems.warn(raw.file, row, "force_id", force, "contribution-without-membership",
                          f"{force} contributes to {collab} in {year} but is not a member of it at any time in "
                          f"that year (1 April {first.year} to 31 March {after.year}) according to memberships.csv",
                          "add the membership to memberships.csv, or check the force, collaboration and year")


def _warn_cost_shares(frame: pd.DataFrame, raw: _Raw, problems: _Problems) -> None:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (collab, period) in enumerate(zip(frame["collab_id"], frame["period"])):
        if pd.notna(collab) and pd.notna(period):
            groups[(collab, period)].append(i)
    for (collab, period), members in groups.items():
        shares = frame["share_pct"].iloc[members]
        if shares.isna().any():
            continue
        total = float(sum(Decimal(repr(float(s))) for s in shares))
        if abs(total - 100) > SHARE_TOLERANCE:
            rows = ", ".join(str(raw.rows[i]) for i in members)
            problems.warn(raw.file, raw.rows[members[0]], "share_pct", total, "cost-shares-sum",
                          f"the shares of {collab} for period {quote(period)} (rows {rows}) add up to {total:g}%, "
                          "not 100%", "check the shares against the source; add any force that is missing")
