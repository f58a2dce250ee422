"""表1's plan indicators for a campaign, recomputed from the stored values on every request.

The arithmetic is the core's (``kaoping.core.indicators.evaluate``); this module fetches the
campaign's data, checks that the organisation asked about is the province that fills 表1,
and shapes the results for the page: one line per 表1 row with both dates side by side, and
for every derived value its working (formula, inputs, per-city lines) with links to the
cells the numbers came from on the table entry page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar

from django.http import Http404
from django.urls import reverse

from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import Campaign
from kaoping.collection.services import load_survey_data
from kaoping.core.definitions.model import Column, Survey
from kaoping.core.indicators.completeness import ownership
from kaoping.core.indicators.evaluate import CityLine, IndicatorResult, compute_indicators
from kaoping.core.indicators.model import Formula, Input, Source
from kaoping.core.instance import PROVINCE_ROW, SurveyData, Value

NOT_PROVINCE = "表1 规划指标由省级单位测算和填报；请按省级单位查看"
DATE_LABELS = {"2015-06": "2015年6月", "2015-12": "2015年底"}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def require_province(campaign: Campaign, org_code: str) -> None:
    """表1 belongs to the campaign's province; a city has no indicators of its own."""
    if org_code != campaign.org_id:
        raise Http404(NOT_PROVINCE)


def compute(campaign: Campaign, data: SurveyData | None = None) -> tuple[Survey, list[IndicatorResult]]:
    """Every indicator at every date, from the values stored now (no cache, no batch job).

    Who owns which inputs — the units filling each table, and who has filled theirs — is
    read off the same values (docs/spec.md §6.4, §8.7) and passed to the core."""
    survey = survey_for(campaign)
    data = data if data is not None else load_survey_data(campaign)
    return survey, compute_indicators(survey, data, owners=ownership(survey, data))


def indicators_json(campaign: Campaign, detail: bool = False) -> list[dict[str, object]]:
    """The list of docs/spec.md §10.8; ``detail`` adds formula, inputs with sources and per-city lines."""
    _survey, results = compute(campaign)
    return [r.as_detail_json() if detail else r.as_json() for r in results]


def cell_link(campaign: Campaign, source: Source, row: str | None = None, column: str | None = None) -> str:
    """The province's table entry page, at the cell when one is named.

    The grid gives every input or read-only cell a message box ``m__<row>__<column>`` and
    every computed (total) cell ``c__<row>__<column>``: the fragment scrolls to it.
    """
    kwargs = {"campaign": campaign.pk, "org": campaign.org_id, "table": source.table}
    url = reverse("web:table", kwargs=kwargs)
    row = row or source.row
    column = column or source.column
    if row is None or column is None:
        return url
    prefix = "c" if row == "total" else "m"
    return f"{url}#{prefix}__{row}__{column}"


def unit_link(campaign: Campaign, code: str) -> str:
    """A unit's survey overview (省本级: the province's own)."""
    org = campaign.org_id if code == PROVINCE_ROW else code
    return reverse("web:overview", kwargs={"campaign": campaign.pk, "org": org})


@dataclass(frozen=True)
class InputLine:
    label: str
    value: str  # as people read it; "（未填报）" when blank
    blank: bool
    link: str
    source: str  # "表14 地市总数 数量"


@dataclass(frozen=True)
class CityCell:
    name: str
    reported: bool
    shown: str  # 是 / 否 for a count, the number for a sum, "未填报"
    counts: bool | None
    link: str


@dataclass(frozen=True)
class CityInput:
    label: str
    kind: str  # count | sum
    cities: list[CityCell]


@dataclass(frozen=True)
class MissingUnit:
    name: str
    link: str  # the unit's survey overview


@dataclass
class Working:
    """How one derived value came about: the anchor, formula, inputs and city lines."""

    anchor: str
    result: IndicatorResult
    date_label: str
    inputs: list[InputLine] = field(default_factory=list)
    city_inputs: list[CityInput] = field(default_factory=list)
    missing_units: list[MissingUnit] = field(default_factory=list)


@dataclass(frozen=True)
class DateCell:
    result: IndicatorResult
    anchor: str | None  # the working's anchor, when derivable

    @property
    def state(self) -> str:
        """CSS class of the 达标 cell: met, binding failure (red), expected failure (amber)."""
        if self.result.derivable and not self.result.complete:
            return "incomplete"
        if self.result.met is None:
            return "unknown"
        if self.result.met:
            return "met"
        return "error" if self.result.binding else "warning"


@dataclass(frozen=True)
class IndicatorLine:
    number: str
    number_span: int  # 0 when merged into the row above (表1 prints 1, 3, 8, 10, 11 once)
    label: str
    sub_label: str | None
    target: str
    attribute: str
    binding: bool
    dates: list[DateCell]


@dataclass
class IndicatorPage:
    lines: list[IndicatorLine]
    workings: list[Working]
    dates: list[tuple[str, str]]  # (date, label)
    counts: dict[str, int]


