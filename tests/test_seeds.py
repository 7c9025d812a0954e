"""Each seed's findings in the papers they belong to (issue 10, point 4).

``seed_findings.py`` lists, by hand, every material finding of the four seed documents, the
financial year to build (the seed's own) and the panels whose paper must show it. The test builds
each seed's year with ``collab-analysis build --year`` and looks for the finding's words inside one
paragraph, list item, definition or table row of the right paper.
"""
from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from seed_findings import FINDINGS

pytestmark = pytest.mark.slow

YEARS = sorted({f.financial_year for f in FINDINGS})
_BLOCKS = {"p", "li", "tr", "dd", "dt", "figcaption", "caption", "h1", "h2", "h3", "td", "th"}


class _Blocks(HTMLParser):
    """The text of each block of a paper, for the "in one paragraph" check."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._stack: list[list[str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "svg"):
            self._skip += 1
        if tag in ("p", "li", "tr", "dd"):
            self._stack.append([])

    def handle_endtag(self, tag):
        if tag in ("style", "script", "svg"):
            self._skip -= 1
        if tag in ("p", "li", "tr", "dd") and self._stack:
            text = " ".join("".join(self._stack.pop()).split())
            self.blocks.append(text)
            if self._stack:
                self._stack[-1].append(" " + text + " ")

    def handle_data(self, data):
        if not self._skip and self._stack:
            self._stack[-1].append(data)


def blocks(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html)
    return [b.lower() for b in parser.blocks]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every panel's paper for each seed's year, built once: {year: reports folder}."""
    root = tmp_path_factory.mktemp("seed-years")
    out = {}
    for year in YEARS:
        target = root / year
        subprocess.run([sys.executable, "-m", "collab_analysis", "build", "--year", year, "--out", str(target / "reports"),
                        "--build-dir", str(target / "build"), "--no-pdf"], check=True, capture_output=True, text=True)
        out[year] = target / "reports" / year
    return out


def _found(finding, paper_blocks: list[str]) -> bool:
    return any(all(any(alt.lower() in block for alt in group) for group in finding.must_mention)
               for block in paper_blocks)


@pytest.mark.parametrize("finding", FINDINGS, ids=lambda f: f"seed{f.seed}-{f.ref}-{f.about[:30]}")
def test_each_finding_reaches_its_papers(built, finding):
    """Does every paper the finding concerns state it, in one place, for the seed's year?"""
    missing = []
    for force in finding.papers:
        html = (built[finding.financial_year] / f"{force}.html").read_text(encoding="utf-8")
        if not _found(finding, blocks(html)):
            missing.append(force)
    assert not missing, f"{finding.about} (seed {finding.seed}, {finding.ref}) is missing from: {missing}"
