"""Laying out one table as a sheet: 表号, title, reference date or period, each section (its
title, merged header rows, data rows, 表7's organisation blocks), then the 填写说明 — which
cells hold values (``Slot``) and which hold text (``Box``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kaoping.core.definitions.headers import HeaderCell, header_grid, names_unit
from kaoping.core.definitions.model import Column, ColumnType, Row, Section, SectionKind, Survey, Table
from kaoping.core.instance import SurveyData, section_rows
from kaoping.core.values import column_for_row
from kaoping.core.workbook.layoutmodel import (
    SPARE_PREFIX,
    Box,
    RowSlot,
    SectionLayout,
    SheetLayout,
    Slot,
    SlotKind,
)


def block_orgs(section: Section, data: SurveyData) -> list[str]:
    orgs: list[str] = []
    for kind in section.list_blocks:
        if kind.value == "cities":
            orgs.extend(c.code for c in data.cities)
        elif kind.value == "province":
            orgs.append(data.province.code)
    return orgs


def _org_name(data: SurveyData, code: str) -> str:
    if code == data.province.code:
        return "省本级"
    return next((c.name for c in data.cities if c.code == code), code)


_TYPE_WIDTH = {
    ColumnType.TEXT: 16.0,
    ColumnType.URL: 18.0,
    ColumnType.CODES: 13.0,
    ColumnType.CODE: 13.0,
    ColumnType.DATE: 12.0,
    ColumnType.BOOL: 9.0,
    ColumnType.FIXED: 9.0,
}


class SheetBuilder:
    def __init__(
        self,
        survey: Survey,
        data: SurveyData,
        org: str | None,
        list_keys: dict[tuple[str, str, str], Sequence[str]],
        spare_rows: int,
        *,
        paper_serials: bool = True,
    ) -> None:
        self.survey = survey
        self.paper_serials = paper_serials
        self.data = data
        self.org = org
        self.list_keys = list_keys
        self.spare_rows = spare_rows
        self.province = data.province.code
        self.is_city = org is not None and org != self.province

    # -- which rows -------------------------------------------------------------------

    def _owner(self, section: Section, row: Row) -> str | None:
        if row.kind == "total":
            return None
        return row.org if row.org is not None else self.province

    def _rows(self, table: Table, section: Section) -> list[tuple[Row, str | None]]:
        """The section's rows for this template, each with its list block's org."""
        if section.kind is SectionKind.LIST:
            rows = self._list_rows(table, section)
        else:
            rows = [(r, None) for r in section_rows(table, section, self.data)]
        if not self.is_city:
            return rows
        return [(r, b) for r, b in rows if (b or self._owner(section, r)) == self.org]

    def _list_rows(self, table: Table, section: Section) -> list[tuple[Row, str | None]]:
        label = section.label_column
        blocks = block_orgs(section, self.data) if section.list_blocks else [""]
        out: list[tuple[Row, str | None]] = []
        spare = 0
        for block in blocks:
            org = block or self.province
            keys = self.list_keys.get((table.id, section.key, block), ())
            for key in keys:
                value = self.data.get(table.id, key, label) if label else None
                text = str(value) if value else "（未命名）"
                out.append((Row(key=key, label=text, org=org, kind="list"), org))
            # 表7 has a block per organisation: fewer blank rows each, within the unit's cap
            room = max(0, section.max_rows - len(keys))
            extra = min(self.spare_rows if len(blocks) == 1 else max(3, self.spare_rows // 2), room)
            for _ in range(extra):
                out.append(
                    (Row(key=f"{SPARE_PREFIX}{section.key}:{spare}", label="", org=org, kind="list"), org)
                )
                spare += 1
        return out

    # -- a sheet ----------------------------------------------------------------------

    def sheet(self, table: Table) -> SheetLayout | None:
        parts = [(s, rows) for s in table.sections if (rows := self._rows(table, s))]
        if not parts:
            return None
        width = max(self._section_width(table, s) for s, _ in parts)
        width = max(width, 4)
        sheet = SheetLayout(table.label, table, width, [0.0] * width)
        self._widths(sheet, table, parts)
        sheet.widths = [w or 12.0 for w in sheet.widths]
        sheet.boxes.append(Box(0, 0, 0, width - 1, table.label, "number"))
        sheet.boxes.append(Box(1, 0, 1, width - 1, table.title, "title"))
        row = 2
        when = _when(table)
        if when:
            sheet.boxes.append(Box(row, 0, row, width - 1, when, "plain"))
            row += 1
        for section, rows in parts:
            row = self._section(sheet, table, section, rows, row) + 1
        row = self._notes(sheet, table, row)
        sheet.last_row = row - 1
        return sheet

    def _label_cols(self, table: Table, section: Section) -> int:
        if section.kind is SectionKind.FORM:
            return 0
        has_sub = any(r.sub_label for r in section.fixed_rows)
        return max(1, len(section.row_header)) + (1 if has_sub else 0)

    def _section_width(self, table: Table, section: Section) -> int:
        if section.kind is SectionKind.FORM:
            return 4
        return self._label_cols(table, section) + len(section.columns)

    def _widths(
        self, sheet: SheetLayout, table: Table, parts: list[tuple[Section, list[tuple[Row, str | None]]]]
    ) -> None:
        for section, rows in parts:
            if section.kind is SectionKind.FORM:
                continue
            offset = self._label_cols(table, section)
            headers = list(section.row_header) or ["序号"]
            has_sub = offset > max(1, len(section.row_header))
            for i in range(offset):
                name = headers[i] if i < len(headers) else ""
                if name == "序号" or section.kind is SectionKind.LIST:
                    want = 6.0
                else:  # as wide as the longest label, within reason
                    sub = has_sub and i == offset - 1
                    texts = [(r.sub_label if sub else r.label) or "" for r, _ in rows]
                    want = min(30.0, max(10.0, max(text_units(t) for t in texts) + 2))
                sheet.widths[i] = max(sheet.widths[i], want)
            for j, column in enumerate(section.columns):
                want = _TYPE_WIDTH.get(column.type, 11.5)
                sheet.widths[offset + j] = max(sheet.widths[offset + j], want)

    def _section(
        self, sheet: SheetLayout, table: Table, section: Section, rows: list[tuple[Row, str | None]], top: int
    ) -> int:
        """Lay out a section from sheet row ``top``; return the row after it."""
        if section.title:
            sheet.boxes.append(Box(top, 0, top, sheet.width - 1, section.title, "subtitle"))
            top += 1
        if section.kind is SectionKind.FORM:
            return self._form(sheet, table, section, rows[0][0], top)
        offset = self._label_cols(table, section)
        has_sub = offset > max(1, len(section.row_header))
        head = header_grid(section, row_header=section.row_header or ("序号",), sub_label=has_sub)
        columns = {c.key: c for c in section.columns}
        for cell in (cell for row in head for cell in row):
            text = cell.label if cell.column is None else _label_with_unit(columns[cell.column], cell.label)
            sheet.boxes.append(_header_box(top, cell, text))
        levels = len(head)
        part = SectionLayout(section, top, top + levels - 1)
        sheet.sections.append(part)
        r = top + levels
        row_objs = [x for x, _ in rows]
        # what each column's cell is, apart from the row: worked out once per section
        plan = [_planned(section, offset + j, c) for j, c in enumerate(section.columns)]
        serials = self._serials(table, section, row_objs)
        block_seen: str | None = None
        for i, (row, block) in enumerate(rows):
            if section.list_blocks and block != block_seen:
                # 表7: the organisation of each block on a row of its own, as the seed prints it
                name = _org_name(self.data, block or self.province)
                sheet.boxes.append(Box(r, 0, r, sheet.width - 1, name, "block"))
                part.rows.append(
                    RowSlot(r, section, Row(key="", label=name, kind="block"), False, ((r, 0, name),), block)
                )
                block_seen = block
                r += 1
            idents = self._row_idents(sheet, section, row_objs, i, r, offset, has_sub, serials[i])
            editable = self._editable(section, row, block)
            part.rows.append(RowSlot(r, section, row, editable, idents, block))
            self._slots(sheet, table.id, plan, row, r, editable)
            r += 1
        return r

    def _row_idents(
        self,
        sheet: SheetLayout,
        section: Section,
        rows: list[Row],
        i: int,
        r: int,
        offset: int,
        has_sub: bool,
        serial: str,
    ) -> tuple[tuple[int, int, str], ...]:
        row = rows[i]
        idents: list[tuple[int, int, str]] = []
        if section.kind is SectionKind.LIST:
            number = serial
            sheet.boxes.append(Box(r, 0, r, 0, number, "serial"))
            return ((r, 0, number),)
        numbered = "序号" in section.row_header
        label_col = 1 if numbered else 0
        last_label_col = offset - 1 - (1 if has_sub else 0)
        number = row.number or (serial if numbered else "")
        if numbered:
            span = self._run(rows, i, lambda x: x.number) if row.number else 1
            if span:  # the first row of a run of equal numbers carries the merged 序号
                sheet.boxes.append(Box(r, 0, r + span - 1, 0, number, "serial"))
                idents.append((r, 0, number))
        if has_sub and row.sub_label:
            span = self._run(rows, i, lambda x: (x.number, x.label))
            if span:
                sheet.boxes.append(Box(r, label_col, r + span - 1, label_col, row.label, "label"))
                idents.append((r, label_col, row.label))
            sheet.boxes.append(Box(r, offset - 1, r, offset - 1, row.sub_label, "label"))
            idents.append((r, offset - 1, row.sub_label))
        else:
            last = offset - 1 if has_sub else last_label_col
            sheet.boxes.append(Box(r, label_col, r, max(label_col, last), row.label, "label"))
            idents.append((r, label_col, row.label))
        return tuple(idents)

    def _serials(self, table: Table, section: Section, rows: list[Row]) -> list[str]:
        """序号 as the paper and the entry page print them: a city's row keeps its number
        among every unit's rows (南京市 2 in 表9, after 省本级). Templates made before
        (``paper_serials`` False) numbered a city's own rows from 1; the reader still
        accepts them (docs/spec.md §9.3)."""
        if section.kind is SectionKind.LIST or not self.is_city or not self.paper_serials:
            return _serials(section, rows)
        every = list(section_rows(table, section, self.data))
        numbers = dict(zip((r.key for r in every), _serials(section, every), strict=True))
        return [numbers[r.key] for r in rows]

    @staticmethod
    def _run(rows: list[Row], i: int, get: Callable[[Row], object]) -> int:
        """Length of the run of equal keys starting at ``i``; 0 when ``i`` continues a run."""
        if i > 0 and get(rows[i - 1]) == get(rows[i]):
            return 0
        n = 1
        while i + n < len(rows) and get(rows[i + n]) == get(rows[i]):
            n += 1
        return n

    def _editable(self, section: Section, row: Row, block: str | None) -> bool:
        if row.kind == "total":
            return False
        if self.org is None:
            return True
        return (block or self._owner(section, row)) == self.org

    def _slots(
        self,
        sheet: SheetLayout,
        table: str,
        plan: list[tuple[int, Column, bool, bool, bool]],
        row: Row,
        r: int,
        editable: bool,
    ) -> None:
        """The value cells of one grid or list row (the hot loop of a layout: kept plain)."""
        total = row.kind == "total"
        slots, by_key = sheet.slots, sheet.by_key
        for c, column, computed, summed, fixed in plan:
            if computed or (total and summed):
                kind = SlotKind.COMPUTED
            elif total or row.key in column.na_rows or column.key in row.na_columns:
                kind = SlotKind.NA
            elif fixed:
                kind = SlotKind.FIXED
            else:
                kind = SlotKind.INPUT if editable else SlotKind.READONLY
            effective = column_for_row(column, row) if column.key in row.overrides else column
            key = (table, row.key, column.key)
            slots[(r, c)] = Slot(r, c, key, effective, kind)
            by_key[key] = (r, c)

    def _form(self, sheet: SheetLayout, table: Table, section: Section, row: Row, top: int) -> int:
        part = SectionLayout(section, top, top - 1)
        sheet.sections.append(part)
        # the label over the left half of the sheet, the answer merged over the right half
        label_last = max(0, sheet.width // 2 - 1)
        editable = self._editable(section, row, None)
        for i, column in enumerate(section.columns):
            r = top + i
            text = _label_with_unit(column)
            sheet.boxes.append(Box(r, 0, r, label_last, text, "label"))
            part.rows.append(RowSlot(r, section, row, editable, ((r, 0, text),)))
            self._slots(sheet, table.id, [_planned(section, label_last + 1, column)], row, r, editable)
            if label_last + 1 < sheet.width - 1:
                sheet.merges.append((r, label_last + 1, r, sheet.width - 1))
        return top + len(section.columns)

    def _notes(self, sheet: SheetLayout, table: Table, row: int) -> int:
        lines = [x for x in table.instructions.splitlines() if x.strip()]
        if lines:
            sheet.boxes.append(Box(row, 0, row, sheet.width - 1, "填写说明：", "note"))
            row += 1
            for line in lines:
                sheet.boxes.append(Box(row, 0, row, sheet.width - 1, line.strip(), "note"))
                row += 1
        if table.footer:
            row += 1
            for line in table.footer.splitlines():
                if line.strip():
                    sheet.boxes.append(Box(row, 0, row, sheet.width - 1, line.rstrip(), "footer"))
                row += 1
        return row


def _planned(section: Section, col: int, column: Column) -> tuple[int, Column, bool, bool, bool]:
    """What a column's cell is, apart from the row: its sheet column, computed, summed, fixed."""
    computed, summed = column.computed is not None, column.key in section.total_columns
    return col, column, computed, summed, column.type is ColumnType.FIXED


