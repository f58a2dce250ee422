"""The numbers behind the province's dashboard charts, each with the table shown under it.

Four charts: submission progress per table (units reported of units summed, from the
consolidation status), plan-indicator attainment against the targets, per-city ratios on
the base figures (card holders per 100 residents, 12333 answer rate, kiosks per 10,000
residents, IT funding per resident) and 表1's reported June value beside the year-end
forecast. Everything is computed from the stored values on each request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Protocol

from kaoping.collection.campaigns import base_figures
from kaoping.collection.models import Campaign
from kaoping.core.consolidation import consolidation_statuses
from kaoping.core.definitions.model import Survey
from kaoping.core.indicators.completeness import ownership
from kaoping.core.indicators.evaluate import IndicatorResult, compute_indicators
from kaoping.core.instance import SurveyData, Value

Number = Decimal | None


@dataclass
class Chart:
    """One chart: categories on one axis, one or more series, and the same as a table."""

    key: str
    title: str
    unit: str
    categories: list[str]
    series: list[tuple[str, list[Number]]]
    note: str = ""
    columns: list[str] = field(default_factory=list)  # the table under the chart
    rows: list[list[str]] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)  # per category: met | error | warning | ""

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "title": self.title,
            "unit": self.unit,
            "categories": self.categories,
            "series": [{"name": n, "data": [_float(v) for v in data]} for n, data in self.series],
            "marks": self.marks,
        }


def _float(value: Number) -> float | None:
    return None if value is None else float(value)


def _round(value: Number, places: int = 2) -> Number:
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _text(value: Number) -> str:
    return "—" if value is None else str(value)


def _decimal(value: Value) -> Number:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def ratio(numerator: Number, denominator: Number, scale: Decimal = Decimal(1), places: int = 2) -> Number:
    """numerator × scale ÷ denominator, rounded half up; blank when either is blank or 0 divides."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return _round(numerator * scale / denominator, places)


def progress_chart(survey: Survey, data: SurveyData) -> Chart:
    statuses = consolidation_statuses(survey, data)
    series: list[tuple[str, list[Number]]] = [("已填报", []), ("汇总单位数", [])]
    chart = Chart("progress", "报送进度：各表已填报单位数", "个单位", [], series)
    chart.columns = ["表", "汇总单位数", "已填报", "未填报单位"]
    for s in statuses:
        table = survey.table(s.table)
        chart.categories.append(table.label)
        chart.series[0][1].append(Decimal(s.reported))
        chart.series[1][1].append(Decimal(s.units))
        missing = "、".join(u.name for u in s.missing_units) or "—"
        chart.rows.append([f"{table.label} {table.title}", str(s.units), str(s.reported), missing])
    return chart


class Labelled(Protocol):
    @property
    def number(self) -> str: ...

    @property
    def label(self) -> str: ...


def short_label(r: Labelled, width: int = 12) -> str:
    """序号 and the sub-label (or the label without its unit), cut to fit a chart's axis."""
    name = r.label.split("：")[-1] if "：" in r.label else r.label.replace("（%）", "")
    return f"{r.number} {name[:width]}{'…' if len(name) > width else ''}"


def _judged(results: list[IndicatorResult]) -> IndicatorResult | None:
    """The latest date with a judgement (year-end first, then June)."""
    judged = [r for r in results if r.met is not None]
    return judged[-1] if judged else None


DATE_SHORT = {"2015-06": "6月", "2015-12": "年底"}


def _incomplete_row(results: list[IndicatorResult]) -> list[str] | None:
    """An indicator nothing could judge because its data is incomplete: a table row saying so."""
    r = next((r for r in reversed(results) if r.derivable and not r.complete), None)
    if r is None:
        return None
    partial = f"按已填报单位 {r.partial}" if r.partial is not None else "—"
    done = f"数据不全（已填报 {r.done.units_reported}/{r.done.units_expected} 个单位）"
    return [r.number, r.label, r.date, r.target.text, r.attribute, partial, _text(r.reported), "—", done]


