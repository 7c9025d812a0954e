"""Turn an executed notebook into one self-contained, accessible, printable HTML paper.

The exporter is nbconvert's :class:`~nbconvert.exporters.HTMLExporter` with our template
(``templates/collab_paper``, extending nbconvert's ``base``). What the reader gets:

- no code, no prompts, no stream or error output: only markdown cells and display outputs
  (first of ``text/html``, ``text/markdown``, ``image/svg+xml``, ``image/png``, ``image/jpeg``,
  ``text/plain``);
- every HTML fragment sanitised against an allowlist (:data:`ALLOWED_TAGS`,
  :func:`allowed_attribute`): no scripts, styles, event handlers or ``javascript:`` links; images
  only as ``data:`` URIs; links only to ``http(s)`` sources or ``#`` anchors;
- nothing fetched from the network: CSS inlined, no fonts, no MathJax, no require.js;
- ``lang="en-GB"``, a skip link, header/nav/main/footer landmarks, one ``h1`` (the title), the
  meeting date, a table of contents built from the ``h2``/``h3`` headings, wide tables in
  focusable scroll regions, A4 print styles, and the run record at the end;
- the same input gives the same bytes, and the file is replaced atomically.

>>> from collab_analysis.export import export_html
>>> export_html("build/leicestershire.ipynb", "reports/2019-20/leicestershire.html",
...             title="Leicestershire Police and Crime Panel: collaboration 2019-20",
...             meeting_date="2019-07-22", run_record={})          # doctest: +SKIP
"""
from __future__ import annotations

import base64
import binascii
import copy
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import Any

import bleach
import jinja2
import nbformat
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors.sanitize import SanitizeHTML
from traitlets import Any as AnyTrait
from traitlets import Bool, List, Set, Unicode, default
from traitlets.config import Config

from .. import paths
from ..errors import CollabAnalysisError

log = logging.getLogger(__name__)

TEMPLATE_NAME = "collab_paper"
TEMPLATE_DIR = paths.TEMPLATES / TEMPLATE_NAME
CSS_PATH = TEMPLATE_DIR / "static" / "paper.css"

#: Tags a paper may contain: the fragment tags of the spec plus what markdown cells produce.
#: (``h1`` is let through only so that :func:`paper_outline` can demote it to ``h2``.)
ALLOWED_TAGS = frozenset({
    "section", "div", "span", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption", "img", "details", "summary",
    "a", "strong", "em", "b", "i", "abbr", "sup", "sub", "small", "code", "pre", "blockquote",
    "br", "hr", "time", "mark", "q", "cite",
})

#: Attributes allowed on any allowed tag.
GLOBAL_ATTRIBUTES = frozenset({
    "class", "id", "lang", "title", "role", "aria-label", "aria-labelledby", "aria-describedby",
    "aria-hidden",
})

#: Attributes allowed on particular tags (values of href/src are checked further).
TAG_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan", "headers"},
    "td": {"colspan", "rowspan", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "div": {"tabindex"},
}

#: Elements removed together with their content (stripping only the tags would leave their text).
DROPPED_ELEMENTS = ("script", "style", "template", "iframe", "object", "embed", "noscript",
                    "textarea", "select", "title", "svg", "math", "head", "link", "meta", "base",
                    "form", "frame", "frameset", "applet")

_DATA_IMAGE = re.compile(r"data:image/(?:svg\+xml|png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+\Z")
_LINK = re.compile(r"(?:https?://[^\s\"'<>]+|#[A-Za-z0-9_.:-]+)\Z")

#: Ids the page chrome uses; headings in the body never take them.
RESERVED_IDS = frozenset({"content", "contents-heading", "run-record"})

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


class ExportError(CollabAnalysisError, ValueError):
    """A notebook cannot become an accessible paper (for example an image without alt text)."""


# --------------------------------------------------------------------------------------------
# Sanitising
# --------------------------------------------------------------------------------------------

def allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Whether attribute ``name="value"`` may stay on ``<tag>`` (bleach's attribute callback).

    Links must go to ``http(s)`` or an ``#anchor``; images must be ``data:image/...;base64``;
    ``tabindex`` may only make a scroll region focusable (``0``). Event handlers and ``style``
    are never allowed because they are not in the lists.
    """
    if name in GLOBAL_ATTRIBUTES:
        return True
    if name not in TAG_ATTRIBUTES.get(tag, ()):
        return False
    if tag == "a" and name == "href":
        return bool(_LINK.match(value.strip()))
    if tag == "img" and name == "src":
        return bool(_DATA_IMAGE.match(value.strip()))
    if name == "tabindex":
        return value.strip() in {"0", "-1"}
    return True


def _drop_elements(html: str) -> str:
    """Remove executable or invisible elements with everything inside them."""
    if not any(f"<{tag}" in html.lower() for tag in DROPPED_ELEMENTS):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(DROPPED_ELEMENTS):
        element.decompose()
    return str(soup)


def sanitize_fragment(html: Any) -> str:
    """Sanitise one HTML fragment with the paper allowlist.

    Disallowed tags are stripped (their text kept), except :data:`DROPPED_ELEMENTS` which go
    with their content; disallowed attributes and unsafe URLs are removed; comments go.

    >>> sanitize_fragment('<p onclick="x()">Hi<script>alert(1)</script></p>')
    '<p>Hi</p>'
    """
    text = html.decode("utf-8") if isinstance(html, bytes) else str(html)
    return bleach.clean(
        _drop_elements(text),
        tags=ALLOWED_TAGS,
        attributes=allowed_attribute,
        protocols={"http", "https", "data"},
        strip=True,
        strip_comments=True,
    )


class PaperSanitizer(SanitizeHTML):
    """nbconvert's SanitizeHTML with the paper allowlist, ``data:`` images and scripts removed whole.

    nbconvert 7.17 offers two switches: ``HTMLExporter.sanitize_html`` (used only by the lab and
    classic templates, through a ``clean_html`` filter with a fixed allowlist that would strip
    figures, images and table headers) and the configurable ``SanitizeHTML`` preprocessor, whose
    bleach call has no ``protocols`` setting and so would drop every ``data:`` image. This
    subclass is that preprocessor with the protocols and our allowlist. It sanitises ``text/html``
    outputs and removes every output type that is not listed (``application/javascript``,
    widgets, LaTeX). Markdown (cells and ``text/markdown`` outputs) is sanitised by the same
    function after it has been rendered to HTML, in the template, because sanitising markdown
    source escapes ``>`` and breaks quotes.
    """

    tags = List(Unicode(), default_value=sorted(ALLOWED_TAGS), help="HTML tags a paper may contain").tag(config=True)
    attributes = AnyTrait(default_value=allowed_attribute, help="Allowed attributes: callable(tag, name, value)").tag(
        config=True)
    protocols = Set(Unicode(), default_value={"http", "https", "data"},
                    help="URL schemes bleach lets through (href and src are checked again by attributes)").tag(config=True)
    strip = Bool(True, help="Remove unsafe markup instead of escaping it").tag(config=True)
    safe_output_keys = Set(
        default_value={"metadata", "text/plain", "image/png", "image/jpeg", "image/svg+xml", "text/markdown"},
        help="Output types kept as they are: plain text is escaped by the template, images become "
             "data: URIs in <img> (where SVG scripts never run), markdown is sanitised after rendering",
    ).tag(config=True)
    sanitized_output_types = Set(default_value={"text/html"}, help="Output types sanitised here").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        """Sanitise the HTML outputs of code cells; markdown is sanitised after rendering."""
        if cell.cell_type == "code":
            cell.outputs = self.sanitize_code_outputs(cell.outputs)
        return cell, resources

    def sanitize_html_tags(self, html_str):
        """Sanitise a string of HTML with this preprocessor's settings."""
        return bleach.clean(
            _drop_elements(str(html_str)),
            tags=self.tags,
            attributes=self.attributes,
            protocols=self.protocols,
            strip=self.strip,
            strip_comments=self.strip_comments,
        )


# --------------------------------------------------------------------------------------------
# Outline: heading ids, table of contents, table regions, alt text
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# Template filters
# --------------------------------------------------------------------------------------------

def b64_clean(data: Any) -> str:
    """Base64 image data as one line, checked to be base64."""
    text = data.decode("ascii") if isinstance(data, bytes) else str(data)
    text = "".join(text.split())
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ExportError(f"an image output is not valid base64 ({exc}); re-run the notebook.") from exc
    return text


def svg_data_uri(svg: Any) -> str:
    """An SVG document as a ``data:`` URI (inside ``<img>`` an SVG's scripts never run)."""
    data = svg.encode("utf-8") if isinstance(svg, str) else bytes(svg)
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


@jinja2.pass_context
def image_alt(context, output, mimetype: str) -> str:
    """The alt text of an image output, from its metadata (``{"image/png": {"alt": ...}}``)."""
    metadata = output.get("metadata", {}) or {}
    alt = (metadata.get(mimetype, {}) or {}).get("alt") or metadata.get("alt") or ""
    if not str(alt).strip():
        cell = context.get("cell") or {}
        source = " ".join(str(cell.get("source", "")).split())[:60]
        raise ExportError(
            f"an image output has no alt text (cell source: {source!r}); display charts with "
            "ca.charts (they carry alt text) or set output metadata "
            f"{{{mimetype!r}: {{'alt': '...'}}}}.")
    return str(alt)


# --------------------------------------------------------------------------------------------
# The exporter
# --------------------------------------------------------------------------------------------

class PaperExporter(HTMLExporter):
    """HTMLExporter with the ``collab_paper`` template and the paper's settings."""

    export_from_notebook = None  # not offered in Jupyter's "export as" menu

    @default("template_name")
    def _template_name_default(self):
        return TEMPLATE_NAME

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self):
        return [str(paths.TEMPLATES)]

    @property
    def default_config(self):
        c = Config({
            "NbConvertBase": {
                "display_data_priority": ["text/html", "text/markdown", "image/svg+xml", "image/png",
                                          "image/jpeg", "text/plain"],
            },
            "TemplateExporter": {
                "exclude_input": True,
                "exclude_input_prompt": True,
                "exclude_output_prompt": True,
                "exclude_raw": True,
                "exclude_unknown": True,
            },
            "HTMLExporter": {
                "sanitize_html": True,
                "exclude_anchor_links": True,
                "embed_images": True,
            },
        })
        base = super().default_config.copy()
        base.merge(c)
        return base

    def default_filters(self):
        """Our filters on top of nbconvert's."""
        yield from super().default_filters()
        yield ("sanitize_fragment", sanitize_fragment)
        yield ("paper_outline", paper_outline)
        yield ("svg_data_uri", svg_data_uri)
        yield ("b64_clean", b64_clean)
        yield ("image_alt", image_alt)


