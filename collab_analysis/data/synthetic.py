"""A synthetic data set for benchmarks and tests: as many forces, collaborations and years as asked.

Never written under data/raw/: the shipped data are real. Figures are deterministic (seeded) and
cite sources named "synthetic" so that nothing here can be mistaken for a published number. The
set is valid by construction under schema v2: every figure's excerpt states it (amounts in full,
``£1,234,000``, so the excerpt states them to the pound), every membership has its evidence, and
each collaboration has a complete member list.

>>> from collab_analysis.data.synthetic import write_synthetic
>>> write_synthetic(tmp / "data", forces=43, collaborations=40, years=20)   # doctest: +SKIP

With more than eight forces the forces are spread over the ten English and Welsh regions (43 forces
give England and Wales's shape: four or five a region); each collaboration belongs to one region.
"""
from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path

from ..years import MONTH_NAMES, financial_year_starting
from .models import TABLES

COLLABS = [
    ("syn-crime", "Synthetic Special Operations Unit", "SSOU", "regional", "crime"),
    ("syn-hr", "Synthetic Human Resources Service", "SHRS", "regional", "human-resources"),
    ("syn-legal", "Synthetic Legal Services", "SLS", "regional", "corporate"),
    ("syn-ops", "Synthetic Operational Support", "SOS", "sub-regional", "operational-support-services"),
    ("syn-cj", "Synthetic Criminal Justice Service", "SCJS", "sub-regional", "operational-support-services"),
    ("syn-ict", "Synthetic ICT Programme", "SICT", "regional", "ict"),
]
REGIONS = ("east-midlands", "eastern", "london", "north-east", "north-west", "south-east", "south-west", "wales",
           "west-midlands-region", "yorkshire-and-the-humber")
LAST_YEAR = 2029  # the last financial year is 2029-30: far from any real one


def _write(folder: Path, name: str, rows: list[list]) -> None:
    with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TABLES[name].column_names)
        writer.writerows(rows)


def _collabs(count: int) -> list[tuple[str, str, str, str, str]]:
    found = []
    for j in range(count):
        cid, name, short, scope, area = COLLABS[j % len(COLLABS)]
        n = j // len(COLLABS) + 1
        found.append((cid, name, short, scope, area) if n == 1 else (f"{cid}-{n}", f"{name} {n}", f"{short}{n}",
                                                                    scope, area))
    return found


def write_synthetic(folder: Path, forces: int = 8, years: int = 3, seed: int = 1, collaborations: int = 6) -> Path:
    """Write a valid data set: ``forces`` panels, ``collaborations`` collaborations, ``years`` financial years.

    The financial years end with 2029-30 (the cycle's year, in meetings.csv); memberships begin two
    years before the first. Returns ``folder``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    first_year = LAST_YEAR + 1 - years
    fys = [financial_year_starting(y) for y in range(first_year, LAST_YEAR + 1)]
    start = first_year - 2
    force_ids = [f"force-{i:02d}" for i in range(1, forces + 1)]
    names = {f: f"Synthetic Force {i + 1}" for i, f in enumerate(force_ids)}
    regions = max(1, min(len(REGIONS), round(forces / 4.3))) if forces > 8 else 1
    region_of = {f: REGIONS[i * regions // forces] for i, f in enumerate(force_ids)}
    gen = ["synthetic", "generated"]

    _write(folder, "sources", [["synthetic", "Synthetic benchmark data (not real figures)", "collab-analysis", f"{start}",
                                "", "", "seed"]] +
           [[f"synthetic-{fy}", f"Synthetic figures for {fy} (not real)", "collab-analysis", f"{year}-07-01",
             "", "", "seed"] for year, fy in zip(range(first_year, LAST_YEAR + 1), fys)])
    _write(folder, "forces", [[f, names[f], region_of[f], f"SF{i + 1}", f"{names[f]} Police and Crime Panel", "", "", "", *gen,
                               "", "S"] for i, f in enumerate(force_ids)])

    collab_rows, members = [], {}
    for j, (cid, name, short, scope, area) in enumerate(_collabs(collaborations)):
        region = REGIONS[j % regions]
        in_region = [f for f in force_ids if region_of[f] == region]
        members[cid] = (short, in_region[:-1] if scope == "sub-regional" and len(in_region) > 2 else in_region)
        collab_rows.append([cid, name, short, "", scope, region, area, members[cid][1][0],
                            f"{name}, invented for benchmarking.", *gen, "", "S"])
    _write(folder, "collaborations", collab_rows)

    latest = f"synthetic-{fys[-1]}"
    latest_date = f"{LAST_YEAR}-07-01"
    memberships, lists, events, budgets, totals = [], [], [], [], []
    leaves = {(cid, f) for cid, (_, ms) in members.items() for i, f in enumerate(ms)
              if cid.startswith("syn-ops") and i % 4 == 3}
    for cid, (short, ms) in members.items():
        key = cid == "syn-crime"
        events.append([f"{cid}-formed", cid, "formed", f"{start}-04", "", "", "yes" if key else "",
                       f"{short} was formed.", "governance" if key else "",
                       f"Who oversees {short}, and how does the PCC know it delivers?" if key else "", *gen,
                       f"formed in {MONTH_NAMES[3]} {start}", "S"])
        for f in ms:
            memberships.append([cid, f, f"{start}-04-01", "joined", "", "", *gen, f"joined on 1 April {start}", "S"])
            if (cid, f) in leaves:
                memberships.append([cid, f, f"{LAST_YEAR}-05-01", "left", "", "", latest, "generated",
                                    f"left on 1 May {LAST_YEAR}", "S"])
            else:
                memberships.append([cid, f, latest_date, "member", "", "", latest, "generated",
                                    f"{names[f]} in {short}", "S"])
        lists.append([cid, latest, latest_date, "yes", "", "generated", f"the members of {short}", "S"])
    events.append(["syn-panels-seminar", "", "reported", f"{LAST_YEAR}-01", "", REGIONS[0], "",
                   "The panels held a seminar on collaboration.", "", "", "synthetic", "generated",
                   f"a seminar in January {LAST_YEAR}", "S"])
    for f in force_ids:
        joined = [cid for cid, (_, ms) in members.items() if f in ms]
        for fy in fys:
            total = 0
            for cid in joined:
                if (cid, f) in leaves and fy == fys[-1]:
                    continue
                amount = rng.randrange(100, 8000) * 1000
                total += amount
                budgets.append([cid, f, fy, amount, 1000, "net budget", f"{f}-{fy}", f"synthetic-{fy}", "generated",
                                f"{members[cid][0]} £{amount:,}", "S"])
            if total:
                totals.append([f"{f}-{fy}", f, fy, total, 1000, "", "total invested in regional collaboration",
                               "net budget", f"synthetic-{fy}", "generated", f"Total £{total:,}", "S"])
    _write(folder, "memberships", memberships)
    _write(folder, "member_lists", lists)
    _write(folder, "events", events)
    _write(folder, "budgets", budgets)
    _write(folder, "budget_totals", totals)

    first_short, first_members = members["syn-crime"]
    share = (Decimal(100) / len(first_members)).quantize(Decimal("0.1"))
    shares = [share] * (len(first_members) - 1) + [Decimal(100) - share * (len(first_members) - 1)]
    _write(folder, "cost_shares", [["syn-crime", f, f"c.{LAST_YEAR - 1}", f"{LAST_YEAR - 1}-06-01", str(s), "0.1",
                                    "synthetic formula", "synthetic", "generated", f"{names[f]} {s}%", "S"]
                                   for f, s in zip(first_members, shares)])
    _write(folder, "savings", [
        ["syn-save-1", "syn-crime", "", ";".join(first_members), "", "collaboration", f"{first_year}", f"{LAST_YEAR}",
         f"{first_year}-{LAST_YEAR}", 12000000, 1000000, "", "", "", "", "about", "period", "claimed", "force or PCC",
         "the synthetic forces", "Synthetic claim.", latest, "generated", "about £12m", "S"],
        ["syn-save-2", "", "", "", REGIONS[0], "programme", f"{first_year}", f"{LAST_YEAR}", "projected", "", "", "20",
         "", "the cost of functions before collaboration", "", "up to", "year", "projected", "force or PCC",
         "the synthetic forces", "Synthetic projection.", latest, "generated", "savings of up to 20%", "S"]])
    _write(folder, "context", [[f"{f}-budget-{fys[-1]}", f, "budget", value * 1_000_000, "gbp", 1_000_000, fys[-1], "",
                                fys[-1], "Synthetic net budget.", latest, "generated", f"a budget of £{value}m", "S"]
                               for f, value in ((f, rng.randrange(120, 300)) for f in force_ids)])
    _write(folder, "meetings", [[f, fys[-1], f"{LAST_YEAR}-07-22" if i == 0 else "", "", "", "", "", "", "", "", "", ""]
                                for i, f in enumerate(force_ids)])
    return folder


if __name__ == "__main__":
    import sys

    print(write_synthetic(Path(sys.argv[1]), forces=int(sys.argv[2]) if len(sys.argv) > 2 else 8))
