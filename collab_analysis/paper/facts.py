"""A paper's facts: everything it will say, computed from the tables before a word is written.

:func:`facts` checks the paper's parameters, works out every section's facts as at the paper's date
(its panel's meeting, or 31 March at the year's end), and numbers the notes. The result can be
inspected in JupyterLab (each section shows itself), compared with an issued edition, and hashed:
the build re-renders a paper only when its :meth:`PaperFacts.digest` changes.

>>> import collab_analysis as ca
>>> tables = ca.load()                                                           # doctest: +SKIP
>>> paper = ca.paper.facts(tables, "leicestershire", "2019-20")                 # doctest: +SKIP
>>> paper.costs.lines[0].name, paper.costs.lines[0].amount                      # doctest: +SKIP
('EMSOU', 6352000)
"""
from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import meetings as _meetings
from ..errors import InvalidValue, ParameterError
from ..forces import resolve_force
from ..sources import check_year
from ..years import financial_year_bounds, format_date, parse_financial_year, previous_year, to_timestamp
from .. import editions as _editions
from . import back, claims, costs, front, members, news, questions
from . import since as _since
from .context import Context
from .model import Citations, Digest, fingerprint, renumbered, to_json
from .words import count_words, money, visible_text


@dataclass(frozen=True)
class PaperFacts:
    """Everything one paper says, section by section (each shows itself in a notebook)."""

    kind: str                           # "panel" or "overview"
    force_id: str | None
    financial_year: str
    as_at: pd.Timestamp
    title: str
    front: front.Front
    glance: front.Glance
    since: _since.Since
    membership: members.Membership
    developments: news.Developments
    costs: costs.Costs
    savings: claims.Savings
    questions: questions.Questions
    earlier: news.EarlierDevelopments
    figures: back.Figures
    claims: back.ClaimsTable
    more_questions: questions.MoreQuestions
    notes: back.Notes
    sources: back.Sources
    abbreviations: back.Abbreviations

    def to_json(self) -> str:
        """Deterministic JSON of every fact (what an issued edition records)."""
        return to_json(self)

    @property
    def tables_used(self) -> list[str]:
        """The data tables this paper draws on (the run record names them)."""
        return ["forces", "collaborations", "memberships", "member_lists", "events", "budgets", "budget_totals",
                "cost_shares", "savings", "context", "sources", "meetings"]

    def digest(self) -> dict[str, str]:
        """What the paper says as labelled lines; the build compares digests to say why it rebuilt.

        Everything but the paper's draft or issued status (which depends on the digest itself)."""
        d = Digest()
        d.add("meeting", f"{self.front.meeting or 'no date'}; {self.front.agenda_item}; {self.front.recommendation}")
        for line in self.costs.lines:
            d.add(f"contribution {line.name} {self.costs.shown_year}", f"{money(line.amount, line.precision)} {line.basis}")
        for total in self.costs.totals + self.costs.aggregate:
            d.add(f"published total {money(total.amount, total.precision)}", total.result)
        cols = [f for f, _ in self.membership.columns]
        for row in self.membership.rows:
            for f, cell in zip(cols, row.cells):
                d.add(f"membership {row.name} {f}", cell.state + (f" ({cell.mark})" if cell.mark else ""))
        for item in self.developments.items + self.earlier.more_key + self.earlier.items:
            d.add(f"development {item.event_id}", item.text)
        for _, _, group in self.savings.groups:
            for c in group:
                d.add(f"claim {c.saving_id}", f"{c.amount}; {c.period}; {c.covers}")
        for note, _ in self.notes.notes:
            d.add(f"note {note.number}", f"{note.source_id} {note.locator}: {note.excerpt} [{note.status}]")
        for text, _ in self.since.lines:
            d.add(f"since {self.since.edition}: {text}", "")
        d.add("all facts", fingerprint(dataclasses.replace(self, front=dataclasses.replace(self.front, status=""))))
        return dict(d.lines)


def check_parameters(tables, force_id: str | None, financial_year: str, meeting_date=None) -> tuple[str | None, str, pd.Timestamp | None]:
    """(force id, financial year, date or None), checked against the data; raises ParameterError naming
    the bad value, the valid choices and the fix. The build and the notebooks both call this."""
    fid = resolve_force(tables, force_id) if force_id else None
    if fid is not None:
        panel = tables.forces.loc[tables.forces["force_id"] == fid, "panel_name"]
        if panel.isna().all() or not str(panel.iloc[0]).strip():
            raise ParameterError("force_id", force_id, message=(
                f"{force_id!r} has no Police and Crime Panel in forces.csv (panel_name is blank), so it gets no paper"))
    try:
        fy = parse_financial_year(str(financial_year)) if financial_year else None
    except InvalidValue as bad:
        raise ParameterError("financial_year", financial_year, message=f"{bad.message}; {bad.fix}") from None
    check_year(tables, fy)
    when = None
    if meeting_date not in (None, ""):
        when = to_timestamp(meeting_date)
        start, end = financial_year_bounds(fy)
        if not start <= when <= end:
            raise ParameterError("meeting_date", meeting_date, message=(
                f"meeting date {format_date(when, 'day')} is not in financial year {fy} "
                f"({format_date(start, 'day')} to {format_date(end, 'day')})"))
    return fid, fy, when


