"""The analysis tests' hand-written fixture tables (tests/data/analysis/fixture_tables.py), loaded once."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "analysis_fixture_tables", Path(__file__).resolve().parent / "data" / "analysis" / "fixture_tables.py")
fixture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixture)
