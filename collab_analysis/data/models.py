"""The ten tables: one pandera ``DataFrameModel`` each, and the ``TABLES`` registry built from them.

Each model describes a table as ``load()`` returns it (typed columns, a ``<col>_precision`` column
after each date column). Each field's ``metadata["kind"]`` tells the loader how to read the cell's
text before the model checks the typed table:

======== =====================================================================================
kind     what the loader does with the text
======== =====================================================================================
id       the table's own id: a slug (lower-case letters, digits, hyphens)
ref      an id of another table (``metadata["ref"]``), resolved through its ids and aliases
refs     a ``;`` list of such ids, each resolved, joined back with ``;``
text     kept as written (stripped)
list     a ``;`` list of free text (aliases), tidied and joined back with ``;``
choice   one of the values in the field's ``isin`` check (a category)
status   S, C, C2 or D (NC gets its own message)
money    whole pounds (``£6.352m`` -> 6352000), Int64
number   a float (``metadata["percent"]``: may end in %, ``metadata["money"]``: may be written £6.3m)
date     ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` -> first day of the period + ``<col>_precision``
fy       a financial year, ``2019-20``
======== =====================================================================================

The registry (``TABLES``) lists the columns of each file in order, the key, and whether the table
may be empty. The models are the single place a column is declared.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
from pandera import dtypes
from pandera.engines import pandas_engine
from pandera.typing import Series

from .cells import PRECISIONS, STATUSES

#: An id: lower-case letters and digits in words joined by single hyphens.
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: A normalised financial year.
FINANCIAL_YEAR = r"^\d{4}-\d{2}$"

REGIONS = ("east-midlands", "eastern", "london", "north-east", "north-west", "south-east", "south-west",
           "wales", "west-midlands-region", "yorkshire-and-the-humber", "national")
SCOPES = ("regional", "sub-regional", "bilateral", "national", "cross-region")
AREAS_OF_WORK = ("crime", "specialist-operations", "local-policing", "operational-support-services",
                 "human-resources", "finance-and-resources", "ict", "corporate")
EVENTS = ("formed", "agreed", "launched", "expanded", "restructured", "inspected", "ended", "renamed", "announced")
QUALIFIERS = ("exact", "about", "more than", "up to", "nearly", "at least", "range")
PER = ("year", "period")
SAVING_KINDS = ("claimed", "projected", "inspectorate")
CLAIMANTS = ("force or PCC", "inspectorate", "home office", "vendor", "press")
MEASURES = ("funding", "budget", "net revenue budget", "revenue budget", "planned total spend",
            "chief constable's budget", "operational policing budget", "officers", "officer posts", "staff",
            "pcsos", "population", "area")
UNITS = ("gbp", "fte", "posts", "headcount", "people", "sq mi")
SOURCE_KINDS = ("seed", "primary", "secondary", "derived")



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
    return pa.Field(str_matches=SLUG, metadata={"kind": "id"})


def ref_field(table: str, *, nullable: bool = False):
    return pa.Field(nullable=nullable, metadata={"kind": "ref", "ref": table})


def refs_field(table: str):
    return pa.Field(nullable=True, metadata={"kind": "refs", "ref": table})


def text_field(*, nullable: bool = False):
    return pa.Field(nullable=nullable, metadata={"kind": "text"})


def list_field():
    return pa.Field(nullable=True, metadata={"kind": "list"})


def choice_field(values: tuple[str, ...], *, nullable: bool = False):
    return pa.Field(isin=list(values), nullable=nullable, metadata={"kind": "choice"})


def status_field():
    return pa.Field(isin=list(STATUSES), metadata={"kind": "status"})


def money_field(*, nullable: bool = False, positive: bool = False):
    bound = {"gt": 0} if positive else {"ge": 0}
    return pa.Field(nullable=nullable, **bound, metadata={"kind": "money"})


def number_field(*, nullable: bool = False, percent: bool = False, money: bool = False):
    bounds = {"ge": 0, "le": 100} if percent else {"ge": 0}
    return pa.Field(nullable=nullable, **bounds, metadata={"kind": "number", "percent": percent, "money": money})


def date_field():
    return pa.Field(nullable=True, metadata={"kind": "date"})


def precision_field():
    return pa.Field(isin=list(PRECISIONS), metadata={"kind": "precision"})


def fy_field(*, nullable: bool = False):
    return pa.Field(str_matches=FINANCIAL_YEAR, nullable=nullable, metadata={"kind": "fy"})


class _Base(pa.DataFrameModel):
    class Config:
        strict = True
        ordered = True


class ForcesSchema(_Base):
    """One row per police force: its id, name, region, the names people use for it, and its panel."""

    force_id: String = id_field()
    name: String = text_field()
    region: Category = choice_field(REGIONS)
    aliases: String = list_field()
    panel_name: String = text_field(nullable=True)
    panel_url: String = text_field(nullable=True)
    source_id: String = ref_field("sources")
    locator: String = text_field()
    status: Category = status_field()

    class Config:
        name = "forces"
        unique = ["force_id"]


class CollaborationsSchema(_Base):
    """One row per collaboration (EMSOU branches point at EMSOU through ``parent_id``)."""

    collab_id: String = id_field()
    name: String = text_field()
    short_name: String = text_field(nullable=True)
    parent_id: String = ref_field("collaborations", nullable=True)
    scope: Category = choice_field(SCOPES)
    region: Category = choice_field(REGIONS, nullable=True)
    area_of_work: Category = choice_field(AREAS_OF_WORK, nullable=True)
    host_force: String = ref_field("forces", nullable=True)
    description: String = text_field(nullable=True)
    source_id: String = ref_field("sources")
    locator: String = text_field()
    status: Category = status_field()

    class Config:
        name = "collaborations"
        unique = ["collab_id"]


class MembershipsSchema(_Base):
    """One row per spell of a force's membership of a collaboration; ``end`` is the first day out."""

    collab_id: String = ref_field("collaborations")
    force_id: String = ref_field("forces")
    start: DateTime = date_field()
    start_precision: Category = precision_field()
    end: DateTime = date_field()
    end_precision: Category = precision_field()
    known_by: DateTime = date_field()
    known_by_precision: Category = precision_field()
    known_until: DateTime = date_field()
    known_until_precision: Category = precision_field()
    note: String = text_field(nullable=True)
    source_id: String = ref_field("sources")
    locator: String = text_field()
    status: Category = status_field()

    class Config:
        name = "memberships"
        unique = ["collab_id", "force_id", "start"]


