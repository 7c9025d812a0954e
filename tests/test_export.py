"""Tests of the exporter and template on hand-made notebooks (fast: no kernel, no browser)."""
from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from collab_analysis import paths
from collab_analysis.publish import export
from collab_analysis.publish.export import ExportError, export_html, sanitize_fragment, slugify
from collab_analysis.publish.index import IndexEntry, write_index

DATA = Path(__file__).parent / "data" / "export"
SAMPLE = DATA / "sample_paper.ipynb"
SVG = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>').decode()
IMG = f'<img src="data:image/svg+xml;base64,{SVG}" alt="Bar chart of contributions: EMSOU is the largest.">'
RUN_RECORD = {
    "parameters": {"force_id": "leicestershire", "financial_year": "2019-20", "meeting_date": "2019-07-22",
                   "data_dir": str(paths.PROJ_ROOT / "data" / "raw")},
    "data_files": {"budgets.csv": "0" * 64, "forces.csv": "f" * 64},
    "package": "collab-analysis 0.1.0",
    "libraries": {"python": "3.11.9", "nbconvert": "7.17.2"},
}


def html_cell(html: str, source: str = "ca.paper.summary(tables, force_id, financial_year)"):
    return new_code_cell(source, outputs=[new_output("display_data", data={"text/html": html, "text/plain": "x"})],
                         execution_count=3)


def notebook(*cells):
    nb = new_notebook(cells=list(cells))
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    return nb


def render(nb, tmp_path: Path, **kw) -> tuple[str, BeautifulSoup]:
    out = export_html(nb, tmp_path / "paper.html", title=kw.get("title", "Leicestershire: panel paper 2019-20"),
                      meeting_date=kw.get("meeting_date", "2019-07-22"), run_record=kw.get("run_record", RUN_RECORD))
    text = out.read_text(encoding="utf-8")
    return text, BeautifulSoup(text, "html.parser")


@pytest.fixture
def paper(tmp_path):
    nb = notebook(
        new_code_cell('force_id = "leicestershire"', metadata={"tags": ["parameters"]}, execution_count=1),
        new_code_cell("import collab_analysis as ca", execution_count=2,
                      outputs=[new_output("stream", name="stdout", text="printed to stdout\n")]),
        new_markdown_cell("## What we are part of\n\nNarrative for the panel."),
        html_cell(f'<section class="ca-block"><h3>Membership</h3><p>Member of <strong>5</strong>.'
                  f'<sup><a href="#fn-s1">[1]</a></sup></p><figure class="ca-chart">{IMG}<figcaption>Contributions'
                  '</figcaption><details><summary>Data for this chart</summary><table><caption>Contributions</caption>'
                  '<thead><tr><th scope="col">Collaboration</th><th scope="col">£</th></tr></thead><tbody><tr>'
                  '<td>EMSOU</td><td>2,100,000</td></tr></tbody></table></details></figure></section>'),
        new_markdown_cell("## What it costs"),
        new_code_cell("1 / 0", execution_count=4, outputs=[new_output(
            "error", ename="ZeroDivisionError", evalue="division by zero", traceback=["Traceback: boom"])]),
        new_markdown_cell("### Contributions over time"),
        new_markdown_cell("## What it costs"),
        html_cell('<ol><li id="fn-s1">Source one. <a href="https://example.org/report">Fixture report</a></li></ol>'),
    )
    return render(nb, tmp_path)


def test_page_has_language_title_and_one_h1(paper):
    """Is the page in British English, with a real title that is also its only h1?"""
    _, soup = paper
    assert soup.html["lang"] == "en-GB"
    assert soup.title.get_text() == "Leicestershire: panel paper 2019-20"
    assert [h.get_text() for h in soup.find_all("h1")] == ["Leicestershire: panel paper 2019-20"]


def test_markdown_h1_is_demoted(tmp_path):
    """Does a stray '# heading' in a notebook leave the title as the only h1?"""
    _, soup = render(notebook(new_markdown_cell("# Stray title")), tmp_path)
    assert len(soup.find_all("h1")) == 1
    assert soup.find("h2", string="Stray title") is not None


