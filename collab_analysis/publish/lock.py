"""One build at a time per output folder, and a message naming the build that holds it.

The lock is ``<out>/.collab-analysis/lock``, held with ``flock`` for the whole build: the kernel
releases it when the holder ends, however it ends (even ``kill -9``), so a lock is never stale. The
holder writes its pid, start time, host and command into the file so that a second build can say
who it is waiting for. Two builds with different ``--build-dir`` values but the same ``--out`` meet
here, because the lock lives with the papers.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import LockedError, OutputError
from .files import describe_os_error, shown

#: The folder inside an output folder that holds the build's own state (lock, manifest).
STATE_DIR = ".collab-analysis"


def state_dir(out_dir: Path) -> Path:
    return Path(out_dir) / STATE_DIR


@contextmanager
def hold(out_dir: Path):
    """Hold the output folder's lock for the ``with`` block, creating the folder if need be.

    Raises
    ------
    LockedError
        Another build holds the folder; the message names its pid and start time.
    OutputError
        The folder cannot be written at all (read-only, a file in its place).
    """
    path = state_dir(out_dir) / "lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot use {shown(out_dir)} as the output folder: " + describe_os_error(exc, path),
                          path=path) from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(shown(out_dir), _holder(path)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                 # the wall clock is fine here: it names a process, never goes in a paper
                                 "started": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"),
                                 "command": " ".join(os.path.basename(a) if i == 0 else a
                                                     for i, a in enumerate(sys.argv))[:300]}))
        handle.flush()
        yield path
    finally:
        handle.close()  # closing releases the flock


def _holder(path: Path) -> dict:
    """Who holds the lock, from what it wrote (retried: it writes just after locking)."""
    for _ in range(20):
        try:
            data = json.loads(path.read_text(encoding="utf-8") or "{}")
            if data.get("pid"):
                return data
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    return {}
