"""Does the command line say what is wrong, with the right exit code, and never show a traceback?"""
from __future__ import annotations

from click.testing import CliRunner

from collab_analysis.cli import main
from collab_analysis.data import Tables
from loader_helpers import GOOD, copy_good, set_cell


def test_validate_good_data_exits_0():
    """Does validate on good data say so and exit 0?"""
    result = CliRunner().invoke(main, ["validate", "--data", str(GOOD)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "0 error(s), 0 warning(s)"


def test_validate_prints_every_problem_and_exits_1(tmp_path):
    """Does validate print every problem with file, row and column, and exit 1?"""
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
    """Is a missing data folder an Error line, not a traceback?"""
    result = CliRunner().invoke(main, ["validate", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "nowhere" in result.output and "Traceback" not in result.output


def test_data_writes_parquet_and_bad_data_leaves_it_alone(tmp_path):
    """Does `data` write every table as parquet, and bad data leave the old files alone?"""
    data, out = copy_good(tmp_path), tmp_path / "processed"
    result = CliRunner().invoke(main, ["data", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.glob("*.parquet"))
    assert "budgets.parquet" in written and "forces.parquet" in written and len(written) == len(Tables.NAMES)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    set_cell(data, "memberships", 2, "force_id", "Leicstershire")
    result = CliRunner().invoke(main, ["data", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "memberships.csv, row 2, column force_id" in result.output and "did you mean" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_usage_errors_exit_2():
    """Is a usage error (an option out of range) exit code 2?"""
    result = CliRunner().invoke(main, ["build", "--jobs", "0"])
    assert result.exit_code == 2


# ------------------------------------------------------------------ the build's command line (issue 13)

import builtins  # noqa: E402
import errno  # noqa: E402
import io  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from publish_helpers import fixture_notebooks  # noqa: E402,F401  (a fixture)


def _build(data, tmp_path, *extra, out=None, env=None):
    out = out or tmp_path / "reports"
    return CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out), "--no-pdf",
                                     "--build-dir", str(tmp_path / "build"), "--editions", str(tmp_path / "editions"),
                                     *extra], env=env)


def _papers(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.html"))}


@contextmanager
def _tmpfs(where: Path, options: str):
    """A small or read-only file system of our own (as root, chmod protects nothing)."""
    where.mkdir(parents=True, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_python_dash_m_is_the_command_line():
    """Does `python -m collab_analysis` run the CLI?"""
    result = subprocess.run([sys.executable, "-m", "collab_analysis", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "build" in result.stdout and "issue" in result.stdout


@pytest.mark.usefixtures("fixture_notebooks")
def test_an_impossible_date_is_refused_once_and_the_papers_stay_current(synthetic_data, tmp_path, monkeypatch):
    """Is --date 2019-02-30 refused once, before any notebook, with the next build still up to date?"""
    assert _build(synthetic_data, tmp_path).exit_code == 0
    result = _build(synthetic_data, tmp_path, "--date", "2019-02-30")
    assert result.exit_code == 1
    assert result.output.count('"2019-02-30" is not a date in the calendar (February 2019 has 28 days)') == 1
    again = _build(synthetic_data, tmp_path)
    assert again.exit_code == 0 and "0 built, 4 up to date" in again.output


@pytest.mark.usefixtures("fixture_notebooks")
def test_source_date_epoch_out_of_range_is_a_message(synthetic_data, tmp_path):
    """Is SOURCE_DATE_EPOCH=99999999999999 an Error line, not a traceback?"""
    result = _build(synthetic_data, tmp_path, env={"SOURCE_DATE_EPOCH": "99999999999999"})
    assert result.exit_code == 1
    assert result.output.startswith("Error: SOURCE_DATE_EPOCH is '99999999999999'")
    assert not (tmp_path / "reports").exists()


@pytest.mark.usefixtures("fixture_notebooks")
def test_out_root_is_refused(synthetic_data, tmp_path):
    """Is --out / refused before anything is read or written?"""
    result = _build(synthetic_data, tmp_path, out=Path("/"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: --out / is not a place for papers")


@pytest.mark.usefixtures("fixture_notebooks")
def test_an_unreadable_table_is_a_message_not_a_traceback(synthetic_data, tmp_path, monkeypatch):
    """When a table cannot be read during a build, is the message the file and the fix?"""
    real_open = builtins.open

    def unreadable(file, *args, **kwargs):
        if str(file).endswith("budgets.csv"):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", unreadable)
    monkeypatch.setattr(io, "open", unreadable)
    result = _build(synthetic_data, tmp_path)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and "budgets.csv cannot be read (Permission denied)" in result.output
    assert not isinstance(result.exception, PermissionError)


@pytest.mark.slow
@pytest.mark.usefixtures("fixture_notebooks")
def test_a_read_only_out_is_a_message(synthetic_data, tmp_path):
    """Is a read-only --out refused with a message naming it, before any paper runs?"""
    with _tmpfs(tmp_path / "ro", "ro,size=1m") as out:
        result = _build(synthetic_data, tmp_path, out=out)
    assert result.exit_code == 1, result.output
    assert "Error: cannot use" in result.output and "read-only file system; choose a writable --out" in result.output
    assert "Traceback" not in result.output and "built       " not in result.output


@pytest.mark.slow
@pytest.mark.usefixtures("fixture_notebooks")
def test_a_full_disk_publishes_nothing_and_says_so(synthetic_data, tmp_path):
    """When the papers do not fit on the disk, is nothing published half-way, with a message and no traceback?"""
    with _tmpfs(tmp_path / "small", "size=24k") as out:  # room for the lock and one paper, not four
        result = _build(synthetic_data, tmp_path, out=out)
        published = _papers(out)
    assert result.exit_code == 1, result.output
    assert "no space left on the disk" in result.output and "no paper was published" in result.output
    assert published == {} and "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.usefixtures("fixture_notebooks")
def test_a_full_disk_at_the_index_is_a_message(synthetic_data, tmp_path, monkeypatch):
    """When the disk fills as the index is written, do the paper lines still show, then a message?"""
    real = tempfile.mkstemp

    def full(*args, **kwargs):
        if str(kwargs.get("prefix", "")).startswith(".index.html"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", full)
    result = _build(synthetic_data, tmp_path)
    assert result.exit_code == 1, result.output
    assert "built       2029-30/force-01" in result.output
    assert "Error: the papers were published, but the index could not be written: no space left" in result.output
    assert not isinstance(result.exception, OSError) or isinstance(result.exception, SystemExit)


@pytest.mark.slow
@pytest.mark.usefixtures("fixture_notebooks")
def test_a_file_where_a_year_folder_must_go_stops_before_anything_runs(synthetic_data, tmp_path, monkeypatch):
    """Is a file named like a year folder refused up front, with nothing built or published?"""
    out = tmp_path / "reports"
    out.mkdir()
    (out / "2029-30").write_text("not a folder")
    result = _build(synthetic_data, tmp_path)
    assert result.exit_code == 1
    assert "2029-30 is a file, but the papers for 2029-30 go in a folder of that name" in result.output
    assert "built       " not in result.output and _papers(out) == {}


@pytest.mark.slow
@pytest.mark.usefixtures("fixture_notebooks")
def test_relative_folders_on_the_command_line_start_at_the_current_directory(synthetic_data, tmp_path, monkeypatch):
    """Are --data and --out given as relative paths taken from where the command runs?"""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--data", "data", "--out", "here", "--build-dir", "b",
                                       "--editions", "editions", "--no-pdf", "--panel", "force-01"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "here" / "2029-30" / "force-01.html").is_file()


@pytest.mark.usefixtures("fixture_notebooks")
def test_a_panel_may_be_named_by_its_alias(synthetic_data, tmp_path):
    """Is `--panel SF2` (an alias in forces.csv) accepted, as `--panel Notts` is for the shipped data?"""
    result = _build(synthetic_data, tmp_path, "--panel", "SF2", "--plan")
    assert result.exit_code == 0, result.output
    assert '"force_id": "force-02"' in result.output.splitlines()[0]


def test_notts_is_nottinghamshire_in_the_shipped_data(tmp_path):
    """Does `--panel Notts --plan` plan Nottinghamshire's paper on the shipped data?"""
    result = CliRunner().invoke(main, ["build", "--panel", "Notts", "--plan", "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert '"force_id": "nottinghamshire"' in result.output.splitlines()[0]


def test_the_command_ends_with_its_output_whole_and_its_exit_code(tmp_path):
    """The installed command leaves without tearing the interpreter down: does every line still reach a pipe,
    and does each outcome keep its exit code (0 done, 1 a data error, 2 a usage error)?"""
    command = str(Path(sys.executable).parent / "collab-analysis")
    done = subprocess.run([command, "validate", "--data", str(GOOD)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("0 error(s), 0 warning(s)")
    missing = subprocess.run([command, "validate", "--data", str(tmp_path / "nowhere")], capture_output=True,
                             text=True, timeout=120)
    assert missing.returncode == 1
    assert "the data folder does not exist" in missing.stdout + missing.stderr
    usage = subprocess.run([command, "build", "--no-such-option"], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "No such option" in usage.stderr
    as_module = subprocess.run([sys.executable, "-m", "collab_analysis", "--version"], capture_output=True, text=True,
                               timeout=120)
    assert as_module.returncode == 0 and as_module.stdout.startswith("collab-analysis, version")
