"""Plan, check, run and cache the papers: one command for every panel's paper.

``build_papers()`` validates the data and checks every parameter before any notebook runs, works
out which papers are out of date (see :mod:`collab_analysis.publish.cache`), runs those through papermill
with the warm engine (:mod:`collab_analysis.publish.engine`) in forked child processes, ``jobs`` at a
time, exports each with our nbconvert template, and writes ``reports/index.html`` last.

Every file is written to a temporary name and renamed into place, so a build that fails or is
killed leaves every earlier paper as it was.
"""
from __future__ import annotations

import ctypes
import difflib
import fcntl
import json
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import __version__, paths
from .cache import Cache, Inputs, combined_hash, data_files, library_versions, package_files, sha256_file, \
    why_rebuild, write_atomic
from ..errors import BuildError, CollabAnalysisError, PaperFailure, ParameterError

log = logging.getLogger(__name__)

PANEL_NOTEBOOK = paths.NOTEBOOKS / "panel_paper.ipynb"
OVERVIEW_NOTEBOOK = paths.NOTEBOOKS / "regional_overview.ipynb"
OVERVIEW_ID = "regional-overview"
OVERVIEW_REGION = "east-midlands"
_FY = re.compile(r"^\d{4}-\d{2}$")
STAGING = ".staging"


@dataclass(frozen=True)
class Job:
    """One paper to build: a notebook, its parameters and where its outputs go."""

    paper_id: str          # "2019-20/leicestershire"
    notebook: Path
    parameters: dict
    output: Path           # reports/<year>/<id>.html
    executed: Path         # build/<year>/<id>.ipynb
    failed: Path           # build/failed/<year>/<id>.ipynb
    title: str

    @property
    def staged_output(self) -> Path:
        """Where the child writes the HTML; published only when the whole build has run."""
        return self.output.parent.parent / STAGING / self.output.parent.name / self.output.name

    @property
    def staged_executed(self) -> Path:
        return self.executed.parent.parent / STAGING / self.executed.parent.name / self.executed.name

    def plan_line(self) -> str:
        return json.dumps({"notebook": paths.display_path(self.notebook), "parameters": self.parameters,
                           "output": str(self.output)}, sort_keys=True)


@dataclass
class PaperResult:
    job: Job
    status: str                      # "built", "up to date", "failed"
    reasons: list[str] = field(default_factory=list)
    failure: PaperFailure | None = None
    seconds: float = 0.0


@dataclass
class BuildReport:
    results: list[PaperResult]
    index: Path | None
    seconds: float = 0.0

    @property
    def outputs(self) -> list[Path]:
        return [r.job.output for r in self.results if r.status != "failed"]

    @property
    def failures(self) -> list[PaperFailure]:
        return [r.failure for r in self.results if r.failure is not None]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


# --------------------------------------------------------------------------------------------
# What the data offer: panels and years (cached by the data's content, so a no-change build
# never loads pandas)

def _summarise(tables) -> dict:
    """Panels, their default years and the years with data, from validated tables."""
    years_by_force: dict[str, set] = {}
    all_years: set[str] = set()
    for frame in (tables.budgets, tables.budget_totals):
        for force, year in zip(frame["force_id"].astype(str), frame["financial_year"].astype(str)):
            years_by_force.setdefault(force, set()).add(year)
            all_years.add(year)
    forces = tables.forces
    region_of = dict(zip(forces["force_id"].astype(str), forces["region"].astype(str)))
    years_by_region: dict[str, set] = {}
    for force, years in years_by_force.items():
        years_by_region.setdefault(region_of.get(force, ""), set()).update(years)
    panels = []
    for row in forces.itertuples(index=False):
        panel_name = "" if _blank(row.panel_name) else str(row.panel_name)
        if not panel_name:
            continue
        force = str(row.force_id)
        own = years_by_force.get(force) or years_by_region.get(str(row.region)) or all_years
        panels.append({"force_id": force, "name": str(row.name), "panel_name": panel_name,
                       "region": str(row.region), "latest_year": max(own) if own else None})
    return {"panels": panels, "years": sorted(all_years), "dates": _paper_dates(tables)}


