"""Reading the tables: files, cells, models, load, and the validated ``Tables``.

>>> import collab_analysis as ca
>>> tables = ca.data.load()          # doctest: +SKIP
"""
from .tables import Tables, load, validate, write_processed

__all__ = ["Tables", "load", "validate", "write_processed"]
