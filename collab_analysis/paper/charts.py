"""Charts in the house style, each returned with its alt text and its data.

House style, in one place:

* Okabe-Ito colours (safe for the common colour-vision deficiencies), and never colour alone: bars,
  dots and cells carry direct labels, and categories also differ by marker or hatching.
* A headline title that states the finding, a statistical subtitle that says exactly what is
  plotted, and a source line under the chart. Text is at least 4.5:1 against white.
* Money as ``£6.35m`` / ``£745k`` (``format_gbp``), exact pounds where a reconciliation needs them.
* SVG that is byte-for-byte the same on every run (fixed ``svg.hashsalt``, text as paths, no date),
  so a rebuilt paper with unchanged data is an identical file.

Figures are made with :class:`matplotlib.figure.Figure` directly: nothing here touches pyplot's
global state, so charts can be made in a kernel, a worker or a test without leaking figures.

>>> import collab_analysis as ca
>>> tables = ca.load()                                              # doctest: +SKIP
>>> chart = ca.charts.contributions_bar(tables, "leicestershire", "2019-20")   # doctest: +SKIP
>>> chart.alt                                                       # doctest: +SKIP
"Bar chart of Leicestershire's contributions to six regional collaborations in 2019-20, ..."
"""
from __future__ import annotations

import base64
import io
import logging
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

import matplotlib
import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import pandas as pd
from markupsafe import escape
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..errors import ParameterError
from ..data.cells import format_gbp, format_pct  # noqa: F401 - charts.format_gbp is public
from ..membership import (MEMBER, UNKNOWN, _is_blank, collab_name, force_name, membership_matrix,
                         resolve_collab, resolve_force, split_list)

log = logging.getLogger(__name__)

# Okabe & Ito (2008), "Color Universal Design"
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
TEXT = "#1A1A1A"        # 17.4:1 on white
MUTED = "#4D4D4D"       # 8.45:1 on white: subtitles, axis text
SOURCE = "#595959"      # 7.0:1 on white: source line
GRID = "#D9D9D9"        # lines only, never text
EMPTY_CELL = "#EFEFEF"  # behind dark text: 15.5:1
HIGHLIGHT = OKABE_ITO["blue"]   # white text on it: 5.1:1
OTHER = "#8FB8D8"               # bars that are not the highlighted force (dark labels sit outside)

KIND_STYLE = {  # savings claims: colour AND marker AND a word in every label
    "claimed": {"color": OKABE_ITO["blue"], "marker": "o", "label": "Claimed"},
    "projected": {"color": OKABE_ITO["orange"], "marker": "s", "label": "Projected"},
    "inspectorate": {"color": OKABE_ITO["bluish_green"], "marker": "D", "label": "Inspectorate"},
}

STATUS_MEANINGS = {
    "S": "from one of the seed documents (papers already before the panels)",
    "C": "confirmed in a stored copy of a public source",
    "C2": "confirmed in a secondary source or a mirror of one; cite with care",
    "D": "derived: worked out from other figures; no source states it",
}

_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

_RC = {
    "svg.hashsalt": "collab-analysis",
    "svg.fonttype": "path",
    "svg.image_inline": True,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": MUTED,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": TEXT,
    "xtick.labelcolor": MUTED,
    "ytick.labelcolor": TEXT,
    "hatch.color": MUTED,
    "hatch.linewidth": 0.8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "path.simplify": False,
}


# ---------------------------------------------------------------------------------------------
# formatting helpers (the paper uses the same ones, so text and charts agree)
# ---------------------------------------------------------------------------------------------

def number_word(n: int) -> str:
    """``6`` -> ``"six"`` (up to ten, as plain English writes them), else digits."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``plural(1, "collaboration")`` -> ``"one collaboration"``; ``plural(6, ...)`` -> ``"six collaborations"``."""
    return f"{number_word(n)} {one if n == 1 else (many or one + 's')}"


def cap(text: str) -> str:
    """Capitalise the first letter only (``"six claims"`` -> ``"Six claims"``)."""
    return text[:1].upper() + text[1:] if text else text


def format_date(value, precision=None) -> str:
    """A date at the precision the source gave: ``1 May 2018``, ``May 2018``, ``2018``, or
    ``date not known``."""
    if _is_blank(value):
        return "date not known"
    ts = pd.Timestamp(value)
    p = None if _is_blank(precision) else str(precision)
    if p == "year":
        return f"{ts.year}"
    if p == "month":
        return f"{ts:%B %Y}"
    if p == "unknown":
        return "date not known"
    return f"{ts.day} {ts:%B %Y}"


# ---------------------------------------------------------------------------------------------
# sources: stable numbers, footnote markers, source lines
# ---------------------------------------------------------------------------------------------

def source_number(tables, source_id) -> int | None:
    """A source's stable number: its row in the sources table, counting from 1."""
    ids = [str(s) for s in tables.sources["source_id"]]
    try:
        return ids.index(str(source_id)) + 1
    except ValueError:
        return None


def _split_ids(value) -> list[str]:
    if _is_blank(value):
        return []
    return [p.strip() for p in str(value).split(";") if p.strip()]


def ref_html(tables, source_id, status=None) -> str:
    """A footnote marker: ``<sup class="ca-ref"><a href="#fn-ID">[3, <abbr title="...">S</abbr>]</a></sup>``.

    ``source_id`` and ``status`` may be ``;`` lists (a derived figure has several sources).
    """
    parts = []
    statuses = _split_ids(status)
    for i, sid in enumerate(_split_ids(source_id)):
        n = source_number(tables, sid)
        st = statuses[i] if i < len(statuses) else (statuses[0] if statuses else "")
        label = str(n) if n is not None else "?"
        st_html = ""
        if st:
            st_html = f', <abbr title="{escape(STATUS_MEANINGS.get(st, st))}">{escape(st)}</abbr>'
        parts.append(f'<sup class="ca-ref"><a href="#fn-{escape(sid)}">[{escape(label)}{st_html}]</a></sup>')
    return "".join(parts)


def refs_html(tables, pairs) -> str:
    """Markers for several (source_id, status) pairs, each source once, in first-seen order."""
    seen, out = set(), []
    for sid, st in pairs:
        for s in _split_ids(sid):
            key = (s, str(st))
            if key in seen:
                continue
            seen.add(key)
            out.append(ref_html(tables, s, st))
    return "".join(out)


def _source_row(tables, source_id):
    rows = tables.sources[tables.sources["source_id"] == source_id]
    return rows.iloc[0] if len(rows) else None


