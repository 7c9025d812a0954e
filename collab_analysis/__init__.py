"""collab-analysis: scrutiny of cross-force police collaboration for Police and Crime Panels.

>>> import collab_analysis as ca
>>> tables = ca.load()                                   # doctest: +SKIP
>>> ca.members(tables, "emopss", on="2019-06-01")         # doctest: +SKIP
['leicestershire', 'lincolnshire', 'northamptonshire']

The public API is re-exported here lazily, so that ``collab-analysis build`` with nothing to do
does not pay for importing pandas and matplotlib.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "load": "data",
    "validate": "data",
    "Tables": "data",
    "write_processed": "data",
    "members": "membership",
    "membership_matrix": "membership",
    "membership_changes": "membership",
    "timeline": "membership",
    "contributions": "budgets",
    "reconcile": "budgets",
    "budget_share": "budgets",
    "contribution_changes": "budgets",
    "latest_year": "budgets",
    "savings_claims": "savings",
    "CollabAnalysisError": "errors",
    "DataError": "errors",
    "ParameterError": "errors",
    "BuildError": "errors",
    "Problem": "errors",
}
_SUBMODULES = {"data", "paper", "publish", "errors", "paths", "membership", "budgets", "savings", "cli"}

__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'collab_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
