"""Tests of the committed notebooks: their shape (fast) and a real papermill run + export (slow)."""
from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from collab_analysis import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
PAPERS = {"panel_paper.ipynb", "regional_overview.ipynb"}
FIXTURE_DATA = Path(__file__).parent / "data" / "export" / "data"

#: The paper.py functions each paper calls, in the order the spec gives them.
PAPER_CALLS = {
    "panel_paper.ipynb": ["introduction", "summary", "membership", "timeline", "changes", "contributions", "trend",
                          "savings", "questions", "sources"],
    "regional_overview.ipynb": ["regional_introduction", "regional_matrix", "regional_contributions", "cost_shares",
                                "regional_savings", "other_regions", "sources"],
}
PARAMETERS = {
    "panel_paper.ipynb": {"force_id": "leicestershire", "financial_year": "2019-20", "meeting_date": "2019-07-22",
                          "data_dir": "data/raw"},
    "regional_overview.ipynb": {"financial_year": "2019-20", "meeting_date": "2019-07-22", "data_dir": "data/raw"},
}
EMOPSS_MEMBERS_2019 = "['leicestershire', 'lincolnshire']"
#: What the analysts' tour must show, and the module that defines each.
EXPLORE_CALLS = {"load": "data", "members": "membership", "membership_matrix": "membership",
                 "membership_changes": "membership", "contributions": "budgets", "reconcile": "budgets",
                 "savings_claims": "savings", "budget_share": "budgets"}


