"""Is the project's set-up true to itself: dependencies in step, every command documented?"""
from __future__ import annotations

import re
import tomllib

from click.testing import CliRunner

from collab_analysis import paths
from collab_analysis.cli import main

_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _parse(requirement: str) -> tuple[str, str]:
    name, spec = _REQ.match(requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_parse(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    have = {}
    in_pip = False
    text = (paths.PROJ_ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        stripped = line.strip()
        if stripped.startswith("- pip:"):
            in_pip = True
            continue
        if not stripped.startswith("- ") or stripped.startswith("- -e"):
            continue
        name, spec = _parse(stripped[2:])
        if name in ("python", "pip") and not in_pip:
            continue
        have[name] = spec
    assert have == wanted


def test_every_command_has_help():
    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = ["validate", "data", "build"]
    for command in commands:
        assert command in result.output
        sub = runner.invoke(main, [command, "--help"])
        assert sub.exit_code == 0, sub.output
        assert "Usage:" in sub.output and len(sub.output.splitlines()) > 3


def test_generated_folders_are_ignored():
    ignored = (paths.PROJ_ROOT / ".gitignore").read_text().split()
    for folder in ("build/", "reports/", "data/processed/", ".venv/"):
        assert folder in ignored


def test_ci_runs_the_readme_test_command():
    ci = (paths.PROJ_ROOT / ".ci" / "run").read_text()
    readme = (paths.PROJ_ROOT / "README.md").read_text()
    assert "make test" in ci and "apt-get install" in ci and "chromium" in ci
    assert "make papers" in readme and "make test" in readme
