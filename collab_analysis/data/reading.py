"""What one paper read of the tables, so a later build can tell, without working the paper out again,
that nothing it read has changed.

``Reading(tables)`` is the tables as one paper sees them. Every table the paper's code touches as a
whole (``tables.sources``) is written down as read whole; rows it asks for by key
(``tables.where("budgets", force_id="leicestershire")``) are written down as that key. :meth:`record`
gives each read with a hash of what it returned, and :func:`unchanged` checks a record against
other tables: equal hashes for every read mean the paper was given the same rows, so its facts (a
function of those rows and its parameters) are the same.

It is sound by construction: code that reads a table any other way reads it whole, and a whole
table's hash changes with any cell. Caches kept on a ``Tables`` object (name lookups, publication
dates) are not carried over, so the paper's own reads build them again and are written down.

>>> import collab_analysis as ca
>>> tables = ca.load()                                                         # doctest: +SKIP
>>> reading = Reading(tables)                                                  # doctest: +SKIP
>>> ca.budgets.contributions(reading, "leicestershire", "2019-20")             # doctest: +SKIP
>>> reading.record()[:2]                                                       # doctest: +SKIP
[['budgets', [['force_id', 'leicestershire']], '5f0c...'], ['forces', [], '9a1e...']]
"""
from __future__ import annotations

import hashlib

from .tables import Tables

#: What a reading shares with the tables it reads: the frames and what describes them, never the caches.
_SHARED = ("warnings", "files", "data_dir", "_hashes", "_rows")
_JSON_SCALARS = (str, int, float, bool)


class Reading(Tables):
    """The tables as one paper reads them (see the module's docstring)."""

    def __init__(self, tables: Tables):
        shared = {name: tables.__dict__[name] for name in (*Tables.NAMES, *_SHARED) if name in tables.__dict__}
        self.__dict__.update(shared, key=None, _base=tables, _reads={})

    def __getattribute__(self, name: str):
        if name in _NAMES:
            object.__getattribute__(self, "_reads")[(name, ())] = None
        return object.__getattribute__(self, name)

    def where(self, table: str, **equal):
        key = tuple(sorted(equal.items()))
        reads = self.__dict__["_reads"]
        if all(isinstance(v, _JSON_SCALARS) or (isinstance(v, tuple) and all(isinstance(x, _JSON_SCALARS) for x in v))
               for _, v in key):
            reads[(table, key)] = None
        else:  # a key that cannot be written down: the whole table counts as read
            reads[(table, ())] = None
        return self.__dict__["_base"].where(table, **equal)

    def record(self) -> list[list]:
        """Each read, oldest table name first: ``[table, [[column, value], ...], hash]`` (no columns: whole)."""
        base = self.__dict__["_base"]
        return [[table, [[column, list(v) if isinstance(v, tuple) else v] for column, v in key],
                 slice_hash(base, table, key)]
                for table, key in sorted(self.__dict__["_reads"], key=lambda r: (r[0], repr(r[1])))]


_NAMES = frozenset(Tables.NAMES)


def slice_hash(tables: Tables, table: str, key) -> str:
    """A hash of the rows of ``table`` equal to ``key`` (all rows for no key), in their order."""
    hashes = tables.row_hashes(table)
    if key:
        hashes = hashes[tables.positions(table, **dict(key))]
    digest = hashlib.sha256(" ".join(getattr(tables, table).columns).encode("utf-8"))
    digest.update(hashes.tobytes())
    return digest.hexdigest()[:32]


def unchanged(record, tables: Tables) -> bool:
    """Whether every read in ``record`` (from :meth:`Reading.record`) gives the same rows in ``tables``."""
    try:
        return all(slice_hash(tables, table, tuple((c, tuple(v) if isinstance(v, list) else v) for c, v in key))
                   == digest
                   for table, key, digest in record)
    except (AttributeError, KeyError, TypeError, ValueError):  # a record from another version: work it out
        return False