class EventsSchema(_Base):
    """One row per dated event in a collaboration's life (conflicting sources are separate rows)."""

    event_id: String = id_field()
    collab_id: String = ref_field("collaborations")
    event: Category = choice_field(EVENTS)
    date: DateTime = date_field()
    date_precision: Category = precision_field()
    forces: String = refs_field("forces")
    description: String = text_field(nullable=True)
    source_id: String = ref_field("sources")
    locator: String = text_field()
    status: Category = status_field()

    class Config:
        name = "events"
        unique = ["event_id"]


class BudgetsSchema(_Base):
    """One row per force's contribution to a collaboration in a financial year, on a stated basis."""

    collab_id: String = ref_field("collaborations")
    force_id: String = ref_field("forces")
    financial_year: String = fy_field()
    amount_gbp: Money = money_field()
    basis: String = text_field()
    total_id: String = ref_field("budget_totals", nullable=True)
    source_id: String = ref_field("sources")
    locator: String = text_field()
    status: Category = status_field()

    class Config:
        name = "budgets"
        unique = ["collab_id", "force_id", "financial_year", "basis"]


class BudgetTotalsSchema(_Base):
    """One row per published total that itemised budget rows should add up to (within its rounding)."""

    total_id: String = id_field()
    force_id: String = ref_field("forces")
    financial_year: String = fy_field()
    amount_gbp: Money = money_field()
    precision_gbp: Money = money_field(positive=True)
    same_as: String = ref_field("budget_totals", nullable=True)
    description: String = text_field(nullable=True)
    basis: String = text_field(nullable=True)
    source_id: String = ref_field("sources")
    locator: String = text_field()
    status: Category = status_field()

    class Config:
        name = "budget_totals"
        unique = ["total_id"]


class CostSharesSchema(_Base):
    """One row per force's percentage share of a collaboration's cost in a period."""

    collab_id: String = ref_field("collaborations")
    force_id: String = ref_field("forces")
    period: String = text_field()
    as_of: DateTime = date_field()
    as_of_precision: Category = precision_field()
    share_pct: Float = number_field(percent=True)
    basis: String = text_field(nullable=True)
    source_id: String = ref_field("sources")
    locator: String = text_field()
    status: Category = status_field()

    class Config:
        name = "cost_shares"
        unique = ["collab_id", "force_id", "period"]


