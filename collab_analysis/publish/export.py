"""Turn an executed notebook into one self-contained, accessible, printable HTML paper.

The exporter is nbconvert's :class:`~nbconvert.exporters.HTMLExporter` with our template
(``templates/collab_paper``, extending nbconvert's ``base``), registered with nbconvert by entry
point as ``collab-paper``, so ``jupyter nbconvert --to collab-paper executed.ipynb`` gives the paper
``collab-analysis build`` publishes: same template, filters, sanitising and look. What the reader
gets:

- no code, no prompts, no stream or error output: only markdown cells and display outputs
  (first of ``text/html``, ``text/markdown``, ``image/svg+xml``, ``image/png``, ``image/jpeg``,
  ``text/plain``);
- every HTML fragment sanitised against an allowlist (:data:`ALLOWED_TAGS`,
  :func:`allowed_attribute`): no scripts, styles, event handlers or ``javascript:`` links; images
  only as ``data:`` URIs; links only to ``http(s)`` sources or ``#`` anchors;
- nothing fetched from the network: CSS inlined, no fonts, no MathJax, no require.js;
- ``lang="en-GB"``, a skip link, landmarks, one ``h1`` (the title), the meeting date, contents
  built from the headings (:mod:`collab_analysis.publish.page`), A4 print styles, the run record;
- the same input gives the same bytes, and the file is replaced atomically.

>>> from collab_analysis.publish.export import export_html
>>> export_html("build/leicestershire.ipynb", "reports/2019-20/leicestershire.html",
...             title="Leicestershire Police and Crime Panel: collaboration 2019-20",
...             meeting_date="2019-07-22", run_record={})          # doctest: +SKIP
"""
from __future__ import annotations

import base64
import binascii
import copy
import functools
import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
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
from ..errors import ExportError
from . import svg
from .files import write_atomic
from .page import TEMPLATE_NAME, css, header_lines, meeting_date as page_date, paper_outline, run_record_sections, \
    slugify

log = logging.getLogger(__name__)

__all__ = ["ALLOWED_TAGS", "ExportError", "PaperExporter", "PaperSanitizer", "allowed_attribute", "export_html",
           "render_html", "sanitize_fragment", "slugify"]

#: Tags a paper may contain: the fragment tags of the spec plus what markdown cells produce.
#: (``h1`` is let through only so that :func:`~collab_analysis.publish.page.paper_outline` can demote it.)
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
    "td": {"colspan", "rowspan", "headers", "data-force"},
    "li": {"value"},
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
    text, charts = svg.extract(text)
    return svg.restore(bleach.clean(
        _drop_elements(text),
        tags=ALLOWED_TAGS,
        attributes=allowed_attribute,
        protocols={"http", "https", "data"},
        strip=True,
        strip_comments=True,
    ), charts)


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
        """Sanitise a string of HTML with this preprocessor's settings (charts through :mod:`.svg`)."""
        text, charts = svg.extract(str(html_str))
        return svg.restore(bleach.clean(
            _drop_elements(text),
            tags=self.tags,
            attributes=self.attributes,
            protocols=self.protocols,
            strip=self.strip,
            strip_comments=self.strip_comments,
        ), charts)




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
    """HTMLExporter with the ``collab_paper`` template and the paper's settings.

    Registered as nbconvert's ``collab-paper`` exporter. Given a notebook that papermill ran with
    a paper's parameters and no ``resources["ca"]``, it works out the paper's title, date and run
    record from those parameters and the data, exactly as the build does (see
    :func:`collab_analysis.publish.papers.page_for_notebook`).
    """

    export_from_notebook = None  # not offered in Jupyter's "export as" menu
    output_mimetype = "text/html"

    @default("file_extension")
    def _file_extension_default(self):
        return ".html"

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = self._init_resources(resources)
        if "ca" not in resources:
            from .papers import page_for_notebook

            resources["ca"] = paper_resources(**page_for_notebook(nb))
        body, resources = super().from_notebook_node(nb, resources, **kw)
        body = body.strip() + "\n"
        if str(paths.PROJ_ROOT) in body:
            log.warning("the paper %r contains the absolute project path %s", resources["ca"]["title"],
                        paths.PROJ_ROOT)
        return body, resources

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
# Writing
# --------------------------------------------------------------------------------------------

