"""Tests of collab_analysis.paper: the blocks the notebooks display.

Each block must obey the fragment rules of the spec (allowed tags only, no h1/h2, h3 sub-headings,
tables with caption and scoped headers, links only to http(s) or #fn-, images with generated alt),
escape every data string, footnote every figure to a source that the sources block lists, and say
"not published in the sources held" instead of a zero. Expected figures are from the fixture
(tests/data/analysis, worked by hand) and, at the end, from the shipped data's seed documents.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import collab_analysis as ca
from collab_analysis.paper import blocks as paper

HERE = Path(__file__).resolve().parent

ALLOWED = {"section", "h2", "h3", "p", "ul", "ol", "li", "table", "caption", "thead", "tbody", "tr", "th", "td",
           "figure", "figcaption", "img", "details", "summary", "sup", "a", "strong", "em", "abbr", "span", "div",
           "small"}
PANEL = ["introduction", "summary", "membership", "timeline", "changes", "contributions", "trend", "savings",
         "questions", "sources"]
REGIONAL = ["regional_introduction", "regional_matrix", "regional_contributions", "cost_shares", "regional_savings",
            "other_regions", "sources"]



def panel_blocks(tables, force="leicestershire", year="2019-20"):
    return {
        "introduction": paper.introduction(tables, force, year, "2019-07-22"),
        "summary": paper.summary(tables, force, year),
        "membership": paper.membership(tables, force, year),
        "timeline": paper.timeline(tables, force),
        "changes": paper.changes(tables, force, year),
        "contributions": paper.contributions(tables, force, year),
        "trend": paper.trend(tables, force),
        "savings": paper.savings(tables, force),
        "questions": paper.questions(tables, force, year),
        "sources": paper.sources(tables, force),
    }


def regional_blocks(tables, year="2019-20"):
    return {
        "regional_introduction": paper.regional_introduction(tables, year, "2019-07-22"),
        "regional_matrix": paper.regional_matrix(tables, year),
        "regional_contributions": paper.regional_contributions(tables, year),
        "cost_shares": paper.cost_shares(tables),
        "regional_savings": paper.regional_savings(tables),
        "other_regions": paper.other_regions(tables),
        "sources": paper.sources(tables),
    }


@pytest.fixture(scope="module")
def leics(t):
    return panel_blocks(t)


@pytest.fixture(scope="module")
def regional(t):
    return regional_blocks(t)


# --------------------------------------------------------------------------------------------
# the fragment rules

class Fragment(HTMLParser):
    """Collects what the rules are about: tags, attributes, headings, tables, links, ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.headings, self.hrefs, self.ids = [], [], [], []
        self.problems = []
        self._stack = []
        self._table_first: list[bool] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag not in ALLOWED:
            self.problems.append(f"tag <{tag}> not allowed")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}")
            if name == "class" and not all(c.startswith("ca-") for c in (value or "").split()):
                self.problems.append(f"class {value!r} not prefixed ca-")
            if name == "id":
                self.ids.append(value)
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(tag)
        if tag == "a":
            href = a.get("href", "")
            self.hrefs.append(href)
            if not (href.startswith("#fn-") or re.match(r"^https?://", href)):
                self.problems.append(f"href {href!r}")
        if tag == "img":
            if not a.get("src", "").startswith("data:image/svg+xml;base64,"):
                self.problems.append("img src not an inline svg")
            if not a.get("alt", "").strip():
                self.problems.append("img without alt")
        if tag == "th" and a.get("scope") not in ("col", "row"):
            self.problems.append("th without scope")
        if self._table_first and self._table_first[-1] is None:
            self._table_first[-1] = tag
            if tag != "caption":
                self.problems.append("table without a caption first")
        if tag == "table":
            self._table_first.append(None)

    def handle_endtag(self, tag):
        if tag == "table" and self._table_first:
            self._table_first.pop()