class SavingsSchema(_Base):
    """One row per savings claim, kept as the claim it is (who claimed it, of what kind, for what period)."""

    saving_id: String = id_field()
    collab_id: String = ref_field("collaborations", nullable=True)
    force_id: String = ref_field("forces", nullable=True)
    forces: String = refs_field("forces")
    region: Category = choice_field(REGIONS, nullable=True)
    period_start: DateTime = date_field()
    period_start_precision: Category = precision_field()
    period_end: DateTime = date_field()
    period_end_precision: Category = precision_field()
    period_label: String = text_field(nullable=True)
    amount_gbp: Money = money_field(nullable=True)
    percent: Float = number_field(nullable=True, percent=True)
    percent_high: Float = number_field(nullable=True, percent=True)
    qualifier: Category = choice_field(QUALIFIERS)
    per: Category = choice_field(PER)
    kind: Category = choice_field(SAVING_KINDS)
    claimant: Category = choice_field(CLAIMANTS)
    description: String = text_field(nullable=True)
    source_id: String = ref_field("sources")
    locator: String = text_field()
    status: Category = status_field()

    class Config:
        name = "savings"
        unique = ["saving_id"]


class ContextSchema(_Base):
    """One row per context figure about a force (funding, officers, population...), with its definition."""

    context_id: String = id_field()
    force_id: String = ref_field("forces")
    measure: Category = choice_field(MEASURES)
    value: Float = number_field(money=True)
    unit: Category = choice_field(UNITS)
    financial_year: String = fy_field(nullable=True)
    as_of: DateTime = date_field()
    as_of_precision: Category = precision_field()
    period_label: String = text_field(nullable=True)
    definition: String = text_field(nullable=True)
    source_id: String = ref_field("sources")
    locator: String = text_field()
    status: Category = status_field()

    class Config:
        name = "context"
        unique = ["context_id"]


class SourcesSchema(_Base):
    """One row per source document; every fact row points at one through ``source_id``."""

    source_id: String = id_field()
    title: String = text_field()
    publisher: String = text_field(nullable=True)
    date: DateTime = date_field()
    date_precision: Category = precision_field()
    document: String = text_field(nullable=True)
    url: String = text_field(nullable=True)
    kind: Category = choice_field(SOURCE_KINDS)

    class Config:
        name = "sources"
        unique = ["source_id"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column as written in a file: how to read it and whether it may be blank."""

    name: str
    kind: str
    required: bool
    ref: str | None = None
    choices: tuple[str, ...] = ()
    percent: bool = False
    money: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One table: its file stem, model, the columns its file must have (in order) and its key."""

    name: str
    model: type[pa.DataFrameModel]
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    needs_rows: bool = False
    schema: pa.DataFrameSchema = field(repr=False, compare=False, default=None)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def output_columns(self) -> list[str]:
        """Columns of the loaded DataFrame: the file's columns, each date followed by its precision."""
        return list(self.schema.columns)

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


def _spec(model: type[pa.DataFrameModel], needs_rows: bool = False) -> TableSpec:
    schema = model.to_schema()
    columns = []
    for name, col in schema.columns.items():
        meta = col.metadata or {}
        if meta.get("kind") == "precision":
            continue
        choices: tuple[str, ...] = ()
        for check in col.checks:
            allowed = check.statistics.get("allowed_values") if check.statistics else None
            if allowed is not None:
                choices = tuple(allowed)
        columns.append(ColumnSpec(name=name, kind=meta["kind"], required=not col.nullable, ref=meta.get("ref"),
                                  choices=choices, percent=bool(meta.get("percent")),
                                  money=bool(meta.get("money"))))
    return TableSpec(name=schema.name, model=model, columns=tuple(columns), key=tuple(schema.unique or ()),
                     needs_rows=needs_rows, schema=schema)


#: Table name (file stem) -> its spec, in the order the contract lists them.
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        _spec(ForcesSchema, needs_rows=True),
        _spec(CollaborationsSchema, needs_rows=True),
        _spec(MembershipsSchema),
        _spec(EventsSchema),
        _spec(BudgetsSchema),
        _spec(BudgetTotalsSchema),
        _spec(CostSharesSchema),
        _spec(SavingsSchema),
        _spec(ContextSchema),
        _spec(SourcesSchema, needs_rows=True),
    )
}
