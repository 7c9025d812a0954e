"""Does one command build the cycle's papers, only when what they say changed, in parallel, isolated,
atomic and reproducible, and say what went wrong in words?"""
from __future__ import annotations

import csv
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from collab_analysis import paths
from collab_analysis.cli import main
from collab_analysis.errors import BuildError, ParameterError
from collab_analysis.publish import build, cache, papers, plan, workers

from publish_helpers import cli_process, fixture_notebooks  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fixture_notebooks")]
EVERY_PAPER = {"2029-30/force-01", "2029-30/force-02", "2029-30/force-03", "2029-30/regional-overview"}


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the build's own state (its lock names the last holder)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".collab-analysis" not in p.parts}


def _build(data, tmp_path, **kwargs):
    kwargs.setdefault("pdf", False)
    kwargs.setdefault("editions_dir", tmp_path / "editions")
    return build.build_papers(data_dir=data, out_dir=tmp_path / "reports", build_dir=tmp_path / "build", **kwargs)


def _cli(data, tmp_path, *extra, **kwargs):
    return CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(tmp_path / "reports"),
                                     "--build-dir", str(tmp_path / "build"), "--editions", str(tmp_path / "editions"),
                                     "--no-pdf", *extra], **kwargs)


def _statuses(report) -> dict[str, str]:
    return {r.job.paper_id: r.status for r in report.results}


def _rebuilt(report) -> dict[str, list[str]]:
    return {r.job.paper_id: r.reasons for r in report.results if r.status == "built"}


def _notebook_with(tmp_path: Path, source: str) -> Path:
    """A panel notebook with the real parameters cell and one code cell of our own."""
    nb = nbformat.read(plan.PANEL_NOTEBOOK, as_version=4)  # the fixture's parameters cell
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    nb.cells = [params, nbformat.v4.new_code_cell(source)]
    path = tmp_path / "custom.ipynb"
    nbformat.write(nb, path)
    return path


def _set_amount(data: Path, force: str, year: str, collab: str, amount: int) -> None:
    """Correct one contribution, and the source's words that state it."""
    path = data / "budgets.csv"
    rows = list(csv.reader(path.open()))
    header = rows[0]
    for row in rows[1:]:
        if row[:3] == [collab, force, year]:
            row[header.index("amount_gbp")] = str(amount)
            row[header.index("excerpt")] = row[header.index("excerpt")].split("£")[0] + f"£{amount:,}"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)


# ------------------------------------------------------------------ parameters are checked first

def test_plan_prints_json_lines_and_runs_nothing(synthetic_data, tmp_path):
    """Does --plan print one JSON line per paper of the cycle, with the notebook's parameters, and write nothing?"""
    result = _cli(synthetic_data, tmp_path, "--plan")
    assert result.exit_code == 0, result.output
    jobs = [json.loads(line) for line in result.output.splitlines()]
    assert [Path(j["output"]).name for j in jobs] == ["force-01.html", "force-02.html", "force-03.html",
                                                      "regional-overview.html"]
    assert all(set(j) == {"notebook", "parameters", "output", "pdf"} for j in jobs)
    # the cycle is the meetings table's year; force-01's panel meets on 22 July 2029, the others have no date
    assert jobs[0]["parameters"] == {"force_id": "force-01", "financial_year": "2029-30",
                                     "meeting_date": "2029-07-22", "data_dir": jobs[0]["parameters"]["data_dir"],
                                     "editions_dir": jobs[0]["parameters"]["editions_dir"]}
    assert [j["parameters"]["meeting_date"] for j in jobs[1:]] == ["2030-03-31"] * 3
    assert {j["parameters"]["financial_year"] for j in jobs} == {"2029-30"}
    assert jobs[0]["notebook"].endswith("panel.ipynb")
    assert not (tmp_path / "reports").exists()


def test_unknown_panel_is_rejected_before_any_notebook_runs(synthetic_data, tmp_path, monkeypatch):
    """Is a mistyped panel refused with a suggestion and the valid choices, before anything runs?"""
    monkeypatch.setattr(workers, "run", lambda *a, **k: pytest.fail("a notebook ran"))
    result = _cli(synthetic_data, tmp_path, "--panel", "force-1")
    assert result.exit_code == 1
    assert "unknown panel 'force-1'; did you mean 'force-01'?" in result.output
    assert "Valid choices: force-01, force-02, force-03" in result.output
    assert not (tmp_path / "reports").exists()


