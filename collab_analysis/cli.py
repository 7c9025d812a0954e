"""``collab-analysis``: validate the data, write processed tables, build the papers.

A thin shell: it parses, calls the package, and prints. The package raises its own errors; they
become ``Error: ...`` and exit code 1 here (usage errors exit 2), never a traceback.
"""
from __future__ import annotations

import sys

import click

from . import __version__
from .errors import BuildError, CollabAnalysisError, DataError

_DATA_HELP = "Folder holding the tables (CSV or Excel). Default: data/raw."


def _fail(error: CollabAnalysisError) -> None:
    raise click.ClickException(str(error))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="collab-analysis")
def main() -> None:
    """Scrutiny papers on cross-force police collaboration, for Police and Crime Panels."""


@main.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None, help=_DATA_HELP)
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
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None, help=_DATA_HELP)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Where to write the parquet files. Default: data/processed.")
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


@main.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None, help=_DATA_HELP)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Where the HTML papers go. Default: reports.")
@click.option("--year", default=None, help="Financial year, e.g. 2019-20. Default: each panel's latest year with data.")
@click.option("--panel", "panels", multiple=True, help="A panel's force id (repeatable). Default: every panel.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Papers built side by side. Default: cores.")
@click.option("--rebuild", is_flag=True, help="Ignore the cache and build every paper again.")
@click.option("--plan", "plan_only", is_flag=True, help="Print the jobs as JSON lines and run nothing.")
@click.option("--date", "meeting_date", default=None,
              help="The date printed on the papers (YYYY-MM-DD), e.g. the meeting date. "
                   "Default: the date of the newest source of that year's figures (else 31 March at the "
                   "year's end), so the same data always give the same paper.")
@click.option("--build-dir", type=click.Path(file_okay=False), default=None,
              help="Where executed notebooks and the cache go. Default: build.")
def build(data_dir, out_dir, year, panels, jobs, rebuild, plan_only, meeting_date, build_dir):
    """Build every panel's paper, the regional overview and the index."""
    from .publish import build as builder

    if plan_only:
        try:
            the_plan = builder.plan(data_dir, out_dir, year, list(panels) or None, meeting_date, build_dir)
        except CollabAnalysisError as error:
            _fail(error)
        for job in the_plan.jobs:
            click.echo(job.plan_line())
        return

    bar = _ProgressBar()
    try:
        report = builder.build_papers(data_dir, out_dir, year, list(panels) or None, jobs, rebuild, meeting_date,
                                      build_dir, on_result=bar.update, on_plan=bar.start)
    except DataError as error:
        bar.close()
        _fail(error)
    except BuildError as error:
        bar.close()
        for line in bar.lines:
            click.echo(line)
        click.echo(str(error), err=True)
        raise click.ClickException(f"{len(error.failures)} paper(s) failed; earlier papers were left as they were")
    except CollabAnalysisError as error:
        bar.close()
        _fail(error)
    except KeyboardInterrupt:
        bar.close()
        click.echo("Interrupted: papers already built were kept; nothing half-written was left behind.", err=True)
        sys.exit(130)
    bar.close()
    for line in bar.lines:
        click.echo(line)
    built, fresh = report.count("built"), report.count("up to date")
    click.echo(f"{built} built, {fresh} up to date, 0 failed in {report.seconds:.1f} s; "
               f"index: {report.index}")


class _ProgressBar:
    """One progress bar for the whole build; the per-paper lines are printed after it."""

    def __init__(self):
        self.bar = None
        self.lines: list[str] = []

    def start(self, jobs):
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: the build forks children
        self.bar = tqdm(total=len(jobs), unit="paper", file=sys.stderr, leave=False,
                        disable=not sys.stderr.isatty())

    def update(self, result):
        if result.status == "up to date":
            line = f"up to date  {result.job.paper_id}"
        elif result.status == "built":
            line = f"built       {result.job.paper_id} ({'; '.join(result.reasons)}) {result.seconds:.1f} s"
        else:
            line = f"FAILED      {result.job.paper_id}: {result.failure}"
        self.lines.append(line)
        if self.bar is not None:
            self.bar.update(1)

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


if __name__ == "__main__":
    main()
