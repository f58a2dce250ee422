"""A template older than the data: the reader told which cells changed after the download.

The lookup stands in for the audit log (the shell's ``kaoping.transfer.stale``): it is
called with the table versions the template records and answers, per cell changed since,
the value at download time and who changed it last.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from python_calamine import CalamineWorkbook
from workbook_helpers import META, NANJING, SURVEY, fill, sample

from kaoping.core.instance import CellKey, SurveyData
from kaoping.core.values import to_text
from kaoping.core.workbook import read_workbook, write_workbook
from kaoping.core.workbook.layout import build_layout
from kaoping.core.workbook.meta import META_SHEET, parse_meta
from kaoping.core.workbook.stale import LaterEdit, LaterEdits

STAMPED = replace(META, downloaded_at="2026-11-20T09:00:00+08:00", table_versions={"T07": 4, "T09": 7})
WHEN = datetime(2026, 11, 21, 10, 30)
CALLS = ("T09", NANJING, "calls")
SYSTEM = "local-320100"  # 南京's 表7 row in the sample


def at(data: SurveyData, key: CellKey) -> tuple[str, int, int]:
    located = build_layout(SURVEY, data, NANJING).locate(key)
    assert located is not None
    sheet, r, c = located
    return sheet.name, r, c


def edits(cells: Mapping[CellKey, str | None], seen: list[Mapping[str, int]]) -> LaterEdits:
    """A lookup answering ``cells`` (cell → value at download), all changed by 南京负责人 at version 8."""

    def since(versions: Mapping[str, int], downloaded: str) -> dict[CellKey, LaterEdit]:
        seen.append(dict(versions))
        return {
            key: LaterEdit(before=before, who="南京负责人", when=WHEN, version=8)
            for key, before in cells.items()
        }

    return since


def test_the_meta_sheet_records_the_download_and_each_filled_table_version() -> None:
    content = write_workbook(SURVEY, sample(), org=NANJING, meta=STAMPED)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(META_SHEET).to_python()
    record = parse_meta(rows)
    assert record.versioned and record.get("downloaded") == "2026-11-20T09:00:00+08:00"
    # 南京's template: 表7 and 表9 as stamped, its other tables never saved (version 0); no 表1
    assert record.table_versions["T07"] == 4 and record.table_versions["T09"] == 7
    assert record.table_versions["T03"] == 0 and "T01" not in record.table_versions
    assert not parse_meta([["format", "kaoping-workbook"]]).versioned


def test_a_conflict_keeps_the_current_value_unless_its_token_is_chosen() -> None:
    downloaded = sample()
    content = fill(
        write_workbook(SURVEY, downloaded, org=NANJING, meta=STAMPED), {at(downloaded, CALLS): 263900}
    )
    now = sample()
    now.values[CALLS] = 270000  # B's edit after the download
    seen: list[Mapping[str, int]] = []
    later = edits({CALLS: str(downloaded.values[CALLS])}, seen)
    kept = read_workbook(content, SURVEY, now, org=NANJING, meta=META, later=later)
    assert seen[0]["T09"] == 7 and kept.versioned
    [conflict] = kept.conflicts  # at 南京's row, the first of its own 表9
    assert (conflict.mine, conflict.current, conflict.cell) == ("263900", "270000", "表9!H6")
    assert conflict.token == f"T09|{NANJING}|calls|8" and not conflict.overwritten
    assert kept.changes == {} and kept.data is not None and kept.data.values[CALLS] == 270000
    assert conflict.finding().rule == "X-CONFLICT" and "南京负责人 于 2026-11-21 10:30" in conflict.message
    chosen = read_workbook(
        content, SURVEY, now, org=NANJING, meta=META, later=later, overwrite={conflict.token}
    )
    assert chosen.changes == {CALLS: "263900"} and chosen.conflicts[0].overwritten
    # a tick given at an earlier version of the cell does not overwrite a newer edit
    earlier = f"T09|{NANJING}|calls|7"
    ticked_earlier = read_workbook(
        content, SURVEY, now, org=NANJING, meta=META, later=later, overwrite={earlier}
    )
    assert ticked_earlier.changes == {}


def test_a_list_row_removed_after_the_download_comes_back_only_when_overwritten() -> None:
    downloaded = sample()
    name = ("T07", SYSTEM, "name")
    template = write_workbook(SURVEY, downloaded, org=NANJING, meta=STAMPED)
    now = sample()  # B removed the row: its list entry and its values are gone
    now.list_rows = [r for r in now.list_rows if r.key != SYSTEM]
    row_values = {k: v for k, v in now.values.items() if k[1] == SYSTEM}
    for key in row_values:
        del now.values[key]
    # the audit log holds each removed value's storage text as the old value
    removed = edits({k: to_text(SURVEY.table("T07").column(k[2]), v) for k, v in row_values.items()}, [])

    untouched = read_workbook(template, SURVEY, now, org=NANJING, meta=META, later=removed)
    assert untouched.new_rows == [] and untouched.changes == {} and untouched.superseded == len(row_values)

    renamed = fill(template, {at(downloaded, name): "南京市就业服务系统"})
    kept = read_workbook(renamed, SURVEY, now, org=NANJING, meta=META, later=removed)
    assert kept.new_rows == [] and kept.changes == {} and [c.key for c in kept.conflicts] == [name]
    back = read_workbook(renamed, SURVEY, now, org=NANJING, meta=META, later=removed, overwrite=True)
    assert [r.key for r in back.new_rows] == [SYSTEM]
    assert back.changes[name] == "南京市就业服务系统" and len(back.changes) == len(row_values)


def test_a_template_without_versions_is_read_as_before() -> None:
    downloaded = sample()
    content = fill(
        write_workbook(SURVEY, downloaded, org=NANJING, meta=META), {at(downloaded, CALLS): 263900}
    )
    now = sample()
    now.values[CALLS] = 270000
    seen: list[Mapping[str, int]] = []
    result = read_workbook(content, SURVEY, now, org=NANJING, meta=META, later=edits({CALLS: "1"}, seen))
    assert seen == [] and not result.versioned and result.changes == {CALLS: "263900"}
