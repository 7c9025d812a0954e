"""What the notebooks show: blocks of HTML with prose, tables and charts generated from the data.

Each function returns a :class:`Block` that displays itself in a notebook (``_repr_html_``) and
gives plain text with ``str(block)``. Rules every block follows:

* Prose with a number in it is built here from the data, so the text and the figures cannot
  disagree. Money reads ``£6.35m``; exact pounds where a reconciliation needs them.
* Every figure shown carries a footnote marker ``[n, S]`` linking to ``#fn-<source_id>``; ``n`` is
  the source's row in the sources table (the same number in every panel's paper) and ``S`` the
  status of the figure. :func:`sources` lists them.
* Where the data hold nothing, the block says "not published in the sources held"; never a zero.
* Savings claims are shown as claims, by kind and period, and never added up.
* Every string from the data is escaped. Blocks use only the tags the export template allows, and
  no ``h1`` or ``h2``: the notebook's ``##`` heading above each block is the section heading, and
  blocks add ``h3`` sub-headings beneath it.

>>> import collab_analysis as ca
>>> tables = ca.load()                                                   # doctest: +SKIP
>>> ca.paper.contributions(tables, "leicestershire", "2019-20")          # doctest: +SKIP
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pandas as pd
from markupsafe import escape

from . import charts
from ..budgets import (BUDGET_MEASURES, budget_share, contribution_changes, contributions as _contributions,
                      normalise_year, previous_year, reconcile, year_end, year_span, year_start)
from .charts import (STATUS_MEANINGS, cap, format_date, format_gbp, format_pct, number_word, plural, ref_html,
                     refs_html, table_html)
from ..errors import ParameterError
from ..membership import (MEMBER, UNKNOWN, _is_blank, collab_name, collaborations_of, force_name,
                         members, membership_changes, membership_matrix, resolve_force, split_list, to_date)
from ..membership import timeline as _timeline
from ..savings import KINDS, collaboration_label, conflicting_claims, region_name, savings_claims

log = logging.getLogger(__name__)

DEFAULT_REGION = "east-midlands"
NOT_PUBLISHED = "not published in the sources held"

THEMES = [
    ("governance", "Governance arrangements"),
    ("value", "Cost, benefits and value for money"),
    ("workstreams", "Work streams and leads"),
    ("monitoring", "Monitoring and evidence"),
    ("challenge", "Challenging and supporting the Police and Crime Commissioner"),
    ("other", "Other collaboration, such as blue light and fire"),
]
KIND_HEADINGS = {"claimed": "Savings claimed as achieved", "projected": "Savings projected (expected in future)",
                 "inspectorate": "Inspectorate findings"}


# ---------------------------------------------------------------------------------------------
# the Block object and its plain text
# ---------------------------------------------------------------------------------------------

@dataclass
class Block:
    """A piece of a paper: an HTML fragment and the same content as plain text.

    Attributes
    ----------
    html : str
        The fragment (a ``<section class="ca-block ...">``); also returned by ``_repr_html_``.
    name : str
        Which paper function made it (``"summary"``).
    """

    html: str
    name: str = ""

    def _repr_html_(self) -> str:
        return self.html

    @property
    def text(self) -> str:
        return html_to_text(self.html)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


class _TextParser(HTMLParser):
    _BLOCKS = {"p", "section", "div", "ul", "ol", "table", "figure", "details", "caption", "h2", "h3", "tr",
               "figcaption", "summary"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.cells: list[str] | None = None
        self.cell: list[str] | None = None

    def _write(self, text: str):
        if self.cell is not None:
            self.cell.append(text)
        else:
            self.out.append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3"):
            self.out.append("\n\n")
        elif tag in self._BLOCKS and tag != "tr":
            self.out.append("\n")
        if tag == "li":
            self.out.append("\n- ")
        elif tag == "tr":
            self.cells = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "img":
            self._write(f"[Chart: {attrs.get('alt', '')}]")
        elif tag == "br":
            self._write("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.cells is not None:
            self.cells.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr" and self.cells is not None:
            self.out.append("\n" + " | ".join(self.cells))
            self.cells = None
        elif tag in ("h2", "h3"):
            self.out.append("\n")
        elif tag in self._BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        self._write(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Plain text of a fragment: headings and paragraphs on their own lines, list items as ``- ``,
    table rows as ``a | b | c``, charts as ``[Chart: alt text]``."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    lines = [line.strip() for line in text.splitlines()]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


# ---------------------------------------------------------------------------------------------
# small HTML helpers: everything from the data goes through _e
# ---------------------------------------------------------------------------------------------

def _e(value) -> str:
    return "" if value is None else str(escape(str(value)))


def _p(html: str) -> str:
    return f"<p>{html}</p>"


def _h3(text: str) -> str:
    return f"<h3>{_e(text)}</h3>"


def _ul(items: list[str], cls: str | None = None) -> str:
    if not items:
        return ""
    c = f' class="{cls}"' if cls else ""
    return f"<ul{c}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _block(name: str, parts: list[str]) -> Block:
    return Block(html=f'<section class="ca-block ca-{name}">' + "".join(p for p in parts if p) + "</section>",
                 name=name)


def _and(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _ref(tables, source_id, status) -> str:
    return ref_html(tables, source_id, status)


def _row_refs(tables, frame: pd.DataFrame, source_col="source_id", status_col="status") -> str:
    if frame is None or frame.empty:
        return ""
    return refs_html(tables, zip(frame[source_col], frame[status_col]))


#: The source of the scrutiny themes: the East Midlands panels' seminar of 28 November 2017 (seed 000).
SEMINAR_SOURCE = "seed-000"


def _seminar_ref(tables) -> str:
    """A note to the seminar report when the data hold it (fixture data sets may not)."""
    known = tables.sources["source_id"].astype(str)
    if not (known == SEMINAR_SOURCE).any():
        return ""
    status = tables.sources.loc[known == SEMINAR_SOURCE, "status"].iloc[0] if "status" in tables.sources else "S"
    return _ref(tables, SEMINAR_SOURCE, status)


def _fname(tables, force_id) -> str:
    return _e(force_name(tables, force_id))


def _cname(tables, collab_id) -> str:
    return _e(collab_name(tables, collab_id))


def _date(value) -> str:
    d = to_date(value, "meeting_date")
    return f"{d.day} {d:%B %Y}"


def _on(precision) -> str:
    """"on 1 May 2018" but "in May 2018" and "in 2018"."""
    return "on" if str(precision) == "day" else "in"


def _strong(html: str) -> str:
    return f"<strong>{html}</strong>"


# ---------------------------------------------------------------------------------------------
# what belongs to a force's region
# ---------------------------------------------------------------------------------------------

def _force_region(tables, force_id: str) -> str | None:
    rows = tables.forces.loc[tables.forces["force_id"] == force_id, "region"]
    return None if not len(rows) or _is_blank(rows.iloc[0]) else str(rows.iloc[0])


def _region_forces(tables, region: str | None) -> list[str]:
    if region is None:
        return []
    f = tables.forces
    return [str(x) for x, r in zip(f["force_id"], f["region"]) if not _is_blank(r) and str(r) == region]


def _scope(tables, collab_id) -> str:
    rows = tables.collaborations.loc[tables.collaborations["collab_id"] == collab_id, "scope"]
    return "" if not len(rows) or _is_blank(rows.iloc[0]) else str(rows.iloc[0])


def _parent(tables, collab_id) -> str | None:
    c = tables.collaborations
    if "parent_id" not in c:
        return None
    rows = c.loc[c["collab_id"] == collab_id, "parent_id"]
    return None if not len(rows) or _is_blank(rows.iloc[0]) else str(rows.iloc[0])


def _region_collabs(tables, region: str | None) -> list[str]:
    """Collaborations of a region (not national ones), including cross-region ones that any of the
    region's forces has ever belonged to; in collaborations-table order."""
    if region is None:
        return []
    forces = set(_region_forces(tables, region))
    ms = tables.memberships
    out = []
    for _, c in tables.collaborations.iterrows():
        cid = str(c["collab_id"])
        scope = "" if _is_blank(c.get("scope")) else str(c["scope"])
        if scope == "national":
            continue
        in_region = not _is_blank(c.get("region")) and str(c["region"]) == region
        has_member = bool(set(str(f) for f in ms.loc[ms["collab_id"] == cid, "force_id"]) & forces)
        if in_region or (has_member and (_is_blank(c.get("region")) or scope == "cross-region")):
            out.append(cid)
    return out


def _pick_region(tables, region: str | None) -> str:
    """The region a regional paper covers: the one asked for, else the default, else the region
    with the most forces that have a panel."""
    regions = [str(r) for r in tables.forces["region"] if not _is_blank(r)]
    if region is not None:
        if region not in regions:
            raise ParameterError("region", region, choices=sorted(set(regions)))
        return region
    if DEFAULT_REGION in regions:
        return DEFAULT_REGION
    if not regions:
        raise ParameterError("region", region, message="the forces table names no region")
    return max(sorted(set(regions)), key=regions.count)


def _place(region: str | None) -> str:
    return region_name(region) if region else ""


def _year_end_text(fy: str) -> str:
    d = year_end(fy)
    return f"{d.day} {d:%B %Y}"


def _rows_for(tables, frame_name: str, **eq) -> pd.DataFrame:
    df = getattr(tables, frame_name)
    mask = pd.Series(True, index=df.index)
    for col, val in eq.items():
        mask &= df[col] == val
    return df[mask]


# ---------------------------------------------------------------------------------------------
# panel paper
# ---------------------------------------------------------------------------------------------

