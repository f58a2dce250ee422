"""Workbook reads bounded by the layout (issue 10, finding 1).

A city's own template edited so that a sheet holds a cell far outside the table — with no
``<dimension>``, a lying one, cells placed by counting, a repeated ``r`` — made calamine ask
for hundreds of GiB and the process abort. Every such file is now refused before calamine
sees it, with a message naming the sheet; the dangerous reads run in a child process
(``workbook_probe``), so a regression fails here instead of killing pytest.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from workbook_helpers import META, NANJING, SURVEY, empty, template

from kaoping.core.workbook.bounds import META_LABEL, sheet_bound, workbook_bounds
from kaoping.core.workbook.reader import read_workbook
from workbook_hostile import (
    declared_size,
    edit_sheet,
    far_cell,
    far_cells_without_refs,
    parts_of,
    repeated_cells,
    replace_in_sheet,
    zipped,
)
from workbook_probe import probe

CLEAN, LAYOUT = template(empty(), NANJING)
TABLE9 = "工作表“表9”"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RANGE9 = "超出模板的范围（该表最多 64 行、22 列，即 A1:V64）"  # 表9: 14 rows × 12 columns, +50 and +10


def _strings(count: int) -> bytes:
    """The template with a shared-strings table of ``count`` different short texts (random
    Chinese characters: it does not compress away, so no ratio check stops it first)."""
    rng = random.Random(10)
    parts = parts_of(CLEAN)
    items = "".join(
        f"<si><t>{''.join(rng.choices('甲乙丙丁戊己庚辛壬癸', k=4))}</t></si>" for _ in range(count)
    )
    sst = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>'
    parts["xl/sharedStrings.xml"] = sst.encode()
    return zipped(parts)


HOSTILE: dict[str, tuple[bytes, str]] = {
    # name: (file, what the refusal must say)
    "meta sheet, no dimension, XFD1048576": (
        far_cell(CLEAN, "_meta"),
        f"工作表“{META_LABEL}”有第 1048576 行",
    ),
    "表9, no dimension, XFD1048576": (far_cell(CLEAN, "表9"), f"{TABLE9}有第 1048576 行，{RANGE9}"),
    "表9, no dimension, ZZ30000": (far_cell(CLEAN, "表9", "ZZ30000"), f"{TABLE9}有第 30000 行，{RANGE9}"),
    "表9, dimension A1:B2, XFD1048576": (
        far_cell(CLEAN, "表9", dimension="A1:B2"),
        f"{TABLE9}有第 1048576 行，{RANGE9}",
    ),
    "表9, cell alone at XFD1 (row 1)": (
        edit_sheet(CLEAN, "表9", b'<row r="1"><c r="XFD1"><v>1</v></c></row>'),
        f"{TABLE9}在 XFD1 处有单元格，{RANGE9}",
    ),
    "表9, cells without r, placed by counting": (
        far_cells_without_refs(CLEAN, "表9", 1048576, 3),
        f"{TABLE9}有第 1048576 行，{RANGE9}",
    ),
    "表9, cells without r in a row without r": (
        edit_sheet(CLEAN, "表9", b"<row>" + b"<c><v>1</v></c>" * 30 + b"</row>"),
        f"{TABLE9}在 W15 处有单元格，{RANGE9}",
    ),
    "表9, r given twice (the reader keeps the last)": (
        edit_sheet(CLEAN, "表9", b'<row r="5"><c r="A5" r="XFD1048576"><v>1</v></c></row>'),
        f"{TABLE9}在 XFD1048576 处有单元格，{RANGE9}",
    ),
    "表9, single quotes, spaces and lower case": (
        edit_sheet(CLEAN, "表9", b"<row r='5'><c r = 'xfd5'><v>1</v></c></row>"),
        f"{TABLE9}在 XFD5 处有单元格，{RANGE9}",
    ),
    "表9, a namespace prefix on the cell": (
        edit_sheet(CLEAN, "表9", b'<x:row r="5"><x:c r="XFD5"><x:v>1</x:v></x:c></x:row>'),
        f"{TABLE9}在 XFD5 处有单元格，{RANGE9}",
    ),
    "表9, leading zeros": (
        edit_sheet(CLEAN, "表9", b'<row r="5"><c r="A00001048576"><v>1</v></c></row>'),
        TABLE9,
    ),
    "表9, declares A1:XFD1048576": (
        edit_sheet(CLEAN, "表9", b"", dimension="A1:XFD1048576"),
        f"{TABLE9}声明的范围 A1:XFD1048576，{RANGE9}",
    ),
    "表9, a merged range to the far corner": (
        replace_in_sheet(CLEAN, "表9", b"</mergeCells>", b'<mergeCell ref="A20:XFD1048576"/></mergeCells>'),
        f"{TABLE9}的合并单元格 A20:XFD1048576，{RANGE9}",
    ),
    "表9, 300 000 cells all at A1": (repeated_cells(CLEAN, "表9", 300_000), "压缩比"),
    "shared strings beyond any template": (
        _strings(workbook_bounds(SURVEY, empty()).strings + 1),
        "共享字符串表",
    ),
    "a part declaring 2 GB": (declared_size(CLEAN, "xl/worksheets/sheet5.xml", 2**31), "压缩炸弹"),
    "a sheet in UTF-16": (
        replace_in_sheet(CLEAN, "表9", b'encoding="UTF-8"', b'encoding="UTF-16"'),
        f"{TABLE9}已损坏（编码不是 UTF-8）",
    ),
    "a cut zip": (CLEAN[: len(CLEAN) // 2], "损坏"),
}


def test_nanjing_s_sheet_9_is_14_rows_by_12_columns() -> None:
    """The numbers in the messages above: 表9's layout, and 50 rows and 10 columns more."""
    sheet = LAYOUT.sheet("表9")
    assert sheet is not None and (sheet.last_row + 1, sheet.width) == (14, 12)
    assert (sheet_bound(sheet).rows, sheet_bound(sheet).cols) == (64, 22)


