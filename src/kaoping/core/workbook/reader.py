"""Workbook in: a filled template → changes against the stored values, and located findings.

``read_workbook`` never raises on bad input. It refuses (``ImportResult.refused``, a
Chinese reason, no changes) a file that is not a safe .xlsx, or a template of another
definition, version, campaign or organisation, or of another structure. Otherwise it maps
every value cell back through the same layout the writer used — checking that each row's
序号 and label are where the template put them — parses values with the column types, and
runs the rule engine over the merged data. Every finding carries the sheet and the cell
("表9!F7"). Import-only findings have their own rule ids:

- X-SHEET: a sheet of the template is missing (that table is not imported)
- X-ROW: a row's 序号 or label is not the expected one (moved, inserted or deleted rows;
  the row is not imported)
- X-MERGE: a merged range covers value cells (those cells are not imported)
- X-FORMULA: a formula where a value is expected (never evaluated; not imported)
- X-EXTRA: content outside the template's rows and columns (not imported)
- X-LOCKED: a cell the organisation does not fill was changed (not imported)
- X-LONG: text longer than the import limit (not imported)
- V-CALC: a total or 表4 coverage typed over the formula, differing from the computed value

A template records its table versions; given ``later`` (the cells changed since, see
``kaoping.core.workbook.stale``) a cell somebody changed after the download is a change
only when the user chose to overwrite it; otherwise it is a ``Conflict`` (or, when the file
still holds the value of download time, nothing at all).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from kaoping.core.definitions.model import Severity, Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import CellKey, ListRow, SurveyData, Value
from kaoping.core.rules.compute import computed_values
from kaoping.core.rules.engine import validate
from kaoping.core.rules.messages import format_value
from kaoping.core.values import Invalid, display, to_text
from kaoping.core.workbook.bounded import Grid, Merge, SheetRead
from kaoping.core.workbook.bounds import sheet_bound
from kaoping.core.workbook.cells import CellReader, raw_text
from kaoping.core.workbook.layout import (
    NA_TEXT,
    RowSlot,
    SheetLayout,
    Slot,
    SlotKind,
    WorkbookLayout,
    build_layout,
    cell_name,
)
from kaoping.core.workbook.meta import FORMAT, WorkbookMeta, open_template
from kaoping.core.workbook.safety import Limits, Refused
from kaoping.core.workbook.sheetxml import split_ref
from kaoping.core.workbook.stale import Conflict, LaterEdit, LaterEdits, Overwrite, overwrites, token

MAX_TEXT = 4000  # characters in one cell


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


def read_workbook(
    content: bytes,
    survey: Survey,
    data: SurveyData,
    *,
    org: str | None,
    meta: WorkbookMeta,
    limits: Limits | None = None,
    new_key: Callable[[], str] | None = None,
    later: LaterEdits | None = None,
    overwrite: Overwrite = False,
) -> ImportResult:
    """Read ``content`` as ``org``'s template of ``meta.campaign`` against ``data``.

    ``later``: what changed after the template's table versions (None: ignore them);
    ``overwrite``: which conflicts the file's value wins (tokens, or all/none)."""
    reader = _Reader(survey, data, org, meta, new_key or _new_key)
    reader.later_edits, reader.overwrite = later, overwrite
    try:
        return reader.read(content, limits or Limits())
    except Refused as refusal:
        return ImportResult(refused=str(refusal))
    except Exception as error:  # never let a hostile file become a server error
        return ImportResult(refused=f"文件内容异常，无法读取（{type(error).__name__}）")


def _new_key() -> str:
    return uuid.uuid4().hex[:12]