def check(block, hostile_data: bool = False) -> Fragment:
    assert isinstance(block, paper.Block)
    html = block._repr_html_()
    assert html == block.html and html.startswith('<section class="ca-block')
    f = Fragment()
    f.feed(html)
    assert not f.problems, f.problems[:5]
    assert "h1" not in f.headings and "h2" not in f.headings, "the notebook's ## heading is the h2"
    assert "<script" not in html.lower() and "<style" not in html.lower()
    text = str(block)
    assert text.strip()
    if not hostile_data:   # plain text shows data as written, so injected markup appears there as text
        assert not re.search(r"</?(section|p|ul|li|table|tr|td|th|img|sup|a|h3)\b", text)
    return f


@pytest.mark.parametrize("name", PANEL)
def test_panel_blocks_obey_the_fragment_rules(leics, name):
    check(leics[name])


@pytest.mark.parametrize("name", REGIONAL)
def test_regional_blocks_obey_the_fragment_rules(regional, name):
    check(regional[name])


@pytest.mark.parametrize("force", ["derbyshire", "lincolnshire", "nottinghamshire", "thames-valley"])
def test_every_panel_force_gets_valid_blocks(t, force):
    """A force with few or no figures still gets every block, each valid."""
    for block in panel_blocks(t, force).values():
        check(block)


# --------------------------------------------------------------------------------------------
# footnotes and sources

def test_every_note_links_to_a_listed_source(t, leics):
    f = Fragment()
    f.feed(leics["sources"].html)
    listed = set(f.ids)
    for name, block in leics.items():
        g = Fragment()
        g.feed(block.html)
        notes = {h[len("#fn-"):] for h in g.hrefs if h.startswith("#fn-")}
        assert {f"fn-{n}" for n in notes} <= listed, (name, notes - {i[3:] for i in listed})


def test_note_numbers_are_the_source_row(t, leics):
    """src-seed is row 1 of sources.csv, src-budget row 2: markers read [1, S] and [2, C]."""
    html = leics["contributions"].html
    assert '<a href="#fn-src-seed">[1, <abbr' in html
    assert '<a href="#fn-src-budget">[2, <abbr' in html
    assert "[1, S]" in str(leics["contributions"])


def test_sources_links_only_http(t):
    html = paper.sources(t).html
    assert '<a href="https://example.org/budget-2019">Budget set for 2019-20</a>' in html
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html and "not a web link" in html
    assert '<li id="fn-src-mirror">' in html and "[3]" in html
    assert "Status of figures from this source: <abbr" in html


def test_sources_for_a_force_keeps_stable_numbers(t):
    """Thames Valley's list omits sources it does not use, but each keeps its number."""
    html = paper.sources(t, "thames-valley").html
    assert "[4]" in html and 'id="fn-src-press"' in html
    assert 'id="fn-src-seed"' not in html


# --------------------------------------------------------------------------------------------
# escaping

def test_data_strings_are_escaped_everywhere(t):
    collabs = t.collaborations.copy()
    for col in ("name", "short_name", "description"):
        collabs.loc[collabs["collab_id"] == "ops", col] = "<script>alert(1)</script>"
    srcs = t.sources.copy()
    srcs.loc[srcs["source_id"] == "src-budget", "url"] = "javascript:alert(1)"
    srcs.loc[srcs["source_id"] == "src-seed", "title"] = '<img src=x onerror="alert(1)">'
    tt = t.replace(collaborations=collabs, sources=srcs)
    blocks = list(panel_blocks(tt).values()) + list(regional_blocks(tt).values())
    joined = "".join(b.html for b in blocks)
    assert "<script" not in joined and "&lt;script&gt;" in joined
    assert 'href="javascript:' not in joined and "<img src=x" not in joined
    for b in blocks:
        check(b, hostile_data=True)


# --------------------------------------------------------------------------------------------
# what the blocks say (fixture values worked out by hand)

def test_introduction(leics):
    text = str(leics["introduction"])
    assert "Leicester, Leicestershire and Rutland Police and Crime Panel, meeting on 22 July 2019" in text
    assert "2019-20 (1 April 2019 to 31 March 2020)" in text and "as at 31 March 2020" in text
    assert "not published in the sources held" in text
    for code in ("S:", "C:", "C2:", "D:"):
        assert code in text


