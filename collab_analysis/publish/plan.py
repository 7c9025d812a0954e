"""What to build: the request, parsed once, and the plan of papers it gives on these tables.

A build's parameters walk one way: the command line's words become a :class:`Request` here (folders
and SOURCE_DATE_EPOCH checked before anything is read; the year and the date, which only
:mod:`collab_analysis.years` reads, are parsed once at the start of :func:`plan`, before any paper
is run), the request and the tables become a :class:`Plan` of :class:`Job` objects, and each job's
``parameters`` are exactly what its notebook receives. Nothing downstream parses them again, and
nothing is ever read back from a paper.

The cycle: ``--year`` picks the financial year (default: the latest year in the meetings table),
and every panel's paper in a cycle is for that year. A paper is *as at* its panel's meeting date,
or 31 March at the year's end when the meeting has no date; ``--date`` sets one date for every
paper of a one-off build. The regional overview is one per cycle, as at the year's end unless
``--date``. Never the wall clock: the same data and request give the same plan.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import ParameterError

PANEL_NOTEBOOK = paths.NOTEBOOKS / "panel_paper.ipynb"
OVERVIEW_NOTEBOOK = paths.NOTEBOOKS / "regional_overview.ipynb"
OVERVIEW_ID = "regional-overview"
OVERVIEW_REGION = "east-midlands"
EDITIONS = paths.PROJ_ROOT / "data" / "editions"
#: Latest date SOURCE_DATE_EPOCH may name (a PDF's date field holds four-digit years).
_EPOCH_MAX = int(dt.datetime(9999, 12, 31, tzinfo=dt.timezone.utc).timestamp())


@dataclass(frozen=True)
class Request:
    """A build as asked for, every value checked: folders absolute, year and date parsed."""

    data_dir: Path
    out_dir: Path
    build_dir: Path
    editions_dir: Path
    year: str | None = None                  # as given: parsed by plan(), with the tables
    date: str | None = None                  # as given: parsed by plan(), with the tables
    panels: tuple[str, ...] = ()
    pdf: bool = True
    source_date: dt.datetime | None = None   # SOURCE_DATE_EPOCH: the PDFs' own timestamps only

    def key(self) -> dict:
        """What of the request a paper's bytes depend on, for the no-change check."""
        return {"data": str(self.data_dir), "out": str(self.out_dir), "editions": str(self.editions_dir),
                "year": self.year, "date": self.date,
                "panels": list(self.panels), "pdf": self.pdf,
                "source_date": self.source_date.isoformat() if self.source_date else None}


def request(data_dir=None, out_dir=None, year: str | None = None, panels=None, meeting_date=None,
            build_dir=None, editions_dir=None, pdf: bool = True) -> Request:
    """Check a build's parameters without reading any table.

    Relative folders are taken from the project root (the command line makes its own relative paths
    absolute from the current directory first).

    Raises
    ------
    ParameterError
        A year or date that is not one, SOURCE_DATE_EPOCH out of range, or an output folder that
        would put papers somewhere dangerous (``/``, the home folder, the project or its data).
    """
    data = paths.resolve(data_dir, paths.DATA_RAW)
    out = paths.resolve(out_dir, paths.REPORTS)
    build = paths.resolve(build_dir, paths.BUILD)
    editions = paths.resolve(editions_dir, EDITIONS)
    if not data.is_dir():
        raise ParameterError("data folder", str(data), message=(
            f"data folder {data} does not exist; pass --data with the folder holding the tables "
            f"(default {paths.display_path(paths.DATA_RAW)})"))
    check_out_dir(out, data, build, editions)
    return Request(data_dir=data, out_dir=out, build_dir=build, editions_dir=editions,
                   year=None if year in (None, "") else str(year).strip(),
                   date=None if meeting_date in (None, "") else str(meeting_date).strip(),
                   panels=tuple(str(p) for p in (panels or ())), pdf=pdf, source_date=source_date_epoch())


def parse_year(text) -> str:
    """``"2019/20"`` -> ``"2019-20"`` (read by :mod:`collab_analysis.years`); anything else is refused."""
    from ..years import financial_year_parameter

    return financial_year_parameter(text, "year")


