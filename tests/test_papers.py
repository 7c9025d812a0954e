"""Do the built papers say what the sources say, and can nothing in the data run in a reader's browser?"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from collab_analysis.publish import build
from loader_helpers import read_records, write_records

pytestmark = pytest.mark.slow


class _Tables(HTMLParser):
    """Every <table> as (caption, rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._caption = self._cell = None
        self._rows: list[list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption_text = [], ""
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self._caption_text, self._caption = " ".join("".join(self._caption).split()), None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables.append((self._caption_text, self._rows))
            self._rows = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)


class _Elements(HTMLParser):
    """What a browser would run: script elements, on* handlers, javascript: or remote URLs."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.bad_urls = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(attrs)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name, value))
            if name in ("href", "src") and value and re.match(r"\s*(javascript|vbscript|data:text)", value, re.I):
                self.bad_urls.append((tag, name, value))


def _tables(html: str) -> list[tuple[str, list[list[str]]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def test_leicestershire_2019_20_shows_the_seed_contributions_and_total(shipped_build):
    """Seed 002 para 10: six contributions adding up to £9.487m."""
    _report, out, _ = shipped_build
    html = (out / "2019-20" / "leicestershire.html").read_text(encoding="utf-8")
    expected = {"EMSOU": "£6,352,000", "EMCHRS": "£1,082,000", "EMOpSS": "£758,000",
                "HR Service Centre": "£745,000", "EMPLS": "£376,000", "EMCJS": "£174,000"}
    contribution_tables = [rows for caption, rows in _tables(html)
                           if "contributions" in caption.lower() and "2019-20" in caption]
    assert contribution_tables, "no table of 2019-20 contributions"
    cells = {row[0]: row for rows in contribution_tables for row in rows if row}
    for name, amount in expected.items():
        assert name in cells and amount in cells[name], (name, cells.get(name))
    assert "£9.487m" in html and "£9,487,000" in html


def test_leicestershire_matrix_shows_nottinghamshire_outside_emopss(shipped_build):
    _report, out, _ = shipped_build
    html = (out / "2019-20" / "leicestershire.html").read_text(encoding="utf-8")
    grids = [rows for caption, rows in _tables(html) if "Data for" in caption and "member of" in caption]
    assert grids, "no data table under the membership chart"
    header, *body = grids[0]
    notts = next(i for i, name in enumerate(header) if name.startswith("Nottinghamshire"))
    leics = next(i for i, name in enumerate(header) if name.startswith("Leicestershire"))
    emopss = next(row for row in body if row[0] == "EMOpSS")
    assert emopss[notts] == "not a member" and emopss[leics] == "member"


HOSTILE = "<script>alert(1)</script>"
HOSTILE_ATTR = '"><img src=x onerror=alert(2)>'


def _poison(data: Path) -> None:
    """Put hostile text in every free-text column of every table, and a javascript: URL."""
    text_columns = {
        "forces": ["name", "panel_name"], "collaborations": ["name", "short_name", "description"],
        "memberships": ["note"], "events": ["description"], "budgets": ["basis"],
        "budget_totals": ["description", "basis"], "cost_shares": ["basis"],
        "savings": ["period_label", "description"], "context": ["definition", "period_label"],
        "sources": ["title", "publisher"],
    }
    for table, columns in text_columns.items():
        path = data / f"{table}.csv"
        rows = read_records(path)
        for row in rows[1:]:
            for column in columns:
                row[rows[0].index(column)] = f"{row[rows[0].index(column)]} {HOSTILE} {HOSTILE_ATTR}"
            if table == "sources":
                row[rows[0].index("url")] = "javascript:alert(3)"
        write_records(path, rows)


def test_hostile_strings_in_every_text_column_are_shown_as_text_in_every_paper(synthetic_data, tmp_path):
    _poison(synthetic_data)
    report = build.build_papers(data_dir=synthetic_data, out_dir=tmp_path / "reports", build_dir=tmp_path / "build")
    papers = [r.job.output for r in report.results] + [report.index]
    assert len(papers) == 5
    for paper in papers:
        html = paper.read_text(encoding="utf-8")
        elements = _Elements()
        elements.feed(html)
        assert not elements.scripts, paper.name
        assert not elements.handlers, (paper.name, elements.handlers[:3])
        assert not elements.bad_urls, (paper.name, elements.bad_urls[:3])
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, paper.name
    panel = (tmp_path / "reports" / "2029-30" / "force-01.html").read_text(encoding="utf-8")
    assert "javascript:alert(3)" in panel  # shown as text in the source list, never as a link
