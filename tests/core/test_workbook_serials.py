"""序号 in a city's template as on paper and on the entry page (issue 12): 南京市 is 2 in
表8 part 2 and 表9–11, after 省本级; 1 in 表3, 表5, 表12 and 表13, where the cities come
first. A city template written before (its own row numbered 1) still imports."""

from __future__ import annotations

import io

import openpyxl
from workbook_helpers import META, NANJING, SURVEY, fill, sample, template

from kaoping.core.workbook.layout import build_layout
from kaoping.core.workbook.reader import read_workbook
from kaoping.core.workbook.writer import write_workbook

SUZHOU = "320500"  # the fifth city of the tree: 6 after 省本级


def serial_beside(content: bytes, sheet: str, label: str) -> object:
    ws = openpyxl.load_workbook(io.BytesIO(content))[sheet]
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[1].value == label:
            return row[0].value
    raise AssertionError(f"{label} not on {sheet}")


def test_a_city_row_keeps_its_paper_number_in_its_own_template() -> None:
    content, _ = template(sample(), NANJING)
    # province first on paper: 省本级 1, 南京市 2
    for sheet in ("表8", "表9", "表10", "表11"):
        assert serial_beside(content, sheet, "南京市") == "2", sheet
    # cities first (表3, 5, 12, 13): 南京市 1
    for sheet in ("表3", "表5", "表12", "表13"):
        assert serial_beside(content, sheet, "南京市") == "1", sheet
    suzhou, _ = template(sample(), SUZHOU)
    assert serial_beside(suzhou, "表9", "苏州市") == "6"
    assert serial_beside(suzhou, "表3", "苏州市") == "5"


def test_the_city_template_numbers_rows_as_the_province_template_does() -> None:
    stored = sample()
    province, _ = template(stored, None)
    city, _ = template(stored, NANJING)
    for sheet in ("表3", "表5", "表8", "表9", "表10", "表11", "表12", "表13"):
        assert serial_beside(city, sheet, "南京市") == serial_beside(province, sheet, "南京市"), sheet


def test_a_city_template_downloaded_before_the_change_still_imports() -> None:
    stored = sample()
    old_layout = build_layout(SURVEY, stored, NANJING, paper_serials=False)
    old = write_workbook(SURVEY, stored, org=NANJING, meta=META, layout=old_layout)
    assert serial_beside(old, "表9", "南京市") == "1"
    new_layout = build_layout(SURVEY, stored, NANJING)
    assert old_layout.fingerprint != new_layout.fingerprint
    key = ("T09", NANJING, "calls")
    for content, layout in ((old, old_layout), (template(stored, NANJING)[0], new_layout)):
        located = layout.locate(key)
        assert located is not None
        sheet, r, c = located
        assert (r, c) == new_layout.locate(key)[1:]  # type: ignore[index]  # same cell either way
        filled = fill(content, {(sheet.name, r, c): 263852})
        result = read_workbook(filled, SURVEY, stored, org=NANJING, meta=META)
        assert result.refused is None
        assert result.changes == {key: "263852"}
        assert not [f for f in result.findings if f.rule.startswith("X-")]


def test_an_old_template_with_its_serial_retyped_to_the_new_number_is_a_moved_row() -> None:
    stored = sample()
    old_layout = build_layout(SURVEY, stored, NANJING, paper_serials=False)
    old = write_workbook(SURVEY, stored, org=NANJING, meta=META, layout=old_layout)
    sheet, r, _ = old_layout.locate(("T09", NANJING, "calls"))  # type: ignore[misc]
    result = read_workbook(fill(old, {(sheet.name, r, 0): "2"}), SURVEY, stored, org=NANJING, meta=META)
    assert [f.rule for f in result.findings if f.rule.startswith("X-")] == ["X-ROW"]
