"""What every section of one paper shares: the tables, the paper's force, year and date, and its notes."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..sources import equals
from ..years import financial_year_bounds, format_date
from .model import Citations, text

NOT_PUBLISHED = "not published in the sources held"
#: Police and Crime Commissioners (and their panels) took office on 22 November 2012; before then each
#: force answered to its police authority. A paper dated earlier says so.
PCC_ERA = pd.Timestamp("2012-11-22")


@dataclass
class Context:
    """The inputs of one paper, and the citations its sections share (numbered in reading order)."""

    tables: object
    force_id: str | None          # None for the regional overview
    financial_year: str
    as_at: pd.Timestamp
    region: str
    cite: Citations = field(default_factory=Citations)

    def with_citations(self, cite: Citations) -> "Context":
        """The same paper's context citing into ``cite`` (the name lookups are shared, not rebuilt)."""
        twin = Context(self.tables, self.force_id, self.financial_year, self.as_at, self.region, cite)
        twin.__dict__["_lookups"] = self.__dict__.setdefault("_lookups", {})
        return twin

    @property
    def year_start(self) -> pd.Timestamp:
        return financial_year_bounds(self.financial_year)[0]

    @property
    def pcc_era(self) -> bool:
        return self.as_at >= PCC_ERA

    @property
    def overseer(self) -> str:
        """Who the panel asks: "the PCC"; in a paper dated before November 2012, the PCC as the police
        authority's successor (the police authority itself was abolished, so no one could answer)."""
        return "the PCC" if self.pcc_era else "the PCC, as the police authority's successor,"

    @property
    def as_at_text(self) -> str:
        return format_date(self.as_at, "day")

    def _lookup(self, table: str, key: str) -> dict[str, dict]:
        """Rows of a small table by id, built once per paper (sections look names up hundreds of times)."""
        cache = self.__dict__.setdefault("_lookups", {})
        if table not in cache:
            frame = getattr(self.tables, table)
            cache[table] = {str(r[key]): {k: text(v) for k, v in r.items()} for r in frame.to_dict("records")}
        return cache[table]

    def force_name(self, force_id: str | None = None) -> str:
        fid = force_id or self.force_id
        return self._lookup("forces", "force_id").get(fid, {}).get("name") or str(fid)

    def force_label(self, force_id: str) -> str:
        """A force as a column heading: its name without "Police" or "Constabulary"."""
        name = self.force_name(force_id)
        for word in (" Police", " Constabulary"):
            name = name.replace(word, "")
        return name

    def collab(self, collab_id: str) -> dict:
        return self._lookup("collaborations", "collab_id").get(collab_id, {"collab_id": collab_id})

    def source(self, source_id: str) -> dict:
        return self._lookup("sources", "source_id").get(source_id, {"source_id": source_id})

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
