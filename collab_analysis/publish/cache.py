"""What a paper depends on, and whether it must be built again: a cache keyed on what a paper says.

Levels, so a build with nothing to do costs a fraction of a second and never imports pandas:

1. **The whole build** (:func:`build_key`): the request, the bytes of every data file, the notebooks,
   this package's code and templates, the library versions and the editions register. If all are as
   they were at the last build into the same output folder, and every file it published is still
   there unchanged, there is nothing to do.
2. **Each paper** (:class:`Inputs`, :func:`why_rebuild`): otherwise the tables are loaded. A paper
   whose every read of the tables gives the rows it gave last time (its record's ``reads``, see
   :mod:`collab_analysis.data.reading` and :func:`.papers.unchanged_papers`), with the same
   notebook, parameters, package, libraries and editions, is up to date without being worked out.
   The others' facts are worked out, and a paper is built again only when its facts' digest, its
   notebook, its parameters (the meeting), the package, the libraries or its editions changed; the
   reasons are said in words from the digest's diff ("contribution EMCJS 2019-20 changed",
   "membership EMOpSS Nottinghamshire added"). A correction to one force's figure works out and
   rebuilds only the papers that read it; the others keep their bytes.
"""
from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import paths
from .files import combined_hash, data_files, sha256_file, sha256_or_none, write_atomic

#: Libraries whose version can change what a paper looks like.
RENDERING_LIBRARIES = ("pandas", "numpy", "matplotlib", "pandera", "papermill", "nbconvert", "nbformat",
                       "jinja2", "markupsafe", "mistune", "bleach", "ipython", "openpyxl", "pyarrow", "playwright",
                       "beautifulsoup4")
#: The package's files that can change a paper (code, templates, styles).
PACKAGE_SUFFIXES = (".py", ".j2", ".json", ".css", ".html")
#: Reasons shown for one paper before "and N more".
MAX_REASONS = 6

__all__ = ["Cache", "Inputs", "build_key", "data_files", "digest_reasons", "library_versions", "package_files",
           "why_rebuild"]


