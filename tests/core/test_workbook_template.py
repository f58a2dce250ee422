"""The template a person downloads: sheets, protection, drop-downs, formats, formulas with
their values, print set-up, the hidden template mark, and text that stays text."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import python_calamine
from workbook_helpers import META, NANJING, SURVEY, empty, fill, sample, template

from kaoping.core.workbook.layout import build_layout
from kaoping.core.workbook.reader import read_workbook
from kaoping.core.workbook.writer import write_workbook

TABLES = [f"表{i}" for i in range(1, 15)]


def book(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet_xml(content: bytes, name: str) -> str:
    archive = zipfile.ZipFile(io.BytesIO(content))
    workbook = archive.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', workbook)
    index = [n for n, _ in names].index(name) + 1
    return archive.read(f"xl/worksheets/sheet{index}.xml").decode()


def test_the_province_gets_all_fourteen_tables_and_a_hidden_mark() -> None:
    content, _ = template(sample(), None)
    wb = book(content)
    assert wb.sheetnames[:14] == TABLES
    assert wb["_meta"].sheet_state == "hidden"
    assert wb["_lists"].sheet_state == "hidden"
    assert all(wb[n].sheet_state == "visible" for n in TABLES)


def test_the_mark_names_definition_version_campaign_and_organisation() -> None:
    content, layout = template(empty(), NANJING)
    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name("_meta")
    marks = {r[0]: r[1] for r in rows.to_python() if r[0] != "list"}
    assert marks == {
        "format": "kaoping-workbook",
        "layout": "1",
        "definition": "survey-2015",
        "version": "1",
        "campaign": "test-2015",
        "org": NANJING,
        "fingerprint": layout.fingerprint,
    }
    custom = zipfile.ZipFile(io.BytesIO(content)).read("docProps/custom.xml").decode()
    assert "kaoping_campaign" in custom and "test-2015" in custom


def test_a_city_sheet_holds_only_its_own_row() -> None:
    content, _ = template(sample(), NANJING)
    ws = book(content)["表9"]
    labels = [ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)]
    assert "南京市" in labels
    assert not {"省本级", "合计", "无锡市"} & set(labels)


def test_input_cells_are_unlocked_and_everything_else_protected() -> None:
    content, _ = template(sample(), None)
    ws = book(content)["表9"]
    assert ws.protection.sheet is True
    # 南京 calls (H7) is typed; its label (B7) and the total row's calls (H20) are not
    assert ws["H7"].protection.locked is False
    assert ws["B7"].protection.locked is True
    assert ws["H20"].protection.locked is True
    assert ws["B20"].value == "合计"


def test_code_columns_offer_the_choices_as_printed() -> None:
    content, _ = template(empty(), None)
    wb = book(content)
    ws = wb["表2"]
    by_range = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    # 建设情况 2015年6月: column B, the four DR rows 19–22
    status = by_range["B19:B22"]
    assert status.type == "list"
    ref = status.formula1
    assert ref.startswith("'_lists'!")
    col = ref.split("!")[1].replace("$", "").split(":")[0][0]
    choices = [c.value for c in wb["_lists"][col] if c.value]
    assert choices == ["a.已建", "b.在建", "c.未建"]


def test_numbers_carry_the_definitions_decimals() -> None:
    content, _ = template(sample(), None)
    wb = book(content)
    assert wb["表5"]["C7"].number_format == "0.00"  # 持卡人数（万人）, 2 decimals
    assert wb["表9"]["H7"].number_format == "0"  # 来电总量, a count
    assert wb["表13"]["C7"].number_format == "0.00"  # 投入总额（万元）: 3 header rows, 南京 on 7


def test_totals_and_coverage_are_formulas_stored_with_their_values() -> None:
    content, _ = template(sample(), None)
    t05 = sheet_xml(content, "表5")
    # 合计 持卡人数 = 500 + 501 + … + 512 = 6578 (the sample gives city i 500 + i)
    assert re.search(r'<c r="C20"[^>]*><f>IF\(COUNT\(C7:C19\)=0,"",SUM\(C7:C19\)\)</f><v>6578</v>', t05)
    t04 = sheet_xml(content, "表4")
    # 表4 data begin on row 6; 省级社保经办机构: 8 networked, 2 not → 80.00 %;
    # 市级 (row 7): 9 and 2 → 81.818… → 81.82
    assert re.search(r'<c r="D6"[^>]*><f>[^<]*ROUND\(\(\(C6\*100\)/\(C6\+E6\)\),2\)[^<]*</f><v>80</v>', t04)
    assert re.search(r'<c r="D7"[^>]*><f>[^<]*</f><v>81.82</v>', t04)
    values = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert values.get_sheet_by_name("表5").to_python()[19][2] == 6578.0


def test_a4_landscape_with_header_rows_repeated() -> None:
    content, _ = template(empty(), None)
    ws = book(content)["表9"]
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$4:$5"
    # fit to one page wide (fitToWidth's default is 1), as many pages tall as needed
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0


def test_headers_are_merged_like_the_paper_table() -> None:
    content, _ = template(empty(), None)
    ws = book(content)["表5"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C4:G4", "D5:G5", "C5:C6", "A4:A6", "B4:B6"} <= merged
    assert ws["C4"].value == "预计2015年底发卡情况"
    assert ws["D5"].value == "其中"
    assert ws["C5"].value == "持卡人数（万人）"


def test_table1_ends_with_the_seal_block_and_every_table_with_its_instructions() -> None:
    content, _ = template(empty(), None)
    wb = book(content)
    texts = [str(c.value) for row in wb["表1"].iter_rows() for c in row if c.value]
    assert any(t.startswith("填报单位：江苏省人力资源和社会保障厅") and "（公章）" in t for t in texts)
    assert any(t.startswith("联系人与联系方式") for t in texts)
    t09 = [str(c.value) for row in wb["表9"].iter_rows() for c in row if c.value]
    assert "填写说明：" in t09
    assert any("2015年1月1日至6月30日" in t for t in t09)


INJECTIONS = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]


def test_text_that_looks_like_a_formula_stays_text_out_and_in_and_out_again() -> None:
    stored = sample()
    layout = build_layout(SURVEY, stored, None)
    located = layout.locate(("T06", "sys-core", "company"))
    assert located is not None
    sheet, r, c = located
    for text in INJECTIONS:
        stored.values[("T06", "sys-core", "company")] = text
        content = write_workbook(SURVEY, stored, org=None, meta=META)
        xml = sheet_xml(content, sheet.name)
        cell = re.search(rf'<c r="{sheet.address(r, c).split("!")[1]}"[^>]*?(/>|>.*?</c>)', xml)
        assert cell is not None and "<f>" not in cell.group(0) and 't="s"' in cell.group(0)
        # typed by a person into an empty store: imported as text, never a formula finding
        typed = fill(write_workbook(SURVEY, sample(), org=None, meta=META), {(sheet.name, r, c): text})
        result = read_workbook(typed, SURVEY, sample(), org=None, meta=META)
        assert result.changes == {("T06", "sys-core", "company"): text}
        assert result.findings == []


def test_prefilled_values_read_as_a_person_sees_them() -> None:
    content, _ = template(sample(), None)
    wb = book(content)
    assert wb["表2"]["B19"].value == "a.已建"
    assert wb["表10"]["M7"].value == "a,b,d"
    assert wb["表9"]["C7"].value == "是"
    assert wb["表5"]["C7"].value == float(Decimal("500.00"))
    assert wb["表2"]["D19"].value == "——"