def source_label(tables, source_id, with_title: bool = True) -> str:
    """Publisher, title and date of a source, for a chart's source line (the title left out when
    a chart has many sources: the numbered list has them)."""
    r = _source_row(tables, source_id)
    if r is None:
        return str(source_id)
    bits = []
    if not _is_blank(r.get("publisher")):
        bits.append(str(r["publisher"]))
    if with_title and not _is_blank(r.get("title")):
        bits.append(f"“{r['title']}”")
    if not _is_blank(r.get("date")):
        bits.append(format_date(r["date"], r.get("date_precision")))
    return ", ".join(bits)


def source_line(tables, frame: pd.DataFrame, source_col: str = "source_id", status_col: str = "status",
                locator_col: str | None = "locator") -> str:
    """``Source: Leicestershire OPCC, “Regional collaboration”, 22 July 2019 (para 10). Status: S.``"""
    groups: dict[str, dict] = {}
    for _, r in frame.iterrows():
        for i, sid in enumerate(_split_ids(r.get(source_col))):
            g = groups.setdefault(sid, {"loc": [], "status": []})
            if locator_col and i == 0 and not _is_blank(r.get(locator_col)):
                # the first part of a locator ("para 10; EMSOU heading ...") is enough under a chart
                loc = str(r[locator_col]).split(";")[0].strip()
                if loc and loc not in g["loc"]:
                    g["loc"].append(loc)
            for st in _split_ids(r.get(status_col)):
                if st not in g["status"]:
                    g["status"].append(st)
    if not groups:
        return "Source: not published in the sources held."
    parts = []
    statuses = []
    compact = len(groups) > 2
    for sid, g in groups.items():
        n = source_number(tables, sid)
        text = f"[{n}] " if n is not None else ""
        text += source_label(tables, sid, with_title=not compact)
        if g["loc"] and not compact:
            locs = g["loc"] if len(g["loc"]) <= 3 else g["loc"][:3] + ["…"]
            text += f" ({', '.join(locs)})"
        parts.append(text)
        statuses += [s for s in g["status"] if s not in statuses]
    head = "Source: " if len(parts) == 1 else "Sources: "
    tail = f". Status: {', '.join(statuses)}." if statuses else "."
    return head + "; ".join(parts) + tail


# ---------------------------------------------------------------------------------------------
# the Chart object and HTML tables
# ---------------------------------------------------------------------------------------------

