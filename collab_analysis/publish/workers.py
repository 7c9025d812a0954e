"""Run papers in forked child processes: papermill with the warm engine, then the HTML export.

The build process imports pandas, matplotlib, papermill, nbconvert and this package once
(:func:`warm_up`), then forks one child per paper, ``jobs`` at a time. Each child starts warm but
clean, writes its executed notebook and HTML into the staging folder (outside the output folder),
and reports back through a pipe; nothing is published here. Each result is handed to
``on_result`` as it arrives, so the command line can print the paper's line as it finishes.
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import ExportFailure, PaperFailure
from .files import shown, write_atomic
from .plan import public_parameters

log = logging.getLogger(__name__)

_DYNAMIC_PAPERMILL_KEYS = ("start_time", "end_time", "duration")


@dataclass(frozen=True)
class Task:
    """One paper for a child: the job, what the page shows around it, and where to stage its files."""

    job: object                     # plan.Job
    title: str
    run_record: dict
    staged_html: Path
    staged_notebook: Path
    reasons: tuple[str, ...] = ()


@dataclass
class PaperResult:
    job: object
    status: str                      # "built", "up to date", "failed"
    reasons: list[str] = field(default_factory=list)
    failure: PaperFailure | None = None
    seconds: float = 0.0
    title: str = ""


@dataclass(frozen=True)
class FactsSummary:
    """What the build keeps of a paper's facts: what ``PaperFacts`` offers, as plain data from a child."""

    title: str
    digest_: dict
    json: str
    tables_used: tuple | None = None
    status: str = ""                     # "Draft — not for circulation", or the meeting it was issued for
    paper: object = None                 # the facts themselves, for the notebooks forked after
    reads: list | None = None            # what it read of the tables (collab_analysis.data.reading)

    def digest(self) -> dict:
        return dict(self.digest_)

    def to_json(self) -> str:
        return self.json


_SHARED: dict = {}


def _summarise(index: int):
    compute, tables, args = _SHARED["compute"], _SHARED["tables"], _SHARED["args"][index]
    from ..errors import CollabAnalysisError

    from ..data.reading import Reading

    try:
        reading = Reading(tables)
        paper = compute(reading, *args)
        used = getattr(paper, "tables_used", None)
        status = getattr(getattr(paper, "front", None), "status", "")
        return "ok", FactsSummary(paper.title, paper.digest(), paper.to_json(), tuple(used) if used else None, status,
                                  paper, reading.record())
    except CollabAnalysisError as exc:
        return "refused", str(exc)
    except Exception as exc:  # the parent turns it into that paper's failure, in words
        return "failed", (type(exc).__name__, str(exc))


def facts_in_parallel(compute, tables, arguments: list[tuple], processes: int, meanwhile=None) -> list[tuple]:
    """``compute(tables, *args)`` for each ``args``, in forked processes: ``("ok", FactsSummary)``,
    ``("refused", message)`` or ``("failed", (ename, evalue))`` for each, in order.

    Every paper's facts are worked out before the build can say which papers changed; on several
    cores they are worked out side by side, each process inheriting the loaded tables, while this
    process does ``meanwhile`` (the imports the papers will need).
    """
    _SHARED.update(compute=compute, tables=tables, args=arguments)
    try:
        if processes <= 1 or len(arguments) <= 1:
            outcomes = [_summarise(i) for i in range(len(arguments))]
            meanwhile and meanwhile()
            return outcomes
        with multiprocessing.get_context("fork").Pool(min(processes, len(arguments))) as pool:
            pending = pool.map_async(_summarise, range(len(arguments)), chunksize=1)
            meanwhile and meanwhile()
            return pending.get()
    finally:
        _SHARED.clear()


def warm_up(data_dir: Path | None = None) -> None:
    """Import and prime what every paper needs, once, before the children are forked."""
    # jsonschema compiles some forty grammars at import when rfc3987-syntax is installed (jupyter_server's
    # extras bring it), over a second, for an IRI format check no notebook schema uses: go without it here.
    sys.modules.setdefault("rfc3987_syntax", None)
    import matplotlib
    matplotlib.use("Agg")
    import papermill  # noqa: F401

    from .. import data, paper  # noqa: F401
    from . import engine, export  # noqa: F401
    export.prime()
    if data_dir is not None:
        data.load(data_dir)  # primes the loader's content-keyed cache; children inherit it