#: Facts already worked out, per tables object: the build computes every paper's facts to decide what
#: to rebuild, and the notebook children it forks then find them here instead of working them out again.
_MEMO: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
#: The same, for tables read from files, by the files' content key (a child process loads its own copy).
_BY_CONTENT: dict[str, dict] = {}


def _memo(tables) -> dict:
    content = getattr(tables, "key", None)
    if content:
        if content not in _BY_CONTENT and len(_BY_CONTENT) >= 4:
            _BY_CONTENT.pop(next(iter(_BY_CONTENT)))
        return _BY_CONTENT.setdefault(content, {})
    return _MEMO.setdefault(tables, {})


def _panel_key(force_id, financial_year, meeting_date, editions_dir) -> tuple:
    when = "" if meeting_date in (None, "") else to_timestamp(meeting_date).date().isoformat()
    folder = Path(editions_dir or _editions.DEFAULT_DIR).resolve()  # the notebook gets it relative to the project
    return ("panel", str(force_id), str(financial_year), when, str(folder), _editions.register_fingerprint(folder))


def remember(tables, paper: "PaperFacts", meeting_date=None, editions_dir=None) -> None:
    """Keep facts worked out elsewhere (the build's workers) so a notebook asking for them finds them."""
    key = (_panel_key(paper.force_id, paper.financial_year, meeting_date, editions_dir) if paper.kind == "panel"
           else ("overview", paper.membership.region_name, paper.financial_year,
                 "" if meeting_date in (None, "") else to_timestamp(meeting_date).date().isoformat()))
    _memo(tables)[key] = paper


def facts(tables, force_id: str, financial_year: str, meeting_date=None, *, editions_dir=None) -> PaperFacts:
    """The facts of one panel's paper for one financial year, as at its meeting (or the year end)."""
    key = _panel_key(force_id, financial_year, meeting_date, editions_dir)
    memo = _memo(tables)
    if key not in memo:
        memo[key] = _panel_facts(tables, force_id, financial_year, meeting_date, editions_dir)
    return memo[key]


def _panel_facts(tables, force_id, financial_year, meeting_date, editions_dir) -> PaperFacts:
    fid, fy, when = check_parameters(tables, force_id, financial_year, meeting_date)
    meeting = _meetings.meeting_for(tables, fid, fy)
    as_at = when if when is not None else pd.Timestamp(meeting.as_at)
    region = str(tables.forces.loc[tables.forces["force_id"] == fid, "region"].iloc[0])
    ctx = Context(tables, fid, fy, as_at, region)
    title = f"Cross-force collaboration: {ctx.force_name()}, {fy}"
    return _assemble(ctx, "panel", title, meeting, editions_dir)


def overview_facts(tables, financial_year: str, meeting_date=None, region: str = "east-midlands") -> PaperFacts:
    """The regional overview: every force of the region side by side."""
    when = "" if meeting_date in (None, "") else to_timestamp(meeting_date).date().isoformat()
    key = ("overview", Context(tables, None, financial_year, pd.Timestamp(0), region).region_name(), financial_year,
           when)
    memo = _memo(tables)
    if key not in memo:
        memo[key] = _overview_facts(tables, financial_year, meeting_date, region)
    return memo[key]


def _overview_facts(tables, financial_year, meeting_date, region) -> PaperFacts:
    _, fy, when = check_parameters(tables, None, financial_year, meeting_date)
    as_at = when if when is not None else financial_year_bounds(fy)[1]
    ctx = Context(tables, None, fy, as_at, region)
    title = f"Cross-force collaboration in the {ctx.region_name()} region: overview, {fy}"
    return _assemble(ctx, "overview", title, None, None)


def _collabs_named(ctx: Context, membership, devs, earlier, saved) -> list[str]:
    """The collaborations a paper names outside its grid (developments and savings claims)."""
    by_short = {ctx.short(c): c for c in ctx.tables.collaborations["collab_id"]}
    items = devs.items + earlier.more_key + earlier.items
    named = [by_short.get(item.collab, "") for item in items]
    named += [by_short.get(c.covers.split(" (")[0], "") for _, _, g in saved.groups for c in g]
    named += [by_short.get(short, "") for short, _ in membership.national]
    return [c for c in named if c]


#: Words the body's sections may hold (the printed body adds its headings, about 50 more; the committee
#: pack's limit is 1,500). A longer paper moves its lightest key developments to the appendix, one at a
#: time, and says so in the Developments section.
BODY_WORDS = 1420
_BODY = ("front", "glance", "since", "membership", "developments", "costs", "savings", "questions")