def parse_date(text) -> dt.date:
    """``"2019-07-22"`` -> a date (read by :mod:`collab_analysis.years`); ``2019-02-30`` is refused with the fix."""
    if isinstance(text, dt.date):
        return text
    from ..errors import InvalidValue
    from ..years import parse_date as read_date

    value = str(text).strip()
    fix = "write it as YYYY-MM-DD, e.g. 2019-07-22"
    try:
        day, precision = read_date(value)
    except InvalidValue as exc:
        hint = ""
        parts = value.split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
            year, month = int(parts[0]), int(parts[1])
            hint = (f" ({dt.date(year, month, 1).strftime('%B')} {year} has "
                    f"{calendar.monthrange(year, month)[1]} days)")
        raise ParameterError("date", value, message=f"the paper's date: {exc.message}{hint}; {fix}") from None
    if precision != "day":
        raise ParameterError("date", value, message=f"the paper's date {value!r} is not a whole day; {fix}")
    return day.date()


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH, the reproducible-builds convention for the timestamps a file embeds.

    It sets only the PDFs' creation and modification dates (default: the paper's as-at date), never
    the date a paper is as at: that comes from the meetings table or ``--date``.
    """
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > _EPOCH_MAX:
        raise ParameterError("SOURCE_DATE_EPOCH", text, message=(
            f"SOURCE_DATE_EPOCH is {text[:40]!r}, which is not a number of seconds since 1 January 1970 "
            "up to the year 9999; unset it, or set it to a time such as 1563753600 (22 July 2019)"))
    return dt.datetime.fromtimestamp(int(text), tz=dt.timezone.utc)


def check_out_dir(out: Path, data: Path, build: Path, editions: Path) -> None:
    """Refuse output folders where year folders and an index would do harm."""
    out = out.resolve()
    home = Path(os.path.expanduser("~")).resolve()
    system = {Path(p) for p in ("/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/opt", "/proc",
                                "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/mnt",
                                "/media")}
    reason = None
    if out in system or out == home:
        reason = "it is a system or home folder"
    elif out == paths.PROJ_ROOT or out in paths.PROJ_ROOT.parents:
        reason = "it holds the project itself"
    elif any(out == p or out in p.parents or p in out.parents for p in (data.resolve(), paths.NOTEBOOKS,
                                                                         paths.PACKAGE_DIR, editions.resolve())):
        reason = "it overlaps the data, the notebooks, the editions or the package"
    elif out == build.resolve():
        reason = "it is the build folder"
    if reason:
        raise ParameterError("out", str(out), message=(
            f"--out {out} is not a place for papers: {reason}, and a build writes year folders and an index "
            "there; choose a folder of its own, such as reports"))


# ------------------------------------------------------------------------------------- the plan

@dataclass(frozen=True)
class Job:
    """One paper: its notebook, the parameters it receives, and where its files go."""

    paper_id: str            # "2019-20/leicestershire"
    kind: str                # "panel" or "overview"
    force_id: str | None     # None for the overview
    name: str                # "Leicestershire Police" or "East Midlands"
    financial_year: str
    as_at: dt.date
    date_given: bool         # a meeting date (from the table or --date), not the year's end
    notebook: Path
    parameters: dict
    output: Path             # <out>/<year>/<id>.html
    executed: Path           # <build>/<year>/<id>.ipynb
    failed: Path             # <build>/failed/<year>/<id>.ipynb

    @property
    def pdf(self) -> Path:
        return self.output.with_suffix(".pdf")

    @property
    def panel(self) -> str:
        """The register's name for the paper's panel: the force id, or ``regional-overview``."""
        return self.force_id or OVERVIEW_ID

    def plan_line(self) -> str:
        return json.dumps({"notebook": paths.display_path(self.notebook), "parameters": self.parameters,
                           "output": str(self.output), "pdf": str(self.pdf)}, sort_keys=True)


@dataclass
class Plan:
    """The papers of one build, in order: each panel's, then the overview."""

    request: Request
    financial_year: str
    jobs: list[Job]
    panels: list[str] = field(default_factory=list)   # every panel in the data (for the index)


