"""Every paper accessible, and checked in a real browser.

Builds every paper from the shipped data (``collab_analysis.publish.build.build_papers``) once per
session, opens each in headless Chromium (Debian's ``/usr/bin/chromium``; Playwright's own
browsers are never downloaded) and checks it: axe-core WCAG 2.1 A/AA with zero violations, one
h1, no skipped heading levels, landmarks, a working skip link, captions and header cells on
every table, descriptive alt text, descriptive link text, nothing fetched from the network, no
sideways scrolling at 375 px, and an A4 print that keeps figures and tables whole. A screenshot of
each paper's first screen is saved to ``build/screenshots/``.

The checks are also run on deliberately bad pages (``tests/data/export/bad_*.html``) to show
that they fail when they should.
"""
from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pytest

import a11y_checks as checks
from collab_analysis import paths

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATA = Path(__file__).parent / "data" / "export"
SCREENSHOTS = paths.BUILD / "screenshots"


def shipped_panels() -> list[str]:
    """Force ids with a panel in the shipped data (read without the package: this runs at collection)."""
    forces = paths.DATA_RAW / "forces.csv"
    if not forces.exists():
        return []
    with forces.open(newline="", encoding="utf-8-sig") as handle:
        return [row["force_id"].strip() for row in csv.DictReader(handle) if (row.get("panel_name") or "").strip()]


PAPER_NAMES = [*shipped_panels(), "regional-overview", "index"]


# --------------------------------------------------------------------------------------------
# Fixtures

def _build_with_papermill(out_dir: Path) -> list[Path]:
    """Build the shipped papers without build.py: papermill each notebook, export, write the index."""
    import papermill

    from collab_analysis.publish.export import export_html
    from collab_analysis.publish.index import write_index

    work = out_dir.parent / "executed"
    work.mkdir(parents=True, exist_ok=True)
    year, date = "2019-20", "2019-07-22"
    jobs = [(f"{force}", paths.NOTEBOOKS / "panel_paper.ipynb",
             {"force_id": force, "financial_year": year, "meeting_date": date, "data_dir": "data/raw"},
             f"Cross-force collaboration: paper for {force}, {year}") for force in shipped_panels()]
    jobs.append(("regional-overview", paths.NOTEBOOKS / "regional_overview.ipynb",
                 {"financial_year": year, "meeting_date": date, "data_dir": "data/raw"},
                 f"Cross-force collaboration in the East Midlands: regional overview, {year}"))
    outputs, entries = [], []
    for name, notebook, parameters, title in jobs:
        executed = work / f"{name}.ipynb"
        papermill.execute_notebook(str(notebook), str(executed), parameters=parameters, kernel_name="python3",
                                   cwd=str(paths.PROJ_ROOT), progress_bar=False, log_output=False)
        out = export_html(nbformat.read(executed, as_version=4), out_dir / year / f"{name}.html", title=title,
                          meeting_date=date, run_record={"parameters": parameters})
        outputs.append(out)
        entries.append({"path": out, "label": title, "year": year,
                        "kind": "overview" if name == "regional-overview" else "panel"})
    outputs.append(write_index(entries, out_dir / "index.html", title="Cross-force police collaboration: panel papers"))
    return outputs


@pytest.fixture(scope="session")
def built_papers(request, tmp_path_factory) -> dict:
    """Every paper built from the shipped data: {"outputs": [Path], "failures": [str]}.

    Uses the session's ``shipped_build`` (conftest: ``collab_analysis.publish.build.build_papers``, the
    real ``collab-analysis build``), or calls ``build_papers`` itself, or, where build.py has no
    ``build_papers``, runs papermill and ``export_html`` directly. Papers that fail to build are
    reported by ``test_every_shipped_paper_builds``; the rest are still checked.
    """
    checks.require_browser()
    from collab_analysis.publish import build
    from collab_analysis.errors import BuildError

    if not hasattr(build, "build_papers"):
        return {"outputs": _build_with_papermill(tmp_path_factory.mktemp("a11y") / "reports"), "failures": []}
    try:
        try:
            report, out_dir, _ = request.getfixturevalue("shipped_build")
        except pytest.FixtureLookupError:
            root = tmp_path_factory.mktemp("a11y")
            out_dir = root / "reports"
            report = build.build_papers(out_dir=out_dir, build_dir=root / "build")
    except BuildError as exc:
        # The papers that did build are still on disk: check those too.
        built = sorted(tmp_path_factory.getbasetemp().glob("*/reports/**/*.html"))
        return {"outputs": built, "failures": [str(f) for f in exc.failures]}
    outputs = list(report.outputs) + ([report.index] if report.index else [])
    return {"outputs": sorted({Path(p) for p in outputs}), "failures": []}


