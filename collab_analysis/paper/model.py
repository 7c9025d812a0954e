"""The pieces a paper's facts are made of: notes (where a figure comes from) and their numbering.

Every figure, date and membership a paper states carries one or more :class:`Note`: the source, the
place in it (``locator``), the source's own words around the figure (``excerpt``) and the figure's
status (S seed, C confirmed, C2 secondary, D derived). :class:`Citations` numbers the notes in the
order a reader meets them, so a paper's notes and its list of sources hold exactly what it cites.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

DERIVED = "D"


@dataclass(frozen=True)
class Note:
    """A numbered note: a source, where in it, its words, and the status of what it supports."""

    number: int
    source_id: str
    locator: str = ""
    excerpt: str = ""
    status: str = ""

    @property
    def derived(self) -> bool:
        return self.status == DERIVED


class Citations:
    """Hands out note numbers in order of first use; the same source, place and words share one."""

    def __init__(self) -> None:
        self._notes: dict[tuple, Note] = {}

    def cite(self, source_id, locator="", excerpt="", status="") -> Note:
        key = (str(source_id or ""), _clean(locator), _clean(excerpt), str(status or ""))
        if key not in self._notes:
            self._notes[key] = Note(len(self._notes) + 1, *key)
        return self._notes[key]

    def row(self, row) -> Note:
        """The note for a table row that carries source_id, locator, excerpt and status."""
        return self.cite(row.get("source_id"), row.get("locator"), row.get("excerpt"), row.get("status"))

    def derived(self, working: str) -> Note:
        """A note for a figure worked out here: status D, with its working instead of an excerpt."""
        return self.cite("", "", working, DERIVED)

    @property
    def notes(self) -> list[Note]:
        return list(self._notes.values())

    def source_ids(self) -> list[str]:
        """The cited sources, in the order first cited."""
        seen: dict[str, None] = {}
        for note in self._notes.values():
            if note.source_id:
                seen.setdefault(note.source_id, None)
        return list(seen)


def renumbered(section, notes: list[Note], into: Citations):
    """``section`` (worked out with citations of its own, which gave it ``notes``) with its notes cited
    again, in the same order, in ``into``: the numbers a reader meets when the section comes where
    ``into`` has got to. So a section that does not change from one draft of a paper to the next is
    worked out once."""
    mapping = {note: into.cite(note.source_id, note.locator, note.excerpt, note.status) for note in notes}
    return _renote(section, mapping)


def _renote(obj, mapping: dict):
    if isinstance(obj, Note):
        return mapping.get(obj, obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changed = {}
        for f in dataclasses.fields(obj):
            if f.init:
                value = getattr(obj, f.name)
                new = _renote(value, mapping)
                if new is not value:
                    changed[f.name] = new
        return dataclasses.replace(obj, **changed) if changed else obj
    if isinstance(obj, (tuple, list)):
        items = [_renote(v, mapping) for v in obj]
        if all(a is b for a, b in zip(items, obj)):
            return obj
        return type(obj)(*items) if hasattr(obj, "_fields") else type(obj)(items)
    if isinstance(obj, dict):
        items = {k: _renote(v, mapping) for k, v in obj.items()}
        return obj if all(items[k] is v for k, v in obj.items()) else type(obj)(items)
    return obj


def _clean(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) and pd.isna(value):
        return ""
    return " ".join(str(value).split())


def text(value) -> str:
    """A cell as text: blanks (None, NaN, NA) become ``""``."""
    return _clean(value)


def plain(obj):
    """A JSON-ready copy of facts: dataclasses to dicts, dates to ISO strings, tuples to lists."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if not f.name.startswith("_")}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, pd.Timestamp):
        return obj.date().isoformat()
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    return str(obj)


def to_json(obj) -> str:
    """Deterministic JSON of facts (sorted keys, no wall clock, no machine paths)."""
    return json.dumps(plain(obj), sort_keys=True, ensure_ascii=False, indent=1)


def fingerprint(obj) -> str:
    return hashlib.sha256(to_json(obj).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Digest:
    """What a paper says, as labelled lines: the build compares two digests to say why it rebuilt."""

    lines: dict[str, str] = field(default_factory=dict)

    def add(self, label: str, value: str) -> None:
        self.lines[label] = value
