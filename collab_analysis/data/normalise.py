"""Turn each table's text into a typed DataFrame, cell by cell, and check it with its pandera model.

Each cell is read by its column's kind (:mod:`models`): ids and aliases resolved through an
:class:`~cells.IdIndex` (with "did you mean"), money exactly, financial years and dates by
:mod:`collab_analysis.years`, text within its limit. A cell that cannot be read exactly becomes a
:class:`~collab_analysis.errors.Problem` naming file, row, column, value and fix; then the model
checks the typed frame lazily (blanks, allowed values, id format, ranges, unique keys) and each
pandera failure case becomes a Problem too.
"""
from __future__ import annotations

import re

import pandas as pd

from ..errors import InvalidValue
from ..years import PRECISIONS, iso_date, parse_date, parse_financial_year
from .cells import (IdIndex, check_text, check_url, did_you_mean, index_of, join_list, parse_money, parse_number,
                    parse_status, quote, split_list)
from .fields import LIMITS
from .models import TABLES, ColumnSpec, TableSpec
from .problems import Problems, Raw

#: Tables other tables refer to, and the column holding their ids.
ID_COLUMNS = {"forces": "force_id", "collaborations": "collab_id", "sources": "source_id",
              "budget_totals": "total_id"}
EXCERPT_FIX = ("an excerpt is the source's few words around the figure (a phrase, typically 3-15 words): keep the "
               "words that state the figure and cut the rest")


def build_indexes(raws: dict[str, Raw], problems: Problems) -> dict[str, IdIndex | None]:
    """One index per table other tables refer to; ``None`` when that table could not be read."""
    indexes: dict[str, IdIndex | None] = {}
    for table, id_column in ID_COLUMNS.items():
        raw = raws.get(table)
        if raw is None or id_column not in raw.cells or (TABLES[table].needs_rows and not raw.rows):
            indexes[table] = None  # its own problem is reported; checking references against it would only repeat it
            continue
        names = {"forces": ("name",), "collaborations": ("short_name", "name")}.get(table, ())
        index, clashes = index_of(id_column, raw.file, raw.cells[id_column], aliases=raw.cells.get("aliases", ()),
                                  names=[raw.cells.get(c, []) for c in names])
        for position, alias, other in clashes:
            force_id = raw.cells[id_column][position]
            problems.add(raw.file, raw.rows[position], "aliases", alias, "alias-clash",
                         f"the alias {quote(alias)} already means {other!r}, so it cannot also mean {force_id!r}",
                         "remove it from one of the two forces")
        indexes[table] = index
    return indexes


def normalise_table(spec: TableSpec, raw: Raw, indexes: dict[str, IdIndex | None], problems: Problems) -> pd.DataFrame:
    """The table's typed DataFrame (columns as its model says); every unreadable cell is a Problem."""
    columns: dict[str, object] = {}
    n = len(raw)
    for col in spec.columns:
        texts = raw.cells.get(col.name)
        if texts is None:
            problems.flagged.add((raw.file, None, col.name))
            texts = [""] * n
        values, precisions = [], []
        for row, text in zip(raw.rows, texts):
            try:
                value = _parse_cell(spec, col, text, indexes)
            except _InvalidParts as many:
                for exc in many.failures:
                    problems.add(raw.file, row, col.name, text, exc.rule, exc.message, exc.fix)
                value = None
            except InvalidValue as exc:
                fix = EXCERPT_FIX if col.name == "excerpt" and exc.rule == "text-too-long" else exc.fix
                problems.add(raw.file, row, col.name, text, exc.rule, exc.message, fix)
                value = (pd.NaT, "unknown") if col.kind == "date" else None
            if col.kind == "date":
                value, precision = value
                precisions.append(precision)
            values.append(value)
        columns.update(_typed(col, values, precisions))
    frame = pd.DataFrame(columns, index=pd.RangeIndex(n))[spec.output_columns]
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
        return check_text(text, limit=col.limit or LIMITS["long"], lines=col.lines, what=f"the {col.name}")
    if kind == "url":
        return check_url(text, limit=col.limit or LIMITS["url"])
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
        check_text(text, limit=col.limit or LIMITS["aliases"], what=f"the {col.name} cell")
        for part in split_list(text):
            check_text(part, limit=LIMITS["alias"], what=f"the alias {quote(part, 30)}")
        return join_list(split_list(text)) or None
    if kind == "choice":
        for choice in col.choices:
            if choice.lower() == text.lower():
                return choice
        return text  # the schema's isin check reports it, with the allowed values
    if kind == "status":
        return parse_status(text)
    if kind == "money":
        qualifier = "qualifier" if "qualifier" in spec.column_names and spec.name == "savings" else None
        return parse_money(text, column=col.name, qualifier_column=qualifier)
    if kind == "number":
        return parse_number(text, percent=col.percent, money=col.money)
    if kind == "fy":
        return parse_financial_year(text)
    raise AssertionError(f"unknown column kind {kind!r}")  # pragma: no cover - models.py declares kinds


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
    return {col.name: pd.array(values, dtype=pd.StringDtype(na_value=pd.NA))}