def paper_resources(title: str, date: Any, run_record: Mapping[str, Any] | None, date_label: str = "Meeting date",
                    ) -> dict[str, Any]:
    """What the template needs besides the notebook: ``resources["ca"]``."""
    if not str(title).strip():
        raise ExportError("a paper needs a title; pass title='...' to export_html.")
    return {"title": str(title).strip(), "meeting_date": page_date(date, date_label),
            "header_lines": header_lines(run_record), "run_record": run_record_sections(run_record), "css": css()}


def render_html(notebook: nbformat.NotebookNode | str | os.PathLike, *, title: str, meeting_date: Any,
                run_record: Mapping[str, Any] | None, date_label: str = "Meeting date") -> str:
    """The paper's HTML as a string (what :func:`export_html` writes)."""
    if isinstance(notebook, (str, os.PathLike)):
        nb = nbformat.read(Path(notebook), as_version=4)
    else:
        nb = copy.deepcopy(notebook)
    resources = {"metadata": {"name": slugify(str(title) or "paper"), "path": str(paths.NOTEBOOKS)},
                 "ca": paper_resources(title, meeting_date, run_record, date_label)}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body


@functools.lru_cache(maxsize=1)
def _exporter() -> PaperExporter:
    """One exporter per process: its Jinja environment compiles the page's templates once."""
    return PaperExporter()


def prime() -> None:
    """Pay once, in the build process, what the first export of a process costs (about 1.5 s: the
    templates compiled, html5lib's and the markdown parser's tables and regular expressions built,
    matplotlib's fonts read), so every paper's child process forked afterwards starts with it done.

    Draws a chart, and exports a small notebook holding one of each thing a paper holds (a markdown
    heading; a section with a note, a table in a details block and an inline chart:
    ``templates/primer/fragment.html``).
    """
    from ..paper import charts

    charts.hbar("primer", "Primer", ["A", "B"], [2.0, 1.0], ["£2m", "£1m"], "Two bars: A £2m, B £1m.")
    fragment = (paths.TEMPLATES / "primer" / "fragment.html").read_text(encoding="utf-8")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## Primer"),
        nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("display_data", data={"text/html": fragment})]),
    ])
    render_html(nb, title="Primer", meeting_date="2019-07-22", run_record={"parameters": {"financial_year": "2019-20"}})


def export_html(notebook: nbformat.NotebookNode | str | os.PathLike, out_path: str | os.PathLike, *,
                title: str, meeting_date: Any, run_record: Mapping[str, Any] | None,
                date_label: str = "Meeting date") -> Path:
    """Write an executed notebook as one self-contained offline HTML paper.

    Parameters
    ----------
    notebook : NotebookNode or path
        The executed notebook (papermill's output).
    out_path : path
        Where to write the paper, atomically: a failure leaves any previous paper untouched.
    title : str
        The paper's title: the page ``<title>`` and its only ``h1``.
    meeting_date : str or date
        The date the paper is as at (``YYYY-MM-DD``), shown in the header after ``date_label``.
    run_record : mapping
        How the paper was made (parameters, data files, digest, versions), shown at the end.

    Raises
    ------
    ExportError
        The notebook cannot become an accessible paper (no title, an image without alt text).
    OutputError
        The file cannot be written (the message names it and the fix).
    """
    html = render_html(notebook, title=title, meeting_date=meeting_date, run_record=run_record, date_label=date_label)
    path = write_atomic(Path(out_path), html.encode("utf-8"))
    log.info("wrote %s", paths.display_path(path))
    return path
