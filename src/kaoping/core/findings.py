"""A finding: one failed rule at one cell (the JSON contract of docs/spec.md §10.5)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from kaoping.core.definitions.model import Severity


@dataclass(frozen=True)
class Finding:
    table: str
    table_label: str
    row: str | None
    row_label: str | None
    column: str | None
    column_label: str | None
    severity: Severity
    rule: str
    message: str
    explained: bool = False
    sheet: str | None = None  # imports only: "表9"
    cell: str | None = None  # imports only: "表9!F7"
    suspect: tuple[str, str] | None = None  # (row, column) to check first (docs/spec.md §10.5)
    suspect_cell: str | None = None  # imports and validate: where the suspect is, "表9!J7"

    @property
    def explanation_key(self) -> tuple[str, str, str, str]:
        return (self.rule, self.table, self.row or "", self.column or "")

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        out["severity"] = self.severity.value
        out["suspect"] = {"row": self.suspect[0], "column": self.suspect[1]} if self.suspect else None
        cell = out.pop("suspect_cell")
        if self.suspect and cell:
            out["suspect"]["cell"] = cell
        if self.sheet is None:
            out.pop("sheet")
            out.pop("cell")
        return out


def can_submit(findings: list[Finding]) -> bool:
    """No error, and every warning explained."""
    return all(f.severity is Severity.WARNING and f.explained for f in findings)
