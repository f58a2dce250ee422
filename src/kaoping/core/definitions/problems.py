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
        self._quiet: frozenset[str] = frozenset()

    def add(self, key: str, message: str) -> None:
        if key not in self._quiet:
            self._sink.append(DefinitionProblem(self.file, self.table, key, message))

    def at(self, file: str, table: str) -> Problems:
        return Problems(self._sink, file, table)

    def after_build(self) -> Problems:
        """Problems for checking what was built: keys already reported stay quiet.

        A column whose type was unknown is built as text; reporting that it cannot be a
        total too would only repeat the first mistake.
        """
        out = Problems(self._sink, self.file, self.table)
        out._quiet = frozenset(p.key for p in self._sink if (p.file, p.table) == (self.file, self.table))
        return out
