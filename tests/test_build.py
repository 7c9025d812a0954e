"""Does one command build every paper, only when needed, in parallel, isolated, atomic and reproducible?"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from collab_analysis import paths
from collab_analysis.publish import build
from collab_analysis.cli import main
from collab_analysis.errors import BuildError, ParameterError

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-m", "collab_analysis.cli"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(data, tmp_path, **kwargs):
    return build.build_papers(data_dir=data, out_dir=tmp_path / "reports", build_dir=tmp_path / "build", **kwargs)


def _statuses(report) -> dict[str, str]:
    return {r.job.paper_id: r.status for r in report.results}


def _notebook_with(tmp_path: Path, source: str) -> Path:
    """A panel notebook with the real parameters cell and one code cell of our own."""
    nb = nbformat.read(build.PANEL_NOTEBOOK, as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    nb.cells = [params, nbformat.v4.new_code_cell(source)]
    path = tmp_path / "custom.ipynb"
    nbformat.write(nb, path)
    return path


# ------------------------------------------------------------------ parameters are checked first

def test_plan_prints_json_lines_and_runs_nothing(synthetic_data, tmp_path):
    result = CliRunner().invoke(main, ["build", "--plan", "--data", str(synthetic_data),
                                       "--out", str(tmp_path / "reports"), "--build-dir", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    jobs = [json.loads(line) for line in result.output.splitlines()]
    assert [Path(j["output"]).name for j in jobs] == ["force-01.html", "force-02.html", "force-03.html",
                                                      "regional-overview.html"]
    assert all(set(j) == {"notebook", "parameters", "output"} for j in jobs)
    assert jobs[0]["parameters"]["force_id"] == "force-01" and jobs[0]["parameters"]["financial_year"] == "2029-30"
    assert jobs[0]["notebook"] == "notebooks/panel_paper.ipynb"
    assert not (tmp_path / "reports").exists()


def test_unknown_panel_is_rejected_before_any_notebook_runs(synthetic_data, tmp_path, monkeypatch):
    monkeypatch.setattr(build, "_run", lambda *a, **k: pytest.fail("a notebook ran"))
    result = CliRunner().invoke(main, ["build", "--panel", "force-1", "--data", str(synthetic_data),
                                       "--out", str(tmp_path / "reports"), "--build-dir", str(tmp_path / "build")])
    assert result.exit_code == 1
    assert "unknown panel 'force-1'; did you mean 'force-01'?" in result.output
    assert "Valid choices: force-01, force-02, force-03" in result.output
    assert not (tmp_path / "reports").exists()


def test_year_without_data_is_rejected_with_the_valid_years(synthetic_data, tmp_path):
    with pytest.raises(ParameterError, match=r"no data for the year '2031-32'.* Years with data: 2028-29, 2029-30\."):
        _build(synthetic_data, tmp_path, year="2031/32")
    with pytest.raises(ParameterError, match="write it as 2019-20"):
        _build(synthetic_data, tmp_path, year="2029-31")


def test_bad_data_stops_the_build_and_touches_nothing(synthetic_data, tmp_path):
    _build(synthetic_data, tmp_path)
    before = _snapshot(tmp_path / "reports")
    budgets = synthetic_data / "budgets.csv"
    lines = budgets.read_text().splitlines()
    fields = lines[3].split(",")
    fields[3] = "£6.3525555m"
    lines[3] = ",".join(fields)
    budgets.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["build", "--data", str(synthetic_data), "--out", str(tmp_path / "reports"),
                                       "--build-dir", str(tmp_path / "build")])
    assert result.exit_code == 1
    assert "budgets.csv, row 4, column amount_gbp" in result.output and "£6.3525555m" in result.output
    assert "Traceback" not in result.output
    assert _snapshot(tmp_path / "reports") == before


# ------------------------------------------------------------------ building and the cache

def test_build_writes_papers_index_and_kept_notebooks_then_is_up_to_date(synthetic_data, tmp_path):
    report = _build(synthetic_data, tmp_path, jobs=2)
    assert set(_statuses(report).values()) == {"built"}
    out = tmp_path / "reports"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == [
        "2029-30/force-01.html", "2029-30/force-02.html", "2029-30/force-03.html",
        "2029-30/regional-overview.html", "index.html"]
    index = (out / "index.html").read_text()
    for href in ("2029-30/force-01.html", "2029-30/regional-overview.html"):
        assert f'href="{href}"' in index
    kept = nbformat.read(tmp_path / "build" / "2029-30" / "force-01.ipynb", as_version=4)
    assert kept.metadata.papermill.parameters["force_id"] == "force-01"
    cells = [c for c in kept.cells if c.cell_type == "code"]
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1)), "the kept notebook is the working"
    assert not list(out.rglob(".*")) and not (tmp_path / "build" / build.STAGING).exists()

    again = _build(synthetic_data, tmp_path)
    assert set(_statuses(again).values()) == {"up to date"}


def test_each_kind_of_change_rebuilds_the_right_papers_only(synthetic_data, tmp_path, monkeypatch):
    _build(synthetic_data, tmp_path)

    def rebuilt(report):
        return {r.job.paper_id: r.reasons for r in report.results if r.status == "built"}

    everything = {"2029-30/force-01", "2029-30/force-02", "2029-30/force-03", "2029-30/regional-overview"}
    with open(synthetic_data / "budgets.csv", "a") as handle:
        handle.write("syn-crime,force-01,2025-26,1000,net budget,,synthetic,generated,S\n")
    report = _build(synthetic_data, tmp_path)
    assert set(rebuilt(report)) == everything
    assert rebuilt(report)["2029-30/force-02"] == ["budgets.csv changed"]

    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15")
    assert set(rebuilt(report)) == everything
    assert rebuilt(report)["2029-30/force-01"] == ["parameter meeting_date changed"]

    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15", panels=["force-02"])
    assert _statuses(report) == {"2029-30/force-02": "up to date", "2029-30/regional-overview": "up to date"}

    overview = nbformat.read(build.OVERVIEW_NOTEBOOK, as_version=4)
    overview.cells.append(nbformat.v4.new_markdown_cell("An extra note."))
    changed = tmp_path / "overview.ipynb"
    nbformat.write(overview, changed)
    monkeypatch.setattr(build, "OVERVIEW_NOTEBOOK", changed)
    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15")
    assert rebuilt(report) == {"2029-30/regional-overview": ["notebook changed"]}

    real_package = build.package_files()
    monkeypatch.setattr(build, "package_files", lambda: {**real_package, "paper/blocks.py": "edited"})
    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15")
    assert rebuilt(report)["2029-30/force-03"] == ["collab_analysis/paper/blocks.py changed"]

    real_libs = build.library_versions()
    monkeypatch.setattr(build, "library_versions", lambda: {**real_libs, "matplotlib": "9.9.9"})
    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15")
    assert rebuilt(report)["2029-30/force-01"] == [f"matplotlib {real_libs['matplotlib']} -> 9.9.9"]

    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15", rebuild=True)
    assert set(rebuilt(report)) == everything


LEAK_CHECK = """
import matplotlib, pandas as pd
import collab_analysis as ca
assert "leaked" not in globals(), "a variable leaked from another paper"
assert matplotlib.rcParams["lines.linewidth"] != 9, "a matplotlib setting leaked"
assert pd.get_option("display.max_rows") != 3, "a pandas option leaked"
assert not hasattr(ca, "_leaked"), "a change to the package leaked"
leaked = force_id
matplotlib.rcParams["lines.linewidth"] = 9
pd.set_option("display.max_rows", 3)
ca._leaked = True
print("clean", force_id)
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_papers_state_never_reaches_another(synthetic_data, tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(build, "PANEL_NOTEBOOK", _notebook_with(tmp_path, LEAK_CHECK))
    report = _build(synthetic_data, tmp_path, jobs=jobs)
    assert set(_statuses(report).values()) == {"built"}
    for force in ("force-01", "force-02", "force-03"):
        kept = nbformat.read(tmp_path / "build" / "2029-30" / f"{force}.ipynb", as_version=4)
        assert kept.cells[-1].outputs[0].text == f"clean {force}\n"


def test_a_parallel_build_of_eight_papers_succeeds_every_time(tmp_path):
    from collab_analysis.data.synthetic import write_synthetic

    data = write_synthetic(tmp_path / "data", forces=7, years=2)
    for attempt in range(3):
        report = _build(data, tmp_path, jobs=4, rebuild=True)
        assert len(report.results) == 8
        assert set(_statuses(report).values()) == {"built"}, attempt


# ------------------------------------------------------------------ failures never lose a paper

def test_a_failing_paper_is_named_with_its_cell_and_the_old_paper_kept(synthetic_data, tmp_path, monkeypatch):
    _build(synthetic_data, tmp_path)
    old = (tmp_path / "reports" / "2029-30" / "force-02.html").read_bytes()
    failing = _notebook_with(tmp_path, 'if force_id == "force-02":\n    raise RuntimeError("figure missing")')
    monkeypatch.setattr(build, "PANEL_NOTEBOOK", failing)
    with pytest.raises(BuildError) as info:
        _build(synthetic_data, tmp_path)
    (failure,) = info.value.failures
    assert failure.paper == "2029-30/force-02" and failure.cell_index == 2
    assert failure.ename == "RuntimeError" and failure.evalue == "figure missing"
    kept = tmp_path / "build" / "failed" / "2029-30" / "force-02.ipynb"
    assert failure.kept_notebook == str(kept)
    marked = nbformat.read(kept, as_version=4)
    assert "papermill-error-cell-tag" in marked.cells[0].metadata.get("tags", [])
    assert (tmp_path / "reports" / "2029-30" / "force-02.html").read_bytes() == old
    index = (tmp_path / "reports" / "index.html").read_text()
    assert 'href="2029-30/force-02.html"' in index  # the old paper still exists, so it is still listed

    result = CliRunner().invoke(main, ["build", "--data", str(synthetic_data), "--out", str(tmp_path / "reports"),
                                       "--build-dir", str(tmp_path / "build")])
    assert result.exit_code == 1
    assert "2029-30/force-02: failed at cell 2: RuntimeError: figure missing" in result.output


def _start_build(data, tmp_path, *extra):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(CLI + ["build", "--data", str(data), "--out", str(tmp_path / "reports"),
                                   "--build-dir", str(tmp_path / "build"), "--jobs", "2", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
                            # a shell's background jobs ignore Ctrl-C; a person's terminal does not
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for_staged_paper(tmp_path, process, timeout=120):
    staging = tmp_path / "reports" / build.STAGING
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the build finished before it could be stopped: " + process.stderr.read().decode())
        if staging.exists() and list(staging.rglob("*.html")):
            return
        time.sleep(0.05)
    pytest.fail("no paper was staged in time")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_a_build_killed_part_way_leaves_the_old_papers_intact(tmp_path, how):
    from collab_analysis.data.synthetic import write_synthetic

    data = write_synthetic(tmp_path / "data", forces=7, years=2)
    _build(data, tmp_path)
    before = _snapshot(tmp_path / "reports")
    process = _start_build(data, tmp_path, "--rebuild", "--date", "2031-01-01")
    _wait_for_staged_paper(tmp_path, process)
    process.send_signal(how)
    process.wait(timeout=60)
    if how == signal.SIGINT:
        assert process.returncode == 130, process.stdout.read().decode() + process.stderr.read().decode()
        assert b"Interrupted" in process.stderr.read()
    time.sleep(0.5)  # children die with the parent
    after = {k: v for k, v in _snapshot(tmp_path / "reports").items() if not k.startswith(build.STAGING)}
    assert after == before
    report = _build(data, tmp_path, meeting_date="2031-01-01")
    assert set(_statuses(report).values()) == {"built"}
    assert not (tmp_path / "reports" / build.STAGING).exists()


# ------------------------------------------------------------------ reproducible papers

def test_two_builds_in_different_folders_are_byte_identical(synthetic_data, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    build.build_papers(data_dir=synthetic_data, out_dir=first / "reports", build_dir=first / "build")
    build.build_papers(data_dir=synthetic_data, out_dir=second / "reports", build_dir=second / "build", jobs=1)
    a, b = _snapshot(first / "reports"), _snapshot(second / "reports")
    assert a.keys() == b.keys() and a == b
    notebooks_a = {k: v for k, v in _snapshot(first / "build").items() if k.endswith(".ipynb")}
    notebooks_b = {k: v for k, v in _snapshot(second / "build").items() if k.endswith(".ipynb")}
    assert notebooks_a and notebooks_a == notebooks_b
    forbidden = [str(tmp_path), str(paths.PROJ_ROOT), os.path.expanduser("~") + "/", sys.prefix]
    if len(socket.gethostname()) >= 6:  # a short host name could occur in any text by chance
        forbidden.append(socket.gethostname())
    for name, content in {**a, **notebooks_a}.items():
        text = content.decode("utf-8")
        for word in forbidden:
            assert word not in text, f"{name} contains {word!r}"
