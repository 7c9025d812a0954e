"""The committed notebooks: their shape (fast), and real kernel runs (slow).

A paper notebook is a parameters cell of typed literals, one import, one load, one facts call, then
cells that each show one section of the facts; the analysts' tour runs top to bottom; and a notebook
run straight through papermill with a bad parameter stops with the build's message.
"""
from __future__ import annotations

import ast
import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from collab_analysis import paths
from collab_analysis.paper import PaperFacts

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
GOOD = Path(__file__).parent / "data" / "loader" / "good"
PARAMETERS = {
    "panel_paper.ipynb": ["force_id", "financial_year", "meeting_date", "data_dir", "editions_dir"],
    "regional_overview.ipynb": ["financial_year", "meeting_date", "region", "data_dir"],
}
FACTS_CALL = {"panel_paper.ipynb": "ca.paper.facts", "regional_overview.ipynb": "ca.paper.overview_facts"}
EXPLORE_CALLS = {"load": "data", "members": "membership", "membership_matrix": "membership",
                 "membership_changes": "membership", "contributions": "budgets", "reconcile": "budgets",
                 "savings_claims": "savings", "budget_share": "budgets"}


def read(path: Path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["explore.ipynb", "panel_paper.ipynb", "regional_overview.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_valid_and_committed_without_outputs(path):
    nb = read(path)
    nbformat.validate(nb)
    for cell in code_cells(nb):
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_are_typed_literals_each_with_help(path):
    """Is the first code cell tagged 'parameters', each line a typed literal with '# help:' (so that
    papermill --help-notebook shows types and help)?"""
    first = code_cells(read(path))[0]
    assert "parameters" in first.metadata.get("tags", [])
    for line in first.source.splitlines():
        assert re.search(r"#\s*help:\s*\S", line), line
    for stmt in ast.parse(first.source).body:
        assert isinstance(stmt, ast.AnnAssign) and isinstance(stmt.value, ast.Constant), ast.unparse(stmt)


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_paper_parameters_are_one_name_each(name):
    """financial_year and meeting_date (never year, date or as_at) in every paper notebook."""
    first = code_cells(read(paths.NOTEBOOKS / name))[0]
    assert [s.target.id for s in ast.parse(first.source).body] == PARAMETERS[name]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_definitions_in_notebooks(path):
    for cell in code_cells(read(path)):
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), cell.source


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_paper_cells_show_one_section_each(name):
    """import, load, facts, then one `paper.<section>` per cell, each a section of PaperFacts."""
    cells = code_cells(read(paths.NOTEBOOKS / name))
    assert cells[1].source.strip() == "import collab_analysis as ca"
    assert cells[2].source.strip().startswith("tables = ca.load(")
    assert cells[3].source.strip().startswith(f"paper = {FACTS_CALL[name]}(")
    fields = {f.name for f in dataclasses.fields(PaperFacts)}
    for cell in cells[4:]:
        match = re.fullmatch(r"paper\.(\w+)", cell.source.strip())
        assert match and match.group(1) in fields, cell.source


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_paper_markdown_is_headings_without_numbers(name):
    """Static markdown is headings only; any number a reader sees comes from the facts."""
    for cell in read(paths.NOTEBOOKS / name).cells:
        if cell.cell_type == "markdown":
            assert cell.source.startswith("## ") and "\n" not in cell.source.strip(), cell.source
            assert not re.search(r"\d", cell.source), cell.source


def test_explore_tours_the_question_functions():
    import importlib

    nb = read(paths.NOTEBOOKS / "explore.ipynb")
    sources = "\n".join(c.source for c in code_cells(nb))
    assert set(EXPLORE_CALLS) <= set(re.findall(r"\bca\.(\w+)\(", sources))
    for name, module in EXPLORE_CALLS.items():
        assert callable(getattr(importlib.import_module(f"collab_analysis.{module}"), name, None)), name


# --------------------------------------------------------------------------------------------- slow

@pytest.mark.slow
def test_explore_runs_on_a_real_kernel(tmp_path):
    """Does the analysts' tour run top to bottom with a Jupyter kernel, and answer its first question
    as worked out by hand? (The loader's good fixture: EMOpSS on 22 July 2019.)"""
    import papermill

    nb = papermill.execute_notebook(str(paths.NOTEBOOKS / "explore.ipynb"), str(tmp_path / "explore.ipynb"),
                                    parameters={"data_dir": str(GOOD)}, kernel_name="python3",
                                    cwd=str(tmp_path), progress_bar=False, log_output=False)
    shown = {c.source.strip(): "".join(str(o.get("data", {}).get("text/plain", "")) for o in c.outputs)
             for c in code_cells(nb)}
    assert all(shown[s] for s in shown if s.startswith("ca.")), "a question shows nothing"


@pytest.mark.slow
@pytest.mark.parametrize("parameter, value, words", [
    ("force_id", "Nowhere", "unknown force 'Nowhere'"),
    ("financial_year", "2030-31", "no data for the year '2030-31'"),
])
def test_papermill_stops_on_a_bad_parameter_with_the_builds_message(tmp_path, parameter, value, words):
    """`papermill panel_paper.ipynb out.ipynb -p force_id Nowhere` exits non-zero with the message
    the build gives, instead of writing a misleading paper."""
    papermill = Path(sys.executable).parent / "papermill"
    run = subprocess.run([str(papermill), str(paths.NOTEBOOKS / "panel_paper.ipynb"), str(tmp_path / "out.ipynb"),
                          "-p", parameter, value, "-k", "python3"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode != 0
    assert words in run.stderr + run.stdout