def _status_legend() -> str:
    items = [f"<strong>{_e(code)}</strong>: {_e(meaning)}" for code, meaning in STATUS_MEANINGS.items()]
    return _ul(items, "ca-status-legend")


#: Terms the papers use that a panel member may not know, in plain English.
TERMS = (
    ("PCC", "Police and Crime Commissioner: the elected person who holds the force to account and sets its budget."),
    ("HMICFRS", "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services, which inspects forces."),
    ("PEEL", "HMICFRS's inspections of police effectiveness, efficiency and legitimacy."),
    ("Section 22A agreement", "A collaboration agreement between forces or PCCs under section 22A of the Police "
                              "Act 1996."),
    ("Formula grant", "The Home Office's main grant to a force, worked out by a national formula."),
)


def _glossary(tables, collab_ids: set[str]) -> list[str]:
    """Names and abbreviations used in the paper: each collaboration's short name spelled out, then terms."""
    rows = []
    for cid, short, name in zip(tables.collaborations["collab_id"], tables.collaborations["short_name"],
                                tables.collaborations["name"]):
        if str(cid) in collab_ids and not _is_blank(short) and str(short) != str(name):
            rows.append({"Name used": str(short), "In full": str(name)})
    rows += [{"Name used": term, "In full": meaning} for term, meaning in TERMS]
    return [_h3("Names and abbreviations"),
            table_html(pd.DataFrame(rows), "Names and abbreviations used in this paper")]


def introduction(tables, force_id: str, year, meeting_date) -> Block:
    """Who the paper is for, what period it covers, and how to read the notes and status codes."""
    fid = resolve_force(tables, force_id)
    fy = normalise_year(year)
    meeting = _date(meeting_date)
    fname = _fname(tables, fid)
    row = tables.forces[tables.forces["force_id"] == fid].iloc[0]
    panel = None if _is_blank(row.get("panel_name")) else str(row["panel_name"])
    region = _force_region(tables, fid)
    place = _place(region)
    who = (f"the {_e(panel)}" if panel else f"the Police and Crime Panel that scrutinises {fname}")
    parts = [
        _p(f"This paper is for {who}, meeting on {_e(meeting)}. It sets out what the sources held say about "
           f"{fname}'s part in cross-force collaboration for the financial year {_e(fy)} "
           f"({_e(year_span(fy))})."),
        _p(f"It is produced from one shared data set{(' for the ' + _e(place) + ' region') if place else ''}, "
           f"so every panel receives the same information in the same form. Membership is read as at "
           f"{_e(_year_end_text(fy))}, the end of the financial year; contributions are those published for "
           f"the year."),
        _h3("How to read the figures"),
        _p("Each figure has a note such as [1, S] that links to its source in the numbered list at the end "
           "of the paper. The letters give the status of the figure:"),
        _status_legend(),
        _p(f"Where the sources hold nothing, the paper says “{NOT_PUBLISHED}”: a missing figure is never "
           "shown as zero. Savings figures are claims of different kinds, made by different people over "
           "different periods, so they are shown side by side and never added up."),
    ]
    ms = tables.memberships
    near = set(_region_forces(tables, region)) | {fid}
    named = set(ms.loc[ms["force_id"].isin(list(near)), "collab_id"].astype(str))
    named |= set(savings_claims(tables, force=fid)["collab_id"].dropna().astype(str))
    return _block("introduction", parts + _glossary(tables, named))


def _membership_counts(tables, fid: str, fy: str):
    region = _force_region(tables, fid)
    on = year_end(fy)
    mine = collaborations_of(tables, fid, on=on)          # a list, in table order: papers must rebuild identically
    regional = [c for c in _region_collabs(tables, region) if c in mine]
    national = [c for c in mine if _scope(tables, c) == "national"]
    other = [c for c in mine if c not in regional and c not in national]
    return region, regional, national, other


def _membership_refs(tables, fid: str, collab_ids: list[str]) -> str:
    ms = tables.memberships
    rows = ms[(ms["force_id"] == fid) & ms["collab_id"].isin(collab_ids)]
    return _row_refs(tables, rows)


def _contribution_sentence(tables, fid: str, fy: str) -> list[str]:
    """Sentences about a force's contributions in a year, with reconciliation and budget share."""
    fname = _fname(tables, fid)
    rows = _contributions(tables, fid, fy)
    rec = reconcile(tables, fid, fy)
    out = []
    if len(rows):
        n_collabs = int(rows["collab_id"].nunique())
        if n_collabs == len(rows):
            total = int(rows["amount_gbp"].sum())
            text = (f"{fname}'s published contributions to {plural(n_collabs, 'collaboration')} in {_e(fy)} "
                    f"total {_e(format_gbp(total))}{_row_refs(tables, rows)}.")
            exact = rec[rec["result"] == "reconciles exactly"]
            if len(exact):
                r = exact.iloc[0]
                text += (f" This matches the published total of {_e(format_gbp(int(r['amount_gbp']), 'published'))}"
                         f"{_ref(tables, r['source_id'], r['status'])} exactly.")
            out.append(text)
            share = budget_share(tables, fid, fy)
            if len(share):
                s = share.iloc[0]
                out.append(f"That is {_e(format_pct(s['share_pct'], 2))} of the force's "
                           f"{_e(format_gbp(int(s['denominator_gbp']), 'published'))} {_e(s['measure'])} for {_e(fy)}"
                           f"{_ref(tables, s['denominator_source_id'], s['denominator_status'])}, a derived figure "
                           f"({_e(s['label'])}){_ref(tables, s['numerator_source_id'], 'D')}.")
        else:
            out.append(f"{fname} has published figures for {plural(n_collabs, 'collaboration')} in {_e(fy)}"
                       f"{_row_refs(tables, rows)}, some on more than one basis, so they are not added up.")
    else:
        out.append(f"{fname}'s contributions to individual collaborations in {_e(fy)} are {NOT_PUBLISHED}.")
        for _, r in rec.iterrows():
            if r["result"] == "no itemised rows published":
                out.append(f"A total of {_e(format_gbp(int(r['amount_gbp']), 'published'))} is published"
                           f"{_ref(tables, r['source_id'], r['status'])} ({_e(r['description'])}), but not broken "
                           f"down by collaboration.")
    return out


def summary(tables, force_id: str, year) -> Block:
    """The paper in a few points: collaborations, total contribution and change, savings claims by kind."""
    fid = resolve_force(tables, force_id)
    fy = normalise_year(year)
    fname = _fname(tables, fid)
    region, regional, national, other = _membership_counts(tables, fid, fy)
    place = _place(region)
    points = []
    top = [c for c in regional if _parent(tables, c) is None]
    branches = [c for c in regional if _parent(tables, c) is not None]
    if regional or national or other:
        text = (f"As at {_e(_year_end_text(fy))}, the sources held record {fname} as a member of "
                f"{plural(len(top), 'collaboration')}{(' in the ' + _e(place) + ' region') if place else ''}")
        if branches:
            text += (f" (and {plural(len(branches), 'of their branches', 'of their branches')}, such as "
                     f"{_cname(tables, branches[0])})")
        extra = []
        if national:
            extra.append(plural(len(national), "national collaboration"))
        if other:
            extra.append(plural(len(other), "other collaboration"))
        if extra:
            text += ", plus " + _and(extra)
        text += f"{_membership_refs(tables, fid, regional + national + other)}."
        points.append(text)
    else:
        points.append(f"The sources held record no collaborations for {fname} as at {_e(_year_end_text(fy))}.")

    points += _contribution_sentence(tables, fid, fy)
    changes = contribution_changes(tables, fid, fy)
    prev = previous_year(fy)
    if len(_contributions(tables, fid, fy)):
        if changes.empty or (changes["change"] == "no previous figures").all():
            points.append(f"No contributions for {_e(prev)} are published in the sources held, so the change "
                          f"since the previous year cannot be shown.")
        else:
            counts = changes["change"].value_counts()
            bits = [f"{plural(int(counts[k]), noun)} {label}" for k, noun, label in
                    (("changed", "contribution", "changed"), ("unchanged", "contribution", "unchanged"),
                     ("new", "contribution", "published for the first time"),
                     ("ended", "contribution", "no longer published"),
                     ("basis differs", "figure", f"on a different basis from {_e(prev)}'s, so not compared"))
                    if k in counts]
            points.append(f"Compared with {_e(prev)}: {_and(bits)}.")

    claims = savings_claims(tables, force=fid)
    if len(claims):
        by_kind = [f"{number_word(int((claims['kind'].astype(str) == k).sum()))} {k}"
                   for k in KINDS if (claims["kind"].astype(str) == k).any()]
        points.append(f"The sources hold {plural(len(claims), 'savings claim')} covering {fname} "
                      f"({_and(by_kind)}){_row_refs(tables, claims)}. They are of different kinds and periods, "
                      f"so they are not added up.")
    else:
        points.append(f"Savings from collaboration for {fname} are {NOT_PUBLISHED}.")

    ch = _changes_in_year(tables, fid, fy)
    if len(ch):
        items = [_change_words(tables, r) + _ref(tables, r["source_id"], r["status"]) for _, r in ch.iterrows()]
        points.append(f"Between {_e(_year_end_text(prev))} and {_e(_year_end_text(fy))}: " + "; ".join(items) + ".")
    else:
        points.append(f"The sources record no joins or withdrawals in {fname}'s collaborations between "
                      f"{_e(_year_end_text(prev))} and {_e(_year_end_text(fy))}.")
    return _block("summary", [_ul(points, "ca-summary-points")])


def _matrix_collabs(tables, region, on) -> list[str]:
    collabs = _region_collabs(tables, region)
    forces = _region_forces(tables, region)
    if not collabs or not forces:
        return []
    m = membership_matrix(tables, on, forces=forces, collaborations=collabs)
    return [c for c in m.index if (m.loc[c] != "not a member").any()]


