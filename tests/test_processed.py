"""Is data/processed a cache load() can trust: read when it matches data/raw, rebuilt when not, never wrong?

A fake project (``paths.DATA_RAW``/``DATA_PROCESSED`` pointed into tmp_path) holds a copy of the
good fixture, so the project's own folders are never touched.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from collab_analysis import paths
from collab_analysis.data import loader, processed
from collab_analysis.data.loader import load, validate
from collab_analysis.data.models import TABLES
from collab_analysis.errors import DataError
from loader_helpers import copy_good, set_cell


@pytest.fixture
def project(tmp_path, monkeypatch):
    """(raw, processed) folders of a fake project, with nothing remembered in memory from other tests."""
    raw = copy_good(tmp_path)
    monkeypatch.setattr(paths, "DATA_RAW", raw)
    monkeypatch.setattr(paths, "DATA_PROCESSED", tmp_path / "processed")
    monkeypatch.setattr(loader, "_LOADED", {})
    return raw, tmp_path / "processed"


def forget():
    loader._LOADED.clear()


def no_parse(monkeypatch):
    """Make the parse fail loudly, so a test can show a load came from the cache."""
    def refuse(*args, **kwargs):
        raise AssertionError("the tables were parsed again")

    monkeypatch.setattr(loader, "normalise_table", refuse)


def assert_same(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.warnings == b.warnings
    assert a.data_hashes() == b.data_hashes()
    assert [a.row_of("budgets", i) for i in range(4)] == [b.row_of("budgets", i) for i in range(4)]


def test_loading_the_projects_data_writes_the_cache(project):
    raw, out = project
    load()
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{n}.parquet" for n in TABLES] + ["manifest.json"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["tables"]) == set(TABLES)
    assert manifest["tables"]["budgets"]["rows"] == [2, 3, 4, 5]


def test_a_hit_reads_the_cache_and_gives_exactly_what_parsing_gives(project, monkeypatch):
    raw, out = project
    set_cell(raw, "cost_shares", 3, "share_pct", "35")  # a warning, so the cache must keep warnings too
    set_cell(raw, "cost_shares", 3, "precision_pct", "1")
    set_cell(raw, "cost_shares", 3, "excerpt", "Nottinghamshire 35%")
    parsed = load()
    assert [w.rule for w in parsed.warnings] == ["cost-shares-sum"]
    forget()
    no_parse(monkeypatch)
    cached = load()
    assert_same(cached, parsed)
    assert cached.files["budgets"] == raw / "budgets.csv"
    assert [p.rule for p in validate()] == ["cost-shares-sum"]


def test_an_edit_is_a_miss_and_rewrites_the_cache(project):
    raw, out = project
    load()
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["key"]
    forget()
    set_cell(raw, "forces", 2, "name", "Leicestershire Constabulary")
    assert load().force_name("leicestershire") == "Leicestershire Constabulary"
    after = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["key"]
    assert after != before
    assert pd.read_parquet(out / "forces.parquet").loc[0, "name"] == "Leicestershire Constabulary"


def test_a_new_spreadsheet_in_the_folder_is_a_miss(project):
    """Another spreadsheet's name gives a warning (unknown-file), so it is part of the key."""
    raw, out = project
    load()
    forget()
    (raw / "budget.csv").write_text("x\n", encoding="utf-8")
    assert [w.rule for w in load().warnings] == ["unknown-file"]


def test_a_change_in_the_data_code_is_a_miss(project, monkeypatch):
    raw, out = project
    load()
    forget()
    monkeypatch.setattr(processed, "code_version", lambda: "another version of the data code")
    parsed = []
    real = loader.normalise_table
    monkeypatch.setattr(loader, "normalise_table", lambda *a, **k: parsed.append(1) or real(*a, **k))
    load()
    assert parsed


def test_bad_data_never_write_the_cache(project):
    raw, out = project
    set_cell(raw, "budgets", 2, "status", "NC")
    with pytest.raises(DataError):
        load()
    assert not out.exists()


def test_bad_data_never_read_a_stale_cache(project):
    """The cache of the good data stays on disk, but the edited files no longer match it."""
    raw, out = project
    load()
    forget()
    set_cell(raw, "budgets", 2, "status", "NC")
    with pytest.raises(DataError):
        load()
    assert validate()[0].rule == "status-nc"


def test_a_tampered_parquet_file_is_a_miss(project, monkeypatch):
    raw, out = project
    good = load()
    forget()
    frame = pd.read_parquet(out / "budgets.parquet")
    frame.loc[0, "amount_gbp"] = 1
    frame.to_parquet(out / "budgets.parquet", index=False)
    assert load().budgets.loc[0, "amount_gbp"] == good.budgets.loc[0, "amount_gbp"] == 1_000_000


def test_an_interrupted_write_is_a_miss_never_a_mix(project, monkeypatch):
    """A write killed after moving some tables leaves no manifest: the next load parses and rewrites."""
    raw, out = project
    load()
    forget()
    set_cell(raw, "forces", 2, "name", "Leicestershire Constabulary")
    real_replace = processed.os.replace
    moved = []

    def dying_replace(src, dst):
        moved.append(dst)
        if len(moved) == 3:
            raise KeyboardInterrupt("killed")
        real_replace(src, dst)

    monkeypatch.setattr(processed.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        load()
    assert not (out / "manifest.json").exists()
    monkeypatch.setattr(processed.os, "replace", real_replace)
    forget()
    assert load().force_name("leicestershire") == "Leicestershire Constabulary"
    assert (out / "manifest.json").exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_a_cache_that_cannot_be_written_does_not_stop_a_load(project, monkeypatch):
    raw, out = project

    def full_disk(frame, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(processed, "_write_parquet", full_disk)
    assert load().force_name("Notts") == "Nottinghamshire Police"
    assert not (out / "manifest.json").exists()


def test_other_folders_write_no_cache_unless_told(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "DATA_PROCESSED", tmp_path / "project-processed")
    data = copy_good(tmp_path / "elsewhere")
    load(data)
    assert not (tmp_path / "project-processed").exists()
    assert sorted(p.name for p in data.iterdir()) == sorted(f"{n}.csv" for n in TABLES)
    load(data, processed=tmp_path / "my-cache")
    assert (tmp_path / "my-cache" / "manifest.json").exists()


def test_validate_never_writes(project):
    raw, out = project
    assert validate() == []
    assert not out.exists()


def test_write_processed_writes_the_cache_load_reads(project, tmp_path, monkeypatch):
    """`collab-analysis data` (write_processed) and load() share one cache format."""
    raw, out = project
    written = processed.write_processed()
    assert written == [out / f"{n}.parquet" for n in TABLES]
    forget()
    no_parse(monkeypatch)
    assert load().force_name("LLR") == "Leicestershire Police"


def test_a_what_if_copy_is_never_written_as_the_cache_of_the_files(project):
    """Tables.replace() holds frames the files do not: writing it must not make a cache load() would trust."""
    raw, out = project
    tables = load()
    forces = tables.forces.copy()
    forces.loc[0, "name"] = "What If Police"
    processed.write_processed(tables.replace(forces=forces))
    forget()
    assert load().force_name("leicestershire") == "Leicestershire Police"
