"""Does the command line say what is wrong, with the right exit code, and never show a traceback?"""
from __future__ import annotations

from click.testing import CliRunner

from collab_analysis.cli import main
from loader_helpers import GOOD, copy_good, set_cell


def test_validate_good_data_exits_0():
    result = CliRunner().invoke(main, ["validate", "--data", str(GOOD)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "0 error(s), 0 warning(s)"


def test_validate_prints_every_problem_and_exits_1(tmp_path):
    data = copy_good(tmp_path)
    set_cell(data, "budgets", 2, "amount_gbp", "£6.3525555m")
    set_cell(data, "budgets", 3, "financial_year", "2019-21")
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
    data, out = copy_good(tmp_path), tmp_path / "processed"
    result = CliRunner().invoke(main, ["data", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.glob("*.parquet"))
    assert "budgets.parquet" in written and "forces.parquet" in written and len(written) == 10
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    set_cell(data, "memberships", 2, "force_id", "Leicstershire")
    result = CliRunner().invoke(main, ["data", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "memberships.csv, row 2, column force_id" in result.output and "did you mean" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_usage_errors_exit_2():
    result = CliRunner().invoke(main, ["build", "--jobs", "0"])
    assert result.exit_code == 2