def test_year_without_data_is_rejected_with_the_valid_years(synthetic_data, tmp_path):
    """Is a year with no figures refused with the years that have some, and a non-year with the form to use?"""
    # the synthetic set's oldest source is dated 2026 (read as 1 January 2026, in 2025-26) and its newest
    # 1 July 2029 (2029-30): those years, and no others, can be built
    with pytest.raises(ParameterError, match=r"no data for the year '2031-32'.* Years with data: 2025-26, 2026-27, "
                                             r"2027-28, 2028-29, 2029-30\."):
        _build(synthetic_data, tmp_path, year="2031/32")
    with pytest.raises(ParameterError, match=r"is not one financial year .*; write 2029-30 for the year starting"):
        _build(synthetic_data, tmp_path, year="2029-31")


def test_bad_data_stops_the_build_and_touches_nothing(synthetic_data, tmp_path):
    """Does a wrong cell stop the build with its file, row and column, leaving the papers as they were?"""
    _build(synthetic_data, tmp_path)
    before = _snapshot(tmp_path / "reports")
    budgets = synthetic_data / "budgets.csv"
    lines = budgets.read_text().splitlines()
    fields = lines[3].split(",")
    fields[3] = "£6.3525555m"
    lines[3] = ",".join(fields)
    budgets.write_text("\n".join(lines) + "\n")
    result = _cli(synthetic_data, tmp_path)
    assert result.exit_code == 1
    assert "budgets.csv, row 4, column amount_gbp" in result.output and "£6.3525555m" in result.output
    assert "Traceback" not in result.output
    assert _snapshot(tmp_path / "reports") == before


# ------------------------------------------------------------------ building and the cache

def test_build_writes_papers_index_and_kept_notebooks_then_is_up_to_date(synthetic_data, tmp_path):
    """Does a build write every paper, the index and the executed notebooks, and a second build nothing?"""
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
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".collab-analysis"]
    assert not list(out.rglob(".*.tmp-*")) and not (out / build.STAGING).exists()

    again = _build(synthetic_data, tmp_path)
    assert set(_statuses(again).values()) == {"up to date"}


def test_correcting_one_figure_rebuilds_only_the_papers_that_show_it(synthetic_data, tmp_path):
    """Does a corrected figure rebuild its force's paper and the overview only, saying which figure, with the
    other papers' bytes untouched?"""
    _build(synthetic_data, tmp_path)
    before = _snapshot(tmp_path / "reports")
    _set_amount(synthetic_data, "force-02", "2029-30", "syn-crime", 1_234_000)
    report = _build(synthetic_data, tmp_path)
    rebuilt = _rebuilt(report)
    assert set(rebuilt) == {"2029-30/force-02", "2029-30/regional-overview"}
    assert "contribution SSOU 2029-30 changed" in rebuilt["2029-30/force-02"]  # the digest's own label
    after = _snapshot(tmp_path / "reports")
    for name in ("2029-30/force-01.html", "2029-30/force-03.html"):
        assert after[name] == before[name]


def test_papers_that_read_nothing_corrected_are_not_worked_out_again(synthetic_data, tmp_path, monkeypatch):
    """After force-02's figure is corrected, are force-01's and force-03's facts left unworked (they never read
    force-02's contributions), while a change to a table every paper reads whole works every paper out again?"""
    _build(synthetic_data, tmp_path, jobs=1)
    worked = []
    real = papers.paper_facts

    def counting(tables, force_id, *rest):
        worked.append(force_id or "overview")
        return real(tables, force_id, *rest)

    monkeypatch.setattr(papers, "paper_facts", counting)
    _set_amount(synthetic_data, "force-02", "2029-30", "syn-crime", 1_234_000)
    report = _build(synthetic_data, tmp_path, jobs=1)
    assert sorted(worked) == ["force-02", "overview"]
    assert set(_rebuilt(report)) == {"2029-30/force-02", "2029-30/regional-overview"}

    worked.clear()
    assert set(_statuses(_build(synthetic_data, tmp_path, jobs=1)).values()) == {"up to date"}
    assert worked == []                              # the no-change check: nothing loaded or worked out

    sources = synthetic_data / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace("Synthetic", "Made-up", 1), encoding="utf-8")
    worked.clear()
    _build(synthetic_data, tmp_path, jobs=1)
    assert sorted(worked) == ["force-01", "force-02", "force-03", "overview"]

    worked.clear()
    _build(synthetic_data, tmp_path, jobs=1, rebuild=True)   # --rebuild trusts no record
    assert len(worked) == 4


