"""One sheet of a filled template mapped back through its layout: merges, content outside
the table, row identities, and each value cell typed, checked and compared with what is
stored (a blank list row that was filled becomes a new list row; a cell changed by
somebody after the download is a conflict unless the user chose to overwrite it)."""

from __future__ import annotations

from kaoping.core.definitions.model import Severity
from kaoping.core.instance import CellKey, ListRow, Value
from kaoping.core.values import Invalid, Refused, display, to_text
from kaoping.core.workbook.bounded import Grid, Merge, SheetRead
from kaoping.core.workbook.cells import raw_text
from kaoping.core.workbook.layout import NA_TEXT, RowSlot, SheetLayout, Slot, SlotKind, cell_name
from kaoping.core.workbook.listnames import ListNames
from kaoping.core.workbook.readstate import ReadState
from kaoping.core.workbook.stale import Conflict, overwrites, token

MAX_TEXT = 4000  # characters in one cell
Typed = tuple[Slot, Value, str]  # a value cell, its value, the text it was read from


class SheetReading(ReadState):
    """Reads the sheets into the state (``_sheet``)."""

    names: ListNames  # the current sheet's list names

    def _sheet(self, sheet: SheetLayout, source: SheetRead) -> None:
        grid, formulas = source.grid, source.formulas
        broken = self._merges(sheet, source.merges)
        self._extra(sheet, grid)
        self.row_slots = sheet.row_index()
        self.names = ListNames(sheet, self.data)
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
        expected = sheet.ranges()
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
        line = grid[row.sheet_row] if row.sheet_row < len(grid) else []
        typed = self._typed(sheet, row, line, formulas, broken)
        if row.spare or (row.row.kind == "list" and row.row.key not in self.listed):
            # a blank list row, or one the template listed that is no longer stored
            self._spare(sheet, row, typed)
            return
        if row.row.kind == "list":
            self._named(sheet, row, typed)
        self._compare(sheet, row, typed, row.row.key)

    def _compare(self, sheet: SheetLayout, row: RowSlot, typed: list[Typed], key: str) -> None:
        """The row's cells against the stored row ``key``: what differs is a change."""
        stored, table = self.data.values, sheet.table.id
        for slot, value, _ in typed:
            cell = (table, key, slot.key[2])
            if not same(value, stored.get(cell)) and self._wins(sheet, row, slot, cell, value):
                self.changes[cell] = to_text(slot.column, value)
                self.values[cell] = value

    def _typed(
        self,
        sheet: SheetLayout,
        row: RowSlot,
        line: list[object],
        formulas: set[tuple[int, int]],
        broken: set[tuple[int, int]],
    ) -> list[Typed]:
        """The row's input cells as values (a blank one is None), the others checked."""
        typed: list[Typed] = []
        width = len(line)
        marked = bool(broken or formulas)  # most sheets have neither: skip the lookups
        for slot in self.row_slots.get(row.sheet_row, []):
            at = (slot.row, slot.col)
            if marked and at in broken:
                continue
            cell = line[slot.col] if slot.col < width else None
            formula = marked and at in formulas
            if slot.kind is SlotKind.INPUT and not formula and (cell is None or cell == ""):
                typed.append((slot, None, ""))  # the common blank cell
            elif formula:
                if slot.kind is not SlotKind.COMPUTED:
                    message = "此处应填写数值，不能是公式（公式不会被计算），未导入"
                    self._finding(sheet, *at, "X-FORMULA", message, slot.key)
            else:
                self._value(sheet, row, slot, cell, typed)
        return typed

    def _value(self, sheet: SheetLayout, row: RowSlot, slot: Slot, cell: object, typed: list[Typed]) -> None:
        """One filled value cell, held to what its slot allows; an input's value joins ``typed``."""
        raw = raw_text(cell)
        at = (slot.row, slot.col)
        if slot.kind is SlotKind.FIXED:
            fixed = row.row.fixed.get(slot.key[2], "")
            if raw.strip() != fixed.strip():
                message = f"此处为定义给出的内容“{fixed}”，不能修改；修改未导入"
                self._finding(sheet, *at, "X-LOCKED", message, slot.key, Severity.WARNING)
            return
        if slot.kind is SlotKind.NA:
            if raw.strip() not in ("", NA_TEXT):
                # not imported (a save refuses the cell); the page's rule, at this cell
                message = f"此处为“{NA_TEXT}”（不适用），应为空，填写的是 {raw.strip()[:40]}；未导入"
                self._finding(sheet, *at, "V-NA", message, slot.key)
            return
        if len(raw) > MAX_TEXT:
            message = f"内容过长（{len(raw)} 字，最多 {MAX_TEXT} 字），未导入"
            self._finding(sheet, *at, "X-LONG", message, slot.key)
            return
        value = self.cells.value(slot.column, cell, raw)
        if slot.kind is SlotKind.COMPUTED:
            if value is not None:
                self.typed_computed.append((sheet, slot, value))
        elif slot.kind is SlotKind.READONLY:
            if not same(value, self.data.get(*slot.key)) and not self._as_downloaded(slot, value):
                owner = self._org_text(row.row.org or "")
                message = f"此行由 {owner} 填报，不能在本模板中修改；修改未导入"
                self._finding(sheet, *at, "X-LOCKED", message, slot.key)
        elif isinstance(value, Refused):  # refused at the boundary: reported, never imported
            self._finding(sheet, *at, "V-TYPE", f"{value.reason}，未导入", slot.key)
        else:
            typed.append((slot, value, raw))

    def _as_downloaded(self, slot: Slot, value: Value) -> bool:
        """Whether a cell of another unit, changed by that unit after the download, still
        holds in the file what it held then (the file did not change it)."""
        edit = self.later.get(slot.key)
        return edit is not None and to_text(slot.column, value) == (edit.before or "")

    def _spare(self, sheet: SheetLayout, row: RowSlot, typed: list[Typed]) -> None:
        """A blank list row that was filled is the stored row of its block with the same name
        the template did not list (an earlier import of this file), else a new list row with
        a new key (a row the template listed keeps its key). docs/spec.md §9.3."""
        filled = [(s, v) for s, v, _ in typed if v is not None]
        if not filled or not self._named(sheet, row, typed):
            return
        table, section = sheet.table.id, row.section.key
        match = self._match(sheet, row, typed) if row.spare else ""
        if match is None:
            return
        if match:
            self.spare_keys[(table, match)] = row.row.key
            self._compare(sheet, row, typed, match)
            return
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

    def _named(self, sheet: SheetLayout, row: RowSlot, typed: list[Typed]) -> bool:
        """Records the row's name in its block; False (and an X-DUP finding) when an
        earlier row of the file's block has the same name: this row is not imported."""
        found = _name(row, typed)
        if found is None:
            return True
        slot, name = found
        here = sheet.address(slot.row, slot.col)
        earlier = self.names.meet(row, name, here)
        if earlier is None or not row.spare:  # a listed row keeps its key: the rules judge it
            return True
        message = (
            f"“{name}”与 {earlier} 同名：同一单位的清单中名称不能重复"
            "（比较时不计空格和标点、全角半角和大小写），本行未导入"
        )
        self._finding(sheet, slot.row, slot.col, "X-DUP", message, name=name)
        return False

    def _match(self, sheet: SheetLayout, row: RowSlot, typed: list[Typed]) -> str | None:
        """The key of the one stored row the template did not list that has this row's
        name ("" when there is none); None when there are several — a finding (X-DUP),
        and the row is not imported."""
        found = _name(row, typed)
        if found is None:
            return ""
        slot, name = found
        keys = self.names.stored(row, name)
        if len(keys) > 1:
            message = (
                f"已保存的清单中有 {len(keys)} 行名为“{name}”，无法确定本行对应哪一行，本行未导入："
                "请先在页面上删除重复的行"
            )
            self._finding(sheet, slot.row, slot.col, "X-DUP", message, name=name)
            return None
        return keys[0] if keys else ""

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
            table_label=sheet.table.heading,
            row_label=row.row.label or "",
            column_label=slot.column.path,
            mine=display(slot.column, value),
            current=display(slot.column, self.data.values.get(cell)),
            edit=edit,
            overwritten=overwrites(self.overwrite, token(cell, edit.version)),
        )
        self.conflicts.append(conflict)
        return conflict.overwritten


def _name(row: RowSlot, typed: list[Typed]) -> tuple[Slot, str] | None:
    """The row's name cell and the name typed into it (None when blank)."""
    column = row.section.label_column
    for slot, value, raw in typed:
        if slot.key[2] == column and value is not None:
            name = raw.strip() or str(value).strip()
            return (slot, name) if name else None
    return None


def _at(grid: Grid, r: int, c: int) -> object:
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def same(new: Value, old: Value) -> bool:
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
