"""Questions the panel may wish to ask, under the six scrutiny themes of the panels' seminar of
28 November 2017 (seed 000, para 9), each prompted by a fact in this paper and citing it.

A question is asked only because the data show something specific about this force: a development
the sources report (the question written beside it in ``events.csv``), a figure that is missing or
on a different basis, claims that disagree, a projection whose period has passed, a membership the
sources leave unclear. Where a theme has nothing specific, the paper says so rather than padding it.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import membership as ms
from ..sources import published_by
from ..years import financial_year_bounds
from .claims import Savings
from .context import Context
from .costs import Costs
from .members import Membership
from .model import Note, text
from .news import Developments, weight
from .render import Section
from .words import the

#: The panels' seminar report whose paragraph 9 gives the six themes (seed 000).
SEMINAR = "seed-000"
#: A question whose premise is older than this says when it was reported (it may no longer hold).
OLD_PREMISE = pd.Timedelta(days=3 * 366)
#: How many questions the body asks, in all and under one theme; the rest go to the appendix.
BODY, PER_THEME = 5, 2
#: How many more the appendix lists (the most recent first); older ones are counted, not listed.
MAX_FURTHER = 12

THEMES = (
    ("governance", "Governance arrangements"),
    ("value", "Cost, benefits and value for money"),
    ("workstreams", "Work streams and leads"),
    ("monitoring", "Monitoring and the evidence of results"),
    ("challenge", "Challenging and supporting the Police and Crime Commissioner"),
    ("other", "Other collaboration, such as blue light and fire"),
)
_THEME_OF_EVENT = {"withdrew": "governance", "restructured": "governance", "ended": "governance",
                   "governance": "governance", "hosted": "governance", "overspent": "value", "budget": "value",
                   "inspected": "monitoring", "decided": "monitoring", "reported": "monitoring",
                   "proposed": "workstreams", "announced": "workstreams", "agreed": "governance",
                   "formed": "workstreams", "launched": "workstreams", "expanded": "workstreams", "renamed": "workstreams"}


@dataclass(frozen=True)
class Question:
    theme: str
    text: str
    because: str             # the fact that prompted it, for an analyst inspecting the facts
    notes: tuple[Note, ...]
    rank: int                # lower is asked first (developments, then figures, then membership)
    prompted: str = ""       # "a report of 21 October 2016": said when its premise is years older than the paper


@dataclass(frozen=True)
class Questions(Section):
    template = "questions.html.j2"

    themes: tuple[tuple[str, str, tuple[Question, ...]], ...]     # (key, heading, the body's questions)
    seminar_notes: tuple[Note, ...]
    further: tuple[tuple[str, Question], ...] = ()                # (heading, question) for the appendix
    unlisted: int = 0                # further questions beyond MAX_FURTHER, counted in the appendix
    successor: bool = False          # dated before PCCs: the questions are for the PCC as successor

    @property
    def count(self) -> int:
        return sum(len(qs) for _, _, qs in self.themes) + len(self.further) + self.unlisted

    def more(self) -> list[tuple[str, Question]]:
        return list(self.further)

    def top(self, n: int = 3) -> list[Question]:
        everything = [q for _, _, qs in self.themes for q in qs]
        return sorted(everything, key=lambda q: q.rank)[:n]


@dataclass(frozen=True)
class MoreQuestions(Section):
    """The questions beyond the first two of each theme, for the appendix."""

    template = "more_questions.html.j2"

    questions: Questions


def _from_developments(ctx: Context, devs: Developments, every_key) -> list[Question]:
    """The question written beside each key development (recent ones first), unless the force has left
    the collaboration it is about (its own withdrawal, or the collaboration's end, is still asked about),
    or it is a request made at this very meeting (too soon to ask)."""
    events = ctx.tables.events.set_index("event_id")
    # the body's developments are asked about in their weight (a withdrawal first), then newest first
    newest = {item.event_id: k for k, item in enumerate(every_key)}
    body = sorted(devs.items, key=lambda i: (weight(i.event), newest.get(i.event_id, 0)))
    recent = {item.event_id: k for k, item in enumerate(body)}
    out = []
    for rank, item in enumerate(every_key):
        row = events.loc[item.event_id]
        wording = text(row.get("question")) if "question" in events.columns else ""
        if not wording:
            continue
        collab = text(row.get("collab_id"))
        if collab and ctx.force_id and item.event not in ("withdrew", "ended") and ms.reading(ctx.tables, collab, ctx.force_id, ctx.as_at,
                                                  known_by=ctx.as_at).state == ms.NOT_MEMBER:
            continue
        if item.event in ("decided", "proposed") and item.when.endswith(ctx.as_at_text):
            continue
        theme = text(row.get("theme")) or _THEME_OF_EVENT.get(item.event, "governance")
        prompted = ""
        if item.on is not None and not pd.isna(item.on) and ctx.as_at - item.on > OLD_PREMISE:
            prompted = ("a report of " + item.when.removeprefix("reported ") if item.when.startswith("reported ")
                        else "a development of " + item.when)
        out.append(Question(theme, wording, f"development {item.event_id}", item.notes,
                            recent.get(item.event_id, 100 + rank), prompted))
    return out


def _from_costs(ctx: Context, costs: Costs) -> list[Question]:
    out, force = [], ctx.force_name()
    if costs.shown_year != ctx.financial_year:
        past = ctx.as_at > financial_year_bounds(ctx.financial_year)[1] or not ctx.pcc_era
        pays = "paid" if past else "pays"
        out.append(Question("value", f"The sources hold no breakdown of what {force} {pays} to each collaboration "
                            f"in {ctx.financial_year}. Will {ctx.overseer} publish one, so the panel can see what the force "
                            f"{pays} for?", "contributions not published", (), 1))
    if costs.bases and costs.lines:
        common = max(costs.bases, key=lambda b: sum(1 for line in costs.lines if line.basis == b))
        for line in costs.listed:
            if line.basis != common:
                out.append(Question("value", f"The {line.name} figure is a “{line.basis}”, while most are a "
                                    f"“{common}”. What is it on the same basis as the others, so the figures can be compared?",
                                    f"basis of {line.collab_id}", line.notes, 2))
    if costs.share is not None:
        out.append(Question("value", f"The contributions in this paper come to about {costs.share.share} of the force's "
                            f"budget (a derived figure). What does {ctx.overseer} expect in return, and how is value "
                            "for money judged?",
                            "share of budget", costs.share.notes, 3))
    for collab, period, share, notes in costs.cost_shares:
        out.append(Question("value", f"The latest {collab} cost shares in the sources held are in a paper of {period} "
                            f"({force} {share}). What are the shares now, and how are they set?", f"cost share {collab}",
                            notes, 4))
    return out


def _from_savings(ctx: Context, savings: Savings) -> list[Question]:
    out, asked = [], set()
    for a, b, same in savings.conflicts:
        name = a.covers.split(" (")[0]
        asked.add(name)
        both = " and ".join(f"{c.amount}" + (f" ({c.period})" if c.period else "") for c in (a, b))
        ask = ("The figure is the same but the bases differ: which is right, and what was actually saved?" if same
               else "Which is right, and what was actually saved?")
        out.append(Question("monitoring", f"The sources give the saving for {the(name)} as {both}. {ask}",
                            f"claims {a.saving_id} and {b.saving_id}", a.notes + b.notes, 2))
    for c in (c for _, _, claims in savings.groups for c in claims if c.kind == "projected"):
        name = c.covers.split("; ")[0].split(" (")[0]
        if name in asked or len(asked) >= 4:
            continue
        asked.add(name)
        period = f" ({c.period})" if c.period else ""
        part = f", limited by the source to {c.scope}" if c.scope else ""
        out.append(Question("monitoring", f"A saving of {c.amount}{period} was projected for {the(name)}{part}. "
                            "What came of it, and what, if anything, was saved and measured?",
                            f"projection {c.saving_id}", c.notes, 3))
    return out


def _from_membership(ctx: Context, membership: Membership) -> list[Question]:
    out = []
    col = [f for f, _ in membership.columns].index(ctx.force_id)
    for row in membership.rows:
        cell = row.cells[col]
        if cell.state == "sources differ":
            out.append(Question("governance", f"The sources differ on whether {ctx.force_name()} takes part in "
                                f"{row.name}. Can {ctx.overseer} say which is right?", f"membership {row.collab_id}",
                                cell.notes, 2))
    return out


def questions(ctx: Context, membership: Membership, devs: Developments, costs: Costs, savings: Savings,
              every_key=()) -> Questions:
    found = (_from_developments(ctx, devs, every_key) + _from_costs(ctx, costs) + _from_savings(ctx, savings)
             + _from_membership(ctx, membership))
    seen, unique = set(), []
    for q in found:
        if q.text not in seen:
            seen.add(q.text)
            unique.append(q)
    # the body asks the most pressing: first the top question of each theme that has one (so no theme
    # reads "see the appendix" while another has two), then the next by rank; at most BODY in all and
    # PER_THEME under one theme
    ranked = sorted(unique, key=lambda q: q.rank)
    tops = {}
    for q in ranked:
        tops.setdefault(q.theme, q)
    chosen = sorted(tops.values(), key=lambda q: q.rank)
    per = {q.theme: 1 for q in chosen}
    for q in ranked:
        if len(chosen) < BODY and q not in chosen and per.get(q.theme, 0) < PER_THEME:
            chosen.append(q)
            per[q.theme] = per.get(q.theme, 0) + 1
    chosen.sort(key=lambda q: q.rank)
    headings = dict(THEMES)
    if not ctx.pcc_era:
        headings["challenge"] = "Challenging and supporting the police authority and, from November 2012, the PCC"
    grouped = tuple((key, headings[key], tuple(q for q in chosen if q.theme == key)) for key, _ in THEMES)
    further = tuple((headings[q.theme], q) for q in sorted(unique, key=lambda q: q.rank) if q not in chosen)
    further, unlisted = further[:MAX_FURTHER], max(0, len(further) - MAX_FURTHER)
    notes = ((ctx.cite.cite(SEMINAR, "para 9", "The issues identified for PCP scrutiny", "S"),)
             if SEMINAR in published_by(ctx.tables, ctx.as_at) else ())
    return Questions(grouped, notes, further, unlisted, successor=not ctx.pcc_era)
