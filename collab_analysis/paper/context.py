"""What every section of one paper shares: the tables, the paper's force, year and date, and its notes."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..sources import equals
from ..years import financial_year_bounds, format_date
from .model import Citations, text

NOT_PUBLISHED = "not published in the sources held"


@dataclass
class Context:
    """The inputs of one paper, and the citations its sections share (numbered in reading order)."""

    tables: object
    force_id: str | None          # None for the regional overview
    financial_year: str
    as_at: pd.Timestamp
    region: str
    cite: Citations = field(default_factory=Citations)

    @property
    def year_start(self) -> pd.Timestamp:
        return financial_year_bounds(self.financial_year)[0]

    @property
    def as_at_text(self) -> str:
        return format_date(self.as_at, "day")

    def force_name(self, force_id: str | None = None) -> str:
        fid = force_id or self.force_id
        row = self.tables.forces[self.tables.forces["force_id"] == fid]
        return str(row.iloc[0]["name"]) if len(row) else str(fid)

    def force_label(self, force_id: str) -> str:
        """A force as a column heading: its name without "Police" or "Constabulary"."""
        name = self.force_name(force_id)
        for word in (" Police", " Constabulary"):
            name = name.replace(word, "")
        return name

    def collab(self, collab_id: str) -> dict:
        row = self.tables.collaborations[self.tables.collaborations["collab_id"] == collab_id]
        return {k: text(v) for k, v in row.iloc[0].to_dict().items()} if len(row) else {"collab_id": collab_id}

    def short(self, collab_id: str | None) -> str:
        if not collab_id:
            return ""
        c = self.collab(collab_id)
        return c.get("short_name") or c.get("name") or collab_id

    def region_name(self, region: str | None = None) -> str:
        region = region or self.region
        return {"east-midlands": "East Midlands", "south-east": "South East", "eastern": "Eastern",
                "west-midlands-region": "West Midlands", "north-west": "North West",
                "national": "England and Wales"}.get(region, region.replace("-", " ").title())

    def region_forces(self) -> list[str]:
        f = self.tables.forces
        return [str(x) for x in f.loc[equals(f["region"], self.region), "force_id"]]
