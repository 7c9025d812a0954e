"""The built papers, read as a reviewer reads them: what they say against the seeds, how long they are,
what they cite, and that nothing in the data can run in a reader's browser."""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import collab_analysis as ca
from collab_analysis.paper.back import TERMS
from collab_analysis.publish import build
from collab_analysis.sources import published
from loader_helpers import read_records, write_records

pytestmark = pytest.mark.slow

MAX_BODY_WORDS = 1500
MAX_HTML_BYTES = 300_000


class _Text(HTMLParser):
    """The visible text of a page, split at the first appendix heading, and its tables."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.body, self.appendix, self.tables = [], [], []
        self._skip, self._in_appendix, self._h2, self._rows, self._cell, self._caption = 0, False, None, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "svg", "sup", "nav", "footer"):
            self._skip += 1
        if tag == "h2":
            self._h2 = []
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("style", "script", "svg", "sup", "nav", "footer"):
            self._skip -= 1
        if tag == "h2" and self._h2 is not None:
            if "".join(self._h2).strip().startswith("Appendix"):
                self._in_appendix = True
            self._h2 = None
        if tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "table" and self._rows is not None:
            self.tables.append(self._rows)
            self._rows = None

    def handle_data(self, data):
        if self._h2 is not None:
            self._h2.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if not self._skip:
            (self.appendix if self._in_appendix else self.body).append(data)


def read(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def papers(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*/*.html"))


def test_leicestershire_2019_20_shows_the_seed_contributions_and_total(shipped_build):
    """Seed 002 para 10: six contributions, the figures as published, adding up to £9.487m."""
    _report, out, _ = shipped_build
    page = read(out / "2019-20" / "leicestershire.html")
    rows = {row[0]: row for table in page.tables for row in table if row}
    expected = {"EMSOU": "£6,352,000", "EMCHRS": "£1,082,000", "EMOpSS": "£758,000", "HR Service Centre": "£745,000",
                "EMPLS": "£376,000", "EMCJS": "£174,000", "Sum of the rows": "£9,487,000"}
    for name, amount in expected.items():
        assert name in rows and rows[name][1].startswith(amount), (name, rows.get(name))
    body = " ".join(page.body)
    assert "£9.487m" in body and "exactly" in body


def test_the_grid_shows_nottinghamshire_out_of_emopss_as_at_the_meeting(shipped_build):
    """As at 22 July 2019 (seed 002 para 20) Nottinghamshire is out of EMOpSS and Leicestershire in."""
    _report, out, _ = shipped_build
    page = read(out / "2019-20" / "leicestershire.html")
    header = next(t[0] for t in page.tables if t and t[0] and t[0][0] == "Collaboration" and "Nottinghamshire" in t[0])
    grid = next(t for t in page.tables if t and t[0] == header)
    emopss = next(row for row in grid if row[0] == "EMOpSS")
    assert emopss[header.index("Nottinghamshire")].startswith("No")
    assert emopss[header.index("Leicestershire")].startswith("Yes")


def test_every_papers_body_fits_a_committee_pack(shipped_build):
    """Issue 10: at most 1,500 words before the appendices; issue 12: at most 300 KB."""
    _report, out, _ = shipped_build
    for path in papers(out):
        words = len(" ".join(read(path).body).split())
        assert words <= MAX_BODY_WORDS, (path.name, words)
        assert path.stat().st_size <= MAX_HTML_BYTES, (path.name, path.stat().st_size)


def test_no_research_pack_references_in_any_paper(shipped_build):
    _report, out, _ = shipped_build
    for path in papers(out):
        html = path.read_text(encoding="utf-8")
        assert "§" not in html and "research pack" not in html.lower() and "pack 3a" not in html, path.name


def test_papers_cite_only_what_was_published_by_their_date(shipped_build, real):
    """Every source listed in a paper was published on or before the paper's as-at date."""
    _report, out, _ = shipped_build
    when = published(real)
    titles = {str(r["title"]): str(r["source_id"]) for r in real.sources.to_dict("records")}
    for result in _report.results:
        html = result.job.output.read_text(encoding="utf-8")
        listed = [sid for title, sid in titles.items() if title in html]
        late = [sid for sid in listed if when[sid] > pd.Timestamp(result.job.as_at)]
        assert not late, (result.job.paper_id, late)


HOSTILE = "<script>alert(1)</script>"
HOSTILE_ATTR = '"><img src=x onerror=alert(2)>'


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
            if name in ("href", "src", "xlink:href") and value and re.match(r"\s*(javascript|vbscript|data:text)", value, re.I):
                self.bad_urls.append((tag, name, value))


def _poison(data: Path) -> None:
    """Hostile text in the free-text columns of every table (within the length limits validate sets)."""
    text_columns = {
        "forces": ["name", "panel_name"], "collaborations": ["name", "description"],
        "memberships": ["note"], "events": ["description"], "budgets": ["basis"],
        "budget_totals": ["description", "basis"], "savings": ["period_label", "description", "made_by"],
        "sources": ["title", "publisher"], "meetings": ["agenda_item", "author", "recommendation"],
    }
    for table, columns in text_columns.items():
        path = data / f"{table}.csv"
        rows = read_records(path)
        for row in rows[1:]:
            for column in columns:
                row[rows[0].index(column)] = f"{row[rows[0].index(column)]} {HOSTILE} {HOSTILE_ATTR}"
        write_records(path, rows)


