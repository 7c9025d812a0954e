"""Forces and collaborations by name: the lookups an analyst and every paper need.

People write "Notts", "Leics" or "Nottinghamshire Police"; the tables hold ``nottinghamshire``.
Every function here accepts an id, a name or an alias, in any case, and refuses a name it does
not know with the closest one as a "did you mean", never a silent substitution.

>>> import collab_analysis as ca
>>> from collab_analysis import forces
>>> tables = ca.load()                                            # doctest: +SKIP
>>> forces.resolve_force(tables, "Notts")                          # doctest: +SKIP
'nottinghamshire'
>>> forces.panels(tables)[0]                                       # doctest: +SKIP
('derbyshire', 'Derbyshire Police and Crime Panel', 'east-midlands')
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .data.cells import IdIndex, did_you_mean, index_of
from .data.fields import REGIONS
from .errors import InvalidValue, ParameterError

__all__ = ["collab_full_name", "collab_name", "force_name", "panels", "region_forces", "region_of",
           "resolve_collab", "resolve_force"]


@dataclass
class _Names:
    """Every name of every force and collaboration, looked up once per pair of tables."""

    forces: pd.DataFrame
    collaborations: pd.DataFrame
    force_index: IdIndex
    collab_index: IdIndex
    force_names: dict[str, str]
    short_names: dict[str, str]
    full_names: dict[str, str]
    regions: dict[str, str]


def _names(tables) -> _Names:
    """The lookups for ``tables``, rebuilt whenever its forces or collaborations frame is replaced."""
    cached = tables.__dict__.get("_names")
    if cached is not None and cached.forces is tables.forces and cached.collaborations is tables.collaborations:
        return cached
    forces, collabs = tables.forces, tables.collaborations

    def texts(column: pd.Series) -> list[str]:
        return ["" if pd.isna(v) else str(v) for v in column]

    full = {str(c): str(n) for c, n in zip(collabs["collab_id"], collabs["name"]) if not pd.isna(c)}
    names = _Names(
        forces=forces, collaborations=collabs,
        force_index=index_of("force_id", "forces.csv", texts(forces["force_id"]), aliases=texts(forces["aliases"]),
                             names=[texts(forces["name"])])[0],
        collab_index=index_of("collab_id", "collaborations.csv", texts(collabs["collab_id"]),
                              names=[texts(collabs["short_name"]), texts(collabs["name"])])[0],
        force_names={str(f): str(n) for f, n in zip(forces["force_id"], forces["name"]) if not pd.isna(f)},
        short_names={str(c): (str(s) if not pd.isna(s) and str(s) else full[str(c)])
                     for c, s in zip(collabs["collab_id"], collabs["short_name"]) if not pd.isna(c)},
        full_names=full,
        regions={str(f): str(r) for f, r in zip(forces["force_id"], forces["region"]) if not pd.isna(f)})
    tables.__dict__["_names"] = names
    return names


def _resolve(index: IdIndex, what: str, value: str) -> str:
    try:
        return index.resolve(str(value))
    except InvalidValue:
        suggestion = did_you_mean(str(value), list(index.names), cutoff=0.6)
        raise ParameterError(what, value, sorted(index.ids),
                             suggestion=index.names[suggestion] if suggestion else None) from None


def resolve_force(tables, force: str) -> str:
    """The force_id that ``force`` names (an id, name or alias, any case): ``"Notts"`` -> ``"nottinghamshire"``.

    Raises
    ------
    ParameterError
        When ``force`` names no force; the message suggests the closest one and lists the ids.
    """
    return _resolve(_names(tables).force_index, "force", force)


def resolve_collab(tables, collaboration: str) -> str:
    """The collab_id that ``collaboration`` names (its id, short name or name, any case): ``"EMSOU"`` -> ``"emsou"``.

    Raises
    ------
    ParameterError
        When ``collaboration`` names no collaboration; the message suggests the closest one.
    """
    return _resolve(_names(tables).collab_index, "collaboration", collaboration)


def force_name(tables, force: str) -> str:
    """The force's name, e.g. ``"Leicestershire Police"`` (``force`` may be an alias)."""
    names = _names(tables)
    name = names.force_names.get(force)
    return name if name is not None else names.force_names[resolve_force(tables, force)]


def collab_name(tables, collaboration: str) -> str:
    """The name a paper uses for a collaboration: its short name if it has one (``"EMSOU"``), else its name."""
    names = _names(tables)
    name = names.short_names.get(collaboration)
    return name if name is not None else names.short_names[resolve_collab(tables, collaboration)]


def collab_full_name(tables, collaboration: str) -> str:
    """The collaboration's full name, e.g. ``"East Midlands Special Operations Unit"``."""
    names = _names(tables)
    name = names.full_names.get(collaboration)
    return name if name is not None else names.full_names[resolve_collab(tables, collaboration)]


def region_of(tables, force: str) -> str:
    """The region id of a force, e.g. ``"east-midlands"``."""
    return _names(tables).regions[resolve_force(tables, force)]


def panels(tables) -> list[tuple[str, str, str]]:
    """Every force with a Police and Crime Panel, as (force_id, panel_name, region), in forces.csv order.

    These are the papers a cycle builds: a force without a ``panel_name`` gets none.
    """
    forces = tables.forces
    return [(str(f), str(p), str(r)) for f, p, r in zip(forces["force_id"], forces["panel_name"], forces["region"])
            if not pd.isna(f) and not pd.isna(p) and str(p)]


def region_forces(tables, region: str) -> list[str]:
    """The force ids of a region, in forces.csv order (``[]`` for a region with no force in the data).

    Raises
    ------
    ParameterError
        When ``region`` is not a region id (the message suggests the closest one).
    """
    if region not in REGIONS:
        raise ParameterError("region", region, list(REGIONS), suggestion=did_you_mean(region, REGIONS, cutoff=0.6))
    forces = tables.forces
    return [str(f) for f, r in zip(forces["force_id"], forces["region"]) if not pd.isna(f) and r == region]
