"""What one pass over the data collects: the problems found, and each table as text.

Every stage of the loader adds to one :class:`Problems` and reads the :class:`Raw` tables, so a
cell is reported once (a later rule skips a cell an earlier one flagged) and every message can name
the file and the spreadsheet row.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from .models import TABLES


class Problems:
    """Collects problems and remembers which cells already have one, so a cell is reported once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.flagged: set[tuple[str, int | None, str | None]] = set()

    def add(self, file: str, row: int | None, column: str | None, value: object, rule: str, message: str,
            fix: str = "", severity: str = "error") -> None:
        self.items.append(Problem(file=file, row=row, column=column, value=value, rule=rule, message=message,
                                  fix=fix, severity=severity))
        if severity == "error":
            self.flagged.add((file, row, column))

    def warn(self, file: str, row: int | None, column: str | None, value: object, rule: str, message: str,
             fix: str = "") -> None:
        self.add(file, row, column, value, rule, message, fix, severity="warning")

    def file_has_errors(self, file: str) -> bool:
        return any(f == file for f, _, _ in self.flagged)

    def row_has_errors(self, file: str, row: int | None) -> bool:
        return any(f == file and r == row for f, r, _ in self.flagged)

    def is_flagged(self, file: str, row: int | None, column: str | None) -> bool:
        return (file, row, column) in self.flagged or (file, None, column) in self.flagged

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)

    def sorted(self) -> list[Problem]:
        """Problems in the contract's table order, then by row (a file's problems together)."""
        order = {name: i for i, name in enumerate(TABLES)}

        def key(p: Problem) -> tuple:
            stem = p.file.rsplit(".", 1)[0]
            return (order.get(stem, -1), p.row if p.row is not None else 0)

        return sorted(self.items, key=key)


@dataclass
class Raw:
    """A table as text: the file it came from, its spreadsheet rows and its cells by column."""

    name: str
    path: Path
    file: str
    rows: list[int]
    cells: dict[str, list[str]]

    def __len__(self) -> int:
        return len(self.rows)

    def text(self, column: str, index: int) -> str:
        """The cell's text as written (blank if the file has no such column)."""
        values = self.cells.get(column)
        return values[index] if values is not None else ""