def table_html(frame: pd.DataFrame, caption: str, *, row_header: bool = True, html_cols=(),
               highlight_col: str | None = None, classes: str = "ca-table", numeric_cols=()) -> str:
    """An accessible table: caption, ``th scope="col"`` headers, first column as ``th scope="row"``.

    Every cell is escaped, except columns named in ``html_cols`` (which the caller has built from
    escaped parts, e.g. footnote markers).
    """
    out = [f'<table class="{escape(classes)}"><caption>{escape(caption)}</caption><thead><tr>']
    for col in frame.columns:
        cls = ' class="ca-highlight"' if highlight_col is not None and col == highlight_col else ""
        cls = ' class="ca-num"' if col in numeric_cols and not cls else cls
        out.append(f'<th scope="col"{cls}>{escape(str(col))}</th>')
    out.append("</tr></thead><tbody>")
    for _, row in frame.iterrows():
        out.append("<tr>")
        for i, col in enumerate(frame.columns):
            value = row[col]
            text = "" if _is_blank(value) else (str(value) if col in html_cols else str(escape(str(value))))
            classes_ = []
            if highlight_col is not None and col == highlight_col:
                classes_.append("ca-highlight")
            if col in numeric_cols:
                classes_.append("ca-num")
            cls = f' class="{" ".join(classes_)}"' if classes_ else ""
            if i == 0 and row_header:
                out.append(f'<th scope="row"{cls}>{text}</th>')
            else:
                out.append(f"<td{cls}>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


@dataclass
class Chart:
    """A chart and everything needed to show it accessibly.

    Attributes
    ----------
    svg : bytes
        The figure, deterministic SVG.
    alt : str
        Alt text generated from the data: what the chart shows and its main finding.
    data : pandas.DataFrame
        The numbers plotted (raw values, for analysts).
    title, subtitle, source_line : str
        As drawn on the chart.
    table : pandas.DataFrame, optional
        The data as shown in the accessible table (formatted strings); defaults to ``data``.
    refs : list of (source_id, status)
        Sources for footnote markers in the caption.
    """

    svg: bytes
    alt: str
    data: pd.DataFrame
    title: str
    subtitle: str
    source_line: str
    table: pd.DataFrame | None = None
    refs: list = field(default_factory=list)
    tables: object | None = field(default=None, repr=False, compare=False)

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")

    def _repr_html_(self) -> str:
        shown = self.table if self.table is not None else self.data
        marks = refs_html(self.tables, self.refs) if (self.tables is not None and self.refs) else ""
        # the image carries the title, subtitle and source line; the caption repeats only the title
        # (the figure's accessible name) and links the sources to the numbered list
        caption = (f'<figcaption><span class="ca-chart-title">{escape(self.title)}</span>'
                   + (f' <small class="ca-chart-sources">Sources: {marks}</small>' if marks else "")
                   + "</figcaption>")
        return (f'<figure class="ca-chart"><img src="{self.data_uri()}" alt="{escape(self.alt)}">'
                + caption
                + "<details><summary>Data for this chart</summary>"
                + table_html(shown, f"Data for: {self.title}")
                + "</details></figure>")

    def __str__(self) -> str:
        return f"[Chart: {self.title}. {self.alt}]"


def _render(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=max(width, 20)) or [""]


class _Frame:
    """A figure laid out in inches: title and subtitle on top, the plot, the source line under it."""

    def __init__(self, width: float, plot_height: float, title: str, subtitle: str, source: str,
                 left: float = 1.0, right: float = 0.3, bottom_axis: float = 0.45, top_axis: float = 0.1):
        self.title_lines = _wrap(title, int(width * 7.6))
        self.sub_lines = _wrap(subtitle, int(width * 11.5))
        self.src_lines = _wrap(source, int(width * 13.5))
        top = 0.18 + 0.25 * len(self.title_lines) + 0.19 * len(self.sub_lines) + 0.12 + top_axis
        bottom = bottom_axis + 0.1 + 0.155 * len(self.src_lines) + 0.1
        self.height = top + plot_height + bottom
        self.width = width
        self.fig = Figure(figsize=(width, self.height))
        self.ax = self.fig.add_axes([left / width, bottom / self.height,
                                     1 - (left + right) / width, plot_height / self.height])
        fh = self.height
        y = fh - 0.15
        self.fig.text(0.12 / width, y / fh, "\n".join(self.title_lines), ha="left", va="top",
                      fontsize=13, fontweight="bold", color=TEXT, linespacing=1.25)
        y -= 0.25 * len(self.title_lines) + 0.06
        self.fig.text(0.12 / width, y / fh, "\n".join(self.sub_lines), ha="left", va="top",
                      fontsize=10, color=MUTED, linespacing=1.3)
        self.fig.text(0.12 / width, 0.1 / fh, "\n".join(self.src_lines), ha="left", va="bottom",
                      fontsize=8.5, color=SOURCE, linespacing=1.3)


def _wrap_name(name: str, width: int = 15) -> str:
    """A column header on up to a few lines, never breaking inside a word."""
    return "\n".join(textwrap.wrap(str(name), width, break_long_words=False)) or str(name)


def _label_width(labels, fontsize: float = 10) -> float:
    longest = max((len(str(x)) for x in labels), default=4)
    return min(0.2 + longest * fontsize / 72 * 0.6, 3.6)


def _need(frame: pd.DataFrame, what: str):
    if frame is None or frame.empty:
        raise ParameterError("data", what,
                             message=f"{what} are not published in the sources held; there is nothing to draw.")


def _scope_word(tables, collab_ids) -> str:
    scopes = set()
    for c in collab_ids:
        rows = tables.collaborations.loc[tables.collaborations["collab_id"] == c, "scope"]
        scopes.add(str(rows.iloc[0]) if len(rows) else "")
    return "regional " if scopes and scopes <= {"regional", "sub-regional", "bilateral"} else ""


# ---------------------------------------------------------------------------------------------
# contributions
# ---------------------------------------------------------------------------------------------

def contributions_bar(tables, force: str, year) -> Chart:
    """Horizontal bars: one force's contribution to each collaboration in one financial year.

    Rows whose ``basis`` differs from the most common one are hatched and say their basis. When a
    collaboration has figures on more than one basis in the year (an original and a revised
    budget), no total or share of total is given: those figures are alternatives, not parts.
    """
    from ..budgets import budget_share, contributions, normalise_year, reconcile

    force_id = resolve_force(tables, force)
    fy = normalise_year(year)
    data = contributions(tables, force_id, fy)
    _need(data, f"{force_name(tables, force_id)}'s {fy} contributions")
    data = data.sort_values("amount_gbp", ascending=False, kind="stable").reset_index(drop=True)
    fname = force_name(tables, force_id)
    n = len(data)
    n_collabs = int(data["collab_id"].nunique())
    summable = n == n_collabs
    total = int(data["amount_gbp"].sum()) if summable else None
    main_basis = data["basis"].astype(str).value_counts().index[0]
    top = data.iloc[0]
    top_share = (Decimal(int(top["amount_gbp"])) * 100 / Decimal(total)) if summable and total else None
    scope = _scope_word(tables, list(data["collab_id"]))
    names = [f"{r['name']} ({r['basis']})" if data["collab_id"].eq(r["collab_id"]).sum() > 1 else str(r["name"])
             for _, r in data.iterrows()]

    if top_share is not None and top_share >= 50:
        title = (f"{top['name']} accounts for {format_pct(top_share)} of {fname}'s "
                 f"{format_gbp(total)} collaboration contributions in {fy}")
    elif summable:
        title = f"{fname}'s contributions to {plural(n, scope + 'collaboration')} in {fy} total {format_gbp(total)}"
    else:
        title = (f"{fname}'s published figures for {plural(n_collabs, scope + 'collaboration')} in {fy}, "
                 f"on {plural(int(data['basis'].nunique()), 'basis', 'bases')}")
    sub = f"Contribution to each collaboration, {fy}, £."
    if summable:
        sub += f" Sum of the {number_word(n)} rows: {format_gbp(total, 'exact')}"
        rec = reconcile(tables, force_id, fy)
        exact = rec[rec["result"] == "reconciles exactly"]
        if len(exact):
            sub += f", matching the published total of {format_gbp(int(exact.iloc[0]['amount_gbp']), 'published')}"
        sub += "."
    else:
        sub += (" Some collaborations have figures on more than one basis (for example an original and a "
                "revised budget); these are alternatives, so no total is given.")
    if (data["basis"].astype(str) != main_basis).any():
        sub += f" Basis: {main_basis}, except hatched bars (basis named on the bar)."
    else:
        sub += f" Basis: {main_basis}."
    share = budget_share(tables, force_id, fy) if summable else pd.DataFrame()
    if len(share):
        s = share.iloc[0]
        sub += (f" The published total is {format_pct(s['share_pct'], 2)} of the force's "
                f"{format_gbp(int(s['denominator_gbp']), 'published')} {s['measure']} (derived).")
    src = source_line(tables, data)

    plot_h = 0.42 * n + 0.2
    left = _label_width(names, 10)
    fr = _Frame(8.0, plot_h, title, sub, src, left=left, right=0.4, bottom_axis=0.15)
    ax = fr.ax
    ys = list(range(n))[::-1]
    vmax = float(data["amount_gbp"].max())
    for y, (_, r) in zip(ys, data.iterrows()):
        other_basis = str(r["basis"]) != main_basis
        ax.barh(y, float(r["amount_gbp"]), height=0.62, color="white" if other_basis else HIGHLIGHT,
                edgecolor=HIGHLIGHT, linewidth=1.2, hatch="///" if other_basis else None)
        label = format_gbp(int(r["amount_gbp"]))
        if other_basis:
            label += f"  (basis: {r['basis']})"
        ax.text(float(r["amount_gbp"]) + vmax * 0.015, y, label, va="center", ha="left", fontsize=10, color=TEXT)
    ax.set_yticks(ys)
    ax.set_yticklabels(names, fontsize=10)
    ax.set_xlim(0, vmax * 1.75)
    ax.set_ylim(-0.6, n - 0.4)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    svg = _render(fr.fig)

    smallest = data.iloc[-1]
    if summable:
        alt = (f"Bar chart of {fname}'s contributions to {plural(n, scope + 'collaboration')} in {fy}, "
               f"totalling {format_gbp(total)}. The largest is {top['name']} at {format_gbp(int(top['amount_gbp']))}, "
               f"{format_pct(top_share)} of the total")
    else:
        alt = (f"Bar chart of {fname}'s published figures for {plural(n_collabs, scope + 'collaboration')} in {fy}, "
               f"on different bases and not added up. The largest is {names[0]} at "
               f"{format_gbp(int(top['amount_gbp']))}")
    if n > 1:
        alt += f"; the smallest is {names[-1]} at {format_gbp(int(smallest['amount_gbp']))}"
    alt += "."
    if (data["basis"].astype(str) != main_basis).any():
        odd = data[data["basis"].astype(str) != main_basis]
        alt += " " + "; ".join(f"{r['name']} is on a different basis ({r['basis']})" for _, r in odd.iterrows()) + "."
    table = pd.DataFrame({
        "Collaboration": names,
        "Contribution": [format_gbp(int(a), "exact") for a in data["amount_gbp"]],
        "Share of total (derived)": [format_pct(Decimal(int(a)) * 100 / Decimal(total)) if summable and total
                           else "not added up" for a in data["amount_gbp"]],
        "Basis": data["basis"],
        "Status": data["status"],
    })
    return Chart(svg=svg, alt=alt, data=data, title=title, subtitle=sub, source_line=src, table=table,
                 refs=list(zip(data["source_id"], data["status"])), tables=tables)


def contributions_trend(tables, force: str) -> Chart:
    """Lines and dots: a force's contributions across financial years, one line per collaboration
    and basis (a change of basis starts a new, separately labelled line, never a joined one)."""
    from ..budgets import contributions, normalise_year

    force_id = resolve_force(tables, force)
    fname = force_name(tables, force_id)
    data = contributions(tables, force_id)
    _need(data, f"{fname}'s contributions")
    years = sorted(set(data["financial_year"].astype(str)), key=lambda y: int(normalise_year(y)[:4]))
    if len(years) < 2:
        raise ParameterError("data", fname, message=(
            f"{fname}'s contributions are published for only one financial year ({years[0]}); "
            f"a trend needs two or more."))
    xpos = {y: i for i, y in enumerate(years)}
    series = list(dict.fromkeys(zip(data["collab_id"].astype(str), data["basis"].astype(str))))
    bases_by_collab: dict[str, set] = {}
    for c, b in series:
        bases_by_collab.setdefault(c, set()).add(b)
    markers = ["o", "s", "D", "^", "v", "P", "X"]
    colours = [OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue",
                                      "black")]

    first, last = years[0], years[-1]
    changes = []
    for c, b in series:
        s = data[(data["collab_id"] == c) & (data["basis"] == b)]
        a = s[s["financial_year"] == first]
        z = s[s["financial_year"] == last]
        if len(a) and len(z):
            changes.append((int(z.iloc[0]["amount_gbp"]) - int(a.iloc[0]["amount_gbp"]), c, b,
                            int(a.iloc[0]["amount_gbp"]), int(z.iloc[0]["amount_gbp"])))
    title = f"{fname}'s contributions to collaborations, {first} to {last}"
    finding = ""
    if changes:
        d, c, b, a0, z0 = max(changes, key=lambda t: abs(t[0]))
        verb = "rose" if d > 0 else ("fell" if d < 0 else "stayed")
        finding = (f"{collab_name(tables, c)} {verb} from {format_gbp(a0)} to {format_gbp(z0)}" if d
                   else f"{collab_name(tables, c)} stayed at {format_gbp(a0)}")
        title = f"{finding} between {first} and {last}"
    sub = (f"{fname}'s contribution to each collaboration by financial year, £. A line joins years only "
           f"where the basis is the same; different bases are separate, labelled lines.")
    src = source_line(tables, data)
    labels_end = []
    for c, b in series:
        name = collab_name(tables, c)
        labels_end.append(name + (f" ({b})" if len(bases_by_collab[c]) > 1 or b != "net budget" else ""))
    right = min(0.3 + max(len(x) for x in labels_end) * 0.066 + 0.6, 4.2)
    fr = _Frame(8.5, 3.6, title, sub, src, left=0.8, right=right, bottom_axis=0.45)
    ax = fr.ax
    vmax = float(data["amount_gbp"].max())
    end_labels = []
    for i, ((c, b), label) in enumerate(zip(series, labels_end)):
        s = data[(data["collab_id"] == c) & (data["basis"] == b)].copy()
        s["x"] = s["financial_year"].astype(str).map(xpos)
        s = s.sort_values("x")
        col, mk = colours[i % len(colours)], markers[i % len(markers)]
        ax.plot(s["x"], s["amount_gbp"].astype(float) / 1e6, color=col, marker=mk, linewidth=1.8, markersize=6)
        end_labels.append([float(s["x"].iloc[-1]), float(s["amount_gbp"].iloc[-1]) / 1e6,
                           f"{label} {format_gbp(int(s['amount_gbp'].iloc[-1]))}", col])
    _spread_labels(ax, end_labels, vmax / 1e6 * 1.15)
    ax.set_xticks(range(len(years)))
    ax.set_xticklabels(years)
    ax.set_xlim(-0.3, len(years) - 0.7)
    ax.set_ylim(0, vmax / 1e6 * 1.15)
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"£{v:g}m"))
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    svg = _render(fr.fig)
    alt = (f"Line chart of {fname}'s contributions to {plural(len(set(c for c, _ in series)), 'collaboration')} "
           f"from {first} to {last}.")
    if finding:
        alt += f" {finding}."
    multi = [c for c, bs in bases_by_collab.items() if len(bs) > 1]
    if multi:
        alt += (" The basis changed for " + ", ".join(collab_name(tables, c) for c in multi)
                + ", so those years are drawn as separate lines and not compared.")
    table = pd.DataFrame({
        "Collaboration": [collab_name(tables, c) for c in data["collab_id"]],
        "Financial year": data["financial_year"],
        "Contribution": [format_gbp(int(a), "exact") for a in data["amount_gbp"]],
        "Basis": data["basis"],
        "Status": data["status"],
    })
    return Chart(svg=svg, alt=alt, data=data, title=title, subtitle=sub, source_line=src, table=table,
                 refs=list(zip(data["source_id"], data["status"])), tables=tables)


