"""Load the regional data set: one pass that reads, types and checks every table, or the cache of that pass.

>>> import collab_analysis as ca
>>> tables = ca.load()                                   # doctest: +SKIP
>>> ca.validate("tests/data/loader/good")                # doctest: +SKIP
[]

``load()`` reads every table in one pass and raises :class:`~collab_analysis.errors.DataError`
listing *every* error found (file, spreadsheet row, column, value and fix), so the secretariat can
fix a file in one go rather than one message at a time. Warnings do not stop loading; they are kept
in ``Tables.warnings``. The pass, stage by stage:

1. ``read``: find ``<name>.csv`` or ``<name>.xlsx`` for each table and read it as text (never typed
   by a guess), refusing files that are missing, doubled, links out of the folder, empty, binary,
   not UTF-8, too large, or not the table; check the header against the contract;
2. ``normalise``: read each cell by its column's kind and check the typed table with its pandera model;
3. ``checks`` and ``provenance``: the rules across rows and tables, and the excerpt check.

When the files are the ones last loaded (same bytes, same code), the pass is skipped: the tables
come from memory, or from the parquet cache in data/processed (see :mod:`processed`).

Each :class:`~collab_analysis.errors.Problem` carries a ``rule``: files ``data-dir``,
``file-missing``, ``file-duplicate``, ``file-link``, ``file-empty``, ``file-too-large``,
``file-unreadable``, ``file-not-text``, ``file-not-utf8``, ``file-not-xlsx``, ``not-a-table``,
``csv-syntax``, ``csv-separator``, ``csv-extra-cells``, ``xlsx-merged-header``, ``xlsx-merged-cells``,
``xlsx-formula``, ``xlsx-error-value``, ``xlsx-duration``, ``no-header``, ``no-rows`` (warnings
``unknown-file``, ``xlsx-extra-sheet``); columns ``column-missing``, ``column-duplicate`` (warning
``column-unknown``); cells ``money``, ``money-qualifier``, ``money-negative``, ``number``,
``financial-year``, ``date``, ``status``, ``status-nc``, ``reference``, ``alias-clash``,
``text-too-long``, ``text-control``, ``url``; models ``required``, ``allowed-values``, ``id-format``,
``range``, ``unique-key``; across rows ``interval``, ``amount-or-percent``, ``percent-of-required``,
``precision-required``, ``coverage``, ``parent-cycle``, ``total-mismatch``, ``event-scope``,
``event-question``, ``member-list-empty``, ``meeting-no-panel``, ``meeting-date``; provenance ``locator-pack``,
``excerpt-missing``, ``excerpt-working``, ``excerpt-figure`` (warning ``excerpt-names-force``);
warnings ``contribution-without-membership``, ``total-unreconciled``, ``same-as-differs``,
``cost-shares-sum``.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from .. import paths
from ..errors import DataError, Problem
from .checks import cross_checks
from .models import TABLES
from .memo import Memo, replayed
from .normalise import ID_COLUMNS, build_indexes, finalise, normalise_table
from .problems import Problems
from .processed import cache_key, cached_key, read_cache, write_cache
from .provenance import check_provenance
from .read import find_table_file, read_bytes, read_table, warn_unknown_files
from .tables import Tables

log = logging.getLogger(__name__)

#: Tables whose ids other tables refer to are read first.
LOAD_ORDER = ("sources", "forces", "collaborations", "budget_totals", "memberships", "member_lists", "events",
              "budgets", "cost_shares", "savings", "context", "meetings")
_OTHER_SPREADSHEETS = (".csv", ".xlsx", ".xls", ".ods", ".xlsm")


def data_folder(path: str | Path | None, default: Path | None = None) -> Path:
    """The folder ``path`` names, absolute.

    An explicit relative path starts at the current directory, as every command-line tool's does
    (``--data ./tables`` means the folder you see); no path (``None`` or ``""``) means the project's
    own folder, ``default`` (the project's data/raw unless given), wherever the command runs.
    """
    if path is None or str(path) == "":
        return Path(default if default is not None else paths.DATA_RAW).resolve()
    return Path(path).expanduser().resolve()


def load(data_dir: str | Path | None = None, *, processed: str | Path | bool | None = None,
         memo: str | Path | None = None) -> Tables:
    """Read, normalise and validate every table in ``data_dir``.

    Parameters
    ----------
    data_dir
        The folder holding ``forces.csv`` (or ``.xlsx``) and the other tables. ``None`` means the
        project's ``data/raw``; a relative path starts at the current directory.
    processed
        Where the typed cache lives. ``None`` (the default): the project's ``data/processed``, used
        only when loading the project's ``data/raw``; a folder: that folder; ``False``: no cache.
    memo
        A folder keeping each table's validation between loads (see :mod:`.memo`), so that after a
        correction only the tables it touches are checked again. The build passes its own.

    Returns
    -------
    Tables
        The typed tables; warnings found while loading are in ``tables.warnings``.

    Raises
    ------
    DataError
        Listing every error found in one pass (and the warnings), each naming the file, the
        spreadsheet row, the column, the value and the fix.
    """
    tables, problems = _load(data_folder(data_dir), _cache_folder(data_dir, processed), write=True,
                             memo=Memo(Path(memo)) if memo else None)
    if tables is None:
        raise DataError(problems)
    # INFO, not WARNING: Python prints unhandled warnings to stderr, which would end up in executed notebooks.
    log.info("loaded %s with %d warning(s)", paths.display_path(tables.data_dir), len(tables.warnings))
    for warning in tables.warnings:
        log.info("%s", warning)
    return tables


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in the data set in ``data_dir``: errors first, then warnings.

    Never raises for bad data and never writes; an empty list means the data set loads without a warning.
    """
    _, problems = _load(data_folder(data_dir), _cache_folder(data_dir, None), write=False)
    return sorted(problems, key=lambda p: p.severity != "error")


def _cache_folder(data_dir, processed) -> Path | None:
    if processed is False:
        return None
    if processed is None or processed is True:
        is_project = data_folder(data_dir) == paths.DATA_RAW.resolve()
        return paths.DATA_PROCESSED if is_project else None
    return data_folder(processed, paths.DATA_PROCESSED)


#: The last data set loaded, keyed by its folder and content key: loading the same bytes again
#: (re-running a notebook's load cell; every paper of a build) costs a copy, not a parse.
_LOADED: dict[tuple[str, str], Tables] = {}


def _load(directory: Path, cache: Path | None, write: bool, memo: Memo | None = None
          ) -> tuple[Tables | None, list[Problem]]:
    problems = Problems()
    if not directory.is_dir():
        what = "is not a folder" if directory.exists() else "does not exist"
        problems.add(str(directory), None, None, str(directory), "data-dir", f"the data folder {what}",
                     "pass the folder that holds forces.csv and the other tables (default data/raw)")
        return None, problems.items
    listing = {p.name: p for p in directory.iterdir()}
    files, data, hashes = {}, {}, {}
    for name in LOAD_ORDER:
        found = find_table_file(directory, name, listing, problems)
        content = read_bytes(found, problems) if found is not None else None
        if content is not None:
            files[name], data[name] = found, content
            hashes[found.name] = hashlib.sha256(content).hexdigest()
    key = None
    if not problems.has_errors:
        key = cache_key(hashes, [n for n in listing if n not in hashes and Path(n).suffix.lower() in
                                 _OTHER_SPREADSHEETS and not n.startswith((".", "~$"))])
        remembered = _LOADED.get((str(directory), key))
        if remembered is not None:
            if cache is not None and write and cached_key(cache) != key:
                _write(remembered, cache, key)
            return remembered.copy(), problems.items + remembered.warnings
        if cache is not None:
            remembered = read_cache(cache, key, directory)
            if remembered is not None:
                _remember(directory, key, remembered)
                return remembered.copy(), problems.items + remembered.warnings

    raws = {}
    for name in LOAD_ORDER:
        if name in data:
            raw = read_table(name, files[name], data[name], problems)
            if raw is not None:
                raws[name] = raw
    warn_unknown_files(listing, problems)
    indexes = build_indexes(raws, problems)
    # each step's key: the files it reads (the tables any table refers to, for their ids and names)
    refer = {t: hashes.get(files[t].name) for t in ID_COLUMNS if t in files}
    frames = {name: replayed(memo, ("normalise", name, raws[name].file, hashes[files[name].name], refer), problems,
                             lambda name=name: normalise_table(TABLES[name], raws[name], indexes, problems))
              for name in LOAD_ORDER if name in raws}
    cross_checks(frames, raws, indexes, problems)
    context = {t: hashes.get(files[t].name) for t in ("forces", "member_lists", "sources") if t in files}
    for name in frames:
        flagged = sorted(((r, c) for f, r, c in problems.flagged if f == raws[name].file), key=repr) if memo else ()
        replayed(memo, ("provenance", name, raws[name].file, hashes[files[name].name], context, repr(flagged)),
                 problems, lambda name=name: check_provenance(frames, raws, problems, only=name))
    ordered = problems.sorted()
    if problems.has_errors:
        return None, ordered
    tables = Tables({name: finalise(TABLES[name], frames[name]) for name in TABLES},
                    warnings=[p for p in ordered if p.severity == "warning"], files=files, hashes=hashes,
                    rows={name: raws[name].rows for name in TABLES}, data_dir=directory, key=key)
    _remember(directory, key, tables)
    if cache is not None and write:
        _write(tables, cache, key)
    return tables, ordered


def _write(tables: Tables, cache: Path, key: str) -> None:
    try:
        write_cache(tables, cache, key)
    except Exception as exc:  # a cache that cannot be written must never stop a load
        log.info("could not write the processed tables to %s: %s", cache, exc)


def _remember(directory: Path, key: str | None, tables: Tables) -> None:
    if key is not None:
        _LOADED.clear()  # keep one data set: the one being worked on
        _LOADED[(str(directory), key)] = tables.copy()