def _matrix_table(tables, m: pd.DataFrame, caption: str, highlight: str | None) -> str:
    ms = tables.memberships
    rows = []
    hl_name = None
    for c in m.index:
        row = {"Collaboration": collab_name(tables, c) if _parent(tables, c) is None
               else f"{collab_name(tables, c)} (part of {collab_name(tables, _parent(tables, c))})"}
        for f in m.columns:
            name = force_name(tables, f) + (" (this force)" if f == highlight else "")
            if f == highlight:
                hl_name = name
            v = m.loc[c, f]
            row[name] = "member" if v == MEMBER else ("not known" if v == UNKNOWN else "not a member")
        used = ms[(ms["collab_id"] == c) & ms["force_id"].isin(list(m.columns))]
        row["Sources"] = _row_refs(tables, used)
        rows.append(row)
    frame = pd.DataFrame(rows)
    return table_html(frame, caption, html_cols=("Sources",), highlight_col=hl_name)


#: How the grids read the memberships table, said under each grid.
MEMBERSHIP_RULES = (
    "A membership with no end date in the sources is shown as continuing, except where the sources cast doubt on "
    "it: after the last source showing it, it is shown as not known. Where the sources do not say when a force "
    "joined, it is counted from the date a source first shows it as a member.")


def _lapsed(tables, collab_id: str, force_id: str, on) -> bool:
    """Is the force's membership not known on ``on`` because its last evidence (``known_until``) is older?"""
    ms = tables.memberships
    mine = ms[(ms["collab_id"] == collab_id) & (ms["force_id"] == force_id)]
    if "known_until" not in mine:
        return False
    return bool((mine["end"].isna() & mine["known_until"].notna() & (mine["known_until"] < on)).any())


def membership(tables, force_id: str, year) -> Block:
    """The region's membership grid as at 31 March, this force highlighted; a chart and a table."""
    fid = resolve_force(tables, force_id)
    fy = normalise_year(year)
    on = year_end(fy)
    fname = _fname(tables, fid)
    region = _force_region(tables, fid)
    place = _place(region)
    forces = _region_forces(tables, region)
    collabs = _matrix_collabs(tables, region, on)
    parts = []
    if collabs and fid in forces:
        m = membership_matrix(tables, on, forces=forces, collaborations=collabs)
        col = m[fid]
        k = int((col == MEMBER).sum())
        unknown = [c for c in m.index if col[c] == UNKNOWN]
        outside = [c for c in m.index if col[c] == "not a member" and _parent(tables, c) is None]
        of = f"all {number_word(k)}" if k == len(m) else f"{number_word(k)} of the {number_word(len(m))}"
        text = (f"As at {_e(_year_end_text(fy))}, {fname} is recorded as a member of {of} "
                f"{(_e(place) + ' ') if place else ''}collaborations and branches below"
                f"{_membership_refs(tables, fid, list(m.index))}.")
        if outside:
            text += (f" It is not a member of {_and([_cname(tables, c) for c in outside])}"
                     f"{_row_refs(tables, tables.memberships[tables.memberships['collab_id'].isin(outside)])}.")
        if unknown:
            lapsed = [c for c in unknown if _lapsed(tables, c, fid, on)]
            later = [c for c in unknown if c not in lapsed]
            why = []
            if later:
                why.append(f"for {_and([_cname(tables, c) for c in later])} the sources show membership only from "
                           f"a later date, and do not say when the force joined")
            if lapsed:
                why.append(f"for {_and([_cname(tables, c) for c in lapsed])} the last source showing the force as "
                           f"a member is older than this date, and the sources do not say whether it continued")
            text += " " + cap("; ".join(why)) + ". The grid shows these as “not known”."
        parts.append(_p(text))
        parts.append(_p(MEMBERSHIP_RULES))
        chart = charts.membership_grid(tables, on, forces=forces, collaborations=collabs, highlight=fid,
                                       place=place or None)
        parts.append(chart._repr_html_())
        parts.append(_matrix_table(tables, m, f"Membership of {place + ' ' if place else ''}collaborations as at "
                                   f"{_year_end_text(fy)}", fid))
    else:
        parts.append(_p(f"Membership of regional collaborations for {fname} is {NOT_PUBLISHED}."))
    _, _, national, other = _membership_counts(tables, fid, fy)
    parts.append(_h3("National and other collaborations"))
    if national or other:
        items = []
        for c in national + other:
            ms = tables.memberships
            rows = ms[(ms["collab_id"] == c) & (ms["force_id"] == fid)]
            items.append(f"{_cname(tables, c)} ({_e(_scope(tables, c) or 'scope not stated')}){_row_refs(tables, rows)}")
        parts.append(_p(f"The sources also record {fname} as part of:"))
        parts.append(_ul(items))
    else:
        parts.append(_p(f"National collaborations for {fname} are {NOT_PUBLISHED}."))
    return _block("membership", parts)


def _change_words(tables, r) -> str:
    verb = "joined" if r["change"] == "joined" else "left"
    when = format_date(r["date"], r["date_precision"])
    prep = _on(r["date_precision"])
    return f"{_fname(tables, r['force_id'])} {verb} {_cname(tables, r['collab_id'])} {prep} {_e(when)}"


def _changes_in_year(tables, fid: str, fy: str) -> pd.DataFrame:
    """Joins and withdrawals during the year in the collaborations the force has ever belonged to,
    or in its region's."""
    region = _force_region(tables, fid)
    scope = set(collaborations_of(tables, fid)) | set(_region_collabs(tables, region))
    ch = membership_changes(tables, year_end(previous_year(fy)), year_end(fy))
    return ch[ch["collab_id"].isin(list(scope))].reset_index(drop=True)


def timeline(tables, force_id: str) -> Block:
    """When the force joined and left each collaboration, and other forces' withdrawals: chart + table."""
    fid = resolve_force(tables, force_id)
    fname = _fname(tables, fid)
    mine = _timeline(tables, forces=fid)
    parts = []
    if mine.empty:
        parts.append(_p(f"Dates of {fname}'s memberships are {NOT_PUBLISHED}."))
        return _block("timeline", parts)
    collab_ids = list(dict.fromkeys(mine["collab_id"].astype(str)))
    unknown = mine[~mine["start_known"]]
    parts.append(_p(f"This shows when {fname} joined each of the {number_word(len(collab_ids))} collaborations it is "
                    f"recorded in, and when it or other forces left. Dates are given at the precision the source "
                    f"gives (a day, a month or a year)."
                    + (f" For {number_word(len(unknown))} of them the sources do not say when {fname} joined: these "
                       f"are marked “date not known”." if len(unknown) else "")))
    parts.append(charts.membership_timeline(tables, fid)._repr_html_())
    everyone = _timeline(tables, collaborations=collab_ids)
    dated = everyone[everyone["start_known"] | everyone["end"].notna()]
    rows = []
    for _, r in dated.iterrows():
        rows.append({
            "Collaboration": collab_name(tables, r["collab_id"]),
            "Force": force_name(tables, r["force_id"]) + (" (this force)" if r["force_id"] == fid else ""),
            "Joined": format_date(r["start"], r["start_precision"]) if r["start_known"] else "date not known",
            "Left": (format_date(r["end"], r["end_precision"]) if not pd.isna(r["end"]) else
                     f"not known after {format_date(r['known_until'], r['known_until_precision'])}"
                     if not pd.isna(r.get("known_until", pd.NaT)) else "no end recorded"),
            "Source": _ref(tables, r["source_id"], r["status"]),
        })
    if rows:
        parts.append(table_html(pd.DataFrame(rows), f"Joins and withdrawals with a known date, in "
                                f"{force_name(tables, fid)}'s collaborations", html_cols=("Source",)))
    undated = everyone[~everyone["start_known"] & everyone["end"].isna()]
    if len(undated):
        own = int((undated["force_id"] == fid).sum())
        parts.append(_p(f"For {plural(len(undated), 'membership')} in these collaborations ({number_word(own)} of them "
                        f"{fname}'s) the sources give no joining date, only a date by which the force was a member; "
                        f"they are not in this table."))
    # conflicting accounts of when a collaboration was formed
    ev = tables.events
    formed = ev[ev["collab_id"].isin(collab_ids) & (ev["event"].astype(str) == "formed") & ev["date"].notna()]
    for cid, grp in formed.groupby(formed["collab_id"].astype(str), sort=False):
        dates = list(dict.fromkeys(format_date(d, p) for d, p in zip(grp["date"], grp["date_precision"])))
        if len(dates) > 1:
            bits = [f"{_e(format_date(r['date'], r['date_precision']))}{_ref(tables, r['source_id'], r['status'])}"
                    for _, r in grp.iterrows()]
            parts.append(_p(f"Sources differ on when {_cname(tables, cid)} was formed: " + " or ".join(bits) +
                            ". Both are shown; the sources held do not settle it."))
    return _block("timeline", parts)


def _events_in_year(tables, collab_ids: list[str], fy: str) -> pd.DataFrame:
    """Events whose date, at its precision, could fall in the financial year."""
    ev = tables.events
    ev = ev[ev["collab_id"].isin(collab_ids) & ev["date"].notna()].copy()
    if ev.empty:
        return ev
    start, end = year_start(fy), year_end(fy)

    def period_end(d, p):
        p = str(p)
        if p == "year":
            return pd.Timestamp(year=d.year, month=12, day=31)
        if p == "month":
            return d + pd.offsets.MonthEnd(0)
        return d

    ends = [period_end(d, p) for d, p in zip(ev["date"], ev["date_precision"])]
    mask = [(d <= end) and (e >= start) for d, e in zip(ev["date"], ends)]
    return ev[mask].sort_values("date", kind="stable")


