"""The twelve tables: one pandera ``DataFrameModel`` each, and the ``TABLES`` registry built from them.

Each model describes a table as ``load()`` returns it (typed columns, a ``<col>_precision`` column
after each date column). Every fact table shares one base model, :class:`Provenance`, for the four
columns it ends with (``source_id, locator, excerpt, status``), so those are declared once. Each
field's ``metadata["kind"]`` tells the loader how to read the cell's text before the model checks
the typed table:

======== =====================================================================================
kind     what the loader does with the text
======== =====================================================================================
id       the table's own id: a slug (lower-case letters, digits, hyphens)
ref      an id of another table (``metadata["ref"]``), resolved through its ids and aliases
refs     a ``;`` list of such ids, each resolved, joined back with ``;``
text     kept as written (stripped), within ``metadata["limit"]`` characters
url      a web address (http or https)
list     a ``;`` list of free text (aliases), tidied and joined back with ``;``
choice   one of the values in the field's ``isin`` check (a category)
status   S, C, C2 or D (NC gets its own message)
money    whole pounds (``£6.352m`` -> 6352000), Int64
number   a float (``metadata["percent"]``: may end in %, ``metadata["money"]``: may be written £6.3m)
date     ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` -> first day of the period + ``<col>_precision``
fy       a financial year, ``2019-20``
======== =====================================================================================

The registry (``TABLES``) lists the columns of each file in order, the key, and whether the table
may be empty. The models are the single place a column is declared; ``data/raw/README.md`` says
what each means.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandera.pandas as pa

from .fields import (AREAS_OF_WORK, CLAIMANTS, COVERAGE, EVENTS, EVIDENCE, MEASURES, PER, QUALIFIERS, REGIONS,
                     SAVING_KINDS, SCOPES, SOURCE_KINDS, THEMES, UNITS, YES, YES_NO, Category, DateTime, Float, Money,
                     String, choice_field, date_field, fy_field, id_field, list_field, money_field, number_field,
                     precision_field, ref_field, refs_field, status_field, text_field, url_field)

#: The provenance columns every fact table ends with, in this order.
PROVENANCE = ("source_id", "locator", "excerpt", "status")


class Provenance(pa.DataFrameModel):
    """Where a fact comes from: its source, the place in the source, the source's words, and its status."""

    source_id: String = ref_field("sources")
    locator: String = text_field("label")
    excerpt: String = text_field("excerpt", nullable=True)
    status: Category = status_field()

    class Config:
        strict = True
        ordered = True


class Described(Provenance):
    """Provenance for rows that carry no figure (a force, a collaboration): the excerpt may be blank."""


class Secretariat(Provenance):
    """Provenance that may be blank throughout: rows the secretariat fills in carry no source."""

    source_id: String = ref_field("sources", nullable=True)
    locator: String = text_field("label", nullable=True)
    status: Category = status_field(nullable=True)


class ForcesSchema(Described):
    """One row per police force: its id, name, region, the names people use for it, and its panel."""

    force_id: String = id_field()
    name: String = text_field("name")
    region: Category = choice_field(REGIONS)
    aliases: String = list_field()
    panel_name: String = text_field("name", nullable=True)
    panel_url: String = url_field()
    former_panel_name: String = text_field("name", nullable=True)   # the panel's name before panel_renamed
    panel_renamed: DateTime = date_field()                          # the day panel_name took effect

    class Config:
        name = "forces"
        unique = ["force_id"]


class CollaborationsSchema(Described):
    """One row per collaboration (EMSOU branches point at EMSOU through ``parent_id``)."""

    collab_id: String = id_field()
    name: String = text_field("name")
    short_name: String = text_field("short", nullable=True)
    parent_id: String = ref_field("collaborations", nullable=True)
    scope: Category = choice_field(SCOPES, nullable=True)
    region: Category = choice_field(REGIONS, nullable=True)
    area_of_work: Category = choice_field(AREAS_OF_WORK, nullable=True)
    host_force: String = ref_field("forces", nullable=True)
    description: String = text_field("long", nullable=True)

    class Config:
        name = "collaborations"
        unique = ["collab_id"]