def page(campaign: Campaign, data: SurveyData | None = None) -> IndicatorPage:
    survey, results = compute(campaign, data)
    spec = survey.indicators
    dates = list(spec.dates) if spec else []
    indicators = {i.key: i for i in spec.indicators} if spec else {}
    by_key: dict[str, list[IndicatorResult]] = {}
    for r in results:
        by_key.setdefault(r.indicator, []).append(r)
    lines: list[IndicatorLine] = []
    workings: list[Working] = []
    for key, rs in by_key.items():
        indicator = indicators[key]
        cells = []
        for r in rs:
            anchor = f"w-{key}-{r.date}" if r.derivable else None
            cells.append(DateCell(r, anchor))
            if anchor:
                workings.append(_working(campaign, survey, r, anchor))
        first = rs[0]
        lines.append(
            IndicatorLine(
                number=first.number,
                number_span=1,
                label=indicator.label,
                sub_label=indicator.sub_label,
                target=first.target.text,
                attribute=first.attribute,
                binding=first.binding,
                dates=cells,
            )
        )
    merge_numbers(lines)
    counts = {
        "derived": sum(1 for r in results if r.derived is not None),
        "incomplete": sum(1 for r in results if r.derivable and not r.complete),
        "differs": sum(1 for r in results if r.differs),
        "errors": sum(1 for r in results if r.severity == "error"),
        "warnings": sum(1 for r in results if r.severity == "warning"),
    }
    return IndicatorPage(lines, workings, [(d, DATE_LABELS.get(d, d)) for d in dates], counts)


class Numbered(Protocol):
    @property
    def number(self) -> str: ...

    @property
    def number_span(self) -> int: ...


N = TypeVar("N", bound=Numbered)


def merge_numbers(lines: list[N]) -> None:
    """表1 prints a 序号 and its label once over its sub-rows: count the span on the first
    (``lines``: dataclasses with ``number`` and ``number_span``)."""
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and lines[j].number == lines[i].number:
            j += 1
        if j - i > 1:
            lines[i] = _with_span(lines[i], j - i)
            for k in range(i + 1, j):
                lines[k] = _with_span(lines[k], 0)
        i = j


def _with_span(line: N, span: int) -> N:
    return replace(line, number_span=span)  # type: ignore[type-var]  # N is always a dataclass


def _working(campaign: Campaign, survey: Survey, r: IndicatorResult, anchor: str) -> Working:
    work = Working(anchor=anchor, result=r, date_label=DATE_LABELS.get(r.date, r.date))
    work.missing_units = [MissingUnit(u.name, unit_link(campaign, u.code)) for u in r.done.missing]
    for i in r.inputs:
        work.inputs.append(
            InputLine(
                label=i.label,
                value=_show(i.value, _column(survey, i.source)),
                blank=i.value is None,
                link=cell_link(campaign, i.source),
                source=_source_text(survey, i.source),
            )
        )
    formula = next((f for f in _formulas(survey, r.indicator) if r.date in f.dates), None)
    specs = {i.key: i for i in formula.inputs} if formula else {}
    grouped: dict[str, list[CityLine]] = {}
    for line in r.cities:
        grouped.setdefault(line.input, []).append(line)
    for key, lines in grouped.items():
        spec = specs.get(key)
        label = spec.label if spec else key
        is_count = bool(spec and spec.where)
        column = (spec.column if spec else None) or (_first_column(survey, spec) if spec else None)
        table = spec.table if spec and spec.table else (spec.source.table if spec else "")
        cities = []
        for c in lines:
            if not c.reported:
                shown = "未填报"
            elif is_count:
                shown = "计入" if c.counted else "不计入"
            else:
                shown = _show(c.value)
            link = cell_link(campaign, Source(table), c.code, column) if table else ""
            cities.append(CityCell(c.name, c.reported, shown, c.counted if is_count else None, link))
        work.city_inputs.append(CityInput(label, "count" if is_count else "sum", cities))
    return work


def _formulas(survey: Survey, key: str) -> tuple[Formula, ...]:
    spec = survey.indicators
    if spec is None:
        return ()
    return next((i.formulas for i in spec.indicators if i.key == key), ())


def _first_column(survey: Survey, spec: Input) -> str | None:
    """The first column a ``where`` condition names: the cell a city line links to."""
    if not spec.where or not spec.table:
        return None
    columns = {c.key for c in survey.table(spec.table).columns}
    return next((name for name in _IDENT.findall(spec.where) if name in columns), None)


def _source_text(survey: Survey, source: Source) -> str:
    table = survey.table(source.table)
    parts = [table.label]
    if source.row is not None:
        row = next((r for s in table.sections for r in s.fixed_rows if r.key == source.row), None)
        if row is not None:
            parts.append(row.label)
        elif source.row == "total":
            parts.append("合计")
        # else a form section: its one row needs no label beside the column's
    if source.column is not None:
        column = next((c for c in table.columns if c.key == source.column), None)
        parts.append(column.label if column is not None else source.column)
    return " ".join(parts)


def _column(survey: Survey, source: Source) -> Column | None:
    if source.column is None:
        return None
    return next((c for c in survey.table(source.table).columns if c.key == source.column), None)


def _show(value: Value, column: Column | None = None) -> str:
    """A value as people read it: 是/否, a code with its meaning (a. 已建), a number."""
    if value is None:
        return "（未填报）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if column is not None and column.codes and isinstance(value, str):
        code = column.code(value)
        if code is not None:
            return f"{code.code}. {code.label}"
    return str(value)
