"""The page around a paper's body: heading ids and contents, the header's date, the run record.

Used by the exporter's template (:mod:`collab_analysis.publish.export`) and the index page
(:mod:`collab_analysis.publish.index`); nothing here reads a finished paper back.
"""
from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from bs4 import BeautifulSoup

from .. import paths
from ..errors import ExportError

log = logging.getLogger(__name__)

TEMPLATE_NAME = "collab_paper"
TEMPLATE_DIR = paths.TEMPLATES / TEMPLATE_NAME
CSS_PATH = TEMPLATE_DIR / "static" / "paper.css"

#: Ids the page chrome uses; headings in the body never take them.
RESERVED_IDS = frozenset({"content", "contents-heading", "run-record"})


def slugify(text: str) -> str:
    """A stable id from heading text: ascii, lower case, words joined by ``-``.

    >>> slugify("What it costs: 2019-20 contributions (£)")
    'what-it-costs-2019-20-contributions'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "section"


@dataclass
class TocEntry:
    """One heading in the table of contents."""

    id: str
    text: str
    level: int
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class Outline:
    """The paper body with heading ids assigned, and its table of contents."""

    html: str
    toc: list[TocEntry]


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _heading_text(heading) -> str:
    """A heading's words for the contents and its id, without footnote markers."""
    words = copy.copy(heading)
    for sup in words.find_all("sup"):
        sup.decompose()
    return _text(words)


def paper_outline(html: str, *, reserved_ids: Iterable[str] = RESERVED_IDS) -> Outline:
    """Give every h2/h3 a stable id, build the contents, and make the body safe to lay out.

    - an ``h1`` in the body is demoted to ``h2`` (the page has one ``h1``: the title);
    - ``h2``/``h3`` get ids slugified from their text, deduplicated with ``-2``, ``-3``;
    - every table sits in a focusable, labelled scroll region (``div.ca-table-wrap``), so a wide
      table scrolls by itself and never the page;
    - ``<details>`` holding a data table are opened, so printed papers show the data;
    - every image must have non-empty alt text, else :class:`ExportError`; an image whose
      source the sanitiser removed is dropped, and a link without a safe href becomes text.
    """
    soup = BeautifulSoup(html, "html.parser")

    for img in soup.find_all("img"):
        if not img.get("src"):
            log.warning("dropping an image whose source was not a data: URI (alt %r)", img.get("alt"))
            img.decompose()
            continue
        alt = (img.get("alt") or "").strip()
        if not alt:
            near = img.find_parent("figure")
            where = _text(near)[:80] if near is not None else str(img)[:80]
            raise ExportError(
                f"an image in the paper has no alt text (near: {where!r}); display charts with "
                "ca.charts, which generates alt text, or give the image an alt attribute.")

    for link in soup.find_all("a"):
        if not link.get("href"):
            link.unwrap()

    for h1 in soup.find_all("h1"):
        log.warning("demoting <h1> %r to <h2>: the paper title is the only h1", _text(h1))
        h1.name = "h2"

    for table in soup.find_all("table"):
        wrap = table.find_parent("div", class_="ca-table-wrap")
        caption = table.find("caption")
        label = _text(caption) if caption is not None else "Table"
        if wrap is None:
            wrap = soup.new_tag("div")
            wrap["class"] = ["ca-table-wrap"]
            table.wrap(wrap)
        wrap["role"] = "region"
        wrap["tabindex"] = "0"
        if not wrap.get("aria-label") and not wrap.get("aria-labelledby"):
            wrap["aria-label"] = label

    for details in soup.find_all("details"):
        if details.find("table") is not None:
            details["open"] = ""

    headings = soup.find_all(["h2", "h3"])
    taken = set(reserved_ids)
    for element in soup.find_all(id=True):
        if element.name not in ("h2", "h3"):
            taken.add(element["id"])
    toc: list[TocEntry] = []
    for heading in headings:
        text = _heading_text(heading)
        base = slugify(text)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        heading["id"] = slug
        entry = TocEntry(id=slug, text=text, level=int(heading.name[1]))
        if entry.level == 3 and toc:
            toc[-1].children.append(entry)
        else:
            toc.append(entry)
    return Outline(html=str(soup), toc=toc)


