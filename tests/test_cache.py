"""Does the cache say a paper is up to date exactly when what it depends on is unchanged, and why not?"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from collab_analysis.publish.cache import Cache, Inputs, LastBuild, digest_reasons, library_versions, why_rebuild
from collab_analysis.publish.files import data_files, write_atomic

DIGEST = {"contribution EMSOU 2019-20": "6352000 net budget", "membership EMOpSS Leicestershire": "from 2012"}


def _inputs(**change) -> Inputs:
    base = dict(digest=DIGEST, notebook="nb1",
                parameters={"force_id": "leicestershire", "financial_year": "2019-20", "meeting_date": "2019-07-22"},
                package="p1", libraries={"matplotlib": "3.9.0", "python": "3.11.7"}, editions="e1")
    base.update(change)
    return Inputs(**base)


def _built(tmp_path: Path, inputs: Inputs) -> tuple[Cache, Path]:
    cache = Cache(tmp_path / "build", tmp_path / "reports")
    output = tmp_path / "reports" / "2019-20" / "leicestershire.html"
    write_atomic(output, "<html>paper</html>")
    cache.store("2019-20/leicestershire", inputs, output)
    return cache, output


def test_nothing_changed_means_up_to_date(tmp_path):
    """With the same digest, notebook, parameters, package, libraries and editions, is the paper up to date?"""
    cache, output = _built(tmp_path, _inputs())
    assert why_rebuild(cache.record("2019-20/leicestershire"), _inputs(), output) == []


def test_each_kind_of_change_is_named(tmp_path):
    """Is each changed input named in words, the facts by the digest's own labels?"""
    cache, output = _built(tmp_path, _inputs())
    record = cache.record("2019-20/leicestershire")
    changed = {**DIGEST, "contribution EMSOU 2019-20": "6400000 net budget"}
    assert why_rebuild(record, _inputs(digest=changed), output) == ["contribution EMSOU 2019-20 changed"]
    added = {**DIGEST, "membership EMOpSS Nottinghamshire": "from 2019"}
    assert why_rebuild(record, _inputs(digest=added), output) == ["membership EMOpSS Nottinghamshire added"]
    assert why_rebuild(record, _inputs(notebook="nb2"), output) == ["notebook changed"]
    params = {"force_id": "leicestershire", "financial_year": "2019-20", "meeting_date": "2019-09-01"}
    assert why_rebuild(record, _inputs(parameters=params), output) == ["parameter meeting_date changed"]
    assert why_rebuild(record, _inputs(package="p2"), output) == ["collab_analysis code or templates changed"]
    libs = {"matplotlib": "3.10.0", "python": "3.11.7"}
    assert why_rebuild(record, _inputs(libraries=libs), output) == ["matplotlib 3.9.0 -> 3.10.0"]
    assert why_rebuild(record, _inputs(editions="e2"), output) == ["editions register changed"]


def test_many_changes_are_summarised(tmp_path):
    """Does a long diff end with 'and N more changes' rather than flooding the build's line?"""
    old = {f"contribution X {i}": "1" for i in range(10)}
    new = {k: "2" for k in old}
    assert len(digest_reasons(old, new)) == 10
    cache, output = _built(tmp_path, _inputs(digest=old))
    reasons = why_rebuild(cache.record("2019-20/leicestershire"), _inputs(digest=new), output)
    assert reasons[:5] == [f"contribution X {i} changed" for i in range(5)]
    assert reasons[5:] == ["and 5 more changes"]


def test_missing_or_edited_output_is_rebuilt(tmp_path):
    """Is a paper edited by hand, deleted or never built rebuilt, with that reason?"""
    cache, output = _built(tmp_path, _inputs())
    record = cache.record("2019-20/leicestershire")
    output.write_text("<html>edited by hand</html>")
    assert why_rebuild(record, _inputs(), output) == ["output changed since it was built"]
    output.unlink()
    assert why_rebuild(record, _inputs(), output) == ["output missing"]
    assert why_rebuild(None, _inputs(), output) == ["not built before"]


def test_records_are_kept_per_output_folder(tmp_path):
    """Does building into another folder not see this folder's papers as built?"""
    cache, _ = _built(tmp_path, _inputs())
    other = Cache(tmp_path / "build", tmp_path / "elsewhere")
    assert other.record("2019-20/leicestershire") is None
    assert cache.record("2019-20/leicestershire") is not None


def test_last_build_is_unchanged_only_while_its_files_are(tmp_path):
    """Does the no-change check hold only while every file the last build published is byte-identical?"""
    cache, output = _built(tmp_path, _inputs())
    from collab_analysis.publish.files import sha256_file

    last = LastBuild(key="k", outputs={str(output): sha256_file(output)}, papers=[])
    cache.store_last_build(last)
    assert cache.last_build() == last and cache.unchanged(last)
    output.write_text("changed")
    assert not cache.unchanged(last)


def test_data_files_hash_content_not_time(tmp_path):
    """Are the data files keyed by their bytes (not times), ignoring non-tables and Excel's lock files?"""
    (tmp_path / "budgets.csv").write_text("a,b\n1,2\n")
    (tmp_path / "notes.txt").write_text("not a table")
    (tmp_path / "~$budgets.xlsx").write_text("excel lock file")
    first = data_files(tmp_path)
    assert list(first) == ["budgets.csv"]
    (tmp_path / "budgets.csv").write_text("a,b\n1,2\n")  # same bytes, new mtime
    assert data_files(tmp_path) == first
    (tmp_path / "budgets.csv").write_text("a,b\n1,3\n")
    assert data_files(tmp_path) != first


def test_library_versions_match_the_installed_distributions():
    """Are the versions read from the installed distributions' names those importlib.metadata reports?"""
    from importlib import metadata

    versions = library_versions()
    for name in ("pandas", "nbconvert", "papermill"):
        assert versions[name] == metadata.version(name)


def test_a_no_change_check_does_not_import_pandas(tmp_path):
    """Can the cache key of a whole build be computed without importing pandas (the no-change build's budget)?"""
    code = ("import sys; from pathlib import Path; from collab_analysis.publish import cache, plan;"
            "cache.build_key({}, Path(sys.argv[1]), [plan.PANEL_NOTEBOOK], Path(sys.argv[1]), None);"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