def test_each_kind_of_change_rebuilds_the_right_papers_only(synthetic_data, tmp_path, monkeypatch):
    """Is each input (the date, the panel chosen, a notebook, the package, a library) followed to the papers
    it changes, with the reason in words?"""
    _build(synthetic_data, tmp_path)
    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15")
    assert set(_rebuilt(report)) == EVERY_PAPER
    assert "parameter meeting_date changed" in _rebuilt(report)["2029-30/force-01"]

    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15", panels=["force-02"])
    assert _statuses(report) == {"2029-30/force-02": "up to date", "2029-30/regional-overview": "up to date"}

    overview = nbformat.read(plan.OVERVIEW_NOTEBOOK, as_version=4)
    overview.cells.append(nbformat.v4.new_markdown_cell("An extra note."))
    changed = tmp_path / "overview.ipynb"
    nbformat.write(overview, changed)
    monkeypatch.setattr(plan, "OVERVIEW_NOTEBOOK", changed)
    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15")
    assert _rebuilt(report) == {"2029-30/regional-overview": ["notebook changed"]}

    real_package = cache.package_files()
    for module in (papers, cache):
        monkeypatch.setattr(module, "package_files", lambda: {**real_package, "paper/blocks.py": "edited"})
    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15")
    assert _rebuilt(report)["2029-30/force-03"] == ["collab_analysis code or templates changed"]

    real_libs = cache.library_versions()
    for module in (papers, cache):
        monkeypatch.setattr(module, "library_versions", lambda: {**real_libs, "matplotlib": "9.9.9"})
    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15")
    assert _rebuilt(report)["2029-30/force-01"] == [f"matplotlib {real_libs['matplotlib']} -> 9.9.9"]

    report = _build(synthetic_data, tmp_path, meeting_date="2030-01-15", rebuild=True)
    assert set(_rebuilt(report)) == EVERY_PAPER


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
    """Does nothing one paper sets (a variable, a setting, the package) reach the next paper?"""
    monkeypatch.setattr(plan, "PANEL_NOTEBOOK", _notebook_with(tmp_path, LEAK_CHECK))
    report = _build(synthetic_data, tmp_path, jobs=jobs)
    assert set(_statuses(report).values()) == {"built"}
    for force in ("force-01", "force-02", "force-03"):
        kept = nbformat.read(tmp_path / "build" / "2029-30" / f"{force}.ipynb", as_version=4)
        assert kept.cells[-1].outputs[0].text == f"clean {force}\n"


def test_a_parallel_build_of_eight_papers_succeeds_every_time(tmp_path):
    """Do eight papers built four at a time succeed on every attempt (no port or file collisions)?"""
    from collab_analysis.data.synthetic import write_synthetic

    data = write_synthetic(tmp_path / "data", forces=7, years=2)
    for attempt in range(3):
        report = _build(data, tmp_path, jobs=4, rebuild=True)
        assert len(report.results) == 8
        assert set(_statuses(report).values()) == {"built"}, attempt


# ------------------------------------------------------------------ failures never lose a paper

def test_a_failing_paper_is_named_with_its_cell_and_the_old_paper_kept(synthetic_data, tmp_path, monkeypatch):
    """Is a failing paper named with its cell and error, its working kept, its old paper kept and listed?"""
    _build(synthetic_data, tmp_path)
    old = (tmp_path / "reports" / "2029-30" / "force-02.html").read_bytes()
    failing = _notebook_with(tmp_path, 'if force_id == "force-02":\n    raise RuntimeError("figure missing")')
    monkeypatch.setattr(plan, "PANEL_NOTEBOOK", failing)
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

    result = _cli(synthetic_data, tmp_path)
    assert result.exit_code == 1
    assert "FAILED      2029-30/force-02: failed at cell 2: RuntimeError: figure missing" in result.output
    assert "1 paper(s) failed" in result.output and "Traceback" not in result.output


def test_an_export_failure_is_reported_as_an_export_failure(synthetic_data, tmp_path, monkeypatch):
    """When the notebook runs but the paper cannot be exported, does the message say so (not 'before any cell')?"""
    source = 'from IPython.display import display\ndisplay({"image/png": "iVBORw0KGgo="}, raw=True)'
    custom = _notebook_with(tmp_path, source)
    monkeypatch.setattr(plan, "PANEL_NOTEBOOK", custom)
    result = _cli(synthetic_data, tmp_path, "--panel", "force-01")
    assert result.exit_code == 1
    assert "2029-30/force-01: export failed: ExportError: an image output has no alt text" in result.output
    assert "before any cell ran" not in result.output


