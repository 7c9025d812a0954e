"""Is there one build at a time per output folder, and does the second say who holds it?"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from collab_analysis.errors import LockedError
from collab_analysis.publish import lock

HOLD = """
import sys, time
from pathlib import Path
from collab_analysis.publish import lock
with lock.hold(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_holder_is_refused_naming_the_first(tmp_path):
    """While one process holds the folder, is another refused with the holder's pid and start time?"""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockedError) as info:
            with lock.hold(tmp_path):
                pass
        message = str(info.value)
        assert f"pid {holder.pid}" in message and "started 2" in message
        assert message.endswith("wait for it to finish, or build into another --out")
    finally:
        holder.kill()
        holder.wait()
    with lock.hold(tmp_path):  # a killed holder leaves no stale lock
        data = json.loads((tmp_path / lock.STATE_DIR / "lock").read_text())
        assert data["pid"] == os.getpid()


@pytest.mark.slow
def test_two_builds_into_one_out_with_different_build_dirs(tmp_path):
    """Is a second build into the same --out (even with its own --build-dir) refused while the first runs,
    and does the first still finish?"""
    from collab_analysis.data.synthetic import write_synthetic

    from publish_helpers import cli_process

    data = write_synthetic(tmp_path / "data", forces=5, years=2)
    common = ["build", "--data", str(data), "--out", str(tmp_path / "reports"),
              "--editions", str(tmp_path / "editions"), "--no-pdf", "--jobs", "1"]
    first = cli_process(*common, "--build-dir", str(tmp_path / "build-a"), text=True)
    deadline = time.monotonic() + 120
    while not (tmp_path / "build-a" / ".staging").exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the first build never started a paper"
        time.sleep(0.05)
    second = cli_process(*common, "--build-dir", str(tmp_path / "build-b"), text=True)
    second_out, second_err = second.communicate(timeout=120)
    out, err = first.communicate(timeout=300)
    assert second.returncode == 1, second_out + second_err
    assert f"Error: another build is writing to {tmp_path / 'reports'} (pid {first.pid}, started" in second_err
    assert "Traceback" not in second_err
    assert first.returncode == 0, out + err
    assert "6 built, 0 up to date" in out
