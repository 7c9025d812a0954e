"""Build the papers: one call that checks, plans, runs, prints, publishes and indexes, in that order.

``build_papers()``:

1. parses the request (:mod:`.plan`): a bad year, date, folder or SOURCE_DATE_EPOCH stops here;
2. takes the output folder's lock (:mod:`.lock`): one build per output folder;
3. if the data, notebooks, package, libraries, editions and request are byte for byte those of the
   last build and its files are untouched, stops: nothing to do, and pandas was never imported
   (:mod:`.cache`, level 1);
4. loads the tables, checking again only the tables whose files changed (a data error names file,
   row and column and stops here), plans the cycle's papers, refuses a file where a year folder
   must go, leaves alone the papers whose reads of the tables are unchanged (:mod:`.papers`) and
   works out the others' facts: a paper is rebuilt only when its digest, notebook, meeting,
   package, libraries or editions changed;
5. runs those papers in forked children (:mod:`.workers`), printing each line as it finishes, and
   prints their PDFs (:mod:`.pdf`), all into a staging folder outside the output folder;
6. publishes every staged file at once (:mod:`.outputs`: all or nothing), then the index
   (:mod:`.index`), the manifest and the cache records.

A build that fails or is killed at any point leaves every earlier paper as it was.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import shutil
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import BuildError, OutputError
from . import lock, papers, plan as planning
from .cache import Cache, LastBuild, build_key, why_rebuild
from .files import combined_hash, data_files, describe_os_error, sha256_or_none, shown
from .outputs import Manifest, check_targets, clear_leftovers, publish
from .workers import PaperResult, Task

log = logging.getLogger(__name__)

STAGING = ".staging"


def _notebooks() -> list[Path]:
    return [planning.PANEL_NOTEBOOK, planning.OVERVIEW_NOTEBOOK]


@dataclass(frozen=True)
class Recorded:
    """A paper as the last build recorded it (the no-change path has no tables, so no Job)."""

    paper_id: str
    output: Path
    pdf: Path | None = None


@dataclass
class BuildReport:
    results: list[PaperResult]
    index: Path | None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    editions: list = field(default_factory=list)

    @property
    def outputs(self) -> list[Path]:
        return [r.job.output for r in self.results if r.status != "failed"]

    @property
    def failures(self):
        return [r.failure for r in self.results if r.failure is not None]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def build_papers(data_dir=None, out_dir=None, year: str | None = None, panels: list[str] | None = None,
                 jobs: int | None = None, rebuild: bool = False, meeting_date: str | None = None, build_dir=None,
                 editions_dir=None, pdf: bool = True, issue: bool = False, corrects: str | None = None,
                 on_result: Callable[[PaperResult], None] | None = None, on_plan: Callable[[list], None] | None = None,
                 on_note: Callable[[str], None] | None = None) -> BuildReport:
    """Build every paper of the cycle that is out of date, their PDFs, and the index.

    With ``issue=True`` (``collab-analysis issue``), also record every paper built as an edition
    (see :mod:`collab_analysis.editions`); ``corrects`` says what a reissue corrects.

    Raises
    ------
    ParameterError, DataError, LockedError, EditionError
        Before anything is written.
    OutputError
        A file could not be written; the message says what was published and what was not.
    BuildError
        After the index is written, when any paper failed (each failure names its paper and cell).
    """
    started = time.perf_counter()
    req = planning.request(data_dir, out_dir, year, panels, meeting_date, build_dir, editions_dir, pdf)
    notes: list[str] = []

    def note(text: str) -> None:
        notes.append(text)
        if on_note:
            on_note(text)

    from . import pdf as printing

    browser = printing.browser() if req.pdf else None
    cache = Cache(req.build_dir, req.out_dir)
    with ExitStack() as stack:
        locked = req.out_dir.is_dir()
        if locked:
            stack.enter_context(lock.hold(req.out_dir))
        key = build_key(req.key(), req.data_dir, _notebooks(), req.editions_dir, browser)
        last = None if (rebuild or issue) else cache.last_build()
        if last is not None and last.key == key and cache.unchanged(last):
            results = [PaperResult(Recorded(p["paper_id"], Path(p["output"])), "up to date") for p in last.papers]
            if on_plan:
                on_plan([r.job for r in results])
            for result in results:
                on_result and on_result(result)
            for text in last.notes:
                note(text)
            index = req.out_dir / "index.html"
            return BuildReport(results, index if str(index) in last.outputs else None, time.perf_counter() - started,
                               notes)

        from ..data import load  # validates: a DataError names file, row, column and the fix

        # --rebuild starts from the files themselves: no typed cache, no kept validation
        tables = load(req.data_dir, processed=False if rebuild else None,
                      memo=None if rebuild else req.build_dir / "tables")
        the_plan = planning.plan(req, tables)
        check_targets(req.out_dir, [t for j in the_plan.jobs for t in (j.output, j.pdf)]
                      + [req.out_dir / "index.html"])
        inputs = papers.inputs_of(req, the_plan)
        known = {} if (rebuild or issue) else papers.unchanged_papers(tables, the_plan, cache, inputs)
        facts, unfit = papers.work_out(tables, [j for j in the_plan.jobs if j.paper_id not in known], req, jobs)
        issued = None
        if issue and not unfit:  # a cycle is issued whole or not at all
            issued = _issue(the_plan, facts, req, corrects)
            inputs = papers.inputs_of(req, the_plan)  # the register now holds the editions just issued
        try:
            report = _build(req, the_plan, tables, facts, known, unfit, inputs, cache, key, browser, rebuild, jobs,
                            stack, locked, note, on_result, on_plan)
        except BaseException:
            if issued is not None:
                issued.undo()
                note("the editions just recorded were taken back, since the build did not finish")
            raise
        report.seconds, report.notes = time.perf_counter() - started, notes
        report.editions = issued.editions if issued else []
        if report.failures:
            if issued is not None:
                issued.undo()
                note("nothing was issued, since papers failed")
            raise BuildError(report.failures)
        return report


def _issue(the_plan, facts: dict, req, corrects):
    from ..editions import PaperToIssue, issue

    to_issue = [PaperToIssue(panel=j.panel, financial_year=j.financial_year, as_at=j.as_at,
                           title=facts[j.paper_id].title, facts_json=facts[j.paper_id].to_json(),
                           digest=facts[j.paper_id].digest()) for j in the_plan.jobs if j.paper_id in facts]
    return issue(req.editions_dir, to_issue, data_sha256=combined_hash(data_files(req.data_dir)), corrects=corrects)


def _build(req, the_plan, tables, facts, known, unfit, partial_inputs, cache: Cache, key: str, browser, rebuild, jobs,
           stack: ExitStack, locked: bool, note, on_result, on_plan) -> BuildReport:
    staging = req.build_dir / STAGING / cache.key
    tasks, results, inputs_by_id, titles, refreshed = [], [], {}, {}, []
    for job in the_plan.jobs:
        if job.paper_id in unfit:
            results.append(unfit[job.paper_id])
            titles[job.paper_id] = job.name
            continue
        if job.paper_id in known:
            titles[job.paper_id] = known[job.paper_id]["inputs"].get("title", job.name)
            results.append(PaperResult(job, "up to date", title=titles[job.paper_id]))
            continue
        paper = facts[job.paper_id]
        titles[job.paper_id] = paper.title
        digest = paper.digest()
        inputs = dataclasses.replace(partial_inputs[job.paper_id], digest=digest, title=paper.title)
        inputs_by_id[job.paper_id] = inputs
        reasons = ["--rebuild"] if rebuild else why_rebuild(cache.record(job.paper_id), inputs, job.output)
        if not reasons:
            refreshed.append(job)   # same facts from other rows: keep what it read now
        if reasons:
            stem = job.output.relative_to(req.out_dir)
            tasks.append(Task(job, paper.title, papers.run_record(job, tables, paper, digest), staging / stem,
                              staging / "notebooks" / stem.with_suffix(".ipynb"), tuple(reasons)))
        else:
            results.append(PaperResult(job, "up to date", title=paper.title))
    if on_plan:
        on_plan(the_plan.jobs)
    for result in results:
        on_result and on_result(result)

    if not locked:  # the output folder did not exist when the build started: make it, then lock it
        try:
            req.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(describe_os_error(exc, req.out_dir), path=req.out_dir) from exc
        stack.enter_context(lock.hold(req.out_dir))
    removed = clear_leftovers(req.out_dir)
    old_staging = req.out_dir / STAGING
    if old_staging.is_dir():
        shutil.rmtree(old_staging, ignore_errors=True)
        removed.append(old_staging)
    if removed:
        note(f"removed {len(removed)} temporary file(s) left in {shown(req.out_dir)} by a build that was stopped")
    shutil.rmtree(staging, ignore_errors=True)
    stack.callback(shutil.rmtree, staging, True)

    ran = []
    if tasks:
        from . import workers

        workers.warm_up(req.data_dir)
        ran = workers.run(tasks, jobs or os.cpu_count() or 1, on_result)
    results += ran
    built = {r.job.paper_id: r for r in ran if r.status == "built"}
    task_of = {t.job.paper_id: t for t in tasks}

    pdfs: dict[str, Path] = {}
    if req.pdf:
        pdfs = _print(req, the_plan, cache, built, task_of, staging, note, facts)

    pairs = [(task_of[i].staged_html, r.job.output) for i, r in built.items()]
    pairs += [(staged, next(j for j in the_plan.jobs if j.paper_id == i).pdf) for i, staged in pdfs.items()]
    publish(pairs)
    for paper_id in built:
        task = task_of[paper_id]
        task.job.executed.parent.mkdir(parents=True, exist_ok=True)
        os.replace(task.staged_notebook, task.job.executed)

    manifest = Manifest.read(req.out_dir)
    for job in the_plan.jobs:
        result = next(r for r in results if r.job.paper_id == job.paper_id)
        if result.status == "failed":
            cache.forget(job.paper_id)
            continue
        if job.paper_id in built or job in refreshed:
            paper = facts[job.paper_id]
            cache.store(job.paper_id, inputs_by_id[job.paper_id], job.output, job.pdf if req.pdf else None,
                        reads=paper.reads, status=paper.status)
        elif job.paper_id in pdfs:
            cache.store_pdf(job.paper_id, job.pdf)
        has_pdf = job.pdf.is_file() and (req.pdf or job.paper_id not in built)
        manifest.record(job, titles[job.paper_id], req.out_dir, has_pdf)
    index = _write_index(req, the_plan, manifest, note)

    order = {job.paper_id: i for i, job in enumerate(the_plan.jobs)}
    results.sort(key=lambda r: order[r.job.paper_id])
    failed = any(r.status == "failed" for r in results)
    if failed:
        cache.forget_last_build()
    else:
        outputs = {str(j.output): sha256_or_none(j.output) for j in the_plan.jobs}
        if req.pdf and browser:
            outputs.update({str(j.pdf): sha256_or_none(j.pdf) for j in the_plan.jobs})
        if index is not None:
            outputs[str(index)] = sha256_or_none(index)
        cache.store_last_build(LastBuild(key=key, outputs=outputs, notes=_repeatable(req, browser),
                                         papers=[{"paper_id": j.paper_id, "output": str(j.output)}
                                                 for j in the_plan.jobs]))
    return BuildReport(results=results, index=index, notes=[])


def _repeatable(req, browser) -> list[str]:
    return [_NO_BROWSER] if req.pdf and browser is None else []


_NO_BROWSER = ("PDFs not printed: no browser at /usr/bin/chromium (apt-get install chromium); "
               "the HTML papers were built (pass --no-pdf to skip PDFs)")


def _print(req, the_plan, cache: Cache, built: dict, task_of: dict, staging: Path, note, facts: dict) -> dict[str, Path]:
    """Print the PDFs that are missing or out of date into the staging folder, each page marked with
    the paper's status (draft, or the meeting it was issued for)."""
    from . import pdf as printing

    when_fixed = req.source_date
    wanted = []
    for job in the_plan.jobs:
        record = cache.record(job.paper_id) or {}
        if job.paper_id in built:
            html = task_of[job.paper_id].staged_html
        elif job.output.is_file() and (record.get("pdf_sha256") is None
                                       or record.get("pdf_sha256") != sha256_or_none(job.pdf)):
            html = job.output
        else:
            continue
        when = when_fixed or dt.datetime.combine(job.as_at, dt.time(), tzinfo=dt.timezone.utc)
        paper = facts.get(job.paper_id)
        mark = getattr(paper, "status", "") if paper is not None else record.get("status", "")
        wanted.append((job.paper_id, printing.PrintJob(html, staging / "pdf" / job.pdf.relative_to(req.out_dir), when,
                                                       mark)))
    if not wanted:
        return {}
    try:
        done = printing.print_pdfs([w for _, w in wanted])
    except printing.BrowserUnavailable as exc:
        note(f"PDFs not printed: {exc}; the HTML papers were built (pass --no-pdf to skip PDFs)")
        return {}
    except Exception as exc:  # a PDF is never worth losing the HTML papers for
        note(f"PDFs not printed: the browser failed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
             "the HTML papers were built (pass --no-pdf to skip PDFs)")
        return {}
    staged = {}
    for (paper_id, _), (job, error) in zip(wanted, done):
        if error:
            note(f"PDF not printed for {paper_id}: {error}")
            continue
        size = job.pdf.stat().st_size
        if size > printing.MAX_BYTES:
            note(f"{paper_id}.pdf is {size / 1e6:.1f} MB, over the agenda pack's {printing.MAX_BYTES / 1e6:.1f} MB")
        staged[paper_id] = job.pdf
    return staged


def _write_index(req, the_plan, manifest: Manifest, note) -> Path | None:
    from .index import entries_for, write_index

    path = req.out_dir / "index.html"
    if not manifest.index_is_ours(path):
        note(f"{shown(path)} was not written by collab-analysis, so it was left as it is; "
             "move it away to get the index of papers")
        manifest.write(req.out_dir)
        return None
    try:
        entries = entries_for(req.out_dir, manifest.papers, the_plan.panels, req.editions_dir)
        write_index(entries, path)
        manifest.index_sha256 = sha256_or_none(path)
        manifest.write(req.out_dir)
    except OutputError as exc:
        raise OutputError(f"the papers were published, but the index could not be written: {exc}",
                          path=exc.path) from exc
    return path
