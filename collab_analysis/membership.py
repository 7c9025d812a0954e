"""Who is in which collaboration on a date: read from the evidence, never assumed.

``memberships.csv`` holds **evidence**, one row per source statement: a force ``joined`` on a date,
was shown as a ``member``, ``left``, was said to be a ``not-member``, or a source made its staying
``unclear``. ``member_lists.csv`` says which sources present a list of members as complete. A
reading on date ``on`` uses only sources published by then (:mod:`collab_analysis.sources`) and
gives one of four states:

``member``
    A source shows the force in it at or before ``on`` and nothing since says it left. A spell shown
    at two dates holds in between; after the newest evidence it holds until a later source says
    otherwise.
``not a member``
    A source says so: a withdrawal, an explicit statement, a complete list without the force, or a
    joining date still to come.
``not known``
    Everything else. A source that names some members says nothing about the others.
``sources differ``
    A later source says "not a member" where no source records the force leaving (Lincolnshire:
    EMCHRS OH five-force in January 2018; "not participating" in EMCHRS in July 2019).

Dates keep their precision. A join dated only ``2015`` makes the force a member from 1 January 2016
and "not known" during 2015; a statement dated ``2018-05`` counts from 31 May 2018.

**Branches** (a collaboration with a ``parent_id``, such as EMCHRS OH) are part of their parent:
evidence that a force is in a branch counts as its taking part in the parent (the reading says
through which branch), and a statement that a force is not in the parent, or a complete list of the
parent without it, counts for every branch. Counts count a parent once, with its branches.

>>> import collab_analysis as ca
>>> tables = ca.load()                                             # doctest: +SKIP
>>> ca.members(tables, "emopss", on="2019-07-22")                   # doctest: +SKIP
['leicestershire', 'lincolnshire', 'northamptonshire']
"""
from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from .forces import resolve_collab, resolve_force
from .sources import equals, published_by
from .years import period_end, to_timestamp

MEMBER = "member"
NOT_MEMBER = "not a member"
NOT_KNOWN = "not known"
DIFFER = "sources differ"
STATES = (MEMBER, NOT_MEMBER, NOT_KNOWN, DIFFER)

_SAYS_IN = ("joined", "member")
_SAYS_OUT = ("left", "not-member")


@dataclass(frozen=True)
class Evidence:
    """One source's statement, as the reading used it."""

    collab_id: str
    force_id: str
    date: pd.Timestamp          # first day of the stated period
    precision: str
    evidence: str               # joined | member | left | not-member | unclear | listed-without
    source_id: str
    locator: str
    excerpt: str
    status: str
    qualifier: str = ""
    via: str = ""               # the branch (or parent) the statement is about, when not this collaboration

    @property
    def effective(self) -> pd.Timestamp:
        """The first day the statement can be relied on: the end of its stated period."""
        return period_end(self.date, self.precision)


@dataclass(frozen=True)
class Reading:
    """A force's membership of a collaboration on a date, with the evidence that decides it."""

    collab_id: str
    force_id: str
    on: pd.Timestamp
    state: str
    qualifier: str = ""
    via: str = ""                       # e.g. "emchrs-oh": member of the parent through this branch
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    last_shown: pd.Timestamp | None = None

    @property
    def is_member(self) -> bool:
        return self.state == MEMBER


# ---------------------------------------------------------------------------------------------
# gathering evidence
# ---------------------------------------------------------------------------------------------

def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _evidence(row: dict, *, evidence: str | None = None, via: str = "", force_id: str | None = None,
              collab_id: str | None = None) -> Evidence:
    return Evidence(collab_id=collab_id or str(row["collab_id"]), force_id=force_id or str(row["force_id"]),
                    date=row["date"], precision=str(row["date_precision"]),
                    evidence=evidence or str(row["evidence"]), source_id=str(row["source_id"]),
                    locator=_text(row.get("locator")), excerpt=_text(row.get("excerpt")),
                    status=str(row["status"]), qualifier=_text(row.get("qualifier")), via=via)