def test_skip_link_and_landmarks(paper):
    """Is the first link a skip link to main#content, with header, nav, main and footer around it?"""
    _, soup = paper
    first_link = soup.body.find("a")
    assert first_link["href"] == "#content" and "Skip" in first_link.get_text()
    assert soup.find("main")["id"] == "content"
    assert soup.find("header").find("h1") is not None
    assert soup.find("nav", attrs={"aria-label": "Contents"}) is not None
    assert soup.find("footer") is not None


def test_meeting_date_in_header(paper):
    """Does the header show the meeting date, machine-readable and in words?"""
    _, soup = paper
    time = soup.find("header").find("time")
    assert time["datetime"] == "2019-07-22" and time.get_text() == "22 July 2019"


def test_contents_lists_h2_and_h3_in_order_with_stable_ids(paper):
    """Is the contents built from the body's h2/h3, in order, each linking to a unique id?"""
    _, soup = paper
    main = soup.find("main")
    headings = [(h.name, h.get_text(), h["id"]) for h in main.find_all(["h2", "h3"])]
    assert headings == [
        ("h2", "What we are part of", "what-we-are-part-of"),
        ("h3", "Membership", "membership"),
        ("h2", "What it costs", "what-it-costs"),
        ("h3", "Contributions over time", "contributions-over-time"),
        ("h2", "What it costs", "what-it-costs-2"),
    ]
    nav = soup.find("nav", attrs={"aria-label": "Contents"})
    hrefs = [a["href"] for a in nav.find_all("a")]
    assert hrefs == ["#what-we-are-part-of", "#membership", "#what-it-costs", "#contributions-over-time",
                     "#what-it-costs-2", "#run-record"]
    for href in hrefs:
        assert soup.find(id=href[1:]) is not None
    nested = nav.find("ol").find("li").find("ol")
    assert [a.get_text() for a in nested.find_all("a")] == ["Membership"]


def test_no_code_prompts_streams_or_errors(paper):
    """Are code inputs, prompts, printed output and tracebacks all left out of the paper?"""
    text, soup = paper
    body = soup.body.get_text()
    for unwanted in ("import collab_analysis", "ca.paper", "force_id =", "In [", "Out[", "printed to stdout",
                     "ZeroDivisionError", "Traceback"):
        assert unwanted not in body
    assert "jp-" not in text


def test_nothing_is_fetched_from_the_network(paper):
    """Is the page self-contained: no scripts, no linked CSS or fonts, images only as data: URIs?"""
    text, soup = paper
    assert soup.find("script") is None
    assert soup.find("link") is None
    assert "@import" not in text and "url(http" not in text and "@font-face" not in text
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:"), tag
    for tag in soup.find_all(href=True):
        assert tag.name == "a" and tag["href"].startswith(("#", "https://", "http://")), tag


@pytest.mark.parametrize("hostile, gone", [
    ("<script>alert('x')</script>", ["<script", "alert("]),
    ('<img src="x" onerror="alert(1)" alt="Chart of something useful here">', ["onerror", "alert("]),
    ('<a href="javascript:alert(1)">Report of the panel</a>', ["javascript:"]),
    ('<a href="JaVaScRiPt:alert(1)">Report of the panel</a>', ["JaVaScRiPt", "alert("]),
    ('<p style="color:red" onclick="steal()">Styled</p>', ["style=", "onclick", "steal"]),
    ("<style>body{display:none}</style>", ["display:none"]),
    ('<iframe src="https://example.org"></iframe>', ["<iframe", "example.org"]),
    ('<img src="https://tracker.example.org/pixel.png" alt="A pixel that would phone home">', ["tracker"]),
    ('<link rel="stylesheet" href="https://cdn.example.org/x.css">', ["cdn.example.org"]),
    ('<form action="https://example.org"><input name="q"></form>', ["<form", "<input"]),
    ("<!-- a comment with secrets -->", ["secrets"]),
])
def test_sanitising_removes_hostile_markup(tmp_path, hostile, gone):
    """Does the sanitiser strip scripts, handlers, javascript: URLs, styles and remote resources?"""
    text, _ = render(notebook(html_cell(f"<section><p>Kept text.</p>{hostile}</section>")), tmp_path)
    main = text[text.index("<main"):text.index("</main>")]
    assert "Kept text." in main
    for needle in gone:
        assert needle not in main