def test_summary(leics):
    text = str(leics["summary"])
    assert "published contributions to four collaborations in 2019-20 total £3.88m[1, S]" in text
    assert "matches the published total of £3.875m[1, S] exactly" in text
    assert "That is 5.00% of the force's £77.5m budget for 2019-20[2, C], a derived figure" in text
    assert "Compared with 2018-19: one contribution changed" in text and "two contributions published for the first time" in text
    assert "five savings claims covering Leicestershire (four claimed and one inspectorate)" in text
    assert "not added up" in text


def test_summary_without_figures_says_not_published(t):
    text = str(paper.summary(t, "derbyshire", "2019-20"))
    assert "Derbyshire's contributions to individual collaborations in 2019-20 are not published in the sources held" in text
    assert "£0" not in text


def test_membership_block(leics):
    html = leics["membership"].html
    text = str(leics["membership"])
    assert "is recorded as a member of all five East Midlands collaborations and branches below" in text
    assert "Leicestershire (this force)" in text
    assert 'class="ca-highlight"' in html
    assert "Air Service (national)" in text
    assert "<img" in html


def test_membership_block_for_a_force_outside(t):
    text = str(paper.membership(t, "lincolnshire", "2019-20"))
    assert "It is not a member of Training and HR Centre" in text


def test_timeline_block(leics):
    text = str(leics["timeline"])
    assert "date not known" in text
    assert "Ops Service | Nottinghamshire | 31 March 2015 | 1 May 2018" in text
    assert "Sources differ on when Alpha Unit was formed: 2001[1, S] or 2002[5, C]" in text


def test_changes_block(leics):
    text = str(leics["changes"])
    assert "Alpha Unit | £1,500,000 | £3,000,000 | £1,500,000 | changed" in text
    assert "different basis: not compared" in text
    assert "new this year" in text and "no longer published" in text
    assert "Ops Service, restructured, 2019 (the source gives only the year)" in text


def test_contributions_block_reconciles(leics):
    text = str(leics["contributions"])
    assert "Sum of the rows | £3,875,000 | 100%" in text
    assert "matches the sum of the four rows, £3,875,000, exactly" in text
    assert "given to the nearest £100k; it differs from the sum of the rows (£3,875,000) by £25,000, which is within rounding" in text
    assert "5.00%" in text and "derived: £3.875m ÷ £77.5m" in text
    assert "In c.2012, Leicestershire paid 25% of Alpha Unit's costs" in text
    assert "Home Office funding figure of £80m" in text and "not used" in text


def test_contributions_block_flags_a_bad_total(t):
    text = str(paper.contributions(t, "leicestershire", "2018-19"))
    assert "does not match the sum of the rows (£1,900,000): the difference of £100,000" in text
    assert "which figure is right" in text


def test_contributions_block_missing_data(t):
    text = str(paper.contributions(t, "lincolnshire", "2020-21"))
    assert "contributions to individual collaborations in 2020-21 are not published in the sources held" in text
    assert "A total of £1m (para 5)[4, C] is published" in text
    assert "2.50%" in text and "derived: £1m ÷ £40m" in text


def test_trend_block(t, leics):
    assert "<img" in leics["trend"].html
    text = str(paper.trend(t, "lincolnshire"))
    assert "not published in the sources held for any year, so no trend can be shown" in text
    assert "A published total without a breakdown exists for 2020-21" in text


def test_savings_block_never_sums(leics):
    html, text = leics["savings"].html, str(leics["savings"])
    assert "five savings claims covering Leicestershire: four claimed and one inspectorate" in text
    assert "Claims of different kinds and periods are not added up" in text
    assert "Two claims about Ops Service differ: about £4m (to January 2016, press)[4, C] and £5.2m" in text
    assert [h for h in re.findall(r"<h3>(.*?)</h3>", html)] == ["Savings claimed as achieved", "Inspectorate findings"]
    assert "One claim attributed to the force as a whole" in text
    for total in ("£99.2m", "£119.2m", "£29.2m"):          # sums of the money claims, in any grouping
        assert total not in text


def test_questions_follow_the_six_themes(leics):
    """The scrutiny themes of seed 000 para 9, in its order, typed here from the seed."""
    html = leics["questions"].html
    assert re.findall(r"<h3>(.*?)</h3>", html) == [
        "Governance arrangements", "Cost, benefits and value for money", "Work streams and leads",
        "Monitoring and evidence", "Challenging and supporting the Police and Crime Commissioner",
        "Other collaboration, such as blue light and fire"]