class _Book:
    """The evidence a reading on one date may use, indexed once (a paper reads hundreds of cells)."""

    def __init__(self, tables, on: pd.Timestamp) -> None:
        usable = published_by(tables, on)
        rows = tables.memberships[tables.memberships["source_id"].astype(str).isin(usable)]
        self.by_pair: dict[tuple[str, str], list[Evidence]] = {}
        named: dict[tuple[str, str, pd.Timestamp], set[str]] = {}
        for row in rows.to_dict("records"):
            ev = _evidence(row)
            self.by_pair.setdefault((ev.collab_id, ev.force_id), []).append(ev)
            if ev.evidence in _SAYS_IN:
                named.setdefault((ev.collab_id, ev.source_id, row["date"]), set()).add(ev.force_id)
        lists = tables.member_lists
        lists = lists[equals(lists["complete"], "yes") & lists["source_id"].astype(str).isin(usable)]
        self.complete: dict[str, list[tuple[dict, set[str]]]] = {}
        for row in lists.to_dict("records"):
            members = named.get((str(row["collab_id"]), str(row["source_id"]), row["date"]), set())
            self.complete.setdefault(str(row["collab_id"]), []).append((row, members))
        c = tables.collaborations
        self.parent = {str(k): _text(v) for k, v in zip(c["collab_id"], c["parent_id"])}
        self.branches: dict[str, list[str]] = {}
        for child, parent in self.parent.items():
            if parent:
                self.branches.setdefault(parent, []).append(child)
        self.forces = {k[1] for k in self.by_pair}

    def own(self, collab_id: str, force_id: str) -> list[Evidence]:
        """Statements about this force in this collaboration, and complete lists that leave it out."""
        found = list(self.by_pair.get((collab_id, force_id), ()))
        for row, members in self.complete.get(collab_id, ()):
            if force_id not in members:
                found.append(_evidence(row, evidence="listed-without", force_id=force_id))
        return found


_BOOKS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
#: Read with every source held, whenever published.
HINDSIGHT = pd.Timestamp.max.normalize()


def _book(tables, on: pd.Timestamp) -> _Book:
    books = _BOOKS.setdefault(tables, {})
    if on not in books:
        books[on] = _Book(tables, on)
    return books[on]


def branches_of(tables, collab_id: str) -> list[str]:
    """The branches of a collaboration, in the order of the collaborations table."""
    c = tables.collaborations
    return [str(x) for x in c.loc[equals(c["parent_id"], collab_id), "collab_id"]]


def gather(tables, collab_id: str, force_id: str, on=None) -> list[Evidence]:
    """All the evidence from sources published by ``on`` (every source when None), with the branch
    rule applied, oldest first."""
    book = _book(tables, HINDSIGHT if on is None else to_timestamp(on))
    found = book.own(collab_id, force_id)
    for branch in book.branches.get(collab_id, ()):     # in a branch: takes part in the parent
        for ev in book.own(branch, force_id):
            if ev.evidence in _SAYS_IN:
                found.append(_replace(ev, collab_id=collab_id, evidence="member", via=branch))
    parent = book.parent.get(collab_id)
    if parent:                                          # out of the parent: out of every branch
        for ev in book.own(parent, force_id):
            if ev.evidence in _SAYS_OUT + ("listed-without",):
                found.append(_replace(ev, collab_id=collab_id, via=parent))
    return sorted(found, key=lambda e: (e.effective, e.evidence, e.source_id))


def _replace(ev: Evidence, **changes) -> Evidence:
    return dataclasses.replace(ev, **changes)


# ---------------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------------

def decide(evidence: list[Evidence], on: pd.Timestamp) -> tuple[str, str, str, tuple[Evidence, ...]]:
    """The state on ``on`` from evidence sorted oldest first: (state, qualifier, via, deciding rows).

    Kept separate from :func:`reading` so the rules can be tested on hand-made evidence.
    """
    state, qualifier, via, deciding = NOT_KNOWN, "", "", []
    for ev in evidence:
        kind = ev.evidence
        if kind == "joined" and ev.date > on:            # joins later: not yet a member
            if state == NOT_KNOWN:
                state, deciding = NOT_MEMBER, [ev]
            continue
        if ev.effective > on:
            if kind in _SAYS_IN and ev.date <= on and state != MEMBER:   # inside its imprecise period
                state, qualifier, via, deciding = NOT_KNOWN, "", "", [ev]
            continue
        if kind in _SAYS_IN:
            if state == DIFFER:                          # one source still says otherwise
                deciding.append(ev)
                continue
            continuing = state == MEMBER
            if (continuing and ev.via and not ev.qualifier and deciding and not deciding[-1].via
                    and deciding[-1].effective == ev.effective):
                continue                                 # a branch's row of the same day adds nothing to a direct one
            first = deciding[:1] if continuing else []
            if not ev.via or not continuing:             # direct evidence outranks a branch's
                via = ev.via
            qualifier = ev.qualifier or (qualifier if continuing else "")
            state, deciding = MEMBER, first + [ev]       # where the spell was first shown, and newest
        elif kind == "left":
            if state == NOT_MEMBER:                      # another report of the same withdrawal
                deciding = deciding[:1] + [ev]
            else:
                state, qualifier, via, deciding = NOT_MEMBER, ev.qualifier, "", [ev]
        elif kind in ("not-member", "listed-without"):
            if state in (MEMBER, DIFFER):                # no recorded withdrawal: the sources disagree
                state, qualifier, via = DIFFER, "", ""
                deciding = deciding + [ev]
            elif state == NOT_MEMBER:                    # still out: keep what put it out, and the newest
                deciding = deciding[:1] + [ev]
                qualifier = ev.qualifier or qualifier    # a later statement's words ("with a view to joining")
            else:
                state, qualifier, via, deciding = NOT_MEMBER, ev.qualifier, "", [ev]
        elif kind == "unclear":
            state, qualifier, via, deciding = NOT_KNOWN, ev.qualifier, "", [ev]
    return state, qualifier, via, tuple(deciding)


