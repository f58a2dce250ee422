"""The ministry's pages shaped from a ``Nation``: the national 表1, the province comparison per
indicator and the national dashboard (docs/spec.md §11.4, §11.5).

Numbers come from the core (``core.national``); this module orders and labels them: 表1's
lines with both dates side by side, the provinces ranked on one indicator with a bar chart
(``dashboard.Chart``, drawn by the dashboards' ECharts script), and the dashboard's charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.urls import reverse

from kaoping.core.national.table1 import REPORTED_HOW, NationalIndicator, ProvinceLine
from kaoping.reports.dashboard import DATE_SHORT, Chart, ratio, short_label
from kaoping.reports.indicators import DATE_LABELS, merge_numbers
from kaoping.reports.nation import Nation


def state(met: bool | None, binding: bool) -> str:
    """CSS class of a 达标 cell: met, a binding failure (red), an expected one (amber)."""
    if met is None:
        return "unknown"
    if met:
        return "met"
    return "error" if binding else "warning"


@dataclass(frozen=True)
class NationalCell:
    result: NationalIndicator
    compare: str  # the province comparison of this indicator and date

    @property
    def state(self) -> str:
        r = self.result
        return "incomplete" if r.met is None and not r.complete else state(r.met, r.binding)

    @property
    def how(self) -> str:
        return REPORTED_HOW.get(self.result.reported_how or "", "")


@dataclass(frozen=True)
class NationalLine:
    number: str
    number_span: int
    label: str
    sub_label: str | None
    target: str
    attribute: str
    dates: list[NationalCell]


def compare_link(nation: Nation, indicator: str, date: str) -> str:
    url = reverse(
        "reports:national_compare", kwargs={"campaign": nation.campaign.pk, "org": nation.campaign.org_id}
    )
    return f"{url}?indicator={indicator}&date={date}"


def table1_lines(nation: Nation) -> list[NationalLine]:
    """表1's rows with the national value at both dates, in 表1's order."""
    spec = nation.survey.indicators
    if spec is None:
        return []
    by_key: dict[str, list[NationalIndicator]] = {}
    for r in nation.indicators:
        by_key.setdefault(r.indicator, []).append(r)
    lines = []
    for indicator in spec.indicators:
        results = by_key.get(indicator.key, [])
        cells = [NationalCell(r, compare_link(nation, r.indicator, r.date)) for r in results]
        lines.append(
            NationalLine(
                indicator.number,
                1,
                indicator.label,
                indicator.sub_label,
                indicator.target.text,
                indicator.attribute,
                cells,
            )
        )
    merge_numbers(lines)
    return lines


@dataclass(frozen=True)
class RankedProvince:
    rank: int | None  # None: no value to rank on
    line: ProvinceLine
    link: str  # the province's survey overview in its own campaign
    state: str


@dataclass
class Comparison:
    result: NationalIndicator
    date_label: str
    ranked: list[RankedProvince]
    chart: Chart


def find(nation: Nation, indicator: str | None, date: str | None) -> NationalIndicator:
    """The indicator and date asked for; the first derivable one when none is named."""
    results = nation.indicators
    if not results:
        raise Http404("本调查没有规划指标")
    if indicator is None:
        return next((r for r in results if r.derivable), results[0])
    found = [r for r in results if r.indicator == indicator and (date is None or r.date == date)]
    if not found:
        raise Http404("没有这个指标或时点")
    return found[0]


def comparison(nation: Nation, indicator: str | None, date: str | None) -> Comparison:
    """The included provinces ranked on one indicator (highest first), with the bar chart."""
    r = find(nation, indicator, date)
    ordered = sorted(r.provinces, key=lambda p: (p.value is None, -(p.value or Decimal(0)), p.province.code))
    ranked, rank = [], 0
    for line in ordered:
        rank += line.value is not None
        child = nation.child(line.province.code)
        link = (
            reverse("web:overview", kwargs={"campaign": child.pk, "org": line.province.code}) if child else ""
        )
        ranked.append(
            RankedProvince(rank if line.value is not None else None, line, link, state(line.met, r.binding))
        )
    title = f"{r.number} {r.label}（{DATE_SHORT.get(r.date, r.date)}）：各省比较"
    chart = Chart("compare", title, r.unit, [], [("本省值", [])])
    chart.note = _chart_note(r) + "；各省数值见下表"
    for item in ranked:
        if item.line.value is None:
            continue
        chart.categories.append(item.line.province.name)
        chart.series[0][1].append(item.line.value)
        chart.marks.append("" if item.state == "unknown" else item.state)
    return Comparison(r, DATE_LABELS.get(r.date, r.date), ranked, chart)


def _chart_note(r: NationalIndicator) -> str:
    if r.scope.value == "national":
        return "全国目标只对全国判断，不对单个省级单位判断；条形不着达标色"
    return "以推算值为准，无推算值时取填报值；红色为未达标的约束性指标，橙色为未达标的预期性指标"


def national_charts(nation: Nation) -> list[Chart]:
    """The national dashboard: coverage, national attainment, card holders by province."""
    return [coverage_chart(nation), attainment_chart(nation), holders_chart(nation)]


def coverage_chart(nation: Nation) -> Chart:
    cover = nation.coverage
    chart = Chart(
        "coverage", "上报情况：已纳入全国汇总的省级单位", "个", ["已上报", "未上报"], [("省级单位数", [])]
    )
    included = len(cover.expected) - len(cover.missing)
    chart.series[0][1].extend([Decimal(included), Decimal(len(cover.missing))])
    chart.note = cover.summary
    chart.columns = ["省级单位", "状态"]
    chart.rows = [[p.name, "已上报" if p.code in cover.included else "未上报"] for p in cover.expected]
    return chart


def attainment_chart(nation: Nation) -> Chart:
    """Each nationally judged indicator's value as a % of its target (100 = on target)."""
    chart = Chart("attainment", "全国规划指标完成度（全国值 ÷ 目标值 × 100）", "%", [], [("完成度", [])])
    chart.note = (
        "以全国推算值为准，无推算值时取各省填报值的汇总；有省级单位未纳入或数据不全时不作判断，"
        "条形为灰色；红色为未达标的约束性指标，橙色为未达标的预期性指标"
    )
    chart.columns = ["序号", "指标", "时点", "规划目标", "全国推算值", "各省填报汇总", "完成度（%）", "达标"]
    for r in nation.indicators:
        value = r.derived if r.derivable else r.reported
        share = ratio(value, r.target.value, Decimal(100), 1) if r.target.value else None
        met = {True: "达标", False: "未达标", None: "暂不判断"}[r.met]
        derived = "不可推算" if not r.derivable else _text(r.derived)
        chart.rows.append(
            [r.number, r.label, r.date, r.target.text, derived, _text(r.reported), _text(share), met]
        )
        if share is not None:
            chart.categories.append(f"{short_label(r, 9)}（{DATE_SHORT.get(r.date, r.date)}）")
            chart.series[0][1].append(share)
            chart.marks.append("none" if r.met is None else state(r.met, r.binding))
    return chart


def holders_chart(nation: Nation) -> Chart:
    """持卡人数 (亿人) per included province, largest first, from 表5 合计."""
    chart = Chart("holders", "各省社会保障卡持卡人数（表5 合计）", "万人", [], [("持卡人数", [])])
    chart.columns = ["省级单位", "持卡人数（万人）"]
    found = []
    for s in nation.summaries:
        raw = s.tables.get("T05", {}).get("main.holders")
        found.append((s.name, Decimal(raw) if isinstance(raw, str) else None))
    for name, value in sorted(found, key=lambda p: (p[1] is None, -(p[1] or 0))):
        chart.categories.append(name)
        chart.series[0][1].append(value)
        chart.rows.append([name, _text(value)])
    return chart


def _text(value: Decimal | None) -> str:
    return "—" if value is None else str(value)