def test_questions_are_made_specific_by_the_data(t, leics):
    text = str(leics["questions"])
    assert "Nottinghamshire left Ops Service on 1 May 2018[4, C]. What did this cost Leicestershire" in text
    assert "Contributions for 2019-20 are published only for Leicestershire" in text
    assert "What do Derbyshire, Lincolnshire and Nottinghamshire contribute" in text
    assert "Two savings claims about Ops Service differ" in text and "Which is right" in text
    assert "“net budget for centrally funded staff”" in text
    assert "Air Service" in text and "Policing and Crime Act 2017" in text
    old = str(paper.questions(t, "leicestershire", "2018-19"))
    assert "does not match the sum of the itemised contributions (£1,900,000). Which figure is right?" in old
    lincs = str(paper.questions(t, "lincolnshire", "2019-20"))
    assert "Lincolnshire is not part of Training (members: Derbyshire, Leicestershire and Nottinghamshire)" in lincs


def test_regional_contributions_say_not_published(regional):
    text = str(regional["regional_contributions"])
    assert "published by collaboration for Leicestershire only" in text
    assert "For Derbyshire, Lincolnshire and Nottinghamshire they are not published in the sources held" in text
    assert "Derbyshire | not published in the sources held" in text


def test_cost_shares_block(regional):
    text = str(regional["cost_shares"])
    assert "Derbyshire paid the largest share of Alpha Unit's costs in c.2012: 30%" in text
    assert "The shares add up to 100%" in text


def test_other_regions_block(regional):
    text = str(regional["other_regions"])
    assert "JOU | South East | Hampshire and Thames Valley" in text
    assert "up to £6.7m a year (projected, by 2012/13)" in text


def test_regional_matrix_block(regional):
    text = str(regional["regional_matrix"])
    assert "Lincolnshire: member of three; not a member of Training and HR Centre." in text
    assert "Leicestershire: member of all five." in text


def test_bad_parameters_are_errors(t):
    with pytest.raises(ca.ParameterError, match="did you mean 'leicestershire'"):
        paper.summary(t, "leicestershir", "2019-20")
    with pytest.raises(ca.ParameterError, match="2019-20"):
        paper.summary(t, "leicestershire", "2019")


def test_block_plain_text_keeps_tables_and_charts(leics):
    text = str(leics["contributions"])
    assert "Collaboration | Contribution | Share of total (derived) | Basis | Source" in text
    assert "[Chart: Bar chart of Leicestershire's contributions" in text
    assert repr(leics["contributions"]) == text


# --------------------------------------------------------------------------------------------
# the shipped data

@pytest.fixture(scope="module")
def real_leics(real):
    return panel_blocks(real)


def test_real_leicestershire_paper(real_leics):
    summary = str(real_leics["summary"])
    assert "contributions to six collaborations in 2019-20 total £9.49m" in summary
    assert "matches the published total of £9.487m" in summary
    assert "5.07% of the force's £187.1m budget" in summary
    contrib = str(real_leics["contributions"])
    assert "differs from the sum of the rows (£9,487,000) by £13,000, which is within rounding" in contrib
    assert "derived: £9.487m ÷ £187.1m" in contrib
    questions = str(real_leics["questions"])
    assert "Nottinghamshire Police left EMOpSS on 1 May 2018" in questions
    assert "Two savings claims about EMOpSS differ" in questions


@pytest.mark.slow
def test_real_notes_resolve_for_every_panel(real):
    forces = [f for f, p in zip(real.forces["force_id"], real.forces["panel_name"]) if not pd.isna(p)]
    for force in forces:
        blocks = panel_blocks(real, force)
        f = Fragment()
        f.feed(blocks["sources"].html)
        listed = set(f.ids)
        for name, block in blocks.items():
            check(block)
            g = Fragment()
            g.feed(block.html)
            missing = {h[1:] for h in g.hrefs if h.startswith("#fn-")} - listed
            assert not missing, (force, name, missing)


def test_real_lincolnshire_asked_why_outside_emchrs(real):
    assert "Lincolnshire Police is not part of EMCHRS" in str(paper.questions(real, "lincolnshire", "2019-20"))


