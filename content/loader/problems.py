"""Problems found while reading a curriculum folder, each pinned to a file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file. `line` is 1-based; 0 when the whole file is at fault."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Problems:
    """Collects problems so that every error in a folder is reported in one run.

    Warnings (the quiz-quality check, reading level) are kept apart: they are reported
    but never stop a load, and they do not count as problems.
    """

    items: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @staticmethod
    def relative(path: Path) -> str:
        """The path as a person typed it: relative to the working directory when inside it."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def add(self, path: Path, line: int | None, message: str) -> None:
        self.items.append(Problem(self.relative(path), line or 0, message))

    def warn(self, path: Path, line: int | None, message: str) -> None:
        self.warnings.append(Problem(self.relative(path), line or 0, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))