def changes(tables, force_id: str, year) -> Block:
    """What changed since the previous year: joins, withdrawals, new or changed contributions, events."""
    fid = resolve_force(tables, force_id)
    fy = normalise_year(year)
    prev = previous_year(fy)
    fname = _fname(tables, fid)
    parts = [_h3("Membership")]
    ch = _changes_in_year(tables, fid, fy)
    if len(ch):
        items = [_change_words(tables, r) + _ref(tables, r["source_id"], r["status"]) for _, r in ch.iterrows()]
        parts.append(_p(f"Between {_e(_year_end_text(prev))} and {_e(_year_end_text(fy))} the sources record:"))
        parts.append(_ul(items))
    else:
        parts.append(_p(f"The sources record no joins or withdrawals in {fname}'s collaborations between "
                        f"{_e(_year_end_text(prev))} and {_e(_year_end_text(fy))}."))
    parts.append(_h3("Contributions"))
    cc = contribution_changes(tables, fid, fy)
    if cc.empty:
        parts.append(_p(f"{fname}'s contributions for {_e(fy)} and {_e(prev)} are {NOT_PUBLISHED}, so no change "
                        f"can be shown."))
    elif (cc["change"] == "no previous figures").all():
        parts.append(_p(f"{fname}'s contributions for {_e(prev)} are {NOT_PUBLISHED}, so the {_e(fy)} figures "
                        f"cannot be compared with the previous year."))
    else:
        cur = _contributions(tables, fid, fy)
        old = _contributions(tables, fid, prev)
        rows = []
        words = {"new": "new this year", "ended": "no longer published", "changed": "changed", "unchanged": "unchanged",
                 "basis differs": "different basis: not compared", "no previous figures": "no previous figure"}
        for _, r in cc.iterrows():
            src = pd.concat([cur[cur["collab_id"] == r["collab_id"]], old[old["collab_id"] == r["collab_id"]]])
            differs = str(r["change"]) == "basis differs"
            earlier = old[old["collab_id"] == r["collab_id"]]
            rows.append({
                "Collaboration": r["name"],
                # figures on different bases are both shown, each with its basis, and never subtracted
                prev: (_and([f"{format_gbp(int(o['amount_gbp']), 'exact')} ({o['basis']})" for _, o in earlier.iterrows()])
                       if differs and len(earlier) else
                       format_gbp(r["previous_gbp"], "exact") if not _is_blank(r["previous_gbp"]) else NOT_PUBLISHED),
                fy: (NOT_PUBLISHED if _is_blank(r["amount_gbp"]) else format_gbp(r["amount_gbp"], "exact")
                     + (f" ({r['basis']})" if differs else "")),
                "Change": (format_gbp(r["difference_gbp"], "exact") if not _is_blank(r["difference_gbp"]) else ""),
                "What changed": words.get(str(r["change"]), str(r["change"])),  # each figure shows its basis
                "Sources": _row_refs(tables, src),
            })
        if (cc["change"] == "basis differs").any():
            parts.append(_p("Figures on different bases (for example spend against budget, or net budget against "
                            "the budget for centrally funded staff) measure different things, so they are not "
                            "compared."))
        parts.append(table_html(pd.DataFrame(rows), f"Contributions in {fy} compared with {prev}",
                                html_cols=("Sources",)))
    parts.append(_h3(f"Other events in {fy}"))
    region = _force_region(tables, fid)
    scope = list(dict.fromkeys(collaborations_of(tables, fid) + _region_collabs(tables, region)))
    ev = _events_in_year(tables, scope, fy)
    if len(ev):
        items = []
        for _, r in ev.iterrows():
            when = format_date(r["date"], r["date_precision"])
            note = " (the source gives only the year)" if str(r["date_precision"]) == "year" else ""
            items.append(f"{_cname(tables, r['collab_id'])}, {_e(r['event'])}, {_e(when)}{note}: "
                         f"{_e(r['description'])}{_ref(tables, r['source_id'], r['status'])}")
        parts.append(_ul(items))
    else:
        parts.append(_p(f"Other events in {_e(fy)} affecting these collaborations are {NOT_PUBLISHED}."))
    return _block("changes", parts)


#: Shares are worked out from the published figures, so the column says it is derived.
SHARE_COL = "Share of total (derived)"


def _bases_note(rows: pd.DataFrame, summable: bool, has_total: bool) -> list[str]:
    """Say plainly when a force's figures for a year are not all the same kind of figure."""
    if not summable:
        repeated = rows[rows["collab_id"].duplicated(keep=False)]
        out = []
        for _, grp in repeated.groupby("collab_id", sort=False):
            figures = _and([f"{format_gbp(int(r['amount_gbp']), 'exact')} ({_e(r['basis'])})"
                            for _, r in grp.iterrows()])
            out.append(f"{_e(grp.iloc[0]['name'])} has more than one figure for the year: {figures}. They are "
                       "different measures of the same thing, not parts of a total, so they are not added up.")
        return [_p(" ".join(out))]
    bases = rows["basis"].astype(str).value_counts()
    if len(bases) < 2:
        return []
    main = bases.index[0]
    odd = rows[rows["basis"].astype(str) != main]
    lead = (f"Most are “{_e(main)}”; " if bases.iloc[0] > bases.iloc[1] else "")
    ending = (" The published total adds them as the source does." if has_total
              else " No total is published, so they are shown side by side.")
    return [_p("The figures are not all on the same basis. " + lead
               + cap(_and([f"{_e(r['name'])} is “{_e(r['basis'])}”" for _, r in odd.iterrows()])) + "." + ending)]


def contributions(tables, force_id: str, year) -> Block:
    """The force's contributions: table, bar chart, reconciliation to published totals, derived budget share."""
    fid = resolve_force(tables, force_id)
    fy = normalise_year(year)
    fname = _fname(tables, fid)
    rows = _contributions(tables, fid, fy)
    rec = reconcile(tables, fid, fy)
    parts = []
    if len(rows):
        chart = charts.contributions_bar(tables, fid, fy)
        summable = rows["collab_id"].nunique() == len(rows)
        derived = (" Each collaboration's share of the total is worked out here from these figures (status D: "
                   "no source states it)." if summable else "")
        parts.append(_p(_e(chart.title) + _row_refs(tables, rows) + "." + derived))
        table_rows = []
        total = int(rows["amount_gbp"].sum())
        for _, r in rows.iterrows():
            table_rows.append({
                "Collaboration": r["name"] if summable else f"{r['name']} ({r['basis']})",
                "Contribution": format_gbp(int(r["amount_gbp"]), "exact"),
                SHARE_COL: (format_pct(int(r["amount_gbp"]) * 100 / total) if summable and total else "not added up"),
                "Basis": r["basis"],
                "Source": _ref(tables, r["source_id"], r["status"]),
            })
        if summable:
            table_rows.append({"Collaboration": "Sum of the rows", "Contribution": format_gbp(total, "exact"),
                               SHARE_COL: "100%", "Basis": "", "Source": ""})
        parts.append(table_html(pd.DataFrame(table_rows), f"{force_name(tables, fid)}: contributions to "
                                f"collaborations, {fy}", html_cols=("Source",),
                                numeric_cols=("Contribution", SHARE_COL)))
        parts += _bases_note(rows, summable, has_total=not rec.empty)
        parts.append(chart._repr_html_())
    else:
        parts.append(_p(f"{fname}'s contributions to individual collaborations in {_e(fy)} are {NOT_PUBLISHED}."))

    parts.append(_h3("Do the figures add up to the published totals?"))
    if rec.empty:
        parts.append(_p(f"A published total of {fname}'s contributions for {_e(fy)} is {NOT_PUBLISHED}, so "
                        f"there is nothing to check the figures against."))
    else:
        sentences, trows = [], []
        for _, r in rec.iterrows():
            amount = int(r["amount_gbp"])
            pub = format_gbp(amount, "published")
            ref = _ref(tables, r["source_id"], r["status"])
            where = f" ({_e(r['locator'])})" if not _is_blank(r["locator"]) else ""
            if r["result"] == "no itemised rows published":
                sentences.append(f"A total of {_e(pub)}{where}{ref} is published ({_e(r['description'])}); a "
                                 f"breakdown by collaboration is {NOT_PUBLISHED}, so it cannot be checked.")
            else:
                itemised = int(r["itemised_gbp"])
                diff = int(r["difference_gbp"])
                if r["result"] == "reconciles exactly":
                    sentences.append(f"The published total of {_e(pub)}{where}{ref} matches the sum of the "
                                     f"{number_word(int(r['n_rows']))} rows, {_e(format_gbp(itemised, 'exact'))}, exactly.")
                elif r["result"] == "within rounding":
                    prec = r["precision_gbp"]
                    sentences.append(f"The published total of {_e(pub)}{where}{ref} is given to the nearest "
                                     f"{_e(format_gbp(int(prec), 'published'))}; it differs from the sum of the rows "
                                     f"({_e(format_gbp(itemised, 'exact'))}) by {_e(format_gbp(abs(diff), 'exact'))}, "
                                     f"which is within rounding.")
                else:
                    sentences.append(f"The published total of {_e(pub)}{where}{ref} does not match the sum of the "
                                     f"rows ({_e(format_gbp(itemised, 'exact'))}): the difference of "
                                     f"{_e(format_gbp(abs(diff), 'exact'))} is more than rounding explains. The panel "
                                     f"may wish to ask which figure is right.")
            trows.append({
                "Published total": r["description"] if not _is_blank(r["description"]) else r["total_id"],
                "As published": pub,
                "Sum of the rows": (format_gbp(r["itemised_gbp"], "exact") if not _is_blank(r["itemised_gbp"])
                                    else NOT_PUBLISHED),
                "Difference": format_gbp(r["difference_gbp"], "exact") if not _is_blank(r["difference_gbp"]) else "",
                "Result": r["result"],
                "Source": ref,
            })
        parts.append(_ul(sentences))
        parts.append(table_html(pd.DataFrame(trows), f"Published totals for {fy} checked against the rows",
                                html_cols=("Source",), numeric_cols=("Sum of the rows", "Difference")))

    parts.append(_h3("Share of the force's budget (derived)"))
    summable = rows.empty or rows["collab_id"].nunique() == len(rows)
    share = budget_share(tables, fid, fy) if summable else pd.DataFrame()
    if len(share):
        items = []
        for _, s in share.iterrows():
            items.append(f"{_e(format_gbp(int(s['numerator_gbp']), 'published'))} is "
                         f"{_strong(_e(format_pct(s['share_pct'], 2)))} of {fname}'s "
                         f"{_e(format_gbp(int(s['denominator_gbp']), 'published'))} {_e(s['measure'])} for {_e(fy)}"
                         f"{_ref(tables, s['denominator_source_id'], s['denominator_status'])} "
                         f"({_e(s['label'])}){_ref(tables, s['numerator_source_id'], 'D')}.")
        parts.append(_ul(items))
        parts.append(_p("This share is derived (status D): it is worked out here by dividing one published figure by "
                        "another, and no source states it. The two figures may not be defined in exactly the same "
                        "way."))
    else:
        parts.append(_p(f"A share of the force's budget cannot be worked out for {_e(fy)}: it needs both a published "
                        f"total of contributions and a published budget figure for the same year, and "
                        f"{'the budget figure is' if len(rows) or len(rec) else 'the contributions are'} "
                        f"{NOT_PUBLISHED}."))
    ctx = tables.context
    funding = ctx[(ctx["force_id"] == fid) & (ctx["financial_year"] == fy) & (ctx["measure"].astype(str) == "funding")]
    if len(funding) and (len(rows) or len(rec)):
        f0 = funding.iloc[0]
        parts.append(_p(f"The Home Office funding figure of {_e(format_gbp(int(round(float(f0['value']))), 'published'))}"
                        f"{_ref(tables, f0['source_id'], f0['status'])} measures something different (it assumes the "
                        f"maximum council tax precept), so it is not used for this share."))

    cs = tables.cost_shares
    mine = cs[cs["force_id"] == fid]
    if len(mine):
        parts.append(_h3("Share of collaboration costs"))
        items = []
        for _, r in mine.iterrows():
            basis = f", on the basis of the {_e(r['basis'])}" if not _is_blank(r["basis"]) else ""
            items.append(f"In {_e(r['period'])}, {fname} paid {_e(charts._pct1(r['share_pct']))} of "
                         f"{_cname(tables, r['collab_id'])}'s costs{basis}{_ref(tables, r['source_id'], r['status'])}.")
        parts.append(_ul(items))
        parts.append(_p("Later shares are not published in the sources held, so these should not be used to work out "
                        "what a collaboration costs in total today."))
    return _block("contributions", parts)


