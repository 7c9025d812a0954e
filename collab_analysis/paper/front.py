"""The paper's first page: the front sheet (as the panels' own reports open) and "at a glance"."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..years import format_date
from .claims import KIND_HEADINGS, Savings
from .context import Context
from .costs import Costs
from .members import Membership
from .model import Note, text
from .news import Developments
from .questions import Question, Questions
from .render import Section
from .words import opening_number, and_list, money, number_word, plural, possessive

DRAFT = "Draft — not for circulation"

#: Questions printed in the glance box (the body lists them all under their themes).
GLANCE_QUESTIONS = 2


def issued_status(edition) -> str:
    """How an issued paper is marked: the meeting it was issued for, and what a reissue corrects."""
    text = f"Issued for the meeting of {format_date(edition.as_at, 'day')}"
    if edition.replaces:
        text += f"; replaces the edition {edition.replaces}"
    if edition.corrects:
        text += f", correcting {edition.corrects}"
    return text


@dataclass(frozen=True)
class Front(Section):
    template = "front.html.j2"

    title: str
    panel: str
    meeting: str                 # "22 July 2019", or "" when the secretariat gave no date
    as_at: str                   # the date the paper is as at, in words
    agenda_item: str
    author: str
    purpose: str
    recommendation: str
    financial_year: str
    notes: tuple[Note, ...]
    status: str                  # DRAFT, or "Issued for the meeting of ..."

    def _repr_html_(self):
        # the exporter reads the paper's title and date from this output's metadata, never from HTML
        return self.html(), {"collab_paper": {"title": self.title, "as_at": self.as_at, "status": self.status}}


@dataclass(frozen=True)
class GlanceItem:
    label: str
    text: str
    href: str
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Glance(Section):
    template = "glance.html.j2"

    items: tuple[GlanceItem, ...]
    questions: tuple[Question, ...]
    asked: int = 0                      # every question in the paper, body and appendix


def front(ctx: Context, meeting, title: str, status: str) -> Front:
    """The front sheet, from the meetings table (blank fields get the tool's plain defaults)."""
    subject = ctx.force_name() if ctx.force_id else f"the {ctx.region_name()} forces"
    purpose = text(getattr(meeting, "purpose", "")) or (
        f"To give {'the Panel' if ctx.force_id else 'each Panel'} the same information, in the same form, as every "
        f"other panel that receives "
        f"these papers, about {possessive(subject)} part in cross-force collaboration, as at {ctx.as_at_text}.")
    notes = ()
    if text(getattr(meeting, "source_id", "")):
        notes = (ctx.cite.cite(meeting.source_id, meeting.locator, meeting.excerpt, meeting.status),)
    panel = ""
    if ctx.force_id:
        row = ctx.tables.forces[ctx.tables.forces["force_id"] == ctx.force_id].iloc[0]
        panel = text(row.get("panel_name"))
        renamed = row.get("panel_renamed")
        if text(row.get("former_panel_name")) and not pd.isna(renamed) and ctx.as_at < pd.Timestamp(renamed):
            panel = text(row.get("former_panel_name"))      # the name the panel had at the paper's date
    panel = panel or f"Police and Crime Panels of the {ctx.region_name()} region"
    if not ctx.pcc_era:
        panel += (" (Police and Crime Commissioners and their panels took office in November 2012; at this date "
                  "each force answered to its police authority)")
    return Front(title=title, panel=panel,
                 meeting=ctx.as_at_text if getattr(meeting, "date_given", False) else "",
                 as_at=ctx.as_at_text, agenda_item=text(getattr(meeting, "agenda_item", "")),
                 author=text(getattr(meeting, "author", "")), purpose=purpose,
                 recommendation=text(getattr(meeting, "recommendation", "")), financial_year=ctx.financial_year,
                 notes=notes, status=status)


def glance(ctx: Context, membership: Membership, devs: Developments, costs: Costs, savings: Savings,
           questions: Questions) -> Glance:
    """The few figures that matter this year, each linked to its section."""
    items = []
    if ctx.force_id:
        nat = ", and in national collaborations" if membership.national else ""
        said = (f"{ctx.force_name()} is shown taking part in {membership.taking_part} in this paper's grid{nat}."
                if membership.rows else f"No source held that is dated by {ctx.as_at_text} shows which ones.")
        items.append(GlanceItem("Collaborations", said, "#what-we-are-part-of", ()))
    moves = [c for c in membership.changes if c.kind in ("left", "joined")][:3]
    since = format_date(membership.since, "day")
    if ctx.force_id:
        # the panel's own force first; another force's move is said to be elsewhere in the grid
        own = [c for c in moves if c.force == ctx.force_name()]
        others = [c for c in moves if c not in own]
        said = (and_list(f"{c.force} {c.words}" for c in own) + "." if own
                else f"None for {ctx.force_name()} since {since} in the sources held.")
        if others:
            said += " Elsewhere in the grid: " + and_list(f"{c.force} {c.words}" for c in others) + "."
    else:
        said = (and_list(f"{c.force} {c.words}" for c in moves) + "." if moves
                else f"None recorded in the sources held since {since}.")
    items.append(GlanceItem("Joins and withdrawals", said, "#what-we-are-part-of",
                            tuple(n for c in moves for n in c.notes)))
    if costs.shown_year == ctx.financial_year and costs.lines:
        top = costs.lines[0]
        total = costs.totals[0] if costs.totals else None
        figure = money(total.amount, total.precision) if total else money(costs.rows_sum)
        items.append(GlanceItem("Contributions", f"{figure} in {ctx.financial_year} across "
                                f"{plural(costs.collaborations, 'collaboration')}; the largest is {top.name} at "
                                f"{money(top.amount, top.precision)}.", "#what-it-costs",
                                (total.notes if total else ()) + top.notes))
    elif ctx.force_id:
        items.append(GlanceItem("Contributions", f"Not published in the sources held for {ctx.financial_year}.",
                                "#what-it-costs", ()))
    else:
        published = [f.force for f in costs.forces if f.shown_year == ctx.financial_year and f.lines]
        items.append(GlanceItem("Contributions", (f"Itemised for {ctx.financial_year} for {and_list(published)} only."
                                                  if published else f"Not itemised for any force for {ctx.financial_year} "
                                                  "in the sources held."), "#what-it-costs", ()))
    if costs.share is not None:
        items.append(GlanceItem("Share of the force's budget", f"About {costs.share.share} (derived).",
                                "#what-it-costs", costs.share.notes))
    # "four claimed, two projected and one found by an inspectorate"
    said_as = {"claimed": "claimed as achieved", "inspectorate": "found by an inspectorate"}
    counts = [f"{opening_number(n) if not i else number_word(n)} {said_as.get(kind, kind)}"
              for i, (kind, n) in enumerate((k, n) for k, n in savings.counts if n)]
    if sum(n for _, n in savings.counts) == 1:
        only = next(c for _, _, claims in savings.groups for c in claims)
        kind = KIND_HEADINGS.get(only.kind, only.kind).lower()
        said = f"One, {kind}, made by {only.made_by}." if only.made_by else f"One, {kind}."
    else:
        said = and_list(counts) + ", shown side by side and never added up." if counts else \
            "None in the sources held."
    items.append(GlanceItem("Savings claims", said, "#what-it-saved", ()))
    if devs.items:
        total = len(devs.items) + devs.more_key
        where = "listed under Developments" if not devs.more_key else \
            f"the {number_word(len(devs.items))} weightiest under Developments, the rest in the appendix"
        items.append(GlanceItem("Key developments", f"{opening_number(total)} reported since "
                                f"{devs.since_text}: {where}.", "#developments", ()))
    # the two most pressing questions: the rest are a link away, not printed twice on one page
    return Glance(tuple(items), tuple(questions.top(GLANCE_QUESTIONS)), questions.count)