def _paper_dates(tables) -> dict:
    """For each force and year with figures, the date of the newest source of those figures.

    A paper without ``--date`` is dated by its own evidence (Leicestershire 2019-20: the PCC's
    report of 22 July 2019), so the same data always give the same paper.
    """
    sources = tables.sources
    source_date = {str(s): d for s, d, p in zip(sources["source_id"], sources["date"], sources["date_precision"])
                   if not _blank(d) and str(p) == "day"}  # a paper's date is a day, never a guessed one
    dates: dict[str, dict[str, str]] = {}
    for frame in (tables.budgets, tables.budget_totals):
        for force, year, source in zip(frame["force_id"].astype(str), frame["financial_year"].astype(str),
                                       frame["source_id"].astype(str)):
            if source not in source_date:
                continue
            text = source_date[source].strftime("%Y-%m-%d")
            for key in (force, "*"):
                slot = dates.setdefault(key, {})
                slot[year] = max(slot.get(year, text), text)
    return dates


def _blank(value) -> bool:
    try:
        import pandas as pd
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    return str(value).strip() == ""


def _did_you_mean(value: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(value.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not close:
        return None
    return next(c for c in choices if c.lower() == close[0])


# --------------------------------------------------------------------------------------------
# Planning

@dataclass
class Plan:
    jobs: list[Job]
    data_dir: Path
    data: dict[str, str]
    summary: dict


def plan(data_dir=None, out_dir=None, year: str | None = None, panels: list[str] | None = None,
         meeting_date: str | None = None, build_dir=None) -> Plan:
    """Work out the papers to build, after validating the data and checking every parameter.

    Raises
    ------
    DataError
        The data have errors (each names file, row, column and the fix).
    ParameterError
        An unknown panel or a year without data; the message lists the valid choices.
    """
    data_dir = paths.resolve(data_dir, paths.DATA_RAW)
    out_dir = paths.resolve(out_dir, paths.REPORTS)
    build_dir = paths.resolve(build_dir, paths.BUILD)
    if not data_dir.is_dir():
        raise ParameterError("data folder", str(data_dir), message=(
            f"data folder {data_dir} does not exist; pass --data with the folder holding the tables "
            f"(default {paths.display_path(paths.DATA_RAW)})"))
    data = data_files(data_dir)
    cache = Cache(build_dir, out_dir)
    key = combined_hash({"data": data, "package": package_files(), "libraries": library_versions()})
    summary = cache.data_summary(key)
    if summary is None:
        from ..data import load  # validates: raises DataError naming file, row and column
        summary = _summarise(load(data_dir))
        cache.store_data_summary(key, summary)

    if year is not None:
        year = _normalise_year(year)
        if year not in summary["years"]:
            guess = _did_you_mean(year, summary["years"])
            raise ParameterError("year", year, summary["years"], guess,
                                 message=f"no data for the year {year!r}"
                                         + (f"; did you mean {guess!r}?" if guess else ".")
                                         + f" Years with data: {', '.join(summary['years']) or 'none'}.")
    if meeting_date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meeting_date)):
        raise ParameterError("date", meeting_date, message=(
            f"the paper's date {meeting_date!r} is not a date; write it as YYYY-MM-DD, e.g. 2019-07-22"))
    available = {p["force_id"]: p for p in summary["panels"]}
    chosen = []
    for wanted in panels or list(available):
        force = _match_panel(wanted, summary["panels"])
        if force is None:
            raise ParameterError("panel", wanted, sorted(available), _did_you_mean(wanted, sorted(available)))
        if force not in chosen:
            chosen.append(force)

    fixed_date = meeting_date or _source_date_epoch()

    def date_for(force: str, fy: str) -> str:
        return (fixed_date or summary["dates"].get(force, {}).get(fy) or summary["dates"].get("*", {}).get(fy)
                or f"{int(fy[:4]) + 1}-03-31")  # no dated source: the end of the financial year
    data_param = _data_param(data_dir)
    jobs: list[Job] = []
    years_built = []
    for force in chosen:
        panel = available[force]
        fy = year or panel["latest_year"]
        if fy is None:
            raise ParameterError("year", None, summary["years"], message=(
                f"there is no year with data for {panel['name']}; pass --year"))
        years_built.append(fy)
        jobs.append(_job(f"{fy}/{force}", PANEL_NOTEBOOK, {"force_id": force, "financial_year": fy,
                                                           "meeting_date": date_for(force, fy),
                                                           "data_dir": data_param},
                         out_dir, build_dir, f"Cross-force collaboration: paper for the {panel['panel_name']}, {fy}"))
    for fy in sorted(set(years_built)):
        jobs.append(_job(f"{fy}/{OVERVIEW_ID}", OVERVIEW_NOTEBOOK,
                         {"financial_year": fy, "meeting_date": date_for("*", fy), "data_dir": data_param},
                         out_dir, build_dir, f"Cross-force collaboration in the East Midlands: regional overview, {fy}"))
    return Plan(jobs=jobs, data_dir=data_dir, data=data, summary=summary)


