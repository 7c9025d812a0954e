"""STAND-IN, replaced at merge: the lead's paper facts, as little as publishing needs of them.

``collab_analysis.paper.facts(tables, force_id, financial_year, meeting_date, editions_dir=...)`` and
``overview_facts(tables, financial_year, meeting_date, region=...)`` return ``PaperFacts`` with
``title``, ``digest()`` (flat, deterministic: readable label -> canonical text) and ``to_json()``.
Until the lead's rewrite lands, :func:`paper_facts` builds a :class:`ProvisionalFacts` whose digest
holds the table rows a paper for one force can show, so a change to one force's figure leaves the
other forces' digests as they were. :func:`paper_facts` takes the real functions as soon as
``collab_analysis.paper`` has them; the lead then deletes this module and calls them in ``build.py``.
"""
from __future__ import annotations

import datetime as dt
import json


def _blank(value) -> bool:
    if value is None:
        return True
    try:
        if value != value:  # NaN, NaT
            return True
    except (TypeError, ValueError):
        pass
    return str(value).strip() in ("", "<NA>", "NaT", "nan")


# ----------------------------------------------------------------------------- facts (stand-in)

class ProvisionalFacts:
    """What publishing needs of ``PaperFacts``: ``title``, ``digest()``, ``to_json()``, ``tables_used``."""

    def __init__(self, title: str, digest: dict[str, str], tables_used: list[str]):
        self.title, self._digest, self.tables_used = title, digest, tables_used

    def digest(self) -> dict[str, str]:
        return dict(self._digest)

    def to_json(self) -> str:
        return json.dumps({"title": self.title, "digest": self._digest}, sort_keys=True, indent=1,
                          ensure_ascii=False)


def _text(value) -> str:
    if _blank(value):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _row_text(row: dict, skip=()) -> str:
    return "; ".join(f"{k} {_text(v)}" for k, v in sorted(row.items()) if k not in skip and _text(v))


def _provisional_digest(tables, force_id: str | None, financial_year: str, as_at: dt.date,
                        region: str | None = None) -> tuple[dict[str, str], list[str]]:
    """A flat digest of the rows a paper for ``force_id`` (None: the region's overview) can show.

    The panel paper shows its own force's figures, and the region's memberships and events (the
    matrix and timeline); the overview shows everything in the region.
    """
    forces = tables.forces
    region_of = {str(f): str(r) for f, r in zip(forces["force_id"], forces["region"])}
    region = region or (region_of.get(force_id) if force_id else "east-midlands")
    in_region = {f for f, r in region_of.items() if r == region}
    mine = {force_id} if force_id else in_region
    collabs = tables.collaborations
    regional = {str(c) for c, r in zip(collabs["collab_id"], collabs["region"]) if str(r) == region}
    regional |= {str(c) for c, f in zip(tables.memberships["collab_id"], tables.memberships["force_id"])
                 if str(f) in in_region}
    digest: dict[str, str] = {"as at": as_at.isoformat(), "financial year": financial_year}
    used: set[str] = set()
    cited: set[str] = set()

    def add(label: str, table: str, row: dict) -> None:
        key, n = label, 1
        while key in digest:
            n += 1
            key = f"{label} ({n})"
        digest[key] = _row_text(row)
        used.add(table)
        if not _blank(row.get("source_id")):
            cited.add(str(row["source_id"]))

    def rows(table: str, keep):
        frame = getattr(tables, table, None)
        if frame is None:
            return []
        return [r for r in frame.to_dict("records") if keep(r)]

    from .. import forces as names

    def name(collab: str) -> str:
        return names.collab_name(tables, collab)
    for r in rows("forces", lambda r: str(r["force_id"]) in mine):
        add(f"force {r['force_id']}", "forces", r)
    for r in rows("collaborations", lambda r: str(r["collab_id"]) in regional):
        add(f"collaboration {name(str(r['collab_id']))}", "collaborations", r)
    for r in rows("memberships", lambda r: str(r["collab_id"]) in regional):
        add(f"membership {name(str(r['collab_id']))} {names.force_name(tables, str(r['force_id']))}", "memberships", r)
    for r in rows("events", lambda r: str(r["collab_id"]) in regional):
        add(f"event {r['event_id']}", "events", r)
    for r in rows("member_lists", lambda r: str(r["collab_id"]) in regional):
        add(f"member list {name(str(r['collab_id']))} {r['source_id']}", "member_lists", r)
    for r in rows("budgets", lambda r: str(r["force_id"]) in mine):
        label = f"contribution {name(str(r['collab_id']))} {r['financial_year']}"
        add(label if force_id else f"{label} {names.force_name(tables, str(r['force_id']))}", "budgets", r)
    for r in rows("budget_totals", lambda r: str(r["force_id"]) in mine):
        add(f"total {r['total_id']}", "budget_totals", r)
    for r in rows("cost_shares", lambda r: str(r["force_id"]) in mine):
        add(f"cost share {name(str(r['collab_id']))} {r['force_id']} {r['period']}", "cost_shares", r)
    for r in rows("context", lambda r: str(r["force_id"]) in mine):
        add(f"context {r['context_id']}", "context", r)
    for r in rows("savings", lambda r: str(r.get("force_id")) in mine or str(r.get("region")) == region
                  or bool(mine & set(str(r.get("forces") or "").split(";")))):
        add(f"saving {r['saving_id']}", "savings", r)
    for r in rows("meetings", lambda r: str(r["force_id"]) in mine and str(r["financial_year"]) == financial_year):
        add(f"meeting {r['force_id']} {r['financial_year']}", "meetings", r)
    for r in rows("sources", lambda r: str(r["source_id"]) in cited):
        add(f"source {r['source_id']}", "sources", r)
    return digest, sorted(used)


def _provisional_facts(tables, force_id: str | None, financial_year: str, as_at: dt.date,
                       region: str) -> ProvisionalFacts:
    digest, used = _provisional_digest(tables, force_id, financial_year, as_at, None if force_id else region)
    if force_id:
        from ..forces import panels

        panel = next(p for f, p, _ in panels(tables) if f == force_id)
        title = f"Cross-force collaboration: paper for the {panel}, {financial_year}"
    else:
        title = (f"Cross-force collaboration in the {region.replace('-', ' ').title()}: "
                 f"regional overview, {financial_year}")
    return ProvisionalFacts(title, digest, used)


def paper_facts(tables, force_id: str | None, financial_year: str, meeting_date: dt.date,
                editions_dir=None, region: str = "east-midlands"):
    """The paper's facts: the lead's ``paper.facts``/``overview_facts`` when present, else the stand-in."""
    from .. import paper

    if force_id is not None and hasattr(paper, "facts"):
        return paper.facts(tables, force_id, financial_year, meeting_date, editions_dir=editions_dir)
    if force_id is None and hasattr(paper, "overview_facts"):
        return paper.overview_facts(tables, financial_year, meeting_date, region=region)
    return _provisional_facts(tables, force_id, financial_year, meeting_date, region)
