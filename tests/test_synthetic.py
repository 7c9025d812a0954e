"""Is the synthetic data set valid by construction, at every size the tests and the bench ask for?"""
from __future__ import annotations

import pytest

from collab_analysis.data.loader import load, validate
from collab_analysis.data.synthetic import write_synthetic
from collab_analysis import forces, meetings


def test_small_set_is_valid_and_warning_free(tmp_path):
    data = write_synthetic(tmp_path / "data", forces=3, years=2)
    assert validate(data) == []
    tables = load(data)
    assert [f for f, _, _ in forces.panels(tables)] == ["force-01", "force-02", "force-03"]
    assert sorted(tables.budgets["financial_year"].unique()) == ["2028-29", "2029-30"]
    assert meetings.cycle_year(tables) == "2029-30"


@pytest.mark.slow
def test_england_and_wales_sized_set_is_valid(tmp_path):
    """43 forces in the ten regions, 40 collaborations, 20 years: valid, with about 3,000 budget lines."""
    data = write_synthetic(tmp_path / "data", forces=43, collaborations=40, years=20)
    tables = load(data)
    assert tables.warnings == []
    assert len(tables.forces) == 43 and len(tables.collaborations) == 40
    assert tables.budgets["financial_year"].nunique() == 20
    assert tables.forces["region"].nunique() == 10
    assert len(tables.budgets) > 2000
    assert len(meetings.papers_for_cycle(tables, "2029-30")) == 43


def test_same_seed_same_bytes(tmp_path):
    a = write_synthetic(tmp_path / "a", forces=5, years=2)
    b = write_synthetic(tmp_path / "b", forces=5, years=2)
    assert [p.read_bytes() for p in sorted(a.iterdir())] == [p.read_bytes() for p in sorted(b.iterdir())]
