"""Files the import refuses before reading, each with a reason a person understands, and
nothing returned as changes."""

from __future__ import annotations

import io
import zipfile

import pytest
from workbook_helpers import CITIES, META, NANJING, PROVINCE, SURVEY, empty, fill, template

from kaoping.core.instance import SurveyData
from kaoping.core.workbook.meta import WorkbookMeta
from kaoping.core.workbook.reader import ImportResult, read_workbook
from kaoping.core.workbook.safety import OLE_MAGIC, Limits
from workbook_hostile import declared_size, zipped

MIN_PARTS = {
    "[Content_Types].xml": b"<Types/>",
    "xl/workbook.xml": b"<workbook/>",
}


def refused(content: bytes, limits: Limits | None = None, org: str | None = None) -> str:
    result = read_workbook(content, SURVEY, empty(), org=org, meta=META, limits=limits)
    assert isinstance(result, ImportResult)
    assert result.changes == {} and result.data is None and result.findings == []
    assert result.refused is not None
    return result.refused


def test_a_text_file_is_not_a_workbook() -> None:
    assert refused("地市,数值\n南京,1\n".encode()) == "不是 Excel 工作簿（.xlsx）文件"


def test_an_encrypted_workbook_is_refused_as_encrypted() -> None:
    ole = OLE_MAGIC + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100
    assert "已加密" in refused(ole)


def test_a_legacy_xls_is_refused_with_what_to_do() -> None:
    assert "另存为 .xlsx" in refused(OLE_MAGIC + b"\x00" * 500)


def test_a_file_over_the_size_limit_is_refused() -> None:
    content, _ = template(empty(), None)
    reason = refused(content, Limits(max_bytes=10 * 1024))
    assert reason == f"文件大小 {round(len(content) / 1024)} KB 超过上限 10 KB"


def test_the_default_limit_is_ten_megabytes() -> None:
    assert Limits().max_bytes == 10 * 1024 * 1024


def test_a_zip_bomb_is_refused_from_its_declared_ratio() -> None:
    # 3 MB of one byte deflates to a few kB: a ratio no real workbook has
    bomb = zipped({**MIN_PARTS, "xl/worksheets/sheet1.xml": b"<" + b" " * (3 * 1024 * 1024)})
    assert "压缩炸弹" in refused(bomb)


def test_a_part_declaring_a_huge_size_is_refused() -> None:
    bomb = zipped({**MIN_PARTS, "xl/worksheets/sheet1.xml": b"x" * 5000})
    assert "压缩炸弹" in refused(bomb, Limits(max_entry_bytes=4000))


def test_a_zip_lying_about_its_sizes_is_refused() -> None:
    content, _ = template(empty(), None)
    # claim 100 bytes for 表4's part (~17 KB), in the local header and the directory
    lying = declared_size(content, "xl/worksheets/sheet4.xml", 100)
    reason = refused(lying)
    assert "损坏" in reason or "不符" in reason


def test_too_many_parts_are_refused() -> None:
    crowd = zipped({**MIN_PARTS, **{f"xl/media/{i}.xml": b"<a/>" for i in range(600)}})
    assert "600" in refused(crowd) or "602" in refused(crowd)


def test_a_zip_without_a_workbook_is_refused() -> None:
    assert "缺少工作簿结构" in refused(zipped({"readme.txt": b"hello"}))


def test_a_sheet_declaring_a_huge_range_is_refused() -> None:
    content, _ = template(empty(), None)
    source = zipfile.ZipFile(io.BytesIO(content))
    parts = {i.filename: source.read(i) for i in source.infolist()}
    sheet = parts["xl/worksheets/sheet4.xml"]  # 表4
    start = sheet.index(b'<dimension ref="') + len(b'<dimension ref="')
    end = sheet.index(b'"', start)
    parts["xl/worksheets/sheet4.xml"] = sheet[:start] + b"A1:XFD1048576" + sheet[end:]
    reason = refused(zipped(parts))
    assert reason.startswith("工作表“表4”声明的范围 A1:XFD1048576，超出模板的范围")


def test_a_template_of_another_campaign_is_refused() -> None:
    content, _ = template(empty(), None)
    other = WorkbookMeta(campaign="demo-2015")
    result = read_workbook(content, SURVEY, empty(), org=None, meta=other)
    assert result.refused == "模板属于任务“test-2015”，不是本次任务“demo-2015”"
    assert result.changes == {}


def test_a_template_of_another_organisation_is_refused() -> None:
    content, _ = template(empty(), "320200")
    reason = refused(content, org=NANJING)
    assert reason == "模板属于组织“320200 无锡市”，不是“320100 南京市”：请上传本单位的模板"


def test_a_template_of_another_definition_version_is_refused() -> None:
    content, _ = template(empty(), None)
    # _meta row 4 is "version | 1"
    older = fill(content, {("_meta", 3, 1): "2"})
    assert refused(older) == "模板的定义版本为 survey-2015@2，本次任务使用 survey-2015@1：请重新下载模板"


def test_a_workbook_without_the_template_mark_is_refused() -> None:
    import openpyxl

    content, _ = template(empty(), None)
    book = openpyxl.load_workbook(io.BytesIO(content))
    del book["_meta"]
    out = io.BytesIO()
    book.save(out)
    assert "_meta" in refused(out.getvalue())


def test_a_template_made_for_another_structure_is_refused() -> None:
    content, _ = template(empty(), None)
    fewer = SurveyData(province=PROVINCE, cities=list(CITIES)[:12])
    result = read_workbook(content, SURVEY, fewer, org=None, meta=META)
    assert result.refused is not None and "结构" in result.refused


@pytest.mark.parametrize("cut", [10, 1000, -200])
def test_a_truncated_file_is_refused(cut: int) -> None:
    content, _ = template(empty(), None)
    assert refused(content[:cut])