def trend(tables, force_id: str) -> Block:
    """A chart of contributions over the years when more than one year is published, else one sentence why not."""
    fid = resolve_force(tables, force_id)
    fname = _fname(tables, fid)
    rows = _contributions(tables, fid)
    years = sorted(set(rows["financial_year"].astype(str)), key=lambda y: int(normalise_year(y)[:4]))
    totals = tables.budget_totals[tables.budget_totals["force_id"] == fid]
    total_years = sorted(set(totals["financial_year"].astype(str)) - set(years))
    parts = []
    if len(years) > 1:
        chart = charts.contributions_trend(tables, fid)
        parts.append(_p(_e(chart.title) + f"{_row_refs(tables, rows)}."))
        parts.append(chart._repr_html_())
    elif len(years) == 1:
        parts.append(_p(f"{fname}'s contributions are published for one financial year only ({_e(years[0])}) in the "
                        f"sources held, so no trend can be shown{_row_refs(tables, rows)}."))
    else:
        parts.append(_p(f"{fname}'s contributions to individual collaborations are {NOT_PUBLISHED} for any year, so "
                        f"no trend can be shown."))
    if total_years:
        t = totals[totals["financial_year"].isin(total_years)]
        parts.append(_p(f"A published total without a breakdown exists for {_and([_e(y) for y in total_years])}"
                        f"{_row_refs(tables, t)}; on its own it cannot show a trend by collaboration."))
    return _block("trend", parts)


def _claims_table(tables, claims: pd.DataFrame, caption: str) -> str:
    rows = []
    for _, r in claims.iterrows():
        rows.append({
            "Claim": r["claim"],
            "Period": r["period_label"] if not _is_blank(r["period_label"]) else "not stated",
            "Covers": r["covers"],
            "Collaboration": collaboration_label(tables, r["collab_id"]),
            "Made by": r["claimant"] if not _is_blank(r["claimant"]) else "not stated",
            "What the source says": r["description"] if not _is_blank(r["description"]) else "",
            "Source": _ref(tables, r["source_id"], r["status"]),
        })
    return table_html(pd.DataFrame(rows), caption, html_cols=("Source",))


def _conflict_sentences(tables, claims: pd.DataFrame) -> list[str]:
    out = []
    by_id = {str(r["saving_id"]): r for _, r in claims.iterrows()}
    for cid, ids, reason in conflicting_claims(claims):
        a, b = by_id[ids[0]], by_id[ids[1]]

        def said(r):
            who = f", {_e(r['claimant'])}" if not _is_blank(r["claimant"]) else ""
            return f"{_e(r['claim'])} ({_e(r['period_label'])}{who}){_ref(tables, r['source_id'], r['status'])}"
        if reason == "per":
            out.append(f"The same figure for {_cname(tables, cid)} is given two ways: {said(a)} and {said(b)}. "
                       f"A saving each year and a saving over a period are very different; the sources do not say "
                       f"which is meant.")
        else:
            out.append(f"Two claims about {_cname(tables, cid)} differ: {said(a)} and {said(b)}. The sources do not "
                       f"say which is right.")
    return out


def _savings_parts(tables, claims: pd.DataFrame, subject: str, subject_html: str, force_id: str | None) -> list[str]:
    parts = []
    by_kind = [f"{number_word(int((claims['kind'].astype(str) == k).sum()))} {k}"
               for k in KINDS if (claims["kind"].astype(str) == k).any()]
    parts.append(_p(f"The sources hold {plural(len(claims), 'savings claim')} covering {subject_html}: "
                    f"{_and(by_kind)}. Claims of different kinds and periods are not added up: they were made by "
                    f"different people, about different periods (a year, four years, “since 2010”), and some are "
                    f"projections rather than results."))
    conflicts = _conflict_sentences(tables, claims)
    if conflicts:
        parts.append(_ul(conflicts, "ca-conflicts"))
    if force_id is not None:
        whole = claims[claims["collab_id"].isna() & (claims["force_id"] == force_id)]
        if len(whole):
            parts.append(_p(f"{plural(len(whole), 'claim').capitalize()} attributed to the force as a whole name no "
                            f"collaboration; some may cover all of the force's savings, not only those from "
                            f"collaboration. The source's own words are in the table."))
    for k in KINDS:
        grp = claims[claims["kind"].astype(str) == k]
        if grp.empty:
            continue
        parts.append(_h3(KIND_HEADINGS[k]))
        parts.append(_claims_table(tables, grp, f"{KIND_HEADINGS[k]} covering {subject}"))
    if claims["amount_gbp"].notna().any():
        parts.append(charts.savings_dots(tables, claims=claims, subject=subject)._repr_html_())
    return parts


def savings(tables, force_id: str) -> Block:
    """Savings claims covering the force, as claims: by kind and period, with a dot plot; never summed."""
    fid = resolve_force(tables, force_id)
    fname = _fname(tables, fid)
    claims = savings_claims(tables, force=fid)
    if claims.empty:
        return _block("savings", [_p(f"Savings from collaboration for {fname} are {NOT_PUBLISHED}.")])
    return _block("savings", _savings_parts(tables, claims, force_name(tables, fid), fname, fid))


def _question_list(questions: dict[str, list[str]]) -> list[str]:
    parts = []
    for key, heading in THEMES:
        items = questions.get(key, [])
        if items:
            parts.append(_h3(heading))
            parts.append(_ul(items, "ca-questions"))
    return parts