def finalise(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Give each category column the contract's categories, in the contract's order (a copy)."""
    frame = frame.copy()
    for col in spec.columns:
        if col.kind in ("choice", "status"):
            frame[col.name] = pd.Categorical(frame[col.name].astype(object), categories=list(col.choices))
    return frame


# --------------------------------------------------------------------------------- pandera checks


def _run_schema(spec: TableSpec, raw: Raw, frame: pd.DataFrame, problems: Problems) -> None:
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
        if (column and column.endswith("_precision")) or problems.is_flagged(raw.file, row, column):
            continue  # a precision follows from its date column; a flagged cell is reported once
        text = raw.text(column, index) if column and index is not None else case.failure_case
        _schema_problem(spec, raw, check, column, row, text, case.failure_case, problems)
    if duplicates:
        _duplicate_problems(spec, raw, frame, sorted(duplicates), problems)


def _schema_problem(spec: TableSpec, raw: Raw, check: str, column: str | None, row: int | None, text: str,
                    value: object, problems: Problems) -> None:
    col = spec.column(column) if column in spec.column_names else None
    if check == "not_nullable" and col is not None:
        fix = {"ref": f"write the {col.name} (one of the ids in {col.ref}.csv)",
               "id": f"give the row a {col.name}: a short id of lower-case words joined by hyphens",
               "status": "write S, C, C2 or D",
               "date": "write the date as YYYY-MM-DD, or YYYY-MM or YYYY at the precision the source gives"}.get(
            col.kind, f"fill it in: every {spec.name} row needs a {col.name}")
        if col.kind == "choice":
            fix = "write one of: " + ", ".join(col.choices)
        problems.add(raw.file, row, column, "", "required", f"{column} is blank", fix)
        return
    if check.startswith("isin") and col is not None:
        guess = did_you_mean(text, col.choices, cutoff=0.6)
        hint = f"did you mean {guess!r}? Write" if guess else "write"
        problems.add(raw.file, row, column, text, "allowed-values", f"{quote(text)} is not one of the {column} values",
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
                     "check the figure (a percentage is written 27.6 for 27.6%)" if col.percent else "check the figure")
        return
    problems.add(raw.file, row, column, value, "schema", f"{quote(str(value))} fails the check {check}",
                 "correct the value")  # pragma: no cover - every check the models use is handled above


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:LIMITS["id"]].strip("-") or "my-id"


def _duplicate_problems(spec: TableSpec, raw: Raw, frame: pd.DataFrame, indexes: list[int], problems: Problems) -> None:
    key = list(spec.key)
    first_seen: dict[tuple, int] = {}
    for index in indexes:
        values = tuple(_key_text(frame, k, index) for k in key)
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


def _key_text(frame: pd.DataFrame, column: str, index: int) -> str:
    value = frame.at[index, column]
    if pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        precision = f"{column}_precision"
        return iso_date(value, frame.at[index, precision] if precision in frame else "day")
    return str(value)
