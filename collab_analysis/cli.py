"""``collab-analysis``: validate the data, write processed tables, build and issue the papers.

A thin shell: it parses, calls the package, and prints. The package raises its own errors; they
become ``Error: ...`` and exit code 1 here (usage errors exit 2), never a traceback. Folders given
on the command line are taken from the current directory, as with any command; the defaults are
the project's own folders.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import BuildError, CollabAnalysisError

_DATA_HELP = "Folder holding the tables (CSV or Excel). Default: the project's data/raw."


def _fail(error: CollabAnalysisError) -> None:
    raise click.ClickException(str(error))


def _here(path) -> Path | None:
    """An explicit relative path starts at the current directory (the library anchors on the project)."""
    return None if path is None else Path(path).expanduser().absolute()


def _folder(flag: str, help_text: str):
    name = flag.strip("-").replace("-", "_")
    return click.option(flag, name if name.endswith("_dir") else name + "_dir", type=click.Path(file_okay=False),
                        default=None, callback=lambda ctx, param, value: _here(value), help=help_text)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="collab-analysis")
def main() -> None:
    """Scrutiny papers on cross-force police collaboration, for Police and Crime Panels."""


@main.command()
@_folder("--data", _DATA_HELP)
def validate(data_dir):
    """Check every table and print each problem (file, row, column, fix). Exit 1 if any error."""
    from .data import validate as validate_tables

    try:
        problems = validate_tables(data_dir)
    except CollabAnalysisError as error:
        _fail(error)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    for problem in errors:
        click.echo(f"error: {problem}")
    for problem in warnings:
        click.echo(f"warning: {problem}")
    click.echo(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    sys.exit(1 if errors else 0)


@main.command()
@_folder("--data", _DATA_HELP)
@_folder("--out", "Where to write the parquet files. Default: the project's data/processed.")
def data(data_dir, out_dir):
    """Validate the tables and write them to data/processed as parquet (all or nothing)."""
    from . import paths
    from .data import load, write_processed

    try:
        tables = load(data_dir)
        written = write_processed(tables, paths.resolve(out_dir, paths.DATA_PROCESSED))
    except CollabAnalysisError as error:
        _fail(error)
    for problem in tables.warnings:
        click.echo(f"warning: {problem}")
    click.echo(f"wrote {len(written)} table(s) to {paths.display_path(written[0].parent) if written else out_dir}")


def _build_options(command):
    """The options ``build`` and ``issue`` share, declared once."""
    for option in reversed([
        _folder("--data", _DATA_HELP),
        _folder("--out", "Where the papers go (HTML and PDF, one folder per year). Default: the project's reports."),
        click.option("--year", default=None, help="The cycle's financial year, e.g. 2019-20: every panel's paper is "
                     "for this year. Default: the latest year in the meetings table."),
        click.option("--panel", "panels", multiple=True, help="A panel's force, by id or alias (Notts); repeatable. "
                     "Default: every panel."),
        click.option("--date", "meeting_date", default=None, help="One date (YYYY-MM-DD) every paper is as at, for "
                     "a one-off build. Default: each panel's meeting date, else 31 March at the year's end."),
        _folder("--editions", "The register of papers as issued. Default: the project's data/editions."),
        click.option("--no-pdf", "no_pdf", is_flag=True, help="Do not print the PDFs for the agenda pack."),
        click.option("--jobs", type=click.IntRange(min=1), default=None, help="Papers built side by side. "
                     "Default: the number of cores."),
        click.option("--rebuild", is_flag=True, help="Build every paper again from the files themselves, using no cache (no typed tables, no kept validation, no facts from the last build)."),
        _folder("--build-dir", "Where executed notebooks and the cache go. Default: the project's build."),
    ]):
        command = option(command)
    return command


@main.command()
@_build_options
@click.option("--plan", "plan_only", is_flag=True, help="Print the papers as JSON lines and build nothing.")
def build(plan_only, **options):
    """Build every panel's paper for the cycle, the regional overview, their PDFs and the index."""
    if plan_only:
        _print_plan(options)
        return
    _run(options)