def test_hostile_strings_in_every_text_column_are_shown_as_text_in_every_paper(synthetic_data, tmp_path):
    _poison(synthetic_data)
    report = build.build_papers(data_dir=synthetic_data, out_dir=tmp_path / "reports", build_dir=tmp_path / "build",
                                pdf=False)
    pages = [r.job.output for r in report.results] + [report.index]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        elements = _Elements()
        elements.feed(html)
        assert not elements.scripts and not elements.handlers and not elements.bad_urls, page.name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page.name


def test_a_javascript_url_is_refused_before_any_paper_is_built(synthetic_data):
    rows = read_records(synthetic_data / "sources.csv")
    rows[1][rows[0].index("url")] = "javascript:alert(3)"
    write_records(synthetic_data / "sources.csv", rows)
    problems = ca.validate(synthetic_data)
    assert any(p.file == "sources.csv" and p.column == "url" and "javascript:alert(3)" in p.message for p in problems)


def test_every_note_is_cited_and_every_citation_has_its_note(shipped_build):
    """A numbered note that nothing in the paper points to is noise in a committee pack; a reference
    with no note is a figure without its source."""
    _report, out, _ = shipped_build
    for path in papers(out):
        html = path.read_text(encoding="utf-8")
        notes = set(re.findall(r'<li id="(note-\d+)"', html))
        cited = set(re.findall(r'href="#(note-\d+)"', html))
        assert notes, path.name
        assert notes == cited, (path.name, sorted(notes - cited), sorted(cited - notes))


def test_the_glossary_explains_only_what_the_paper_uses(shipped_build):
    """Appendix G lists the short names, terms and status letters a paper uses, and nothing else: each
    term appears elsewhere in the paper (a plural or possessive counts), each status letter marks a note."""
    _report, out, _ = shipped_build
    for path in papers(out):
        html = path.read_text(encoding="utf-8")
        start = html.index('<section class="ca-block ca-abbreviations">')
        end = html.index("</section>", start)
        glossary, rest = html[start:end], html[:start] + html[end:]
        listed = [unescape(t) for t in re.findall(r"<dt>(.*?)</dt>", glossary)]
        assert listed, path.name
        # the words a reader sees outside the glossary, and the meanings of the names it lists
        terms = {term for term, _, _ in TERMS} | {"S", "C", "C2", "D"}
        meanings = [unescape(re.sub(r"<[^>]+>", " ", d)) for t, d in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", glossary)
                    if unescape(t) not in terms]
        text = unescape(re.sub(r"<[^>]+>", " ", rest)) + " " + " ".join(meanings)
        letters = set(re.findall(r"\[\d+, (S|C2|C|D)\]", text))
        for term in listed:
            if term in ("S", "C", "C2", "D"):
                assert term in letters, (path.name, term)
            else:
                flags = 0 if term.isupper() else re.I
                assert re.search(rf"\b{re.escape(term)}(?:s|'s|’s)?\b", text, flags), (path.name, term)


def test_two_thousand_budget_lines_give_a_bounded_paper(synthetic_data, tmp_path):
    """Issue 13: 2,000 valid budget lines for one collaboration (one per basis) made a 15 MB paper. The
    figures table lists the largest MAX_LINES, each with its note, and counts and sums the rest; the chart
    shows a screenful of bars; the paper stays under 300 KB with a few notes, not 2,000."""
    import csv

    from collab_analysis.paper.costs import MAX_LINES

    with (synthetic_data / "budgets.csv").open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for i in range(2000):
            writer.writerow(["syn-legal", "force-01", "2029-30", 1000, 1000, f"basis {i:04d}", "",
                             "synthetic-2029-30", "generated", "SLS £1,000", "S"])
    report = build.build_papers(data_dir=synthetic_data, out_dir=tmp_path / "reports", build_dir=tmp_path / "build",
                                panels=["force-01"], pdf=False)
    paper = next(r.job.output for r in report.results if r.job.output.name == "force-01.html")
    html = paper.read_text(encoding="utf-8")
    assert paper.stat().st_size <= MAX_HTML_BYTES
    page = read(paper)
    figures = next(t for t in page.tables if any(row and row[0].endswith("more lines, not listed") for row in t))
    unlisted = next(row for row in figures if row and row[0].endswith("more lines, not listed"))
    listed = [row for row in figures[1:] if row and not row[0].endswith("not listed") and row[0] != "Sum of the rows"]
    assert len(listed) == MAX_LINES
    # the synthetic force-01 2029-30 rows plus the 2,000 added, less the 40 listed
    assert unlisted[0].startswith(f"{2000 + _synthetic_lines(synthetic_data) - MAX_LINES} more lines")
    assert len(re.findall(r'<li id="note-\d+"', html)) < 200
    # the bases are named up to six, then counted: 2,001 bases (the synthetic "net budget" and 2,000 added)
    assert re.search(r"different bases: (?:[^,<]+, ){5}[^,<]+ and 1995 more\.", html)


def _synthetic_lines(data: Path) -> int:
    """force-01's own 2029-30 budget lines in the synthetic set, before the test adds any."""
    import csv

    with (data / "budgets.csv").open(encoding="utf-8") as handle:
        return sum(1 for row in csv.DictReader(handle) if row["force_id"] == "force-01"
                   and row["financial_year"] == "2029-30" and not row["basis"].startswith("basis "))