class _Reader:
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

    def read(self, content: bytes, limits: Limits) -> ImportResult:
        book, record = open_template(content, self.survey, self.data, limits)
        names = set(book.names)
        self._check_identity(record.get)
        layout = build_layout(self.survey, self.data, self.org, list_keys=record.list_keys)
        if record.get("fingerprint") != layout.fingerprint:
            raise Refused("模板的表格结构与本次任务不一致（可能是旧模板或行列被改动）：请重新下载模板")
        if record.versioned and self.later_edits is not None:
            self.later = self.later_edits(record.table_versions)
        for sheet in layout.sheets:
            if sheet.name not in names:
                self._finding(sheet, 0, 0, "X-SHEET", f"缺少工作表“{sheet.name}”：{sheet.name}未导入")
                continue
            self._sheet(sheet, book.sheet(sheet.name, sheet_bound(sheet)))
        merged = SurveyData(
            province=self.data.province,
            cities=self.data.cities,
            values={k: v for k, v in self.values.items() if v is not None},
            list_rows=[*self.data.list_rows, *self.new_rows],
            explanations=dict(self.data.explanations),
        )
        self._check_computed(merged)
        self._validate(layout, merged)
        return ImportResult(
            None,
            self.changes,
            merged,
            self._sorted(layout),
            self.new_rows,
            versioned=record.versioned,
            downloaded_at=record.get("downloaded"),
            conflicts=self.conflicts,
            superseded=self.superseded,
        )

    # -- identity ---------------------------------------------------------------------

    def _check_identity(self, get: Callable[[str], str]) -> None:
        if get("format") != FORMAT:
            raise Refused("文件不是本平台生成的模板（模板标识无效）：请重新下载模板")
        if get("definition") != self.survey.id:
            raise Refused(f"模板属于调查表“{get('definition')}”，不是本次任务的“{self.survey.id}”")
        if get("version") != str(self.survey.version):
            raise Refused(
                f"模板的定义版本为 {get('definition')}@{get('version')}，"
                f"本次任务使用 {self.survey.ref}：请重新下载模板"
            )
        if get("campaign") != self.meta.campaign:
            raise Refused(f"模板属于任务“{get('campaign')}”，不是本次任务“{self.meta.campaign}”")
        if get("org") != (self.org or ""):
            raise Refused(
                f"模板属于组织“{self._org_text(get('org'))}”，"
                f"不是“{self._org_text(self.org or '')}”：请上传本单位的模板"
            )

    def _org_text(self, code: str) -> str:
        if not code:
            return "全省汇总"
        if code == self.data.province.code:
            return f"{code} {self.data.province.name}"
        name = next((c.name for c in self.data.cities if c.code == code), "")
        return f"{code} {name}".strip()

    # -- one sheet --------------------------------------------------------------------

    def _sheet(self, sheet: SheetLayout, source: SheetRead) -> None:
        grid, formulas = source.grid, source.formulas
        broken = self._merges(sheet, source.merges)
        self._extra(sheet, grid)
        self.row_slots = sheet.row_index()
        for part in sheet.sections:
            for row in part.rows:
                if row.row.kind == "block":
                    self._idents(sheet, row, grid)
                    continue
                if not self._idents(sheet, row, grid):
                    continue
                self._row(sheet, row, grid, formulas, broken)

    def _merges(self, sheet: SheetLayout, merges: list[Merge]) -> set[tuple[int, int]]:
        """Value cells covered by a merge the template did not make (not the top-left)."""
        expected = {(b.row, b.col, b.last_row, b.last_col) for b in sheet.boxes} | set(sheet.merges)
        broken: set[tuple[int, int]] = set()
        for (r1, c1), (r2, c2) in merges:
            if (r1, c1, r2, c2) in expected:
                continue
            covered = [
                (r, c) for (r, c) in sheet.slots if r1 <= r <= r2 and c1 <= c <= c2 and (r, c) != (r1, c1)
            ]
            if covered:
                broken.update(covered)
                span = f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"
                self._finding(
                    sheet,
                    r1,
                    c1,
                    "X-MERGE",
                    f"合并单元格 {span} 覆盖了填报单元格，其中的内容未导入：请取消合并",
                )
        return broken

    def _extra(self, sheet: SheetLayout, grid: Grid) -> None:
        for r in range(len(grid)):
            row = grid[r]
            start = 0 if r > sheet.last_row else sheet.width
            for c in range(start, len(row)):
                if _blank(row[c]):
                    continue
                where = f"第 {sheet.last_row + 2} 行以下" if r > sheet.last_row else "模板列范围以外"
                self._finding(sheet, r, c, "X-EXTRA", f"{where}的内容未导入：请只在模板的填报单元格中填写")
                return

    def _idents(self, sheet: SheetLayout, row: RowSlot, grid: Grid) -> bool:
        for r, c, text in row.idents:
            actual = raw_text(_at(grid, r, c))
            if actual.strip() != text.strip():
                shown = actual.strip()[:40] or "空"
                self._finding(
                    sheet,
                    r,
                    c,
                    "X-ROW",
                    f"此处应为“{text}”，文件中为“{shown}”：行被移动、插入或删除，本行未导入；请使用原模板填写",
                    key=None,
                )
                return False
        return True

    def _row(
        self,
        sheet: SheetLayout,
        row: RowSlot,
        grid: Grid,
        formulas: set[tuple[int, int]],
        broken: set[tuple[int, int]],
    ) -> None:
        slots = self.row_slots.get(row.sheet_row, [])
        typed: list[tuple[Slot, Value, str]] = []
        line = grid[row.sheet_row] if row.sheet_row < len(grid) else []
        width = len(line)
        marked = bool(broken or formulas)  # most sheets have neither: skip the lookups
        for slot in slots:
            at = (slot.row, slot.col)
            if marked and at in broken:
                continue
            cell = line[slot.col] if slot.col < width else None
            formula = marked and at in formulas
            if slot.kind is SlotKind.INPUT and not formula and (cell is None or cell == ""):
                typed.append((slot, None, ""))  # the common blank cell
                continue
            if formula:
                if slot.kind is not SlotKind.COMPUTED:
                    self._finding(
                        sheet,
                        *at,
                        "X-FORMULA",
                        "此处应填写数值，不能是公式（公式不会被计算），未导入",
                        slot.key,
                    )
                continue
            raw = raw_text(cell)
            if slot.kind is SlotKind.FIXED:
                fixed = row.row.fixed.get(slot.key[2], "")
                if raw.strip() != fixed.strip():
                    self._finding(
                        sheet,
                        *at,
                        "X-LOCKED",
                        f"此处为定义给出的内容“{fixed}”，不能修改；修改未导入",
                        slot.key,
                        Severity.WARNING,
                    )
                continue
            if slot.kind is SlotKind.NA and raw.strip() in ("", NA_TEXT):
                continue
            if len(raw) > MAX_TEXT:
                self._finding(
                    sheet, *at, "X-LONG", f"内容过长（{len(raw)} 字，最多 {MAX_TEXT} 字），未导入", slot.key
                )
                continue
            value = self.cells.value(slot.column, cell, raw)
            if slot.kind is SlotKind.COMPUTED:
                if value is not None:
                    self.typed_computed.append((sheet, slot, value))
                continue
            if slot.kind is SlotKind.READONLY:
                if not _same(value, self.data.get(*slot.key)):
                    owner = self._org_text(row.row.org or "")
                    self._finding(
                        sheet,
                        *at,
                        "X-LOCKED",
                        f"此行由 {owner} 填报，不能在本模板中修改；修改未导入",
                        slot.key,
                    )
                continue
            typed.append((slot, value, raw))
        if row.spare or (row.row.kind == "list" and row.row.key not in self.listed):
            # a blank list row, or one the template listed that is no longer stored
            self._spare(sheet, row, typed)
            return
        stored = self.data.values
        for slot, value, _ in typed:
            if not _same(value, stored.get(slot.key)) and self._wins(sheet, row, slot, slot.key, value):
                self.changes[slot.key] = to_text(slot.column, value)
                self.values[slot.key] = value

    def _spare(self, sheet: SheetLayout, row: RowSlot, typed: list[tuple[Slot, Value, str]]) -> None:
        """A blank list row that was filled becomes a new list row with a new key (a row
        the template listed keeps its key)."""
        filled = [(s, v) for s, v, _ in typed if v is not None]
        if not filled:
            return
        table, section = sheet.table.id, row.section.key
        key = self.new_key() if row.spare else row.row.key
        superseded = self.superseded
        if not [s for s, v in filled if self._wins(sheet, row, s, (table, key, s.key[2]), v)]:
            return  # a row removed after the download that the file did not change
        self.superseded = superseded  # the row comes back whole, as the file has it
        org = row.block_org or self.data.province.code
        position = len(self.data.rows_of_list(table, section, org)) + sum(
            1 for r in self.new_rows if r.table == table and r.section == section and r.org == org
        )
        self.new_rows.append(ListRow(key=key, table=table, section=section, org=org, position=position))
        self.spare_keys[(table, key)] = row.row.key
        for slot, value in filled:
            cell = (table, key, slot.key[2])
            self.changes[cell] = to_text(slot.column, value)
            self.values[cell] = value

    def _wins(self, sheet: SheetLayout, row: RowSlot, slot: Slot, cell: CellKey, value: Value) -> bool:
        """Whether the workbook's value (differing from the stored one) is to be saved: always,
        unless somebody changed the cell after the download — then only a chosen overwrite of
        a real conflict (a file still holding the value of download time changes nothing)."""
        edit = self.later.get(cell)
        if edit is None:
            return True
        if to_text(slot.column, value) == (edit.before or ""):
            self.superseded += 1
            return False
        conflict = Conflict(
            key=cell,
            cell=sheet.address(slot.row, slot.col),
            table_label=sheet.table.label,
            row_label=row.row.label or "",
            column_label=slot.column.label,
            mine=display(slot.column, value),
            current=display(slot.column, self.data.values.get(cell)),
            edit=edit,
            overwritten=overwrites(self.overwrite, token(cell, edit.version)),
        )
        self.conflicts.append(conflict)
        return conflict.overwritten

    # -- after reading ----------------------------------------------------------------

    def _check_computed(self, merged: SurveyData) -> None:
        if not self.typed_computed:
            return  # computing twice costs as much as the rest of the mapping
        computed = computed_values(self.survey, merged)
        for sheet, slot, typed in self.typed_computed:
            expected = computed.get(slot.key)
            if _same(typed, expected):
                continue
            self._finding(
                sheet,
                slot.row,
                slot.col,
                "V-CALC",
                f"由系统自动计算（应为 {format_value(expected)}），"
                f"文件中为 {format_value(typed)}；以系统计算为准，未导入",
                slot.key,
            )

    def _validate(self, layout: WorkbookLayout, merged: SurveyData) -> None:
        tables = {s.table.id for s in layout.sheets}
        orgs = None if self.org is None else {self.org}
        for finding in validate(self.survey, merged, tables=tables, orgs=orgs):
            self.findings.append(self._locate(layout, finding))

    def _locate(self, layout: WorkbookLayout, finding: Finding) -> Finding:
        sheet = next((s for s in layout.sheets if s.table.id == finding.table), None)
        if sheet is None:
            return finding
        row_key = finding.row
        if row_key is not None:
            row_key = self.spare_keys.get((finding.table, row_key), row_key)
        at: tuple[int, int] | None = None
        if row_key is not None and finding.column is not None:
            at = sheet.by_key.get((finding.table, row_key, finding.column))
        if at is None and row_key is not None:
            first = next(
                (r for p in sheet.sections for r in p.rows if r.row.key == row_key and r.idents), None
            )
            at = first.idents[-1][:2] if first is not None else None
        if at is None:
            part = sheet.sections[0] if sheet.sections else None
            at = (part.header_first, 0) if part is not None else (0, 0)
        return replace(finding, sheet=sheet.name, cell=sheet.address(*at))

    def _finding(
        self,
        sheet: SheetLayout,
        r: int,
        c: int,
        rule: str,
        message: str,
        key: CellKey | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        column = sheet.slots[(r, c)].column if (r, c) in sheet.slots else None
        row_label = next(
            (x.row.label for p in sheet.sections for x in p.rows if x.sheet_row == r and x.row.label), None
        )
        address = sheet.address(r, c)
        self.findings.append(
            Finding(
                table=sheet.table.id,
                table_label=sheet.table.label,
                row=key[1] if key is not None and not key[1].startswith("+") else None,
                row_label=row_label,
                column=key[2] if key is not None else None,
                column_label=column.label if column is not None else None,
                severity=severity,
                rule=rule,
                message=f"{address}：{message}",
                sheet=sheet.name,
                cell=address,
            )
        )

    def _sorted(self, layout: WorkbookLayout) -> list[Finding]:
        order = {s.name: i for i, s in enumerate(layout.sheets)}

        def key(f: Finding) -> tuple[int, int, int]:
            sheet = layout.sheet(f.sheet or "")
            if sheet is None or f.cell is None:
                return (order.get(f.sheet or "", 99), 0, 0)
            r, c = split_ref(f.cell.split("!")[-1])
            return (order[sheet.name], r, c)

        return sorted(self.findings, key=key)


def _at(grid: Grid, r: int, c: int) -> object:
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _same(new: Value, old: Value) -> bool:
    if new is None or old is None:
        return new is None and old is None
    if isinstance(new, Invalid) or isinstance(old, Invalid):
        return str(new) == str(old) and isinstance(new, Invalid) == isinstance(old, Invalid)
    if isinstance(new, bool) != isinstance(old, bool):
        return False
    try:
        return bool(new == old)
    except TypeError:
        return False