def _start_build(data, tmp_path, *extra, build_dir="build"):
    return cli_process("build", "--data", str(data), "--out", str(tmp_path / "reports"), "--no-pdf",
                       "--build-dir", str(tmp_path / build_dir), "--editions", str(tmp_path / "editions"),
                       "--jobs", "2", *extra, cwd=tmp_path)


def _wait_for_staged_paper(tmp_path, process, build_dir="build", timeout=120):
    staging = tmp_path / build_dir / build.STAGING
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
    """Does a build killed part way leave every old paper as it was, and nothing of its own in --out?"""
    from collab_analysis.data.synthetic import write_synthetic

    data = write_synthetic(tmp_path / "data", forces=7, years=2)
    _build(data, tmp_path)
    before = _snapshot(tmp_path / "reports")
    process = _start_build(data, tmp_path, "--rebuild", "--date", "2030-01-01")
    _wait_for_staged_paper(tmp_path, process)
    process.send_signal(how)
    process.wait(timeout=60)
    if how == signal.SIGINT:
        assert process.returncode == 130, process.stdout.read().decode() + process.stderr.read().decode()
        assert b"Interrupted" in process.stderr.read()
    time.sleep(0.5)  # children die with the parent
    assert _snapshot(tmp_path / "reports") == before
    assert not (tmp_path / "reports" / ".staging").exists() and not list((tmp_path / "reports").rglob(".*.tmp-*"))
    report = _build(data, tmp_path, meeting_date="2030-01-01")
    assert set(_statuses(report).values()) == {"built"}


def test_each_papers_line_is_printed_as_it_finishes(tmp_path):
    """Does the build print each paper's line as that paper finishes (so CI logs show progress), not all at the end?"""
    from collab_analysis.data.synthetic import write_synthetic

    data = write_synthetic(tmp_path / "data", forces=5, years=2)
    process = _start_build(data, tmp_path, "--jobs", "1")
    arrivals = []   # (when the line came, the seconds the line says its paper took)
    for line in process.stdout:
        if line.startswith(b"built "):
            arrivals.append((time.monotonic(), float(line.split()[-2])))
    process.wait(timeout=300)
    assert len(arrivals) == 6
    # one paper at a time: the last five lines come as their papers finish, so no faster than those papers ran
    later = sum(seconds for _, seconds in arrivals[1:])
    assert later > 0
    assert arrivals[-1][0] - arrivals[0][0] > later / 2, "the papers' lines all came at once, when the build had finished"


# ------------------------------------------------------------------ reproducible papers

def test_two_builds_in_different_folders_are_byte_identical(synthetic_data, tmp_path):
    """Do the same data give byte-identical papers and notebooks in any folder, with no path or host in them?"""
    first, second = tmp_path / "one", tmp_path / "two"
    for root, jobs in ((first, None), (second, 1)):
        build.build_papers(data_dir=synthetic_data, out_dir=root / "reports", build_dir=root / "build", jobs=jobs,
                           editions_dir=tmp_path / "editions", pdf=False)
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


def test_the_run_record_names_the_data_used_and_the_facts_digest(synthetic_data, tmp_path):
    """Does a paper's run record name the data files it used and its facts' hash, not every file's hash?"""
    _build(synthetic_data, tmp_path, panels=["force-01"])
    footer = (tmp_path / "reports" / "2029-30" / "force-01.html").read_text().split('id="run-record"')[1]
    assert "budgets.csv" in footer and "Facts digest" in footer
    from collab_analysis.publish.files import sha256_file

    assert sha256_file(synthetic_data / "budgets.csv") not in footer


def test_a_paper_whose_facts_fail_is_named_and_the_others_build(synthetic_data, tmp_path, monkeypatch):
    """If working out one paper's facts fails unexpectedly, is that paper named (no traceback) and the rest built?"""
    real = papers.paper_facts

    def broken(tables, force_id, *args, **kwargs):
        if force_id == "force-02":
            raise KeyError("coverage")
        return real(tables, force_id, *args, **kwargs)

    monkeypatch.setattr(papers, "paper_facts", broken)
    result = _cli(synthetic_data, tmp_path)
    assert result.exit_code == 1
    assert "FAILED      2029-30/force-02: its facts could not be worked out: KeyError: 'coverage'" in result.output
    assert "built       2029-30/force-01" in result.output and "Traceback" not in result.output
