"""Is each paper printed to a tagged A4 PDF for the agenda pack, beside its HTML, and does a build
without a browser still give the HTML with one line saying so?"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from collab_analysis.publish import build, pdf, plan
from publish_helpers import fixture_notebooks  # noqa: F401  (a fixture)

CI = os.environ.get("CI", "").lower() == "true"
A4 = (595.28, 841.89)  # 210 x 297 mm in points (Chromium rounds to whole CSS pixels)
needs_browser = pytest.mark.skipif(not pdf.CHROMIUM.exists() and not CI,
                                   reason="browser tests skipped: apt-get install -y chromium to run them")


def _build(data, root: Path, **kw):
    return build.build_papers(data_dir=data, out_dir=root / "reports", build_dir=root / "build",
                              editions_dir=root / "editions", **kw)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The synthetic papers built with their PDFs: (report, out_dir)."""
    from collab_analysis.data.synthetic import write_synthetic

    from publish_helpers import OVERVIEW, PANEL

    root = tmp_path_factory.mktemp("pdf")
    data = write_synthetic(root / "data", forces=3, years=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan, "PANEL_NOTEBOOK", PANEL)
        patch.setattr(plan, "OVERVIEW_NOTEBOOK", OVERVIEW)
        return _build(data, root), root / "reports", data


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Leicestershire's paper on the shipped data, with its PDF."""
    root = tmp_path_factory.mktemp("shipped-pdf")
    build.build_papers(out_dir=root / "reports", build_dir=root / "build", panels=["leicestershire"])
    return next((root / "reports").glob("*/leicestershire.pdf"))


def _reader(path: Path):
    from pypdf import PdfReader

    return PdfReader(str(path))


@needs_browser
@pytest.mark.slow
@pytest.mark.browser
def test_every_paper_has_a_pdf_beside_its_html(printed):
    """Is there a PDF beside each HTML paper, the overview's included, and linked from the index?"""
    report, out, _ = printed
    htmls = sorted(out.glob("2029-30/*.html"))
    assert [p.with_suffix(".pdf").is_file() for p in htmls] == [True] * 4
    index = (out / "index.html").read_text()
    assert 'href="2029-30/force-01.pdf"' in index and 'href="2029-30/regional-overview.pdf"' in index


@needs_browser
@pytest.mark.slow
@pytest.mark.browser
def test_pdf_is_a4_tagged_with_title_and_page_numbers_in_the_footer(printed):
    """Is each page A4, the PDF tagged (structure tree, marked), with 'Page N of M' and the title on each page?"""
    _, out, _ = printed
    reader = _reader(out / "2029-30" / "force-01.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert abs(float(box.width) - A4[0]) < 1.5 and abs(float(box.height) - A4[1]) < 1.5
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {pages}" in text
        assert "Synthetic Force 1" in text
    assert "/Outlines" in root  # headings as bookmarks


@needs_browser
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.usefixtures("fixture_notebooks")
def test_the_same_html_prints_the_same_pdf_bytes(printed, tmp_path):
    """Is the PDF reproducible: the same data give the same bytes, dated by the paper, not the clock?"""
    _, out, data = printed
    _build(data, tmp_path, panels=["force-01"])
    again = (tmp_path / "reports" / "2029-30" / "force-01.pdf").read_bytes()
    assert again == (out / "2029-30" / "force-01.pdf").read_bytes()
    assert b"/CreationDate (D:20290722000000+00'00')" in again  # force-01's meeting, the paper's date


@needs_browser
@pytest.mark.slow
@pytest.mark.browser
def test_the_shipped_paper_prints_within_the_page_target(shipped):
    """How many A4 pages does Leicestershire's paper print to (readers' target: 10)? Recorded until the lead's
    shorter papers land, then asserted."""
    pages = len(_reader(shipped).pages)
    print(f"\nLeicestershire 2019-20 PDF: {pages} pages, {shipped.stat().st_size / 1e6:.2f} MB")
    assert pages >= 1


@needs_browser
@pytest.mark.slow
@pytest.mark.browser
def test_the_shipped_paper_pdf_fits_the_agenda_pack(shipped):
    """Is the PDF at most 1.5 MB and at most 10 pages?"""
    assert shipped.stat().st_size <= pdf.MAX_BYTES
    assert len(_reader(shipped).pages) <= 10


def test_print_css_keeps_charts_and_table_rows_whole():
    """Does the paper's print CSS (the publish block) forbid page breaks inside charts and table rows?"""
    css = (pdf.Path(build.__file__).parent / "templates" / "collab_paper" / "static" / "paper.css").read_text()
    block = css.split("/* print: owned by publish */", 1)[1]
    assert re.search(r"figure[^{]*\.ca-figure[^{]*{[^}]*break-inside: avoid", block)
    assert re.search(r"\btr\b[^{]*{[^}]*break-inside: avoid", block)
    assert re.search(r"thead\s*{[^}]*display: table-header-group", block)


@pytest.mark.slow
@pytest.mark.usefixtures("fixture_notebooks")
def test_without_a_browser_the_build_says_so_once_and_writes_the_html(synthetic_data, tmp_path, monkeypatch):
    """With no Chromium, is there one line saying the PDFs were not printed, and every HTML paper still?"""
    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "no-chromium")
    notes = []
    report = _build(synthetic_data, tmp_path, on_note=notes.append)
    assert report.count("built") == 4
    assert notes == ["PDFs not printed: no browser at " + str(tmp_path / "no-chromium")
                     + " (apt-get install chromium); the HTML papers were built (pass --no-pdf to skip PDFs)"]
    assert len(list((tmp_path / "reports").glob("2029-30/*.html"))) == 4
    assert not list((tmp_path / "reports").glob("2029-30/*.pdf"))


def test_reproducible_keeps_offsets_and_orders_ids():
    """Are the dates set and the element ids renumbered in order without changing the file's length?"""
    import datetime as dt

    raw = (b"/CreationDate (D:20261127055239+00'00')\n/ID (node00000112) /ID (node00004110) "
           b"/Names [(node00000112) 1 0 R (node00004110) 2 0 R]")
    out = pdf.reproducible(raw, dt.datetime(2019, 7, 22, tzinfo=dt.timezone.utc))
    assert len(out) == len(raw)
    assert b"(D:20190722000000+00'00')" in out
    assert b"/Names [(node00000001) 1 0 R (node00000002) 2 0 R]" in out
