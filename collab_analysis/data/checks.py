"""Rules across rows and tables, once every table has been read and typed.

Errors: a savings claim without (or with both) an amount and a percentage, a percentage without
whose base it is, an amount without its precision; a collaboration that is its own ancestor; a
total restating itself; a budget row itemised in a total for another force or year; an event that
concerns nobody (no collaboration, forces or region); a member list naming no member; a meeting
for a force without a panel, outside its financial year, or half-sourced.

Warnings (the data load, and the paper says what it can): a total its rows do not add up to within
its rounding, a restated total that differs beyond rounding, cost shares that do not add up to 100%,
a contribution from a force that no evidence shows in the collaboration that year.

The provenance rules (locator, excerpt) are in :mod:`provenance`.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pandas as pd

from ..years import financial_year_bounds, format_date, iso_date, year_span
from .cells import IdIndex, quote
from .display import pounds
from .problems import Problems, Raw

#: Cost shares of one collaboration and period should add up to 100% within this many points.
SHARE_TOLERANCE = 0.1
POSITIVE = ("joined", "member")
NEGATIVE = ("left", "not-member", "unclear")


def cross_checks(frames: dict[str, pd.DataFrame], raws: dict[str, Raw], indexes: dict[str, IdIndex | None],
                 problems: Problems) -> None:
    """Run every rule whose tables were read; rules comparing ids wait until the ids resolve."""
    if "savings" in frames:
        _check_savings(frames["savings"], raws["savings"], problems)
    if "collaborations" in frames:
        _check_parents(frames["collaborations"], raws["collaborations"], problems)
    if "budget_totals" in frames:
        _check_same_as(frames["budget_totals"], raws["budget_totals"], problems)
    if "events" in frames:
        _check_event_scope(frames["events"], raws["events"], problems)
    if any(indexes.get(t) is None for t in ("forces", "collaborations", "budget_totals", "sources")):
        return  # ids could not be resolved, so comparing them across tables would report noise
    if "budget_totals" in frames and "budgets" in frames:
        _check_totals(frames["budgets"], raws["budgets"], frames["budget_totals"], raws["budget_totals"], problems)
    if "member_lists" in frames and "memberships" in frames:
        _check_member_lists(frames["member_lists"], raws["member_lists"], frames["memberships"], problems)
    if "meetings" in frames and "forces" in frames:
        _check_meetings(frames["meetings"], raws["meetings"], frames["forces"],
                        problems.file_has_errors(raws["forces"].file), problems)
    if {"budgets", "memberships", "collaborations"} <= set(frames) \
            and not problems.file_has_errors(raws["memberships"].file):
        _warn_contributions_without_membership(frames, raws, problems)
    if "cost_shares" in frames:
        _warn_cost_shares(frames["cost_shares"], raws["cost_shares"], problems)


def _check_savings(frame: pd.DataFrame, raw: Raw, problems: Problems) -> None:
    file = raw.file
    for i, row in enumerate(raw.rows):
        amount, percent, high = frame.at[i, "amount_gbp"], frame.at[i, "percent"], frame.at[i, "percent_high"]
        if not any(problems.is_flagged(file, row, c) for c in ("amount_gbp", "percent")):
            if pd.isna(amount) and pd.isna(percent):
                problems.add(file, row, "amount_gbp", "", "amount-or-percent", "has neither amount_gbp nor percent",
                             "write the claim in amount_gbp (whole pounds) or in percent, as the source gives it")
            elif pd.notna(amount) and pd.notna(percent):
                problems.add(file, row, "percent", raw.text("percent", i), "amount-or-percent",
                             "has both amount_gbp and percent",
                             "keep the one the claim is made in and put the other in its own row")
        if pd.notna(high) and not problems.is_flagged(file, row, "percent_high"):
            if pd.isna(percent):
                problems.add(file, row, "percent_high", raw.text("percent_high", i), "amount-or-percent",
                             "percent_high is given without percent",
                             "write the bottom of the range in percent and the top in percent_high")
            elif high < percent:
                problems.add(file, row, "percent_high", raw.text("percent_high", i), "interval",
                             f"percent_high {quote(raw.text('percent_high', i))} is below percent "
                             f"{quote(raw.text('percent', i))}", "percent_high is the top of the range")
        if pd.notna(percent) and pd.isna(frame.at[i, "percent_of"]) and not problems.is_flagged(file, row, "percent"):
            problems.add(file, row, "percent_of", "", "percent-of-required", "percent is given but percent_of is blank",
                         "say whose base the percentage is of, in the source's terms (e.g. \"the cost of functions "
                         "before collaboration\")")
        precision = frame.at[i, "precision_gbp"]
        if pd.notna(amount) and pd.isna(precision) and not problems.is_flagged(file, row, "precision_gbp"):
            problems.add(file, row, "precision_gbp", "", "precision-required", "amount_gbp is given but precision_gbp "
                         "is blank", "write the value of the last digit published (1000000 for £4 million, 100000 "
                         "for £9.5 million, 10000 for £36.11m)")
        elif pd.isna(amount) and pd.notna(precision) and not problems.is_flagged(file, row, "amount_gbp"):
            problems.add(file, row, "precision_gbp", raw.text("precision_gbp", i), "precision-required",
                         "precision_gbp is given without amount_gbp", "leave precision_gbp blank when the claim is a "
                         "percentage")
        if frame.at[i, "coverage"] == "collaboration" and pd.isna(frame.at[i, "collab_id"]) \
                and not problems.is_flagged(file, row, "collab_id"):
            problems.add(file, row, "collab_id", "", "coverage", "coverage is collaboration but collab_id is blank",
                         "write the collaboration the claim is about, or set coverage to programme (several "
                         "collaborations together) or force-wide")
        start, end = frame.at[i, "period_start"], frame.at[i, "period_end"]
        if pd.notna(start) and pd.notna(end) and end < start and not problems.is_flagged(file, row, "period_end"):
            problems.add(file, row, "period_end", raw.text("period_end", i), "interval",
                         f"period_end {quote(raw.text('period_end', i))} is before period_start "
                         f"{quote(raw.text('period_start', i))}", "check both dates")


def _check_parents(frame: pd.DataFrame, raw: Raw, problems: Problems) -> None:
    parents = {c: p for c, p in zip(frame["collab_id"], frame["parent_id"]) if pd.notna(c) and pd.notna(p)}
    for i, row in enumerate(raw.rows):
        collab = frame.at[i, "collab_id"]
        if pd.isna(collab) or collab not in parents:
            continue
        seen, current = [collab], parents[collab]
        while current in parents and current not in seen:
            seen.append(current)
            current = parents[current]
        if current in seen:
            problems.add(raw.file, row, "parent_id", parents[collab], "parent-cycle",
                         f"the parent_id chain goes round in a circle ({' -> '.join(seen + [current])})",
                         "parent_id names the collaboration this one is a branch of; leave it blank for the top")


def _check_same_as(frame: pd.DataFrame, raw: Raw, problems: Problems) -> None:
    by_id = {t: i for i, t in enumerate(frame["total_id"]) if pd.notna(t)}
    for i, row in enumerate(raw.rows):
        same, own = frame.at[i, "same_as"], frame.at[i, "total_id"]
        if pd.isna(same):
            continue
        if pd.notna(own) and same == own:
            problems.add(raw.file, row, "same_as", same, "reference", "same_as names the row's own total_id",
                         "same_as names another total this one restates; leave it blank otherwise")
            continue
        j = by_id.get(same)
        if j is None:
            continue
        a, b = frame.at[i, "amount_gbp"], frame.at[j, "amount_gbp"]
        precisions = frame.at[i, "precision_gbp"], frame.at[j, "precision_gbp"]
        if pd.isna(a) or pd.isna(b) or any(pd.isna(p) for p in precisions):
            continue
        coarser, gap = int(max(precisions)), abs(int(a) - int(b))
        if gap * 2 > coarser:
            problems.warn(raw.file, row, "amount_gbp", int(a), "same-as-differs",
                          f"restates total {quote(same)} ({pounds(b)}) but differs from it by {pounds(gap)}, more "
                          f"than rounding to the nearest {pounds(coarser)} allows",
                          "check both figures, or clear same_as if they are different totals")


#: Longest question a paper asks about one development, in words.
QUESTION_WORDS = 40


def _check_event_scope(frame: pd.DataFrame, raw: Raw, problems: Problems) -> None:
    for i, row in enumerate(raw.rows):
        if all(pd.isna(frame.at[i, c]) for c in ("collab_id", "forces", "region")) \
                and not any(problems.is_flagged(raw.file, row, c) for c in ("collab_id", "forces", "region")):
            problems.add(raw.file, row, "region", "", "event-scope",
                         "collab_id, forces and region are all blank, so no paper would show the event",
                         "write the collaboration, the forces it concerns, or (for a region-wide development) the "
                         "region")
        if not any(problems.is_flagged(raw.file, row, c) for c in ("theme", "question")):
            _check_question(frame, raw, i, row, problems)


def _check_question(frame: pd.DataFrame, raw: Raw, i: int, row: int, problems: Problems) -> None:
    theme, question = frame.at[i, "theme"], frame.at[i, "question"]
    if pd.isna(theme) != pd.isna(question):
        column = "theme" if pd.isna(theme) else "question"
        problems.add(raw.file, row, column, "", "event-question", f"{'question' if column == 'theme' else 'theme'} "
                     f"is given but {column} is blank", "a question and its theme go together: fill in both, or "
                     "clear both")
        return
    if pd.isna(question):
        return
    text = str(question)
    if frame.at[i, "key"] != "yes":
        problems.add(raw.file, row, "question", text, "event-question", "the row has a question but key is not yes",
                     "papers ask questions only about key developments: set key to yes, or clear theme and question")
    elif not text.endswith("?") or '"' in text or len(text.split()) > QUESTION_WORDS:
        problems.add(raw.file, row, "question", text, "event-question",
                     f"the question {quote(text, 50)} is not one or two plain sentences ending with ? of at most "
                     f"{QUESTION_WORDS} words (it has {len(text.split())})",
                     "write it in plain words, without double quotes, ending with a question mark")


def _check_totals(budgets: pd.DataFrame, braw: Raw, totals: pd.DataFrame, traw: Raw, problems: Problems) -> None:
    by_id = {t: i for i, t in enumerate(totals["total_id"]) if pd.notna(t)}
    itemised: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(braw.rows):
        total_id = budgets.at[i, "total_id"]
        if pd.isna(total_id) or total_id not in by_id:
            continue
        itemised[total_id].append(i)
        j = by_id[total_id]
        for column in ("force_id", "financial_year"):
            mine, theirs = budgets.at[i, column], totals.at[j, column]
            if pd.isna(mine) or pd.isna(theirs) or problems.is_flagged(braw.file, row, column) or mine == theirs:
                continue
            problems.add(braw.file, row, "total_id", total_id, "total-mismatch",
                         f"the row is for {column} {quote(mine)} but its total {quote(total_id)} is for "
                         f"{quote(theirs)}", "correct total_id (or the row), or leave total_id blank")
    for total_id, members in itemised.items():
        j = by_id[total_id]
        amount, precision = totals.at[j, "amount_gbp"], totals.at[j, "precision_gbp"]
        amounts = budgets["amount_gbp"].iloc[members]
        if pd.isna(amount) or pd.isna(precision) or amounts.isna().any() \
                or problems.row_has_errors(traw.file, traw.rows[j]) \
                or any(problems.row_has_errors(braw.file, braw.rows[i]) for i in members):
            continue  # the errors come first; the sum would only repeat them
        added = int(amounts.sum())
        difference = added - int(amount)
        if abs(difference) * 2 > int(precision):
            rows = ", ".join(str(braw.rows[i]) for i in members)
            problems.warn(traw.file, traw.rows[j], "amount_gbp", int(amount), "total-unreconciled",
                          f"the budgets.csv rows itemised in {quote(total_id)} (rows {rows}) add up to "
                          f"{pounds(added)}, {pounds(abs(difference))} {'more' if difference > 0 else 'less'} than "
                          f"this total of {pounds(amount)}, beyond its rounding to the nearest {pounds(precision)}",
                          "check the itemised rows and the total; if the gap is real, say so in the description")


def _check_member_lists(lists: pd.DataFrame, raw: Raw, memberships: pd.DataFrame, problems: Problems) -> None:
    named = {(c, s, iso_date(d, p)) for c, s, d, p, e in zip(
        memberships["collab_id"], memberships["source_id"], memberships["date"], memberships["date_precision"],
        memberships["evidence"]) if e in POSITIVE}
    for i, row in enumerate(raw.rows):
        collab, source = lists.at[i, "collab_id"], lists.at[i, "source_id"]
        date = iso_date(lists.at[i, "date"], lists.at[i, "date_precision"])
        if pd.isna(collab) or pd.isna(source) or not date or problems.row_has_errors(raw.file, row):
            continue
        if (collab, source, date) not in named:
            problems.add(raw.file, row, "collab_id", collab, "member-list-empty",
                         f"the list of {collab}'s members in {source} at {date} names no member: memberships.csv "
                         f"has no joined or member row with collab_id {collab}, source_id {source} and date {date}",
                         "add a memberships.csv row for each force the source names (same collab_id, source_id and "
                         "date), or correct this row")


def _check_meetings(meetings: pd.DataFrame, raw: Raw, forces: pd.DataFrame, forces_wrong: bool,
                    problems: Problems) -> None:
    panels = {f: p for f, p in zip(forces["force_id"], forces["panel_name"]) if pd.notna(f)}
    for i, row in enumerate(raw.rows):
        force, year = meetings.at[i, "force_id"], meetings.at[i, "financial_year"]
        if pd.notna(force) and force in panels and pd.isna(panels[force]) and not forces_wrong:
            problems.add(raw.file, row, "force_id", raw.text("force_id", i), "meeting-no-panel",
                         f"{force} has no panel_name in forces.csv, so no paper is built for it",
                         "give the force its panel_name in forces.csv, or delete this row")
        date, precision = meetings.at[i, "meeting_date"], meetings.at[i, "meeting_date_precision"]
        if pd.notna(date) and not problems.is_flagged(raw.file, row, "meeting_date"):
            text = raw.text("meeting_date", i)
            if precision != "day":
                problems.add(raw.file, row, "meeting_date", text, "meeting-date",
                             f"meeting_date {quote(text)} is not a day", "write the day of the meeting as YYYY-MM-DD, "
                             "or leave it blank (the paper is then as at 31 March at the year's end)")
            elif pd.notna(year) and not problems.is_flagged(raw.file, row, "financial_year"):
                start, end = financial_year_bounds(year)
                if not start <= date <= end:
                    problems.add(raw.file, row, "meeting_date", text, "meeting-date",
                                 f"the meeting on {format_date(date)} is not in the financial year {year} "
                                 f"({year_span(year)})", "correct the meeting_date or the financial_year")
        source, status, locator = (meetings.at[i, c] for c in ("source_id", "status", "locator"))
        if pd.notna(source) and pd.isna(status) and not problems.is_flagged(raw.file, row, "status"):
            problems.add(raw.file, row, "status", "", "required", "source_id is given but status is blank",
                         "write S, C, C2 or D, or clear source_id, locator and excerpt for a secretariat row")
        if pd.notna(status) and (pd.isna(source) or pd.isna(locator)) \
                and not problems.is_flagged(raw.file, row, "source_id"):
            column = "source_id" if pd.isna(source) else "locator"
            problems.add(raw.file, row, column, "", "required", f"status is given but {column} is blank",
                         f"write the {column} of the row's source, or clear status for a secretariat row")


def _warn_contributions_without_membership(frames: dict[str, pd.DataFrame], raws: dict[str, Raw],
                                           problems: Problems) -> None:
    """Warn when no evidence shows the force in the collaboration (or its family) in the budget's year.

    A force counts as a member during a year when a ``joined`` or ``member`` row for it is dated on
    or before the year's last day and no ``left``, ``not-member`` or ``unclear`` row comes between
    that evidence and the year's first day. Evidence on a branch counts for its parent and the
    reverse, so a contribution to EMSOU is not flagged because the evidence names EMSOU-SOC.
    """
    memberships = frames["memberships"]
    evidence: dict[tuple[str, str], list[tuple[pd.Timestamp, bool]]] = defaultdict(list)
    for collab, force, date, kind in zip(memberships["collab_id"], memberships["force_id"], memberships["date"],
                                         memberships["evidence"]):
        if pd.notna(collab) and pd.notna(force) and pd.notna(date):
            evidence[(collab, force)].append((date, kind in POSITIVE))
    collabs = frames["collaborations"]
    parents = {c: p for c, p in zip(collabs["collab_id"], collabs["parent_id"]) if pd.notna(c) and pd.notna(p)}
    budgets, raw = frames["budgets"], raws["budgets"]
    for i, row in enumerate(raw.rows):
        collab, force, year = budgets.at[i, "collab_id"], budgets.at[i, "force_id"], budgets.at[i, "financial_year"]
        if pd.isna(collab) or pd.isna(force) or pd.isna(year):
            continue
        first, last = financial_year_bounds(year)
        family = _family(collab, parents)
        rows = sorted(e for c in family for e in evidence.get((c, force), []))
        shown = [d for d, positive in rows if positive and d <= last]
        member = any(not any(d < n < first for n, positive in rows if not positive) for d in shown)
        if not member:
            problems.warn(raw.file, row, "force_id", force, "contribution-without-membership",
                          f"{force} contributes to {collab} in {year} but memberships.csv has no evidence that it "
                          f"was a member at any time in that year ({year_span(year)})",
                          "add the source that shows the membership to memberships.csv, or check the force, "
                          "collaboration and year")


def _family(collab: str, parents: dict[str, str]) -> set[str]:
    """A collaboration, the collaborations above it, and every branch below it."""
    above, current = set(), collab
    while current is not None and current not in above:
        above.add(current)
        current = parents.get(current)
    below, changed = {collab}, True
    while changed:
        children = {c for c, p in parents.items() if p in below and c not in below}
        below |= children
        changed = bool(children)
    return above | below


def _warn_cost_shares(frame: pd.DataFrame, raw: Raw, problems: Problems) -> None:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (collab, period) in enumerate(zip(frame["collab_id"], frame["period"])):
        if pd.notna(collab) and pd.notna(period):
            groups[(collab, period)].append(i)
    for (collab, period), members in groups.items():
        shares = frame["share_pct"].iloc[members]
        if shares.isna().any():
            continue
        total = float(sum(Decimal(repr(float(s))) for s in shares))
        if abs(total - 100) > SHARE_TOLERANCE:
            rows = ", ".join(str(raw.rows[i]) for i in members)
            problems.warn(raw.file, raw.rows[members[0]], "share_pct", total, "cost-shares-sum",
                          f"the shares of {collab} for period {quote(period)} (rows {rows}) add up to {total:g}%, "
                          "not 100%", "check the shares against the source; add any force that is missing")
