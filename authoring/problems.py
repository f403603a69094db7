"""Problems found in input files, collected so that all of them are reported at once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one input file."""

    file: Path
    message: str
    line: int | None = None
    key: str | None = None
    severity: Severity = Severity.ERROR
    fact: bool = False  # a warning about a fact the report prints (a figure the scores contradict): an error in a final report

    def __str__(self) -> str:
        where = str(self.file) if self.line is None else f"{self.file}:{self.line}"
        key = f" {self.key}:" if self.key else ""
        label = "" if self.severity is Severity.ERROR else " varning:"
        return f"{where}:{label}{key} {self.message}"


def key_path(keys: tuple) -> str:
    """Return a key path as the evaluator reads it: ``kortfakta nr 2 › value`` (positions from 1)."""
    parts: list[str] = []
    for key in keys:
        if parts and parts[-1].endswith("scores") and str(key).isdigit():
            parts[-1] += f" område {key}"  # area scores are keyed by area number, not by position
        elif isinstance(key, int) or (isinstance(key, str) and key.isdigit() and parts):
            parts[-1] += f" nr {int(key) + 1}"
        else:
            parts.append(str(key))
    return " › ".join(parts)


class Problems(list[Problem]):
    """An ordered collection of problems with helpers for adding and filtering."""

    def error(self, file: Path, message: str, line: int | None = None, key: str | None = None) -> None:
        self.append(Problem(file, message, line, key, Severity.ERROR))

    def warning(self, file: Path, message: str, line: int | None = None, key: str | None = None,
                fact: bool = False) -> None:
        """Add a warning; ``fact``: it is about a fact the report prints, so a final report refuses it."""
        self.append(Problem(file, message, line, key, Severity.WARNING, fact))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.WARNING]
