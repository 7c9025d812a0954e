"""Is the project's set-up true to itself: dependencies in step, every command documented?"""
from __future__ import annotations

import re
import tomllib

import pytest

from click.testing import CliRunner

from collab_analysis import paths
from collab_analysis.cli import main

_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _parse(requirement: str) -> tuple[str, str]:
    name, spec = _REQ.match(requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


#: Packages conda-forge carries under these very names (checked on conda-forge when each was added). A new
#: dependency goes under `pip:` in environment.yml unless it has been checked and added here, so the file
#: is solvable by construction.
CONDA_FORGE = {"python", "pip", "pandas", "numpy", "matplotlib", "pandera", "pyarrow", "openpyxl", "jupyterlab",
               "ipykernel", "ipython", "papermill", "nbconvert", "nbformat", "jinja2", "markupsafe", "click", "tqdm",
               "beautifulsoup4", "bleach", "pytest", "hypothesis", "pypdf", "nbstripout", "pre-commit"}


def _environment() -> tuple[dict[str, str], dict[str, str]]:
    """environment.yml's (top-level, pip) requirements: name -> version spec."""
    top, pip = {}, {}
    text = (paths.PROJ_ROOT / "environment.yml").read_text()
    in_pip = False
    for line in text.split("dependencies:", 1)[1].splitlines():
        stripped = line.strip()
        if stripped.startswith("- pip:"):
            in_pip = True
            continue
        if not stripped.startswith("- ") or stripped.startswith("- -e"):
            continue
        name, spec = _parse(stripped[2:])
        (pip if in_pip else top)[name] = spec
    return top, pip


def test_environment_yml_matches_pyproject():
    """Does environment.yml list exactly pyproject's packages and versions (runtime and test)?"""
    project = tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_parse(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    top, pip = _environment()
    have = {**{k: v for k, v in top.items() if k not in ("python", "pip")}, **pip}
    assert have == wanted
    assert not set(top) & set(pip)


def test_environment_yml_is_solvable_by_construction():
    """Does the top level hold only packages conda-forge carries, everything else under pip (playwright)?"""
    top, pip = _environment()
    assert set(top) <= CONDA_FORGE, f"not known on conda-forge, move under pip: {sorted(set(top) - CONDA_FORGE)}"
    assert "playwright" in pip and "axe-playwright-python" in pip
    assert "- conda-forge" in (paths.PROJ_ROOT / "environment.yml").read_text()


def test_playwright_is_a_runtime_dependency():
    """Is Playwright installed with the package (the build prints PDFs), and pypdf with the tests?"""
    project = tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    assert "playwright" in {_parse(r)[0] for r in project["dependencies"]}
    assert "pypdf" in {_parse(r)[0] for r in project["optional-dependencies"]["test"]}


def test_the_exporter_and_the_command_are_registered():
    """Are the console script and nbconvert's `collab-paper` exporter declared as entry points?"""
    project = tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["collab-analysis"] == "collab_analysis.cli:run"
    exporters = project["entry-points"]["nbconvert.exporters"]
    assert exporters["collab-paper"] == "collab_analysis.publish.export:PaperExporter"


def test_a_pre_commit_hook_strips_notebooks_from_the_projects_environment(tmp_path):
    """Is there a local pre-commit hook running nbstripout from .venv, and does that nbstripout strip outputs?"""
    import json
    import subprocess
    import sys
    from pathlib import Path

    import yaml

    config = yaml.safe_load((paths.PROJ_ROOT / ".pre-commit-config.yaml").read_text())
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "system"
    assert hook["entry"] == ".venv/bin/nbstripout" and hook["files"] == r"\.ipynb$"
    notebook = tmp_path / "n.ipynb"
    notebook.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": 3, "source": "1",
         "outputs": [{"output_type": "execute_result", "execution_count": 3, "data": {"text/plain": "1"},
                      "metadata": {}}]}]}))
    subprocess.run([str(Path(sys.executable).parent / "nbstripout"), str(notebook)], check=True)
    cell = json.loads(notebook.read_text())["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.slow
def test_packaging_gives_no_warnings_about_package_data(tmp_path):
    """Does building the package (as first setup does, with the newest setuptools) print none of setuptools'
    warnings about package data, and ship the templates and every subpackage?"""
    import subprocess
    import sys
    import zipfile

    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path),
                             str(paths.PROJ_ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert "is absent from the `packages` configuration" not in output
    assert "Package would be ignored" not in output
    names = zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist()
    for name in ("publish/templates/collab_paper/index.html.j2", "publish/templates/collab_paper/static/paper.css",
                 "data/__init__.py", "publish/build.py", "paper/__init__.py"):
        assert f"collab_analysis/{name}" in names, name


def test_every_command_has_help():
    """Does every command (build and issue included) have help?"""
    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = ["validate", "data", "build", "issue"]
    for command in commands:
        assert command in result.output
        sub = runner.invoke(main, [command, "--help"])
        assert sub.exit_code == 0, sub.output
        assert "Usage:" in sub.output and len(sub.output.splitlines()) > 3


def test_generated_folders_are_ignored():
    """Are the generated folders ignored by git?"""
    ignored = (paths.PROJ_ROOT / ".gitignore").read_text().split()
    for folder in ("build/", "reports/", "data/processed/", ".venv/"):
        assert folder in ignored


def test_ci_runs_the_readme_test_command():
    """Does CI run the README's test command, with Debian's chromium installed?"""
    ci = (paths.PROJ_ROOT / ".ci" / "run").read_text()
    readme = (paths.PROJ_ROOT / "README.md").read_text()
    assert "make test" in ci and "apt-get install" in ci and "chromium" in ci
    assert "make papers" in readme and "make test" in readme