def plan(req: Request, tables) -> Plan:
    """The jobs for ``req`` on validated ``tables``.

    Raises
    ------
    ParameterError
        A year or date that is not one, an unknown panel (aliases such as ``Notts`` are accepted) or a
        year with neither meetings nor figures; the message says what to write or lists the choices.
    """
    from .. import forces, meetings
    from ..sources import check_year, years_covered
    from ..years import as_at_default

    date = parse_date(req.date) if req.date else None
    year = parse_year(req.year) if req.year else meetings.cycle_year(tables)
    if year is None:
        raise ParameterError("year", None, years_covered(tables),
                             message="the data hold no financial year to build; pass --year")
    check_year(tables, year)
    cycle = {m.force_id: m for m in meetings.papers_for_cycle(tables, year)}
    chosen = list(dict.fromkeys(resolve_panel(tables, p, list(cycle)) for p in req.panels)) or list(cycle)
    jobs = []
    for force in chosen:
        meeting = cycle[force]
        as_at, given = (date, True) if date else (meeting.as_at, bool(meeting.date_given))
        jobs.append(_job(req, f"{year}/{force}", "panel", force, forces.force_name(tables, force), year, as_at, given,
                         PANEL_NOTEBOOK, {"force_id": force}))
    jobs.append(_job(req, f"{year}/{OVERVIEW_ID}", "overview", None, OVERVIEW_REGION.replace("-", " ").title(),
                     year, date or as_at_default(year), date is not None, OVERVIEW_NOTEBOOK, {}))
    return Plan(request=req, financial_year=year, jobs=jobs, panels=list(cycle))


def resolve_panel(tables, wanted: str, panels: list[str]) -> str:
    """A panel's force id from its id, name, panel name or an alias (``Notts``), any case."""
    from .. import forces

    needle = str(wanted).strip().lower()
    for force, panel_name, _region in forces.panels(tables):
        if force in panels and needle == panel_name.strip().lower():
            return force
    try:
        force = forces.resolve_force(tables, wanted)
    except ParameterError:
        from ..data.cells import did_you_mean

        raise ParameterError("panel", wanted, panels, did_you_mean(str(wanted), panels, cutoff=0.6)) from None
    if force not in panels:
        raise ParameterError("panel", wanted, panels, message=(
            f"{forces.force_name(tables, force)} has no Police and Crime Panel in forces.csv (panel_name is blank); "
            f"Valid choices: {', '.join(panels)}."))
    return force


def notebook_path_parameter(folder: Path) -> str:
    """A folder as a notebook is told it: relative to the project where possible (papers show it)."""
    try:
        return folder.resolve().relative_to(paths.PROJ_ROOT).as_posix()
    except ValueError:
        return os.path.relpath(folder.resolve(), paths.PROJ_ROOT)


def public_parameters(parameters: dict) -> dict:
    """The parameters as a paper or kept notebook may show them: folders outside the project by name only.

    Where the data lay on the machine that built the paper is nobody's business and would make
    papers differ from machine to machine; the run record's digest says which data were used.
    """
    shown = dict(parameters)
    for name, default in (("data_dir", paths.DATA_RAW), ("editions_dir", EDITIONS)):
        if name in shown:
            shown[name] = paths.display_path(paths.resolve(shown[name], default))
    return shown


def _job(req: Request, paper_id: str, kind: str, force: str | None, name: str, year: str, as_at: dt.date,
         given: bool, notebook: Path, own: dict) -> Job:
    year_dir, stem = paper_id.split("/")
    parameters = {**own, "financial_year": year, "meeting_date": as_at.isoformat(),
                  "data_dir": notebook_path_parameter(req.data_dir)}
    if kind == "panel":
        parameters["editions_dir"] = notebook_path_parameter(req.editions_dir)
    else:
        parameters["region"] = OVERVIEW_REGION
    return Job(paper_id=paper_id, kind=kind, force_id=force, name=name, financial_year=year, as_at=as_at,
               date_given=given, notebook=notebook, parameters=parameters,
               output=req.out_dir / year_dir / f"{stem}.html", executed=req.build_dir / year_dir / f"{stem}.ipynb",
               failed=req.build_dir / "failed" / year_dir / f"{stem}.ipynb")


def job_for_parameters(tables, parameters: dict, notebook: Path, req: Request) -> Job:
    """The job a notebook run with ``parameters`` corresponds to (for ``nbconvert --to collab-paper``)."""
    from .. import forces, meetings
    from ..years import as_at_default

    year = parse_year(parameters["financial_year"])
    raw_date = parameters.get("meeting_date")
    date = parse_date(raw_date) if raw_date else None
    force = parameters.get("force_id")
    if force:
        meeting = meetings.meeting_for(tables, force, year)
        force = meeting.force_id
        given = bool(meeting.date_given) if date in (None, meeting.as_at) else True
        return _job(req, f"{year}/{force}", "panel", force, forces.force_name(tables, force), year,
                    date or meeting.as_at, given, notebook, {"force_id": force})
    return _job(req, f"{year}/{OVERVIEW_ID}", "overview", None, OVERVIEW_REGION.replace("-", " ").title(), year,
                date or as_at_default(year), date not in (None, as_at_default(year)), notebook, {})
