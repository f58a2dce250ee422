"""A finding: one failed rule at one cell (the JSON contract of docs/spec.md §10.5)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from kaoping.core.definitions.model import Severity


class FindingKind(StrEnum):
    """Where a finding comes from (docs/spec.md §10.5, §13)."""

    RULE = "rule"  # a rule of the catalogue or a generic check over the unit's own values
    OUTLIER = "outlier"  # far from the unit's peers (the other cities; the other provinces)
    CHANGE = "change"  # a swing against the baseline campaign, or a forecast below June


# As officials read it, wherever a finding is printed beside its rule.
KIND_LABELS = {
    FindingKind.RULE: "审核规则",
    FindingKind.OUTLIER: "同级比较",
    FindingKind.CHANGE: "较上期变化",
}


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
    kind: FindingKind = FindingKind.RULE

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def blocks(self) -> bool:
        """Whether it stands between the unit and 上报: an error, or a warning without its 说明.
        A peer finding never does: it changes when *other* units save (docs/spec.md §13)."""
        if self.kind is FindingKind.OUTLIER:
            return False
        return self.severity is Severity.ERROR or not self.explained

    @property
    def explanation_key(self) -> tuple[str, str, str, str]:
        return (self.rule, self.table, self.row or "", self.column or "")

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        out["severity"] = self.severity.value
        out["kind"] = self.kind.value
        out["suspect"] = {"row": self.suspect[0], "column": self.suspect[1]} if self.suspect else None
        cell = out.pop("suspect_cell")
        if self.suspect and cell:
            out["suspect"]["cell"] = cell
        if self.sheet is None:
            out.pop("sheet")
            out.pop("cell")
        return out


def can_submit(findings: list[Finding]) -> bool:
    """No error, and every warning explained (peer findings never block)."""
    return not any(f.blocks for f in findings)