def _spread_labels(ax, labels, y_range: float, gap_fraction: float = 0.055):
    """Direct labels at line ends, nudged apart vertically so none overlaps, with a leader line."""
    gap = y_range * gap_fraction
    for x in sorted({lab[0] for lab in labels}):
        group = sorted([lab for lab in labels if lab[0] == x], key=lambda lab: lab[1])
        placed = []
        for lab in group:
            y = lab[1] if not placed else max(lab[1], placed[-1] + gap)
            placed.append(y)
        # if pushed off the top, shift the whole stack down (never below zero)
        overflow = placed[-1] - y_range * 0.98 if placed else 0
        if overflow > 0:
            placed = [max(p - overflow, 0) for p in placed]
        for lab, y in zip(group, placed):
            ax.annotate(lab[2], (lab[0], lab[1]), xytext=(lab[0] + 0.06, y), textcoords="data", va="center",
                        fontsize=9, color=TEXT, annotation_clip=False,
                        arrowprops=({"arrowstyle": "-", "color": GRID, "linewidth": 0.6}
                                    if abs(y - lab[1]) > gap * 0.2 else None))


# ---------------------------------------------------------------------------------------------
# membership
# ---------------------------------------------------------------------------------------------

def membership_grid(tables, on, forces=None, collaborations=None, highlight: str | None = None,
                    place: str | None = None) -> Chart:
    """A heat-grid of who is in what on a date: "member", "—" (not a member) or "?" (not known).

    Parameters
    ----------
    on : date
        The date read (a financial year's end, 31 March, in papers).
    forces, collaborations : list, optional
        As :func:`membership.membership_matrix`.
    highlight : str, optional
        A force whose column is outlined and whose name is bold.
    place : str, optional
        Words for the set of collaborations, e.g. "East Midlands" (used in the title and alt text).
    """
    from ..membership import to_date

    d = to_date(on)
    m = membership_matrix(tables, d, forces=forces, collaborations=collaborations)
    _need(m, "Memberships")
    hl = resolve_force(tables, highlight) if highlight else None
    rows = [collab_name(tables, c) for c in m.index]
    cols = [force_name(tables, f) for f in m.columns]
    nr, nc = m.shape
    date_text = format_date(d)
    where = f"{place} " if place else ""
    counts = {c: int((m.loc[c] == MEMBER).sum()) for c in m.index}
    all_in = [c for c in m.index if counts[c] == nc]
    if hl is not None and hl in m.columns:
        k = int((m[hl] == MEMBER).sum())
        of = f"all {number_word(nr)}" if k == nr else f"{number_word(k)} of the {number_word(nr)}"
        title = f"{force_name(tables, hl)} is a member of {of} {where}collaborations shown, as at {date_text}"
    else:
        title = cap(f"{number_word(len(all_in))} of the {number_word(nr)} {where}collaborations include all "
                    f"{number_word(nc)} forces, as at {date_text}")
    has_unknown = bool((m == UNKNOWN).to_numpy().any())
    sub = f"Membership of each collaboration (rows) by force (columns) on {date_text}. “member”; “—” not a member"
    if has_unknown:
        sub += ("; “?” not known on this date (the sources show the force as a member only at another date, "
                "and do not say whether it was one then)")
    sub += "."
    ms = tables.memberships
    used = ms[ms["collab_id"].isin(list(m.index)) & ms["force_id"].isin(list(m.columns))]
    src = source_line(tables, used, locator_col=None)

    cell_w, cell_h = 1.32, 0.42
    left = _label_width(rows, 10)
    width = left + cell_w * nc + 0.3
    header_lines = max(len(_wrap_name(c).split("\n")) for c in cols)
    fr = _Frame(width, cell_h * nr, title, sub, src, left=left, right=0.3, bottom_axis=0.05,
                top_axis=0.2 + 0.17 * header_lines)
    ax = fr.ax
    ax.set_xlim(0, nc)
    ax.set_ylim(nr, 0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    for i, c in enumerate(m.index):
        for j, f in enumerate(m.columns):
            v = m.loc[c, f]
            if v == MEMBER:
                ax.add_patch(Rectangle((j + 0.04, i + 0.06), 0.92, 0.88, facecolor=HIGHLIGHT, edgecolor="none"))
                ax.text(j + 0.5, i + 0.5, "member", ha="center", va="center", color="white", fontsize=9.5,
                        fontweight="bold")
            elif v == UNKNOWN:
                ax.add_patch(Rectangle((j + 0.04, i + 0.06), 0.92, 0.88, facecolor="white", edgecolor=MUTED,
                                       hatch="///", linewidth=0.8))
                ax.text(j + 0.5, i + 0.5, "?", ha="center", va="center", color=TEXT, fontsize=11, fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
            else:
                ax.add_patch(Rectangle((j + 0.04, i + 0.06), 0.92, 0.88, facecolor=EMPTY_CELL, edgecolor="none"))
                ax.text(j + 0.5, i + 0.5, "—", ha="center", va="center", color=TEXT, fontsize=10)
    ax.set_yticks([i + 0.5 for i in range(nr)])
    ax.set_yticklabels(rows, fontsize=10)
    ax.xaxis.tick_top()
    ax.set_xticks([j + 0.5 for j in range(nc)])
    ax.set_xticklabels([_wrap_name(c) for c in cols], fontsize=9)
    if hl is not None and hl in m.columns:
        j = list(m.columns).index(hl)
        ax.add_patch(Rectangle((j, 0), 1, nr, facecolor="none", edgecolor=TEXT, linewidth=2.2, clip_on=False))
        for lbl in ax.get_xticklabels():
            if lbl.get_text() == _wrap_name(force_name(tables, hl)):
                lbl.set_fontweight("bold")
                lbl.set_color(TEXT)
    svg = _render(fr.fig)

    alt = (f"Grid of membership of {plural(nr, where + 'collaboration')} (rows) by {plural(nc, 'force')} (columns) "
           f"as at {date_text}.")
    if hl is not None and hl in m.columns:
        k = int((m[hl] == MEMBER).sum())
        alt += f" {force_name(tables, hl)} is a member of {'all' if k == nr else number_word(k)} of them."
    alt += " " + cap(f"{number_word(len(all_in))} of the {number_word(nr)} include all {number_word(nc)} forces")
    rest = [c for c in m.index if c not in all_in]
    if rest:
        unknown_n = {c: int((m.loc[c] == UNKNOWN).sum()) for c in rest}
        bits = [f"{collab_name(tables, c)} has {plural(counts[c], 'member')}"
                + (f" and {number_word(unknown_n[c])} not known" if unknown_n[c] else "") for c in rest[:6]]
        alt += "; " + "; ".join(bits)
        if len(rest) > 6:
            alt += f"; and {len(rest) - 6} more"
    alt += "."
    if has_unknown:
        n_unknown = int((m == UNKNOWN).to_numpy().sum())
        alt += f" {plural(n_unknown, 'cell').capitalize()} {'is' if n_unknown == 1 else 'are'} marked not known."
    table = pd.DataFrame({"Collaboration": rows})
    for f, name in zip(m.columns, cols):
        table[name] = ["member" if v == MEMBER else ("not known" if v == UNKNOWN else "not a member") for v in m[f]]
    data = m.copy()
    return Chart(svg=svg, alt=alt, data=data, title=title, subtitle=sub, source_line=src, table=table,
                 refs=list(zip(used["source_id"], used["status"])), tables=tables)


def membership_timeline(tables, force: str, collaborations=None, until=None) -> Chart:
    """A Gantt chart of one force's memberships, with other forces' withdrawals marked on each row.

    Starts that are not known are drawn as a hatched lead-in labelled "date not known" ending at
    the date a source first shows the force as a member. A withdrawal is a black end tick; another
    force's withdrawal from the same collaboration is a vermillion triangle with its name and date.
    """
    from ..membership import timeline, to_date

    force_id = resolve_force(tables, force)
    fname = force_name(tables, force_id)
    mine = timeline(tables, forces=force_id, collaborations=collaborations)
    _need(mine, f"{fname}'s memberships")
    collab_ids = list(dict.fromkeys(mine["collab_id"].astype(str)))
    everyone = timeline(tables, collaborations=collab_ids)
    others_left = everyone[(everyone["force_id"] != force_id) & everyone["end"].notna()]
    shown = pd.concat([mine, others_left])
    all_dates = pd.concat([shown["start"], shown["end"], shown["known_by"]]).dropna()
    # the right edge is a year or so after the latest date shown, never "today": papers must rebuild identically
    right = to_date(until) if until is not None else pd.Timestamp(year=int(all_dates.max().year) + 2, month=1, day=1)
    lead = pd.DateOffset(years=3)
    left_edge = min(mine["draw_start"].min() - (lead if (~mine["start_known"]).any() else pd.DateOffset(years=0)),
                    mine["draw_start"].min()) - pd.DateOffset(years=1)
    left_edge = pd.Timestamp(year=left_edge.year, month=1, day=1)
    n = len(collab_ids)
    rows = [collab_name(tables, c) for c in collab_ids]

    unknown_n = int((~mine["start_known"]).sum())
    left_events = [(r["end"], r) for _, r in others_left.iterrows()]
    left_events.sort(key=lambda t: t[0])
    own_left = mine[mine["end"].notna()]
    title = f"{fname} has been a member of {plural(n, 'collaboration')} in the sources held"
    if left_events:
        e, r = left_events[-1]
        title += (f"; {force_name(tables, r['force_id'])} left {collab_name(tables, r['collab_id'])} "
                  f"on {format_date(e, r['end_precision'])}" if str(r["end_precision"]) == "day" else
                  f"; {force_name(tables, r['force_id'])} left {collab_name(tables, r['collab_id'])} in "
                  f"{format_date(e, r['end_precision'])}")
    sub = (f"When {fname} joined and left each collaboration. Bars run from the start date "
           f"(at the precision the source gives) to the end date; a bar that reaches the right edge "
           f"has no end date in the sources.")
    if unknown_n:
        sub += " Hatched: start date not known; the solid bar begins when a source first shows membership."
    if "known_until" in mine and (mine["end"].isna() & mine["known_until"].notna()).any():
        sub += " Dotted: not known after the last source that shows the membership."
    if len(others_left):
        sub += " Triangles: another force's withdrawal."
    used = pd.concat([mine, others_left])
    src = source_line(tables, used, locator_col=None)

    left = _label_width(rows, 10)
    extra_rows = 0.45 * len({str(c) for c in others_left["collab_id"]})
    fr = _Frame(9.0, 0.5 * (n + extra_rows) + 0.2, title, sub, src, left=left, right=0.3, bottom_axis=0.45)
    ax = fr.ax
    num = mdates.date2num
    x_lo, x_hi = num(left_edge), num(right)
    # rows with another force's withdrawal get extra room below for its label
    with_events = {str(r["collab_id"]) for _, r in others_left.iterrows()}
    ypos, y = {}, 0.0
    for c in collab_ids:
        ypos[c] = y
        y += 1.45 if c in with_events else 1.0
    y_bottom = y - 1.0
    ax.set_ylim(y_bottom + 0.5, -0.75)
    ax.set_xlim(x_lo, x_hi)
    pad = (x_hi - x_lo) * 0.006
    axes_w = 9.0 - left - 0.3

    for _, r in mine.iterrows():
        y = ypos[str(r["collab_id"])]
        x0 = r["draw_start"]
        until = r.get("known_until", pd.NaT)
        x1 = r["end"] if not pd.isna(r["end"]) else (until if not pd.isna(until) else right)
        ax.barh(y, num(x1) - num(x0), left=num(x0), height=0.36, color=HIGHLIGHT, edgecolor=HIGHLIGHT)
        if pd.isna(r["end"]) and not pd.isna(until) and until < right:
            # after the last source that shows it, membership is not known: hatched, never solid
            ax.barh(y, num(right) - num(until), left=num(until), height=0.36, color="white",
                    edgecolor=HIGHLIGHT, hatch="...", linewidth=1.0)
        start_x = num(x0)
        if not r["start_known"]:
            h0 = max(x0 - lead, left_edge)
            ax.barh(y, num(x0) - num(h0), left=num(h0), height=0.36, color="white", edgecolor=HIGHLIGHT,
                    hatch="///", linewidth=1.0)
            start_x = num(h0)
            label = f"date not known; member by {format_date(r['known_by'], r['known_by_precision'])}"
        else:
            label = f"from {format_date(r['start'], r['start_precision'])}"
        if not pd.isna(r["end"]):
            ax.plot([num(r["end"])] * 2, [y - 0.26, y + 0.26], color=TEXT, linewidth=2.4)
            label += f"; left {format_date(r['end'], r['end_precision'])}"
        elif not pd.isna(until):
            label += f"; not known after {format_date(until, r.get('known_until_precision', 'day'))}"
        est_width = len(label) * 8.5 / 72 * 0.6 * (x_hi - x_lo) / axes_w
        if start_x + est_width > x_hi:
            ax.text(x_hi - pad, y - 0.22, label, ha="right", va="bottom", fontsize=8.5, color=TEXT)
        else:
            ax.text(start_x, y - 0.22, label, ha="left", va="bottom", fontsize=8.5, color=TEXT)
    for e, r in left_events:
        y = ypos[str(r["collab_id"])]
        ax.plot([num(e)], [y], marker="v", markersize=10, color=OKABE_ITO["vermillion"],
                markeredgecolor=TEXT, markeredgewidth=0.8, zorder=4)
        right_side = num(e) > x_lo + (x_hi - x_lo) * 0.62
        # below the bar, right-aligned near the right edge so it is never cut off
        ax.text(num(e) + (-pad * 3 if right_side else pad * 3), y + 0.2,
                f"{force_name(tables, r['force_id'])} left, {format_date(e, r['end_precision'])}",
                ha="right" if right_side else "left", va="top", fontsize=8.5, color=TEXT)
    ax.set_yticks([ypos[c] for c in collab_ids])
    ax.set_yticklabels(rows, fontsize=10)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, (right.year - left_edge.year) // 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    svg = _render(fr.fig)

    known = mine[mine["start_known"]].sort_values("start")
    years = [d.year for d in mine["draw_start"].dropna()]
    alt = f"Timeline of {fname}'s memberships of {plural(n, 'collaboration')}"
    if years:
        alt += f", from {min(years)} to {right.year - 1}"
    alt += "."
    if len(known):
        first = known.iloc[0]
        alt += (f" The earliest known start is {collab_name(tables, first['collab_id'])}, from "
                f"{format_date(first['start'], first['start_precision'])}.")
    if unknown_n:
        alt += f" Start dates are not known for {number_word(unknown_n)} of them (drawn hatched)."
    for _, r in own_left.iterrows():
        alt += f" {fname} left {collab_name(tables, r['collab_id'])} on {format_date(r['end'], r['end_precision'])}."
    for e, r in left_events:
        alt += (f" {force_name(tables, r['force_id'])} left {collab_name(tables, r['collab_id'])}: "
                f"{format_date(e, r['end_precision'])}.")
    table_rows = []
    for _, r in pd.concat([mine, others_left]).iterrows():
        table_rows.append({
            "Collaboration": collab_name(tables, r["collab_id"]), "Force": force_name(tables, r["force_id"]),
            "Joined": format_date(r["start"], r["start_precision"]) if r["start_known"] else
            f"date not known (member by {format_date(r['known_by'], r['known_by_precision'])})",
            "Left": "" if pd.isna(r["end"]) else format_date(r["end"], r["end_precision"]),
            "Status": r["status"],
        })
    table = pd.DataFrame(table_rows, columns=["Collaboration", "Force", "Joined", "Left", "Status"])
    data = pd.concat([mine, others_left]).reset_index(drop=True)
    return Chart(svg=svg, alt=alt, data=data, title=title, subtitle=sub, source_line=src, table=table,
                 refs=list(zip(used["source_id"], used["status"])), tables=tables)


# ---------------------------------------------------------------------------------------------
# savings
# ---------------------------------------------------------------------------------------------

def savings_dots(tables, force: str | None = None, collaboration: str | None = None, claims: pd.DataFrame | None = None,
                 subject: str | None = None) -> Chart:
    """A dot plot of savings claims in pounds, grouped by kind, each labelled with its period. Never summed.

    Percentage claims cannot share a pounds axis: they are named in the subtitle and the table.
    Per-year claims are hollow markers; claims over a whole period are filled.
    """
    from ..savings import KINDS, collaboration_label, savings_claims

    if claims is None:
        claims = savings_claims(tables, force=force, collaboration=collaboration)
    _need(claims, "Savings claims")
    if subject is None:
        subject = force_name(tables, resolve_force(tables, force)) if force else (
            collab_name(tables, resolve_collab(tables, collaboration)) if collaboration else "the forces")
    money = claims[claims["amount_gbp"].notna()].copy()
    pct = claims[claims["amount_gbp"].isna() & claims["percent"].notna()]
    n = len(claims)
    by_kind = {k: int((claims["kind"].astype(str) == k).sum()) for k in KINDS}
    kind_words = ", ".join(f"{number_word(v)} {k}" for k, v in by_kind.items() if v)
    title = cap(f"{plural(n, 'savings claim')} {'covers' if n == 1 else 'cover'} {subject}: "
                f"different kinds and periods, so they are not added up")
    sub = ("Each claim as its source states it, £m, grouped by kind; the label gives the period. "
           "Filled markers: saving over the period stated; hollow: a saving each year.")
    if len(pct):
        sub += " Percentage claims (not plotted): " + "; ".join(
            f"{r['claim']} ({r['kind']}, {r['period_label']})" for _, r in pct.iterrows()) + "."
    src = source_line(tables, claims)

    rows = []  # (kind header or claim row)
    for k in KINDS:
        grp = money[money["kind"].astype(str) == k].sort_values("amount_gbp", ascending=False, kind="stable")
        if len(grp):
            rows.append(("header", k, None))
            rows += [("claim", k, r) for _, r in grp.iterrows()]
    def ylabel(r):
        listed = split_list(r.get("forces"))
        if not _is_blank(r.get("force_id")):
            who = force_name(tables, str(r["force_id"]))
        elif listed:
            who = plural(len(listed), "force")
        elif not _is_blank(r.get("region")) and _is_blank(r.get("collab_id")):
            who = str(r["covers"])
        else:
            who = ""
        name = collab_name(tables, r["collab_id"]) if not _is_blank(r.get("collab_id")) else "No collaboration named"
        return f"{name} ({who})" if who else name

    def point_label(r):
        label = f"{r['claim']}, {r['period_label']} · {KIND_STYLE[str(r['kind'])]['label'].lower()}"
        if not _is_blank(r.get("claimant")):
            label += f" by {r['claimant']}"
        return label

    labels = [ylabel(r) for t, _, r in rows if t == "claim"] or ["x"]
    left = _label_width(labels, 9)
    nrows = max(len(rows), 1)
    width = 10.0
    fr = _Frame(width, 0.36 * nrows + 0.2, title, sub, src, left=left, right=0.3, bottom_axis=0.45)
    ax = fr.ax
    vmax = float(money["amount_gbp"].max()) / 1e6 if len(money) else 1.0
    # room for every point's label to the right of it: x + label width must fit inside the axes
    axes_w = width - left - 0.3
    xmax = vmax * 1.15
    for t, _, r in rows:
        if t == "claim":
            lw = (len(point_label(r)) * 8.5 / 72 * 0.6 + 0.15) / axes_w
            if lw < 0.95:
                xmax = max(xmax, float(r["amount_gbp"]) / 1e6 / (1 - lw))
    ax.set_xlim(0, xmax)
    ax.set_ylim(nrows - 0.5, -0.6)
    yt, yl = [], []
    for i, (t, k, r) in enumerate(rows):
        st = KIND_STYLE[k]
        if t == "header":
            ax.text(0, i, st["label"].upper() + " — " + {"claimed": "reported as achieved",
                                                        "projected": "expected in future",
                                                        "inspectorate": "inspectorate finding"}[k],
                    ha="left", va="center", fontsize=9, fontweight="bold", color=TEXT)
            continue
        x = float(r["amount_gbp"]) / 1e6
        per_year = str(r.get("per")) == "year"
        ax.plot([0, x], [i, i], color=GRID, linewidth=1, zorder=1)
        ax.plot([x], [i], marker=st["marker"], markersize=8, color=st["color"], markeredgecolor=st["color"],
                markerfacecolor="white" if per_year else st["color"], markeredgewidth=1.8, zorder=3)
        ax.text(x + xmax * 0.012, i, point_label(r), ha="left", va="center", fontsize=8.5, color=TEXT)
        yt.append(i)
        yl.append(ylabel(r))
    ax.set_yticks(yt)
    ax.set_yticklabels(yl, fontsize=9)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"£{v:g}m"))
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines["left"].set_visible(False)
    svg = _render(fr.fig)

    alt = (f"Dot plot of {plural(n, 'savings claim')} covering {subject}, grouped by kind: {kind_words}. "
           f"The claims cover different periods and are not added up.")
    if len(money):
        big = money.loc[money["amount_gbp"].astype(float).idxmax()]
        small = money.loc[money["amount_gbp"].astype(float).idxmin()]
        alt += f" The largest is {big['claim']} ({big['period_label']}, {big['kind']}, {ylabel(big)})"
        if len(money) > 1:
            alt += f"; the smallest is {small['claim']} ({small['period_label']}, {small['kind']}, {ylabel(small)})"
        alt += "."
    if len(pct):
        alt += " Percentage claims, listed in the table rather than plotted: " + "; ".join(
            f"{r['claim']} ({r['kind']}, {r['period_label']})" for _, r in pct.iterrows()) + "."
    table = pd.DataFrame({
        "Claim": claims["claim"],
        "Kind": claims["kind"].astype(str),
        "Period": claims["period_label"],
        "Covers": claims["covers"],
        "Collaboration": [collaboration_label(tables, c) for c in claims["collab_id"]],
        "Made by": claims["claimant"],
        "Status": claims["status"],
    })
    return Chart(svg=svg, alt=alt, data=claims, title=title, subtitle=sub, source_line=src, table=table,
                 refs=list(zip(claims["source_id"], claims["status"])), tables=tables)


