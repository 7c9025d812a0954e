"""The provenance rules: every figure can be traced to the public source's own words.

For each fact row (every table but ``sources``):

- ``locator`` says where the fact is *in the public source*; a ``§`` means a reference into our
  research pack instead, and is refused (``locator-pack``);
- a row with status S, C or C2 that carries a figure (an amount, a percentage, a count, the date
  of a joining, a leaving, an event or a meeting) must have an ``excerpt`` (``excerpt-missing``),
  and the excerpt must state the figure within the precision published (``excerpt-figure``; the
  reading of the words is :mod:`excerpts`). A quoted table row states money in the table's unit
  (``Derbyshire 102.8 123.6`` in a table in £ million states £102.8m to the nearest £100,000);
- a row with status D (derived) carries its working in ``excerpt`` (``excerpt-working``);
- a ``member`` or ``not-member`` row's excerpt names the force, or the source is the force's own, or
  the row belongs to a list in member_lists.csv (a warning, ``excerpt-names-force``: the words may
  name the force in a way we cannot see).

Excerpts longer than 160 characters are refused when the cell is read (``text-too-long``).
"""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..years import format_date, iso_date
from .cells import quote, split_list
from .display import format_gbp, pounds
from .excerpts import figures_in, states_date, states_in_table, states_number
from .problems import Problems, Raw

#: The figure columns of each table: (column, kind, precision column or None).
FIGURES = {
    "budgets": [("amount_gbp", "money", "precision_gbp")],
    "budget_totals": [("amount_gbp", "money", "precision_gbp")],
    "cost_shares": [("share_pct", "percent", "precision_pct")],
    "savings": [("amount_gbp", "money", "precision_gbp"), ("percent", "percent", None),
                ("percent_high", "percent", None)],
    "context": [("value", "number", "precision")],
    "memberships": [("date", "date", None)],
    "events": [("date", "date", None)],
    "meetings": [("meeting_date", "date", None)],
}
SOURCED = ("S", "C", "C2")


def check_provenance(frames: dict[str, pd.DataFrame], raws: dict[str, Raw], problems: Problems,
                     only: str | None = None) -> None:
    """Apply the provenance rules to every fact table that was read (or to table ``only``)."""
    names = _force_names(frames.get("forces"))
    listed = _listed(frames.get("member_lists"))
    own = _own_sources(frames.get("sources"), names)
    datelines = _datelines(frames.get("sources"))
    for table, frame in frames.items():
        raw = raws[table]
        if "locator" not in frame.columns or only not in (None, table):
            continue
        for i, row in enumerate(raw.rows):
            _check_locator(raw, i, row, problems)
            status = frame.at[i, "status"]
            if pd.isna(status) or problems.row_has_errors(raw.file, row):
                continue
            figures = [f for f in FIGURES.get(table, []) if _carries(frame, i, table, f[0])]
            excerpt = frame.at[i, "excerpt"]
            if status == "D":
                if pd.isna(excerpt):
                    problems.add(raw.file, row, "excerpt", "", "excerpt-working",
                                 "status is D (derived) but excerpt is blank",
                                 'write the working in excerpt, e.g. "9,487,000 / 187,100,000"')
                continue
            needs_words = bool(figures) or table == "memberships"
            if pd.isna(excerpt):
                if needs_words:
                    what = ", ".join(c for c, _, _ in figures) or "the membership"
                    problems.add(raw.file, row, "excerpt", "", "excerpt-missing",
                                 f"status is {status} and the row carries a figure ({what}) but excerpt is blank",
                                 "copy the source's own words around the figure into excerpt (a short phrase)")
                continue
            for column, kind, precision_column in figures:
                _check_figure(frame, raw, i, row, column, kind, precision_column, str(excerpt), problems, datelines)
            if table == "memberships" and frame.at[i, "evidence"] in ("member", "not-member"):
                _check_names_force(frame, raw, i, row, str(excerpt), names, listed, own, problems)


def _check_locator(raw: Raw, i: int, row: int, problems: Problems) -> None:
    locator = raw.text("locator", i)
    if "§" in locator:
        problems.add(raw.file, row, "locator", locator, "locator-pack",
                     f"locator {quote(locator)} points into the research pack (§), not into the public source",
                     "write where the fact is in the source itself: a page, paragraph, table, heading or bullet "
                     "(e.g. para 10, table after para 10, headline, article text)")


def _carries(frame: pd.DataFrame, i: int, table: str, column: str) -> bool:
    if pd.isna(frame.at[i, column]):
        return False
    return table != "memberships" or frame.at[i, "evidence"] in ("joined", "left")


def _datelines(sources: pd.DataFrame | None) -> dict[str, tuple]:
    """Each source's own date: a report that something "has happened" is dated by its dateline."""
    if sources is None:
        return {}
    return {str(s): (d, p) for s, d, p in zip(sources["source_id"], sources["date"], sources["date_precision"])
            if not pd.isna(d)}


