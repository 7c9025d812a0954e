"""Shared by the publish tests: small fixture notebooks, so the build's machinery is tested apart from
the papers' content (the real notebooks are the lead's, tested in test_notebooks and test_route)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent / "data" / "publish"
PANEL, OVERVIEW = NOTEBOOKS / "panel.ipynb", NOTEBOOKS / "overview.ipynb"

#: Runs the command line in a new process with the fixture notebooks in place of the real ones.
_MAIN = ("import sys; from pathlib import Path; from collab_analysis.publish import plan; "
         f"plan.PANEL_NOTEBOOK, plan.OVERVIEW_NOTEBOOK = Path({str(PANEL)!r}), Path({str(OVERVIEW)!r}); "
         "from collab_analysis.cli import main; sys.argv[0] = 'collab-analysis'; main()")


@pytest.fixture
def fixture_notebooks(monkeypatch):
    """Build with tests/data/publish/{panel,overview}.ipynb instead of the project's notebooks."""
    from collab_analysis.publish import plan

    monkeypatch.setattr(plan, "PANEL_NOTEBOOK", PANEL)
    monkeypatch.setattr(plan, "OVERVIEW_NOTEBOOK", OVERVIEW)
    return PANEL, OVERVIEW


def cli_process(*args: str, cwd=None, **kwargs) -> subprocess.Popen:
    """``collab-analysis ARGS`` in a process of its own, on the fixture notebooks, killable like a terminal's."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", _MAIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=cwd,
                            # a shell's background jobs ignore Ctrl-C; a person's terminal does not
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kwargs)