def reading(tables, collaboration: str, force: str, on, *, known_by=None) -> Reading:
    """One force's membership of one collaboration on ``on``, with the evidence that decides it.

    ``known_by`` limits the evidence to sources published by that date: a paper reads membership
    as it was known at its own date (``known_by=on``). By default every source held is used, so an
    analyst asking about 2016 also hears what a 2019 report said about it.

    Examples
    --------
    >>> reading(tables, "emopss", "Notts", "2018-05-01").state      # doctest: +SKIP
    'not a member'
    """
    collab_id, force_id = resolve_collab(tables, collaboration), resolve_force(tables, force)
    when = to_timestamp(on)
    evidence = gather(tables, collab_id, force_id, known_by)
    state, qualifier, via, deciding = decide(evidence, when)
    shown = [e.effective for e in evidence if e.evidence in _SAYS_IN and e.effective <= when]
    return Reading(collab_id, force_id, when, state, qualifier, via, deciding, max(shown) if shown else None)


def members(tables, collaboration: str, on, *, known_by=None) -> list[str]:
    """Force ids that are members of ``collaboration`` on ``on``, sorted.

    >>> members(tables, "emopss", on="2019-07-22")             # doctest: +SKIP
    ['leicestershire', 'lincolnshire', 'northamptonshire']
    """
    collab_id = resolve_collab(tables, collaboration)
    forces = _named_forces(tables, [collab_id] + branches_of(tables, collab_id))
    return sorted(f for f in forces if reading(tables, collab_id, f, on, known_by=known_by).is_member)


def _named_forces(tables, collab_ids: Iterable[str]) -> list[str]:
    rows = tables.memberships
    return sorted(set(rows.loc[rows["collab_id"].isin(list(collab_ids)), "force_id"].astype(str)))


def membership_matrix(tables, on, forces: Iterable[str] | None = None,
                      collaborations: Iterable[str] | None = None, *, known_by=None) -> pd.DataFrame:
    """The state of every force in every collaboration on ``on``, as a grid of the four states.

    Rows are ``collab_id`` (default: every collaboration with evidence by ``on``), columns
    ``force_id`` (default: the forces of the region of those collaborations, in table order).
    """
    when = to_timestamp(on)
    if collaborations is None:
        seen = {pair[0] for pair in _book(tables, HINDSIGHT if known_by is None else to_timestamp(known_by)).by_pair}
        collab_ids = [str(c) for c in tables.collaborations["collab_id"] if str(c) in seen]
    else:
        collab_ids = [resolve_collab(tables, c) for c in collaborations]
    if forces is None:
        named = set(_named_forces(tables, collab_ids))
        force_ids = [str(f) for f in tables.forces["force_id"] if str(f) in named]
    else:
        force_ids = [resolve_force(tables, f) for f in forces]
    data = [[reading(tables, c, f, when, known_by=known_by).state for f in force_ids] for c in collab_ids]
    return pd.DataFrame(data, index=pd.Index(collab_ids, name="collab_id"),
                        columns=pd.Index(force_ids, name="force_id"), dtype="string")


def membership_changes(tables, start, end, forces: Iterable[str] | None = None) -> pd.DataFrame:
    """Joins and withdrawals dated in ``start < date <= end`` by sources published by ``end``.

    Columns: collab_id, force_id, change ("joined" or "left"), date, date_precision, source_id,
    status. Only dated joins and withdrawals count: a force first *shown* as a member is not said to
    have joined.
    """
    lo, hi = to_timestamp(start), to_timestamp(end)
    rows = tables.memberships[tables.memberships["source_id"].astype(str).isin(published_by(tables, hi))]
    rows = rows[rows["evidence"].isin(("joined", "left")) & (rows["date"] > lo) & (rows["date"] <= hi)]
    if forces is not None:
        rows = rows[rows["force_id"].isin([resolve_force(tables, f) for f in forces])]
    out = rows.rename(columns={"evidence": "change"})[
        ["collab_id", "force_id", "change", "date", "date_precision", "source_id", "status"]]
    return out.sort_values(["date", "collab_id", "force_id"]).reset_index(drop=True)