# --------------------------------------------------------------------------------------------
# Page data
# --------------------------------------------------------------------------------------------

def _meeting_date(value: Any) -> dict[str, str] | None:
    """``"2019-07-22"`` -> ``{"iso": "2019-07-22", "text": "22 July 2019"}``."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return {"iso": "", "text": text}
    return {"iso": day.isoformat(), "text": f"{day.day} {_MONTHS[day.month - 1]} {day.year}"}


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


def _css() -> str:
    return CSS_PATH.read_text(encoding="utf-8").strip()


def _header_lines(run_record: Mapping[str, Any] | None) -> list[str]:
    params = (run_record or {}).get("parameters") or {}
    year = params.get("financial_year") if isinstance(params, Mapping) else None
    return [f"Financial year {year}"] if year else []


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

def _atomic_write(out_path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``out_path``, then rename it into place."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, out_path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    return out_path


def render_html(notebook: nbformat.NotebookNode | str | os.PathLike, *, title: str,
                meeting_date: str | None, run_record: Mapping[str, Any] | None) -> str:
    """The paper's HTML as a string (what :func:`export_html` writes)."""
    if isinstance(notebook, (str, os.PathLike)):
        nb_path = Path(notebook)
        nb = nbformat.read(nb_path, as_version=4)
        nb_dir = nb_path.resolve().parent
    else:
        nb = copy.deepcopy(notebook)
        nb_dir = paths.NOTEBOOKS
    if not str(title).strip():
        raise ExportError("a paper needs a title; pass title='...' to export_html.")
    resources = {
        "metadata": {"name": slugify(title), "path": str(nb_dir)},
        "ca": {
            "title": str(title).strip(),
            "meeting_date": _meeting_date(meeting_date),
            "header_lines": _header_lines(run_record),
            "run_record": run_record_sections(run_record),
            "css": _css(),
        },
    }
    body, _ = PaperExporter().from_notebook_node(nb, resources=resources)
    body = body.strip() + "\n"
    if str(paths.PROJ_ROOT) in body:
        log.warning("the paper %r contains the absolute project path %s", title, paths.PROJ_ROOT)
    return body