def package_files() -> dict[str, str]:
    """This package's code and templates, by path relative to the package, with their sha256."""
    found = {}
    for root, dirs, files in os.walk(paths.PACKAGE_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(PACKAGE_SUFFIXES):
                path = Path(root) / name
                found[path.relative_to(paths.PACKAGE_DIR).as_posix()] = sha256_file(path)
    return dict(sorted(found.items()))


_VERSIONS: dict[str, str] | None = None


def library_versions() -> dict[str, str]:
    """Python's and each rendering library's version, read from the installed distributions' names.

    One listing of each ``site-packages`` folder instead of importlib.metadata (which reads every
    installed distribution's metadata: a tenth of a second the no-change build cannot spare).
    """
    global _VERSIONS
    if _VERSIONS is None:
        wanted = {n.lower().replace("-", "_"): n for n in RENDERING_LIBRARIES}
        versions = {"python": platform.python_version()}
        for entry in sys.path:
            try:
                names = os.listdir(entry or ".")
            except OSError:
                continue
            for name in names:
                if not name.endswith(".dist-info"):
                    continue
                dist, _, version = name[: -len(".dist-info")].partition("-")
                key = dist.lower().replace("-", "_").replace(".", "_")
                if key in wanted and wanted[key] not in versions:
                    versions[wanted[key]] = version
        _VERSIONS = {n: versions.get(n, "not installed") for n in ("python", *RENDERING_LIBRARIES)}
    return dict(_VERSIONS)


def build_key(request_key: dict, data_dir: Path, notebooks: list[Path], editions_dir: Path,
              browser: str | None) -> str:
    """The no-change key of a whole build (level 1): equal keys mean the same papers."""
    return combined_hash({"request": request_key, "data": data_files(data_dir),
                          "notebooks": {p.name: sha256_or_none(p) for p in notebooks},
                          "package": package_files(), "libraries": library_versions(),
                          "editions": sha256_or_none(editions_dir / "register.csv"), "browser": browser})


@dataclass(frozen=True)
class Inputs:
    """Everything one paper's bytes depend on, each part kept apart so the build can say which changed."""

    digest: dict                 # the paper's facts, flat: label -> canonical text
    notebook: str                # sha256 of the notebook
    parameters: dict             # what the notebook receives (the meeting date among them)
    package: str                 # one hash of the package's code and templates
    libraries: dict
    editions: str                # hash of this panel's rows in the editions register
    title: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def digest_reasons(old: dict, new: dict) -> list[str]:
    """The digest's diff in words: ``"contribution EMCJS 2019-20 changed"``."""
    reasons = []
    for label in sorted(set(old) | set(new)):
        if label not in old:
            reasons.append(f"{label} added")
        elif label not in new:
            reasons.append(f"{label} removed")
        elif old[label] != new[label]:
            reasons.append(f"{label} changed")
    return reasons


def why_rebuild(record: dict | None, inputs: Inputs, output: Path) -> list[str]:
    """Reasons to build the paper again; an empty list means it is up to date."""
    if record is None:
        return ["not built before"]
    output_sha = sha256_or_none(output)
    if output_sha is None:
        return ["output missing"]
    if record.get("output_sha256") != output_sha:
        return ["output changed since it was built"]
    old = record.get("inputs", {})
    reasons = digest_reasons(old.get("digest", {}), inputs.digest)
    if old.get("notebook") != inputs.notebook:
        reasons.append("notebook changed")
    old_params = old.get("parameters", {})
    for name in sorted(set(old_params) | set(inputs.parameters)):
        if old_params.get(name) != inputs.parameters.get(name):
            reasons.append(f"parameter {name} changed")
    if old.get("package") != inputs.package:
        reasons.append("collab_analysis code or templates changed")
    old_libs = old.get("libraries", {})
    for name in sorted(set(old_libs) | set(inputs.libraries)):
        if old_libs.get(name) != inputs.libraries.get(name):
            reasons.append(f"{name} {old_libs.get(name, 'none')} -> {inputs.libraries.get(name, 'none')}")
    if old.get("editions") != inputs.editions:
        reasons.append("editions register changed")
    if len(reasons) > MAX_REASONS:
        reasons = reasons[:MAX_REASONS - 1] + [f"and {len(reasons) - MAX_REASONS + 1} more changes"]
    return reasons


@dataclass
class LastBuild:
    """What the last build into an output folder did, for the no-change check."""

    key: str
    outputs: dict[str, str] = field(default_factory=dict)   # path -> sha256 of every file it published
    papers: list[dict] = field(default_factory=list)         # paper_id, output, pdf: the report's lines
    notes: list[str] = field(default_factory=list)           # one-line notes to repeat (no browser)


class Cache:
    """Build records under ``<build_dir>/cache/<output folder key>/``: one JSON file per paper."""

    def __init__(self, build_dir: Path, out_dir: Path):
        # Records are per output folder: building into another folder must not see this one as built.
        self.key = combined_hash(str(Path(out_dir).resolve()))[:12]
        self.dir = Path(build_dir) / "cache" / self.key

    def _path(self, name: str) -> Path:
        return self.dir / (name.replace("/", "__") + ".json")

    def _read(self, name: str) -> dict | None:
        try:
            return json.loads(self._path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def record(self, paper_id: str) -> dict | None:
        return self._read(paper_id)

    def store(self, paper_id: str, inputs: Inputs, output: Path, pdf: Path | None = None, reads=None,
              status: str = "") -> None:
        """Record a paper as built: its inputs, its files' hashes, the rows it read (see
        :mod:`collab_analysis.data.reading`) and its status line (for a PDF printed later)."""
        record = {"inputs": inputs.as_dict(), "output_sha256": sha256_file(output),
                  "pdf_sha256": sha256_or_none(pdf) if pdf else None, "status": status}
        if reads is not None:
            record["reads"] = reads
        write_atomic(self._path(paper_id), json.dumps(record, sort_keys=True, indent=1))

    def store_pdf(self, paper_id: str, pdf: Path) -> None:
        record = self.record(paper_id)
        if record is not None:
            record["pdf_sha256"] = sha256_or_none(pdf)
            write_atomic(self._path(paper_id), json.dumps(record, sort_keys=True, indent=1))

    def forget(self, paper_id: str) -> None:
        self._path(paper_id).unlink(missing_ok=True)

    def last_build(self) -> LastBuild | None:
        data = self._read("last-build")
        try:
            return LastBuild(**data) if data else None
        except TypeError:
            return None

    def store_last_build(self, last: LastBuild) -> None:
        write_atomic(self._path("last-build"), json.dumps(asdict(last), sort_keys=True, indent=1))

    def forget_last_build(self) -> None:
        self._path("last-build").unlink(missing_ok=True)

    def unchanged(self, last: LastBuild) -> bool:
        """Whether every file the last build published is still there with the same bytes."""
        return all(sha256_or_none(Path(p)) == sha for p, sha in last.outputs.items())
