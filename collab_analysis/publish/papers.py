"""Each paper's facts, for the build: which papers must be worked out at all, working them out side
by side, and what a paper's page shows about how it was made.

:func:`unchanged_papers` is what lets a correction cost only the papers it touches: a paper whose
notebook, parameters, package, libraries and editions are as they were, whose file is untouched and
whose every read of the tables (see :mod:`collab_analysis.data.reading`) gives the same rows is not
worked out again. :func:`work_out` does the rest, each paper in a forked process that inherits the
loaded tables, while the build process imports what the notebooks need.
"""
from __future__ import annotations

import os
from pathlib import Path

from .. import __version__, paths
from . import plan as planning
from .cache import Cache, Inputs, library_versions, package_files
from .files import combined_hash, sha256_or_none
from .workers import PaperResult


def inputs_of(req, the_plan) -> dict[str, Inputs]:
    """Each paper's inputs other than its facts: notebook, parameters, package, libraries, editions."""
    from ..editions import register_rows

    package, libraries = combined_hash(package_files()), library_versions()
    notebook_sha = {p: sha256_or_none(p) for p in {j.notebook for j in the_plan.jobs}}
    return {job.paper_id: Inputs(digest={}, notebook=notebook_sha[job.notebook] or "", parameters=job.parameters,
                                 package=package, libraries=libraries,
                                 editions=combined_hash(register_rows(req.editions_dir, job.panel)))
            for job in the_plan.jobs}


def unchanged_papers(tables, the_plan, cache: Cache, inputs: dict[str, Inputs]) -> dict[str, dict]:
    """The papers the last build built from exactly the rows they would read now, with the same
    notebook, parameters, package, libraries and editions, whose files are untouched: their facts
    cannot have changed, so they are not worked out again. Paper id -> the last build's record."""
    from ..data.reading import unchanged

    known = {}
    for job in the_plan.jobs:
        record = cache.record(job.paper_id)
        if not record or "reads" not in record or record.get("output_sha256") != sha256_or_none(job.output):
            continue
        old, new = record.get("inputs", {}), inputs[job.paper_id]
        if all(old.get(name) == getattr(new, name) for name in ("notebook", "parameters", "package", "libraries",
                                                                "editions")) \
                and unchanged(record["reads"], tables):
            known[job.paper_id] = record
    return known


def work_out(tables, jobs_to_work: list, req, jobs: int | None) -> tuple[dict, dict]:
    """Each paper's facts, and the papers whose facts failed (as results, so the others still build).

    A parameter the facts refuse (a meeting date outside the year) stops the whole build up front;
    anything else unexpected fails that paper alone, in words, never as a traceback.
    """
    from ..errors import CollabAnalysisError, FactsFailure
    from .workers import facts_in_parallel, warm_up

    from .. import paper  # noqa: F401  (once, here, rather than in each process forked to work facts out)

    arguments = [(j.force_id, j.financial_year, j.as_at, req.editions_dir, planning.OVERVIEW_REGION)
                 for j in jobs_to_work]
    outcomes = facts_in_parallel(paper_facts, tables, arguments, jobs or os.cpu_count() or 1,
                                 meanwhile=warm_up if jobs_to_work else None)
    facts, unfit = {}, {}
    for job, (status, value) in zip(jobs_to_work, outcomes):
        if status == "refused":
            raise CollabAnalysisError(value)
        if status == "failed":
            unfit[job.paper_id] = PaperResult(job, "failed", ["facts failed"], failure=FactsFailure(
                paper=job.paper_id, ename=value[0], evalue=value[1]))
        else:
            facts[job.paper_id] = value
            if value.paper is not None:     # the notebooks forked later find their facts worked out
                from ..paper.facts import remember

                remember(tables, value.paper, job.as_at, req.editions_dir)
    return facts, unfit


def paper_facts(tables, force_id, financial_year, as_at, editions_dir, region):
    """One paper's facts: a panel's, or (no force) the region's overview."""
    from .. import paper

    if force_id is None:
        return paper.overview_facts(tables, financial_year, as_at, region=region)
    return paper.facts(tables, force_id, financial_year, as_at, editions_dir=editions_dir)



def run_record(job, tables, paper, digest: dict) -> dict:
    from ..editions import digest_sha256

    used = getattr(paper, "tables_used", None) or list(tables.files)
    files = sorted({Path(tables.files[t]).name for t in used if t in tables.files})
    return {"notebook": paths.display_path(job.notebook), "parameters": planning.public_parameters(job.parameters),
            "data_files_used": ", ".join(files), "facts_sha256": digest_sha256(digest),
            "package": f"collab-analysis {__version__}", "libraries": library_versions()}


def page_for_notebook(nb) -> dict:
    """Title, date and run record for a notebook papermill ran with a paper's parameters.

    What ``jupyter nbconvert --to collab-paper`` uses, so that it gives the paper the build gives.

    Raises
    ------
    ExportError
        The notebook carries no paper parameters (it was not run by papermill).
    """
    from ..data import load
    from ..errors import ExportError

    parameters = dict(nb.metadata.get("papermill", {}).get("parameters") or {})
    if "financial_year" not in parameters:
        raise ExportError("this notebook was not run by papermill with a paper's parameters (financial_year, ...); "
                          "run it with papermill first, e.g. papermill notebooks/panel_paper.ipynb out.ipynb "
                          "-p force_id leicestershire -p financial_year 2019-20")
    req = planning.request(parameters.get("data_dir"), None, None, None, None, None, parameters.get("editions_dir"))
    tables = load(req.data_dir)
    source = nb.metadata.get("papermill", {}).get("input_path") or planning.PANEL_NOTEBOOK
    notebook = Path(source) if Path(source).is_absolute() else (Path.cwd() / source)
    job = planning.job_for_parameters(tables, parameters, notebook.resolve(), req)
    paper = paper_facts(tables, job.force_id, job.financial_year, job.as_at, req.editions_dir,
                         planning.OVERVIEW_REGION)
    return {"title": paper.title, "date": job.as_at, "date_label": "Meeting date" if job.date_given else "As at",
            "run_record": run_record(job, tables, paper, paper.digest())}
