"""Tests of collab_analysis.paper.charts: money formatting, deterministic SVG, alt text from the data,
accessible HTML, colours, and nothing leaking into matplotlib's global state."""
from __future__ import annotations

import base64
import inspect
import re
from html.parser import HTMLParser

import matplotlib
import pandas as pd
import pytest

from collab_analysis.paper import charts
from collab_analysis.paper.charts import format_gbp, format_pct
from collab_analysis.errors import ParameterError


EM_FORCES = ["derbyshire", "leicestershire", "lincolnshire", "nottinghamshire"]
EM_COLLABS = ["alpha", "alpha-fs", "ops", "train", "hr"]


def all_charts(t):
    return {
        "bar": lambda: charts.contributions_bar(t, "leicestershire", "2019-20"),
        "trend": lambda: charts.contributions_trend(t, "leicestershire"),
        "grid": lambda: charts.membership_grid(t, "2020-03-31", forces=EM_FORCES, collaborations=EM_COLLABS,
                                               highlight="leicestershire", place="East Midlands"),
        "timeline": lambda: charts.membership_timeline(t, "leicestershire"),
        "savings": lambda: charts.savings_dots(t, force="leicestershire"),
        "shares": lambda: charts.cost_shares_bar(t, "alpha", highlight="leicestershire"),
    }


# --------------------------------------------------------------------------------------------
# formatting

@pytest.mark.parametrize("amount, style, expected", [
    (6_352_000, "short", "£6.35m"),
    (9_487_000, "short", "£9.49m"),
    (3_875_000, "short", "£3.88m"),          # half up, not to even
    (4_000_000, "short", "£4m"),
    (10_500_000, "short", "£10.5m"),
    (745_000, "short", "£745k"),
    (174_000, "short", "£174k"),
    (13_000, "short", "£13k"),
    (999_600, "short", "£1m"),
    (1_500, "short", "£1,500"),
    (-13_000, "short", "-£13k"),
    (290_000_000, "short", "£290m"),
    (9_487_000, "exact", "£9,487,000"),
    (9_487_000, "published", "£9.487m"),
    (187_100_000, "published", "£187.1m"),
    (758_000, "published", "£758k"),
    (9_487_500, "published", "£9,487,500"),
])
def test_format_gbp(amount, style, expected):
    assert format_gbp(amount, style) == expected


def test_missing_money_is_words_not_zero():
    assert format_gbp(pd.NA) == "not published in the sources held"
    assert format_gbp(None) == "not published in the sources held"


def test_format_pct_rounds_half_up():
    assert format_pct(66.95) == "67%"
    assert format_pct(5.070551, 2) == "5.07%"
    assert format_pct(2.5) == "3%"


# --------------------------------------------------------------------------------------------
# colours: Okabe-Ito, and text at least 4.5:1 on white

def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("colour", [charts.TEXT, charts.MUTED, charts.SOURCE])
def test_text_colours_contrast_on_white(colour):
    assert contrast(colour, "#FFFFFF") >= 4.5


def test_text_inside_cells_contrasts():
    """White on the member colour, dark text on the grey "not a member" cells."""
    assert contrast("#FFFFFF", charts.HIGHLIGHT) >= 4.5
    assert contrast(charts.TEXT, charts.EMPTY_CELL) >= 4.5


def test_palette_is_okabe_ito():
    assert charts.OKABE_ITO["blue"] == "#0072B2" and charts.OKABE_ITO["vermillion"] == "#D55E00"
    assert charts.HIGHLIGHT == "#0072B2"
    assert {s["marker"] for s in charts.KIND_STYLE.values()} == {"o", "s", "D"}   # kinds differ by marker too


# --------------------------------------------------------------------------------------------
# deterministic SVG, no global state

@pytest.mark.parametrize("name", ["bar", "trend", "grid", "timeline", "savings", "shares"])
def test_svg_is_byte_identical_on_every_render(t, name):
    make = all_charts(t)[name]
    first, second = make(), make()
    assert first.svg == second.svg
    assert first.svg.startswith(b"<?xml") and b"<svg" in first.svg
    assert b"<dc:date>" not in first.svg and b"Matplotlib" not in first.svg.split(b"<svg")[0]


def test_no_pyplot_and_rcparams_restored(t):
    """Charts use Figure directly and leave matplotlib's rcParams as they found them."""
    assert not re.search(r"import matplotlib\.pyplot|from matplotlib import pyplot|\bplt\.", inspect.getsource(charts))
    before = dict(matplotlib.rcParams)
    charts.contributions_bar(t, "leicestershire", "2019-20")
    after = dict(matplotlib.rcParams)
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}


# --------------------------------------------------------------------------------------------
# alt text from the data

def test_bar_alt_states_what_and_finding(t):
    """3,875,000 in total; Alpha Unit 3,000,000 is 77.4% of it; Training 125,000 the smallest."""
    c = charts.contributions_bar(t, "leicestershire", "2019-20")
    assert c.alt.startswith("Bar chart of Leicestershire's contributions to four regional collaborations in "
                            "2019-20, totalling £3.88m. The largest is Alpha Unit at £3m, 77% of the total; "
                            "the smallest is Training at £125k.")
    assert "Ops Service is on a different basis (net budget for centrally funded staff)" in c.alt
    assert c.title == "Alpha Unit accounts for 77% of Leicestershire's £3.88m collaboration contributions in 2019-20"
    assert "£3,875,000" in c.subtitle and "5.00% of the force's £77.5m budget (derived)" in c.subtitle
    assert c.source_line == "Source: [1] Shire OPCC, “Regional collaboration”, 22 July 2019 (para 10). Status: S."
    assert list(c.data["amount_gbp"]) == [3_000_000, 500_000, 250_000, 125_000]


