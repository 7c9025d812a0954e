"""data/processed: the validated, typed tables as parquet, read instead of data/raw when they match it.

Why it is built this way:

- **Keyed by content, not by time.** The key is the sha256 of every table file's bytes (and the
  names of the other spreadsheets in the folder, which give warnings), together with the *data
  code version*: a hash of the source of the modules that read, check and type the tables
  (``collab_analysis/data/*.py``, ``years.py``, ``errors.py``) and the versions of pandas,
  pyarrow, pandera and openpyxl. Modification times lie (a checkout, a copy, a restored backup);
  content does not. A new rule in the code, or a library that types columns differently, makes
  every old cache a miss without anyone remembering to bump a number.
- **Only for data that validate.** The cache holds what ``load()`` would return; a data set with an
  error never reaches it, so reading the cache can never skip an error. Its warnings are kept with it.
- **All or nothing.** Every file is staged in a temporary folder beside the cache, then the old
  manifest is removed, the parquet files moved into place and the new manifest moved in last. A
  reader accepts the cache only when the manifest's key matches *and* each parquet file's sha256 is
  the one the manifest records, so an interrupted write is a miss (and is rewritten), never a mix of
  old and new tables; a write that fails while staging leaves the old files exactly as they were.
- **Only where it belongs.** ``load()`` reads and writes the project's own ``data/processed``, and
  only for the project's ``data/raw``; it writes nowhere else unless told (``processed=...``), so
  loading a folder of someone else's tables never litters the project.

Reading the cache costs hashing the raw files (milliseconds) and reading parquet; a miss costs the
full parse and validation, as before.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import CollabAnalysisError, Problem
from .models import TABLES
from .normalise import finalise
from .tables import Tables

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
#: Libraries whose version can change how a table is read or typed.
LIBRARIES = ("pandas", "pyarrow", "pandera", "openpyxl")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code that turns data/raw into tables, and of the libraries it uses."""
    digest = hashlib.sha256()
    sources = sorted((paths.PACKAGE_DIR / "data").glob("*.py")) + [paths.PACKAGE_DIR / "years.py",
                                                                  paths.PACKAGE_DIR / "errors.py"]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    return digest.hexdigest()


def cache_key(hashes: dict[str, str], others: list[str]) -> str:
    """The key of a data set: its table files' sha256 by name, the other spreadsheets' names, the code version."""
    text = json.dumps({"tables": dict(sorted(hashes.items())), "others": sorted(others), "code": code_version()},
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def cached_key(folder: Path) -> str | None:
    """The key of the tables cached in ``folder`` (``None`` when there are none)."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError, AttributeError):
        return None


def read_cache(folder: Path, key: str, data_dir: Path) -> Tables | None:
    """The tables cached in ``folder`` under ``key``, or ``None`` (a miss) if anything does not match."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("key") != key:
            return None
        frames = {}
        for name, entry in manifest["tables"].items():
            path = folder / entry["parquet"]
            if _sha256(path) != entry["sha256"]:
                return None
            frames[name] = _typed(name, pd.read_parquet(path))
        if set(frames) != set(TABLES):
            return None
        warnings = [Problem(**p) for p in manifest["warnings"]]
        return Tables(frames, warnings=warnings, files={n: data_dir / e["file"] for n, e in manifest["tables"].items()},
                      hashes=manifest["hashes"], rows={n: e["rows"] for n, e in manifest["tables"].items()},
                      data_dir=data_dir, key=key)
    except (OSError, ValueError, KeyError, TypeError, ImportError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.info("ignoring the cache in %s (%s: %s)", folder, type(exc).__name__, exc)
        return None


def _typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read back from parquet with exactly the dtypes ``load()`` gives (else a ValueError: a miss)."""
    spec = TABLES[name]
    if list(frame.columns) != spec.output_columns:
        raise ValueError(f"{name}.parquet has other columns")
    frame = finalise(spec, frame.reset_index(drop=True))
    for column, col in spec.schema.columns.items():
        if str(frame[column].dtype) != str(col.dtype) and not isinstance(frame[column].dtype, pd.CategoricalDtype):
            raise ValueError(f"{name}.{column} is {frame[column].dtype}, not {col.dtype}")
    return frame


def write_cache(tables: Tables, folder: Path, key: str) -> list[Path]:
    """Write every table and the manifest to ``folder``, all or nothing (see the module docstring).

    Raises
    ------
    CollabAnalysisError
        When a file cannot be written; nothing in ``folder`` has changed then.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", suffix=".tmp", dir=folder.parent))
    try:
        entries = {}
        for name, frame in tables.frames().items():
            target = staging / f"{name}.parquet"
            try:
                _write_parquet(frame, target)
            except Exception as exc:
                raise CollabAnalysisError(f"could not write {name}.parquet ({type(exc).__name__}: {exc}); nothing in "
                                          f"{paths.display_path(folder)} was changed") from exc
            source = tables.files.get(name)
            entries[name] = {"parquet": target.name, "sha256": _sha256(target), "rows": tables.rows().get(name, []),
                             "file": source.name if source is not None else ""}
        manifest = {"key": key, "tables": entries, "hashes": tables.data_hashes(),
                    "warnings": [_problem_dict(p) for p in tables.warnings]}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MANIFEST).unlink(missing_ok=True)
        written = []
        for name in entries:
            os.replace(staging / f"{name}.parquet", folder / f"{name}.parquet")
            written.append(folder / f"{name}.parquet")
        os.replace(staging / MANIFEST, folder / MANIFEST)
        log.info("wrote %d tables to %s", len(written), folder)
        return written
    except OSError as exc:
        raise CollabAnalysisError(f"could not write the processed tables to {paths.display_path(folder)} "
                                  f"({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _problem_dict(problem: Problem) -> dict:
    value = problem.value
    if hasattr(value, "item"):
        value = value.item()
    if not isinstance(value, (str, int, float, bool, type(None))):
        value = str(value)
    return {"file": problem.file, "row": problem.row, "column": problem.column, "value": value,
            "rule": problem.rule, "message": problem.message, "fix": problem.fix, "severity": problem.severity}


def write_processed(tables_or_data_dir: Tables | str | Path | None = None,
                    out_dir: str | Path | None = None) -> list[Path]:
    """Write each table to ``<out_dir>/<name>.parquet`` with its manifest, all or nothing.

    The data are validated first (a :class:`~collab_analysis.errors.DataError` writes nothing).
    This is the cache :func:`~collab_analysis.data.load` reads, written on request (``collab-analysis
    data``); ``load()`` also writes it itself for the project's data/raw.

    Parameters
    ----------
    tables_or_data_dir
        Loaded :class:`Tables`, or the folder to load them from (``None`` = the project's data/raw).
    out_dir
        Where the parquet files go; ``None`` = the project's data/processed. A relative path starts
        at the current directory.

    Returns
    -------
    list of Path
        The parquet files written, in the contract's table order.

    Raises
    ------
    DataError
        When the data do not validate.
    CollabAnalysisError
        When a file cannot be written (nothing in ``out_dir`` is changed).
    """
    from .loader import data_folder, load

    out = data_folder(out_dir, paths.DATA_PROCESSED)
    tables = tables_or_data_dir if isinstance(tables_or_data_dir, Tables) else \
        load(tables_or_data_dir, processed=False)
    return write_cache(tables, out, tables.key or "")
