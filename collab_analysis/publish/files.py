"""Files on disk: the package's one atomic writer, content hashes, and OS errors as messages.

Everything this package publishes is written with :func:`write_atomic` (a temporary file beside the
target, flushed, then renamed over it), so a reader never sees half a file and a failure leaves the
old file as it was. Hashes are of content, never of times, so the same bytes give the same key.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .. import paths
from ..errors import OutputError

#: Extensions a table may have (the loader's choice); other files in the data folder are not data.
DATA_SUFFIXES = (".csv", ".xlsx")
#: How a temporary file made by :func:`write_atomic` is named, so one left by a killed build is known.
TEMP_MARK = ".tmp-"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    return sha256_bytes(text.encode("utf-8"))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_or_none(path: Path) -> str | None:
    """The file's sha256, or None when it does not exist or cannot be read."""
    try:
        return sha256_file(path)
    except OSError:
        return None


def combined_hash(parts: object) -> str:
    """One hash of a JSON-able structure (keys sorted), for cache keys."""
    return sha256_text(json.dumps(parts, sort_keys=True, default=str))


def data_files(data_dir: Path) -> dict[str, str]:
    """The tables in ``data_dir`` by file name, with the sha256 of each file's bytes.

    A file that cannot be read is listed as ``"unreadable: <reason>"`` rather than raising: the
    loader then reports it as a data problem naming the file and the fix.
    """
    try:
        entries = sorted(Path(data_dir).iterdir())
    except OSError:
        return {}
    found = {}
    for p in entries:
        if p.suffix.lower() not in DATA_SUFFIXES or p.name.startswith((".", "~$")):
            continue
        try:
            if not p.is_file():
                continue
            found[p.name] = sha256_file(p)
        except OSError as exc:
            found[p.name] = f"unreadable: {exc.strerror or exc}"
    return found


def describe_os_error(exc: OSError, path: Path | None = None) -> str:
    """An OS error in words a person can act on: what happened to which file, and the fix."""
    where = shown(Path(exc.filename)) if getattr(exc, "filename", None) else (shown(path) if path else "a file")
    code = exc.errno
    if code == errno.ENOSPC:
        return f"no space left on the disk while writing {where}; free some space and build again"
    if code == errno.EDQUOT:
        return f"the disk quota is used up while writing {where}; free some space and build again"
    if code == errno.EROFS:
        return f"{where} is on a read-only file system; choose a writable --out"
    if code in (errno.EACCES, errno.EPERM):
        return f"permission denied writing {where}; choose a folder you can write to"
    if code == errno.ENOTDIR:
        return (f"{where} cannot be created because a file stands where a folder must go; "
                "move or delete that file")
    if code == errno.EISDIR:
        return f"{where} is a folder where a file must go; move or delete that folder"
    return f"could not write {where} ({exc.strerror or exc}); check the folder and build again"


def shown(path: Path | None) -> str:
    """A path for a message on the terminal: relative to the project where it lies inside it."""
    if path is None:
        return "?"
    try:
        return Path(path).resolve().relative_to(paths.PROJ_ROOT).as_posix()
    except (ValueError, OSError):
        return str(path)


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file beside it and a rename.

    Raises
    ------
    OutputError
        The file could not be written (disk full, read-only, a file where a folder must go);
        the message names the file and the fix. The old file, if any, is untouched.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(describe_os_error(exc, path), path=path) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path


def stage_copy(source: Path, target: Path) -> Path:
    """Copy ``source`` to a temporary file beside ``target`` (first half of an atomic publish).

    Returns the temporary file; :func:`os.replace` it onto ``target`` to publish. Raises
    :class:`OutputError` (and leaves nothing behind) when the copy cannot be made.
    """
    return Path(_stage(source.read_bytes(), target))


def _stage(data: bytes, target: Path) -> str:
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        return tmp
    except OSError as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise OutputError(describe_os_error(exc, target), path=target) from exc


def leftover_temporaries(folder: Path) -> list[Path]:
    """Temporary files a killed build left in ``folder`` and its year folders."""
    found = []
    for pattern in (f".*{TEMP_MARK}*", f"*/.*{TEMP_MARK}*"):
        found += [p for p in Path(folder).glob(pattern) if p.is_file()]
    return sorted(found)