def questions(tables, force_id: str, year) -> Block:
    """Questions the panel may wish to ask, under the six scrutiny themes of seed 000 para 9, made
    specific by the data (withdrawals, totals that do not reconcile, missing figures, conflicting
    claims, collaborations the force is outside)."""
    fid = resolve_force(tables, force_id)
    fy = normalise_year(year)
    on = year_end(fy)
    fname = _fname(tables, fid)
    region = _force_region(tables, fid)
    place = _place(region)
    q: dict[str, list[str]] = {k: [] for k, _ in THEMES}
    current = collaborations_of(tables, fid, on=on)
    ever = collaborations_of(tables, fid)
    region_forces = _region_forces(tables, region)
    ev = tables.events

    # governance
    restructured = ev[ev["collab_id"].isin(current) & (ev["event"].astype(str) == "restructured")
                      & ev["date"].notna() & (ev["date"] <= on)].sort_values("date")
    restructured = restructured.drop_duplicates("collab_id", keep="last")    # the latest change per collaboration
    for _, r in restructured.tail(3).iterrows():
        q["governance"].append(
            f"{_cname(tables, r['collab_id'])} was restructured {_on(r['date_precision'])} "
            f"{_e(format_date(r['date'], r['date_precision']))}: "
            f"{_e(r['description'])}{_ref(tables, r['source_id'], r['status'])} What governance applies now, and "
            f"has the collaboration agreement been updated?")
    notices = ev[(ev["event"].astype(str).isin(["announced", "ended"])) & ev["date"].notna() & (ev["date"] <= on)
                 & ~ev["collab_id"].isin(ever)]
    notices = notices[notices["description"].astype(str).str.contains(r"\b(?:leave|notice|ends?|ended)\b", case=False,
                                                                       regex=True)]
    if len(notices):
        r = notices.sort_values("date").iloc[-1]
        q["governance"].append(
            f"Elsewhere, {_e(str(r['description']).rstrip('.'))} ({_cname(tables, r['collab_id'])}, "
            f"{_e(format_date(r['date'], r['date_precision']))}){_ref(tables, r['source_id'], r['status'])}. What "
            f"notice and exit terms do {fname}'s collaboration agreements contain?")
    q["governance"].append(
        f"{fname} is recorded in {plural(len(current), 'collaboration')} as at {_e(_year_end_text(fy))}. Which "
        f"section 22A collaboration agreements cover them, and when was each last reviewed?")

    # cost, benefits and value for money
    rec = reconcile(tables, fid, fy)
    for _, r in rec.iterrows():
        if r["result"] == "does not reconcile":
            q["value"].append(
                f"The published total of {_e(format_gbp(int(r['amount_gbp']), 'published'))}"
                f"{_ref(tables, r['source_id'], r['status'])} does not match the sum of the itemised contributions "
                f"({_e(format_gbp(int(r['itemised_gbp']), 'exact'))}). Which figure is right?")
        elif r["result"] == "within rounding" and not _is_blank(r["difference_gbp"]) and int(r["difference_gbp"]) != 0:
            restated = rec[rec["total_id"] == r["same_as"]] if not _is_blank(r["same_as"]) else rec.iloc[0:0]
            other_ref = (_ref(tables, restated.iloc[0]["source_id"], restated.iloc[0]["status"]) if len(restated)
                         else _row_refs(tables, _contributions(tables, fid, fy)))
            q["value"].append(
                f"The report gives both {_e(format_gbp(int(r['amount_gbp']), 'published'))}"
                f"{_ref(tables, r['source_id'], r['status'])} and the itemised "
                f"{_e(format_gbp(int(r['itemised_gbp']), 'published'))}{other_ref} "
                f"for the same total (a rounding difference of {_e(format_gbp(abs(int(r['difference_gbp'])), 'exact'))}). "
                f"Could future reports give one figure, to the pound?")
        elif r["result"] == "no itemised rows published":
            q["value"].append(
                f"A total of {_e(format_gbp(int(r['amount_gbp']), 'published'))}{_ref(tables, r['source_id'], r['status'])} "
                f"is published without a breakdown. What does it pay to each collaboration?")
    rows = _contributions(tables, fid, fy)
    budgets = tables.budgets
    others_with = sorted({str(f) for f in budgets.loc[budgets["financial_year"] == fy, "force_id"]} - {fid})
    others_region = [f for f in region_forces if f != fid]
    if len(rows):
        missing = [f for f in others_region if f not in others_with]
        if missing:
            q["value"].append(
                f"Contributions for {_e(fy)} are published only for {fname}{_row_refs(tables, rows.head(1))} in the "
                f"sources held. What do {_and([_fname(tables, f) for f in missing])} contribute to each "
                f"collaboration, so the panel can compare?")
        bases = rows["basis"].astype(str).value_counts()
        if len(bases) > 1:
            for _, r in rows[rows["basis"].astype(str) != bases.index[0]].iterrows():
                q["value"].append(
                    f"The {_e(r['name'])} figure is “{_e(r['basis'])}”{_ref(tables, r['source_id'], r['status'])}, "
                    f"not “{_e(bases.index[0])}” like most of the others. What is its full cost on the same basis?")
        share = budget_share(tables, fid, fy) if rows["collab_id"].nunique() == len(rows) else pd.DataFrame()
        if len(share):
            s = share.iloc[0]
            q["value"].append(
                f"Collaboration takes {_e(format_pct(s['share_pct'], 2))} of the force's {_e(s['measure'])} "
                f"(derived){_ref(tables, s['numerator_source_id'], 'D')}. What benefits does the PCC expect for it, "
                f"and how is value for money judged?")
    else:
        q["value"].append(
            f"What does {fname} contribute to each collaboration in {_e(fy)}? A breakdown is {NOT_PUBLISHED}"
            + (f", although {_and([_fname(tables, f) for f in others_with if f in others_region])} "
               f"{'publishes' if len([f for f in others_with if f in others_region]) == 1 else 'publish'} one"
               if any(f in others_region for f in others_with) else "") + ".")
    cs = tables.cost_shares
    mine_cs = cs[(cs["force_id"] == fid) & cs["collab_id"].isin(current)]
    for _, r in mine_cs.iterrows():
        q["value"].append(
            f"The latest published {_cname(tables, r['collab_id'])} cost shares are from {_e(r['period'])} "
            f"({fname} {_e(charts._pct1(r['share_pct']))}){_ref(tables, r['source_id'], r['status'])}. What are the "
            f"shares now, and how are they set?")

    # work streams and leads
    unknown_start = _timeline(tables, forces=fid, collaborations=current) if current else pd.DataFrame()
    if len(unknown_start):
        unknown_start = unknown_start[~unknown_start["start_known"]]
        tops = [c for c in dict.fromkeys(unknown_start["collab_id"].astype(str)) if _parent(tables, c) is None]
        if tops:
            shown = tops[:4]
            names = [_cname(tables, c) for c in shown]
            if len(tops) > 4:
                names.append(f"{number_word(len(tops) - 4)} more")
            q["workstreams"].append(
                f"The sources do not say when {fname} joined {_and(names)}"
                f"{_row_refs(tables, unknown_start[unknown_start['collab_id'].isin(shown)])}. Can the PCC provide "
                f"start dates, the lead officer for each, and the work streams planned for {_e(fy)}?")
    q["workstreams"].append(
        f"Who leads each collaboration for {fname}, and which work streams does the regional collaboration board "
        f"plan to start, change or stop in {_e(fy)}?")

    # monitoring and evidence
    claims = savings_claims(tables, force=fid)
    by_id = {str(r["saving_id"]): r for _, r in claims.iterrows()}
    for cid, ids, reason in conflicting_claims(claims):
        a, b = by_id[ids[0]], by_id[ids[1]]
        q["monitoring"].append(
            f"Two savings claims about {_cname(tables, cid)} differ: {_e(a['claim'])} ({_e(a['period_label'])})"
            f"{_ref(tables, a['source_id'], a['status'])} and {_e(b['claim'])} ({_e(b['period_label'])})"
            f"{_ref(tables, b['source_id'], b['status'])}. Which is right, and how was each measured?")
    projected = claims[(claims["kind"].astype(str) == "projected") & claims["amount_gbp"].notna()]
    projected = projected.sort_values("amount_gbp", ascending=False, kind="stable").head(2)
    for _, r in projected.iterrows():
        what = _cname(tables, r["collab_id"]) if not _is_blank(r["collab_id"]) else _e(r["covers"])
        q["monitoring"].append(
            f"{what} was projected to save {_e(r['claim'])} ({_e(r['period_label'])})"
            f"{_ref(tables, r['source_id'], r['status'])}. What was actually saved?")
    claimed = claims[(claims["kind"].astype(str) == "claimed") & claims["collab_id"].isna()]
    if len(claimed):
        r = claimed.sort_values("amount_gbp", ascending=False, kind="stable", na_position="last").iloc[0]
        q["monitoring"].append(
            f"The claim of {_e(r['claim'])} saved ({_e(r['period_label'])}, {_e(r['covers'])})"
            f"{_ref(tables, r['source_id'], r['status'])} names no collaboration. How was it estimated, and is it "
            f"checked independently?")
    q["monitoring"].append(
        "What evidence of performance and savings will the PCC report to the panel, and how often? (The East "
        f"Midlands panels asked in 2017 for regular progress reports{_seminar_ref(tables)}.)")

    # challenging and supporting the PCC
    for cid in current:
        ms = tables.memberships
        left = ms[(ms["collab_id"] == cid) & (ms["force_id"] != fid) & ms["end"].notna() & (ms["end"] <= on)]
        for _, r in left.iterrows():
            when = format_date(r["end"], r["end_precision"])
            q["challenge"].append(
                f"{_fname(tables, r['force_id'])} left {_cname(tables, cid)} "
                f"{_on(r['end_precision'])} {_e(when)}"
                f"{_ref(tables, r['source_id'], r['status'])}. What did this cost {fname}, and what was the effect "
                f"on services?")
    ms = tables.memberships
    own_left = ms[(ms["force_id"] == fid) & ms["end"].notna() & (ms["end"] <= on)]
    for _, r in own_left.iterrows():
        q["challenge"].append(
            f"{fname} left {_cname(tables, r['collab_id'])} {_on(r['end_precision'])} "
            f"{_e(format_date(r['end'], r['end_precision']))}"
            f"{_ref(tables, r['source_id'], r['status'])}. What did leaving save or cost, and how are the services "
            f"provided now?")
    outside = []
    for cid in _region_collabs(tables, region):
        if _parent(tables, cid) is not None or cid in current:
            continue
        mem = [f for f in members(tables, cid, on=on) if f in region_forces]
        if mem:
            outside.append((cid, mem))
    for cid, mem in outside[:4]:
        rows_ = ms[(ms["collab_id"] == cid) & ms["force_id"].isin(mem)]
        q["challenge"].append(
            f"{fname} is not part of {_cname(tables, cid)} (members: {_and([_fname(tables, f) for f in mem])})"
            f"{_row_refs(tables, rows_)}. Why not, and is joining under review?")
    if len(outside) > 4:
        q["challenge"].append(f"{fname} is outside {number_word(len(outside) - 4)} further "
                              f"{(_e(place) + ' ') if place else ''}collaborations: is each decision reviewed?")
    q["challenge"].append(
        "How does the PCC hold the chief constable to account for collaborations, jointly with the other PCCs, and "
        "how can the panel support that?")

    # other collaboration
    national = [c for c in current if _scope(tables, c) == "national"]
    if national:
        rows_ = ms[(ms["force_id"] == fid) & ms["collab_id"].isin(national)]
        q["other"].append(
            f"{fname} is also part of {plural(len(national), 'national collaboration')} "
            f"({_and([_cname(tables, c) for c in national])}){_row_refs(tables, rows_)}. How are their costs and "
            f"performance reported to the panel?")
    cross = [c for c in current if _scope(tables, c) == "cross-region"]
    for cid in cross:
        q["other"].append(f"{_cname(tables, cid)} crosses regional boundaries: who holds it to account, and how?")
    q["other"].append(
        "What collaboration with fire and rescue and the other emergency services is in place or planned under the "
        "duty to collaborate in the Policing and Crime Act 2017?")

    intro = _p(f"These questions follow the scrutiny themes the East Midlands panels identified at their seminar "
               f"in November 2017{_seminar_ref(tables)} (governance; cost, benefits and value for money; work streams and leads; monitoring and "
               f"evidence; challenging and supporting the PCC; other collaboration). Those that cite a note arise "
               f"from the data in this paper.")
    return _block("questions", [intro] + _question_list(q))


