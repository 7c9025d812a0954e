"""The project's exceptions. Every message tells the user what to change.

``CollabAnalysisError`` is the root; the CLI turns any of them into ``Error: ...`` and exit code 1.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class CollabAnalysisError(Exception):
    """Root of every error this package raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in the data: where it is, what is wrong, and the fix.

    ``row`` is the row as a spreadsheet shows it (the header is row 1, the first data row is 2).
    """

    file: str
    row: int | None
    column: str | None
    value: object
    rule: str
    message: str
    fix: str = ""
    severity: str = "error"

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.fix:
            text = text.rstrip(".") + f"; {self.fix}"
        return text if text.endswith((".", "?", "!")) else text + "."


class DataError(CollabAnalysisError, ValueError):
    """The data tables have problems; ``problems`` lists every one found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = self.errors
        head = f"{len(errors)} error(s) in the data" if errors else "problems in the data"
        lines = [str(p) for p in errors[:50]]
        if len(errors) > 50:
            lines.append(f"... and {len(errors) - 50} more")
        super().__init__(head + ":\n" + "\n".join("  " + line for line in lines))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class ParameterError(CollabAnalysisError, ValueError):
    """A build or notebook parameter is not one of the valid choices."""

    def __init__(self, name: str, value: object, choices: list[str] | None = None, suggestion: str | None = None,
                 message: str | None = None):
        self.name, self.value, self.choices, self.suggestion = name, value, list(choices or []), suggestion
        if message is None:
            message = f"unknown {name} {value!r}"
            if suggestion:
                message += f"; did you mean {suggestion!r}?"
            if self.choices:
                message += " Valid choices: " + ", ".join(self.choices) + "."
        super().__init__(message)


@dataclass
class PaperFailure:
    """Where a paper failed: the cell and the error, and where its working was kept."""

    paper: str
    cell_index: int | None = None
    ename: str = ""
    evalue: str = ""
    kept_notebook: str | None = None
    detail: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        where = f"cell {self.cell_index}" if self.cell_index is not None else "before any cell ran"
        text = f"{self.paper}: failed at {where}: {self.ename}: {self.evalue}".rstrip(": ")
        if self.kept_notebook:
            text += f" (executed notebook kept at {self.kept_notebook})"
        return text


class BuildError(CollabAnalysisError, RuntimeError):
    """One or more papers failed to build; ``failures`` names each paper and its failing cell."""

    def __init__(self, failures: list[PaperFailure]):
        self.failures = list(failures)
        super().__init__(f"{len(self.failures)} paper(s) failed:\n" + "\n".join("  " + str(f) for f in self.failures))


# ------------------------------------------------------------------ data layer: one cell's value
# (added with the data layer's split; collab_analysis.data.cells re-exports it for older imports)


class InvalidValue(CollabAnalysisError, ValueError):
    """A cell's text (or a parameter) cannot be read as the value it should hold.

    ``message`` says what is wrong (quoting the text), ``fix`` what to write instead, and ``rule``
    names the check, so the loader can add the file, row and column to make a :class:`Problem`.
    """

    def __init__(self, message: str, fix: str = "", rule: str = "value"):
        super().__init__(message)
        self.message, self.fix, self.rule = message, fix, rule


# --------------------------------------------------------------------------------------------
# Publishing (owned by publish/: plan, build, export, PDF, index, lock, editions)


class ExportError(CollabAnalysisError, ValueError):
    """A notebook cannot become an accessible paper (for example an image without alt text)."""


class OutputError(CollabAnalysisError, OSError):
    """A file could not be written where the papers go; ``path`` is the file, the message the fix."""

    def __init__(self, message: str, path=None):
        self.path = path
        super().__init__(message)

    def __str__(self) -> str:  # OSError's own str would show (errno, strerror)
        return self.args[0] if self.args else ""


class LockedError(CollabAnalysisError, RuntimeError):
    """Another build holds the output folder; ``holder`` says who (pid, start time, host)."""

    def __init__(self, folder: str, holder: dict):
        self.folder, self.holder = folder, dict(holder)
        who = f"pid {holder.get('pid', '?')}, started {holder.get('started', 'at an unknown time')}"
        if holder.get("host"):
            who += f" on {holder['host']}"
        super().__init__(f"another build is writing to {folder} ({who}); wait for it to finish, "
                         "or build into another --out")


class EditionError(CollabAnalysisError, ValueError):
    """An edition cannot be issued as asked (already issued, nothing to correct, a bad register)."""


@dataclass
class ExportFailure(PaperFailure):
    """A paper whose notebook ran but which could not be exported to HTML."""

    def __str__(self) -> str:
        text = f"{self.paper}: export failed: {self.ename}: {self.evalue}".rstrip(": ")
        if self.kept_notebook:
            text += f" (executed notebook kept at {self.kept_notebook})"
        return text


@dataclass
class FactsFailure(PaperFailure):
    """A paper whose facts could not be worked out from the tables, so its notebook was not run."""

    def __str__(self) -> str:
        return f"{self.paper}: its facts could not be worked out: {self.ename}: {self.evalue}".rstrip(": ")
