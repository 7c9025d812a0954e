"""The building blocks of the table models: allowed values, text limits, and one factory per kind of column.

Each factory returns a pandera ``Field`` whose ``metadata["kind"]`` tells the loader how to read the
cell's text before the model checks the typed table (see :mod:`models`), and ``metadata["limit"]``
how long the text may be.

Text limits (characters). Text from the data reaches headings, table cells, chart labels and
footnotes, so every text cell has a limit that keeps a paper readable and its size bounded however
much is pasted into a cell (a 10,000-character name once gave an 83 MB paper). Each is several
times the longest real value: the longest panel name shipped is 59 characters, the longest source
title about 200.

========================= ====== ==================================================================
kind of text              limit  columns
========================= ====== ==================================================================
id                        64     force_id, collab_id, event_id, saving_id, ... (slugs)
short name                40     short_name (charts and table headers)
name                      150    forces.name, collaborations.name, panel_name, former_panel_name
alias (each)              80     aliases (a ``;`` list, at most 1,000 characters in all)
label                     200    locator, basis, period, period_label, qualifier, percent_of, scope,
                                 publisher, document, author, agenda_item
title                     300    sources.title, meetings.title
excerpt                   160    excerpt (the source's words: a phrase, not whole sentences)
description               1,000  description, note, definition, recommendation, purpose
web address               2,000  panel_url, url (http:// or https:// only)
========================= ====== ==================================================================
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera import dtypes
from pandera.engines import pandas_engine
from pandera.typing import Series

from ..years import PRECISIONS
from .cells import STATUSES

#: An id: lower-case letters and digits in words joined by single hyphens.
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: A normalised financial year.
FINANCIAL_YEAR = r"^\d{4}-\d{2}$"

REGIONS = ("east-midlands", "eastern", "london", "north-east", "north-west", "south-east", "south-west",
           "wales", "west-midlands-region", "yorkshire-and-the-humber", "national")
SCOPES = ("regional", "sub-regional", "bilateral", "national", "cross-region")
AREAS_OF_WORK = ("crime", "specialist-operations", "local-policing", "operational-support-services",
                 "human-resources", "finance-and-resources", "ict", "corporate")
EVIDENCE = ("joined", "member", "left", "not-member", "unclear")
EVENTS = ("formed", "agreed", "launched", "expanded", "restructured", "withdrew", "ended", "renamed", "announced",
          "decided", "hosted", "governance", "inspected", "overspent", "budget", "proposed", "reported")
YES = ("yes",)
#: The six scrutiny themes the panels agreed (seed 000, para 9), for an event's question.
THEMES = ("governance", "value", "workstreams", "monitoring", "challenge", "other")
YES_NO = ("yes", "no")
QUALIFIERS = ("exact", "about", "more than", "up to", "nearly", "at least", "range", "average")
PER = ("year", "period")
COVERAGE = ("collaboration", "programme", "force-wide")
SAVING_KINDS = ("claimed", "projected", "inspectorate")
CLAIMANTS = ("force or PCC", "inspectorate", "home office", "vendor", "press")
MEASURES = ("funding", "budget", "net revenue budget", "revenue budget", "planned total spend",
            "chief constable's budget", "operational policing budget", "officers", "officer posts", "staff",
            "pcsos", "population", "area")
UNITS = ("gbp", "fte", "posts", "headcount", "people", "sq mi")
SOURCE_KINDS = ("seed", "primary", "secondary", "derived")

#: Longest text each kind of text cell may hold (characters); see the module docstring.
LIMITS = {"id": 64, "short": 40, "name": 150, "alias": 80, "aliases": 1000, "label": 200, "title": 300,
          "excerpt": 160, "long": 1000, "url": 2000}


@dtypes.immutable
class ContractString(pandas_engine.DataType):
    """pandas' ``"string"`` dtype with ``pd.NA`` for missing values, as the contract says.

    pandera's own string type treats the ``pd.NA`` and ``NaN`` flavours as one and checks element by
    element; this one checks the column's dtype once, and tells the two apart.
    """

    type = pd.StringDtype(na_value=pd.NA)

    def check(self, pandera_dtype, data_container=None) -> bool:
        dtype = data_container.dtype if data_container is not None else getattr(pandera_dtype, "type", None)
        return isinstance(dtype, pd.StringDtype) and dtype.na_value is pd.NA

    def __str__(self) -> str:
        return "string"


String = Series[ContractString]
Category = Series[pa.typing.Category]
Money = Series[pd.Int64Dtype]
Float = Series[pd.Float64Dtype]
DateTime = Series[pa.typing.DateTime]


def id_field():
    return pa.Field(str_matches=SLUG, metadata={"kind": "id", "limit": LIMITS["id"]})


def ref_field(table: str, *, nullable: bool = False):
    return pa.Field(nullable=nullable, metadata={"kind": "ref", "ref": table})


def refs_field(table: str):
    return pa.Field(nullable=True, metadata={"kind": "refs", "ref": table})


def text_field(size: str = "label", *, nullable: bool = False):
    """Free text of one kind of size (``"name"``, ``"label"``, ``"long"``...; see ``LIMITS``)."""
    return pa.Field(nullable=nullable, metadata={"kind": "text", "limit": LIMITS[size],
                                                 "lines": size in ("long", "excerpt")})


def url_field():
    return pa.Field(nullable=True, metadata={"kind": "url", "limit": LIMITS["url"]})


def list_field():
    return pa.Field(nullable=True, metadata={"kind": "list", "limit": LIMITS["aliases"]})


def choice_field(values: tuple[str, ...], *, nullable: bool = False):
    return pa.Field(isin=list(values), nullable=nullable, metadata={"kind": "choice"})


def status_field(*, nullable: bool = False):
    return pa.Field(isin=list(STATUSES), nullable=nullable, metadata={"kind": "status"})


def money_field(*, nullable: bool = False, positive: bool = False):
    bound = {"gt": 0} if positive else {"ge": 0}
    return pa.Field(nullable=nullable, **bound, metadata={"kind": "money"})


def number_field(*, nullable: bool = False, percent: bool = False, money: bool = False, positive: bool = False):
    bounds = {"gt": 0} if positive else {"ge": 0}
    if percent:
        bounds["le"] = 100
    return pa.Field(nullable=nullable, **bounds, metadata={"kind": "number", "percent": percent, "money": money})


def date_field(*, nullable: bool = True):
    return pa.Field(nullable=nullable, metadata={"kind": "date"})


def precision_field():
    return pa.Field(isin=list(PRECISIONS), metadata={"kind": "precision"})


def fy_field(*, nullable: bool = False):
    return pa.Field(str_matches=FINANCIAL_YEAR, nullable=nullable, metadata={"kind": "fy"})
