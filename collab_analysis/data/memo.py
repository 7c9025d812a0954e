"""Per-table results of validation, kept between builds, so correcting one table re-checks that table.

Reading a table's cells into types (:func:`~.normalise.normalise_table`) and checking its figures
against its excerpts (:func:`~.provenance.check_provenance`) are most of the cost of a load. Each
depends only on a few files, so each is kept under a key made of exactly those files' bytes (and
the name the problems give the file), the state it starts from, and the version of the code that
reads and checks tables (:func:`~.processed.code_version`). A step whose key is found is replayed:
its table, and the problems it found, in order. The rules across tables
(:func:`~.checks.cross_checks`) always run.

``collab-analysis build`` keeps these in its build folder (``build/tables``); ``build --rebuild``
and ``ca.load()`` do not use them.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from pathlib import Path

log = logging.getLogger(__name__)

#: Files kept; the oldest go first.
KEEP = 96


class Memo:
    """A folder of results by key (pickles written atomically; anything unreadable is a miss)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def key(self, *parts) -> str:
        from .processed import code_version

        text = json.dumps([code_version(), *parts], sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str):
        try:
            with open(self.folder / f"{key}.pickle", "rb") as handle:
                return pickle.load(handle)
        except Exception:  # missing, truncated or from another version: work it out again
            return None

    def put(self, key: str, value) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            with open(tmp, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{key}.pickle")
            self._prune()
        except OSError as exc:  # a memo that cannot be written never stops a load
            log.info("could not keep a validated table in %s: %s", self.folder, exc)

    def _prune(self) -> None:
        kept = sorted(self.folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEEP]:
            old.unlink(missing_ok=True)


def replayed(memo: Memo | None, key_parts: tuple, problems, work):
    """``work()``'s result, and the problems it adds to ``problems``, from ``memo`` when kept there;
    else worked out and kept."""
    if memo is None:
        return work()
    key = memo.key(*key_parts)
    hit = memo.get(key)
    if hit is not None:
        result, items, flagged = hit
        problems.items.extend(items)
        problems.flagged |= flagged
        return result
    before, flagged_before = len(problems.items), set(problems.flagged)
    result = work()
    memo.put(key, (result, problems.items[before:], problems.flagged - flagged_before))
    return result