class MembershipsSchema(Provenance):
    """One row per source's statement about one force in one collaboration, at a date."""

    collab_id: String = ref_field("collaborations")
    force_id: String = ref_field("forces")
    date: DateTime = date_field(nullable=False)
    date_precision: Category = precision_field()
    evidence: Category = choice_field(EVIDENCE)
    qualifier: String = text_field("label", nullable=True)
    note: String = text_field("long", nullable=True)

    class Config:
        name = "memberships"
        unique = ["collab_id", "force_id", "date", "evidence", "source_id"]


class MemberListsSchema(Provenance):
    """One row per source that lists a collaboration's members, saying whether it presents the list as complete."""

    collab_id: String = ref_field("collaborations")
    source_id: String = ref_field("sources")
    date: DateTime = date_field(nullable=False)
    date_precision: Category = precision_field()
    complete: Category = choice_field(YES_NO)
    note: String = text_field("long", nullable=True)

    class Config:
        name = "member_lists"
        unique = ["collab_id", "source_id", "date"]


class EventsSchema(Provenance):
    """One row per dated development (conflicting sources are separate rows); ``key`` marks the material ones.

    ``theme`` and ``question``: the question a panel may wish to ask about a key development, under
    one of the six scrutiny themes (added by the data dictionary beyond SPEC-data.md).
    """

    event_id: String = id_field()
    collab_id: String = ref_field("collaborations", nullable=True)
    event: Category = choice_field(EVENTS)
    date: DateTime = date_field()
    date_precision: Category = precision_field()
    forces: String = refs_field("forces")
    region: Category = choice_field(REGIONS, nullable=True)
    key: Category = choice_field(YES, nullable=True)
    description: String = text_field("long", nullable=True)
    theme: Category = choice_field(THEMES, nullable=True)
    question: String = text_field("long", nullable=True)

    class Config:
        name = "events"
        unique = ["event_id"]


class BudgetsSchema(Provenance):
    """One row per force's contribution to a collaboration in a financial year, on a stated basis."""

    collab_id: String = ref_field("collaborations")
    force_id: String = ref_field("forces")
    financial_year: String = fy_field()
    amount_gbp: Money = money_field()
    precision_gbp: Money = money_field(positive=True)
    basis: String = text_field("label")
    total_id: String = ref_field("budget_totals", nullable=True)

    class Config:
        name = "budgets"
        unique = ["collab_id", "force_id", "financial_year", "basis"]


class BudgetTotalsSchema(Provenance):
    """One row per published total that itemised budget rows should add up to (within its rounding)."""

    total_id: String = id_field()
    force_id: String = ref_field("forces")
    financial_year: String = fy_field()
    amount_gbp: Money = money_field()
    precision_gbp: Money = money_field(positive=True)
    same_as: String = ref_field("budget_totals", nullable=True)
    description: String = text_field("long", nullable=True)
    basis: String = text_field("label", nullable=True)

    class Config:
        name = "budget_totals"
        unique = ["total_id"]


class CostSharesSchema(Provenance):
    """One row per force's percentage share of a collaboration's cost in a period."""

    collab_id: String = ref_field("collaborations")
    force_id: String = ref_field("forces")
    period: String = text_field("label")
    as_of: DateTime = date_field()
    as_of_precision: Category = precision_field()
    share_pct: Float = number_field(percent=True)
    precision_pct: Float = number_field(positive=True)
    basis: String = text_field("label", nullable=True)

    class Config:
        name = "cost_shares"
        unique = ["collab_id", "force_id", "period"]


class SavingsSchema(Provenance):
    """One row per savings claim, kept as the claim it is (who made it, of what kind, covering what)."""

    saving_id: String = id_field()
    collab_id: String = ref_field("collaborations", nullable=True)
    force_id: String = ref_field("forces", nullable=True)
    forces: String = refs_field("forces")
    region: Category = choice_field(REGIONS, nullable=True)
    coverage: Category = choice_field(COVERAGE)
    period_start: DateTime = date_field()
    period_start_precision: Category = precision_field()
    period_end: DateTime = date_field()
    period_end_precision: Category = precision_field()
    period_label: String = text_field("label", nullable=True)
    amount_gbp: Money = money_field(nullable=True)
    precision_gbp: Money = money_field(nullable=True, positive=True)
    percent: Float = number_field(nullable=True, percent=True)
    percent_high: Float = number_field(nullable=True, percent=True)
    percent_of: String = text_field("label", nullable=True)
    scope: String = text_field("label", nullable=True)
    qualifier: Category = choice_field(QUALIFIERS)
    per: Category = choice_field(PER)
    kind: Category = choice_field(SAVING_KINDS)
    claimant: Category = choice_field(CLAIMANTS)
    made_by: String = text_field("label")
    description: String = text_field("long", nullable=True)

    class Config:
        name = "savings"
        unique = ["saving_id"]


