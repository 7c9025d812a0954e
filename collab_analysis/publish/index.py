"""The index page (``reports/index.html``): every paper this tool published in the folder, and the
editions issued to each panel.

Built from what the build knows, never by reading papers back: the papers of this plan and of
earlier builds come from the output folder's manifest (:mod:`collab_analysis.publish.outputs`),
titles and dates included, and the editions from the register. So a page someone else put in a
year folder is never listed, nor are the papers of a panel no longer in the data, and an
``index.html`` we did not write is left alone.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from .. import paths
from ..errors import ExportError
from .files import write_atomic
from .page import TEMPLATE_DIR, TocEntry, css, meeting_date, slugify

TITLE = "Cross-force police collaboration: panel papers"


@dataclass(frozen=True)
class IndexEntry:
    """One paper on the index page.

    ``label`` is the link text and must say which paper it is on its own, e.g.
    ``"Leicestershire: panel paper 2019-20"``. ``path`` is the paper's file (absolute, or
    relative to the index). Entries are grouped under one heading per ``year``; within a year an
    ``"overview"`` comes first, then the rest in the order given. ``pdf`` is the printed copy's
    file, ``editions`` the editions issued to the panel (``{"date", "id", "corrects"}``).
    """

    path: str | os.PathLike
    label: str
    year: str = ""
    meeting_date: str = ""
    kind: str = "panel"
    date_label: str = "meeting"
    pdf: str | os.PathLike | None = None
    editions: tuple = field(default_factory=tuple)


def _entry(item: IndexEntry | Mapping[str, Any]) -> IndexEntry:
    """An entry from an :class:`IndexEntry` or a mapping (``path`` or ``href``; ``label`` or ``title``)."""
    if isinstance(item, IndexEntry):
        return item
    if isinstance(item, Mapping):
        target = item.get("path") or item.get("href")
        if not target:
            raise ExportError(f"index entry {dict(item)!r} has no path or href to the paper.")
        return IndexEntry(path=target, label=str(item.get("label") or item.get("title") or ""),
                          year=str(item.get("year") or item.get("financial_year") or ""),
                          meeting_date=str(item.get("meeting_date") or ""),
                          kind=str(item.get("kind") or "panel"), pdf=item.get("pdf"),
                          editions=tuple(item.get("editions") or ()))
    raise TypeError(f"index entries are IndexEntry or mappings, not {type(item).__name__}")


def _href(path: str | os.PathLike, index_dir: Path) -> str:
    target = Path(path)
    if target.is_absolute():
        target = Path(os.path.relpath(target, index_dir))
    return target.as_posix()


def render_index(entries: Iterable[IndexEntry | Mapping[str, Any]], out_dir: Path, *, title: str = TITLE) -> str:
    """The index page's HTML (what :func:`write_index` writes)."""
    items = [_entry(e) for e in entries]
    for item in items:
        if not item.label.strip():
            raise ExportError(f"index entry for {paths.display_path(Path(item.path))} has no label; "
                              "say which paper it is, e.g. 'Leicestershire: panel paper 2019-20'.")
    years = sorted({i.year for i in items if i.year}, reverse=True)
    if any(not i.year for i in items):
        years.append("")
    items.sort(key=lambda i: i.kind != "overview")
    groups, toc = [], []
    for year in years:
        heading = f"Papers for {year}" if year else "Other papers"
        gid = slugify(heading)
        group_entries = [{"href": _href(i.path, out_dir), "label": i.label.strip(),
                          "pdf": _href(i.pdf, out_dir) if i.pdf else None,
                          "meeting_date": meeting_date(i.meeting_date, i.date_label),
                          "editions": [{"date": meeting_date(e["as_at"]), "id": e["id"], "corrects": e.get("corrects")}
                                       for e in i.editions]}
                         for i in items if i.year == year]
        groups.append({"id": gid, "heading": heading, "entries": group_entries})
        toc.append(TocEntry(id=gid, text=heading, level=2))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=False,
                             keep_trailing_newline=True)
    html = env.get_template("listing.html.j2").render(
        title=str(title).strip(), css=css(), groups=groups, toc=toc,
        header_lines=[f"{len(items)} paper{'s' if len(items) != 1 else ''}, one self-contained file each."])
    return html.strip() + "\n"


def write_index(entries: Iterable[IndexEntry | Mapping[str, Any]], out_path: str | os.PathLike, *,
                title: str = TITLE) -> Path:
    """Write the index page linking every paper, atomically.

    Parameters
    ----------
    entries : iterable of IndexEntry or mapping
        Each with ``path`` (or ``href``), ``label`` (or ``title``: link text naming the paper),
        optional ``year``, ``meeting_date``, ``kind``, ``pdf`` and ``editions``. Papers are grouped
        by year, newest first; in each year the overview comes first, then the others in order.
    out_path : path
        The index file; links are relative to its folder.
    title : str
        The page title and ``h1``.
    """
    out_path = Path(out_path)
    html = render_index(entries, out_path.resolve().parent, title=title)
    return write_atomic(out_path, html.encode("utf-8"))


def entries_for(out_dir: Path, papers: Mapping[str, dict], panels: Iterable[str], editions_dir: Path) -> list[IndexEntry]:
    """The index's entries: the manifest's papers whose files exist and whose panel is still in the data.

    ``papers`` is the output folder's manifest (paper id -> what the build recorded when it
    published the paper: title, kind, panel, year, as-at date, files). ``panels`` are the panels in
    the data now; the overview is always listed.
    """
    from ..editions import EditionError, editions_for

    keep = set(panels)
    entries = []
    for paper_id, paper in sorted(papers.items()):
        if paper["kind"] != "overview" and paper["panel"] not in keep:
            continue
        html = out_dir / paper["html"]
        if not html.is_file():
            continue
        pdf = out_dir / paper["pdf"] if paper.get("pdf") and (out_dir / paper["pdf"]).is_file() else None
        try:
            issued = [e for e in editions_for(editions_dir, paper["panel"]) if e.financial_year == paper["year"]]
        except EditionError:
            issued = []
        entries.append(IndexEntry(
            path=paper["html"], label=paper["title"], year=paper["year"], meeting_date=paper["as_at"],
            date_label="meeting" if paper.get("date_given") else "as at", kind=paper["kind"],
            pdf=paper["pdf"] if pdf else None,
            editions=tuple({"as_at": e.as_at.isoformat(), "id": e.edition_id, "corrects": e.corrects}
                           for e in issued)))
    return entries