def test_sanitising_keeps_the_fragment_vocabulary(tmp_path):
    """Are the spec's fragment tags, data: images, source links and footnote anchors kept intact?"""
    fragment = (f'<section class="ca-block"><figure class="ca-chart">{IMG}<figcaption>Caption</figcaption>'
                '</figure><p><abbr title="confirmed">C</abbr> <small>s</small> <em>e</em> <span class="ca-x">x</span>'
                '<sup><a href="#fn-src-1">[1]</a></sup> <a href="https://example.org/a">Fixture report</a></p>'
                '<table><caption>T</caption><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>1</td>'
                '</tr></tbody></table><ol><li id="fn-src-1">Note</li></ol></section>')
    _, soup = render(notebook(html_cell(fragment)), tmp_path)
    main = soup.find("main")
    img = main.find("img")
    assert img["src"] == f"data:image/svg+xml;base64,{SVG}"
    assert img["alt"].startswith("Bar chart")
    assert main.find("a", href="#fn-src-1") is not None
    assert main.find("a", href="https://example.org/a") is not None
    assert main.find("li", id="fn-src-1") is not None
    assert main.find("th")["scope"] == "col"
    assert main.find("abbr")["title"] == "confirmed"
    assert main.find("span")["class"] == ["ca-x"]
    assert main.find("figure")["class"] == ["ca-chart"]


def test_sanitize_fragment_drops_script_content():
    """Is a script removed with its text, not just its tags?"""
    assert sanitize_fragment("<p>a<script>alert(1)</script>b</p>") == "<p>ab</p>"


def test_javascript_output_is_dropped(tmp_path):
    """Is an application/javascript output never shown, even without an HTML alternative?"""
    nb = notebook(new_code_cell("x", outputs=[new_output("display_data", data={
        "application/javascript": "alert('js')", "text/plain": "<IPython.core.display.Javascript object>"})]))
    text, _ = render(nb, tmp_path)
    assert "alert('js')" not in text
    assert "&lt;IPython.core.display.Javascript object&gt;" in text


def test_image_outputs_become_data_uris_with_alt(tmp_path):
    """Do PNG and SVG outputs become <img data:...> with the alt text from their metadata?"""
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n fake").decode()
    nb = notebook(
        new_code_cell("a", outputs=[new_output("display_data", data={"image/png": png},
                                               metadata={"image/png": {"alt": "Line chart of spend rising"}})]),
        new_code_cell("b", outputs=[new_output("display_data", data={"image/svg+xml": "<svg xmlns='x'/>"},
                                               metadata={"alt": "Dot plot of savings claims by kind"})]),
    )
    _, soup = render(nb, tmp_path)
    imgs = soup.find("main").find_all("img")
    assert [i["alt"] for i in imgs] == ["Line chart of spend rising", "Dot plot of savings claims by kind"]
    assert imgs[0]["src"] == f"data:image/png;base64,{png}"
    assert imgs[1]["src"].startswith("data:image/svg+xml;base64,")


def test_image_without_alt_text_is_an_error(tmp_path):
    """Does an image output without alt text stop the export with a message saying how to fix it?"""
    png = base64.b64encode(b"\x89PNG fake").decode()
    nb = notebook(new_code_cell("plt.plot(x)", outputs=[new_output("display_data", data={"image/png": png})]))
    with pytest.raises(ExportError, match="no alt text.*plt.plot"):
        render(nb, tmp_path)
    with pytest.raises(ExportError, match="no alt text"):
        render(notebook(html_cell(f'<img src="data:image/svg+xml;base64,{SVG}" alt=" ">')), tmp_path)


