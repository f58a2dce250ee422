"""A valid province workbook damaged in many ways: the import never fails unhandled, names
the sheet and cell it found damaged (or refuses the whole file and says why), and a refused
file gives no changes.

Each damage hits a sheet of its own, so what one does cannot hide another.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

import openpyxl
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from workbook_helpers import META, SURVEY, sample

from kaoping.core.definitions.model import ColumnType
from kaoping.core.workbook.layout import SheetLayout, Slot, SlotKind, build_layout
from kaoping.core.workbook.reader import read_workbook
from kaoping.core.workbook.writer import write_workbook

STORED = sample()
CLEAN = write_workbook(SURVEY, STORED, org=None, meta=META)
LAYOUT = build_layout(SURVEY, STORED, None)
SHEETS = {s.name: s for s in LAYOUT.sheets}
EXAMPLES = int(os.environ.get("KAOPING_HYPOTHESIS_EXAMPLES", "20"))
TYPED = {ColumnType.TEXT, ColumnType.URL, ColumnType.FIXED}
NOT_A_VALUE = ["很多", "不详", "？？", "一百二十", "见附件"]


@dataclass(frozen=True)
class Damage:
    kind: str
    sheet: str
    row: int = 0
    col: int = 0
    text: str = ""
    last_row: int = 0
    last_col: int = 0

    @property
    def cell(self) -> str:
        return SHEETS[self.sheet].address(self.row, self.col)


def inputs(sheet: SheetLayout, typed: bool | None = None) -> list[Slot]:
    out = [s for s in sheet.slots.values() if s.kind is SlotKind.INPUT]
    if typed is True:
        out = [s for s in out if s.column.type not in TYPED]
    if typed is False:  # text cells of stored rows (a blank list row would get a new key)
        out = [s for s in out if s.column.type is ColumnType.TEXT and not s.key[1].startswith("+")]
    return sorted(out, key=lambda s: (s.row, s.col))


@st.composite
def one_damage(draw: st.DrawFn, name: str) -> Damage:
    sheet = SHEETS[name]
    kinds = [
        "delete_sheet",
        "extra",
        "formula",
        "huge",
        "wrong_type",
        "insert_row",
        "merge",
        "swap",
        "inject",
    ]
    kind = draw(st.sampled_from(kinds))
    slots = inputs(sheet)
    if kind == "wrong_type" and inputs(sheet, True):
        slot = draw(st.sampled_from(inputs(sheet, True)))
        return Damage(kind, name, slot.row, slot.col, draw(st.sampled_from(NOT_A_VALUE)))
    if kind == "inject" and inputs(sheet, False):
        slot = draw(st.sampled_from(inputs(sheet, False)))
        text = draw(st.sampled_from("=+-@")) + draw(
            st.text(
                st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]),
                min_size=1,
                max_size=30,
            )
        )
        return Damage(kind, name, slot.row, slot.col, text)
    if kind in ("formula", "huge") and slots:
        slot = draw(st.sampled_from(slots))
        text = "=1+1" if kind == "formula" else "长" * draw(st.integers(4001, 32000))
        return Damage(kind, name, slot.row, slot.col, text)
    if kind == "merge":
        pairs = [(s, t) for s in slots for t in slots if t.row == s.row and t.col == s.col + 1]
        if pairs:
            first, second = draw(st.sampled_from(pairs))
            return Damage(kind, name, first.row, first.col, last_row=second.row, last_col=second.col)
    if kind in ("swap", "insert_row"):
        rows = [r for p in sheet.sections for r in p.rows if r.idents and r.row.kind != "block"]
        if kind == "insert_row" and rows:
            row = draw(st.sampled_from(rows))
            r, c, _ = row.idents[0]
            return Damage(kind, name, r, c)
        pairs = [
            (a, b)
            for p in sheet.sections
            for a in p.rows
            for b in p.rows
            if a.sheet_row < b.sheet_row
            and a.idents
            and b.idents
            and a.idents[0][1] == b.idents[0][1]
            and a.idents[0][2] != b.idents[0][2]
        ]
        if pairs:
            a, b = draw(st.sampled_from(pairs))
            r, c, _ = a.idents[0]
            return Damage(kind, name, r, c, last_row=b.sheet_row)
    if kind == "extra":
        r = sheet.last_row + draw(st.integers(2, 30))
        c = draw(st.integers(0, sheet.width + 3))
        return Damage(kind, name, r, c, "多余的行")
    return Damage("delete_sheet", name)


@st.composite
def damages(draw: st.DrawFn) -> list[Damage]:
    names = draw(st.lists(st.sampled_from(sorted(SHEETS)), min_size=1, max_size=3, unique=True))
    return [draw(one_damage(n)) for n in names]


def damaged(plan: list[Damage]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(CLEAN))
    for d in plan:
        ws = book[d.sheet]
        if d.kind == "delete_sheet":
            del book[d.sheet]
        elif d.kind == "merge":
            ws.merge_cells(
                start_row=d.row + 1, start_column=d.col + 1, end_row=d.last_row + 1, end_column=d.last_col + 1
            )
        elif d.kind == "insert_row":
            ws.insert_rows(d.row + 1)
        elif d.kind == "swap":
            width = SHEETS[d.sheet].width
            for c in range(1, width + 1):
                a, b = ws.cell(row=d.row + 1, column=c), ws.cell(row=d.last_row + 1, column=c)
                if type(a).__name__ == "MergedCell" or type(b).__name__ == "MergedCell":
                    continue
                a.value, b.value = b.value, a.value
        else:
            cell = ws.cell(row=d.row + 1, column=d.col + 1)
            if type(cell).__name__ == "MergedCell":  # the top-left of a header or label merge
                continue
            cell.value = d.text
            if d.kind != "formula":
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def places(d: Damage) -> set[str]:
    """Where the damage must be reported: an inserted (blank) row at the first of the row's 序号
    and label cells that differs — the label where the row has no 序号 (合计)."""
    if d.kind == "delete_sheet":
        return {f"{d.sheet}!A1"}
    if d.kind == "insert_row":
        return {SHEETS[d.sheet].address(d.row, c) for c in range(SHEETS[d.sheet].width)}
    return {d.cell}


EXPECTED_RULES = {
    "wrong_type": {"V-TYPE", "V-CODE"},
    "formula": {"X-FORMULA"},
    "huge": {"X-LONG"},
    "merge": {"X-MERGE"},
    "swap": {"X-ROW"},
    "insert_row": {"X-ROW"},
    "extra": {"X-EXTRA"},
    "delete_sheet": {"X-SHEET"},
}


# No shrinking: each example opens and saves a 14-sheet workbook; a failure prints its plan.
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(damages())
def test_damage_is_located_never_a_crash(plan: list[Damage]) -> None:
    result = read_workbook(damaged(plan), SURVEY, STORED, org=None, meta=META)

    assert result.refused is None, result.refused
    found = {(f.rule, f.sheet, f.cell) for f in result.findings}
    for d in plan:
        if d.kind == "inject":
            slot = SHEETS[d.sheet].slots[(d.row, d.col)]
            assert result.changes.get(slot.key) == d.text.strip()
            assert not any(f.cell == d.cell for f in result.findings if f.rule == "X-FORMULA")
            continue
        rules = EXPECTED_RULES[d.kind]
        assert any(rule in rules and sheet == d.sheet and at in places(d) for rule, sheet, at in found), (
            d,
            sorted(found),
        )
    assert all(f.sheet and f.cell and f.cell.startswith(f"{f.sheet}!") for f in result.findings)


@settings(max_examples=max(5, EXAMPLES // 3), deadline=None)
@given(st.sampled_from(["meta", "truncate", "noise"]), st.integers(0, 2**16))
def test_a_ruined_file_is_refused_with_a_reason_and_nothing_else(how: str, seed: int) -> None:
    if how == "meta":
        book = openpyxl.load_workbook(io.BytesIO(CLEAN))
        del book["_meta"]
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
    elif how == "truncate":
        content = CLEAN[: seed % len(CLEAN)]
    else:
        content = CLEAN[:30] + bytes((seed * 7 + i) % 256 for i in range(2000)) + CLEAN[2030:]
    result = read_workbook(content, SURVEY, STORED, org=None, meta=META)
    assert result.refused
    assert "文件内容异常" not in result.refused  # every refusal is an understood one
    assert result.changes == {} and result.data is None and result.findings == []
