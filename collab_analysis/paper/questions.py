"""Questions the panel may wish to ask, under the six scrutiny themes of the panels' seminar of
28 November 2017 (seed 000, para 9), each prompted by a fact in this paper and citing it.

A question is asked only because the data show something specific about this force: a development
the sources report (the question written beside it in ``events.csv``), a figure that is missing or
on a different basis, claims that disagree, a projection whose period has passed, a membership the
sources leave unclear. Where a theme has nothing specific, the paper says so rather than padding it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..sources import published_by
from .claims import Savings
from .context import Context
from .costs import Costs
from .members import Membership
from .model import Note, text
from .news import Developments
from .render import Section

#: The panels' seminar report whose paragraph 9 gives the six themes (seed 000).
SEMINAR = "seed-000"

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


@dataclass(frozen=True)
class Questions(Section):
    template = "questions.html.j2"

    themes: tuple[tuple[str, str, tuple[Question, ...]], ...]
    seminar_notes: tuple[Note, ...]
    per_theme: int = 2                  # the body asks the first two of each theme; the appendix the rest

    def more(self) -> list[tuple[str, Question]]:
        return [(heading, q) for _, heading, qs in self.themes for q in qs[self.per_theme:]]

    def top(self, n: int = 3) -> list[Question]:
        everything = [q for _, _, qs in self.themes for q in qs]
        return sorted(everything, key=lambda q: q.rank)[:n]


@dataclass(frozen=True)
class MoreQuestions(Section):
    """The questions beyond the first two of each theme, for the appendix."""

    template = "more_questions.html.j2"

    questions: Questions


def _from_developments(ctx: Context, devs: Developments) -> list[Question]:
    events = ctx.tables.events.set_index("event_id")
    out = []
    for item in devs.items:
        row = events.loc[item.event_id]
        wording = text(row.get("question")) if "question" in events.columns else ""
        if not wording:
            continue
        theme = text(row.get("theme")) if "theme" in events.columns else ""
        out.append(Question(theme or _THEME_OF_EVENT.get(item.event, "governance"), wording,
                            f"development {item.event_id}", item.notes, 0))
    return out


def _from_costs(ctx: Context, costs: Costs) -> list[Question]:
    out, force = [], ctx.force_name()
    if costs.shown_year != ctx.financial_year:
        out.append(Question("value", f"The sources hold no breakdown of what {force} pays to each collaboration "
                            f"in {ctx.financial_year}. Will the PCC publish one, so the panel can see what the force "
                            "pays for?", "contributions not published", (), 1))
    if costs.bases and costs.lines:
        common = max(costs.bases, key=lambda b: sum(1 for line in costs.lines if line.basis == b))
        for line in costs.lines:
            if line.basis != common:
                out.append(Question("value", f"The {line.name} figure is a “{line.basis}”, while most are a "
                                    f"“{common}”. What does {line.name} cost the force in full?",
                                    f"basis of {line.collab_id}", line.notes, 2))
    if costs.share is not None:
        out.append(Question("value", f"Collaboration takes about {costs.share.share} of the force's budget (a derived "
                            "figure). What does the PCC expect in return, and how is value for money judged?",
                            "share of budget", costs.share.notes, 3))
    for collab, period, share, notes in costs.cost_shares:
        out.append(Question("value", f"The latest published {collab} cost shares are in a paper of {period} ({force} "
                            f"{share}). What are the shares now, and how are they set?", f"cost share {collab}",
                            notes, 4))
    return out


def _from_savings(ctx: Context, savings: Savings) -> list[Question]:
    out = []
    for a, b in savings.conflicts:
        out.append(Question("monitoring", f"Two claims about savings from {a.covers.split(' (')[0]} differ: "
                            f"{a.amount} and {b.amount}. Which is right, and how was each measured?",
                            f"claims {a.saving_id} and {b.saving_id}", a.notes + b.notes, 2))
    projected = [c for _, _, claims in savings.groups for c in claims if c.kind == "projected"]
    for c in projected[:2]:
        period = f" ({c.period})" if c.period else ""
        out.append(Question("monitoring", f"A saving of {c.amount}{period} was projected from {c.covers}. "
                            "What was actually saved, and who measured it?", f"projection {c.saving_id}", c.notes, 3))
    return out


def _from_membership(ctx: Context, membership: Membership) -> list[Question]:
    out = []
    col = [f for f, _ in membership.columns].index(ctx.force_id)
    for row in membership.rows:
        cell = row.cells[col]
        if cell.state == "sources differ":
            out.append(Question("governance", f"The sources differ on whether {ctx.force_name()} takes part in "
                                f"{row.name}. Can the PCC say which is right?", f"membership {row.collab_id}",
                                cell.notes, 2))
    return out


def questions(ctx: Context, membership: Membership, devs: Developments, costs: Costs, savings: Savings) -> Questions:
    found = (_from_developments(ctx, devs) + _from_costs(ctx, costs) + _from_savings(ctx, savings)
             + _from_membership(ctx, membership))
    seen, unique = set(), []
    for q in found:
        if q.text not in seen:
            seen.add(q.text)
            unique.append(q)
    grouped = tuple((key, heading, tuple(sorted((q for q in unique if q.theme == key), key=lambda q: q.rank)))
                    for key, heading in THEMES)
    notes = ((ctx.cite.cite(SEMINAR, "para 9", "The issues identified for PCP scrutiny", "S"),)
             if SEMINAR in published_by(ctx.tables, ctx.as_at) else ())
    return Questions(grouped, notes)