def test_tables_scroll_inside_labelled_focusable_regions(paper):
    """Is every table inside a focusable, labelled scroll region, and are data tables open for print?"""
    _, soup = paper
    for table in soup.find_all("table"):
        wrap = table.find_parent("div", class_="ca-table-wrap")
        assert wrap is not None and wrap["role"] == "region" and wrap["tabindex"] == "0"
        assert wrap["aria-label"] == table.caption.get_text()
    assert soup.find("main").find("details").has_attr("open")


def test_run_record_in_footer_without_absolute_paths(paper):
    """Does the footer hold the parameters, data hashes and versions, with no absolute path?"""
    text, soup = paper
    footer = soup.find("footer")
    assert footer.find("h2", id="run-record")
    cells = [td.get_text() for td in footer.find_all("td")]
    assert "leicestershire" in cells and "data/raw" in cells and "0" * 64 in cells and "7.17.2" in cells
    assert "collab-analysis 0.1.0" in footer.get_text()
    assert str(paths.PROJ_ROOT) not in text


def test_css_is_inline_with_a4_print_rules(paper):
    """Is the CSS inline, with A4 page size, charts and table rows kept whole when printed, and a
    table's header row repeated on each page it breaks across?"""
    _, soup = paper
    css = soup.find("style").get_text()
    assert re.search(r"@page\s*{[^}]*size:\s*A4", css)
    assert re.search(r"figure[^{]*{[^}]*break-inside: avoid", css)
    assert re.search(r"\btr\b[^{]*{[^}]*break-inside: avoid", css)
    assert re.search(r"thead\s*{[^}]*display: table-header-group", css)
    assert "max-width: 100%" in css


def test_export_is_byte_reproducible(tmp_path):
    """Does exporting the same notebook twice give identical bytes, from a node or from a path?"""
    kw = dict(title="Fixture paper", meeting_date="2019-07-22", run_record=RUN_RECORD)
    a = export_html(SAMPLE, tmp_path / "a.html", **kw).read_bytes()
    b = export_html(SAMPLE, tmp_path / "b.html", **kw).read_bytes()
    c = export_html(nbformat.read(SAMPLE, as_version=4), tmp_path / "c.html", **kw).read_bytes()
    assert a == b == c
    assert b"/tmp" not in a and str(paths.PROJ_ROOT).encode() not in a


def test_failed_render_leaves_the_previous_paper_untouched(tmp_path):
    """If rendering fails, is the previous paper byte-identical and no temporary file left behind?"""
    out = tmp_path / "paper.html"
    kw = dict(title="Fixture paper", meeting_date="2019-07-22", run_record=RUN_RECORD)
    export_html(SAMPLE, out, **kw)
    before = out.read_bytes()
    bad = notebook(new_code_cell("x", outputs=[new_output("display_data", data={"image/png": "iVBORw0KGgo="})]))
    with pytest.raises(ExportError):
        export_html(bad, out, **kw)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.html"]


def test_failed_write_leaves_the_previous_paper_untouched(tmp_path, monkeypatch):
    """If the final rename fails, is the previous paper intact and the temporary file removed?"""
    out = tmp_path / "paper.html"
    kw = dict(title="Fixture paper", meeting_date="2019-07-22", run_record=RUN_RECORD)
    export_html(SAMPLE, out, **kw)
    before = out.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        export_html(SAMPLE, out, title="Another title", meeting_date="2019-07-22", run_record=RUN_RECORD)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.html"]


def test_title_is_required(tmp_path):
    with pytest.raises(ExportError, match="title"):
        export_html(SAMPLE, tmp_path / "p.html", title=" ", meeting_date="2019-07-22", run_record={})


def test_empty_run_record_says_so(tmp_path):
    """Is a missing run record stated rather than left blank?"""
    _, soup = render(notebook(new_markdown_cell("## Only")), tmp_path, run_record={})
    assert "No run record was supplied" in soup.find("footer").get_text()