def test_bar_with_two_bases_for_one_collaboration_is_not_summed(t):
    extra = pd.DataFrame([{"collab_id": "alpha", "force_id": "leicestershire", "financial_year": "2019-20",
                           "amount_gbp": 3_100_000, "basis": "revised budget", "total_id": pd.NA,
                           "source_id": "src-budget", "locator": "table 9", "status": "C"}])
    budgets = pd.concat([t.budgets, extra.astype({"amount_gbp": "Int64"})], ignore_index=True)
    tt = t.replace(budgets=budgets)
    c = charts.contributions_bar(tt, "leicestershire", "2019-20")
    assert "not added up" in c.alt and "totalling" not in c.alt
    assert "no total is given" in c.subtitle
    assert set(c.table["Share of total (derived)"]) == {"not added up"}


def test_grid_alt_and_title(t):
    c = charts.membership_grid(t, "2020-03-31", forces=EM_FORCES, collaborations=EM_COLLABS,
                               highlight="leicestershire", place="East Midlands")
    assert c.title == ("Leicestershire is a member of all five East Midlands collaborations shown, "
                       "as at 31 March 2020")
    assert ("Grid of membership of five East Midlands collaborations (rows) by four forces (columns) as at "
            "31 March 2020. Leicestershire is a member of all of them. Two of the five include all four forces"
            ) in c.alt
    assert "Ops Service has two members" in c.alt
    assert c.data.loc["ops", "nottinghamshire"] == "not a member"


def test_grid_marks_unknown(t):
    c = charts.membership_grid(t, "2019-03-31", forces=EM_FORCES, collaborations=["hr", "ops"])
    assert "“?” not known on this date" in c.subtitle
    assert "Two cells are marked not known." in c.alt
    assert list(c.table["Derbyshire"]) == ["not known", "not a member"]


def test_timeline_alt(t):
    c = charts.membership_timeline(t, "leicestershire")
    assert c.alt.startswith("Timeline of Leicestershire's memberships of six collaborations, from 2001")
    assert "Start dates are not known for two of them (drawn hatched)." in c.alt
    assert "Nottinghamshire left Ops Service: 1 May 2018." in c.alt
    assert "date not known (member by 22 July 2019)" in set(c.table["Joined"])


def test_savings_alt_never_sums(t):
    c = charts.savings_dots(t, force="leicestershire")
    assert "five savings claims covering Leicestershire" in c.alt
    assert "four claimed, one inspectorate" in c.alt and "not added up" in c.alt
    assert "The largest is more than £70m (2010-2019, claimed" in c.alt
    assert "about 20% (inspectorate, to 2013)" in c.alt           # percentages listed, not plotted
    # 70 + 20 + 4 + 5.2 = 99.2: no sum of any kind appears
    assert "99.2" not in c.alt + c.title + c.subtitle and "total" not in c.alt.lower()


def test_cost_shares_alt(t):
    c = charts.cost_shares_bar(t, "alpha", highlight="leicestershire")
    assert c.alt == ("Bar chart of four forces' shares of Alpha Unit's costs in c.2012. Derbyshire paid the largest "
                     "share, 30%; Lincolnshire the smallest, 20%. The shares add up to 100%. Leicestershire's share "
                     "was 25%. Basis: Home Office formula grant.")
    assert "c.2012" in c.subtitle and "Home Office formula grant" in c.subtitle


@pytest.mark.parametrize("name", ["bar", "trend", "grid", "timeline", "savings", "shares"])
def test_alt_text_is_specific(t, name):
    c = all_charts(t)[name]()
    assert len(c.alt) > 80 and c.alt.strip().lower() not in {"chart", "image", "graph"}
    assert re.search(r"\d", c.alt)
    assert c.title and c.subtitle and c.source_line.startswith("Source")


def test_nothing_to_draw_says_not_published(t):
    with pytest.raises(ParameterError, match="not published in the sources held"):
        charts.contributions_bar(t, "derbyshire", "2019-20")
    with pytest.raises(ParameterError, match="only one financial year"):
        charts.contributions_trend(t.replace(budgets=t.budgets[
            t.budgets["financial_year"] == "2019-20"]), "leicestershire")


# --------------------------------------------------------------------------------------------
# the HTML

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_repr_html_shape(t):
    c = charts.contributions_bar(t, "leicestershire", "2019-20")
    html = c._repr_html_()
    assert html.startswith('<figure class="ca-chart"><img src="data:image/svg+xml;base64,')
    p = _Tags()
    p.feed(html)
    names = [n for n, _ in p.tags]
    assert names[:3] == ["figure", "img", "figcaption"]
    img = p.tags[1][1]
    assert base64.b64decode(img["src"].split(",", 1)[1]) == c.svg
    assert img["alt"] == c.alt
    assert "details" in names and "summary" in names and "caption" in names
    assert all(a.get("scope") in ("col", "row") for n, a in p.tags if n == "th")
    assert any(a.get("scope") == "row" for n, a in p.tags if n == "th")
    assert "<summary>Data for this chart</summary>" in html
    assert 'href="#fn-src-seed"' in html and "[1, <abbr" in html


def test_chart_html_escapes_data(t):
    collabs = t.collaborations.copy()
    collabs.loc[collabs["collab_id"] == "alpha", "short_name"] = "<script>alert(1)</script>"
    tt = t.replace(collaborations=collabs)
    html = charts.contributions_bar(tt, "leicestershire", "2019-20")._repr_html_()
    assert "<script" not in html and "&lt;script&gt;" in html