def text_units(text: str) -> float:
    """Width of 10-point text in Excel column units (measured on LibreOffice's rendering:
    a CJK character takes about 1.7, a Latin one about 0.9)."""
    return sum(1.7 if ord(ch) > 0x2E80 else 0.9 for ch in text)


def _header_box(top: int, cell: HeaderCell, text: str) -> Box:
    """A header cell on the sheet, its header block starting at sheet row ``top``."""
    first = top + cell.depth
    return Box(first, cell.col, first + cell.rowspan - 1, cell.col + cell.colspan - 1, text, "header")


def _label_with_unit(column: Column, printed: str = "") -> str:
    """A value column's label with its unit, unless its label or the ``printed`` one names it.
    (Unlike the entry page, a unit a group above names is repeated on the leaf.)"""
    if not column.unit or names_unit(column.unit, (column.label, printed)):
        return column.label
    return f"{column.label}（{column.unit}）"


def _serials(section: Section, rows: list[Row]) -> list[str]:
    """序号 of organisation and list rows: 1, 2, … (per block for 表7); none for 合计."""
    counts: dict[str | None, int] = {}
    out: list[str] = []
    for row in rows:
        if row.kind == "total":
            out.append("")
            continue
        group = row.org if section.kind is SectionKind.LIST else None
        counts[group] = counts.get(group, 0) + 1
        out.append(str(counts[group]))
    return out


def _when(table: Table) -> str:
    if table.period:
        start, end = table.period
        return f"统计期间：{_cn_date(start)}至{_cn_date(end)}"
    if table.date:
        return f"数据时点：{_cn_date(table.date)}"
    return ""


def _cn_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"