def run(tasks: list[Task], jobs: int, on_result=None) -> list[PaperResult]:
    """Run every task, ``jobs`` at a time; return the results in the order they finished."""
    context = multiprocessing.get_context("fork")
    pending = list(tasks)
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
                task = pending.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(task, sender), daemon=True)
                process.start()
                sender.close()
                running[receiver] = (process, task, time.perf_counter())
            for receiver in multiprocessing.connection.wait(list(running), timeout=0.2):
                process, task, t0 = running.pop(receiver)
                try:
                    message = receiver.recv()
                except EOFError:
                    message = {"status": "failed", "stage": "run", "ename": "ProcessDied",
                               "evalue": f"the process building this paper ended with code {process.exitcode}"}
                process.join()
                receiver.close()
                result = _result(task, message, time.perf_counter() - t0)
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


def _result(task: Task, message: dict, seconds: float) -> PaperResult:
    job = task.job
    if message.get("status") == "built":
        return PaperResult(job, "built", list(task.reasons), seconds=seconds, title=task.title)
    kind = ExportFailure if message.get("stage") == "export" else PaperFailure
    failure = kind(paper=job.paper_id, cell_index=message.get("cell_index"), ename=message.get("ename", ""),
                   evalue=message.get("evalue", ""), kept_notebook=message.get("kept"))
    return PaperResult(job, "failed", list(task.reasons), failure=failure, seconds=seconds, title=task.title)


def _die_with_parent() -> None:
    """Ask Linux to kill this child if the build process dies, so no orphan writes a paper later."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _child(task: Task, sender) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    logging.getLogger("papermill").setLevel(logging.ERROR)
    try:
        message = execute(task)
    except BaseException as exc:  # report anything to the parent rather than dying silently
        message = {"status": "failed", "stage": "run", "ename": type(exc).__name__, "evalue": str(exc)}
    sender.send(message)
    sender.close()


def execute(task: Task) -> dict:
    """Run one paper's notebook and export it into the staging folder; a message for the parent."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from . import engine  # noqa: F401  (registers collab-warm; already imported when forked)
    from .export import export_html

    job = task.job
    tmp = task.staged_notebook.with_name(f".{job.executed.stem}.tmp-{os.getpid()}.ipynb")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    try:
        try:
            # cwd: the notebook's relative folders (data/raw) start at the project, as in the papermill route
            nb = papermill.execute_notebook(str(job.notebook), str(tmp), parameters=job.parameters,
                                            engine_name="collab-warm", kernel_name="python3",
                                            cwd=str(paths.PROJ_ROOT), progress_bar=False,
                                            request_save_on_cell_execute=False)
        except PapermillExecutionError as exc:
            failed_nb = nbformat.read(tmp, as_version=4)
            write_atomic(job.failed, nbformat.writes(scrub_notebook(failed_nb, job)))
            return {"status": "failed", "stage": "run", "cell_index": _source_cell_index(failed_nb, exc.cell_index),
                    "ename": exc.ename, "evalue": scrub_text(str(exc.evalue)), "kept": shown(job.failed)}
        nb = scrub_notebook(nb, job)
        write_atomic(task.staged_notebook, nbformat.writes(nb))
        job.failed.unlink(missing_ok=True)
        try:
            export_html(nb, task.staged_html, title=task.title, meeting_date=job.as_at,
                        date_label="Meeting date" if job.date_given else "As at", run_record=task.run_record)
        except Exception as exc:
            write_atomic(job.failed, nbformat.writes(nb))
            return {"status": "failed", "stage": "export", "ename": type(exc).__name__,
                    "evalue": scrub_text(str(exc)), "kept": shown(job.failed)}
        return {"status": "built"}
    finally:
        tmp.unlink(missing_ok=True)


def _source_cell_index(nb, index: int) -> int:
    """The failing cell's number (1-based) in the source notebook, as a person counts cells in Jupyter.

    ``index`` counts the parameterised notebook's cells, which include papermill's injected
    parameters cell but not the error marker cells it adds afterwards.
    """
    cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    injected = sum(1 for c in cells[:index] if "injected-parameters" in c.metadata.get("tags", []))
    return index - injected + 1


def scrub_notebook(nb, job):
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
            for name in ("data_dir", "editions_dir"):
                if shown.get(name) != job.parameters.get(name):
                    cell.source = cell.source.replace(repr(job.parameters[name]), repr(shown[name])) \
                        .replace(f'"{job.parameters[name]}"', f'"{shown[name]}"')
        elif "papermill-error-cell-tag" in tags:
            cell["id"] = f"papermill-error-{index}"
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = scrub_text(output["text"])
            if "traceback" in output:
                output["traceback"] = [scrub_text(line) for line in output["traceback"]]
            if "evalue" in output:
                output["evalue"] = scrub_text(output["evalue"])
    return nb


def scrub_text(text: str) -> str:
    for path, label in ((str(paths.PROJ_ROOT), "."), (sys.prefix, "<python>"), (os.path.expanduser("~"), "~")):
        if path and path not in ("/", "."):
            text = text.replace(path, label)
    return text