# ---------------------------------------------------------------------------------------------
# sources
# ---------------------------------------------------------------------------------------------

_FACT_TABLES = ("forces", "collaborations", "memberships", "events", "budgets", "budget_totals", "cost_shares",
                "savings", "context")


def _cited_rows(tables, force_id: str) -> list[pd.DataFrame]:
    """Every row a panel paper for ``force_id`` may cite (a superset, so no note lacks its source)."""
    region = _force_region(tables, force_id)
    collabs = set(collaborations_of(tables, force_id)) | set(_region_collabs(tables, region))
    region_forces = set(_region_forces(tables, region)) | {force_id}
    out = [
        tables.memberships[tables.memberships["collab_id"].isin(list(collabs))],
        tables.events[tables.events["collab_id"].isin(list(collabs))
                      | tables.events["event"].astype(str).isin(["announced", "ended"])],
        tables.budgets[tables.budgets["force_id"].isin(list(region_forces))],
        tables.budget_totals[tables.budget_totals["force_id"].isin(list(region_forces))],
        tables.cost_shares[tables.cost_shares["force_id"].isin(list(region_forces))],
        savings_claims(tables, force=force_id),
        tables.context[(tables.context["force_id"] == force_id)
                       & tables.context["measure"].astype(str).isin(list(BUDGET_MEASURES) + ["funding"])],
    ]
    return out


