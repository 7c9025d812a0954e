"""Does the warm papermill engine run a notebook as a kernel would: outputs, parameters, errors?"""
from __future__ import annotations

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

import collab_analysis.publish.engine  # noqa: F401  (registers the collab-warm engine)


def _notebook(path, *sources, parameters="x = 1"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell] + [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def test_outputs_are_captured_like_a_kernel(tmp_path):
    path = _notebook(tmp_path / "nb.ipynb",
                     "print('hello', x)",
                     "from IPython.display import HTML, display\ndisplay(HTML('<p>shown</p>'))",
                     "class R:\n    def _repr_html_(self):\n        return '<b>rich</b>'\nR()",
                     "y = 5;")
    nb = papermill.execute_notebook(str(path), None, parameters={"x": 42}, engine_name="collab-warm",
                                    progress_bar=False)
    outputs = _outputs(nb)
    assert outputs[0].output_type == "stream" and outputs[0].text == "hello 42\n"
    assert outputs[1].output_type == "display_data" and outputs[1].data["text/html"] == "<p>shown</p>"
    assert outputs[2].output_type == "execute_result" and outputs[2].data["text/html"] == "<b>rich</b>"
    assert len(outputs) == 3  # the trailing semicolon suppresses the last result, as in Jupyter
    assert nb.metadata.papermill.parameters == {"x": 42}


def test_a_failing_cell_raises_papermill_error_with_its_index(tmp_path):
    path = _notebook(tmp_path / "nb.ipynb", "a = 1", "raise ValueError('bad figure')", "print('never')")
    out = tmp_path / "out.ipynb"
    with pytest.raises(PapermillExecutionError) as info:
        papermill.execute_notebook(str(path), str(out), engine_name="collab-warm", progress_bar=False)
    assert info.value.ename == "ValueError" and info.value.evalue == "bad figure"
    kept = nbformat.read(out, as_version=4)
    # papermill marks the failure at the top and before the failing cell; later cells never ran
    assert "papermill-error-cell-tag" in kept.cells[0].metadata.get("tags", [])
    assert not kept.cells[-1].outputs


def test_syntax_errors_are_reported_not_crashed(tmp_path):
    path = _notebook(tmp_path / "nb.ipynb", "def broken(:\n    pass")
    with pytest.raises(PapermillExecutionError) as info:
        papermill.execute_notebook(str(path), None, engine_name="collab-warm", progress_bar=False)
    assert info.value.ename == "SyntaxError"
