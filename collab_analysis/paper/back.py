"""The appendices: the figures behind the charts, the notes (each figure's source, place and words),
the sources cited, and the names and letters the paper uses."""
from __future__ import annotations

import re

from dataclasses import dataclass

import pandas as pd

from ..years import format_date
from .context import Context
from .claims import Savings
from .costs import Costs
from .model import Note, text
from .render import Section

STATUS_MEANINGS = (
    ("S", "from one of the four seed documents: the Leicestershire panel's reports of January 2018 and July "
          "2019, the Thames Valley panel's report of October 2016 and the East Midlands draft collaboration "
          "plan of February 2010"),
    ("C", "confirmed in a stored copy of a public source"),
    ("C2", "confirmed in a secondary source or a mirror of one: cite with care"),
    ("D", "derived: worked out here from other figures; no source states it (the note gives the working)"),
)
#: (term, meaning, the day it began): a paper explains only the terms of its own time.
TERMS = (
    ("PCC", "Police and Crime Commissioner: the elected person who holds the force to account and sets its "
            "budget (from November 2012; before then, the police authority)", ""),
    ("Police authority", "the body that held a force to account and set its budget until November 2012", ""),
    ("HMIC", "Her Majesty's Inspectorate of Constabulary", ""),
    ("HMICFRS", "the inspectorate of constabulary and, from July 2017, of fire and rescue services", "2017-07-19"),
    ("PEEL", "the inspectorate's assessments of police effectiveness, efficiency and legitimacy", "2014-11-27"),
    ("Section 22A agreement", "a collaboration agreement under section 22A of the Police Act 1996", "2011-09-15"),
    ("ROCU", "regional organised crime unit", ""),
    ("RAG", "red, amber or green: a rating of how well a piece of work is going", ""),
)


@dataclass(frozen=True)
class Figures(Section):
    """The figures behind the costs chart, with each one's basis and note."""

    template = "figures.html.j2"

    costs: Costs


@dataclass(frozen=True)
class ClaimsTable(Section):
    """Every savings claim in the paper with who made it (the body lists them briefly)."""

    template = "claims.html.j2"

    savings: Savings


@dataclass(frozen=True)
class SourceEntry:
    source_id: str
    title: str
    publisher: str
    date: str
    url: str
    document: str
    kind: str
    notes: tuple[int, ...]


@dataclass(frozen=True)
class Notes(Section):
    template = "notes.html.j2"

    notes: tuple[tuple[Note, str], ...]         # (note, the source's short title)


@dataclass(frozen=True)
class Sources(Section):
    template = "sources.html.j2"

    sources: tuple[SourceEntry, ...]


@dataclass(frozen=True)
class Abbreviations(Section):
    template = "abbreviations.html.j2"

    names: tuple[tuple[str, str], ...]
    terms: tuple[tuple[str, str], ...]
    statuses: tuple[tuple[str, str], ...]


def _source(ctx: Context, source_id: str) -> dict:
    rows = ctx.tables.sources[ctx.tables.sources["source_id"] == source_id]
    return rows.iloc[0].to_dict() if len(rows) else {"source_id": source_id, "title": source_id}


def back(ctx: Context) -> tuple[Notes, Sources]:
    """Notes and sources: exactly those cited, in the order first cited. Call after every section."""
    entries, notes = [], []
    cited = ctx.cite.notes
    for source_id in ctx.cite.source_ids():
        s = _source(ctx, source_id)
        when = format_date(s["date"], s["date_precision"]) if pd.notna(s.get("date")) else "undated"
        numbers = tuple(n.number for n in cited if n.source_id == source_id)
        entries.append(SourceEntry(source_id, text(s.get("title")), text(s.get("publisher")), when,
                                   text(s.get("url")) if text(s.get("url")).startswith(("http://", "https://")) else "",
                                   text(s.get("document")), text(s.get("kind")), numbers))
    titles = {e.source_id: f"Source {i}" for i, e in enumerate(entries, start=1)}
    for note in cited:
        notes.append((note, titles.get(note.source_id, "Worked out in this paper")))
    return Notes(tuple(notes)), Sources(tuple(entries))


def _seeds_cited(ctx: Context) -> str:
    """Status S in this paper's words: the seed documents it cites, by title and date (never a later one)."""
    seeds = [ctx.source(sid) for sid in ctx.cite.source_ids() if ctx.source(sid).get("kind") == "seed"]
    named = [f"{s.get('title', s['source_id'])} ({format_date(s['date'], s['date_precision'])})" for s in seeds]
    return ("from a seed document, one of the documents this work began from: " if len(named) == 1 else
            "from the seed documents, the documents this work began from: ") + "; ".join(named)


def _uses(words: str, term: str) -> bool:
    """Whether ``words`` use ``term`` (or its plural or possessive): "PCC's", "section 22A agreements";
    an acronym only in capitals, and "HMIC" not inside "HMICFRS"."""
    return re.search(rf"\b{re.escape(term)}(?:s|'s|’s)?\b", words, flags=0 if term.isupper() else re.I) is not None


def abbreviations(ctx: Context, collab_ids, used: str | None = None) -> Abbreviations:
    """The names, terms and status letters a paper uses: the short names of the collaborations it
    names, and (given the paper's own words, ``used``) only the terms and letters that appear in them."""
    names = []
    if used is not None:             # and any other collaboration the paper's words name ("about EMCHRS OH")
        shorts = ctx.tables.collaborations["short_name"].dropna().astype(str)
        collab_ids = list(collab_ids) + [cid for cid, short in zip(ctx.tables.collaborations.loc[shorts.index, "collab_id"], shorts)
                                         if re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", used)]
    for cid in dict.fromkeys(collab_ids):
        c = ctx.collab(cid)
        if c.get("short_name") and c.get("short_name") != c.get("name"):
            names.append((c["short_name"], c.get("name", "")))
    if used is not None:             # the names' own meanings are words of the paper too
        used = " ".join([used] + [full for _, full in names])
    terms = tuple((term, meaning) for term, meaning, since in TERMS
                  if (not since or ctx.as_at >= pd.Timestamp(since))
                  and (used is None or _uses(used, term)))
    letters = {note.status for note in ctx.cite.notes}
    statuses = tuple((letter, _seeds_cited(ctx) if letter == "S" and used is not None else meaning)
                     for letter, meaning in STATUS_MEANINGS if used is None or letter in letters)
    return Abbreviations(tuple(sorted(names)), terms, statuses)
