"""Do the ecosystem's own tools give the real paper: papermill with a real Jupyter kernel, then
`jupyter nbconvert --to collab-paper`, with the notebook's parameters typed and documented?"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from collab_analysis import paths
from collab_analysis.publish import build

BIN = Path(sys.executable).parent
PAPERMILL, JUPYTER = str(BIN / "papermill"), str(BIN / "jupyter")


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_the_exporter_is_registered_with_nbconvert():
    """Does nbconvert find `collab-paper` by its entry point, as our PaperExporter?"""
    from nbconvert.exporters import get_exporter

    from collab_analysis.publish.export import PaperExporter

    assert get_exporter("collab-paper") is PaperExporter


@pytest.mark.parametrize("name, types", [
    ("panel_paper.ipynb", {"force_id": "str", "financial_year": "str", "meeting_date": "Optional[str]",
                           "data_dir": "str", "editions_dir": "str"}),
    ("regional_overview.ipynb", {"financial_year": "str", "meeting_date": "Optional[str]", "region": "str",
                                 "data_dir": "str"}),
])
def test_papermill_sees_each_parameters_type_and_help(name, types):
    """Does papermill's own inspection (what --help-notebook prints) give every parameter a type and help?"""
    from papermill.inspection import inspect_notebook

    found = inspect_notebook(str(paths.NOTEBOOKS / name))
    assert {n: p["inferred_type_name"] for n, p in found.items()} == types
    assert all(p["help"].strip() for p in found.values())
    shown = subprocess.run([PAPERMILL, "--help-notebook", str(paths.NOTEBOOKS / name)], capture_output=True,
                           text=True).stdout
    assert "Unknown type" not in shown and "financial_year: str" in shown


@pytest.mark.slow
def test_papermill_then_nbconvert_gives_the_built_paper(tmp_path):
    """With a real kernel, do `papermill` and `jupyter nbconvert --to collab-paper` give the paper the build
    publishes: same title, date, body and run record?"""
    report = build.build_papers(out_dir=tmp_path / "reports", build_dir=tmp_path / "build", panels=["leicestershire"],
                                pdf=False)
    job = report.results[0].job
    built = BeautifulSoup(job.output.read_text(), "html.parser")

    executed = tmp_path / "executed.ipynb"
    command = [PAPERMILL, "notebooks/panel_paper.ipynb", str(executed), "-k", "python3", "--no-progress-bar"]
    for name, value in job.parameters.items():
        command += ["-p", name, str(value)]
    run = subprocess.run(command, cwd=paths.PROJ_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    convert = subprocess.run([JUPYTER, "nbconvert", "--to", "collab-paper", str(executed), "--output-dir",
                              str(tmp_path / "out")], capture_output=True, text=True)
    assert convert.returncode == 0, convert.stderr[-2000:]
    ours = BeautifulSoup((tmp_path / "out" / "executed.html").read_text(), "html.parser")

    assert ours.title.get_text() == built.title.get_text()
    assert _text(ours.find("header")) == _text(built.find("header"))
    assert _text(ours.find("main")) == _text(built.find("main"))
    assert ours.find("style").get_text() == built.find("style").get_text()
    assert _text(ours.find("footer")) == _text(built.find("footer"))
    assert ours.find("script") is None


def test_nbconvert_on_a_notebook_papermill_did_not_run_says_what_to_do(tmp_path):
    """Is a notebook without a paper's parameters refused with the papermill command to run first?"""
    import nbformat

    from collab_analysis.errors import ExportError
    from collab_analysis.publish.export import PaperExporter

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## A note")])
    with pytest.raises(ExportError, match="run it with papermill first"):
        PaperExporter().from_notebook_node(nb)


@pytest.mark.slow
def test_papermill_with_a_year_without_figures_stops_with_the_builds_message(tmp_path):
    """Does `papermill ... -p financial_year 2030-31` stop with the build's message and a non-zero exit?"""
    run = subprocess.run([PAPERMILL, "notebooks/panel_paper.ipynb", str(tmp_path / "x.ipynb"), "-k", "python3",
                          "--no-progress-bar", "-p", "financial_year", "2030-31"], cwd=paths.PROJ_ROOT,
                         capture_output=True, text=True)
    assert run.returncode != 0
    assert "no data for the year '2030-31'" in run.stderr


def test_plan_lines_are_what_the_notebook_receives(tmp_path):
    """Are the --plan line's parameters exactly the notebook's parameter names (one name each everywhere)?"""
    from click.testing import CliRunner

    from collab_analysis.cli import main

    result = CliRunner().invoke(main, ["build", "--plan", "--panel", "leicestershire", "--out", str(tmp_path / "r")])
    line = json.loads(result.output.splitlines()[0])
    from papermill.inspection import inspect_notebook

    assert set(line["parameters"]) == set(inspect_notebook(str(paths.NOTEBOOKS / "panel_paper.ipynb")))