def meeting_date(value: Any, label: str = "Meeting date") -> dict[str, str] | None:
    """``"2019-07-22"`` -> ``{"iso": "2019-07-22", "text": "22 July 2019", "label": "Meeting date"}``."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(text[:10])
    except ValueError:
        return {"iso": "", "text": text, "label": label}
    from ..years import format_date

    return {"iso": day.isoformat(), "text": format_date(day), "label": label}


def date_line(as_at, date_given: bool) -> dict[str, str] | None:
    """The header's date: the meeting's date, or "As at" the year's end when no meeting date is known."""
    return meeting_date(as_at, "Meeting date" if date_given else "As at")


def _display_value(value: Any) -> str:
    """A run-record value as text: paths relative to the project, never absolute."""
    if value is None:
        return "not set"
    if isinstance(value, PurePath):
        return paths.display_path(Path(value))
    if isinstance(value, str) and os.path.isabs(value):
        return paths.display_path(Path(value))
    if isinstance(value, (list, tuple)):
        return "; ".join(_display_value(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_display_value(v)}" for k, v in value.items())
    return str(value)


_SECTION_TITLES = {
    "parameters": ("Parameters", "Parameter", "Value", False),
    "data_files": ("Data files (SHA-256)", "File", "SHA-256", True),
    "data": ("Data files (SHA-256)", "File", "SHA-256", True),
    "hashes": ("Data files (SHA-256)", "File", "SHA-256", True),
    "versions": ("Package and library versions", "Package", "Version", False),
    "packages": ("Package and library versions", "Package", "Version", False),
    "libraries": ("Library versions", "Library", "Version", False),
    "notebook": ("Notebook", "Name", "Value", False),
    "data_files_used": ("Data files used", "File", "Value", False),
    "facts_sha256": ("Facts digest (SHA-256 of the figures, memberships and sources this paper shows)", "Name",
                     "Value", False),
    "package": ("Package", "Name", "Value", False),
}


def _rows(value: Any) -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        return [(_display_value(k), _display_value(v)) for k, v in value.items()]
    rows = []
    for item in value:
        if isinstance(item, Mapping):
            item = dict(item)
            key = next((item.pop(k) for k in ("file", "name", "path", "package") if k in item), "")
            val = next((item.pop(k) for k in ("sha256", "version", "value") if k in item), None)
            rest = _display_value(item) if item else ""
            text = " ".join(x for x in (_display_value(val) if val is not None else "", rest) if x)
            rows.append((_display_value(key), text))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            rows.append((_display_value(item[0]), _display_value(item[1])))
        else:
            rows.append((_display_value(item), ""))
    return rows


def run_record_sections(run_record: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The run record as sections for the footer, in the order given.

    Expected keys (others are shown too, titled from the key): ``parameters`` (name -> value),
    ``data_files`` (file name -> sha256, or a list of ``{"file", "sha256"}``), ``versions``
    (package -> version). Absolute paths are shown relative to the project.
    """
    sections = []
    for key, value in (run_record or {}).items():
        title, key_header, value_header, code = _SECTION_TITLES.get(
            str(key), (str(key).replace("_", " ").capitalize(), "Name", "Value", False))
        if isinstance(value, Mapping) or (isinstance(value, (list, tuple)) and value
                                          and not isinstance(value, str)):
            rows = _rows(value)
            sections.append({"title": title, "caption": title, "key_header": key_header,
                             "value_header": value_header, "rows": rows, "code": code, "text": ""})
        else:
            sections.append({"title": title, "rows": [], "text": _display_value(value) if value not in ({}, [], ())
                             else "none", "code": False})
    if not sections:
        sections.append({"title": "Not recorded", "rows": [], "code": False,
                         "text": "No run record was supplied for this paper."})
    return sections


def css() -> str:
    """The page's CSS and the paper sections' own (``paper/templates/sections.css``), inlined."""
    from ..paper.render import TEMPLATES as SECTION_TEMPLATES

    return "\n".join(p.read_text(encoding="utf-8").strip() for p in (CSS_PATH, SECTION_TEMPLATES / "sections.css"))


def header_lines(run_record: Mapping[str, Any] | None) -> list[str]:
    params = (run_record or {}).get("parameters") or {}
    year = params.get("financial_year") if isinstance(params, Mapping) else None
    return [f"Financial year {year}"] if year else []