def export_html(notebook: nbformat.NotebookNode | str | os.PathLike, out_path: str | os.PathLike, *,
                title: str, meeting_date: str | None, run_record: Mapping[str, Any] | None) -> Path:
    """Write an executed notebook as one self-contained offline HTML paper.

    Parameters
    ----------
    notebook : NotebookNode or path
        The executed notebook (papermill's output).
    out_path : path
        Where to write the paper. Written to a temporary file in the same folder and renamed,
        so a failure leaves any previous paper untouched.
    title : str
        The paper's title: the page ``<title>`` and its only ``h1``.
    meeting_date : str
        The meeting date (``YYYY-MM-DD``), shown in the header.
    run_record : mapping
        ``parameters``, ``data_files`` (sha256) and ``versions``, shown at the end.

    Returns
    -------
    Path
        ``out_path``.

    Raises
    ------
    ExportError
        The notebook cannot become an accessible paper (no title, an image without alt text).
    """
    html = render_html(notebook, title=title, meeting_date=meeting_date, run_record=run_record)
    path = _atomic_write(Path(out_path), html.encode("utf-8"))
    log.info("wrote %s", paths.display_path(path))
    return path


# --------------------------------------------------------------------------------------------
# Index page
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndexEntry:
    """One paper on the index page.

    ``label`` is the link text and must say which paper it is on its own, e.g.
    ``"Leicestershire: panel paper 2019-20"``. ``path`` is the paper's file (absolute, or
    relative to the index). Entries are grouped under one heading per ``year``; within a year an
    ``"overview"`` comes first, then the rest in the order given.
    """

    path: str | os.PathLike
    label: str
    year: str = ""
    meeting_date: str = ""
    kind: str = "panel"


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
                          kind=str(item.get("kind") or "panel"))
    raise TypeError(f"index entries are IndexEntry or mappings, not {type(item).__name__}")


def _href(path: str | os.PathLike, index_dir: Path) -> str:
    target = Path(path)
    if target.is_absolute():
        target = Path(os.path.relpath(target, index_dir))
    return target.as_posix()


def render_index(entries: Iterable[IndexEntry | Mapping[str, Any]], out_dir: Path, *, title: str) -> str:
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
                          "meeting_date": _meeting_date(i.meeting_date)} for i in items if i.year == year]
        groups.append({"id": gid, "heading": heading, "entries": group_entries})
        toc.append(TocEntry(id=gid, text=heading, level=2))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=False,
                             keep_trailing_newline=True)
    html = env.get_template("listing.html.j2").render(
        title=str(title).strip(), css=_css(), groups=groups, toc=toc,
        header_lines=[f"{len(items)} paper{'s' if len(items) != 1 else ''}, one self-contained file each."])
    return html.strip() + "\n"


def write_index(entries: Iterable[IndexEntry | Mapping[str, Any]], out_path: str | os.PathLike, *,
                title: str) -> Path:
    """Write the index page linking every paper (``reports/index.html``), atomically.

    Parameters
    ----------
    entries : iterable of IndexEntry or mapping
        Each with ``path`` (or ``href``), ``label`` (or ``title``: link text naming the paper),
        optional ``year``, ``meeting_date`` and ``kind``. Papers are grouped by year, newest
        first; in each year the overview comes first, then the others in the order given.
    out_path : path
        The index file; links are relative to its folder.
    title : str
        The page title and ``h1``.
    """
    out_path = Path(out_path)
    html = render_index(entries, out_path.resolve().parent, title=title)
    path = _atomic_write(out_path, html.encode("utf-8"))
    log.info("wrote %s", paths.display_path(path))
    return path
