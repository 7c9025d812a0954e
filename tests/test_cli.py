"""Does the command line say what is wrong, with the right exit code, and never show a traceback?"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from click.testing import CliRunner

from collab_analysis.cli import main

GOOD = Path(__file__).parent / "data" / "loader" / "good"


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GOOD, tmp_path / "data"))


def _set(data: Path, table: str, row: int, column: str, value: str) -> None:
    path = data / f"{table}.csv"
    records = list(csv.reader(path.open(newline="", encoding="utf-8")))
    records[row - 1][records[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def test_validate_good_data_exits_0():
    result = CliRunner().invoke(main, ["validate", "--data", str(GOOD)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "0 error(s), 0 warning(s)"


def test_validate_prints_every_problem_and_exits_1(tmp_path):
    data = _copy(tmp_path)
    _set(data, "budgets", 2, "amount_gbp", "£6.3525555m")
    _set(data, "budgets", 3, "financial_year", "2019-21")
    result = CliRunner().invoke(main, ["validate", "--data", str(data)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line.startswith("error: budgets.csv, row 2, column amount_gbp:") and "£6.3525555m" in line
               for line in lines)
    assert any(line.startswith("error: budgets.csv, row 3, column financial_year:") and "2019-21" in line
               for line in lines)
    assert lines[-1].startswith("2 error(s)")
    assert "Traceback" not in result.output


def test_validate_a_missing_folder_is_an_error_not_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["validate", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "nowhere" in result.output and "Traceback" not in result.output


def test_data_writes_parquet_and_bad_data_leaves_it_alone(tmp_path):
    data, out = _copy(tmp_path), tmp_path / "processed"
    result = CliRunner().invoke(main, ["data", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.glob("*.parquet"))
    assert "budgets.parquet" in written and "forces.parquet" in written and len(written) == 10
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    _set(data, "memberships", 2, "force_id", "Leicstershire")
    result = CliRunner().invoke(main, ["data", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "memberships.csv, row 2, column force_id" in result.output and "did you mean" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_usage_errors_exit_2():
    result = CliRunner().invoke(main, ["build", "--jobs", "0"])
    assert result.exit_code == 2