def _source_date_epoch() -> str | None:
    """The date reproducible-build tools ask for (SOURCE_DATE_EPOCH), if set."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).strftime("%Y-%m-%d")


def _normalise_year(text: str) -> str:
    text = str(text).strip()
    m = re.fullmatch(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})", text)
    if m:
        start, end = int(m.group(1)), m.group(2)
        end_full = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_full == start + 1:
            return f"{start}-{end_full % 100:02d}"
    raise ParameterError("year", text, message=(
        f"{text!r} is not a financial year; write it as 2019-20"))


def _match_panel(wanted: str, panels: list[dict]) -> str | None:
    needle = str(wanted).strip().lower()
    for panel in panels:
        if needle in (panel["force_id"].lower(), panel["name"].lower(), panel["panel_name"].lower()):
            return panel["force_id"]
    return None


def _data_param(data_dir: Path) -> str:
    """The data folder as the notebook is told it: relative to the project where possible."""
    try:
        return data_dir.resolve().relative_to(paths.PROJ_ROOT).as_posix()
    except ValueError:
        return os.path.relpath(data_dir.resolve(), paths.PROJ_ROOT)


def _job(paper_id: str, notebook: Path, parameters: dict, out_dir: Path, build_dir: Path, title: str) -> Job:
    year, name = paper_id.split("/")
    return Job(paper_id=paper_id, notebook=notebook, parameters=parameters,
               output=out_dir / year / f"{name}.html", executed=build_dir / year / f"{name}.ipynb",
               failed=build_dir / "failed" / year / f"{name}.ipynb", title=title)


# --------------------------------------------------------------------------------------------
# Running

def build_papers(data_dir=None, out_dir=None, year: str | None = None, panels: list[str] | None = None,
                 jobs: int | None = None, rebuild: bool = False, meeting_date: str | None = None,
                 build_dir=None, on_result: Callable[[PaperResult], None] | None = None,
                 on_plan: Callable[[list[Job]], None] | None = None) -> BuildReport:
    """Build every paper that is out of date, and the index.

    Returns the report; raises :class:`BuildError` after the index is written if any paper failed.
    """
    started = time.perf_counter()
    out_dir = paths.resolve(out_dir, paths.REPORTS)
    build_dir = paths.resolve(build_dir, paths.BUILD)
    the_plan = plan(data_dir, out_dir, year, panels, meeting_date, build_dir)
    cache = Cache(build_dir, out_dir)
    package, libraries = package_files(), library_versions()
    results: list[PaperResult] = []
    todo: list[tuple[Job, Inputs, list[str]]] = []
    for job in the_plan.jobs:
        inputs = Inputs(notebook=sha256_file(job.notebook), parameters=job.parameters, data=the_plan.data,
                        package=package, libraries=libraries)
        reasons = ["--rebuild"] if rebuild else why_rebuild(cache.record(job.paper_id), inputs, job.output)
        if reasons:
            todo.append((job, inputs, reasons))
        else:
            results.append(PaperResult(job, "up to date"))
    if on_plan:
        on_plan(the_plan.jobs)
    for result in results:
        if on_result:
            on_result(result)

    with _lock(build_dir):
        _clear_staging(out_dir, build_dir)  # left by a build that was killed
        try:
            if todo:
                inputs_by_id = {job.paper_id: inputs for job, inputs, _ in todo}
                ran = _run(todo, the_plan, jobs or os.cpu_count() or 1, on_result)
                # Publish only now that every paper has run: a build stopped before this point
                # leaves every earlier paper as it was.
                for result in ran:
                    results.append(result)
                    if result.status == "built":
                        result.job.executed.parent.mkdir(parents=True, exist_ok=True)
                        result.job.output.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(result.job.staged_executed, result.job.executed)
                        os.replace(result.job.staged_output, result.job.output)
                        cache.store(result.job.paper_id, inputs_by_id[result.job.paper_id], result.job.output)
                    else:
                        cache.forget(result.job.paper_id)
            index = _write_index(out_dir, cache, package)
        finally:
            _clear_staging(out_dir, build_dir)
    order = {job.paper_id: i for i, job in enumerate(the_plan.jobs)}
    results.sort(key=lambda r: order[r.job.paper_id])
    report = BuildReport(results=results, index=index, seconds=time.perf_counter() - started)
    if report.failures:
        raise BuildError(report.failures)
    return report


def _clear_staging(out_dir: Path, build_dir: Path) -> None:
    import shutil

    for folder in (out_dir / STAGING, build_dir / STAGING):
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _lock(build_dir: Path):
    """One build at a time per build folder: two would race on the same files."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CollabAnalysisError(
                f"another build is running with the build folder {build_dir}; wait for it to finish") from None
        yield