def test_blocks_are_the_same_whatever_the_hash_seed():
    """Papers must rebuild byte for byte: no block may depend on set or dict-of-set iteration order."""
    import subprocess
    import sys

    code = (
        "import hashlib\n"
        "import collab_analysis as ca\n"
        "from collab_analysis import paper\n"
        "import pandas as pd\n"
        f"t = ca.load({str(HERE / 'data' / 'analysis')!r})\n"
        "extra = ['nat-a', 'nat-b', 'nat-c', 'nat-d']  # several national ones: their order must not vary\n"
        "c = t.collaborations; m = t.memberships\n"
        "c2 = pd.concat([c, pd.DataFrame([{**c[c.collab_id == 'air'].iloc[0].to_dict(), 'collab_id': x, 'short_name': x}\n"
        "                                 for x in extra])], ignore_index=True).astype(c.dtypes.to_dict())\n"
        "m2 = pd.concat([m, pd.DataFrame([{**m[m.collab_id == 'air'].iloc[0].to_dict(), 'collab_id': x}\n"
        "                                 for x in extra])], ignore_index=True).astype(m.dtypes.to_dict())\n"
        "t = t.replace(collaborations=c2, memberships=m2)\n"
        "h = hashlib.sha256()\n"
        "for f in ('leicestershire', 'nottinghamshire'):\n"
        "    for b in (paper.summary(t, f, '2019-20'), paper.changes(t, f, '2019-20'),\n"
        "              paper.questions(t, f, '2019-20'), paper.sources(t, f)):\n"
        "        h.update(b.html.encode())\n"
        "print(h.hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**__import__("os").environ, "PYTHONHASHSEED": seed})
        digests.add(out.stdout.strip())
    assert len(digests) == 1


# --------------------------------------------------------------------------------------------
# the shipped data, read the way a panel member reads it

def test_real_two_figures_for_one_collaboration_are_not_called_a_total(real):
    """Nottinghamshire 2018-19: MFSS's original and revised budgets (pack §1a row 16) are alternatives."""
    text = str(paper.contributions(real, "nottinghamshire", "2018-19"))
    assert ("MFSS has more than one figure for the year: £3,155,000 (revised budget) and £2,155,000 (original "
            "budget). They are different measures of the same thing, not parts of a total") in text
    assert "published total adds them" not in text
    changes = str(paper.changes(real, "nottinghamshire", "2018-19"))
    assert "MFSS | £898,000 (spend) | £2,155,000 (original budget) |  | different basis: not compared" in changes


def test_real_abbreviations_are_spelled_out(real):
    text = str(paper.introduction(real, "leicestershire", "2019-20", "2019-07-22"))
    assert "EMSOU | East Midlands Special Operations Unit" in text
    assert "EMOpSS | East Midlands Operational Support Service" in text
    assert "PEEL | HMICFRS's inspections of police effectiveness, efficiency and legitimacy." in text


def test_real_membership_dates_keep_their_precision(real):
    """TVP-Hampshire bilateral: the sources give only the year 2015, so no day or month is shown."""
    text = str(paper.timeline(real, "thames-valley"))
    assert "member by 2015" in text and "1 January 2015" not in text


def test_real_lapsed_membership_says_why_it_is_not_known(real):
    """The tri-force alliance is last shown in May 2016 (pack §6): in 2020 it is not known, not 'joined later'."""
    text = str(paper.membership(real, "leicestershire", "2019-20"))
    assert ("for Regional crime training, Tri-force alliance and Origin the last source showing the force as a "
            "member is older than this date") in text.replace("For Regional", "for Regional")


def test_real_questions_cite_the_east_midlands_seminar_for_every_panel(real):
    text = str(paper.questions(real, "thames-valley", "2020-21"))
    assert "the scrutiny themes the East Midlands panels identified at their seminar in November 2017[1, S]" in text
    assert "South East panels" not in text


def test_real_force_wide_savings_are_not_called_collaboration_savings(real):
    text = str(paper.savings(real, "leicestershire"))
    assert "none named: may be force-wide, not from collaboration alone" in text
    assert "All collaborations" not in text