class ContextSchema(Provenance):
    """One row per context figure about a force (funding, officers, population...), with its definition."""

    context_id: String = id_field()
    force_id: String = ref_field("forces")
    measure: Category = choice_field(MEASURES)
    value: Float = number_field(money=True)
    unit: Category = choice_field(UNITS)
    precision: Float = number_field(positive=True, money=True)
    financial_year: String = fy_field(nullable=True)
    as_of: DateTime = date_field()
    as_of_precision: Category = precision_field()
    period_label: String = text_field("label", nullable=True)
    definition: String = text_field("long", nullable=True)

    class Config:
        name = "context"
        unique = ["context_id"]


class SourcesSchema(pa.DataFrameModel):
    """One row per source document; every fact row points at one through ``source_id``."""

    source_id: String = id_field()
    title: String = text_field("title")
    publisher: String = text_field("label", nullable=True)
    date: DateTime = date_field(nullable=False)
    date_precision: Category = precision_field()
    document: String = text_field("label", nullable=True)
    url: String = url_field()
    kind: Category = choice_field(SOURCE_KINDS)

    class Config:
        name = "sources"
        unique = ["source_id"]
        strict = True
        ordered = True


class MeetingsSchema(Secretariat):
    """One row per panel and financial year: the meeting that cycle's paper is for (blank date: the year's end)."""

    force_id: String = ref_field("forces")
    financial_year: String = fy_field()
    meeting_date: DateTime = date_field()
    meeting_date_precision: Category = precision_field()
    agenda_item: String = text_field("label", nullable=True)
    title: String = text_field("title", nullable=True)
    author: String = text_field("label", nullable=True)
    recommendation: String = text_field("long", nullable=True)
    purpose: String = text_field("long", nullable=True)

    class Config:
        name = "meetings"
        unique = ["force_id", "financial_year"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column as written in a file: how to read it, whether it may be blank, how long it may be."""

    name: str
    kind: str
    required: bool
    ref: str | None = None
    choices: tuple[str, ...] = ()
    percent: bool = False
    money: bool = False
    limit: int | None = None
    lines: bool = False


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


def _own_order(model: type[pa.DataFrameModel], schema: pa.DataFrameSchema) -> list[str]:
    """The table's own columns as its model declares them, then the provenance columns it inherits.

    pandera puts a base model's fields first; the contract puts provenance last (member_lists
    declares ``source_id`` early, as part of its key, and keeps that place).
    """
    own = [name for name in model.__annotations__ if name in schema.columns]
    return own + [name for name in PROVENANCE if name in schema.columns and name not in own]


def _spec(model: type[pa.DataFrameModel], needs_rows: bool = False) -> TableSpec:
    schema = model.to_schema()
    schema = schema.select_columns(_own_order(model, schema))
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
                                  choices=choices, percent=bool(meta.get("percent")), money=bool(meta.get("money")),
                                  limit=meta.get("limit"), lines=bool(meta.get("lines"))))
    return TableSpec(name=schema.name, model=model, columns=tuple(columns), key=tuple(schema.unique or ()),
                     needs_rows=needs_rows, schema=schema)


#: Table name (file stem) -> its spec, in the order the contract lists them.
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        _spec(ForcesSchema, needs_rows=True),
        _spec(CollaborationsSchema, needs_rows=True),
        _spec(MembershipsSchema),
        _spec(MemberListsSchema),
        _spec(EventsSchema),
        _spec(BudgetsSchema),
        _spec(BudgetTotalsSchema),
        _spec(CostSharesSchema),
        _spec(SavingsSchema),
        _spec(ContextSchema),
        _spec(SourcesSchema, needs_rows=True),
        _spec(MeetingsSchema),
    )
}