def _warm_up(data_dir: Path) -> None:
    """Import and prime what every paper needs, once, before the children are forked."""
    import matplotlib
    matplotlib.use("Agg")
    from .. import data, paper  # noqa: F401
    from . import export  # noqa: F401  (imported to be inherited warm)
    from . import engine  # noqa: F401
    import papermill  # noqa: F401
    data.load(data_dir)  # primes the loader's content-keyed cache; children inherit it


def _run(todo, the_plan: Plan, jobs: int, on_result) -> list[PaperResult]:
    _warm_up(the_plan.data_dir)
    context = multiprocessing.get_context("fork")
    pending = list(todo)
    running: dict = {}
    finished: list[PaperResult] = []
    # Ctrl-C and SIGTERM only set a flag that the loop checks: raised as an exception, an interrupt
    # arriving while a child is being forked is swallowed by Python's at-fork hooks and lost.
    stop: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, frame: stop.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while pending or running:
            if stop:
                raise KeyboardInterrupt
            while pending and len(running) < max(1, jobs):
                job, _inputs, reasons = pending.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(job, the_plan.data, sender), daemon=True)
                process.start()
                sender.close()
                running[receiver] = (process, job, reasons, time.perf_counter())
            ready = multiprocessing.connection.wait(list(running), timeout=0.2)
            for receiver in ready:
                process, job, reasons, t0 = running.pop(receiver)
                try:
                    message = receiver.recv()
                except EOFError:
                    message = {"status": "failed", "ename": "ProcessDied",
                               "evalue": f"the process building this paper ended with code {process.exitcode}"}
                process.join()
                receiver.close()
                result = _result(job, reasons, message, time.perf_counter() - t0)
                finished.append(result)
                if on_result:
                    on_result(result)
        if stop:
            raise KeyboardInterrupt
    except BaseException:
        for process, *_ in running.values():
            process.kill()
        for process, *_ in running.values():
            process.join()
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return finished


def _result(job: Job, reasons: list[str], message: dict, seconds: float) -> PaperResult:
    if message.get("status") == "built":
        return PaperResult(job, "built", reasons, seconds=seconds)
    failure = PaperFailure(paper=job.paper_id, cell_index=message.get("cell_index"), ename=message.get("ename", ""),
                           evalue=message.get("evalue", ""), kept_notebook=message.get("kept"))
    return PaperResult(job, "failed", reasons, failure=failure, seconds=seconds)


