"""Reading the tables: files, cells, models, checks, load, and the validated ``Tables``.

>>> import collab_analysis as ca
>>> tables = ca.data.load()          # doctest: +SKIP

The stages, each its own module: ``read`` (a table's file as text rows; ``xlsx`` for workbooks),
``cells`` (one cell's text to a value), ``models`` (the pandera models and the ``TABLES`` registry),
``normalise`` (text rows to typed frames, checked by their models), ``checks`` and ``provenance``
(rules across rows and tables; ``excerpts`` reads the figures a source's words state),
``processed`` (the validated parquet cache in data/processed), ``tables`` (``Tables``) and ``loader``
(``load`` and ``validate``: one pass over the folder).

The public names are imported lazily, so that ``collab_analysis.years`` can use ``data.cells``
without importing pandas' whole loader.
"""
from __future__ import annotations

import importlib

_EXPORTS = {"load": "loader", "validate": "loader", "Tables": "tables", "write_processed": "processed"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
