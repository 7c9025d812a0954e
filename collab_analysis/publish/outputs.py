"""The output folder: what this tool published there (the manifest), and publishing all or nothing.

Papers are made outside the output folder (in the build folder's staging area) and published in
two steps: every file is first copied to a temporary name beside its target, and only when all
copies are made is each renamed over its target. A full disk, a read-only folder or a file where
a year folder must go stops the first step, which then removes its temporary files: nothing is
published half-way, and the papers already there are untouched.

The manifest (``<out>/.collab-analysis/manifest.json``) lists each paper this tool published with
its title, panel, year, as-at date and files, and the hash of the index it wrote. The index is
built from it, so pages we did not write are never listed and never overwritten.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError
from .files import leftover_temporaries, sha256_or_none, shown, stage_copy, write_atomic
from .lock import state_dir


@dataclass
class Manifest:
    """What this tool published in one output folder."""

    papers: dict[str, dict] = field(default_factory=dict)
    index_sha256: str | None = None

    @classmethod
    def read(cls, out_dir: Path) -> "Manifest":
        try:
            data = json.loads((state_dir(out_dir) / "manifest.json").read_text(encoding="utf-8"))
            return cls(papers=dict(data.get("papers", {})), index_sha256=data.get("index_sha256"))
        except (OSError, ValueError, AttributeError):
            return cls()

    def write(self, out_dir: Path) -> None:
        write_atomic(state_dir(out_dir) / "manifest.json",
                     json.dumps({"papers": self.papers, "index_sha256": self.index_sha256}, sort_keys=True, indent=1))

    def record(self, job, title: str, out_dir: Path, pdf: bool) -> None:
        self.papers[job.paper_id] = {
            "title": title, "kind": job.kind, "panel": job.panel, "year": job.financial_year,
            "as_at": job.as_at.isoformat(), "date_given": job.date_given,
            "html": job.output.relative_to(out_dir).as_posix(),
            "pdf": job.pdf.relative_to(out_dir).as_posix() if pdf else None}

    def index_is_ours(self, index: Path) -> bool:
        """Whether ``index`` is absent or is the index we last wrote, byte for byte."""
        current = sha256_or_none(index)
        return current is None or current == self.index_sha256


def check_targets(out_dir: Path, targets: list[Path]) -> None:
    """Refuse, before any notebook runs, when a target's folder cannot be one (a file stands there).

    Raises
    ------
    OutputError
        Naming the file in the way and the fix.
    """
    for target in targets:
        for folder in [target.parent, *target.parent.parents]:
            if folder == out_dir.parent:
                break
            if folder.exists() and not folder.is_dir():
                raise OutputError(
                    f"{shown(folder)} is a file, but the papers for {folder.name} go in a folder of that name; "
                    "move or delete the file and build again (nothing was built or published)", path=folder)
        if target.is_dir():
            raise OutputError(f"{shown(target)} is a folder where a paper must go; move or delete it and build "
                              "again (nothing was built or published)", path=target)


def publish(pairs: list[tuple[Path, Path]]) -> None:
    """Move each staged file onto its target, all or nothing (see the module's docstring).

    Raises
    ------
    OutputError
        A copy could not be made: nothing was published, and the message names the file and fix.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for source, target in pairs:
            staged.append((stage_copy(source, target), target))
    except OutputError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"{exc}; no paper was published, and the papers already there were left as they were",
                          path=exc.path) from exc
    for tmp, target in staged:
        os.replace(tmp, target)


def clear_leftovers(out_dir: Path) -> list[Path]:
    """Remove temporary files a stopped build left in the output folder; return what was removed."""
    removed = []
    for path in leftover_temporaries(out_dir):
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed
