"""Problems found in a definition, each naming the file, the table and the key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefinitionProblem:
    file: str  # e.g. "definitions/survey-2015/v1/T04.yaml"
    table: str  # table id, or "survey" for survey-level problems
    key: str  # the row, column, section, code list or rule the problem is about
    message: str  # Chinese

    def __str__(self) -> str:
        return f"{self.file}: {self.table}/{self.key}: {self.message}"


class DefinitionError(Exception):
    """A definition could not be loaded; ``problems`` says every reason found."""

    def __init__(self, problems: list[DefinitionProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Problems:
    """Collects problems for one file and table while building or checking."""

    def __init__(self, sink: list[DefinitionProblem], file: str, table: str) -> None:
        self._sink = sink
        self.file = file
        self.table = table

    def add(self, key: str, message: str) -> None:
        self._sink.append(DefinitionProblem(self.file, self.table, key, message))

    def at(self, file: str, table: str) -> Problems:
        return Problems(self._sink, file, table)