# ---------------------------------------------------------------------------------------------
# cost shares
# ---------------------------------------------------------------------------------------------

def cost_shares_bar(tables, collaboration: str = "emsou", period: str | None = None,
                    highlight: str | None = None) -> Chart:
    """Bars: each force's share of a collaboration's costs in one period (e.g. EMSOU, c.2012)."""
    cid = resolve_collab(tables, collaboration)
    cs = tables.cost_shares
    cs = cs[cs["collab_id"] == cid]
    _need(cs, f"Cost shares for {collab_name(tables, cid)}")
    if period is None:
        period = str(cs.sort_values("as_of", na_position="first")["period"].iloc[-1])
    data = cs[cs["period"] == period].sort_values("share_pct", ascending=False, kind="stable").reset_index(drop=True)
    _need(data, f"Cost shares for {collab_name(tables, cid)} in {period}")
    hl = resolve_force(tables, highlight) if highlight else None
    cname = collab_name(tables, cid)
    names = [force_name(tables, f) for f in data["force_id"]]
    top, bottom = data.iloc[0], data.iloc[-1]
    total = sum(Decimal(str(float(v))) for v in data["share_pct"])
    bases = list(dict.fromkeys(str(b) for b in data["basis"] if not _is_blank(b)))
    title = (f"{force_name(tables, top['force_id'])} paid the largest share of {cname}'s costs in {period}: "
             f"{format_pct(top['share_pct'], 1).replace('.0%', '%')}")
    sub = f"Share of {cname} costs by force, {period}, %."
    if bases:
        sub += f" Basis: {'; '.join(bases)}."
    sub += " Later shares are not published in the sources held; do not use these to estimate current totals."
    src = source_line(tables, data)
    left = _label_width(names, 10)
    fr = _Frame(7.5, 0.42 * len(data) + 0.2, title, sub, src, left=left, right=0.4, bottom_axis=0.15)
    ax = fr.ax
    n = len(data)
    ys = list(range(n))[::-1]
    for y, (_, r) in zip(ys, data.iterrows()):
        is_hl = hl is not None and str(r["force_id"]) == hl
        colour = HIGHLIGHT if (hl is None or is_hl) else OTHER
        ax.barh(y, float(r["share_pct"]), height=0.62, color=colour, edgecolor=HIGHLIGHT, linewidth=1.0)
        ax.text(float(r["share_pct"]) + 0.6, y, _pct1(r["share_pct"]), va="center", ha="left", fontsize=10,
                color=TEXT, fontweight="bold" if is_hl else "normal")
    ax.set_yticks(ys)
    ax.set_yticklabels(names, fontsize=10)
    if hl is not None:
        for lbl in ax.get_yticklabels():
            if lbl.get_text() == force_name(tables, hl):
                lbl.set_fontweight("bold")
    ax.set_xlim(0, float(data["share_pct"].max()) * 1.3)
    ax.set_ylim(-0.6, n - 0.4)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    svg = _render(fr.fig)
    alt = (f"Bar chart of {plural(n, 'force')}' shares of {cname}'s costs in {period}. "
           f"{force_name(tables, top['force_id'])} paid the largest share, {_pct1(top['share_pct'])}; "
           f"{force_name(tables, bottom['force_id'])} the smallest, {_pct1(bottom['share_pct'])}. "
           f"The shares add up to {_pct1(total)}.")
    if hl is not None and hl in set(data["force_id"].astype(str)):
        r = data[data["force_id"] == hl].iloc[0]
        alt += f" {force_name(tables, hl)}'s share was {_pct1(r['share_pct'])}."
    if bases:
        alt += f" Basis: {'; '.join(bases)}."
    table = pd.DataFrame({"Force": names, "Share of costs": [_pct1(v) for v in data["share_pct"]],
                          "Period": data["period"], "Basis": data["basis"], "Status": data["status"]})
    return Chart(svg=svg, alt=alt, data=data, title=title, subtitle=sub, source_line=src, table=table,
                 refs=list(zip(data["source_id"], data["status"])), tables=tables)


def _pct1(value) -> str:
    """Shares as published: one decimal place, a whole number without ``.0`` (``22%``, ``27.6%``)."""
    text = format_pct(value, 1)
    return text.replace(".0%", "%")


# every drawing function runs inside the house style, and leaves global rcParams as it found them
def _styled(fn):
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(_RC):
            return fn(*args, **kwargs)
    return wrapper


contributions_bar = _styled(contributions_bar)
contributions_trend = _styled(contributions_trend)
membership_grid = _styled(membership_grid)
membership_timeline = _styled(membership_timeline)
savings_dots = _styled(savings_dots)
cost_shares_bar = _styled(cost_shares_bar)