def body_words(paper) -> int:
    """The words a reader meets before the appendices (charts, footnote marks and the contents list aside)."""
    return sum(count_words(getattr(paper, name).html()) for name in _BODY)


@dataclass(frozen=True)
class _Worked:
    """A section worked out once for every draft of the paper, with the notes it cited, in order."""

    section: object
    notes: list

    def cited_in(self, ctx: Context):
        return renumbered(self.section, self.notes, ctx.cite)


def _work(ctx: Context, compute) -> _Worked:
    own = ctx.with_citations(Citations())
    return _Worked(compute(own), own.cite.notes)


def _assemble(ctx: Context, kind: str, title: str, meeting, editions_dir) -> PaperFacts:
    """The paper, with as many key developments in its body as its length allows (at least one).

    Each draft differs only in how many developments its body holds, so the sections that do not
    depend on that (membership, costs, savings) are worked out once and only cited afresh.
    """
    previous = _editions.last_edition(editions_dir or _editions.DEFAULT_DIR, ctx.force_id, before=ctx.as_at) \
        if ctx.force_id else None
    if previous is not None:
        since = pd.Timestamp(previous.as_at)
    else:
        since = financial_year_bounds(previous_year(ctx.financial_year))[0] - pd.Timedelta(days=1)
    worked = (_work(ctx, lambda c: members.membership(c, since)),
              _work(ctx, costs.costs if ctx.force_id else costs.region_costs),
              _work(ctx, claims.savings))
    for limit in range(news.MAX_BODY, 0, -1):
        draft = _Draft(ctx.with_citations(Citations()), kind, title, meeting, editions_dir, previous, since, worked,
                       limit)
        if limit == 1 or body_words(draft) <= BODY_WORDS:
            return draft.paper()


class _Draft:
    """One draft of a paper: its body first (every note is cited there), the appendices only once the
    body fits. Its body's sections carry the paper's names, so :func:`body_words` counts either."""

    def __init__(self, ctx: Context, kind: str, title: str, meeting, editions_dir, previous, since,
                 worked: tuple[_Worked, _Worked, _Worked], limit: int):
        self.ctx, self.kind, self.title, self.editions_dir = ctx, kind, title, editions_dir
        since_text = format_date(since + pd.Timedelta(days=1), "day")
        self.front = front.front(ctx, meeting, title, front.DRAFT)
        self.membership = worked[0].cited_in(ctx)
        self.developments, self.earlier = news.developments(ctx, since, since_text, limit)
        self.costs = worked[1].cited_in(ctx)
        self.savings = worked[2].cited_in(ctx)
        self.questions = (questions.questions(ctx, self.membership, self.developments, self.costs, self.savings,
                                              self.earlier.every_key) if ctx.force_id else questions.Questions((), ()))
        self.glance = front.glance(ctx, self.membership, self.developments, self.costs, self.savings, self.questions)
        # nothing is cited after this point, so the notes and sources are final
        self.back = back.back(ctx) if previous is not None else None
        self.since = _since.since(previous, {"costs": self.costs, "membership": self.membership,
                                             "developments": self.developments, "earlier": self.earlier,
                                             "savings": self.savings,
                                             "sources": self.back[1] if self.back is not None else None},
                                  ctx.cite.notes)

    def paper(self) -> PaperFacts:
        ctx = self.ctx
        membership, devs, earlier, spend, saved, asks = (self.membership, self.developments, self.earlier, self.costs,
                                                        self.savings, self.questions)
        figures = back.Figures(spend)
        names = ([r.collab_id for r in membership.rows] + [line.collab_id for line in spend.lines]
                 + [line.collab_id for f in getattr(spend, "forces", ()) for line in f.lines]
                 + _collabs_named(ctx, membership, devs, earlier, saved))
        notes, sources = self.back if self.back is not None else back.back(ctx)
        # the glossary explains only what the paper's own words use
        used = " ".join(visible_text(section.html()) for section in (
            self.front, self.glance, membership, devs, spend, saved, asks, earlier, figures, back.ClaimsTable(saved),
            questions.MoreQuestions(asks), notes, sources))
        abbreviations = back.abbreviations(ctx, names, used)
        paper = PaperFacts(self.kind, ctx.force_id, ctx.financial_year, ctx.as_at, self.title, self.front,
                           self.glance, self.since, membership, devs, spend, saved, asks, earlier, figures,
                           back.ClaimsTable(saved), questions.MoreQuestions(asks), notes, sources, abbreviations)
        folder = self.editions_dir or _editions.DEFAULT_DIR
        if ctx.force_id and _editions.editions_for(folder, ctx.force_id):
            issued = _editions.issued_as(folder, ctx.force_id, paper.digest())
            if issued is not None:
                paper = dataclasses.replace(paper, front=dataclasses.replace(self.front,
                                                                             status=front.issued_status(issued)))
        return paper