def _die_with_parent() -> None:
    """Ask Linux to kill this child if the build process dies, so no orphan writes a paper later."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _child(job: Job, data: dict, sender) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    logging.getLogger("papermill").setLevel(logging.ERROR)
    try:
        message = _execute(job, data)
    except BaseException as exc:  # report anything to the parent rather than dying silently
        message = {"status": "failed", "ename": type(exc).__name__, "evalue": str(exc)}
    sender.send(message)
    sender.close()


def _execute(job: Job, data: dict) -> dict:
    import nbformat
    import papermill

    from . import engine  # noqa: F401  (registers collab-warm; already imported when forked)
    from papermill.exceptions import PapermillExecutionError

    from .export import export_html

    tmp = job.staged_executed.with_name(f".{job.executed.stem}.tmp-{os.getpid()}.ipynb")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    try:
        try:
            nb = papermill.execute_notebook(str(job.notebook), str(tmp), parameters=job.parameters,
                                            engine_name="collab-warm", kernel_name="python3",
                                            progress_bar=False, request_save_on_cell_execute=False)
        except PapermillExecutionError as exc:
            failed_nb = nbformat.read(tmp, as_version=4)
            write_atomic(job.failed, nbformat.writes(scrub_notebook(failed_nb, job)))
            return {"status": "failed", "cell_index": _source_cell_index(failed_nb, exc.cell_index),
                    "ename": exc.ename, "evalue": _scrub_text(str(exc.evalue)),
                    "kept": _shown(job.failed)}
        nb = scrub_notebook(nb, job)
        write_atomic(job.staged_executed, nbformat.writes(nb))
        job.failed.unlink(missing_ok=True)
        job.staged_output.parent.mkdir(parents=True, exist_ok=True)
        export_html(nb, job.staged_output, title=job.title, meeting_date=job.parameters["meeting_date"],
                    run_record=run_record(job, data))
        return {"status": "built"}
    finally:
        tmp.unlink(missing_ok=True)


def _shown(path: Path) -> str:
    """A path for a message on the terminal: relative to the project where it lies inside it."""
    try:
        return path.resolve().relative_to(paths.PROJ_ROOT).as_posix()
    except ValueError:
        return str(path)


def _source_cell_index(nb, index: int) -> int:
    """The failing cell's number (1-based) in the source notebook, as a person counts cells in Jupyter.

    ``index`` counts the parameterised notebook's cells, which include papermill's injected
    parameters cell but not the error marker cells it adds afterwards.
    """
    cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    injected = sum(1 for c in cells[:index] if "injected-parameters" in c.metadata.get("tags", []))
    return index - injected + 1


def public_parameters(parameters: dict) -> dict:
    """The parameters as a paper may show them: a data folder outside the project by its name only.

    The data files' hashes in the run record say exactly which data were used; where they lay on
    the machine that built the paper is nobody's business and would make papers differ by machine.
    """
    shown = dict(parameters)
    if "data_dir" in shown:
        shown["data_dir"] = paths.display_path(paths.resolve(shown["data_dir"], paths.DATA_RAW))
    return shown


def run_record(job: Job, data: dict) -> dict:
    """What a reader needs to reproduce the paper: parameters, data file hashes and versions."""
    return {"notebook": paths.display_path(job.notebook), "parameters": public_parameters(job.parameters),
            "data_files": data,
            "package": f"collab-analysis {__version__}", "libraries": library_versions()}


_DYNAMIC_PAPERMILL_KEYS = ("start_time", "end_time", "duration")


def scrub_notebook(nb, job: Job):
    """Make a kept notebook reproducible: no timestamps, random ids or absolute paths."""
    meta = nb.metadata.get("papermill", {})
    for key in _DYNAMIC_PAPERMILL_KEYS:
        meta.pop(key, None)
    meta["input_path"] = paths.display_path(job.notebook)
    meta["output_path"] = paths.display_path(job.executed)
    shown = public_parameters(job.parameters)
    if shown != job.parameters:
        meta["parameters"] = shown
    for index, cell in enumerate(nb.cells):
        for key in _DYNAMIC_PAPERMILL_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
            if shown != job.parameters:
                cell.source = cell.source.replace(repr(job.parameters["data_dir"]), repr(shown["data_dir"])) \
                    .replace(f'"{job.parameters["data_dir"]}"', f'"{shown["data_dir"]}"')
        elif "papermill-error-cell-tag" in tags:
            cell["id"] = f"papermill-error-{index}"
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = _scrub_text(output["text"])
            if "traceback" in output:
                output["traceback"] = [_scrub_text(line) for line in output["traceback"]]
            if "evalue" in output:
                output["evalue"] = _scrub_text(output["evalue"])
    return nb


def _scrub_text(text: str) -> str:
    for path, label in ((str(paths.PROJ_ROOT), "."), (sys.prefix, "<python>"), (os.path.expanduser("~"), "~")):
        if path and path not in ("/", "."):
            text = text.replace(path, label)
    return text


# --------------------------------------------------------------------------------------------
# The index

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _write_index(out_dir: Path, cache: Cache | None = None, package: dict | None = None) -> Path:
    """List every paper that exists under ``out_dir`` (so the index matches what is there).

    Skipped when the papers listed and the code that draws the index are as they were: a build
    with nothing to do should not pay for importing nbconvert.
    """
    import html as html_lib

    entries = []
    for html in sorted(out_dir.glob("*/*.html")):
        if not _FY.match(html.parent.name):
            continue
        head = html.read_text(encoding="utf-8", errors="replace")[:4000]
        match = _TITLE.search(head)
        title = html_lib.unescape(match.group(1).strip()) if match else html.stem
        entries.append({"year": html.parent.name, "href": f"{html.parent.name}/{html.name}", "title": title,
                        "kind": "overview" if html.stem == OVERVIEW_ID else "panel", "id": html.stem})
    index = out_dir / "index.html"
    key = combined_hash({"entries": entries, "package": package or package_files()})
    record = cache.record("index") if cache else None
    if record and index.exists() and record.get("key") == key and record.get("output_sha256") == sha256_file(index):
        return index
    from .export import write_index

    write_index(entries, index, title="Cross-force police collaboration: panel papers")
    if cache:
        write_atomic(cache._path("index"), json.dumps({"key": key, "output_sha256": sha256_file(index)}))
    return index
