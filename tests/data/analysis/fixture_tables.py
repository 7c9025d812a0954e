"""A tiny Tables-like object for the analysis tests, built from the hand-written CSVs beside this file.

It types the columns the way the spec says the loader does (ids -> "string", fixed values ->
"category", money -> "Int64", percent/value -> "Float64", dates -> datetime64[ns] plus a
``<col>_precision`` category, financial years -> "string"), so the analysis modules can be tested
without the loader. The expected values in the tests are worked out by hand from these files.

Load it from a test with::

    spec = importlib.util.spec_from_file_location("analysis_fixture", HERE / "data/analysis/fixture_tables.py")
"""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

HERE = Path(__file__).resolve().parent

DATE_COLS = {
    "memberships": ["start", "end", "known_by"],
    "events": ["date"],
    "cost_shares": ["as_of"],
    "savings": ["period_start", "period_end"],
    "context": ["as_of"],
    "sources": ["date"],
}
MONEY_COLS = {"budgets": ["amount_gbp"], "budget_totals": ["amount_gbp", "precision_gbp"], "savings": ["amount_gbp"]}
FLOAT_COLS = {"cost_shares": ["share_pct"], "savings": ["percent", "percent_high"], "context": ["value"]}
CATEGORY_COLS = {
    "collaborations": ["scope", "area_of_work"],
    "events": ["event"],
    "savings": ["qualifier", "per", "kind", "claimant"],
    "context": ["measure", "unit"],
    "sources": ["kind"],
}
TABLE_NAMES = ["forces", "collaborations", "memberships", "events", "budgets", "budget_totals", "cost_shares",
               "savings", "context", "sources"]


def parse_date(text):
    """'2019-07-22' -> (Timestamp, 'day'); '2019-07' -> (1 July, 'month'); '2019' -> (1 Jan, 'year'); '' -> (NaT, 'unknown')."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or str(text).strip() == "":
        return pd.NaT, "unknown"
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(text).strip())
    if not m:
        raise ValueError(f"bad fixture date {text!r}")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    precision = "day" if m.group(3) else ("month" if m.group(2) else "year")
    return pd.Timestamp(year=y, month=mo, day=d), precision


def type_table(name: str, raw: pd.DataFrame) -> pd.DataFrame:
    df = pd.DataFrame(index=pd.RangeIndex(len(raw)))
    for col in raw.columns:
        values = raw[col]
        if col in DATE_COLS.get(name, []):
            parsed = [parse_date(v) for v in values]
            df[col] = pd.Series([p[0] for p in parsed], dtype="datetime64[ns]")
            df[f"{col}_precision"] = pd.Series([p[1] for p in parsed], dtype="category")
        elif col in MONEY_COLS.get(name, []):
            df[col] = pd.Series([pd.NA if pd.isna(v) or str(v) == "" else int(v) for v in values], dtype="Int64")
        elif col in FLOAT_COLS.get(name, []):
            df[col] = pd.Series([pd.NA if pd.isna(v) or str(v) == "" else float(v) for v in values], dtype="Float64")
        elif col in CATEGORY_COLS.get(name, []) or col == "status":
            df[col] = pd.Series([None if pd.isna(v) else str(v) for v in values], dtype="category")
        else:
            df[col] = pd.Series([pd.NA if pd.isna(v) or str(v) == "" else str(v) for v in values], dtype="string")
    return df


class FixtureTables(SimpleNamespace):
    """Just enough of ``collab_analysis.Tables`` for the analysis modules."""

    def force_name(self, force_id: str) -> str:
        rows = self.forces.loc[self.forces["force_id"] == force_id, "name"]
        if not len(rows):
            raise KeyError(force_id)
        return str(rows.iloc[0])

    def collab_name(self, collab_id: str) -> str:
        rows = self.collaborations.loc[self.collaborations["collab_id"] == collab_id]
        if not len(rows):
            raise KeyError(collab_id)
        r = rows.iloc[0]
        return str(r["short_name"]) if not pd.isna(r["short_name"]) else str(r["name"])


def load_fixture(folder: Path = HERE, **overrides) -> FixtureTables:
    """Read every table CSV in ``folder``; ``overrides`` replace whole tables (already typed)."""
    tables = {}
    for name in TABLE_NAMES:
        raw = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        tables[name] = type_table(name, raw)
    tables.update(overrides)
    return FixtureTables(**tables, warnings=[], files={n: folder / f"{n}.csv" for n in TABLE_NAMES})
