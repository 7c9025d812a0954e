"""Does the cache say a paper is up to date exactly when none of its inputs changed, and why not?"""
from __future__ import annotations

from pathlib import Path

from collab_analysis.publish.cache import Cache, Inputs, data_files, why_rebuild, write_atomic


def _inputs(**change) -> Inputs:
    base = dict(notebook="nb1", parameters={"force_id": "leicestershire", "financial_year": "2019-20"},
                data={"budgets.csv": "b1", "forces.csv": "f1"}, package={"paper.py": "p1"},
                libraries={"matplotlib": "3.9.0", "python": "3.11.7"})
    base.update(change)
    return Inputs(**base)


def _built(tmp_path: Path, inputs: Inputs) -> tuple[Cache, Path]:
    cache = Cache(tmp_path / "build", tmp_path / "reports")
    output = tmp_path / "reports" / "2019-20" / "leicestershire.html"
    write_atomic(output, "<html>paper</html>")
    cache.store("2019-20/leicestershire", inputs, output)
    return cache, output


def test_nothing_changed_means_up_to_date(tmp_path):
    cache, output = _built(tmp_path, _inputs())
    assert why_rebuild(cache.record("2019-20/leicestershire"), _inputs(), output) == []


def test_each_kind_of_change_is_named(tmp_path):
    cache, output = _built(tmp_path, _inputs())
    record = cache.record("2019-20/leicestershire")
    assert why_rebuild(record, _inputs(notebook="nb2"), output) == ["notebook changed"]
    params = {"force_id": "leicestershire", "financial_year": "2018-19"}
    assert why_rebuild(record, _inputs(parameters=params), output) == ["parameter financial_year changed"]
    data = {"budgets.csv": "b2", "forces.csv": "f1"}
    assert why_rebuild(record, _inputs(data=data), output) == ["budgets.csv changed"]
    assert why_rebuild(record, _inputs(data={"forces.csv": "f1"}), output) == ["budgets.csv removed"]
    assert why_rebuild(record, _inputs(package={"paper.py": "p2"}), output) == ["collab_analysis/paper.py changed"]
    libs = {"matplotlib": "3.10.0", "python": "3.11.7"}
    assert why_rebuild(record, _inputs(libraries=libs), output) == ["matplotlib 3.9.0 -> 3.10.0"]


def test_missing_or_edited_output_is_rebuilt(tmp_path):
    cache, output = _built(tmp_path, _inputs())
    record = cache.record("2019-20/leicestershire")
    output.write_text("<html>edited by hand</html>")
    assert why_rebuild(record, _inputs(), output) == ["output changed since it was built"]
    output.unlink()
    assert why_rebuild(record, _inputs(), output) == ["output missing"]
    assert why_rebuild(None, _inputs(), output) == ["not built before"]


def test_records_are_kept_per_output_folder(tmp_path):
    cache, _ = _built(tmp_path, _inputs())
    other = Cache(tmp_path / "build", tmp_path / "elsewhere")
    assert other.record("2019-20/leicestershire") is None
    assert cache.record("2019-20/leicestershire") is not None


def test_data_files_hash_content_not_time(tmp_path):
    (tmp_path / "budgets.csv").write_text("a,b\n1,2\n")
    (tmp_path / "notes.txt").write_text("not a table")
    (tmp_path / "~$budgets.xlsx").write_text("excel lock file")
    first = data_files(tmp_path)
    assert list(first) == ["budgets.csv"]
    (tmp_path / "budgets.csv").write_text("a,b\n1,2\n")  # same bytes, new mtime
    assert data_files(tmp_path) == first
    (tmp_path / "budgets.csv").write_text("a,b\n1,3\n")
    assert data_files(tmp_path) != first


def test_write_atomic_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "deep" / "file.json"
    write_atomic(target, "{}")
    write_atomic(target, b"[]")
    assert target.read_bytes() == b"[]"
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]
