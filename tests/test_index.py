"""Does the index list exactly the papers this tool published (from the plan and the manifest, not by
reading pages back), with their PDFs and editions, and leave pages it did not write alone?"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from collab_analysis.publish import build, index
from collab_analysis.publish.index import IndexEntry, render_index

from publish_helpers import fixture_notebooks  # noqa: E402,F401  (a fixture)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fixture_notebooks")]


def _build(data, tmp_path, **kw):
    kw.setdefault("pdf", False)
    return build.build_papers(data_dir=data, out_dir=tmp_path / "reports", build_dir=tmp_path / "build",
                              editions_dir=tmp_path / "editions", **kw)


def _links(tmp_path) -> list[str]:
    soup = BeautifulSoup((tmp_path / "reports" / "index.html").read_text(), "html.parser")
    return [a["href"] for a in soup.find("main").find_all("a")]


def test_the_index_lists_the_plans_papers_without_reading_them(synthetic_data, tmp_path, monkeypatch):
    """Are the index's titles the plan's, even if a paper's own <title> says something else?"""
    _build(synthetic_data, tmp_path)
    manifest = build.Manifest.read(tmp_path / "reports")
    real = Path.read_text, Path.read_bytes, Path.open

    def guard(method):
        def read(self, *a, **k):
            if self.suffix == ".html":
                pytest.fail(f"the index read {self.name} back")
            return method(self, *a, **k)
        return read

    for name, method in zip(("read_text", "read_bytes", "open"), real):
        monkeypatch.setattr(Path, name, guard(method))
    entries = index.entries_for(tmp_path / "reports", manifest.papers, ["force-01", "force-02", "force-03"],
                                tmp_path / "editions")
    monkeypatch.undo()
    assert [e.path for e in entries][0] == "2029-30/force-01.html"
    assert entries[0].label == manifest.papers["2029-30/force-01"]["title"]  # the title the plan's facts gave


def test_an_index_we_did_not_write_is_left_alone(synthetic_data, tmp_path):
    """Is an index.html already in --out, not written by us, kept byte for byte, with a note saying so?"""
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("<p>the secretariat's own page</p>")
    notes = []
    report = _build(synthetic_data, tmp_path, on_note=notes.append)
    assert (out / "index.html").read_text() == "<p>the secretariat's own page</p>"
    assert report.index is None
    assert any("index.html was not written by collab-analysis, so it was left as it is" in n for n in notes)


def test_foreign_pages_in_a_year_folder_are_not_listed(synthetic_data, tmp_path):
    """Is an HTML page someone else put in a year folder left out of the index?"""
    year = tmp_path / "reports" / "2029-30"
    year.mkdir(parents=True)
    (year / "minutes.html").write_text("<title>Minutes of the panel</title>")
    _build(synthetic_data, tmp_path)
    assert "2029-30/minutes.html" not in _links(tmp_path)
    assert "2029-30/force-01.html" in _links(tmp_path)


def test_a_panel_removed_from_the_data_is_no_longer_listed(synthetic_data, tmp_path):
    """When a force no longer has a panel in forces.csv, does its old paper drop out of the index?"""
    _build(synthetic_data, tmp_path)
    assert "2029-30/force-03.html" in _links(tmp_path)
    path = synthetic_data / "forces.csv"
    rows = list(csv.reader(path.open()))
    rows[3][4] = ""  # force-03's panel_name
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    meetings = synthetic_data / "meetings.csv"  # and its panel's meetings
    rows = [r for r in csv.reader(meetings.open()) if r[0] != "force-03"]
    with meetings.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    _build(synthetic_data, tmp_path)
    assert "2029-30/force-03.html" not in _links(tmp_path)
    assert "2029-30/force-02.html" in _links(tmp_path)


def test_papers_of_earlier_cycles_stay_listed(synthetic_data, tmp_path):
    """Does building another year keep the earlier year's papers in the index?"""
    _build(synthetic_data, tmp_path, year="2028-29")
    _build(synthetic_data, tmp_path)
    links = _links(tmp_path)
    assert "2028-29/force-01.html" in links and "2029-30/force-01.html" in links


def test_entries_show_the_pdf_and_the_editions(tmp_path):
    """Does an entry link its PDF by a name that says whose it is, and list the editions issued?"""
    html = render_index([IndexEntry(path="2019-20/leicestershire.html", label="Leicestershire paper 2019-20",
                                    year="2019-20", meeting_date="2019-07-22", pdf="2019-20/leicestershire.pdf",
                                    editions=({"as_at": "2019-07-22", "id": "leicestershire-2019-07-22"},))],
                        tmp_path)
    soup = BeautifulSoup(html, "html.parser")
    pdf = soup.find("a", href="2019-20/leicestershire.pdf")
    assert pdf["aria-label"] == "Leicestershire paper 2019-20: PDF for printing"
    assert "Issued to the panel: 22 July 2019 (edition leicestershire-2019-07-22)" in soup.get_text(" ", strip=True)
