"""What an import keeps while it reads a workbook, and how it words a finding at a cell."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kaoping.core.definitions.model import Severity, Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import CellKey, ListRow, SurveyData, Value
from kaoping.core.workbook.cells import CellReader
from kaoping.core.workbook.layout import SheetLayout, Slot
from kaoping.core.workbook.meta import WorkbookMeta
from kaoping.core.workbook.stale import Conflict, LaterEdit, LaterEdits, Overwrite


class ReadState:
    """The reader's state: the stored data, the changes and findings so far."""

    def __init__(
        self,
        survey: Survey,
        data: SurveyData,
        org: str | None,
        meta: WorkbookMeta,
        new_key: Callable[[], str],
    ) -> None:
        self.survey = survey
        self.data = data
        self.org = org
        self.meta = meta
        self.new_key = new_key
        self.findings: list[Finding] = []
        self.changes: dict[CellKey, str] = {}
        self.values: dict[CellKey, Value] = dict(data.values)
        self.new_rows: list[ListRow] = []
        self.typed_computed: list[tuple[SheetLayout, Slot, Value]] = []
        self.spare_keys: dict[tuple[str, str], str] = {}  # (table, new key) → spare row key
        self.row_slots: dict[int, list[Slot]] = {}  # the current sheet's slots by row
        self.cells = CellReader()
        self.listed = {r.key for r in data.list_rows}
        self.later_edits: LaterEdits | None = None
        self.overwrite: Overwrite = False
        self.later: Mapping[CellKey, LaterEdit] = {}
        self.conflicts: list[Conflict] = []
        self.superseded = 0

    def _org_text(self, code: str) -> str:
        if not code:
            return "全省汇总"
        if code == self.data.province.code:
            return f"{code} {self.data.province.name}"
        name = next((c.name for c in self.data.cities if c.code == code), "")
        return f"{code} {name}".strip()

    def _finding(
        self,
        sheet: SheetLayout,
        r: int,
        c: int,
        rule: str,
        message: str,
        key: CellKey | None = None,
        severity: Severity = Severity.ERROR,
        name: str | None = None,
    ) -> None:
        """A finding at (r, c); ``name``: the row's name where the layout has none (a list
        row typed into a blank row)."""
        column = sheet.slots[(r, c)].column if (r, c) in sheet.slots else None
        row_label = name or next(
            (x.row.label for p in sheet.sections for x in p.rows if x.sheet_row == r and x.row.label), None
        )
        address = sheet.address(r, c)
        self.findings.append(
            Finding(
                table=sheet.table.id,
                table_label=sheet.table.heading,
                row=key[1] if key is not None and not key[1].startswith("+") else None,
                row_label=row_label,
                column=key[2] if key is not None else None,
                column_label=column.path if column is not None else None,
                severity=severity,
                rule=rule,
                message=f"{address}：{message}",
                sheet=sheet.name,
                cell=address,
            )
        )