def _check_figure(frame: pd.DataFrame, raw: Raw, i: int, row: int, column: str, kind: str,
                  precision_column: str | None, excerpt: str, problems: Problems, datelines: dict) -> None:
    value = frame.at[i, column]
    precision = frame.at[i, precision_column] if precision_column else None
    if problems.is_flagged(raw.file, row, column) or (precision_column and pd.isna(precision)):
        return
    found = figures_in(excerpt)
    if kind == "date":
        date_precision = frame.at[i, f"{column}_precision"]
        if states_date(found.dates, value, date_precision):
            return
        if datelines.get(str(frame.at[i, "source_id"])) == (value, date_precision):
            return  # "have pulled out", reported on the source's own date: the dateline states it
        shown = f"{column} {iso_date(value, date_precision)} ({format_date(value, date_precision)})"
        example = format_date(value, date_precision)
        fix = (f'copy the source\'s words that give the date into excerpt (e.g. "{example}"), or correct {column} '
               "to the precision the source gives")
    else:
        candidates = found.percents if kind == "percent" else found.amounts
        if states_number(candidates, value, precision):
            return
        money = kind == "money" or (kind == "number" and frame.at[i, "unit"] == "gbp")
        if money and states_in_table(found.bare, value, precision):
            return  # a table row quoted with its figures in the table's unit (£ million)
        shown, example = _describe(column, kind, value, precision)
        fix = (f'copy the source\'s words that state the figure into excerpt (e.g. "{example}"), or correct '
               f"{column}" + (f" or {precision_column}" if precision_column else ""))
    problems.add(raw.file, row, "excerpt", excerpt, "excerpt-figure",
                 f"the excerpt {quote(excerpt, 80)} does not state {shown}", fix)


def _describe(column: str, kind: str, value, precision) -> tuple[str, str]:
    """The figure in a message (``amount_gbp 6352000 (£6.352m, to the nearest £1,000)``) and an example."""
    if kind == "money":
        near = f", to the nearest {pounds(precision)}" if precision is not None else ""
        return f"{column} {int(value)} ({format_gbp(int(value), 'published')}{near})", format_gbp(int(value),
                                                                                                  "published")
    number = Decimal(repr(float(value))).normalize()
    text = format(number, "f")
    if kind == "percent":
        near = f", to the nearest {Decimal(repr(float(precision))).normalize():f}" if precision is not None else ""
        return f"{column} {text} ({text}%{near})", f"{text}%"
    near = f", to the nearest {Decimal(repr(float(precision))).normalize():f}" if precision is not None else ""
    return f"{column} {text}{near}", f"{number:,f}"


def _force_names(forces: pd.DataFrame | None) -> dict[str, list[str]]:
    """Each force's id, name (without "Police" or "Constabulary") and aliases, lower-cased."""
    if forces is None:
        return {}
    names: dict[str, list[str]] = {}
    for force_id, name, aliases in zip(forces["force_id"], forces["name"], forces["aliases"]):
        if pd.isna(force_id):
            continue
        words = [str(force_id).replace("-", " ")]
        if pd.notna(name):
            short = str(name)
            for suffix in (" Police Service", " Constabulary", " Police"):
                short = short.removesuffix(suffix)
            words += [str(name), short]
        words += split_list("" if pd.isna(aliases) else str(aliases))
        names[str(force_id)] = [w.lower() for w in words if w]
    return names


def _listed(lists: pd.DataFrame | None) -> set[tuple[str, str, str]]:
    if lists is None:
        return set()
    return {(c, s, iso_date(d, p)) for c, s, d, p in zip(lists["collab_id"], lists["source_id"], lists["date"],
                                                         lists["date_precision"])}


def _own_sources(sources: pd.DataFrame | None, names: dict[str, list[str]]) -> set[tuple[str, str]]:
    """(source_id, force_id) where the source's publisher or title names the force: its own words about itself."""
    if sources is None:
        return set()
    own = set()
    for source, title, publisher in zip(sources["source_id"], sources["title"], sources["publisher"]):
        text = f"{'' if pd.isna(title) else title} {'' if pd.isna(publisher) else publisher}".lower()
        own |= {(str(source), force) for force, words in names.items() if any(w in text for w in words)}
    return own


def _check_names_force(frame: pd.DataFrame, raw: Raw, i: int, row: int, excerpt: str, names: dict[str, list[str]],
                       listed: set[tuple[str, str, str]], own: set[tuple[str, str]], problems: Problems) -> None:
    """Warn when a member or not-member row's excerpt does not say which force it is about.

    The force may be named in the excerpt (id, name or alias), by the source itself (a force's own
    page speaks of "the force"), or by a list in member_lists.csv the row belongs to. ``unclear``
    rows quote the reason for doubt, which need not name the force.
    """
    force, collab, source = frame.at[i, "force_id"], frame.at[i, "collab_id"], frame.at[i, "source_id"]
    if pd.isna(force) or str(force) not in names or (str(source), str(force)) in own:
        return
    if (collab, source, iso_date(frame.at[i, "date"], frame.at[i, "date_precision"])) in listed:
        return
    lowered = excerpt.lower()
    if any(name in lowered for name in names[str(force)]):
        return
    problems.warn(raw.file, row, "excerpt", excerpt, "excerpt-names-force",
                  f"the excerpt {quote(excerpt, 80)} does not name {force}, and the row is not part of a list in "
                  "member_lists.csv", "quote the words that name the force, or add the source's list to "
                  "member_lists.csv (same collab_id, source_id and date)")
