"""What a paper depends on, and whether it needs building again.

A paper is rebuilt only when one of its inputs changed: its notebook, its parameters, the content of
the data files it reads, the source of this package (code and templates), or the versions of the
libraries that execute and render it. Each input is hashed on its own, so the build can say *why* a
paper is rebuilt ("budgets.csv changed"), and a build with nothing changed never imports pandas.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import paths

#: Libraries whose version can change what a paper looks like.
RENDERING_LIBRARIES = ("pandas", "numpy", "matplotlib", "pandera", "papermill", "nbconvert", "nbformat",
                       "jinja2", "markupsafe", "mistune", "bleach", "ipython", "openpyxl", "pyarrow")

DATA_SUFFIXES = (".csv", ".xlsx")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def data_files(data_dir: Path) -> dict[str, str]:
    """The data files a paper reads (every table in the folder), by name, with their sha256."""
    if not data_dir.is_dir():
        return {}
    return {p.name: sha256_file(p) for p in sorted(data_dir.iterdir())
            if p.is_file() and p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith((".", "~$"))}


def package_files() -> dict[str, str]:
    """This package's code and templates, by path relative to the package, with their sha256."""
    found = {}
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".j2", ".json", ".css", ".html"):
            found[path.relative_to(paths.PACKAGE_DIR).as_posix()] = sha256_file(path)
    return found


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in RENDERING_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def combined_hash(parts: dict) -> str:
    return sha256_text(json.dumps(parts, sort_keys=True, default=str))


@dataclass(frozen=True)
class Inputs:
    """Everything one paper depends on, each part hashed separately."""

    notebook: str
    parameters: dict
    data: dict
    package: dict
    libraries: dict

    def as_dict(self) -> dict:
        return {"notebook": self.notebook, "parameters": self.parameters, "data": self.data,
                "package": self.package, "libraries": self.libraries}


def _diff_files(label: str, old: dict, new: dict) -> list[str]:
    reasons = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            reasons.append(f"{label}{name} added")
        elif name not in new:
            reasons.append(f"{label}{name} removed")
        elif old[name] != new[name]:
            reasons.append(f"{label}{name} changed")
    return reasons


def why_rebuild(record: dict | None, inputs: Inputs, output: Path) -> list[str]:
    """Reasons to build the paper again; an empty list means it is up to date."""
    if record is None:
        return ["not built before"]
    if not output.exists():
        return ["output missing"]
    if record.get("output_sha256") != sha256_file(output):
        return ["output changed since it was built"]
    old = record.get("inputs", {})
    reasons = []
    if old.get("notebook") != inputs.notebook:
        reasons.append("notebook changed")
    old_params = old.get("parameters", {})
    for name in sorted(set(old_params) | set(inputs.parameters)):
        if old_params.get(name) != inputs.parameters.get(name):
            reasons.append(f"parameter {name} changed")
    reasons += _diff_files("", old.get("data", {}), inputs.data)
    reasons += _diff_files("collab_analysis/", old.get("package", {}), inputs.package)
    old_libs = old.get("libraries", {})
    for name in sorted(set(old_libs) | set(inputs.libraries)):
        if old_libs.get(name) != inputs.libraries.get(name):
            reasons.append(f"{name} {old_libs.get(name, 'none')} -> {inputs.libraries.get(name, 'none')}")
    return reasons


class Cache:
    """Build records under ``<build_dir>/cache``, one JSON file per paper and output folder."""

    def __init__(self, build_dir: Path, out_dir: Path):
        # Records are per output folder: building into another folder must not see this one as built.
        key = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:12]
        self.dir = build_dir / "cache" / key

    def _path(self, paper_id: str) -> Path:
        return self.dir / (paper_id.replace("/", "__") + ".json")

    def record(self, paper_id: str) -> dict | None:
        try:
            return json.loads(self._path(paper_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def store(self, paper_id: str, inputs: Inputs, output: Path) -> None:
        write_atomic(self._path(paper_id), json.dumps(
            {"inputs": inputs.as_dict(), "output_sha256": sha256_file(output)}, sort_keys=True, indent=1))

    def forget(self, paper_id: str) -> None:
        self._path(paper_id).unlink(missing_ok=True)

    def data_summary(self, key: str) -> dict | None:
        try:
            return json.loads((self.dir.parent / f"data-{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def store_data_summary(self, key: str, summary: dict) -> None:
        write_atomic(self.dir.parent / f"data-{key}.json", json.dumps(summary, sort_keys=True, indent=1))


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to a temporary file beside ``path`` and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