def papers_named(built_papers: dict, name: str) -> list[Path]:
    found = [p for p in built_papers["outputs"] if p.stem == name]
    if not found:
        pytest.fail(f"no built paper named {name!r}; built: {[p.name for p in built_papers['outputs']]}; "
                    f"failures: {built_papers['failures']}")
    return found


# --------------------------------------------------------------------------------------------
# The shipped papers

def test_every_shipped_paper_builds(built_papers):
    """Does every paper of the shipped data build (so that every one is checked below)?"""
    assert not built_papers["failures"], "papers failed to build:\n" + "\n".join(built_papers["failures"])
    names = {p.stem for p in built_papers["outputs"]}
    assert set(PAPER_NAMES) <= names, f"missing papers: {sorted(set(PAPER_NAMES) - names)}"


@pytest.mark.parametrize("name", PAPER_NAMES)
def test_paper_has_no_axe_violations(browser, built_papers, name):
    """Does axe-core find zero WCAG 2.1 A/AA violations, with nothing fetched from the network?"""
    for path in papers_named(built_papers, name):
        with checks.open_page(browser, path) as opened:
            checks.assert_no_axe_violations(opened.page)
            checks.assert_offline(opened)
            rel = path.relative_to(path.parents[1]) if path.name != "index.html" else Path("index.html")
            shot = SCREENSHOTS / (rel.with_suffix("").as_posix().replace("/", "_") + ".png")
            checks.save_screenshot(opened.page, shot)


@pytest.mark.parametrize("name", PAPER_NAMES)
def test_paper_structure(browser, built_papers, name):
    """One h1, no skipped heading levels, landmarks, skip link, captioned tables, good alt and link text?"""
    for path in papers_named(built_papers, name):
        with checks.open_page(browser, path) as opened:
            page = opened.page
            checks.assert_one_h1(page)
            checks.assert_heading_levels(page)
            checks.assert_landmarks(page)
            checks.assert_tables_ok(page)
            checks.assert_alt_text_ok(page)
            checks.assert_link_text_ok(page)
            checks.assert_skip_link(page)


@pytest.mark.parametrize("name", PAPER_NAMES)
def test_paper_fits_a_phone(browser, built_papers, name):
    """At 375 px wide, does the page never scroll sideways?"""
    for path in papers_named(built_papers, name):
        with checks.open_page(browser, path, viewport=checks.PHONE) as opened:
            checks.assert_no_horizontal_overflow(opened.page)
            rel = path.relative_to(path.parents[1]) if path.name != "index.html" else Path("index.html")
            checks.save_screenshot(opened.page, SCREENSHOTS / (rel.with_suffix("").as_posix().replace("/", "_")
                                                               + "-375.png"))


@pytest.mark.parametrize("name", PAPER_NAMES)
def test_paper_prints_on_a4(browser, built_papers, name, tmp_path):
    """Does the paper print to A4 with figures and tables kept whole and data tables shown?"""
    for path in papers_named(built_papers, name):
        with checks.open_page(browser, path) as opened:
            checks.assert_print_layout(opened.page, tmp_path / f"{path.stem}.pdf")


# --------------------------------------------------------------------------------------------
# The template on its own (independent of the data and of paper.py)

@pytest.fixture(scope="module")
def sample_paper(tmp_path_factory) -> Path:
    from collab_analysis.publish.export import export_html

    out = tmp_path_factory.mktemp("sample") / "sample.html"
    return export_html(DATA / "sample_paper.ipynb", out, title="Fixture Police and Crime Panel: collaboration 2019-20",
                       meeting_date="2019-07-22",
                       run_record={"parameters": {"force_id": "fixture", "financial_year": "2019-20"},
                                   "data_files": {"forces.csv": "a" * 64}, "libraries": {"python": "3.11"}})


def test_template_passes_every_check(browser, sample_paper, tmp_path):
    """Does the template itself produce a page that passes every check?"""
    with checks.open_page(browser, sample_paper) as opened:
        page = opened.page
        checks.assert_no_axe_violations(page)
        checks.assert_offline(opened)
        checks.assert_one_h1(page)
        checks.assert_heading_levels(page)
        checks.assert_landmarks(page)
        checks.assert_tables_ok(page)
        checks.assert_alt_text_ok(page)
        checks.assert_link_text_ok(page)
        checks.save_screenshot(page, SCREENSHOTS / "template-sample.png")
        checks.assert_skip_link(page)
        checks.assert_print_layout(page, tmp_path / "sample.pdf")
    with checks.open_page(browser, sample_paper, viewport=checks.PHONE) as opened:
        checks.assert_no_horizontal_overflow(opened.page)
        checks.save_screenshot(opened.page, SCREENSHOTS / "template-sample-375.png")