def test_every_hostile_file_is_refused_naming_the_sheet_and_the_reader_survives(tmp_path: Path) -> None:
    files = []
    for n, (content, _) in enumerate(HOSTILE.values()):
        path = tmp_path / f"{n}.xlsx"
        path.write_bytes(content)
        files.append(path)
    probed = probe("core", files)
    assert probed.exit_code == 0, "the reading process died"
    assert len(probed.results) == len(HOSTILE)
    for (name, (_, said)), result in zip(HOSTILE.items(), probed.results, strict=True):
        refused = result["refused"]
        assert isinstance(refused, str) and said in refused, (name, refused)
        assert float(result["rss_growth_mb"]) < 100, (name, result)  # type: ignore[arg-type]


def test_the_refusal_is_one_sentence_a_person_can_act_on() -> None:
    result = read_workbook(far_cell(CLEAN, "表9"), SURVEY, empty(), org=NANJING, meta=META)
    assert result.refused == (
        "工作表“表9”有第 1048576 行，超出模板的范围（该表最多 64 行、22 列，即 A1:V64）："
        "文件未导入，请在原模板的表格内填写后再上传"
    )
    assert result.changes == {} and result.findings == []


@pytest.mark.parametrize("ref", ["L20", "V64", "A64"])
def test_content_a_little_outside_the_table_is_a_finding_not_a_refusal(ref: str) -> None:
    result = read_workbook(far_cell(CLEAN, "表9", ref, dimension=""), SURVEY, empty(), org=NANJING, meta=META)
    assert result.refused is None
    assert [f.rule for f in result.findings if f.rule.startswith("X-")] == ["X-EXTRA"]


def test_one_row_or_column_beyond_the_margin_is_refused() -> None:
    for ref, where in (("A65", "有第 65 行"), ("W64", "在 W64 处有单元格")):
        result = read_workbook(
            far_cell(CLEAN, "表9", ref, dimension=""), SURVEY, empty(), org=NANJING, meta=META
        )
        assert result.refused is not None and result.refused.startswith(f"{TABLE9}{where}，"), result.refused
