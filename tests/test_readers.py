"""The papers as readers meet them, in a real browser (Debian's Chromium through Playwright): chart
text legible on a phone, no sideways scrolling at 375 px, no clipped table at 1280 px, the grid turned
into a list on a phone, the front sheet and the summary on the first printed page, and the PDFs."""
from __future__ import annotations

import pytest

import a11y_checks as checks

pytestmark = [pytest.mark.slow, pytest.mark.browser]

MIN_CHART_TEXT_PX = 11


def papers(shipped_build):
    _report, out, _ = shipped_build
    return sorted(out.glob("*/*.html"))


def test_chart_text_is_real_text_at_least_11px_on_a_phone(browser, shipped_build):
    """Every chart's words are <text> (searchable, selectable) and render at 11 CSS px or more at
    375 px: the font size times the scale the chart is drawn at, not the unscaled style value."""
    measured = 0
    for path in papers(shipped_build):
        with checks.open_page(browser, path, checks.PHONE) as opened:
            sizes = opened.page.evaluate("""() => [...document.querySelectorAll('svg.ca-svg')].flatMap(svg => {
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
            })""")
        measured += len(sizes)
        assert sizes == [] or min(sizes) >= MIN_CHART_TEXT_PX, (path.name, min(sizes))
    assert measured > 0, "no chart text was found: the charts are not drawn with text as text"


def test_no_sideways_scrolling_on_a_phone(browser, shipped_build):
    for path in papers(shipped_build):
        with checks.open_page(browser, path, checks.PHONE) as opened:
            width = opened.page.evaluate("document.documentElement.scrollWidth")
        assert width <= checks.PHONE["width"], (path.name, width)


def test_no_table_is_cut_off_or_scrolls_at_1280(browser, shipped_build):
    """At 1280 px every table fits its column: nothing clipped, nothing to scroll sideways."""
    for path in papers(shipped_build):
        with checks.open_page(browser, path, checks.DESKTOP) as opened:
            clipped = opened.page.evaluate("""() => [...document.querySelectorAll('table')].filter(t => {
                const box = t.parentElement; return t.scrollWidth > box.clientWidth + 1 ||
                    t.getBoundingClientRect().right > document.documentElement.clientWidth; })
                .map(t => (t.querySelector('caption') || t).textContent.slice(0, 60))""")
        assert not clipped, (path.name, clipped)


def test_the_membership_grid_becomes_a_list_on_a_phone(browser, shipped_build):
    """On a phone each collaboration is a block of "Force: Yes" lines, not a shrunken grid."""
    _report, out, _ = shipped_build
    with checks.open_page(browser, out / "2019-20" / "leicestershire.html", checks.PHONE) as opened:
        shown = opened.page.evaluate("""() => { const cell = document.querySelector('table.ca-grid td.ca-state');
            return [getComputedStyle(cell.parentElement).display, getComputedStyle(cell, '::before').content]; }""")
    assert shown[0] == "block" and "Derbyshire" in shown[1]


def test_the_front_sheet_and_the_summary_are_on_the_first_printed_page(shipped_build):
    """Issue 12: the paper opens like the panels' reports, with the summary box on page 1 of the PDF."""
    from pypdf import PdfReader

    _report, out, _ = shipped_build
    first = PdfReader(str(out / "2019-20" / "leicestershire.pdf")).pages[0].extract_text()
    for words in ("Leicester, Leicestershire and Rutland Police and Crime Panel", "22 July 2019", "Recommendation",
                  "At a glance", "Contributions", "Questions the panel may wish to ask"):
        assert words in first, words


def test_every_pdf_fits_the_agenda_pack(shipped_build):
    """A4, at most ten pages, at most 1.5 MB, tagged, the title and the page number in the footer."""
    from pypdf import PdfReader

    _report, out, _ = shipped_build
    pdfs = sorted(out.glob("*/*.pdf"))
    assert len(pdfs) == len(papers(shipped_build))
    for pdf in pdfs:
        reader = PdfReader(str(pdf))
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1, pdf.name   # A4 in points
        assert len(reader.pages) <= 10, (pdf.name, len(reader.pages))
        assert pdf.stat().st_size <= 1_500_000, pdf.name
        assert "/StructTreeRoot" in reader.trailer["/Root"], pdf.name
        footer = reader.pages[0].extract_text()
        assert "Page 1 of" in footer and "Draft" in footer, pdf.name
