"""Developments: the dated events and findings a force's panel should hear about.

``events.csv`` holds what happened to collaborations (formed, restructured, a force withdrew, an
overspend, a governance lapse, an inspectorate's concern) and the panels' own findings. An event
concerns the forces it names; with none named, the members of its collaboration; with no
collaboration either, every force of its region. A paper as at a date shows the events that had
happened, and been published, by then. ``key`` marks the material ones a paper puts in its body.

>>> import collab_analysis as ca
>>> tables = ca.load()                                                       # doctest: +SKIP
>>> ca.developments(tables, "nottinghamshire", as_at="2019-07-22")           # doctest: +SKIP
"""
from __future__ import annotations

import pandas as pd

from .forces import resolve_force
from .membership import gather
from .sources import citable, equals, published
from .years import to_timestamp


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _listed(value) -> list[str]:
    return [] if not isinstance(value, str) or not value.strip() else [v.strip() for v in value.split(";")]


def concerns(tables, row, force_id: str, as_at) -> bool:
    """Whether an event is about ``force_id`` (named, a member of its collaboration, or its region's)."""
    named = _listed(row.get("forces"))
    if named:
        return force_id in named
    collab = row.get("collab_id")
    if isinstance(collab, str) and collab:
        return any(e.evidence in ("joined", "member") for e in gather(tables, collab, force_id, as_at))
    region = tables.forces.loc[tables.forces["force_id"] == force_id, "region"]
    return bool(len(region)) and _text(row.get("region")) == region.iloc[0]


def dated(tables, frame: pd.DataFrame) -> pd.Series:
    """Each event's date for ordering: its own date, else the day its source was published."""
    when = published(tables)
    by_source = frame["source_id"].map(when)
    return frame["date"].where(frame["date"].notna(), by_source)


def ended(tables, *, as_at) -> pd.DataFrame:
    """Collaborations that had ended by ``as_at`` (an ``ended`` event about the whole collaboration,
    from a source published by then), one row each with its event."""
    when = to_timestamp(as_at)
    rows = citable(tables, tables.events, when).copy()
    rows["when"] = dated(tables, rows)
    rows = rows[equals(rows["event"], "ended") & rows["collab_id"].notna() & (rows["when"] <= when)]
    return rows.sort_values("when", kind="stable").drop_duplicates("collab_id", keep="last").reset_index(drop=True)


def developments(tables, force: str | None = None, *, as_at, since=None, key: bool | None = None,
                 region: str | None = None) -> pd.DataFrame:
    """The events a paper as at ``as_at`` may report, oldest first, with a ``when`` column.

    ``since`` keeps only events after that date; ``key`` only the key (or only the other) events;
    ``force`` only events about that force; ``region`` only events of that region's collaborations
    or forces.
    """
    when = to_timestamp(as_at)
    rows = citable(tables, tables.events, when).copy()
    rows["when"] = dated(tables, rows)
    rows = rows[rows["when"] <= when]
    if since is not None:
        rows = rows[rows["when"] > to_timestamp(since)]
    if key is not None:
        rows = rows[equals(rows["key"], "yes") == key]
    if force is not None:
        force_id = resolve_force(tables, force)
        mask = [concerns(tables, r, force_id, when) for _, r in rows.iterrows()]
        rows = rows[pd.Series(mask, index=rows.index, dtype=bool)]
    if region is not None:
        collabs = tables.collaborations.set_index("collab_id")
        in_region = rows["collab_id"].map(collabs["region"]).fillna(rows["region"]) == region
        # a cross-region collaboration (MFSS) belongs to the region's story when a force of the region is in it
        cross = rows["collab_id"].map(collabs["scope"]) == "cross-region"
        forces = list(tables.forces.loc[tables.forces["region"] == region, "force_id"])
        ours = [bool(c) and any(concerns(tables, r, f, when) for f in forces) for c, (_, r) in zip(cross, rows.iterrows())]
        rows = rows[in_region | pd.Series(ours, index=rows.index, dtype=bool)]
    return rows.sort_values(["when", "event_id"], kind="stable").reset_index(drop=True)
