"""Does keeping each table's validation between loads give exactly what a full load gives, and check
again only the tables a correction touches?"""
from __future__ import annotations

import pandas as pd
import pytest

from collab_analysis.data import loader
from collab_analysis.errors import DataError

from loader_helpers import copy_good, set_cell


@pytest.fixture
def counted(monkeypatch):
    """The tables whose cells were read into types, in order."""
    seen: list[str] = []
    real = loader.normalise_table

    def normalise(spec, raw, indexes, problems):
        seen.append(spec.name)
        return real(spec, raw, indexes, problems)

    monkeypatch.setattr(loader, "normalise_table", normalise)
    return seen


def _fresh(data, memo=None):
    loader._LOADED.clear()                  # the in-memory copy of the last load would hide the work
    return loader.load(data, processed=False, memo=memo)


def _same(a, b) -> None:
    for name in a.NAMES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.warnings == b.warnings


def test_a_kept_validation_gives_what_a_full_load_gives(tmp_path, counted):
    data = copy_good(tmp_path)
    set_cell(data, "memberships", 4, "excerpt", "officers from three forces")   # a warning (test_provenance)
    plain = _fresh(data)
    first = _fresh(data, tmp_path / "memo")
    counted.clear()
    again = _fresh(data, tmp_path / "memo")
    assert counted == []                    # nothing read into types a second time
    _same(plain, first)
    _same(plain, again)
    assert [(w.row, w.rule) for w in again.warnings] == [(4, "excerpt-names-force")]   # replayed too


def test_a_correction_checks_again_only_its_table(tmp_path, counted):
    data = copy_good(tmp_path)
    _fresh(data, tmp_path / "memo")
    set_cell(data, "budgets", 5, "amount_gbp", "£6.353m")   # row 5: northamptonshire's EMOpSS
    set_cell(data, "budgets", 5, "excerpt", "2019-20 Net Budget £6.353m")
    counted.clear()
    corrected = _fresh(data, tmp_path / "memo")
    assert counted == ["budgets"]
    _same(_fresh(data), corrected)
    amount = corrected.budgets.loc[corrected.budgets["force_id"] == "northamptonshire", "amount_gbp"]
    assert amount.tolist() == [6_353_000]


def test_a_forces_correction_checks_again_every_table_that_names_a_force(tmp_path, counted):
    data = copy_good(tmp_path)
    _fresh(data, tmp_path / "memo")
    set_cell(data, "forces", 2, "aliases", "Leics; LLR; Leicester")
    counted.clear()
    _fresh(data, tmp_path / "memo")
    assert "budgets" in counted and "forces" in counted


def test_an_error_is_reported_the_same_with_a_kept_validation(tmp_path):
    data = copy_good(tmp_path)
    _fresh(data, tmp_path / "memo")
    set_cell(data, "budgets", 5, "amount_gbp", "six million")
    with pytest.raises(DataError) as plain:
        _fresh(data)
    with pytest.raises(DataError) as kept:
        _fresh(data, tmp_path / "memo")
    assert kept.value.problems == plain.value.problems
    assert any(p.file.endswith("budgets.csv") and p.row == 5 and p.column == "amount_gbp"
               for p in kept.value.problems)
    with pytest.raises(DataError) as twice:   # the error's own step is replayed: still an error
        _fresh(data, tmp_path / "memo")
    assert twice.value.problems == plain.value.problems


def test_an_unreadable_kept_file_is_worked_out_again(tmp_path, counted):
    data = copy_good(tmp_path)
    _fresh(data, tmp_path / "memo")
    for kept in (tmp_path / "memo").glob("*.pickle"):
        kept.write_bytes(b"not a pickle")
    counted.clear()
    _same(_fresh(data), _fresh(data, tmp_path / "memo"))
    assert "budgets" in counted


def test_a_missing_column_is_reported_the_same_with_a_kept_validation(tmp_path):
    """A missing column flags the whole column (no row): is its problem kept and replayed like any other?"""
    from loader_helpers import read_records, write_records

    data = copy_good(tmp_path)
    _fresh(data, tmp_path / "memo")
    path = data / "budgets.csv"
    records = read_records(path)
    drop = records[0].index("basis")
    write_records(path, [r[:drop] + r[drop + 1:] for r in records])
    with pytest.raises(DataError) as plain:
        _fresh(data)
    for _ in range(2):   # worked out, then replayed
        with pytest.raises(DataError) as kept:
            _fresh(data, tmp_path / "memo")
        assert kept.value.problems == plain.value.problems
    assert [(p.row, p.column, p.rule) for p in plain.value.problems] == [(1, "basis", "column-missing")]
