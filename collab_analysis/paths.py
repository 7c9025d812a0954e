"""Where things live, anchored on the package so nothing depends on the current directory."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE_DIR.parent
DATA_RAW = PROJ_ROOT / "data" / "raw"
DATA_PROCESSED = PROJ_ROOT / "data" / "processed"
NOTEBOOKS = PROJ_ROOT / "notebooks"
REPORTS = PROJ_ROOT / "reports"
BUILD = PROJ_ROOT / "build"
TEMPLATES = PACKAGE_DIR / "publish" / "templates"


def resolve(path: str | Path | None, default: Path) -> Path:
    """Return ``path`` as an absolute path; relative paths are taken from the project root.

    Papermill runs kernels in other folders, so a relative path can only mean one thing if it is
    anchored on the project, never on the current directory.
    """
    if path is None or str(path) == "":
        return default
    p = Path(path).expanduser()
    return p if p.is_absolute() else (PROJ_ROOT / p).resolve()


def display_path(path: Path) -> str:
    """A path as it may appear in a paper or a kept notebook: relative to the project, never absolute."""
    path = Path(path).resolve()
    try:
        return path.relative_to(PROJ_ROOT).as_posix()
    except ValueError:
        return path.name