def read(path: Path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def ca_call(cell) -> tuple[str, ...] | None:
    """('paper', 'summary') for a cell that is exactly one expression `ca.paper.summary(...)`."""
    tree = ast.parse(cell.source)
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr) or not isinstance(tree.body[0].value, ast.Call):
        return None
    parts, node = [], tree.body[0].value.func
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id != "ca":
        return None
    return tuple(reversed(parts))


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["explore.ipynb", "panel_paper.ipynb", "regional_overview.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_valid_and_committed_without_outputs(path):
    """Does the notebook parse as nbformat v4, with no outputs and no execution counts?"""
    nb = read(path)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    for cell in code_cells(nb):
        assert cell.outputs == [], f"{path.name}: a cell has outputs: {cell.source[:60]!r}"
        assert cell.execution_count is None, f"{path.name}: a cell has an execution count: {cell.source[:60]!r}"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_is_literals_each_with_help(path):
    """Is the first code cell tagged 'parameters', one literal assignment a line, each with '# help:'?"""
    first = code_cells(read(path))[0]
    assert "parameters" in first.metadata.get("tags", [])
    assert [c for c in code_cells(read(path)) if "parameters" in c.metadata.get("tags", [])] == [first]
    lines = first.source.splitlines()
    assert lines
    for line in lines:
        assert re.search(r"#\s*help:\s*\S", line), f"{path.name}: parameter line without '# help:': {line!r}"
    for stmt in ast.parse(first.source).body:
        assert isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant), (
            f"{path.name}: parameters must be literal assignments: {ast.unparse(stmt)}")


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_paper_parameters_are_the_contract(name):
    """Are the papers' parameters exactly the names and defaults of the spec?"""
    first = code_cells(read(paths.NOTEBOOKS / name))[0]
    values = {s.targets[0].id: s.value.value for s in ast.parse(first.source).body}
    assert values == PARAMETERS[name]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_definitions_in_notebooks(path):
    """Does no code cell define a function or class (logic belongs in the package, where it is tested)?"""
    for cell in code_cells(read(path)):
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), (
                f"{path.name}: definition in a cell: {cell.source[:80]!r}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_level_one_headings(path):
    """Does no markdown cell use '#' (the exported page's only h1 is its title)?"""
    for cell in read(path).cells:
        if cell.cell_type != "markdown":
            continue
        in_code = False
        for line in cell.source.splitlines():
            if line.startswith("```"):
                in_code = not in_code
            assert in_code or not re.match(r"^\s{0,3}#(\s|$)", line), f"{path.name}: h1 in markdown: {line!r}"
            assert in_code or not re.match(r"^={3,}\s*$", line), f"{path.name}: setext h1 in markdown"


@pytest.mark.parametrize("name", sorted(PAPER_CALLS))
def test_paper_cells_import_load_then_one_paper_call_each(name):
    """After the parameters: one import, one load, then cells each calling one ca.paper function, in order?"""
    cells = code_cells(read(paths.NOTEBOOKS / name))
    assert cells[1].source.strip() == "import collab_analysis as ca"
    assert cells[2].source.strip() == "tables = ca.load(data_dir)"
    calls = []
    for cell in cells[3:]:
        call = ca_call(cell)
        assert call is not None and len(call) == 2 and call[0] == "paper", (
            f"{name}: after the load cell only ca.paper calls are allowed: {cell.source!r}")
        calls.append(call[1])
    assert calls == PAPER_CALLS[name]


@pytest.mark.parametrize("name", sorted(PAPER_CALLS))
def test_paper_markdown_is_headings_and_static_text(name):
    """Does every paper call follow a '## ' heading, with no numbers in the static markdown?"""
    nb = read(paths.NOTEBOOKS / name)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            assert not re.search(r"\d", cell.source), f"{name}: numbers belong in generated prose: {cell.source!r}"
        if cell.cell_type == "code" and ca_call(cell) and ca_call(cell)[0] == "paper":
            before = nb.cells[i - 1]
            assert before.cell_type == "markdown" and before.source.startswith("## "), (
                f"{name}: {cell.source!r} is not under a '## ' heading")


@pytest.mark.parametrize("name", sorted(PAPER_CALLS))
def test_paper_functions_exist(name):
    """Does collab_analysis.paper provide every function the notebook calls?"""
    paper = importlib.import_module("collab_analysis.paper")
    missing = [f for f in PAPER_CALLS[name] if not callable(getattr(paper, f, None))]
    assert not missing, f"collab_analysis.paper lacks {missing}"


def test_explore_tours_the_question_functions():
    """Does explore.ipynb show load() and each question function, with markdown explaining each?"""
    nb = read(paths.NOTEBOOKS / "explore.ipynb")
    called = {call[-1] for cell in code_cells(nb) if (call := ca_call(cell))}
    sources = "\n".join(c.source for c in code_cells(nb))
    called |= set(re.findall(r"\bca\.(\w+)\(", sources))
    assert set(EXPLORE_CALLS) <= called
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert len(markdown) >= len(EXPLORE_CALLS)
    for name, module in EXPLORE_CALLS.items():
        assert callable(getattr(importlib.import_module(f"collab_analysis.{module}"), name, None)), name


# --------------------------------------------------------------------------------------------
# Slow: run the notebooks for real

def fixture_data() -> Path:
    """Our hand-written tables (tests/data/export/data)."""
    return FIXTURE_DATA


def execute(name: str, tmp_path: Path, **parameters):
    import papermill

    out = tmp_path / name
    return papermill.execute_notebook(
        str(paths.NOTEBOOKS / name), str(out), parameters=parameters, kernel_name="python3",
        cwd=str(paths.PROJ_ROOT), progress_bar=False, log_output=False)


def assert_clean_paper(html: str, title: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "en-GB"
    assert soup.title.get_text() == title
    assert [h.get_text() for h in soup.find_all("h1")] == [title]
    text = soup.body.get_text()
    for code in ("import collab_analysis", "ca.paper", "tables = ca.load", "In [", "Out["):
        assert code not in text, f"code in the paper: {code!r}"
    assert soup.find("script") is None and soup.find("link") is None
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:"), f"a resource from outside the file: {str(tag)[:120]}"
    for tag in soup.find_all(href=True):
        assert tag.name == "a", f"a non-link href: {str(tag)[:120]}"
    assert "url(http" not in html and "@import" not in html
    for img in soup.find_all("img"):
        assert img.get("alt", "").strip(), f"an image without alt text: {str(img)[:120]}"
    assert str(paths.PROJ_ROOT) not in html and "/tmp/" not in html
    return soup


@pytest.mark.slow
def test_panel_paper_runs_and_exports(tmp_path):
    """Does panel_paper.ipynb run under papermill on fixture data and export to a clean paper?"""
    from collab_analysis.publish.export import export_html

    data = fixture_data()
    parameters = {"force_id": "leicestershire", "financial_year": "2019-20", "meeting_date": "2019-07-22",
                  "data_dir": str(data)}
    nb = execute("panel_paper.ipynb", tmp_path, **parameters)
    title = "Leicestershire Police and Crime Panel: cross-force collaboration 2019-20"
    out = export_html(nb, tmp_path / "paper.html", title=title, meeting_date="2019-07-22",
                      run_record={"parameters": parameters, "data_files": {p.name: "0" * 64 for p in data.glob("*")}})
    soup = assert_clean_paper(out.read_text(encoding="utf-8"), title)
    main = soup.find("main")
    assert main.find_all("figure"), "the paper shows no figures"
    assert main.find_all("img"), "the paper shows no charts"
    assert main.find_all("table"), "the paper shows no tables"
    headings = [h.get_text() for h in main.find_all("h2")]
    assert headings[0] == "About this paper" and headings[-1] == "Sources"
    nav = soup.find("nav", attrs={"aria-label": "Contents"})
    assert len(nav.find_all("a")) >= len(headings)


@pytest.mark.slow
def test_regional_overview_runs_and_exports(tmp_path):
    """Does regional_overview.ipynb run on fixture data and export to a clean paper?"""
    from collab_analysis.publish.export import export_html

    data = fixture_data()
    nb = execute("regional_overview.ipynb", tmp_path, financial_year="2019-20", meeting_date="2019-07-22",
                 data_dir=str(data))
    title = "East Midlands: regional overview of cross-force collaboration 2019-20"
    out = export_html(nb, tmp_path / "overview.html", title=title, meeting_date="2019-07-22", run_record={})
    soup = assert_clean_paper(out.read_text(encoding="utf-8"), title)
    assert soup.find("main").find_all("table")


@pytest.mark.slow
def test_explore_runs(tmp_path):
    """Does the analysts' tour run top to bottom on fixture data?"""
    nb = execute("explore.ipynb", tmp_path, data_dir=str(fixture_data()), force_id="leicestershire",
                 financial_year="2019-20", on_date="2019-06-01", collaboration="emopss")
    shown = {}
    for cell in code_cells(nb)[1:]:
        call = cell.source.strip().splitlines()[-1]
        shown[call] = "".join(str(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", [])
                              if o.get("output_type") == "execute_result")
    for name in set(EXPLORE_CALLS) - {"load"}:
        [call] = [c for c in shown if f"ca.{name}(" in c]
        assert shown[call], f"the tour's {call} shows nothing"
    # the tour's first question, answered by hand from tests/data/export/data/memberships.csv rows 6-8:
    # Nottinghamshire left on 1 May 2018, so on 1 June 2019 two forces remain
    assert shown["ca.members(tables, collaboration, on=on_date)"] == EMOPSS_MEMBERS_2019
