"""自定义汇总 (docs/spec.md §13.5): the grid worked out by hand."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kaoping.core.adhoc.grid import AdhocError, Pick, read_spec
from kaoping.core.adhoc.summarise import summarise
from kaoping.core.adhoc.units import AdhocColumn, Unit, city_columns, city_values
from kaoping.core.adhoc.workbook import grid_workbook
from kaoping.core.definitions.loader import load_survey
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org

ROOT = Path(__file__).resolve().parents[2]

COLUMNS = [AdhocColumn("main.calls", "来电总量", "number"), AdhocColumn("main.open", "是否开通", "yes")]
UNITS = [
    Unit("320100", "南京市", {"main.calls": "100", "main.open": True}, {"population": Decimal(800)}),
    Unit("320200", "无锡市", {"main.calls": "50", "main.open": False}, {"population": Decimal(500)}),
    Unit("320300", "徐州市", {"main.calls": None, "main.open": True}, {"population": Decimal(900)}),
    Unit("320400", "常州市", {"main.calls": "30"}, {}),
]


def grid(**query: object):  # type: ignore[no-untyped-def]
    raw = {k: v if isinstance(v, list) else [str(v)] for k, v in query.items()}
    return summarise(COLUMNS, UNITS, read_spec(raw, "T09", COLUMNS))


def test_ratios_and_totals_by_hand() -> None:
    found = grid(c=["main.calls", "main.calls/population", "main.calls/share", "main.open"])
    by_city = {r.name: r.cells for r in found.rows}
    # 100 / 800 万人 = 0.125 → 0.13 (half up); 50/500 = 0.10; 徐州 blank; 常州 has no figure
    assert by_city["南京市"] == (Decimal(100), Decimal("0.13"), Decimal("55.56"), True)
    assert by_city["无锡市"] == (Decimal(50), Decimal("0.10"), Decimal("27.78"), False)
    assert by_city["徐州市"] == (None, None, None, True)
    assert by_city["常州市"] == (Decimal(30), None, Decimal("16.67"), None)
    # totals over the rows: 180; (100+50)/(800+500) = 0.1154 (常州 lacks the figure); 100 %; 2 是
    assert found.totals == (Decimal(180), Decimal("0.12"), Decimal("100.00"), Decimal(2))
    assert [c.label for c in found.columns][1] == "来电总量（每万常住人口）"


def test_sort_blank_last_filter_and_name() -> None:
    found = grid(c=["main.calls", "main.calls/share"], sort="main.calls", desc="1")
    assert [r.name for r in found.rows] == ["南京市", "无锡市", "常州市", "徐州市"]
    ascending = grid(c=["main.calls"], sort="main.calls")
    assert [r.name for r in ascending.rows] == ["常州市", "无锡市", "南京市", "徐州市"]
    kept = grid(c=["main.calls", "main.calls/share", "main.open"], f="main.calls", op="ge", v="40")
    assert [r.name for r in kept.rows] == ["南京市", "无锡市"]
    # a share keeps its denominator (all units: 180); the total is the rows shown: 150/180
    assert kept.totals == (Decimal(150), Decimal("83.33"), Decimal(1))
    assert (kept.units, len(kept.rows)) == (4, 2)
    named = grid(c=["main.calls"], q="州")
    assert [r.name for r in named.rows] == ["徐州市", "常州市"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"c": ["nope"]}, "不属于该表"),
        ({"c": ["main.open/population"]}, "不能计算比例"),
        ({"c": ["main.calls/per-bogus"]}, "比例不存在"),
        ({"c": ["main.calls"], "sort": ["main.open"]}, "已选栏目"),
        ({"c": ["main.calls"], "f": ["main.calls"], "v": ["1e999"]}, "合理的数字"),
        ({"c": ["main.calls"], "f": ["main.calls"], "v": ["abc"]}, "不是数字"),
        ({"c": ["main.calls"], "op": ["eq"]}, "不小于"),
    ],
)
def test_refusals_in_words(query: dict[str, list[str]], says: str) -> None:
    with pytest.raises(AdhocError, match=says):
        read_spec(query, "T09", COLUMNS)


def test_spec_round_trips_through_the_query() -> None:
    raw = {"c": ["main.calls", "main.calls/share"], "sort": ["main.calls/share"], "desc": ["1"], "q": ["州"]}
    spec = read_spec(raw, "T09", COLUMNS)
    assert spec.sort == Pick("main.calls", "share")
    assert read_spec(spec.as_query(), "T09", COLUMNS) == spec


def test_city_columns_of_the_survey() -> None:
    survey = load_survey(ROOT / "definitions" / "survey-2015" / "v1")
    t09 = survey.table("T09")
    keys = [c.key for c in city_columns(t09)]
    assert keys and all("." in k for k in keys)
    assert city_columns(survey.table("T01")) == []  # the province's own table: nothing per city
    city = Org("320100", "南京市", "city", "320000")
    data = SurveyData(province=Org("320000", "江苏省", "province", None), cities=[city])
    column = next(c for c in city_columns(t09) if c.kind == "number")
    key = column.key.split(".")[1]
    data.values[("T09", "320100", key)] = 7
    assert city_values(t09, data, data.values, "320100")[column.key] == "7"


def test_workbook_writes_numbers() -> None:
    found = grid(c=["main.calls", "main.open"])
    book = load_workbook(io.BytesIO(grid_workbook("标题", ["行"], "地市", found)))
    sheet = book.active
    assert sheet.cell(4, 2).value == "地市"
    assert sheet.cell(5, 3).value == 100 and sheet.cell(5, 4).value == "是"
    assert sheet.cell(9, 2).value == "合计（所列单位）" and sheet.cell(9, 3).value == 180
