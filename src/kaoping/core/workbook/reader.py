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
- X-DUP: a filled blank list row named as an earlier row of the same unit's block, or as
  several stored rows (not imported; never merged, see ``kaoping.core.workbook.listnames``)
- V-NA: a value typed into a "——" cell (not imported; the page's rule, at that cell)
- V-CALC: a total or 表4 coverage typed over the formula, differing from the computed value

A template records its table versions; given ``later`` (the cells changed since, see
``kaoping.core.workbook.stale``) a cell somebody changed after the download is a change
only when the user chose to overwrite it; otherwise it is a ``Conflict`` (or, when the file
still holds the value of download time, nothing at all). Another unit's cell (read only)
that still holds its value of download time is not a change either, however it was
changed since. A filled blank list row that has the name of a stored row the template did
not list is that row: the same workbook imported twice changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from kaoping.core.definitions.model import Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import SurveyData
from kaoping.core.rules.compute import computed_values
from kaoping.core.rules.engine import validate
from kaoping.core.rules.messages import format_value
from kaoping.core.rules.suspect import with_suspects
from kaoping.core.workbook.bounds import sheet_bound
from kaoping.core.workbook.layout import (
    ListKeys,
    WorkbookLayout,
    build_layout,
)
from kaoping.core.workbook.locate import locate
from kaoping.core.workbook.meta import FORMAT, Template, WorkbookMeta, open_template
from kaoping.core.workbook.readsheet import MAX_TEXT, SheetReading, same
from kaoping.core.workbook.result import ImportResult
from kaoping.core.workbook.safety import Limits, Refused
from kaoping.core.workbook.sheetxml import split_ref
from kaoping.core.workbook.stale import LaterEdits, Overwrite

__all__ = ["MAX_TEXT", "ImportResult", "read_workbook"]


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
    opened: Template | None = None,
) -> ImportResult:
    """Read ``content`` as ``org``'s template of ``meta.campaign`` against ``data``.

    ``later``: what changed after the template's table versions (None: ignore them);
    ``overwrite``: which conflicts the file's value wins (tokens, or all/none); ``opened``:
    ``content`` as the caller already opened it (``open_template``, for the same survey and
    organisations: the bounds are theirs), so that it is not opened twice."""
    reader = _Reader(survey, data, org, meta, new_key or _new_key)
    reader.later_edits, reader.overwrite = later, overwrite
    try:
        return reader.read(opened or open_template(content, survey, data, limits or Limits()))
    except Refused as refusal:
        return ImportResult(refused=str(refusal))
    except Exception as error:  # never let a hostile file become a server error
        return ImportResult(refused=f"文件内容异常，无法读取（{type(error).__name__}）")


def _new_key() -> str:
    return uuid.uuid4().hex[:12]


class _Reader(SheetReading):
    """Reads one workbook (``read``) with the state and the sheet mapping it inherits."""

    def read(self, opened: Template) -> ImportResult:
        book, record = opened
        names = set(book.names)
        self._check_identity(record.get)
        layout = self._layout(record.get("fingerprint"), record.list_keys)
        if record.versioned and self.later_edits is not None:
            self.later = self.later_edits(record.table_versions, record.get("downloaded"))
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

    def _layout(self, recorded: str, list_keys: ListKeys) -> WorkbookLayout:
        """The layout the file was written with: today's, or that of a city template written
        before its rows kept their paper 序号 (same cells, only the 序号 text differs)."""
        for paper_serials in (True, False):
            layout = build_layout(
                self.survey, self.data, self.org, list_keys=list_keys, paper_serials=paper_serials
            )
            if recorded == layout.fingerprint:
                return layout
        raise Refused("模板的表格结构与本次任务不一致（可能是旧模板或行列被改动）：请重新下载模板")

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

    # -- after reading ----------------------------------------------------------------

    def _check_computed(self, merged: SurveyData) -> None:
        if not self.typed_computed:
            return  # computing twice costs as much as the rest of the mapping
        computed = computed_values(self.survey, merged)
        for sheet, slot, typed in self.typed_computed:
            expected = computed.get(slot.key)
            if same(typed, expected):
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
        found = validate(self.survey, merged, tables=tables, orgs=orgs)
        # the cells this file changes are the unit's latest changes (docs/spec.md §10.5)
        recent = {key: n for n, key in enumerate(self.changes)}
        for finding in with_suspects(self.survey, merged, found, recent):
            self.findings.append(locate(layout, finding, self.spare_keys))

    def _sorted(self, layout: WorkbookLayout) -> list[Finding]:
        order = {s.name: i for i, s in enumerate(layout.sheets)}

        def key(f: Finding) -> tuple[int, int, int]:
            sheet = layout.sheet(f.sheet or "")
            if sheet is None or f.cell is None:
                return (order.get(f.sheet or "", 99), 0, 0)
            r, c = split_ref(f.cell.split("!")[-1])
            return (order[sheet.name], r, c)

        return sorted(self.findings, key=key)
