"""What an import would do: ``ImportResult`` (changes, merged data, located findings, conflicts)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kaoping.core.definitions.model import Severity
from kaoping.core.findings import Finding
from kaoping.core.instance import CellKey, ListRow, SurveyData
from kaoping.core.workbook.stale import Conflict


@dataclass
class ImportResult:
    """What an import would do. ``changes`` maps each changed cell to its storage text
    (``kaoping.core.values.to_text``; "" clears it); ``data`` is the survey with them
    applied (new list rows included); ``findings`` are located at sheet and cell."""

    refused: str | None = None
    changes: dict[CellKey, str] = field(default_factory=dict)
    data: SurveyData | None = None
    findings: list[Finding] = field(default_factory=list)
    new_rows: list[ListRow] = field(default_factory=list)
    versioned: bool = False  # the file says which table versions it was written from
    downloaded_at: str = ""  # when the template was written (ISO 8601), if it says
    conflicts: list[Conflict] = field(default_factory=list)
    superseded: int = 0  # cells the file left as downloaded that somebody changed since

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    def as_json(self, *, saved: bool, sha256: str) -> dict[str, object]:
        """The ``kaoping import`` document of docs/spec.md §10.7 (the shell knows whether it saved)."""
        if self.refused is not None:
            return {"refused": self.refused}
        return {
            "saved": saved,
            "sha256": sha256,
            "changed": len(self.changes),
            "findings": [f.as_json() for f in [*self.conflict_findings(), *self.findings]],
            "versioned": self.versioned,
            "conflicts": [c.as_json() for c in self.conflicts],
        }

    def conflict_findings(self) -> list[Finding]:
        return [c.finding() for c in self.conflicts]

    @property
    def kept_conflicts(self) -> int:
        """Conflicts where the current value stays (the file's value not saved)."""
        return sum(1 for c in self.conflicts if not c.overwritten)