@main.command()
@_build_options
@click.option("--corrects", default=None, metavar="TEXT",
              help="Reissue papers already issued as at the same date, saying what the reissue corrects.")
def issue(corrects, **options):
    """Build the papers and record them as sent to the panels (data/editions/register.csv)."""
    report = _run(options, issue=True, corrects=corrects)
    for edition in report.editions:
        line = f"issued      {edition.panel} as at {edition.as_at.isoformat()}: {edition.edition_id}"
        if edition.replaces:
            line += f" (replaces {edition.replaces}: {edition.corrects})"
        click.echo(line)


def _print_plan(options) -> None:
    from .data import load
    from .publish import plan as planning

    try:
        req = planning.request(options["data_dir"], options["out_dir"], options["year"], options["panels"],
                               options["meeting_date"], options["build_dir"], options["editions_dir"],
                               not options["no_pdf"])
        the_plan = planning.plan(req, load(req.data_dir))
    except CollabAnalysisError as error:
        _fail(error)
    for job in the_plan.jobs:
        click.echo(job.plan_line())


def _run(options, issue: bool = False, corrects: str | None = None):
    from .publish.build import build_papers

    progress = _Progress()
    try:
        report = build_papers(options["data_dir"], options["out_dir"], options["year"], list(options["panels"]),
                              options["jobs"], options["rebuild"], options["meeting_date"], options["build_dir"],
                              options["editions_dir"], not options["no_pdf"], issue=issue, corrects=corrects,
                              on_result=progress.result, on_plan=progress.start, on_note=progress.note)
    except BuildError as error:
        progress.close()
        raise click.ClickException(f"{len(error.failures)} paper(s) failed; the papers already published were "
                                   "left as they were") from None
    except CollabAnalysisError as error:
        progress.close()
        _fail(error)
    except KeyboardInterrupt:
        progress.close()
        click.echo("Interrupted: papers already built were kept; nothing half-written was left behind.", err=True)
        sys.exit(130)
    progress.close()
    built, fresh = report.count("built"), report.count("up to date")
    index = report.index if report.index else "not written"
    click.echo(f"{built} built, {fresh} up to date, 0 failed in {report.seconds:.1f} s; index: {index}")
    return report


class _Progress:
    """Each paper's line as it finishes (so logs show progress), under a bar on a terminal."""

    def __init__(self):
        self.bar = None

    def start(self, jobs):
        if not sys.stderr.isatty() or self.bar is not None:
            return
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: the build forks children
        self.bar = tqdm(total=len(jobs), unit="paper", file=sys.stderr, leave=False)

    def _echo(self, line: str, err: bool = False) -> None:
        if self.bar is not None:
            self.bar.clear()
        click.echo(line, err=err)
        if self.bar is not None:
            self.bar.refresh()

    def result(self, result):
        paper_id = result.job.paper_id
        if result.status == "up to date":
            line = f"up to date  {paper_id}"
        elif result.status == "built":
            line = f"built       {paper_id} ({'; '.join(result.reasons)}) {result.seconds:.1f} s"
        else:
            line = f"FAILED      {result.failure}"
        self._echo(line)
        if self.bar is not None:
            self.bar.update(1)

    def note(self, text: str):
        self._echo(f"note: {text}", err=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def run() -> None:
    """The ``collab-analysis`` command: :func:`main`, then leave without tearing the interpreter down.

    A build has imported pandas, matplotlib, IPython, papermill and nbconvert; letting Python free
    every one of their objects on the way out takes most of a second and does nothing a person can
    see. So, once the command has finished, the output is flushed and every exit handler has run
    (logging, temporary folders, multiprocessing), the process ends at once. Every file the command
    writes is closed (and moved into place) before it returns.
    """
    import atexit

    try:
        main()
        code = 0
    except SystemExit as done:
        if isinstance(done.code, str):
            click.echo(done.code, err=True)
            code = 1
        else:
            code = done.code or 0
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