def _statuses_by_source(frames: list[pd.DataFrame]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for df in frames:
        if df is None or df.empty or "source_id" not in df:
            continue
        for sid, st in zip(df["source_id"], df["status"] if "status" in df else [None] * len(df)):
            for s in charts._split_ids(sid):
                lst = found.setdefault(s, [])
                if not _is_blank(st) and str(st) not in lst:
                    lst.append(str(st))
    return found


def _is_http(url) -> bool:
    return not _is_blank(url) and re.match(r"^https?://[^\s<>\"']+$", str(url).strip(), re.I) is not None


def sources(tables, force_id: str | None = None) -> Block:
    """The numbered source list. Numbers are each source's row in the sources table, so they are the
    same in every paper; ``id="fn-<source_id>"`` anchors take the notes' links. Only http(s)
    addresses become links; anything else is shown as text."""
    if force_id is not None:
        fid = resolve_force(tables, force_id)
        statuses = _statuses_by_source(_cited_rows(tables, fid))
        # derived figures (budget shares) cite their inputs' sources with status D
        years = sorted(set(tables.budget_totals.loc[tables.budget_totals["force_id"] == fid, "financial_year"].astype(str))
                       | set(tables.budgets.loc[tables.budgets["force_id"] == fid, "financial_year"].astype(str)))
        for y in years:
            for sid in budget_share(tables, fid, y)["numerator_source_id"]:
                for one in charts._split_ids(sid):
                    lst = statuses.setdefault(one, [])
                    if "D" not in lst:
                        lst.append("D")
        if _seminar_ref(tables):  # the questions cite the seminar that set the scrutiny themes
            lst = statuses.setdefault(SEMINAR_SOURCE, [])
            if "S" not in lst:
                lst.append("S")
    else:
        statuses = _statuses_by_source([getattr(tables, n) for n in _FACT_TABLES])
    src = tables.sources
    items = []
    for i, r in enumerate(src.itertuples(index=False), start=1):
        sid = str(r.source_id)
        if force_id is not None and sid not in statuses:
            continue
        title = _e(r.title) if not _is_blank(r.title) else _e(sid)
        if _is_http(r.url):
            title_html = f'<a href="{_e(str(r.url).strip())}">{title}</a>'
        else:
            title_html = f"<strong>{title}</strong>"
        bits = [f'<span class="ca-source-number">[{i}]</span> {title_html}']
        meta = []
        if not _is_blank(getattr(r, "publisher", None)):
            meta.append(_e(r.publisher))
        if not _is_blank(getattr(r, "date", None)):
            meta.append(_e(format_date(r.date, getattr(r, "date_precision", None))))
        if meta:
            bits.append(". " + ", ".join(meta))
        if not _is_blank(r.url) and not _is_http(r.url):
            bits.append(f". Address as given (not a web link): <span class=\"ca-url\">{_e(r.url)}</span>")
        sts = statuses.get(sid, [])
        if sts:
            bits.append(". Status of figures from this source: " + "; ".join(
                f"<abbr title=\"{_e(STATUS_MEANINGS.get(s, s))}\">{_e(s)}</abbr>, {_e(STATUS_MEANINGS.get(s, s))}"
                for s in sts))
        items.append(f'<li id="fn-{_e(sid)}">' + "".join(bits) + ".</li>")
    parts = [_p("Each note number in this paper, such as [1, S], refers to the source with that number below. The "
                "numbers come from the shared list of sources, so a source has the same number in every panel's "
                "paper; gaps are sources this paper does not use."),
             _status_legend()]
    if items:
        parts.append('<ul class="ca-sources">' + "".join(items) + "</ul>")
    else:
        parts.append(_p(f"Sources are {NOT_PUBLISHED}."))
    return _block("sources", parts)


# ---------------------------------------------------------------------------------------------
# regional overview
# ---------------------------------------------------------------------------------------------

def regional_introduction(tables, year, meeting_date, region: str | None = None) -> Block:
    """Who the overview is for, which forces and period it covers, and how to read the notes."""
    fy = normalise_year(year)
    reg = _pick_region(tables, region)
    place = _place(reg)
    forces = _region_forces(tables, reg)
    names = _and([_fname(tables, f) for f in forces])
    parts = [
        _p(f"This overview sets the {number_word(len(forces))} {_e(place)} forces side by side ({names}) for the "
           f"financial year {_e(fy)} ({_e(year_span(fy))}), for the meeting on {_e(_date(meeting_date))}. It uses "
           f"the same shared data set as each force's panel paper, so the figures agree."),
        _p(f"Membership is read as at {_e(_year_end_text(fy))}, the end of the financial year."),
        _h3("How to read the figures"),
        _p("Each figure has a note such as [1, S] that links to its source in the numbered list at the end. The "
           "letters give the status of the figure:"),
        _status_legend(),
        _p(f"Where the sources hold nothing, the overview says “{NOT_PUBLISHED}”: a missing figure is never shown "
           "as zero, and no regional total is made from incomplete figures. Savings claims are never added up."),
    ]
    return _block("regional-introduction", parts + _glossary(tables, set(tables.collaborations["collab_id"].astype(str))))


def regional_matrix(tables, year, region: str | None = None) -> Block:
    """All the region's forces by its collaborations, as at 31 March: chart, table and a summary."""
    fy = normalise_year(year)
    reg = _pick_region(tables, region)
    place = _place(reg)
    on = year_end(fy)
    forces = _region_forces(tables, reg)
    collabs = _matrix_collabs(tables, reg, on)
    if not collabs:
        return _block("regional-matrix", [_p(f"Membership of {_e(place)} collaborations as at "
                                             f"{_e(_year_end_text(fy))} is {NOT_PUBLISHED}.")])
    m = membership_matrix(tables, on, forces=forces, collaborations=collabs)
    all_in = [c for c in m.index if (m.loc[c] == MEMBER).all()]
    parts = [_p(f"As at {_e(_year_end_text(fy))}, {number_word(len(all_in))} of the {number_word(len(m))} "
                f"{_e(place)} collaborations and branches recorded include all {number_word(len(forces))} forces"
                f"{_row_refs(tables, tables.memberships[tables.memberships['collab_id'].isin(all_in)])}.")]
    items = []
    for f in forces:
        col = m[f]
        k = int((col == MEMBER).sum())
        out = [c for c in m.index if col[c] == "not a member" and _parent(tables, c) is None]
        text = f"{_fname(tables, f)}: member of {'all ' + number_word(k) if k == len(m) else number_word(k)}"
        if out:
            text += f"; not a member of {_and([_cname(tables, c) for c in out])}"
        unk = int((col == UNKNOWN).sum())
        if unk:
            text += f"; {number_word(unk)} not known on this date"
        items.append(text + ".")
    parts.append(_ul(items))
    parts.append(_p(MEMBERSHIP_RULES))
    parts.append(charts.membership_grid(tables, on, forces=forces, collaborations=collabs, place=place)._repr_html_())
    parts.append(_matrix_table(tables, m, f"Membership of {place} collaborations as at {_year_end_text(fy)}", None))
    return _block("regional-matrix", parts)


def _totals_text(rec: pd.DataFrame) -> str:
    return "; ".join(format_gbp(int(a), "published") for a in rec["amount_gbp"]) or NOT_PUBLISHED


def regional_contributions(tables, year, region: str | None = None) -> Block:
    """Each force's contributions where published, "not published in the sources held" elsewhere."""
    fy = normalise_year(year)
    reg = _pick_region(tables, region)
    place = _place(reg)
    forces = _region_forces(tables, reg)
    rows, with_data = [], []
    for f in forces:
        c = _contributions(tables, f, fy)
        rec = reconcile(tables, f, fy)
        if len(c):
            with_data.append(f)
            summable = c["collab_id"].nunique() == len(c)
            rows.append({"Force": force_name(tables, f),
                         "Collaborations with a published figure": str(int(c["collab_id"].nunique())),
                         "Sum of published figures": format_gbp(int(c["amount_gbp"].sum()), "exact") if summable
                         else "different bases: not added up",
                         "Published total": _totals_text(rec),
                         "Sources": _row_refs(tables, pd.concat([c, rec]) if len(rec) else c)})
        else:
            rows.append({"Force": force_name(tables, f), "Collaborations with a published figure": NOT_PUBLISHED,
                         "Sum of published figures": NOT_PUBLISHED,
                         "Published total": _totals_text(rec),
                         "Sources": _row_refs(tables, rec)})
    parts = []
    if with_data:
        missing = [f for f in forces if f not in with_data]
        text = (f"In the sources held, contributions for {_e(fy)} are published by collaboration for "
                f"{_and([_fname(tables, f) for f in with_data])} only.")
        if missing:
            text += (f" For {_and([_fname(tables, f) for f in missing])} they are {NOT_PUBLISHED}, so no regional "
                     f"total or comparison between forces can be made.")
        parts.append(_p(text))
    else:
        parts.append(_p(f"Contributions by collaboration for {_e(fy)} are {NOT_PUBLISHED} for any {_e(place)} force."))
    parts.append(table_html(pd.DataFrame(rows), f"Contributions to collaborations by force, {fy}",
                            html_cols=("Sources",)))
    for f in with_data:
        parts.append(charts.contributions_bar(tables, f, fy)._repr_html_())
    return _block("regional-contributions", parts)


def cost_shares(tables) -> Block:
    """How each collaboration's costs were shared where a source says (EMSOU, c.2012): chart and table."""
    cs = tables.cost_shares
    if cs.empty:
        return _block("cost-shares", [_p(f"How collaboration costs are shared between forces is {NOT_PUBLISHED}.")])
    parts = []
    for cid in dict.fromkeys(cs["collab_id"].astype(str)):
        sub = cs[cs["collab_id"] == cid]
        for period in dict.fromkeys(sub["period"].astype(str)):
            rows = sub[sub["period"] == period].sort_values("share_pct", ascending=False, kind="stable")
            chart = charts.cost_shares_bar(tables, cid, period=period)
            parts.append(_h3(f"{collab_name(tables, cid)}, {period}"))
            total = sum(float(v) for v in rows["share_pct"])
            bases = list(dict.fromkeys(str(b) for b in rows["basis"] if not _is_blank(b)))
            parts.append(_p(f"{_e(chart.title)}{_row_refs(tables, rows)}. The shares add up to "
                            f"{_e(charts._pct1(total))}"
                            + (f"; they were set in line with the {_e(bases[0])}" if len(bases) == 1 else "")
                            + ". Later shares are not published in the sources held, so these should not be used to "
                              "estimate what the collaboration costs in total today."))
            table = pd.DataFrame({
                "Force": [force_name(tables, f) for f in rows["force_id"]],
                "Share of costs": [charts._pct1(v) for v in rows["share_pct"]],
                "Basis": rows["basis"].astype("string").fillna("not stated"),
                "Source": [_ref(tables, s, st) for s, st in zip(rows["source_id"], rows["status"])],
            })
            parts.append(table_html(table, f"Shares of {collab_name(tables, cid)} costs, {period}",
                                    html_cols=("Source",), numeric_cols=("Share of costs",)))
            parts.append(chart._repr_html_())
    return _block("cost-shares", parts)


def regional_savings(tables, region: str | None = None) -> Block:
    """Every savings claim about the region, by kind and period; never added up."""
    reg = _pick_region(tables, region)
    place = _place(reg)
    claims = savings_claims(tables)
    forces = set(_region_forces(tables, reg))
    collabs = set(_region_collabs(tables, reg))
    keep = []
    for _, r in claims.iterrows():
        in_region = (not _is_blank(r["region"]) and str(r["region"]) == reg) \
            or (not _is_blank(r["force_id"]) and str(r["force_id"]) in forces) \
            or bool(set(split_list(r["forces"])) & forces) \
            or (not _is_blank(r["collab_id"]) and str(r["collab_id"]) in collabs)
        keep.append(in_region)
    claims = claims[keep].reset_index(drop=True)
    if claims.empty:
        return _block("regional-savings", [_p(f"Savings from collaboration in the {_e(place)} region are "
                                              f"{NOT_PUBLISHED}.")])
    parts = _savings_parts(tables, claims, f"the {place} region", f"the {_e(place)} region", None)
    whole = claims[claims["collab_id"].isna() & claims["force_id"].notna()]
    if len(whole):
        parts.insert(1, _p(f"{plural(len(whole), 'claim').capitalize()} attributed to a single force name no "
                           f"collaboration; some may cover all of that force's savings, not only those from "
                           f"collaboration. The source's own words are in the tables."))
    return _block("regional-savings", parts)


def other_regions(tables, region: str | None = None) -> Block:
    """Other regions' collaborations for comparison: members, key dates and claims, including ones that ended."""
    reg = _pick_region(tables, region)
    place = _place(reg)
    mine = set(_region_collabs(tables, reg))
    col = tables.collaborations
    others = [str(c) for c, s, r in zip(col["collab_id"], col["scope"], col["region"])
              if str(c) not in mine and not _is_blank(s) and str(s) != "national"]
    if not others:
        return _block("other-regions", [_p(f"Collaborations outside the {_e(place)} region are {NOT_PUBLISHED}.")])
    ms = tables.memberships
    ev = tables.events
    claims = savings_claims(tables)
    rows = []
    for cid in others:
        crow = col[col["collab_id"] == cid].iloc[0]
        mrows = ms[ms["collab_id"] == cid]
        mem = list(dict.fromkeys(force_name(tables, f) for f in mrows["force_id"]))
        erows = ev[(ev["collab_id"] == cid) & ev["date"].notna()].sort_values("date")
        dates = "; ".join(f"{e['event']} {format_date(e['date'], e['date_precision'])}" for _, e in erows.iterrows())
        crows = claims[claims["collab_id"] == cid]
        said = "; ".join(f"{r['claim']} ({r['kind']}, {r['period_label']})" for _, r in crows.iterrows())
        rows.append({
            "Collaboration": collab_name(tables, cid),
            "Region": region_name(crow["region"]) if not _is_blank(crow["region"]) else "cross-region",
            "Members in the sources": _and(mem) if mem else "not confirmed in the sources held",
            "Key dates": dates or NOT_PUBLISHED,
            "Savings claims (not added up)": said or NOT_PUBLISHED,
            "Sources": _row_refs(tables, pd.concat([col[col["collab_id"] == cid], mrows, erows, crows])),
        })
    parts = [_p(f"Collaborations elsewhere, for comparison with the {_e(place)}. Their claims are shown as their "
                f"sources word them, and are not added up.")]
    ended = ev[ev["collab_id"].isin(others) & ev["event"].astype(str).isin(["ended", "announced"]) & ev["date"].notna()]
    ended = ended[ended["description"].astype(str).str.contains(r"\b(?:leave|notice|ends?|ended)\b", case=False,
                                                                regex=True)]
    if len(ended):
        items = [f"{_cname(tables, r['collab_id'])}, {_e(format_date(r['date'], r['date_precision']))}: "
                 f"{_e(r['description'])}{_ref(tables, r['source_id'], r['status'])}"
                 for _, r in ended.sort_values("date").iterrows()]
        parts.append(_h3("Collaborations that ended or were given notice"))
        parts.append(_ul(items))
    parts.append(_h3("Collaborations in other regions"))
    parts.append(table_html(pd.DataFrame(rows), f"Collaborations outside the {place} region", html_cols=("Sources",)))
    national = claims[(claims["region"].astype("string") == "national") & claims["collab_id"].isna()]
    if len(national):
        parts.append(_h3("National claims"))
        parts.append(_ul([f"{_e(r['claim'])} ({_e(r['kind'])}, {_e(r['period_label'])}, {_e(r['claimant'])}): "
                          f"{_e(r['description'])}{_ref(tables, r['source_id'], r['status'])}"
                          for _, r in national.iterrows()]))
    return _block("other-regions", parts)
