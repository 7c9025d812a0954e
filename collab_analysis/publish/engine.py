"""A papermill engine that runs a notebook's cells in this process, with no Jupyter kernel.

Kernel start-up and the import of pandas, matplotlib and this package are nearly all the cost of
a paper. ``collab-analysis build`` imports them once, then forks one child process per paper and
runs this engine in the child: each paper starts from the same clean, already-warm state, and
nothing one paper does (a variable, a matplotlib setting, a pandas option) can reach another,
because each child is a separate process that ends with its paper. No kernel means no ZeroMQ
ports, so parallel papers cannot collide on "Address already in use".

Importing this module registers the engine with papermill as ``collab-warm``, so
``papermill.execute_notebook(..., engine_name="collab-warm")`` does the parameterising, the
error markers and ``PapermillExecutionError`` exactly as with a kernel. (It is registered here
rather than through a papermill entry point: papermill imports its entry points while it is
itself being imported, which would be circular.)
"""
from __future__ import annotations

import io
import sys

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from papermill.engines import Engine, papermill_engines
from traitlets import Type
from traitlets.config import Config


class _Sink:
    """The outputs of the cell being run."""

    def __init__(self) -> None:
        self.outputs: list = []

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.get("output_type") == "stream" and last.get("name") == name:
            last["text"] += text
        else:
            self.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))


class _StreamWriter(io.TextIOBase):
    def __init__(self, sink: _Sink, name: str) -> None:
        self._sink, self._name = sink, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._sink.stream(self._name, text)
        return len(text)


class _CapturingDisplayPublisher(DisplayPublisher):
    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
        self.shell.sink.outputs.append(
            nbformat.v4.new_output("display_data", data=data, metadata=metadata or {}))

    def clear_output(self, wait=False):
        self.shell.sink.outputs.clear()


class _CapturingDisplayHook(DisplayHook):
    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None):
        self.shell.sink.outputs.append(nbformat.v4.new_output(
            "execute_result", data=format_dict, metadata=md_dict or {},
            execution_count=self.shell.cell_count))

    def finish_displayhook(self):
        self._is_active = False


class PaperShell(InteractiveShell):
    """An IPython shell whose displays, results, prints and tracebacks become notebook outputs."""

    displayhook_class = Type(_CapturingDisplayHook)
    display_pub_class = Type(_CapturingDisplayPublisher)

    def __init__(self, **kwargs):
        self.sink = _Sink()
        self.cell_count = 0
        config = Config()
        config.HistoryManager.enabled = False  # parallel papers must not share a history database
        super().__init__(config=config, **kwargs)
        self.colors = "nocolor"

    def _showtraceback(self, etype, evalue, stb):
        self.sink.outputs.append(nbformat.v4.new_output(
            "error", ename=getattr(etype, "__name__", str(etype)), evalue=str(evalue),
            traceback=[self.InteractiveTB.stb2text(stb)]))

    def run_notebook_cell(self, source: str):
        """Run one cell; return its outputs and whether it raised."""
        self.sink = _Sink()
        self.cell_count += 1
        saved = sys.stdout, sys.stderr
        sys.stdout = _StreamWriter(self.sink, "stdout")
        sys.stderr = _StreamWriter(self.sink, "stderr")
        try:
            result = self.run_cell(source, store_history=False, silent=False)
        finally:
            sys.stdout, sys.stderr = saved
        failed = not result.success
        return self.sink.outputs, failed


class WarmEngine(Engine):
    """Papermill engine running cells in a :class:`PaperShell` in the current process.

    Use it in a process of its own (``collab-analysis build`` forks one per paper): the notebook's
    code runs with this process's globals, modules and settings.
    """

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        InteractiveShell.clear_instance()
        shell = PaperShell.instance()  # display() looks the shell up as the singleton
        try:
            for index, cell in enumerate(nb_man.nb.cells):
                if cell.cell_type != "code":
                    continue
                nb_man.cell_start(cell, index)
                outputs, failed = shell.run_notebook_cell(cell.source)
                cell.outputs = outputs
                cell.execution_count = shell.cell_count
                if failed:
                    nb_man.cell_exception(cell, cell_index=index)
                    nb_man.cell_complete(cell, cell_index=index)
                    break
                nb_man.cell_complete(cell, cell_index=index)
        finally:
            shell.cleanup() if hasattr(shell, "cleanup") else None
            InteractiveShell.clear_instance()
        return nb_man.nb

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        return name or nb.metadata.get("kernelspec", {}).get("name") or "python3"

    @classmethod
    def nb_language(cls, nb, language=None):
        return language or nb.metadata.get("language_info", {}).get("name") or "python"


papermill_engines.register("collab-warm", WarmEngine)
