"""A template carries only what its organisation may read, and each unit's list rows are
capped per block: a city's workbook (its ``_meta`` sheet included) names no other unit's row
key, system name or organisation; a ``_meta`` sheet edited to claim another unit's row gains
nothing; one city at its 表7 cap leaves every other city its blank rows."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import openpyxl
from workbook_helpers import CITIES, META, NANJING, PROVINCE, SURVEY, fill, sample

from kaoping.core.instance import ListRow, SurveyData
from kaoping.core.workbook.layout import build_layout
from kaoping.core.workbook.reader import read_workbook
from kaoping.core.workbook.writer import write_workbook

SUZHOU = "320500"


def all_text(content: bytes) -> str:
    """Every XML part of the workbook (shared strings, sheets, hidden sheets, properties)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def foreign(data: SurveyData, org: str) -> list[str]:
    """Row keys and system names of the list rows that are not ``org``'s, and other cities' names."""
    out: list[str] = []
    for row in data.list_rows:
        if row.org != org:
            out.append(row.key)
            name = data.get(row.table, row.key, "name") or data.get(row.table, row.key, "channel_name")
            if name:
                out.append(str(name))
    return out + [c.name for c in CITIES if c.code != org]


def test_a_city_template_names_nothing_of_another_unit() -> None:
    data = sample()
    for city in (NANJING, SUZHOU):
        text = all_text(write_workbook(SURVEY, data, org=city, meta=META))
        leaked = [t for t in foreign(data, city) if t in text]
        assert leaked == [], city
        assert f"local-{city}" in text  # its own row is there, in the sheet and the mark
    province = all_text(write_workbook(SURVEY, data, org=None, meta=META))
    assert all(t in province for t in foreign(data, NANJING) if t.startswith("local-"))


def test_the_mark_of_a_city_lists_only_its_own_block() -> None:
    data = sample()
    layout = build_layout(SURVEY, data, NANJING)
    assert layout.list_keys == {("T07", "systems", NANJING): [f"local-{NANJING}"]}


def test_a_mark_claiming_another_units_row_gains_nothing() -> None:
    data = sample()
    claimed = {("T07", "systems", NANJING): [f"local-{NANJING}", f"local-{SUZHOU}"]}
    layout = build_layout(SURVEY, data, NANJING, list_keys=claimed)
    assert layout.list_keys[("T07", "systems", NANJING)] == [f"local-{NANJING}"]
    assert all(f"local-{SUZHOU}" != s.key[1] for sheet in layout.sheets for s in sheet.slots.values())
    # the same through a file: the edited mark reads as the untouched one, 苏州's row stays as it is
    content = fill(write_workbook(SURVEY, data, org=NANJING, meta=META), {})
    book = openpyxl.load_workbook(io.BytesIO(content))
    book["_meta"].append(["list", "T07", "systems", NANJING, f"local-{SUZHOU}"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_workbook(buffer.getvalue(), SURVEY, data, org=NANJING, meta=META)
    assert result.refused is None
    assert not [k for k in result.changes if k[1] == f"local-{SUZHOU}"]
    assert "苏州" not in " ".join(f.message + (f.row_label or "") for f in result.findings)


def at_cap(data: SurveyData, org: str, cap: int) -> SurveyData:
    rows = [
        ListRow(key=f"k{org}-{i}", table="T07", section="systems", org=org, position=i) for i in range(cap)
    ]
    return replace(data, list_rows=[*data.list_rows, *rows])


def blank_rows(data: SurveyData, org: str) -> int:
    layout = build_layout(SURVEY, data, org)
    sheet = layout.sheet("表7")
    assert sheet is not None
    return sum(1 for part in sheet.sections for row in part.rows if row.spare)


def test_one_city_at_its_cap_leaves_the_others_their_blank_rows() -> None:
    cap = SURVEY.table("T07").section("systems").max_rows
    assert cap == 200
    full = at_cap(sample(), NANJING, cap)  # 南京: 1 + 200 rows, over its cap
    assert blank_rows(full, NANJING) == 0
    assert blank_rows(full, SUZHOU) == blank_rows(sample(), SUZHOU) > 0
    # the province's template shows every block: 13 cities and 省本级 with 5 blank rows each, 南京 none
    assert blank_rows(sample(), PROVINCE.code) == 14 * 5
    assert blank_rows(full, PROVINCE.code) == 13 * 5
    near = at_cap(sample(), NANJING, cap - 3)  # 1 + 197: room for 2 more
    assert blank_rows(near, NANJING) == 2
