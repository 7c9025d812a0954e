"""``Tables``: the twelve validated tables of a data set, with where each row came from.

>>> import collab_analysis as ca
>>> tables = ca.load()                                   # doctest: +SKIP
>>> tables.budgets.head()                                # doctest: +SKIP
>>> tables.resolve_force("Notts")                        # doctest: +SKIP
'nottinghamshire'

The name lookups (``resolve_force``, ``force_name``...) are :mod:`collab_analysis.forces`; the
methods here are kept for callers that hold only a ``Tables``.
"""
from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd

from .. import forces as _forces
from ..errors import ParameterError, Problem
from .cells import did_you_mean
from .models import TABLES


_NONE = np.zeros(0, dtype=np.int64)


class Tables:
    """The tables of the data set, typed, with the warnings found while loading them.

    Attributes
    ----------
    forces, collaborations, memberships, member_lists, events, budgets, budget_totals, cost_shares, savings, \
context, sources, meetings
        One DataFrame per table (``RangeIndex``; columns as in ``models.py``).
    warnings
        Problems of severity ``"warning"`` found while loading.
    files
        Table name -> the file it was read from.
    data_dir
        The folder the tables were read from.
    key
        The content key of the files read (see :mod:`processed`); ``None`` after :meth:`replace`.
    """

    forces: pd.DataFrame
    collaborations: pd.DataFrame
    memberships: pd.DataFrame
    member_lists: pd.DataFrame
    events: pd.DataFrame
    budgets: pd.DataFrame
    budget_totals: pd.DataFrame
    cost_shares: pd.DataFrame
    savings: pd.DataFrame
    context: pd.DataFrame
    sources: pd.DataFrame
    meetings: pd.DataFrame

    NAMES = tuple(TABLES)

    def __init__(self, frames: dict[str, pd.DataFrame], *, warnings: list[Problem] | None = None,
                 files: dict[str, Path] | None = None, hashes: dict[str, str] | None = None,
                 rows: dict[str, list[int]] | None = None, data_dir: Path | None = None, key: str | None = None):
        for name in self.NAMES:
            setattr(self, name, frames[name])
        self.warnings: list[Problem] = list(warnings or [])
        self.files: dict[str, Path] = dict(files or {})
        self.data_dir = data_dir
        self._hashes = dict(hashes or {})
        self._rows = {name: list(r) for name, r in (rows or {}).items()}
        #: The content key of the raw files these tables were read from (None once a table is replaced).
        self.key = key

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(getattr(self, name))}" for name in self.NAMES)
        return f"<Tables {sizes}; {len(self.warnings)} warning(s)>"

    def frames(self) -> dict[str, pd.DataFrame]:
        """Table name -> DataFrame, in the contract's order."""
        return {name: getattr(self, name) for name in self.NAMES}

    def row_of(self, table: str, index: int) -> int | None:
        """The spreadsheet row (header = row 1) that ``getattr(tables, table).loc[index]`` was read from."""
        rows = self._rows.get(table)
        return rows[index] if rows is not None and 0 <= index < len(rows) else None

    def rows(self) -> dict[str, list[int]]:
        """Table name -> the spreadsheet row of each of its rows, in order."""
        return {name: list(r) for name, r in self._rows.items()}

    def resolve_force(self, force: str) -> str:
        """The force_id that ``force`` names: :func:`collab_analysis.forces.resolve_force`."""
        return _forces.resolve_force(self, force)

    def resolve_collab(self, collaboration: str) -> str:
        """The collab_id that ``collaboration`` names: :func:`collab_analysis.forces.resolve_collab`."""
        return _forces.resolve_collab(self, collaboration)

    def force_name(self, force_id: str) -> str:
        """The force's name, e.g. ``"Leicestershire Police"``: :func:`collab_analysis.forces.force_name`."""
        return _forces.force_name(self, force_id)

    def collab_name(self, collab_id: str) -> str:
        """The collaboration's short name if it has one, else its name: :func:`collab_analysis.forces.collab_name`."""
        return _forces.collab_name(self, collab_id)

    def where(self, table: str, **equal) -> pd.DataFrame:
        """The rows of ``table`` whose columns equal the values given, in file order
        (``tables.where("budgets", force_id="leicestershire")``; a tuple means any of its values). A
        paper asks for its rows this way, so that what it read can be written down by key (see
        :mod:`.reading`)."""
        frame = getattr(self, table)
        return frame.iloc[self.positions(table, **equal)]

    def positions(self, table: str, **equal) -> np.ndarray:
        """The positions of the rows :meth:`where` gives (from an index per column, built once)."""
        frame = self.__dict__[table]
        found = None
        for column, value in equal.items():
            cached = self.__dict__.setdefault("_index", {}).get((table, column))
            if cached is None or cached[0] is not frame:  # built again if the table was swapped
                index: dict = {}
                for position, cell in enumerate(frame[column].tolist()):
                    if isinstance(cell, str) or not pd.isna(cell):
                        index.setdefault(cell, []).append(position)
                cached = frame, {k: np.asarray(v, dtype=np.int64) for k, v in index.items()}
                self.__dict__["_index"][(table, column)] = cached
            if isinstance(value, tuple):
                rows = np.unique(np.concatenate([_NONE, *(cached[1].get(v, _NONE) for v in value)]))
            else:
                rows = cached[1].get(value, _NONE)
            found = rows if found is None else np.intersect1d(found, rows, assume_unique=True)
        return np.arange(len(frame)) if found is None else found

    def row_hashes(self, table: str) -> np.ndarray:
        """One 64-bit hash of each row's cells, in order (built once): what :mod:`.reading` compares."""
        cache = self.__dict__.setdefault("_row_hashes", {})
        frame = self.__dict__[table]
        if table not in cache or cache[table][0] is not frame:
            cache[table] = frame, pd.util.hash_pandas_object(frame, index=False).to_numpy()
        return cache[table][1]

    def copy(self) -> "Tables":
        """A copy whose DataFrames can be changed without touching this one's."""
        twin = copy.copy(self)
        for cache in ("_names", "_index", "_row_hashes"):
            twin.__dict__.pop(cache, None)
        for name in self.NAMES:
            setattr(twin, name, getattr(self, name).copy())
        twin.warnings = list(self.warnings)
        return twin

    def replace(self, **frames: pd.DataFrame) -> "Tables":
        """A new Tables with some tables swapped (``tables.replace(budgets=frame)``), for what-if questions.

        The names and aliases are looked up afresh, so a changed ``forces`` or ``collaborations``
        is what :meth:`resolve_force` and :meth:`collab_name` read. Nothing is validated again.
        """
        unknown = sorted(set(frames) - set(self.NAMES))
        if unknown:
            raise ParameterError("table", unknown[0], sorted(self.NAMES),
                                 suggestion=did_you_mean(unknown[0], list(self.NAMES), cutoff=0.6))
        return Tables({**self.frames(), **frames}, warnings=self.warnings, files=self.files, hashes=self._hashes,
                      rows=self._rows, data_dir=self.data_dir, key=None)

    def data_hashes(self) -> dict[str, str]:
        """File name -> sha256 of the file's bytes as read, sorted by file name (for the run record)."""
        return dict(sorted(self._hashes.items()))


# TEMPORARY shim: tests/conftest.py imports load from here. Import load and validate from
# collab_analysis.data (or data.loader) and write_processed from data.processed instead.
_MOVED = {"load": "loader", "validate": "loader", "write_processed": "processed"}


def __getattr__(name: str):
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(f"{__package__}.{_MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
