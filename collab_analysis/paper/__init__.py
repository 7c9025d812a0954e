"""A paper: its facts, computed from the tables, then the words and charts that show them.

>>> import collab_analysis as ca
>>> tables = ca.load()                                                  # doctest: +SKIP
>>> paper = ca.paper.facts(tables, "leicestershire", "2019-20")        # doctest: +SKIP
>>> paper.costs                                                         # doctest: +SKIP

``facts`` checks its parameters against the data first (an unknown force, or a year the sources do
not reach, is refused with the valid choices), so a notebook run straight through papermill stops
with the same message the build gives.
"""
from .facts import PaperFacts, check_parameters, facts, overview_facts

__all__ = ["PaperFacts", "check_parameters", "facts", "overview_facts"]