def test_wide_table_scrolls_inside_its_region(browser, sample_paper):
    """At 375 px, does the nine-column table scroll inside a focusable region while the page does not?"""
    with checks.open_page(browser, sample_paper, viewport=checks.PHONE) as opened:
        widths = opened.page.evaluate("""() => [...document.querySelectorAll('.ca-table-wrap')].map(w => ({
            scroll: w.scrollWidth, client: w.clientWidth, tabindex: w.getAttribute('tabindex'),
            label: w.getAttribute('aria-label')}))""")
        assert any(w["scroll"] > w["client"] for w in widths), widths
        assert all(w["tabindex"] == "0" and w["label"] for w in widths)
        checks.assert_no_horizontal_overflow(opened.page)


# --------------------------------------------------------------------------------------------
# The checker, on pages built to fail

def test_alt_text_check_fails_on_missing_and_placeholder_alt(browser):
    with checks.open_page(browser, DATA / "bad_alt.html") as opened:
        with pytest.raises(AssertionError) as failed:
            checks.assert_alt_text_ok(opened.page)
    message = str(failed.value)
    assert "no alt attribute" in message
    assert "No description has been provided" in message
    assert "'chart'" in message
    assert "file name" in message


def test_axe_fails_on_missing_alt(browser):
    with checks.open_page(browser, DATA / "bad_alt.html") as opened:
        with pytest.raises(AssertionError, match="image-alt"):
            checks.assert_no_axe_violations(opened.page)


def test_axe_fails_on_low_contrast(browser):
    with checks.open_page(browser, DATA / "bad_contrast.html") as opened:
        with pytest.raises(AssertionError, match="color-contrast"):
            checks.assert_no_axe_violations(opened.page)


@pytest.mark.parametrize("check, message", [
    (checks.assert_one_h1, "exactly one h1"),
    (checks.assert_heading_levels, "skip a level"),
    (checks.assert_landmarks, "landmark"),
    (checks.assert_tables_ok, "no caption"),
    (checks.assert_link_text_ok, "click here"),
    (checks.assert_skip_link, "skip link"),
])
def test_structure_checks_fail_on_a_bad_page(browser, check, message):
    with checks.open_page(browser, DATA / "bad_structure.html") as opened:
        with pytest.raises(AssertionError, match=message):
            check(opened.page)


def test_link_text_check_catches_bare_urls(browser):
    with checks.open_page(browser, DATA / "bad_structure.html") as opened:
        with pytest.raises(AssertionError, match="bare URL"):
            checks.assert_link_text_ok(opened.page)


def test_overflow_check_fails_on_a_wide_page(browser):
    with checks.open_page(browser, DATA / "bad_overflow.html", viewport=checks.PHONE) as opened:
        with pytest.raises(AssertionError, match="horizontal overflow"):
            checks.assert_no_horizontal_overflow(opened.page)


def test_print_check_fails_without_break_rules(browser, tmp_path):
    with checks.open_page(browser, DATA / "bad_overflow.html") as opened:
        with pytest.raises(AssertionError, match="split across pages"):
            checks.assert_print_layout(opened.page, tmp_path / "bad.pdf")


def test_offline_check_records_network_requests(browser, tmp_path):
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><html lang="en-GB"><head><title>Remote</title>'
                    '<link rel="stylesheet" href="https://cdn.example.org/x.css"></head><body></body></html>')
    with checks.open_page(browser, page) as opened:
        with pytest.raises(AssertionError, match="cdn.example.org"):
            checks.assert_offline(opened)


@pytest.mark.parametrize("alt, ok", [
    ("Bar chart of contributions in 2019-20: EMSOU is the largest at £2.1m.", True),
    ("Line chart showing spend rising from 2016-17 to 2019-20", True),
    (None, False), ("", False), ("   ", False), ("Chart", False), ("plot", False), ("Figure 3", False),
    ("image.png", False), ("chart_contributions.svg", False),
    ("No description has been provided for this image", False), ("short", False),
])
def test_alt_text_rules(alt, ok):
    assert (checks.alt_text_problem(alt) is None) == ok


def test_missing_browser_skips_locally_and_fails_in_ci(monkeypatch, tmp_path):
    """Without /usr/bin/chromium: one clear skip on a laptop, a failure naming the fix in CI."""
    monkeypatch.setattr(checks, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        checks.require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true.*apt-get install -y chromium"):
        checks.require_browser()