@pytest.mark.parametrize("text, slug", [
    ("What it costs", "what-it-costs"),
    ("Savings: claimed, projected & inspected", "savings-claimed-projected-inspected"),
    ("Contributions 2019-20 (£)", "contributions-2019-20"),
    ("Öffentliche Café", "offentliche-cafe"),
    ("£££", "section"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_index_links_every_paper_with_descriptive_text(tmp_path):
    """Does the index link each paper by a name that says which paper, grouped by year, newest first?"""
    reports = tmp_path / "reports"
    entries = [
        IndexEntry(path=reports / "2018-19" / "leicestershire.html", label="Leicestershire: panel paper 2018-19",
                   year="2018-19"),
        {"href": "2019-20/leicestershire.html", "title": "Leicestershire: panel paper 2019-20", "year": "2019-20",
         "kind": "panel"},
        {"href": "2019-20/regional-overview.html", "title": "East Midlands: regional overview 2019-20",
         "year": "2019-20", "kind": "overview"},
    ]
    out = write_index(entries, reports / "index.html", title="Cross-force police collaboration: panel papers")
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en-GB"
    assert [h.get_text() for h in soup.find_all("h1")] == ["Cross-force police collaboration: panel papers"]
    assert soup.body.find("a")["href"] == "#content"
    main = soup.find("main")
    assert [h.get_text() for h in main.find_all("h2")] == ["Papers for 2019-20", "Papers for 2018-19"]
    links = [(a["href"], a.get_text()) for a in main.find_all("a")]
    assert links == [
        ("2019-20/regional-overview.html", "East Midlands: regional overview 2019-20"),
        ("2019-20/leicestershire.html", "Leicestershire: panel paper 2019-20"),
        ("2018-19/leicestershire.html", "Leicestershire: panel paper 2018-19"),
    ]
    assert soup.find("style") is not None and soup.find("script") is None


def test_index_entry_needs_a_label(tmp_path):
    with pytest.raises(ExportError, match="no label"):
        write_index([{"href": "2019-20/x.html", "year": "2019-20"}], tmp_path / "index.html", title="Papers")


def test_template_is_found_from_the_package():
    """Is the template loaded from collab_analysis/templates, whatever the current directory?"""
    exporter = export.PaperExporter()
    assert exporter.template_name == "collab_paper"
    assert str(paths.TEMPLATES) in exporter.extra_template_basedirs
    assert any(Path(p) == paths.TEMPLATES / "collab_paper" for p in exporter.template_paths)


def test_cells_tagged_remove_are_left_out(tmp_path):
    """Can an analyst hide a cell ('remove-cell') or its output ('remove-output') from the paper?"""
    nb = notebook(
        new_markdown_cell("## Kept heading"),
        with_tags(new_markdown_cell("## Hidden heading"), "remove-cell"),
        with_tags(html_cell("<p>Hidden output</p>"), "remove-output"),
        html_cell("<p>Shown output</p>"),
    )
    text, _ = render(nb, tmp_path)
    assert "Kept heading" in text and "Shown output" in text
    assert "Hidden heading" not in text and "Hidden output" not in text


def with_tags(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def test_markdown_keeps_its_formatting(tmp_path):
    """Is markdown rendered before it is sanitised, so quotes, lists and links survive?"""
    nb = notebook(new_markdown_cell("## Notes\n\n> A quote from the panel.\n\n- one\n- two\n\n"
                                    "See [the report](https://example.org/report) & more."))
    _, soup = render(nb, tmp_path)
    main = soup.find("main")
    assert main.find("blockquote").get_text(strip=True) == "A quote from the panel."
    assert [li.get_text() for li in main.find_all("li")] == ["one", "two"]
    assert main.find("a", href="https://example.org/report").get_text() == "the report"
    assert "& more" in main.get_text()


def test_contents_leave_out_footnote_markers(tmp_path):
    """Does a heading with a footnote marker appear in the contents without the marker?"""
    nb = notebook(html_cell('<h3>Budget share<sup><a href="#fn-s1">[1, D]</a></sup></h3>'))
    _, soup = render(nb, tmp_path)
    nav = soup.find("nav", attrs={"aria-label": "Contents"})
    assert nav.find("a", href="#budget-share").get_text() == "Budget share"