def attainment_chart(results: list[IndicatorResult]) -> Chart:
    """Each judged indicator's value as a percentage of its target (100 = exactly on target).

    Indicators are judged at different dates (表3 at 2015-06, 表5 at year end): each bar's
    label names its date, and the note says so (docs/spec.md §6.4). An indicator whose data
    is incomplete is never a bar; the table lists it as 数据不全."""
    chart = Chart("attainment", "规划指标完成度（实际值 ÷ 目标值 × 100）", "%", [], [("完成度", [])])
    chart.note = (
        "各指标取能判断的最近时点，时点（6月或年底）注在指标名后；以推算值为准，无推算值时取填报值；"
        "数据不全的指标不作判断，只列在下表；红色为未达标的约束性指标，橙色为未达标的预期性指标"
    )
    chart.columns = ["序号", "指标", "时点", "规划目标", "属性", "推算值", "填报值", "完成度（%）", "达标"]
    by_key: dict[str, list[IndicatorResult]] = {}
    for r in results:
        by_key.setdefault(r.indicator, []).append(r)
    for rs in by_key.values():
        judged = _judged(rs)
        if judged is None:
            row = _incomplete_row(rs)
            if row is not None:
                chart.rows.append(row)
            continue
        r = judged
        value = r.derived if r.derived is not None else r.reported
        share = ratio(value, r.target.value, Decimal(100), 1) if r.target.value else None
        chart.categories.append(f"{short_label(r)}（{DATE_SHORT.get(r.date, r.date)}）")
        chart.series[0][1].append(share)
        chart.marks.append("met" if r.met else ("error" if r.binding else "warning"))
        chart.rows.append(
            [
                r.number,
                r.label,
                r.date,
                r.target.text,
                r.attribute,
                _text(r.derived),
                _text(r.reported),
                _text(share),
                "达标" if r.met else "未达标",
            ]
        )
    return chart


@dataclass(frozen=True)
class CityRatio:
    key: str
    title: str
    unit: str
    compute: Callable[[SurveyData, str, dict[str, Decimal]], Number]
    formula: str


def _cell(data: SurveyData, table: str, row: str, column: str) -> Number:
    return _decimal(data.values.get((table, row, column)))


CITY_RATIOS = (
    CityRatio(
        "cards",
        "每百名常住人口持卡人数",
        "张/百人",
        lambda d, c, f: ratio(_cell(d, "T05", c, "holders"), f.get("population"), Decimal(100)),
        "表5 持卡人数（万人）÷ 常住人口（万人）× 100",
    ),
    CityRatio(
        "answer_rate",
        "12333 人工接听率",
        "%",
        lambda d, c, f: ratio(_cell(d, "T09", c, "answered"), _cell(d, "T09", c, "calls"), Decimal(100)),
        "表9 人工接听量 ÷ 来电总量 × 100",
    ),
    CityRatio(
        "kiosks",
        "每万名常住人口自助服务终端数",
        "台/万人",
        lambda d, c, f: ratio(_cell(d, "T10", c, "deployed"), f.get("population")),
        "表10 已部署数量（台）÷ 常住人口（万人）",
    ),
    CityRatio(
        "funding",
        "人均信息化资金投入",
        "元/人",
        lambda d, c, f: ratio(_cell(d, "T13", c, "funds"), f.get("population")),
        "表13 投入总额（万元）÷ 常住人口（万人）",
    ),
)


def city_charts(data: SurveyData, figures: dict[str, dict[str, Decimal]]) -> list[Chart]:
    out = []
    for spec in CITY_RATIOS:
        chart = Chart(f"city_{spec.key}", f"各地市{spec.title}", spec.unit, [], [(spec.title, [])])
        chart.note = spec.formula
        chart.columns = ["地市", f"{spec.title}（{spec.unit}）"]
        for city in data.cities:
            value = spec.compute(data, city.code, figures.get(city.code, {}))
            chart.categories.append(city.name)
            chart.series[0][1].append(value)
            chart.rows.append([city.name, _text(value)])
        out.append(chart)
    return out


def june_vs_year_end_chart(results: list[IndicatorResult]) -> Chart:
    """表1's reported values at 2015-06 beside the 2015 year-end forecast (percent rows)."""
    series: list[tuple[str, list[Number]]] = [("2015年6月", []), ("2015年底", [])]
    chart = Chart("june_dec", "表1 填报值：2015年6月与2015年底预计", "%", [], series)
    chart.note = "仅含以百分比计的指标；持卡人数（亿人）见下表"
    chart.columns = ["序号", "指标", "2015年6月", "2015年底", "单位"]
    pairs: dict[str, dict[str, IndicatorResult]] = {}
    for r in results:
        pairs.setdefault(r.indicator, {})[r.date] = r
    for dates in pairs.values():
        jun, dec = dates.get("2015-06"), dates.get("2015-12")
        first = jun or dec
        if first is None:
            continue
        jun_value, dec_value = (jun.reported if jun else None), (dec.reported if dec else None)
        chart.rows.append([first.number, first.label, _text(jun_value), _text(dec_value), first.unit])
        if first.unit == "%" and (jun_value is not None or dec_value is not None):
            chart.categories.append(short_label(first))
            chart.series[0][1].append(jun_value)
            chart.series[1][1].append(dec_value)
    return chart


def charts(campaign: Campaign, survey: Survey, data: SurveyData) -> list[Chart]:
    results = compute_indicators(survey, data, owners=ownership(survey, data))
    return [
        progress_chart(survey, data),
        attainment_chart(results),
        *city_charts(data, base_figures(campaign)),
        june_vs_year_end_chart(results),
    ]
